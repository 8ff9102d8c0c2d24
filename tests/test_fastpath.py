"""The loader's fast path agrees with its detailed path: the same objects, never a laxer answer.

``converter.structure`` tries the generated fast path (``kultursamverkan.fastpath``)
first and trusts it when it succeeds, so it must accept exactly what the detailed
converter accepts and build equal objects: checked on the examples, on generated
structures, and on every single-object mutation of the examples.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import kultursamverkan
from kultursamverkan import converter, fastpath, schema
from kultursamverkan.model import Structure
from tests import strategies
from tests.benchmarks.mutations import mutations

EXAMPLES = sorted((Path(__file__).parent.parent / "examples" / "regions").glob("*.yaml"))


def _detailed(data: Any) -> Any:
    """The detailed converter's answer: the object, or None when it finds a problem."""
    if converter.structure_problems(data):
        return None
    return converter.DETAILED.structure(data, Structure)


def _fast(data: Any) -> Any:
    try:
        return fastpath.builder(Structure)(data)
    except Exception:  # noqa: BLE001 - any failure means "ask the detailed path"
        return None


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_build_the_same_objects(path: Path) -> None:
    data = converter.unstructure(kultursamverkan.load(path))
    built = _fast(data)
    assert built is not None
    assert built == _detailed(data)


@settings(max_examples=60, deadline=None)
@given(strategies.structures())
def test_generated_structures_build_the_same_objects(structure: Structure) -> None:
    data = json.loads(json.dumps(converter.unstructure(structure)))
    assert _fast(data) == structure


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_mutations_the_detailed_path_rejects_the_fast_path_rejects(path: Path) -> None:
    document = converter.unstructure(kultursamverkan.load(path))
    cases = mutations(schema.json_schema(), document)
    assert len(cases) > 50
    for label, data in cases:
        expected = _detailed(data)
        assert _fast(data) == expected, label
