"""Item pages (a body's, a plan's, …) read their rendering from the cache their structure page keeps:
the same HTML and JSON-LD as gathering the structure for each request gave, the structure read once until
it changes, fresh after a change commits (and at once in the transaction that made it), dated for a CDN
as the structure page is, and never cached in a preview."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

import attrs
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.cache import get_max_age
from wagtail.models import Page

import kultursamverkan
from kultursamverkan.model import Event
from kultursamverkan.render import render_item
from kultursamverkan.values import LocalizedText, PartialDate
from kultursamverkan.vocab import EventKind
from wagtail_kultursamverkan import caching
from wagtail_kultursamverkan.language import page_language
from wagtail_kultursamverkan.models import BodyPage, PlanPage, StructurePage
from wagtail_kultursamverkan.pages import ItemPageMixin
from wagtail_kultursamverkan.templatetags.kultursamverkan import kultursamverkan_plan_jsonld

from .helpers import structure_page

REGIONS = Path(__file__).resolve().parents[2] / "examples" / "regions"
NEXT_YEAR = dt.date.today().year + 1


@pytest.fixture
def committed(db: None, django_capture_on_commit_callbacks: Any) -> Any:
    """Runs a change as if its transaction committed (``on_commit`` callbacks run)."""

    def run(change: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


def _with_event(structure: kultursamverkan.Structure) -> kultursamverkan.Structure:
    event = Event(
        id="kommande",
        name=LocalizedText(sv="Höstmötet"),
        kind=EventKind.CONFERENCE,
        date=PartialDate.parse(str(NEXT_YEAR)),
    )
    return attrs.evolve(structure, events=(*structure.events, event))


@pytest.fixture
def halland(committed: Any) -> StructurePage:
    page = committed(lambda: structure_page(_with_event(kultursamverkan.load(REGIONS / "halland.yaml"))))
    caching.store().clear()
    return page


def _items(structure: StructurePage) -> list[Any]:
    """Every live item page below the structure page and its translations, as its own class."""
    pages = []
    for translation in structure.get_translations(inclusive=True):
        pages += [p for p in Page.objects.child_of(translation).live().specific() if isinstance(p, ItemPageMixin)]
    return pages


def _gathered_html(page: Any) -> str:
    """What an item page showed before it read its structure page's cache: its structure gathered."""
    item, structure = page.core_item("live")
    return render_item(item, structure, page_language(page), 1, urls=page.structure_page().page_urls())


def _article(response: Any) -> str:
    html = response.content.decode()
    return html[html.index('<article lang="') : html.rindex("</article>")]


def test_every_item_page_shows_what_gathering_its_structure_gives_in_both_languages(
    client: Any, halland: StructurePage
) -> None:
    pages = _items(halland)
    assert {page_language(p) for p in pages} == {"sv", "en"}
    assert {type(p) for p in pages} >= {BodyPage, PlanPage}
    for page in pages:
        for _ in range(2):  # rendered, then from the cache
            response = client.get(page.url)
            assert response.status_code == 200
            assert _gathered_html(page) in _article(response), page.url


def test_a_plan_pages_json_ld_is_the_one_its_template_tag_makes(client: Any, halland: StructurePage) -> None:
    for page in [p for p in _items(halland) if isinstance(p, PlanPage)]:
        item, structure = page.core_item("live")
        base = f"{page.structure_page().get_full_url()}#"
        expected = str(kultursamverkan_plan_jsonld(item, structure, base))
        for _ in range(2):
            soup = BeautifulSoup(client.get(page.url).content, "html.parser")
            [script] = soup.find_all("script", type="application/ld+json")
            assert json.loads(script.string) == json.loads(BeautifulSoup(expected, "html.parser").script.string)


def test_an_item_page_reads_its_structure_once_until_it_changes(client: Any, halland: StructurePage) -> None:
    """Then each request costs the same few queries, whatever the size of the structure."""
    first, second = BodyPage.objects.child_of(halland).live()[:2]
    read = patch.object(StructurePage, "read_live", autospec=True, side_effect=StructurePage.read_live)
    with read as reads:
        client.get(first.url)
        assert reads.call_count == 1
        with CaptureQueriesContext(connection) as one:
            client.get(first.url)
        client.get(second.url)  # another object: rendered from the structure read again (its stored reading)
        assert reads.call_count == 2
        with CaptureQueriesContext(connection) as again:
            client.get(second.url)
        assert reads.call_count == 2
    assert len(again) == len(one)
    assert not [q for q in one.captured_queries if "representativeblock" in q["sql"].lower()]


def test_an_item_page_shows_a_change_to_another_page_of_its_structure(
    client: Any, halland: StructurePage, django_capture_on_commit_callbacks: Any
) -> None:
    """The library chiefs' group is part of the operative groups: renaming those renames the link."""
    part = BodyPage.objects.child_of(halland).get(identifier="bibliotekschefsgruppen")
    whole = BodyPage.objects.child_of(halland).get(identifier="operativa-grupper")
    assert whole.name in _article(client.get(part.url))
    with django_capture_on_commit_callbacks(execute=True):
        whole.title = whole.name = "Omdöpta grupper"
        whole.save_revision().publish()
        assert "Omdöpta grupper" in _article(client.get(part.url))  # the transaction sees its change
        caching.release()  # as another process would before the commit: the old name, under the old token
        assert "Omdöpta grupper" not in _article(client.get(part.url))
        caching.hold([halland.translation_key])
    assert "Omdöpta grupper" in _article(client.get(part.url))
    assert _gathered_html(part) in _article(client.get(part.url))


def test_an_item_page_is_kept_by_shared_caches_no_later_than_its_structures_next_date(
    client: Any, halland: StructurePage, settings: Any
) -> None:
    settings.KULTURSAMVERKAN_CACHE_SECONDS = None  # no cap: the day alone
    page = BodyPage.objects.child_of(halland).live().first()
    end = dt.datetime(NEXT_YEAR + 1, 1, 1)
    for _ in range(2):  # rendered, then from the cache: the same headers
        response = client.get(page.url)
        left = (end - dt.datetime.now()).total_seconds()
        assert left - 60 <= get_max_age(response) <= left


def test_an_item_page_of_a_structure_with_no_date_to_come_sets_no_lifetime(client: Any, committed: Any) -> None:
    structure = kultursamverkan.load(REGIONS / "halland.yaml")
    structure = attrs.evolve(structure, bodies=tuple(attrs.evolve(b, cadence=None) for b in structure.bodies))
    page = BodyPage.objects.child_of(committed(lambda: structure_page(structure))).live().first()
    response = client.get(page.url)
    assert response.status_code == 200
    assert get_max_age(response) is None


def test_a_kept_item_rendering_dated_for_days_gone_is_written_anew(halland: StructurePage) -> None:
    live = StructurePage.objects.get(pk=halland.pk)
    fresh = live.item_rendered("strategiskt-natverk", "sv")
    assert "Strategiskt" in fresh["html"]
    key = caching.page_key(live, f"item:{caching.address_digest('strategiskt-natverk')}:{live.render_part('sv')}")
    assert caching.get(key) == fresh
    page = BodyPage.objects.child_of(halland).get(identifier="strategiskt-natverk")
    assert fresh["path"] == page.url_path  # the page whose part it is
    kept = {"html": "kept", "jsonld": "", "path": fresh["path"]}
    caching.put(key, caching.dated(kept, dt.date.today()))
    assert live.item_rendered("strategiskt-natverk", "sv")["html"] == "kept"
    caching.put(key, caching.dated(kept, dt.date.today() - dt.timedelta(days=1)))
    assert live.item_rendered("strategiskt-natverk", "sv") == fresh
    # One kept before entries named their page says nothing of whose part it is: written anew too.
    caching.put(key, caching.dated({"html": "kept", "jsonld": ""}, dt.date.today()))
    assert live.item_rendered("strategiskt-natverk", "sv") == fresh


def test_an_unknown_object_renders_nothing_and_is_remembered(halland: StructurePage) -> None:
    live = StructurePage.objects.get(pk=halland.pk)
    with patch.object(StructurePage, "read_live", autospec=True, side_effect=StructurePage.read_live) as reads:
        assert live.item_rendered("finns-inte", "sv")["html"] == ""
        assert live.item_rendered("finns-inte", "sv")["html"] == ""
    assert reads.call_count == 1


def test_an_item_pages_preview_shows_unsaved_values_and_the_live_page_keeps_its_own(
    client: Any, halland: StructurePage
) -> None:
    from django.test import Client

    from .helpers import admin_user
    from .test_preview import _preview

    page = BodyPage.objects.child_of(halland).get(identifier="strategiskt-natverk")
    reader = Client()
    assert page.name in _article(reader.get(page.url))  # cached now
    client.force_login(admin_user("sv"))
    assert "Förhandsvisat namn" in _preview(
        client, page, "", name="Förhandsvisat namn"
    )  # never cached (asserted there)
    live = _article(reader.get(page.url))
    assert "Förhandsvisat namn" not in live
    assert page.name in live


def test_an_item_page_takes_its_structure_page_and_locale_from_the_routing(client: Any, halland: StructurePage) -> None:
    """Wagtail's routing read the structure page (with its locale) on the way to the page below it: the
    item page reads neither again."""
    page = BodyPage.objects.child_of(halland).live().first()
    client.get(page.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    structure_reads = [q for q in queries.captured_queries if "wagtail_kultursamverkan_structurepage" in q["sql"]]
    assert len(structure_reads) == 1  # the routing's
    own_locale = f'"wagtailcore_locale"."id" = {page.locale_id}'
    assert not [q for q in queries.captured_queries if own_locale in q["sql"] and "wagtailcore_page" not in q["sql"]]
