"""Page ↔ core conversion is lossless: a structure written into pages reads back equal."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from hypothesis import HealthCheck, given, settings

import kultursamverkan
from kultursamverkan.errors import ValidationError
from kultursamverkan.model import Structure
from tests.strategies import structures
from wagtail_kultursamverkan import convert
from wagtail_kultursamverkan.models import StructurePage

from .helpers import site_root, structure_page

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "regions").glob("*.yaml"))


def _reloaded(page: StructurePage) -> StructurePage:
    return StructurePage.objects.get(pk=page.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_regions_round_trip_through_pages(path: Path) -> None:
    structure = kultursamverkan.load(path)
    page = structure_page(structure)
    assert convert.structure_from_page(_reloaded(page)) == structure


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(structure=structures())
def test_any_valid_structure_round_trips_through_pages(structure: Structure) -> None:
    # Each example gets a fresh tree: slugs and snippet ids repeat between examples.
    for page in site_root().get_children():
        page.delete()
    page = structure_page(structure)
    assert convert.structure_from_page(_reloaded(page)) == structure


@pytest.mark.django_db
def test_problems_are_located_at_the_block_that_caused_them() -> None:
    structure = kultursamverkan.load(EXAMPLES[0])
    page = _reloaded(structure_page(structure))
    content = page.content.get_prep_value()
    bodies = [i for i, child in enumerate(content) if child["type"] == "body"]
    second = bodies[1]
    content[second]["value"]["relations"] = [
        {"type": "item", "value": {"type": "part_of", "target": "no-such-thing"}, "id": "x"}
    ]
    page.content = content
    data, locations = convert.page_data(page)
    with pytest.raises(ValidationError) as raised:
        convert.structure_from_page(page)
    [problem] = raised.value.problems
    assert problem.path == ("bodies", 1, "relations", 0, "target")
    assert convert.locate(problem.path, locations) == ("content", (second, "relations", 0, "target"))
    assert data["bodies"][1]["relations"] == [{"type": "part_of", "target": "no-such-thing"}]
