"""Property tests: anything the model can hold survives every file format unchanged."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

import kultursamverkan
from kultursamverkan import validation
from kultursamverkan.io import FORMATS

from .strategies import structures


@settings(max_examples=200)  # generated structures hold every construct of format 2: larger than before
@given(structures())
def test_generated_structures_round_trip_in_every_format(structure: kultursamverkan.Structure) -> None:
    assert validation.check(structure) == []
    for fmt in FORMATS:
        text = kultursamverkan.dumps(structure, format=fmt)
        assert kultursamverkan.loads(text, format=fmt) == structure, fmt


@pytest.mark.parametrize("fmt", FORMATS)
def test_dump_and_load_files(tmp_path, fmt: str) -> None:
    structure = kultursamverkan.loads(
        "id: s\nname: {sv: Samverkan}\nregion: {id: region-x, name: {sv: Region X}, county_code: '01'}\nas_of: 2024\n"
    )
    target = tmp_path / f"out.{fmt}"
    kultursamverkan.dump(structure, target)
    assert kultursamverkan.load(target) == structure
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left behind
