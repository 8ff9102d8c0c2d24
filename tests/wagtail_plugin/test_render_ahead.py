"""Rendering ahead: once a change commits, its structure pages are rendered into the cache, so the
first reader after a publish is served from it, with what a reader's own rendering would show."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import attrs
import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from bs4 import BeautifulSoup
from wagtail.models import Locale, Page, PageViewRestriction, Site

import kultursamverkan
from wagtail_kultursamverkan import caching, importing, render_ahead
from wagtail_kultursamverkan.models import BodyPage, EventPage, RegionIndexPage, StructurePage

from .helpers import structure_page
from .test_caching import PURGED, _counted_reads
from .test_region_cache import _with_event

ROOT = Path(__file__).resolve().parents[2]
HALLAND = ROOT / "examples" / "regions" / "halland.yaml"


@pytest.fixture
def halland(db: None, django_capture_on_commit_callbacks: Any) -> StructurePage:
    """Halland in sv and en, as committed, with an empty cache."""
    Locale.objects.get_or_create(language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        page = structure_page(kultursamverkan.load(HALLAND))
    caching.store().clear()
    return page


def _both(page: StructurePage) -> list[StructurePage]:
    return list(StructurePage.objects.filter(translation_key=page.translation_key).order_by("locale__language_code"))


def _text(client: Any, page: Page, host: str | None = None) -> str:
    response = client.get(urlparse(page.get_full_url()).path, HTTP_HOST=host or urlparse(page.get_full_url()).hostname)
    assert response.status_code == 200
    return response.content.decode()


def _publish_renamed(body: BodyPage, name: str, capture: Any) -> None:
    with capture(execute=True):
        body.title = body.name = name
        body.save_revision().publish()


def _rendered_ahead(monkeypatch: Any) -> list[int]:
    """The keys of the structure pages rendered ahead from now on, in order."""
    rendered: list[int] = []
    real = StructurePage.render_ahead
    monkeypatch.setattr(
        StructurePage, "render_ahead", lambda page, *args: (rendered.append(page.pk), real(page, *args))[1]
    )
    return rendered


def _gathered_for_listings(monkeypatch: Any) -> list[int]:
    """How many structures each reading for a listing (a region page's events) gathers, from now on."""
    from wagtail_kultursamverkan import pages

    gathered: list[int] = []
    real = pages._many_gatherer
    assert real is not None
    monkeypatch.setattr(pages, "_many_gatherer", lambda found: (gathered.append(len(found)), real(found))[1])
    return gathered


def _halland_on_its_own_site(capture: Any, port: int) -> StructurePage:
    """Halland imported (as committed) below the root of a site of its own, kultur.halland.example:``port``."""
    with capture(execute=True):
        home = Page.get_first_root_node().add_child(instance=Page(title="Halland", slug="halland-webbplats"))
        Site.objects.create(hostname="kultur.halland.example", port=port, root_page=home)
        importing.run([importing.Source("test", kultursamverkan.load(HALLAND))], home, Locale.get_default())
    return StructurePage.objects.get(locale=Locale.get_default())


def test_a_published_change_is_rendered_ahead_and_its_first_reader_reads_nothing(
    halland: StructurePage, client: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    pages = _both(halland)
    body = BodyPage.objects.child_of(halland).live().first()
    reads = _counted_reads(monkeypatch)
    _publish_renamed(body, "Kulturrådet i Halland", django_capture_on_commit_callbacks)
    assert reads == ["live", "live"]  # sv and en, once each, at the commit
    reads.clear()
    served = {p.pk: _text(client, p) for p in pages}
    assert reads == []
    assert "Kulturrådet i Halland" in served[halland.pk]
    # What a reader's own rendering shows: the cache emptied, rendered again with rendering ahead off.
    settings.KULTURSAMVERKAN_RENDER_AHEAD = False
    caching.store().clear()
    assert {p.pk: _text(client, p) for p in pages} == served
    assert reads == ["live", "live"]


@pytest.fixture
def halland_with_event(db: None, django_capture_on_commit_callbacks: Any) -> StructurePage:
    """Halland in sv and en with an upcoming event (its region pages list it), as committed; the cache empty."""
    Locale.objects.get_or_create(language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        page = structure_page(_with_event(kultursamverkan.load(HALLAND), "Höstmötet"))
    caching.store().clear()
    return page


def test_a_published_change_renders_its_region_pages_events_ahead(
    halland_with_event: StructurePage,
    client: Any,
    monkeypatch: Any,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    """A region page lists its structures' upcoming events, read from the structures: rendered at the
    commit, its first reader reads nothing, and sees what a reader's own rendering shows."""
    page = halland_with_event
    regions = [p.get_parent() for p in _both(page)]
    event = EventPage.objects.child_of(page).get()
    gathered = _gathered_for_listings(monkeypatch)
    reads = _counted_reads(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        event.name = event.title = "Höstmötet i Halmstad"
        event.save_revision().publish()
    # At the commit: the structure pages' readings (sv, en), which the region pages' lists take.
    assert reads == ["live", "live"]
    assert gathered == []
    served = {r.pk: _text(client, r) for r in regions}
    assert gathered == []
    assert "Höstmötet i Halmstad" in served[page.get_parent().pk]
    settings.KULTURSAMVERKAN_RENDER_AHEAD = False
    caching.store().clear()
    assert {r.pk: _text(client, r) for r in regions} == served
    assert gathered == [1, 1]

    # Unpublished, the structure leaves its region's list: that is rendered ahead too.
    settings.KULTURSAMVERKAN_RENDER_AHEAD = True
    gathered.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert gathered == []  # the sv region page now lists no structure; the en one the en page, read
    assert "Höstmötet i Halmstad" in _text(client, regions[1 - regions.index(page.get_parent())])
    assert "Höstmötet i Halmstad" not in _text(client, page.get_parent())
    assert gathered == []


def test_a_published_region_page_is_rendered_ahead_with_its_structures(
    halland_with_event: StructurePage,
    client: Any,
    monkeypatch: Any,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    """The region page's own data is in its structures (their region): publishing it renders them and
    the region page's list ahead, and their first readers read nothing."""
    page = halland_with_event
    region = page.get_parent().specific
    gathered = _gathered_for_listings(monkeypatch)
    reads = _counted_reads(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        region.title = "Region Halland, kultur"
        region.save_revision().publish()
    assert reads == ["live", "live"]  # the structure in sv and en
    assert gathered == []
    reads.clear()
    served = {p.pk: _text(client, p) for p in [page, region]}
    assert reads == gathered == []
    assert "Region Halland, kultur" in served[region.pk]
    settings.KULTURSAMVERKAN_RENDER_AHEAD = False
    caching.store().clear()
    assert {p.pk: _text(client, p) for p in [page, region]} == served


def test_a_draft_renders_nothing_ahead(
    halland: StructurePage, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    body = BodyPage.objects.child_of(halland).live().first()
    reads = _counted_reads(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        body.title = "Bara ett utkast"
        body.save_revision()
    assert reads == []


def test_turned_off_the_first_reader_renders(
    halland: StructurePage, client: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.KULTURSAMVERKAN_RENDER_AHEAD = False
    body = BodyPage.objects.child_of(halland).live().first()
    reads = _counted_reads(monkeypatch)
    _publish_renamed(body, "Nytt namn", django_capture_on_commit_callbacks)
    assert reads == []
    assert "Nytt namn" in _text(client, halland)
    assert reads == ["live"]


def test_a_private_structure_page_is_not_rendered_ahead(
    halland: StructurePage, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    swedish = halland
    english = next(p for p in _both(halland) if p.pk != halland.pk)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=swedish, restriction_type=PageViewRestriction.PASSWORD, password="x")
    reads = _counted_reads(monkeypatch)
    rendered = _rendered_ahead(monkeypatch)
    body = BodyPage.objects.child_of(halland).live().first()
    _publish_renamed(body, "Nytt namn", django_capture_on_commit_callbacks)
    assert rendered == [english.pk]
    assert reads == ["live"]


def test_a_failed_rendering_leaves_the_change_made_and_the_cdn_purged(
    halland: StructurePage, client: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.WAGTAILFRONTENDCACHE = {"recorder": {"BACKEND": "tests.wagtail_plugin.test_caching.RecordingBackend"}}
    PURGED.clear()

    def broken(self: StructurePage, *args: Any) -> None:
        raise RuntimeError("the cache is down")

    monkeypatch.setattr(StructurePage, "render_ahead", broken)
    before = caching.token(halland.translation_key)
    body = BodyPage.objects.child_of(halland).live().first()
    _publish_renamed(body, "Trots allt", django_capture_on_commit_callbacks)
    assert caching.token(halland.translation_key) != before
    assert halland.get_full_url() in PURGED
    monkeypatch.undo()
    assert "Trots allt" in _text(client, halland)


@pytest.mark.parametrize("allowed", [True, False])
def test_a_page_on_another_site_is_rendered_for_its_own_address(
    db: None, client: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any, settings: Any, allowed: bool
) -> None:
    """Its links are relative, as a request to that site renders them; a host readers cannot reach is skipped."""
    if not allowed:
        settings.ALLOWED_HOSTS = ["testserver"]
    page = _halland_on_its_own_site(django_capture_on_commit_callbacks, 8080)
    assert page.get_full_url().startswith("http://kultur.halland.example:8080/")
    caching.store().clear()
    reads = _counted_reads(monkeypatch)
    body = BodyPage.objects.child_of(page).live().first()
    _publish_renamed(body, "Nytt namn", django_capture_on_commit_callbacks)
    assert reads == (["live"] * StructurePage.objects.live().count() if allowed else [])  # each language
    if not allowed:
        return
    reads.clear()
    soup = BeautifulSoup(_text(client, page, "kultur.halland.example:8080"), "html.parser")
    assert reads == []
    body.refresh_from_db()
    assert urlparse(body.get_full_url()).path in {a["href"] for a in soup.select(".ks-structure a[href]")}


def test_the_request_for_a_page_is_its_sites_address(halland: StructurePage) -> None:
    request = render_ahead.request_for(halland)
    assert request is not None
    assert request.build_absolute_uri() == halland.get_full_url()
    assert Site.find_for_request(request).root_page_id == Site.objects.get(is_default_site=True).root_page_id


def test_the_command_renders_every_live_public_structure_page(
    halland: StructurePage, client: Any, monkeypatch: Any, settings: Any
) -> None:
    from io import StringIO

    from django.core.management import call_command

    pages = _both(halland)
    out = StringIO()
    reads = _counted_reads(monkeypatch)
    gathered = _gathered_for_listings(monkeypatch)
    call_command("kultursamverkan_render_ahead", stdout=out)
    regions = [p.get_parent() for p in pages]
    assert out.getvalue() == (
        f"rendered {len(pages)} of {len(pages)} structure pages\n"
        f"rendered {len(regions)} of {len(regions)} region pages\n"
    )
    assert reads == ["live"] * len(pages)
    assert gathered == []  # each region page's events from its structure page's reading
    reads.clear()
    gathered.clear()
    for page in [*pages, *regions]:
        _text(client, page)
    assert reads == []
    assert gathered == []

    caching.store().clear()
    settings.ALLOWED_HOSTS = ["elsewhere.example"]
    out = StringIO()
    call_command("kultursamverkan_render_ahead", stdout=out)
    assert out.getvalue().startswith(f"rendered 0 of {len(pages)} structure pages\n{len(pages)} not rendered: ")
    assert f"rendered 0 of {len(regions)} region pages\n{len(regions)} not rendered: " in out.getvalue()


def _served_as_a_reader_renders_it(client: Any, settings: Any, pages: list[StructurePage], hosts: list[str]) -> None:
    """Each page at each host ("": its own site's) is served, from what was rendered ahead, what a
    reader's own rendering serves (the cache emptied, rendering ahead off), byte for byte."""

    def served() -> dict[tuple[int, str], str]:
        out = {}
        for page, host in ((page, host) for page in pages for host in hosts):
            parts = urlparse(page.get_full_url())
            response = client.get(parts.path, HTTP_HOST=host or parts.netloc, secure=parts.scheme == "https")
            assert response.status_code == 200
            out[page.pk, host] = response.content.decode()
        return out

    ahead = served()
    settings.KULTURSAMVERKAN_RENDER_AHEAD = False
    caching.store().clear()
    assert served() == ahead


@pytest.mark.parametrize("port", [8080, 443])
def test_a_page_on_an_https_or_other_port_site_is_served_as_its_reader_renders_it(
    db: None, client: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any, settings: Any, port: int
) -> None:
    page = _halland_on_its_own_site(django_capture_on_commit_callbacks, port)
    caching.store().clear()
    _publish_renamed(BodyPage.objects.child_of(page).live().first(), "Nytt namn", django_capture_on_commit_callbacks)
    reads = _counted_reads(monkeypatch)
    _served_as_a_reader_renders_it(client, settings, [page], [""])
    assert reads == ["live"]  # by the reader, with rendering ahead off only


def test_two_sites_on_one_root_and_an_editor_in_english_get_what_readers_render(
    halland: StructurePage, client: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    """Wagtail's admin publishes in the editor's language and time zone: the rendering is in the page's."""
    from django.utils import timezone, translation

    default = Site.objects.get(is_default_site=True)
    Site.objects.create(hostname="alias.example", port=80, root_page=default.root_page)
    body = BodyPage.objects.child_of(halland).live().first()
    with translation.override("en"), timezone.override("America/Los_Angeles"):
        _publish_renamed(body, "Nytt namn", django_capture_on_commit_callbacks)
    _served_as_a_reader_renders_it(client, settings, _both(halland), ["", "alias.example"])


def test_a_task_backend_that_cannot_take_the_task_leaves_the_change_made_and_the_cdn_purged(
    halland: StructurePage, monkeypatch: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.WAGTAILFRONTENDCACHE = {"recorder": {"BACKEND": "tests.wagtail_plugin.test_caching.RecordingBackend"}}
    PURGED.clear()

    from django_tasks.backends.immediate import ImmediateBackend

    real = ImmediateBackend.enqueue

    def down(backend: Any, task: Any, args: Any, kwargs: Any) -> Any:
        if task.func is render_ahead.render_structures.func:
            raise ConnectionError("the task queue is down")
        return real(backend, task, args, kwargs)

    monkeypatch.setattr(ImmediateBackend, "enqueue", down)
    _publish_renamed(
        BodyPage.objects.child_of(halland).live().first(), "Trots allt", django_capture_on_commit_callbacks
    )
    assert halland.get_full_url() in PURGED


def test_a_page_that_fails_to_render_does_not_stop_the_others(
    halland: StructurePage, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rendered: list[int] = []
    real = StructurePage.render_ahead

    def flaky(page: StructurePage, *args: Any) -> bool:
        if page.pk == halland.pk:
            raise RuntimeError("this page fails")
        rendered.append(page.pk)
        return real(page, *args)

    monkeypatch.setattr(StructurePage, "render_ahead", flaky)
    _publish_renamed(BodyPage.objects.child_of(halland).live().first(), "Nytt namn", django_capture_on_commit_callbacks)
    assert rendered == [p.pk for p in _both(halland) if p.pk != halland.pk]


@pytest.fixture
def halland_committed(transactional_db: None) -> StructurePage:
    """Halland in sv and en, really committed: the admin's views then run in autocommit, as on a site.
    A transactional test before it may have emptied the database, content types included (seen after
    test_deployment on PostgreSQL): they, the root page and the site come back."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.sql import emit_post_migrate_signal

    if not ContentType.objects.exists():
        emit_post_migrate_signal(0, False, "default")  # content types and permissions, its cache renewed
    sv, _ = Locale.objects.get_or_create(language_code="sv")
    if not Site.objects.filter(is_default_site=True).exists():
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=sv))
        home = root.add_child(instance=Page(title="Hem", slug="hem", locale=sv))
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    Locale.objects.get_or_create(language_code="en")
    page = structure_page(kultursamverkan.load(HALLAND))
    caching.store().clear()
    return page


def test_unpublishing_with_subpages_in_the_admin_renders_each_page_once_after_the_request(
    halland_committed: StructurePage, client: Any, monkeypatch: Any
) -> None:
    """Wagtail's admin unpublishes a page and its subpages one at a time, each committed (and noted) at
    once: the structure is rendered ahead once, when the request has finished, not once per page."""
    from django.urls import reverse

    from .helpers import admin_user

    halland = halland_committed
    assert Page.objects.descendant_of(halland).live().count() > 5
    english = next(p for p in _both(halland) if p.pk != halland.pk)
    client.force_login(admin_user())
    rendered = _rendered_ahead(monkeypatch)
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[halland.pk]), {"include_descendants": "on"})
    assert response.status_code == 302
    assert not Page.objects.descendant_of(halland, inclusive=True).live().exists()
    assert rendered == [english.pk]


def test_moving_a_region_in_the_admin_renders_its_structures_at_their_new_address(
    halland_committed: StructurePage, client: Any, monkeypatch: Any, settings: Any
) -> None:
    """A region page moved to another part of the site gives every structure below it a new address:
    renewed, rendered ahead there after the request, and its connection closed again, as Django's is."""
    from django.urls import reverse

    from .helpers import admin_user

    halland = halland_committed
    region = halland.get_parent()
    section = region.get_parent().add_child(instance=Page(title="Kultur", slug="kultur"))
    before = caching.token(halland.translation_key)
    client.force_login(admin_user())
    rendered = _rendered_ahead(monkeypatch)
    closed: list[bool] = []
    monkeypatch.setattr(render_ahead, "close_old_connections", lambda: closed.append(True))
    response = client.post(reverse("wagtailadmin_pages:move_confirm", args=(region.pk, section.pk)))
    assert response.status_code == 302
    assert Page.objects.get(pk=region.pk).get_parent().pk == section.pk
    assert caching.token(halland.translation_key) != before
    assert sorted(rendered) == sorted(p.pk for p in _both(halland))
    assert closed == [True]
    moved = StructurePage.objects.get(pk=halland.pk)
    assert "/kultur/" in moved.get_full_url()
    _served_as_a_reader_renders_it(client, settings, _both(moved), [""])


@pytest.fixture
def regions(db: None, django_capture_on_commit_callbacks: Any) -> list[StructurePage]:
    """Two structures in Halland (events Höstmötet and Vårmötet) and one in Skåne (Skånemötet), sv and
    en, as committed; the cache empty."""
    Locale.objects.get_or_create(language_code="en")

    def with_event(path: Path, name: str, **changes: Any) -> Any:
        structure = _with_event(kultursamverkan.load(path), name)
        event = attrs.evolve(structure.events[-1], id=f"kommande-{len(name)}-{name[0].lower()}")
        return attrs.evolve(structure, events=(*structure.events[:-1], event), **changes)

    with django_capture_on_commit_callbacks(execute=True):
        pages = [
            structure_page(with_event(HALLAND, "Höstmötet")),
            structure_page(with_event(HALLAND, "Vårmötet", id="halland-2")),
            structure_page(with_event(HALLAND.parent / "skane.yaml", "Skånemötet")),
        ]
    caching.store().clear()
    return pages


def _region_pages() -> list[Page]:
    return list(RegionIndexPage.objects.live().order_by("path"))


@pytest.mark.parametrize("change", ["delete", "move"])
def test_a_structure_deleted_or_moved_away_renders_its_former_region_pages_events_ahead(
    regions: list[StructurePage],
    change: str,
    client: Any,
    monkeypatch: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Its page no longer leads to the region it left, whose list lost its events: that list is rendered
    ahead too (the region the change noted), and every region page is served as its reader renders it."""
    halland, _other, skane = regions
    former = halland.get_parent()
    for region in _region_pages():
        _text(client, region)
    gathered = _gathered_for_listings(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        if change == "delete":
            Page.objects.get(pk=halland.pk).delete()
        else:
            Page.objects.get(pk=skane.pk).move(former, pos="last-child")
            former = skane.get_parent()  # left without a structure
    gathered.clear()
    served = {r.pk: _text(client, r) for r in _region_pages()}
    assert gathered == []
    assert ("Höstmötet" if change == "delete" else "Skånemötet") not in served[former.pk]
    settings.KULTURSAMVERKAN_RENDER_AHEAD = False
    caching.store().clear()
    assert {r.pk: _text(client, r) for r in _region_pages()} == served


def test_a_private_or_unpublished_region_page_is_not_rendered_ahead_and_a_failing_one_stops_nothing(
    regions: list[StructurePage], monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    halland, _other, skane = regions
    region = halland.get_parent()
    rendered: list[int] = []
    real = RegionIndexPage.render_ahead

    def spy(page: RegionIndexPage, *args: Any) -> bool:
        rendered.append(page.pk)
        if page.pk == region.pk:
            raise RuntimeError("this region page fails")
        return real(page, *args)

    monkeypatch.setattr(RegionIndexPage, "render_ahead", spy)
    structures = _rendered_ahead(monkeypatch)
    english = RegionIndexPage.objects.get(translation_key=region.translation_key, locale__language_code="en")
    with django_capture_on_commit_callbacks(execute=True):  # Halland's and Skåne's structures
        Page.objects.get(pk=skane.pk).move(region, pos="last-child")
    assert {region.pk, english.pk} <= set(rendered)  # the failing one stopped neither the other
    assert sorted(structures) == sorted(StructurePage.objects.values_list("pk", flat=True))  # nor the structures

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=region, restriction_type=PageViewRestriction.PASSWORD, password="x")
    rendered.clear()
    _publish_renamed(
        BodyPage.objects.child_of(halland).live().first(), "Privat region", django_capture_on_commit_callbacks
    )
    assert rendered == [english.pk]
    PageViewRestriction.objects.all().delete()
    rendered.clear()
    with django_capture_on_commit_callbacks(execute=True):
        RegionIndexPage.objects.get(pk=region.pk).unpublish()
    assert english.pk in rendered
    assert region.pk not in rendered
