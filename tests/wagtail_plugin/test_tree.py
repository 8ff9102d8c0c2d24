"""The page tree of issue 13: the mapping covers the core, the structure is gathered in a fixed number of
queries, each page holds its own language, a site with one language says which texts it cannot keep."""

from __future__ import annotations

import typing
from pathlib import Path

import attrs
import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from wagtail.models import Locale, Page

import kultursamverkan
from kultursamverkan import model as core
from wagtail_kultursamverkan import extract, importing, mapping
from wagtail_kultursamverkan.models import BodyPage, StructurePage

from .helpers import import_structure, site_root

ROOT = Path(__file__).resolve().parents[2]
HALLAND = ROOT / "examples" / "regions" / "halland.yaml"
COMPLETE = ROOT / "examples" / "complete.yaml"


@pytest.mark.parametrize("spec", mapping.ALL, ids=lambda s: s.core.__name__)
def test_every_core_field_is_in_its_spec_exactly_once(spec: mapping.Spec) -> None:
    listed = [f.name for f in spec.fields] + list(spec.elsewhere)
    assert sorted(listed) == sorted(a.name for a in attrs.fields(spec.core)), "add the new field's line to mapping.py"
    assert len(set(listed)) == len(listed)


@pytest.mark.parametrize("spec", [s for s in mapping.ALL if s not in mapping.SNIPPETS], ids=lambda s: s.core.__name__)
def test_no_field_hides_a_wagtail_page_attribute(spec: mapping.Spec) -> None:
    for f in spec.fields:
        assert not hasattr(Page, f.attr), f.attr


def test_the_models_fields_and_localize_lists_come_from_the_spec() -> None:
    names = {f.name for f in BodyPage._meta.get_fields()}
    assert {f.attr for f in mapping.BODY.fields} <= names
    assert not [n for n in names if n.endswith(("_sv", "_en"))]  # one language per page
    assert "name" in mapping.translated(mapping.BODY)
    assert "kind" in mapping.synchronised(mapping.BODY)
    assert "identifier" in mapping.synchronised(mapping.BODY)


@pytest.mark.django_db
def test_the_complete_example_round_trips(english_locale: Locale) -> None:
    original = kultursamverkan.load(COMPLETE)
    page = import_structure(original)
    assert kultursamverkan.loads(importing.export(page, "yaml"), "yaml") == original
    assert kultursamverkan.loads(importing.export(page.get_translation(english_locale), "json"), "json") == original


def _queries(page: StructurePage) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert extract.structure_for(StructurePage.objects.get(pk=page.pk)) is not None
    return len(captured.captured_queries) - 1  # the page's own row, above


@pytest.mark.django_db
def test_a_structure_is_gathered_in_a_fixed_number_of_queries(english_locale: Locale) -> None:
    original = kultursamverkan.load(HALLAND)
    few = attrs.evolve(original, bodies=original.bodies[:1], representations=())
    small = _queries(import_structure(few))
    page = import_structure(original)  # the same structure id: now with every body
    assert BodyPage.objects.child_of(page).count() == len(original.bodies) > 3
    assert _queries(page) == small
    assert small <= 12


@pytest.fixture
def english_locale(db: None) -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.mark.django_db
def test_english_text_reaches_the_english_page_and_the_cores_english(english_locale: Locale, client) -> None:  # type: ignore[no-untyped-def]
    original = kultursamverkan.load(HALLAND)
    page = import_structure(original)
    sv_body = BodyPage.objects.child_of(page).order_by("path").first()
    en_body = sv_body.get_translation(english_locale)
    en_body.name = "A new English name"
    en_body.save_revision().publish()
    structure = StructurePage.objects.get(pk=page.pk).structure()
    assert structure.bodies[0].name.en == "A new English name"
    assert structure.bodies[0].name.sv == sv_body.name
    response = client.get(en_body.url)
    assert response.status_code == 200
    assert "A new English name" in response.content.decode()
    assert 'lang="en"' in response.content.decode()


@pytest.mark.django_db
@override_settings(WAGTAIL_CONTENT_LANGUAGES=[("sv", "Swedish")], LANGUAGES=[("sv", "Swedish")])
def test_a_site_with_one_language_says_which_texts_it_cannot_keep() -> None:
    original = kultursamverkan.load(HALLAND)
    source = importing.Source("halland.yaml", original)
    changes = importing.plan([source], site_root(), Locale.get_default())
    not_kept = [c for c in changes if c.action == importing.NOT_KEPT]
    english = [t for t in _texts(original) if t.en]
    assert len(not_kept) == len(english) > 0
    assert {c.label for c in not_kept} == {t.en for t in english}
    assert all(c.locale == "sv" for c in not_kept)
    importing.run([source], site_root(), Locale.get_default())
    assert not StructurePage.objects.exclude(locale=Locale.get_default()).exists()


def _texts(structure: core.Structure) -> list[typing.Any]:
    from kultursamverkan import converter
    from kultursamverkan.values import LocalizedText
    from wagtail_kultursamverkan.language import texts

    return [LocalizedText(**value) for _path, value in texts(converter.unstructure(structure), core.Structure)]


@pytest.mark.django_db
def test_a_body_page_renders_its_own_part(english_locale: Locale, client) -> None:  # type: ignore[no-untyped-def]
    original = kultursamverkan.load(HALLAND)
    page = import_structure(original)
    body = BodyPage.objects.child_of(page).order_by("path").first()
    html = client.get(body.url).content.decode()
    assert original.bodies[0].name.sv in html
    assert original.bodies[1].name.sv not in html or original.bodies[1].name.sv in original.bodies[0].name.sv
    whole = client.get(page.url).content.decode()
    assert all(b.name.sv in whole for b in original.bodies)
