"""A fast first import writes what the slow one wrote: the reference index in bulk (``reference_index``)
holds exactly the rows Wagtail's own per-object indexing holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.db import transaction
from wagtail.models import Locale, Page, ReferenceIndex

import kultursamverkan
from wagtail_kultursamverkan import importing, reference_index
from wagtail_kultursamverkan.models import BodyPage, Organisation, Person

from .helpers import site_root

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "regions").glob("*.yaml"))


@pytest.fixture
def english(db: None) -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


def _import(*paths: Path) -> None:
    sources = [importing.Source(p.name, kultursamverkan.load(p)) for p in paths]
    importing.run(sources, site_root(), importing.main_locale())


def _indexed() -> list[Any]:
    """Every page (as its specific class) and snippet the reference index covers."""
    pages = [p.specific for p in Page.objects.filter(depth__gt=1)]
    return [*pages, *Organisation.objects.all(), *Person.objects.all()]


def _rows() -> set[tuple]:
    return set(
        ReferenceIndex.objects.values_list(
            "content_type_id",
            "base_content_type_id",
            "object_id",
            "to_content_type_id",
            "to_object_id",
            "model_path",
            "content_path",
            "content_path_hash",
        )
    )


@pytest.mark.django_db
def test_the_bulk_extraction_finds_what_wagtail_finds_for_every_object(english: Locale) -> None:
    _import(*EXAMPLES)
    objects = _indexed()
    fresh = [type(o).objects.get(pk=o.pk) for o in objects]  # as loaded: streams still raw
    found = reference_index.references_of(fresh)
    expected = {i: set(ReferenceIndex._extract_references_from_object(o)) for i, o in enumerate(objects)}
    assert found == expected
    assert sum(len(r) for r in found.values()) > 100  # choosers, relations, conveners, snippets: many


@pytest.mark.django_db
def test_the_imported_index_is_the_one_wagtail_would_write(english: Locale) -> None:
    _import(*EXAMPLES)
    imported = _rows()
    with transaction.atomic():
        for obj in _indexed():
            ReferenceIndex.create_or_update_for_object(obj)
    assert _rows() == imported
    assert len(imported) > 100


@pytest.mark.django_db
def test_bulk_update_adds_and_removes_as_wagtail_does(english: Locale) -> None:
    _import(EXAMPLES[0])
    body = next(b for b in BodyPage.objects.all() if b.relations.raw_data and len(b.relations.raw_data) > 0)
    target = body.relations.raw_data[0]["value"]["target"]
    chosen = next(name for name in ("page", "organisation", "person") if target.get(name))
    # A relation's target deleted from the stored JSON by hand, and a reference to an object that does not exist.
    raw = list(body.relations.raw_data)
    raw[0] = {**raw[0], "value": {**raw[0]["value"], "target": {**target, chosen: None}}}
    if len(raw) > 1:
        other = raw[1]["value"]["target"]
        name = next(n for n in ("page", "organisation", "person") if n in other and other.get(n) is not None)
        raw[1] = {**raw[1], "value": {**raw[1]["value"], "target": {**other, name: 999999}}}
    BodyPage.objects.filter(pk=body.pk).update(relations=raw)
    with transaction.atomic():
        reference_index.update_for_objects([BodyPage.objects.get(pk=body.pk)])
    bulk = _rows()
    with transaction.atomic():
        ReferenceIndex.create_or_update_for_object(BodyPage.objects.get(pk=body.pk))
    assert _rows() == bulk


@pytest.mark.django_db
def test_values_wagtail_reads_differently_fall_back_to_wagtail(english: Locale) -> None:
    _import(EXAMPLES[0])
    body = next(b for b in BodyPage.objects.all() if b.relations.raw_data and len(b.relations.raw_data) > 0)
    raw = [dict(item) for item in body.relations.raw_data]
    del raw[0]["id"]  # Wagtail gives the item a new id when it reads it: its content path is Wagtail's to say
    BodyPage.objects.filter(pk=body.pk).update(relations=raw)
    found = reference_index.references_of([BodyPage.objects.get(pk=body.pk)])[0]
    assert found == set(ReferenceIndex._extract_references_from_object(BodyPage.objects.get(pk=body.pk)))
    assert any(r[3].startswith("relations.None.") for r in found)
