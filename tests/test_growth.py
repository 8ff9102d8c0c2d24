"""Rendering and exporting grow linearly with a structure's size (no timings: a ratio in one run).

A region with eight times the bodies and municipalities (each naming organisations and holding
representatives) must take at most 8^1.3 times as long: quadratic work, such as an id
index rebuilt for every reference or every representation scanned for every body,
shows as an exponent near 2. ``tox -e bench`` measures the same at full size.
"""

from __future__ import annotations

import json
import sys

import pytest

import kultursamverkan
from kultursamverkan import converter
from tests.benchmarks.synthetic import region
from tests.benchmarks.timing import OUTPUTS, exponent, growth

SIZES = (100, 800)
LIMIT = 1.3


@pytest.mark.parametrize("output", sorted(OUTPUTS))
def test_output_time_grows_linearly(output: str) -> None:
    structures = [[converter.structure(region("x", "Region X", "13", n, n))] for n in SIZES]
    for group in structures:  # every catalog, locale and cache loaded before timing
        OUTPUTS[output](group[0])
    times = growth(structures, {output: OUTPUTS[output]}, repeat=5)[output]
    assert exponent(SIZES, times) <= LIMIT, f"{output}: {times} for {SIZES} bodies"


def test_the_synthetic_region_is_valid_and_names_organisations() -> None:
    """What the growth is measured on really has the references and representatives it is meant to."""
    data = region("x", "Region X", "13", 10, 60)
    structure = kultursamverkan.loads(json.dumps(data), "json")
    assert sum(len(b.organisations) for b in structure.bodies) >= 40
    assert {r.body for r in structure.representations} == {b.id for b in structure.bodies}


def test_the_remembered_index_keeps_nothing_alive() -> None:
    """Rendering remembers one structure's id index; when the structure goes, so do its objects."""
    import gc
    import weakref

    from kultursamverkan import phrases

    structure = converter.structure(region("x", "Region X", "13", 10, 12))
    phrases.index_of(structure)
    # Model objects other than the structure have no weakref slot (it would keep CPython 3.10
    # and 3.11 from building them the fast way, see ``fastpath._construct``): the structure's
    # weak reference, and then a body's reference count, show what is kept alive.
    whole = weakref.ref(structure)
    body = structure.bodies[0]
    del structure
    gc.collect()
    assert whole() is None
    assert sys.getrefcount(body) == 2  # ``body`` and the call's argument: nothing else holds it
