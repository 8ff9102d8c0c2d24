"""The body page's editor: the cadence typed as words, compact choice lists, rare fields collapsed,
and every problem of one save shown at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")
pytest.importorskip("bs4", reason="the tests parse HTML with beautifulsoup4")

from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.blocks.base import get_error_json_data

import kultursamverkan
from kultursamverkan.cadence import Count
from kultursamverkan.vocab import TimeUnit
from wagtail_kultursamverkan import mapping
from wagtail_kultursamverkan.extract import structure_from_page
from wagtail_kultursamverkan.models import BodyPage, EventSeriesPage, StructurePage

from .helpers import admin_user, structure_page
from .test_admin_validation import _page_post

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "regions" / "halland.yaml"


def _body(structure: StructurePage) -> BodyPage:
    return BodyPage.objects.child_of(structure).order_by("path").first()


def test_the_cadence_of_a_body_and_of_an_event_series_is_one_synchronised_line_of_words() -> None:
    for spec in (mapping.BODY, mapping.EVENT_SERIES):
        field = spec.field("cadence")
        assert field is not None, spec.model
        assert field.kind == mapping.CADENCE, spec.model
        assert "cadence" in mapping.synchronised(spec)
        assert "cadence" not in mapping.translated(spec)
    for model in (BodyPage, EventSeriesPage):
        assert type(model._meta.get_field("cadence")).__name__ == "CadenceModelField"


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "words"), [("sv", "två gånger per år"), ("en", "twice a year")])
def test_a_cadence_typed_in_words_is_saved_as_the_cores_count(client, lang: str, words: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user(lang))
    structure = structure_page(kultursamverkan.load(EXAMPLE))
    body = _body(structure)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[body.pk]),
        _page_post(body, cadence=words, **{"action-publish": "publish"}),
    )
    assert response.status_code == 302, response.context["form"].errors
    body = BodyPage.objects.get(pk=body.pk)
    assert body.cadence == {"kind": "count", "times": 2}
    core_body = structure_from_page(StructurePage.objects.get(pk=structure.pk)).by_id()[body.identifier]
    assert core_body.cadence == Count(times=2, per=TimeUnit.YEAR)


@pytest.mark.django_db
def test_a_phrase_that_does_not_read_and_a_broken_reference_show_in_the_same_save(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user("sv"))
    structure = structure_page(kultursamverkan.load(EXAMPLE))
    body = _body(structure)
    stored = list(body.convener.raw_data)
    body.convener = [{"type": "convener", "value": "nobody-at-all"}]  # an id that names nothing: the core refuses it
    response = client.post(reverse("wagtailadmin_pages:edit", args=[body.pk]), _page_post(body, cadence="ibland"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"cadence", "convener"} <= set(errors), errors
    assert "vid behov" in " ".join(errors["cadence"])  # the widget's own message, with examples that read
    assert "nobody-at-all" in json.dumps(get_error_json_data(errors["convener"].as_data()[0]))
    assert list(BodyPage.objects.get(pk=body.pk).convener.raw_data) == stored  # nothing saved


@pytest.mark.django_db
def test_the_body_form_has_compact_choices_a_cadence_widget_and_rare_fields_collapsed(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user("sv"))
    structure = structure_page(kultursamverkan.load(EXAMPLE))
    body = _body(structure)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[body.pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    for name in ("participants", "activity_areas", "target_groups"):
        box = soup.find(id=f"id_{name}")
        assert box is not None, name
        assert "ks-choices" in box.get("class", []), name
    assert "wagtail_kultursamverkan/choices.css" in response.content.decode()
    cadence = soup.find("input", attrs={"name": "cadence"})
    assert cadence is not None
    assert cadence.find_parent(attrs={"data-ks-cadence": True}) is not None
    # The rare fields sit in one panel that starts collapsed.
    more = [f.attr for f in mapping.BODY.fields if f.group == mapping.MORE]
    target_groups = soup.find(id="id_target_groups")
    panel = target_groups.find_parent("section")
    assert panel is not None
    # Wagtail's admin script closes a panel with the class "collapsed" on load, unless a field in it has an error.
    assert "collapsed" in panel.get("class", []), panel.get("class")
    assert "target_groups" in more
    # The long list of participants is folded to one line naming what is chosen; short lists stay open.
    participants = soup.find(id="id_participants")
    folded = participants.find_parent("details")
    assert folded is not None
    assert folded.has_attr("data-ks-folded")
    assert not folded.has_attr("open")
    chosen = folded.find(attrs={"data-ks-folded-chosen": True}).get_text(strip=True)
    ticked = [box.find_parent("label").get_text(strip=True) for box in participants.find_all("input", checked=True)]
    assert ticked
    assert chosen == ", ".join(ticked)
    assert soup.find(id="id_activity_areas").find_parent("details") is None  # seven choices: open
    assert "wagtail_kultursamverkan/choices.js" in response.content.decode()

    # Every group but the main fields starts collapsed: the representatives with the organisations and people.
    def field(name: str):  # type: ignore[no-untyped-def]
        found = soup.find(id=f"id_{name}") or soup.find(id=name) or soup.find(attrs={"name": f"{name}-count"})
        assert found is not None, name
        return found

    for name in ("representatives", "convener", "mandate", "status"):
        assert "collapsed" in field(name).find_parent("section").get("class", []), name
    for name in ("name", "cadence", "relations", "participants"):
        assert all("collapsed" not in s.get("class", []) for s in field(name).find_parents("section")), name


def _migration():  # type: ignore[no-untyped-def]
    import importlib

    return importlib.import_module("wagtail_kultursamverkan.migrations.0009_cadence_widget")


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "count", "times": 2},
        {"kind": "range", "min": 3, "max": 4, "per": "term", "qualifier": "as_a_rule"},
        {"kind": "interval", "every": 2, "unit": "month", "months": [3, 9]},
        {"kind": "as_needed"},
        None,
    ],
)
def test_the_migration_turns_a_stored_cadence_stream_into_plain_data_and_back(data: object) -> None:
    import json

    from kultursamverkan import converter
    from kultursamverkan.cadence import Cadence

    migration = _migration()
    stream = migration._to_stream(data)
    # As a page row holds it (a list) and as a revision holds it (JSON text).
    for stored in (stream, json.dumps(stream)):
        back = migration._to_data(stored)
        if data is None:
            assert back is None
        else:
            assert converter.structure(back, Cadence) == converter.structure(data, Cadence)
    assert migration._to_data(migration._to_data(stream)) == migration._to_data(stream)  # plain data stays


def test_the_migration_reads_a_phrase_left_in_the_stream() -> None:
    phrase = [{"type": "phrase", "value": "två gånger per år", "id": "c1"}]
    assert _migration()._to_data(phrase) == {"kind": "count", "times": 2}


@pytest.mark.django_db
def test_publishing_a_page_keeps_its_translations_synchronised_fields_in_step() -> None:
    from wagtail.models import Locale

    structure = structure_page(kultursamverkan.load(EXAMPLE))
    body = _body(structure)
    english = body.get_translation(Locale.objects.get(language_code="en"))
    assert english.live
    assert not english.has_unpublished_changes
    english_name = english.name
    body.cadence = {"kind": "count", "times": 5}
    body.participants = ["politicians"]
    body.save_revision().publish()
    english = BodyPage.objects.get(pk=english.pk)
    assert english.cadence == {"kind": "count", "times": 5}  # published again, as it was live
    assert english.participants == ["politicians"]
    assert english.name == english_name  # its own language's text is left alone
    assert not english.has_unpublished_changes


@pytest.mark.django_db
def test_a_translation_made_with_the_translate_action_gets_the_cadence_in_its_draft() -> None:
    from wagtail.models import Locale

    structure = structure_page(kultursamverkan.load(EXAMPLE))
    body = _body(structure)
    english = body.get_translation(Locale.objects.get(language_code="en"))
    english.delete()
    # What simple_translation's Translate action does: a copy in the other locale, as a draft.
    draft = body.copy_for_translation(Locale.objects.get(language_code="en"))
    draft.name = "The English name"
    draft.save_revision()
    body.cadence = {"kind": "count", "times": 3}
    body.save_revision().publish()
    latest = BodyPage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    assert latest.cadence == {"kind": "count", "times": 3}
    assert latest.name == "The English name"
    assert not BodyPage.objects.get(pk=draft.pk).live  # still the translator's draft


@pytest.mark.django_db
def test_a_folded_list_with_a_problem_opens_at_its_field(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user("sv"))
    structure = structure_page(kultursamverkan.load(EXAMPLE))
    body = _body(structure)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[body.pk]), _page_post(body, participants=["no_such_category"])
    )
    assert response.status_code == 200
    assert "participants" in response.context["form"].errors
    folded = BeautifulSoup(response.content, "html.parser").find(id="id_participants").find_parent("details")
    assert folded.has_attr("open")
