"""wagtail-localize translates the text of structure and plan pages and keeps ids, choices and dates in sync."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")
pytest.importorskip("wagtail_localize", reason="wagtail-localize is tested in the environments that install it")

from wagtail.models import Locale
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.ingest import ingest_segments

import kultursamverkan
from wagtail_kultursamverkan import convert
from wagtail_kultursamverkan.models import Organisation, PlanPage, StructurePage

from .helpers import structure_page

HALLAND = Path(__file__).resolve().parents[2] / "examples" / "regions" / "halland.yaml"


def _strings(instance: object) -> list[str]:
    return [s.string.render_text() for s in extract_segments(instance) if isinstance(s, StringSegmentValue)]


def _translated(segments: list) -> list:
    out = []
    for segment in segments:
        if isinstance(segment, StringSegmentValue):
            segment = StringSegmentValue(segment.path, "T:" + segment.string.render_text(), order=segment.order)
        out.append(segment)
    return out


@pytest.mark.django_db
def test_text_is_offered_for_translation_but_ids_choices_dates_and_addresses_are_not() -> None:
    structure = kultursamverkan.load(HALLAND)
    page = StructurePage.objects.get(pk=structure_page(structure).pk)
    strings = _strings(page)
    assert "Taktiskt nätverk" in strings
    assert "Tactical network" in strings
    for body in structure.bodies:
        assert body.id not in strings
        assert body.kind.value not in strings
    assert str(structure.as_of) not in strings
    assert not [s for s in strings if s.startswith("http")]
    org = Organisation.objects.filter(identifier=structure.organisations[0].id).get()
    org_strings = _strings(org)
    assert structure.organisations[0].name.text("sv") in org_strings
    assert org.identifier not in org_strings
    assert org.kind not in org_strings


@pytest.mark.django_db
def test_a_translated_structure_page_keeps_its_data_and_gets_new_text() -> None:
    structure = kultursamverkan.load(HALLAND)
    page = StructurePage.objects.get(pk=structure_page(structure).pk)
    en = Locale.objects.get_or_create(language_code="en")[0]
    translation = page.copy_for_translation(en, copy_parents=True)
    ingest_segments(page, translation, page.locale, en, _translated(extract_segments(page)))
    translation.save()
    for plan in PlanPage.objects.child_of(page):  # its plans are pages of their own, translated with it
        plan.copy_for_translation(en)
    translated = convert.structure_from_page(StructurePage.objects.get(pk=translation.pk), plan_pages="all")
    assert [p.id for p in translated.plans] == [p.id for p in structure.plans]
    assert [b.id for b in translated.bodies] == [b.id for b in structure.bodies]
    assert [b.kind for b in translated.bodies] == [b.kind for b in structure.bodies]
    assert [b.cadence for b in translated.bodies] == [b.cadence for b in structure.bodies]
    assert translated.bodies[0].name.text("sv") == "T:" + structure.bodies[0].name.text("sv")


@pytest.mark.django_db
def test_a_plan_page_translates_its_goals_and_keeps_its_kind_and_period() -> None:
    structure = kultursamverkan.load(HALLAND)
    parent = structure_page(structure)
    page = PlanPage.objects.child_of(parent).get(plan_identifier=structure.plans[0].id)
    strings = _strings(page)
    assert structure.plans[0].name.text("sv") in strings
    assert page.kind not in strings
    assert page.plan_identifier not in strings
