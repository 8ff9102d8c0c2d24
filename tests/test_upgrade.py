"""Format-1 files (copies of the five examples as they were) load, upgrade losslessly and are written anew."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kultursamverkan
from kultursamverkan import converter, io
from kultursamverkan.cli import main
from kultursamverkan.upgrade import needs_upgrade, upgrade

FORMAT1 = Path(__file__).parent / "data" / "format1"
FILES = sorted(FORMAT1.glob("*.yaml"))


def _leaves(data: object, path: tuple = ()) -> set[tuple]:
    """Every scalar in ``data`` with its path: what a file says, to compare before and after."""
    if isinstance(data, dict):
        return {leaf for k, v in data.items() for leaf in _leaves(v, (*path, k))}
    if isinstance(data, list):
        return {leaf for i, v in enumerate(data) for leaf in _leaves(v, (*path, i))}
    return {(path, data)}


def _value_at(obj: object, path: tuple) -> object:
    for part in path:
        obj = obj[part] if isinstance(part, int) else getattr(obj, part)  # type: ignore[index]
    return getattr(obj, "value", obj)


def test_the_five_format_1_files_are_kept() -> None:
    assert [f.stem for f in FILES] == ["halland", "norrbotten", "orebro", "skane", "stockholm"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_format_1_loads_and_upgrades_losslessly(path: Path) -> None:
    old = io.parse(path.read_bytes(), "yaml")
    assert old["format_version"] == 1
    assert needs_upgrade(old)
    structure = kultursamverkan.load(path)
    assert structure.format_version == 2
    new = converter.unstructure(structure)
    # Every fact of the old file is in the new form: at the same path, except an event's
    # organiser, which is now the first of its organisers.
    renamed = {
        ((*p[:-1], "organisers", 0) if p[-1] == "organiser" else p, v)
        for p, v in _leaves(old)
        if p != ("format_version",)
    }
    for leaf_path, value in renamed - _leaves(new):  # left out of the dump: equal to the default
        assert _value_at(structure, leaf_path) == value, leaf_path
    # and nothing was added that the old file did not say
    assert _leaves(new) <= renamed
    # The upgraded structure is a fixed point: upgrading again changes nothing.
    assert upgrade({**new, "format_version": 2}) == {**new, "format_version": 2}


def test_an_event_organiser_becomes_the_list_of_organisers() -> None:
    data = {"format_version": 1, "events": [{"id": "e", "organiser": "org"}, {"id": "f"}]}
    assert upgrade(data)["events"] == [{"id": "e", "organisers": ["org"]}, {"id": "f"}]
    assert upgrade(data)["format_version"] == 2


def test_upgrade_command_rewrites_the_file_in_format_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "orebro.yaml"
    shutil.copy(FORMAT1 / "orebro.yaml", target)
    before = kultursamverkan.load(target)
    assert main(["upgrade", "--check", str(target)]) == 1
    assert main(["upgrade", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("format_version: 2\n")
    assert "organiser:" not in text
    assert kultursamverkan.load(target) == before
    assert main(["upgrade", "--check", str(target)]) == 0
    out = capsys.readouterr().out
    assert f"{target}: needs upgrade" in out
    assert f"{target}: upgraded" in out
    assert f"{target}: already current" in out


def test_an_unknown_format_version_is_reported_not_upgraded() -> None:
    with pytest.raises(kultursamverkan.ValidationError) as caught:
        kultursamverkan.loads(
            "format_version: 7\nid: x\nname: {sv: X}\nas_of: '2020'\nregion: {id: r, name: {sv: R}}\n"
        )
    assert [p.code for p in caught.value.problems] == ["format_version"]
