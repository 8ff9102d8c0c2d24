"""What browsers and a CDN are told about pages that show a structure: kept no later than the end of the
day what they say holds (``caching.keep_no_later_than``): a host page showing a display block (through the
middleware, as its blocks render after ``serve``), the region index listing upcoming events, never a
preview, and never longer than the site itself allows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

import attrs
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.cache import get_max_age, patch_cache_control

import kultursamverkan
from kultursamverkan.model import Event
from kultursamverkan.values import LocalizedText, PartialDate
from kultursamverkan.vocab import EventKind
from wagtail_kultursamverkan import caching
from wagtail_kultursamverkan.middleware import KeepNoLaterThan
from wagtail_kultursamverkan.models import StructurePage

from .helpers import site_root, structure_page

REGIONS = Path(__file__).resolve().parents[2] / "examples" / "regions"
NEXT_YEAR = dt.date.today().year + 1


@pytest.fixture
def committed(db: None, django_capture_on_commit_callbacks: Any) -> Any:
    def run(change: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


def _timeless(structure: kultursamverkan.Structure) -> kultursamverkan.Structure:
    """Nothing it says changes with the day: no events, no meeting cadence."""
    structure = attrs.evolve(structure, events=())
    return attrs.evolve(structure, bodies=tuple(attrs.evolve(b, cadence=None) for b in structure.bodies))


def _with_event(structure: kultursamverkan.Structure, year: int) -> kultursamverkan.Structure:
    event = Event(
        id=f"kommande-{year}",
        name=LocalizedText(sv="Höstmötet"),
        kind=EventKind.CONFERENCE,
        date=PartialDate.parse(str(year)),
    )
    return attrs.evolve(structure, events=(*structure.events, event))


def _host_page(title: str, chosen: StructurePage, block: str) -> Any:
    from .hostapp.models import ArticlePage

    page = ArticlePage(title=title, slug=title.lower(), body=[(block, {"page": chosen})])
    site_root().add_child(instance=page)
    page.save_revision().publish()
    return page


def _seconds_to_end_of(year: int) -> float:
    return (dt.datetime(year + 1, 1, 1) - dt.datetime.now()).total_seconds()


@pytest.mark.parametrize(
    "block", ["kultursamverkan_overview", "kultursamverkan_diagram", "kultursamverkan_representatives"]
)
def test_a_host_page_with_a_block_is_kept_no_later_than_the_structure_reads_the_same(
    client: Any, committed: Any, block: str, settings: Any
) -> None:
    settings.KULTURSAMVERKAN_CACHE_SECONDS = None  # no cap: the day alone
    structure = _with_event(_timeless(kultursamverkan.load(REGIONS / "halland.yaml")), NEXT_YEAR)
    chosen = committed(lambda: structure_page(structure))
    host = committed(lambda: _host_page("Vard", chosen, block))
    for _ in range(2):  # rendered, then from the cache
        response = client.get(host.url)
        assert response.status_code == 200
        left = _seconds_to_end_of(NEXT_YEAR)
        assert left - 60 <= get_max_age(response) <= left


def test_of_two_blocks_the_earlier_day_counts(client: Any, committed: Any, settings: Any) -> None:
    settings.KULTURSAMVERKAN_CACHE_SECONDS = None
    base = _timeless(kultursamverkan.load(REGIONS / "halland.yaml"))
    later = committed(lambda: structure_page(_with_event(base, NEXT_YEAR + 1)))
    sooner = committed(lambda: structure_page(_with_event(attrs.evolve(base, id="annan"), NEXT_YEAR)))
    from .hostapp.models import ArticlePage

    def make() -> Any:
        page = ArticlePage(
            title="Tva",
            slug="tva",
            body=[("kultursamverkan_overview", {"page": later}), ("kultursamverkan_diagram", {"page": sooner})],
        )
        site_root().add_child(instance=page)
        page.save_revision().publish()
        return page

    host = committed(make)
    response = client.get(host.url)
    left = _seconds_to_end_of(NEXT_YEAR)
    assert left - 60 <= get_max_age(response) <= left


def test_a_host_page_of_a_timeless_structure_and_a_page_of_text_set_no_lifetime(client: Any, committed: Any) -> None:
    chosen = committed(lambda: structure_page(_timeless(kultursamverkan.load(REGIONS / "halland.yaml"))))
    for host in (
        committed(lambda: _host_page("Vard", chosen, "kultursamverkan_overview")),
        committed(lambda: _host_page("Text", chosen, "text")),
    ):
        response = client.get(host.url)
        assert response.status_code == 200
        assert get_max_age(response) is None


def test_the_region_index_listing_upcoming_events_is_kept_to_the_end_of_the_day(client: Any, committed: Any) -> None:
    page = committed(lambda: structure_page(_with_event(kultursamverkan.load(REGIONS / "halland.yaml"), NEXT_YEAR)))
    index = page.get_parent()
    for _ in range(2):
        response = client.get(index.url)
        assert "Höstmötet" in response.content.decode()
        left = (
            dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time()) - dt.datetime.now()
        ).total_seconds()
        assert left - 60 <= get_max_age(response) <= left


def test_a_region_index_with_no_upcoming_event_sets_no_lifetime(client: Any, committed: Any) -> None:
    page = committed(lambda: structure_page(_timeless(kultursamverkan.load(REGIONS / "halland.yaml"))))
    response = client.get(page.get_parent().url)
    assert response.status_code == 200
    assert get_max_age(response) is None


def test_the_middleware_keeps_a_shorter_lifetime_the_site_set_and_leaves_previews_alone(settings: Any) -> None:
    request = RequestFactory().get("/")
    caching.note_through(request, (dt.date.today() + dt.timedelta(days=30)).isoformat())
    caching.note_through(request, None)  # a rendering that holds whatever the day: changes nothing

    def short(_request: Any) -> HttpResponse:
        response = HttpResponse("ok")
        patch_cache_control(response, max_age=300)
        return response

    assert get_max_age(KeepNoLaterThan(short)(request)) == 300
    # No longer than a rendering is kept (a day by default), else to the end of the day noted.
    assert get_max_age(KeepNoLaterThan(lambda _r: HttpResponse("ok"))(request)) == caching.DEFAULT_SECONDS
    settings.KULTURSAMVERKAN_CACHE_SECONDS = None
    assert get_max_age(KeepNoLaterThan(lambda _r: HttpResponse("ok"))(request)) > 29 * 24 * 3600
    request.is_preview = True
    assert get_max_age(KeepNoLaterThan(lambda _r: HttpResponse("ok"))(request)) is None


def test_a_signed_in_readers_page_is_kept_by_the_browser_only(client: Any, committed: Any) -> None:
    """What Wagtail shows a signed-in reader (its user bar, say) must not reach a shared cache that ignores
    ``Vary: Cookie``: the lifetime holds for the browser alone."""
    from django.contrib.auth import get_user_model

    page = committed(lambda: structure_page(_with_event(kultursamverkan.load(REGIONS / "halland.yaml"), NEXT_YEAR)))
    assert "private" not in client.get(page.url)["Cache-Control"]
    client.force_login(get_user_model().objects.create_user("lasare", password="x"))
    response = client.get(page.url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert get_max_age(response) is not None
