"""The command line: validate, schema, help; problems printed, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kultursamverkan.cli import main

CORPUS = Path(__file__).parent / "invalid"
VALID = "id: s\nname: {sv: Samverkan}\nregion: {id: region-x, name: {sv: Region X}}\nas_of: 2024\n"


def test_validate_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(VALID, encoding="utf-8")
    assert main(["validate", str(good)]) == 0
    assert capsys.readouterr().out == f"{good}: ok\n"


def test_validate_prints_every_problem_and_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(VALID, encoding="utf-8")
    files = [CORPUS / "unknown-key.yaml", good, CORPUS / "binary.yaml", tmp_path / "missing.yaml"]
    assert main(["validate", *map(str, files)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(
        f"{files[0]}: line 9, $.bodies[0].colour: there is no such field; check the spelling and the indentation. "
        "The fields here are: id, name, kind,"
    )
    assert out[1] == f"{good}: ok"
    assert out[2] == f"{files[2]}: $: the file is not saved as UTF-8 (byte 128); save it as UTF-8 in your editor"
    assert out[3].startswith(f"{files[3]}: [Errno 2] No such file or directory")


def test_every_corpus_file_fails_cleanly_from_the_console_script() -> None:
    files = sorted(str(p) for p in CORPUS.iterdir())
    result = subprocess.run(
        [sys.executable, "-m", "kultursamverkan", "validate", *files], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert len(result.stdout.splitlines()) == len(files)


def test_schema_command_prints_the_generated_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from kultursamverkan.schema import json_schema

    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema()


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "validate" in out
    assert "schema" in out
