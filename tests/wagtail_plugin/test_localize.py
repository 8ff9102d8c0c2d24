"""wagtail-localize translates each page's one language of text and keeps ids, choices and dates in sync."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")
pytest.importorskip("wagtail_localize", reason="wagtail-localize is tested in the environments that install it")

from django.test.utils import override_settings
from wagtail.models import Locale
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.ingest import ingest_segments

import kultursamverkan
from wagtail_kultursamverkan.models import BodyPage, Organisation, PlanPage, StructurePage

from .helpers import import_structure

HALLAND = Path(__file__).resolve().parents[2] / "examples" / "regions" / "halland.yaml"


def _strings(instance: object) -> list[str]:
    return [s.string.render_text() for s in extract_segments(instance) if isinstance(s, StringSegmentValue)]


def _translated(segments: list) -> list:
    out = []
    for segment in segments:
        if isinstance(segment, StringSegmentValue) and segment.path != "slug":
            segment = StringSegmentValue(segment.path, "T:" + segment.string.render_text(), order=segment.order)
        out.append(segment)
    return out


def _swedish_only(structure: object) -> StructurePage:
    """The structure imported on a site that has only Swedish pages yet."""
    with override_settings(WAGTAIL_CONTENT_LANGUAGES=[("sv", "Swedish")]):
        return import_structure(structure)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_text_is_offered_for_translation_but_ids_choices_dates_and_addresses_are_not() -> None:
    structure = kultursamverkan.load(HALLAND)
    page = _swedish_only(structure)
    body = BodyPage.objects.child_of(page).order_by("path").first()
    strings = _strings(body)
    strings.remove(body.slug)  # the slug is translated; the identifier, made from it, is not
    assert structure.bodies[0].name.sv in strings
    assert structure.bodies[0].name.en not in strings  # one language per page
    assert body.identifier not in strings
    assert body.kind not in strings
    assert not [s for s in strings if s.startswith("http")]
    org = Organisation.objects.filter(identifier=structure.organisations[0].id).get()
    org_strings = _strings(org)
    assert structure.organisations[0].name.text("sv") in org_strings
    assert org.identifier not in org_strings
    assert org.kind not in org_strings


@pytest.mark.django_db
def test_a_translated_body_page_reaches_en_and_the_cores_english(client) -> None:  # type: ignore[no-untyped-def]
    structure = kultursamverkan.load(HALLAND)
    page = _swedish_only(structure)
    body = BodyPage.objects.child_of(page).order_by("path").first()
    en = Locale.objects.get_or_create(language_code="en")[0]
    translation = body.copy_for_translation(en, copy_parents=True)
    ingest_segments(body, translation, body.locale, en, _translated(extract_segments(body)))
    translation.save_revision().publish()
    translated_name = "T:" + structure.bodies[0].name.sv
    response = client.get(BodyPage.objects.get(pk=translation.pk).url)
    assert response.status_code == 200
    assert translated_name in response.content.decode()
    core_structure = StructurePage.objects.get(pk=page.pk).structure()
    assert core_structure.bodies[0].name.en == translated_name  # the English page's text is the core's English
    assert core_structure.bodies[0].name.sv == structure.bodies[0].name.sv
    assert core_structure.bodies[0].kind == structure.bodies[0].kind  # synchronised, not translated


@pytest.mark.django_db
def test_a_plan_page_translates_its_goals_and_keeps_its_kind_and_period() -> None:
    structure = kultursamverkan.load(HALLAND)
    parent = _swedish_only(structure)
    page = PlanPage.objects.child_of(parent).get(identifier=structure.plans[0].id)
    strings = _strings(page)
    strings.remove(page.slug)  # the slug is translated; the identifier, made from it, is not
    assert structure.plans[0].name.text("sv") in strings
    assert page.kind not in strings
    assert page.identifier not in strings
