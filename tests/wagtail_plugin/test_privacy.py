"""Only published, public content reaches readers: private plan pages and unpublished structures stay hidden."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")
pytest.importorskip("bs4", reason="the tests parse HTML with beautifulsoup4")

from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from wagtail import blocks as wagtail_blocks
from wagtail.models import Locale, PageViewRestriction

from wagtail_kultursamverkan.blocks import KULTURSAMVERKAN_BLOCKS
from wagtail_kultursamverkan.models import PlanPage, RegionIndexPage, StructurePage

from .helpers import site_root
from .readers import EXAMPLE, halland_data, reader_view, run_import, without_plan, write

SECRET = "Hemlig planformulering 4711"
PRIVATE_PLAN = "hallands-kulturplan"  # no other part of halland.yaml refers to it


@pytest.fixture
def english(db: None) -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


def _with_secret(tmp_path: Path) -> Path:
    data = halland_data()
    for plan in data["plans"]:
        if plan["id"] == PRIVATE_PLAN:
            plan["description"] = {"sv": SECRET, "en": SECRET}
    return write(tmp_path, data)


def _restrict(page: PlanPage, kind: str) -> None:
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind, password="hemligt")
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get_or_create(name="Kulturförvaltningen")[0])


def _everything_shown(client: Any, page: StructurePage) -> str:
    """The structure page, its API data and JSON-LD, and the region's index page, as an anonymous reader gets them."""
    view = reader_view(client, page)
    assert view["status"] == 200, view["text"][:300]
    assert view["api"] is not None, view["text"][:300]
    region = client.get(RegionIndexPage.objects.get(pk=page.get_parent().pk).url)
    return json.dumps([view["text"], view["jsonld"], view["api"], region.content.decode()], ensure_ascii=False)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS])
def test_a_private_plan_page_shows_nowhere_on_its_public_structure(  # type: ignore[no-untyped-def]
    client, english, tmp_path, kind, django_capture_on_commit_callbacks
) -> None:
    run_import(_with_secret(tmp_path), system=True)
    structures = list(StructurePage.objects.filter(identifier="halland"))
    assert len(structures) == 2
    for page in structures:
        assert SECRET in _everything_shown(client, page)  # public, it is shown
    for plan in PlanPage.objects.filter(identifier=PRIVATE_PLAN):
        # Rendered pages are forgotten once the restriction commits (``invalidation``), as in a real request.
        with django_capture_on_commit_callbacks(execute=True):
            _restrict(plan, kind)
        assert client.get(plan.url).status_code in (200, 302, 401, 403)  # Wagtail's own check on the page
        assert SECRET not in client.get(plan.url).content.decode()
    for page in structures:
        shown = _everything_shown(client, page)
        assert SECRET not in shown, page.locale
        assert PRIVATE_PLAN not in [p["id"] for p in reader_view(client, page)["api"]["plans"]]


def _render_blocks(host: Any) -> tuple[str, Any]:
    """Each display block choosing the Swedish structure page, on ``host``: the HTML and the API data."""
    page = StructurePage.objects.get(identifier="halland", locale__language_code="sv")
    stream = wagtail_blocks.StreamBlock(KULTURSAMVERKAN_BLOCKS)
    value = stream.to_python([{"type": name, "value": {"page": page.pk}} for name, _block in KULTURSAMVERKAN_BLOCKS])
    html = stream.render(value, context={"page": host})
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split()), stream.get_api_representation(value)


BODY = "Kulturpolitiskt samverkansmöte"  # a body of halland.yaml, shown by all three blocks


@pytest.mark.django_db
def test_display_blocks_do_not_show_a_structure_never_published(english, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = halland_data()
    for plan in [p["id"] for p in data["plans"]]:  # no plan: the draft is a valid structure on its own
        data = without_plan(data, plan)
    run_import(write(tmp_path, data), system=True, draft=True)
    assert not StructurePage.objects.filter(live=True).exists()
    text, api = _render_blocks(site_root())
    assert BODY not in text
    assert "kulturpolitiskt-samverkansmote" not in json.dumps(api)
    assert all(item["value"] is None for item in api)


@pytest.mark.django_db
def test_display_blocks_do_not_show_a_private_structure_on_a_public_page(english) -> None:  # type: ignore[no-untyped-def]
    run_import(EXAMPLE, system=True)
    text, api = _render_blocks(site_root())
    assert BODY in text  # published and public: shown
    page = StructurePage.objects.get(identifier="halland", locale__language_code="sv")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")
    text, api = _render_blocks(site_root())
    assert BODY not in text
    assert all(item["value"] is None for item in api)


@pytest.mark.django_db
def test_display_blocks_show_the_published_content_not_a_newer_draft(english, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run_import(EXAMPLE, system=True)
    data = halland_data()
    data["bodies"][0]["name"]["sv"] = "Utkastets namn"
    run_import(write(tmp_path, data), system=True, draft=True)
    text, _api = _render_blocks(site_root())
    assert BODY in text
    assert "Utkastets namn" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("hidden", ["unpublished", "private", "private region"])
def test_a_hidden_translations_texts_do_not_show_on_the_other_languages_page(english, client, hidden) -> None:  # type: ignore[no-untyped-def]
    """The Swedish page merges the English page's texts (its JSON-LD names both): not once the English
    page is unpublished or private, in the page, its reading or a listing's. The pages below a private
    page are private too; those below an unpublished one are still live, and Wagtail still serves them."""
    import kultursamverkan
    from wagtail_kultursamverkan import extract

    from .helpers import structure_page

    sv = structure_page(kultursamverkan.load(EXAMPLE))
    en = StructurePage.objects.get(translation_key=sv.translation_key, locale=english)
    before = StructurePage.objects.get(pk=sv.pk).read_live().structure
    english_name, _lang = before.name.get("en")
    english_body, lang = before.bodies[0].name.get("en")
    assert lang == "en"
    assert english_name != before.name.get("sv")[0]
    if hidden == "unpublished":
        en.unpublish()
    elif hidden == "private":
        PageViewRestriction.objects.create(page=en, restriction_type=PageViewRestriction.LOGIN)
    else:
        PageViewRestriction.objects.create(page=en.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    live = StructurePage.objects.get(pk=sv.pk)
    preview = extract.structure_for(live, "preview")  # an editor's preview shows what readers will see
    for reading in (live.read_live().structure, extract.structures_for([live])[live.pk], preview):
        assert reading.name.get("en")[1] == "sv"  # Swedish only: no English text to fall back from
        if hidden == "unpublished":
            assert reading.bodies[0].name.get("en") == (english_body, "en")
        else:
            assert all(body.name.get("en")[1] == "sv" for body in reading.bodies)
    shown = client.get(live.url).content.decode()
    assert english_name not in shown
    assert (english_body in shown) == (hidden == "unpublished")
    if hidden != "unpublished":  # its own page still shows its own texts to those let in
        own = StructurePage.objects.get(pk=en.pk).read_live().structure
        assert own.name.get("en") == (english_name, "en")
        assert own.bodies[0].name.get("en") == (english_body, "en")


@pytest.mark.django_db
@pytest.mark.parametrize("hidden", ["unpublished", "private"])
def test_a_plan_below_the_region_is_read_in_the_newest_structure_readers_see(english, client, hidden) -> None:  # type: ignore[no-untyped-def]
    """A plan page below the region index is shown in the region's newest structure. A newer structure
    page still a draft, or private, is not that one: its texts never reach the plan's public page."""
    import datetime as dt

    import attrs

    import kultursamverkan

    from .helpers import plan_page, structure_page

    sv = structure_page(kultursamverkan.load(EXAMPLE))
    structure = sv.read_live().structure
    region = RegionIndexPage.objects.get(pk=sv.get_parent().pk)
    plan = plan_page(attrs.evolve(structure.plans[0], id="regionens-plan"), region)
    newer = {"slug": "utkast", "title": "Hemligt utkast", "name": "Hemligt utkast", "as_of": dt.date(2099, 1, 1)}
    draft = sv.copy(update_attrs=newer, keep_live=hidden != "unpublished", copy_revisions=False)
    if hidden == "private":
        PageViewRestriction.objects.create(page=draft, restriction_type=PageViewRestriction.LOGIN)
    found = PlanPage.objects.get(pk=plan.pk).core_item("live")
    assert found is not None
    assert found[1].name.get("sv")[0] == structure.name.get("sv")[0]
    previewed = PlanPage.objects.get(pk=plan.pk).core_item("preview")  # the editor's preview reads the same
    assert previewed is not None
    assert previewed[1].name.get("sv")[0] == structure.name.get("sv")[0]
    assert "Hemligt utkast" not in client.get(plan.url).content.decode()
