"""Every ``kultursamverkan`` command in the README runs as written (from a fresh directory)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, re.S)
COMMANDS = [
    line.split("  #")[0].strip()
    for lang, body in BLOCKS
    if lang == "sh"
    for line in body.splitlines()
    if line.startswith("kultursamverkan ")
]


def test_the_readme_has_commands_to_check() -> None:
    assert len(COMMANDS) >= 8


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(command: str, tmp_path: Path) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    words = shlex.split(command.replace(" > ", " >"))
    out = None
    if any(w.startswith(">") for w in words):
        target = next(w for w in words if w.startswith(">"))
        out = tmp_path / (target[1:] or words[words.index(target) + 1])
        words = words[: words.index(target)]
    args = [sys.executable, "-m", "kultursamverkan"]
    for word in words[1:]:  # expand globs as a shell would
        matches = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.glob(word)) if "*" in word else []
        args.extend(matches or [word])
    result = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    if out is not None:
        out.write_text(result.stdout, encoding="utf-8")
        assert out.stat().st_size > 0


def test_the_first_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    code = next(body for lang, body in BLOCKS if lang == "python" and "kultursamverkan.load(" in body)
    exec(compile(code, "README.md", "exec"), {})
