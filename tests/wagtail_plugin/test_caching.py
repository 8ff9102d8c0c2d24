"""The render cache and CDN purges: after commit, only what depends on a change, never for a draft."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.core.cache import caches
from django.test import RequestFactory
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import Locale, Page

import kultursamverkan
from wagtail_kultursamverkan import caching, checks, invalidation
from wagtail_kultursamverkan.models import (
    BodyPage,
    CollaborationPage,
    ComparisonPage,
    EventPage,
    Organisation,
    Person,
    PlanPage,
    RegionIndexPage,
    StructurePage,
)

from .helpers import site_root, structure_page

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = ROOT / "examples" / "complete.yaml"
OTHER = ROOT / "examples" / "regions" / "stockholm.yaml"

PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    """A frontend cache backend that remembers what it was asked to purge."""

    def purge(self, url: str) -> None:
        PURGED.append(url)


@pytest.fixture
def mine(db: None, settings: Any, django_capture_on_commit_callbacks: Any) -> StructurePage:
    """The complete example's structure (every kind of page) in sv and en, a CDN that records purges."""
    settings.WAGTAILFRONTENDCACHE = {"recorder": {"BACKEND": f"{__name__}.RecordingBackend"}}
    Locale.objects.get_or_create(language_code="en")
    with django_capture_on_commit_callbacks(execute=True):  # as if committed
        page = structure_page(kultursamverkan.load(COMPLETE))
    caching.store().clear()
    PURGED.clear()
    return page


@pytest.fixture
def sites(mine: StructurePage, django_capture_on_commit_callbacks: Any) -> tuple[StructurePage, StructurePage]:
    """Two regions' structures: a change to one must leave the other alone."""
    with django_capture_on_commit_callbacks(execute=True):
        other = structure_page(kultursamverkan.load(OTHER))
    PURGED.clear()
    return mine, other


def _tokens(*pages: StructurePage) -> list[str]:
    return [caching.token(p.translation_key) for p in pages]


def _text(client: Any, page: Page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def _urls(*pages: Page) -> set[str]:
    return {p.get_full_url() for p in pages}


def _everything_shown_with(structure: StructurePage) -> set[str]:
    """The structure page and region page in both languages and every live page below either structure page."""
    translations = list(StructurePage.objects.filter(translation_key=structure.translation_key))
    below = [p for t in translations for p in Page.objects.child_of(t).live()]
    regions = [p.get_parent() for p in translations]
    exports = {
        t.get_full_url() + path.lstrip("/") for t in translations for path in t.get_cached_paths() if path != "/"
    }
    return _urls(*translations, *below, *regions) | exports


def _first(model: type[Page], structure: StructurePage) -> Page:
    return model.objects.child_of(structure).order_by("path").first()


# ------------------------------------------------------------------ render cache


def test_a_snippet_change_renews_the_structures_that_choose_it_after_commit_only(
    sites: tuple[StructurePage, StructurePage], client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    mine, other = sites
    before = _tokens(mine, other)
    org = Organisation.objects.filter(locale=mine.locale, identifier="exempelby-kommun").get()
    assert org.name in _text(client, mine)
    with django_capture_on_commit_callbacks(execute=True):
        org.name = "Omdöpt kommun"
        org.save()
        # Not committed yet: the transaction reads its own change, uncached; the tokens are the old ones.
        assert "Omdöpt kommun" in _text(client, mine)
        assert _tokens(mine, other) == before
        caching.release()  # as another process would: the committed name, cached under the old token
        assert "Omdöpt kommun" not in _text(client, mine)
        caching.hold([mine.translation_key])
    after = _tokens(mine, other)
    assert after[0] != before[0]
    assert after[1] == before[1]  # the other region's structure keeps its entries
    assert "Omdöpt kommun" in _text(client, mine)


def test_publishing_a_page_renews_its_structure_and_a_draft_renews_nothing(
    mine: StructurePage, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    body = _first(BodyPage, mine)
    _text(client, mine)
    before = _tokens(mine)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        body.title = body.name = "Utkast till nytt namn"
        body.save_revision()
    assert _tokens(mine) == before
    assert not callbacks
    assert "Utkast till nytt namn" not in _text(client, mine)
    with django_capture_on_commit_callbacks(execute=True):
        body.get_latest_revision().publish()
    assert _tokens(mine) != before
    assert "Utkast till nytt namn" in _text(client, mine)


def test_an_evicted_token_never_brings_an_old_entry_back(mine: StructurePage) -> None:
    live = StructurePage.objects.get(pk=mine.pk)
    key = caching.page_key(live, live.render_part("sv"))
    caching.put(key, caching.dated({"html": "gammalt", "jsonld": ""}, None))
    assert live.rendered("sv")["html"] == "gammalt"  # type: ignore[index]
    caching.store().delete(f"{caching.PREFIX}token:{live.translation_key}")  # evicted
    assert caching.page_key(live, live.render_part("sv")) != key
    assert live.rendered("sv")["html"] != "gammalt"  # type: ignore[index]


def test_a_rendering_is_kept_through_the_day_it_reads_the_same_and_no_longer(mine: StructurePage) -> None:
    """A meeting called coming may have been held by tomorrow (``overview.unchanged_through``): a kept
    rendering dated for days gone is written anew, one still current is read."""
    live = StructurePage.objects.get(pk=mine.pk)
    rendering = live.rendered("sv")
    assert rendering is not None
    assert "through" in rendering
    key = caching.page_key(live, live.render_part("sv"))
    today = dt.date.today()
    caching.put(key, caching.dated({"html": "kept", "jsonld": ""}, today))
    assert live.rendered("sv")["html"] == "kept"  # type: ignore[index]
    caching.put(key, caching.dated({"html": "kept", "jsonld": ""}, None))
    assert live.rendered("sv")["html"] == "kept"  # type: ignore[index]
    caching.put(key, caching.dated({"html": "kept", "jsonld": ""}, today - dt.timedelta(days=1)))
    assert live.rendered("sv")["html"] == rendering["html"]
    assert caching.get(key)["html"] == rendering["html"]  # and kept again


def test_a_rendering_kept_before_renderings_were_dated_is_written_anew(mine: StructurePage) -> None:
    """An entry written before renderings carried their last day (no "through") says nothing of until
    when it holds: it may call a meeting held since coming, so it is written anew, not kept for good."""
    live = StructurePage.objects.get(pk=mine.pk)
    rendering = live.rendered("sv")
    assert rendering is not None
    key = caching.page_key(live, live.render_part("sv"))
    caching.put(key, {"html": "undated", "jsonld": ""})
    assert live.rendered("sv")["html"] == rendering["html"]  # type: ignore[index]
    assert caching.get(key)["through"] == rendering["through"]


def test_previews_are_never_cached(mine: StructurePage) -> None:
    live = StructurePage.objects.get(pk=mine.pk)
    request = RequestFactory().get("/")
    request.is_preview = True  # type: ignore[attr-defined]
    caching.store().clear()
    assert live.rendered("sv", request) is not None
    assert not [k for k in caches[caching.alias()]._cache if caching.PREFIX in k]  # type: ignore[attr-defined]


def test_the_cache_alias_and_lifetime_are_settings(mine: StructurePage, settings: Any) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ks-pages"},
    }
    settings.KULTURSAMVERKAN_CACHE_ALIAS = "pages"
    settings.KULTURSAMVERKAN_CACHE_SECONDS = 5
    live = StructurePage.objects.get(pk=mine.pk)
    live.rendered("sv")
    store = caches["pages"]
    key = caching.page_key(live, live.render_part("sv"))
    assert store.get(key) is not None
    assert store._expire_info[store.make_and_validate_key(key)] < __import__("time").time() + 6  # type: ignore[attr-defined]


def test_the_system_check_warns_about_a_per_process_cache(settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [m.id for m in checks.check_render_cache()] == ["wagtail_kultursamverkan.W001"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/5"},
    }
    settings.KULTURSAMVERKAN_CACHE_ALIAS = "shared"
    assert checks.check_render_cache() == []
    settings.KULTURSAMVERKAN_CACHE_ALIAS = "missing"
    assert [m.id for m in checks.check_render_cache()] == ["wagtail_kultursamverkan.E001"]
    settings.KULTURSAMVERKAN_CACHE_ALIAS = "default"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert checks.check_render_cache() == []


# ----------------------------------------------------------------------- the CDN


def test_publishing_or_unpublishing_a_page_purges_every_url_that_shows_it(
    sites: tuple[StructurePage, StructurePage], django_capture_on_commit_callbacks: Any
) -> None:
    mine, other = sites
    for model in (BodyPage, PlanPage, EventPage, CollaborationPage):
        page = _first(model, mine)
        expected = _everything_shown_with(mine)
        PURGED.clear()
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        assert set(PURGED) == expected, model
        assert not set(PURGED) & _everything_shown_with(other)
        PURGED.clear()
        with django_capture_on_commit_callbacks(execute=True):
            page.unpublish()
        # The unpublished page itself is purged too (by Wagtail's own handler, at once).
        assert set(PURGED) == expected, model
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()


def test_saving_or_deleting_a_snippet_purges_the_structures_that_choose_it(
    mine: StructurePage, django_capture_on_commit_callbacks: Any
) -> None:
    expected = _everything_shown_with(mine)
    for model in (Organisation, Person):
        snippet = model.objects.filter(locale=mine.locale).order_by("pk").first()
        PURGED.clear()
        with django_capture_on_commit_callbacks(execute=True):
            snippet.save()
        assert set(PURGED) == expected, model
        PURGED.clear()
        with django_capture_on_commit_callbacks(execute=True):
            snippet.delete()
        assert set(PURGED) == expected, model


def _host_page(title: str, chosen: StructurePage, block: str = "kultursamverkan_overview") -> Page:
    """A host site's published page showing ``chosen`` in one of the plugin's blocks."""
    from .hostapp.models import ArticlePage

    page = ArticlePage(title=title, slug=title.lower(), body=[(block, {"page": chosen})])
    site_root().add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_change_to_a_structure_purges_the_host_pages_that_show_it_in_a_block(
    sites: tuple[StructurePage, StructurePage], django_capture_on_commit_callbacks: Any
) -> None:
    """A host page with an overview of the structure (chosen in either language), or its diagram, is purged
    with it; a host page showing another structure, or text only, is not."""
    mine, other = sites
    english = StructurePage.objects.get(translation_key=mine.translation_key, locale__language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        overview = _host_page("Oversikt", mine)
        diagram = _host_page("Diagram", english, "kultursamverkan_diagram")
        elsewhere = _host_page("Annan", other)
        text_only = _host_page("Text", mine, "text")
    body = _first(BodyPage, mine)
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        body.save_revision().publish()
    assert _urls(overview, diagram) <= set(PURGED)
    assert not _urls(elsewhere, text_only) & set(PURGED)
    hosts = set(PURGED) - _everything_shown_with(mine)  # each at every language's prefix, as Wagtail purges a page
    assert {url.rstrip("/").rsplit("/", 1)[1] for url in hosts} == {overview.slug, diagram.slug}


def test_deleting_a_structure_page_purges_the_host_pages_that_chose_it(
    mine: StructurePage, django_capture_on_commit_callbacks: Any
) -> None:
    """Wagtail forgets the references to a deleted page after the delete: the pages that chose it are
    noted before, and purged, whether they chose the deleted translation or the whole structure goes."""
    english = StructurePage.objects.get(translation_key=mine.translation_key, locale__language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        on_english = _host_page("Engelska", english)
        on_swedish = _host_page("Svenska", mine, "kultursamverkan_diagram")
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        english.delete()
    assert _urls(on_english) <= set(PURGED)
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        StructurePage.objects.get(pk=mine.pk).delete()
    assert _urls(on_swedish) <= set(PURGED)


def _counted_reads(monkeypatch: Any) -> list[str]:
    """Every reading of a live structure from the database from now on, gathered or read with its links."""
    from wagtail_kultursamverkan import pages

    reads: list[str] = []
    real, real_reader = pages._gatherer, pages._reader
    assert real is not None
    assert real_reader is not None
    monkeypatch.setattr(pages, "_gatherer", lambda page, mode: (reads.append(mode), real(page, mode))[1])
    monkeypatch.setattr(pages, "_reader", lambda page: (reads.append("live"), real_reader(page))[1])
    return reads


@pytest.mark.parametrize(
    "block", ["kultursamverkan_overview", "kultursamverkan_diagram", "kultursamverkan_representatives"]
)
def test_a_host_pages_block_reads_the_structure_once_until_a_change_is_published(
    mine: StructurePage, client: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any, block: str
) -> None:
    """A host page read again shows its block from the cache, without reading the structure; a published
    change to the structure shows on the next request, a draft does not."""
    with django_capture_on_commit_callbacks(execute=True):
        host = _host_page("Vard", mine, block)
    reads = _counted_reads(monkeypatch)
    first = _text(client, host)
    assert reads == ["live"]
    reads.clear()
    assert _text(client, host) == first
    assert reads == []
    body = _first(BodyPage, mine)
    assert body.title in first
    with django_capture_on_commit_callbacks(execute=True):
        body.title = body.name = "Nytt namn på gruppen"
        body.save_revision()  # a draft
    assert _text(client, host) == first
    with django_capture_on_commit_callbacks(execute=True):
        body.get_latest_revision().publish()
    assert reads == ["live", "live"]  # the structure page rendered ahead, in sv and en
    reads.clear()
    changed = _text(client, host)
    assert "Nytt namn på gruppen" in changed
    assert reads == ["live"]  # a host page's block is rendered by its first reader


def test_a_host_page_stops_linking_a_page_made_private(
    mine: StructurePage, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from bs4 import BeautifulSoup
    from wagtail.models import PageViewRestriction

    with django_capture_on_commit_callbacks(execute=True):
        host = _host_page("Vard", mine)
    body = _first(BodyPage, mine)

    def links() -> set[str]:
        return {a["href"] for a in BeautifulSoup(_text(client, host), "html.parser").find_all("a", href=True)}

    assert body.url in links()
    assert body.url in links()  # from the cache
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=body, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert body.url not in links()


def test_blocks_on_one_page_with_other_settings_keep_their_own_headings(
    mine: StructurePage, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Two overviews of the same structure on one page differ in heading and level: each is cached apart."""
    from bs4 import BeautifulSoup

    from .hostapp.models import ArticlePage

    with django_capture_on_commit_callbacks(execute=True):
        host = ArticlePage(
            title="Tva",
            slug="tva",
            body=[
                ("kultursamverkan_overview", {"page": mine, "heading": {"sv": "Första översikten"}}),
                ("kultursamverkan_overview", {"page": mine, "heading": {"sv": "Andra"}, "heading_level": "3"}),
            ],
        )
        site_root().add_child(instance=host)
        host.save_revision().publish()
    for _ in range(2):  # rendered, then from the cache
        soup = BeautifulSoup(_text(client, host), "html.parser")
        assert soup.find("h2", string="Första översikten")
        assert soup.find("h3", string="Andra")


@pytest.mark.parametrize("first", ["own site", "other site"])
def test_a_host_page_on_another_site_links_with_full_addresses_whichever_is_read_first(
    mine: StructurePage, client: Any, django_capture_on_commit_callbacks: Any, first: str
) -> None:
    """Links are relative on the structure's own site and absolute from another: the two are cached apart."""
    from urllib.parse import urlparse

    from bs4 import BeautifulSoup
    from wagtail.models import Site

    from .hostapp.models import ArticlePage

    own = Site.objects.get(is_default_site=True)
    with django_capture_on_commit_callbacks(execute=True):
        home = Page.get_first_root_node().add_child(instance=Page(title="Annan", slug="annan-webbplats"))
        Site.objects.create(hostname="annan.example", port=80, root_page=home)
        here = _host_page("Har", mine)
        there = ArticlePage(title="Dar", slug="dar", body=[("kultursamverkan_overview", {"page": mine})])
        home.add_child(instance=there)
        there.save_revision().publish()
    body = _first(BodyPage, mine)
    reads = [(here, own.hostname, urlparse(body.get_full_url()).path), (there, "annan.example", body.get_full_url())]
    for host, hostname, link in (reads if first == "own site" else reads[::-1]) * 2:
        response = client.get(urlparse(host.get_full_url()).path, HTTP_HOST=hostname)
        soup = BeautifulSoup(response.content.decode(), "html.parser")
        assert link in {a["href"] for a in soup.select(".ks-block a[href]")}, hostname


def test_a_representatives_block_stored_before_choosers_is_one_cache_entry(
    mine: StructurePage, client: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    """Its bodies, stored as plain ids, get new list item ids each time the page loads: the key must not."""
    import json

    from .hostapp.models import ArticlePage

    body = _first(BodyPage, mine)
    with django_capture_on_commit_callbacks(execute=True):
        host = _host_page("Personer", mine, "text")
    value = {"page": mine.pk, "heading": {}, "heading_level": "2", "bodies": [body.identifier]}
    stored = [{"type": "kultursamverkan_representatives", "id": "a1b2c3d4-0000-4000-8000-000000000001", "value": value}]
    ArticlePage.objects.filter(pk=host.pk).update(body=json.dumps(stored))
    reads = _counted_reads(monkeypatch)
    for _ in range(3):
        _text(client, host)
    assert reads == ["live"]


def test_a_change_to_any_structure_purges_the_comparison_page_and_its_csv(
    sites: tuple[StructurePage, StructurePage], django_capture_on_commit_callbacks: Any
) -> None:
    mine, other = sites
    with django_capture_on_commit_callbacks(execute=True):
        comparison = ComparisonPage(title="Jämför", slug="jamfor")
        site_root().add_child(instance=comparison)
        comparison.save_revision().publish()
    shown = {comparison.get_full_url(), comparison.get_full_url() + comparison.reverse_subpage("csv").lstrip("/")}
    for change in (
        lambda: _first(BodyPage, other).save_revision().publish(),
        lambda: Organisation.objects.filter(locale=mine.locale).order_by("pk").first().save(),
    ):
        PURGED.clear()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert shown <= set(PURGED)
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _first(BodyPage, mine).save_revision()  # a draft
    assert PURGED == []


def test_a_draft_purges_nothing_and_the_urls_are_the_sites(
    mine: StructurePage, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _first(BodyPage, mine).save_revision()
    assert PURGED == []
    urls = invalidation.urls_to_purge({mine.translation_key}, ())
    region = RegionIndexPage.objects.get(pk=mine.get_parent().pk)
    en = Locale.objects.get(language_code="en")
    assert {
        mine.get_full_url(),
        mine.get_translation(en).get_full_url(),
        region.get_full_url(),
        region.get_translation(en).get_full_url(),
    } <= urls
    assert mine.get_full_url().startswith("http://localhost/sv/")
    assert mine.get_translation(en).get_full_url().startswith("http://localhost/en/")


@pytest.mark.django_db  # a new page looks up its content type
def test_export_routes_of_a_routable_structure_page_are_purged() -> None:
    from django.urls import path

    assert StructurePage().get_cached_paths() == [
        "/",
        "/export/ics/",
        "/export/jsonld/",
        "/export/svg/",
        "/export/yaml/",
        "/export/json/",
        "/export/toml/",
    ]

    # Routes of a site's own, given to one page so that no model is registered for the rest of the
    # run: those without arguments are purged; the export route is not there.
    from django.urls import URLResolver
    from django.urls.resolvers import RegexPattern

    view = lambda *a, **k: None  # noqa: E731
    routes = [
        path("", view, name="main"),
        path("data.json", view, name="json"),
        path("calendar.ics", view, name="ics"),
        path("body/<slug:slug>/", view, name="one-body"),
    ]
    page = StructurePage()
    page.get_subpage_urls = lambda: routes  # type: ignore[method-assign]
    page.get_resolver = lambda: URLResolver(RegexPattern(r"^/"), routes)  # type: ignore[method-assign]
    assert page.get_cached_paths() == ["/", "/data.json", "/calendar.ics"]


# ------------------------------------------------------------------- imports


def test_a_first_import_purges_every_url_of_its_new_pages(
    settings: Any, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    """New pages are published in a few queries (``publishing``): their structure is still renewed and purged."""
    settings.WAGTAILFRONTENDCACHE = {"recorder": {"BACKEND": f"{__name__}.RecordingBackend"}}
    Locale.objects.get_or_create(language_code="en")
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = structure_page(kultursamverkan.load(COMPLETE))
        assert set(PURGED) <= _everything_shown_with(page)  # Wagtail's own handler purges each page at once
        PURGED.clear()
    assert set(PURGED) == _everything_shown_with(page)  # and after the commit, everything showing them


def test_an_import_changing_a_shared_snippet_renews_the_other_structures_that_choose_it(
    sites: tuple[StructurePage, StructurePage], client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The import notes the snippets it saves once, at its end: the structures choosing them still follow."""
    from kultursamverkan import converter
    from wagtail_kultursamverkan import importing

    mine, other = sites
    data = converter.unstructure(kultursamverkan.load(COMPLETE))
    data["id"], data["region"]["id"] = "en-annan-struktur", "en-annan-region"
    org = next(o for o in data["organisations"] if o["id"] == "exempelby-kommun")
    org["name"] = {"sv": "Delad och omdöpt kommun", "en": "Shared and renamed municipality"}
    before = _tokens(mine, other)
    _text(client, mine)
    source = importing.Source("annan.yaml", converter.structure(data))
    with django_capture_on_commit_callbacks(execute=True):
        importing.run([source], mine.get_parent().get_parent(), importing.main_locale())
        assert _tokens(mine, other) == before  # not before the commit
    after = _tokens(mine, other)
    assert after[0] != before[0]
    assert after[1] == before[1]
    assert "Delad och omdöpt kommun" in _text(client, mine)
    assert _everything_shown_with(mine) <= set(PURGED)


def test_a_first_render_gathers_the_structure_once(mine: StructurePage, client: Any, monkeypatch: Any) -> None:
    """With an empty cache the page's HTML, JSON-LD and calendar list come from one gathering of the
    live structure (a walk of the page tree and its snippets), not one each."""
    gathered = _counted_reads(monkeypatch)
    caching.store().clear()
    text = _text(client, mine)
    assert 'type="application/ld+json"' in text
    assert gathered == ["live"]
    gathered.clear()
    _text(client, mine)  # from the cache: no gathering at all
    assert gathered == []


def test_the_links_and_ids_from_one_query_of_the_children_are_those_asked_page_type_by_page_type(
    mine: StructurePage,
) -> None:
    """A render reads the public pages below the structure once (``_public_children``) for its links and @ids."""
    live = StructurePage.objects.get(pk=mine.pk)
    request = RequestFactory().get("/")
    children = live._public_children()
    together = live.addresses(request, children=children)
    assert together == live.addresses(request)
    assert len(together.items) >= 6
    assert live.page_urls(request, children=children) == live.page_urls(request)
