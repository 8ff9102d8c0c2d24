"""Pages ↔ core is lossless: a structure written into the page tree (one language per locale) reads back equal."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from hypothesis import HealthCheck, given, settings
from wagtail.models import Locale

import kultursamverkan
from kultursamverkan import converter
from kultursamverkan.model import Structure
from tests.strategies import structures
from wagtail_kultursamverkan import extract, mapping
from wagtail_kultursamverkan.language import merge, split
from wagtail_kultursamverkan.models import Organisation, Person, StructurePage

from .helpers import import_structure, site_root

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "regions").glob("*.yaml"))


@settings(max_examples=200, deadline=None)
@given(structure=structures())
def test_split_by_language_and_merged_back_is_the_same_structure(structure: Structure) -> None:
    data = converter.unstructure(structure)
    parts = {lang: split(data, Structure, lang) for lang in ("sv", "en")}
    assert converter.structure(merge(parts, Structure), Structure) == structure


@pytest.mark.django_db
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_regions_round_trip_through_pages(path: Path) -> None:
    structure = kultursamverkan.load(path)
    page = import_structure(structure)
    assert extract.structure_from_page(StructurePage.objects.get(pk=page.pk)) == structure
    english = page.get_translation(Locale.objects.get(language_code="en"))
    assert extract.structure_from_page(english) == structure  # gathered from either locale alike


@pytest.mark.django_db
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(structure=structures())
def test_any_valid_structure_round_trips_through_pages(structure: Structure) -> None:
    # Each example gets a fresh tree: slugs and snippet ids repeat between examples. The snippets
    # stay (shared), so their regions' pages can go (a region protects the snippets it owns).
    Organisation.objects.update(region=None)
    Person.objects.update(region=None)
    for page in site_root().get_children():
        page.delete()
    page = import_structure(structure)
    assert extract.structure_from_page(StructurePage.objects.get(pk=page.pk)) == structure


def test_problems_are_located_at_the_field_and_block_that_caused_them() -> None:
    assert mapping.locate(mapping.BODY, ("relations", 0, "target")) == ("relations", (0, "target"))
    assert mapping.locate(mapping.BODY, ("seats", "count")) == ("seats", (0, "count"))  # a struct: the stream's one
    assert mapping.locate(mapping.BODY, ("cadence", "per")) == ("cadence", ())  # a cadence: its one line
    assert mapping.locate(mapping.BODY, ("name",)) == ("name", ())
    assert mapping.locate(mapping.PLAN, ("url",)) == ("web_address", ())
    assert mapping.locate(mapping.BODY, ()) == (None, ())


def test_a_plain_value_comes_from_the_main_language_else_from_the_first_language_that_has_one() -> None:
    """Kinds, dates, ids and numbers are one value for all languages: the main language's, when it has one."""
    assert merge({"sv": 3, "en": 4}, int, "sv") == 3
    assert merge({"sv": 3, "en": 4}, int, "en") == 4
    assert merge({"sv": None, "en": 4}, int, "sv") == 4
    assert merge({"sv": None, "en": None}, int) is None
    assert merge({}, str) is None
