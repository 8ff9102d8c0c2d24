"""The region index, the comparison page and the API's structure data: cached with the structures'
tokens, in a number of queries that does not grow with the structures, never stale after a commit,
never changed by a draft, and fresh in the transaction that made a change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

import attrs
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

import kultursamverkan
from kultursamverkan.model import Event
from kultursamverkan.values import LocalizedText, PartialDate
from kultursamverkan.vocab import EventKind
from wagtail_kultursamverkan import caching
from wagtail_kultursamverkan.models import (
    BodyPage,
    ComparisonPage,
    EventPage,
    Organisation,
    PlanPage,
    RegionIndexPage,
    StructurePage,
)

from .helpers import site_root, structure_page

REGIONS = Path(__file__).resolve().parents[2] / "examples" / "regions"
API = "/api/v2/pages/?type=wagtail_kultursamverkan.StructurePage&fields=kultursamverkan&locale=sv&limit=20"
NEXT_YEAR = str(dt.date.today().year + 1)


def _with_event(structure: kultursamverkan.Structure, name: str) -> kultursamverkan.Structure:
    """The structure with one upcoming event named ``name`` (the region index lists upcoming events)."""
    event = Event(
        id="kommande", name=LocalizedText(sv=name), kind=EventKind.CONFERENCE, date=PartialDate.parse(NEXT_YEAR)
    )
    return attrs.evolve(structure, events=(*structure.events, event))


@pytest.fixture
def committed(db: None, django_capture_on_commit_callbacks: Any) -> Any:
    """Runs a change as if its transaction committed (``on_commit`` callbacks run)."""

    def run(change: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


@pytest.fixture
def region(committed: Any) -> StructurePage:
    """Halland's structure with an upcoming event, committed; the cache empty."""
    page = committed(lambda: structure_page(_with_event(kultursamverkan.load(REGIONS / "halland.yaml"), "Höstmötet")))
    caching.store().clear()
    return page


@pytest.fixture
def comparison(committed: Any) -> ComparisonPage:
    def make() -> ComparisonPage:
        page = ComparisonPage(title="Jämför", slug="jamfor")
        site_root().add_child(instance=page)
        page.save_revision().publish()
        return page

    return committed(make)


def _text(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def _api(client: Any) -> dict[str, Any]:
    """The API listing's structure data by structure page id."""
    response = client.get(API)
    assert response.status_code == 200
    return {item["id"]: item["kultursamverkan"] for item in response.json()["items"]}


class CountingStore:
    """The render cache, counting the reads that go to it (each one a round trip to Redis)."""

    def __init__(self, store: Any) -> None:
        self.store, self.reads = store, 0

    def get(self, *args: Any, **kwargs: Any) -> Any:
        self.reads += 1
        return self.store.get(*args, **kwargs)

    def get_many(self, *args: Any, **kwargs: Any) -> Any:
        self.reads += 1
        return self.store.get_many(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def _queries(client: Any, url: str) -> tuple[int, int]:
    """Queries and render cache reads of a request, warm."""
    client.get(url)  # warm: site root paths, content types, the cache entries
    counting = CountingStore(caching.store())
    with CaptureQueriesContext(connection) as queries, patch.object(caching, "store", lambda: counting):
        assert client.get(url).status_code == 200
    return len(queries), counting.reads


def _cold_queries(client: Any, url: str) -> int:
    client.get(url)
    caching.store().clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# ------------------------------------------------------------------ a fixed number of queries


def test_queries_and_cache_reads_do_not_grow_from_one_structure_to_five(
    client: Any, committed: Any, comparison: ComparisonPage
) -> None:
    base = _with_event(kultursamverkan.load(REGIONS / "halland.yaml"), "Höstmötet")
    pages = [committed(lambda: structure_page(base))]
    index = pages[0].get_parent().specific
    urls = {"region index": index.url, "API listing": API, "comparison": comparison.url}
    one = {name: _queries(client, url) for name, url in urls.items()}
    cold_one = {name: _cold_queries(client, url) for name, url in urls.items()}
    while len(pages) < 5:
        n = len(pages)
        pages.append(committed(lambda n=n: structure_page(attrs.evolve(base, id=f"{base.id}-{n}"))))
    five = {name: _queries(client, url) for name, url in urls.items()}
    assert one == five
    assert len(_api(client)) == 5
    assert _text(client, index.url).count("Höstmötet") == 1  # one event, shared by the structures: listed once
    assert all(reads <= 3 for _queries, reads in five.values()), five  # tokens, then the entry (the event list)
    # With an empty cache the structures are gathered, all together: no more queries for five than for one.
    cold = {name: _cold_queries(client, url) for name, url in urls.items()}
    assert all(cold[name] > five[name][0] for name in urls), (cold, five)
    assert cold == cold_one
    print(
        f"\n(queries, cache reads), warm: 1 structure {one}, 5 structures {five}; cold queries: 1 {cold_one}, 5 {cold}"
    )


# ------------------------------------------------------------------ never stale after a commit


def test_a_published_change_below_a_structure_shows_after_commit(
    client: Any, committed: Any, region: StructurePage, comparison: ComparisonPage
) -> None:
    index = region.get_parent().specific
    assert "Höstmötet" in _text(client, index.url)
    assert _api(client)[region.pk]["events"][-1]["name"]["sv"] == "Höstmötet"
    event = EventPage.objects.child_of(region).get(identifier="kommande")
    event.name = event.title = "Vintermötet"
    committed(lambda: event.save_revision().publish())
    assert "Vintermötet" in _text(client, index.url)
    assert "Höstmötet" not in _text(client, index.url)
    assert _api(client)[region.pk]["events"][-1]["name"]["sv"] == "Vintermötet"

    body = BodyPage.objects.child_of(region).order_by("path").first()
    translations = list(BodyPage.objects.filter(translation_key=body.translation_key))
    assert len(translations) == 2  # sv and en: the structure has the body while either is live
    before = _text(client, comparison.url)
    for page in translations:
        committed(page.unpublish)
    assert body.identifier not in {b["id"] for b in _api(client)[region.pk]["bodies"]}
    assert _text(client, comparison.url) != before  # one body fewer in its tier

    for page in translations:
        committed(lambda page=page: BodyPage.objects.get(pk=page.pk).save_revision().publish())
    assert _text(client, comparison.url) == before
    assert body.identifier in {b["id"] for b in _api(client)[region.pk]["bodies"]}


def test_a_structure_published_or_unpublished_shows_at_once(
    client: Any, committed: Any, region: StructurePage, comparison: ComparisonPage
) -> None:
    index = region.get_parent().specific
    name = region.structure().region.name.text("sv")
    assert region.title in _text(client, index.url)
    assert name in _text(client, comparison.url)
    committed(region.unpublish)
    assert region.title not in _text(client, index.url)
    assert "Höstmötet" not in _text(client, index.url)
    assert name not in _text(client, comparison.url)
    assert region.pk not in _api(client)
    live = StructurePage.objects.get(pk=region.pk)
    live.title = "Hallands nya struktur"
    committed(lambda: live.save_revision().publish())
    assert "Hallands nya struktur" in _text(client, index.url)
    assert "Höstmötet" in _text(client, index.url)
    assert name in _text(client, comparison.url)
    assert region.pk in _api(client)


def test_a_plan_and_a_snippet_change_show_after_commit(
    client: Any, committed: Any, region: StructurePage, comparison: ComparisonPage
) -> None:
    index = region.get_parent().specific
    plan = PlanPage.objects.child_of(region).order_by("path").first()
    _text(client, index.url)
    plan.title = plan.name = "Ny kulturplan"
    committed(lambda: plan.save_revision().publish())
    assert "Ny kulturplan" in _text(client, index.url)
    assert "Ny kulturplan" in {p["name"]["sv"] for p in _api(client)[region.pk]["plans"]}
    for page in PlanPage.objects.filter(translation_key=plan.translation_key):  # sv and en
        committed(page.unpublish)
    assert "Ny kulturplan" not in _text(client, index.url)
    assert plan.identifier not in {p["id"] for p in _api(client)[region.pk]["plans"]}

    org = Organisation.objects.filter(locale=region.locale).order_by("pk").first()
    assert org.identifier in {o["id"] for o in _api(client)[region.pk]["organisations"]}
    org.name = "Omdöpt organisation"
    committed(org.save)
    names = {o["name"]["sv"] for o in _api(client)[region.pk]["organisations"]}
    assert "Omdöpt organisation" in names


def test_the_region_page_itself_changes_at_once(client: Any, committed: Any, region: StructurePage) -> None:
    index = RegionIndexPage.objects.get(pk=region.get_parent().pk)
    _text(client, index.url)
    index.title = "Halland samverkar"
    committed(lambda: index.save_revision().publish())
    assert "Halland samverkar" in _text(client, index.url)


# ------------------------------------------------------------------ drafts, privacy, own writes


def test_drafts_change_nothing_shown(
    client: Any, committed: Any, region: StructurePage, comparison: ComparisonPage
) -> None:
    index = region.get_parent().specific
    before = (_text(client, index.url), _text(client, comparison.url), _api(client))
    event = EventPage.objects.child_of(region).get(identifier="kommande")
    event.name = event.title = "Utkastmötet"
    committed(event.save_revision)
    live = StructurePage.objects.get(pk=region.pk)
    live.title = "Utkasttitel"
    committed(live.save_revision)
    index.title = "Utkastregion"
    committed(index.save_revision)
    caching.store().clear()  # not from the cache either: the drafts are not what readers get
    after = (_text(client, index.url), _text(client, comparison.url), _api(client))
    assert after == before
    assert "Utkast" not in after[0]


def test_a_structure_made_private_leaves_every_listing_at_once(
    client: Any, committed: Any, region: StructurePage, comparison: ComparisonPage
) -> None:
    index = region.get_parent().specific
    name = region.structure().region.name.text("sv")
    assert "Höstmötet" in _text(client, index.url)
    committed(
        lambda: PageViewRestriction.objects.create(
            page=Page.objects.get(pk=region.pk), restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    )
    text = _text(client, index.url)
    assert region.title not in text
    assert "Höstmötet" not in text
    assert name not in _text(client, comparison.url)
    assert region.pk not in _api(client)


def test_the_transaction_making_a_change_reads_it_uncached(client: Any, region: StructurePage) -> None:
    """Not committed: its own reads (a display block, the API in a test) see the change, and nothing it
    reads is cached (another process would find it under the old token)."""
    index = region.get_parent().specific
    assert "Höstmötet" in _text(client, index.url)
    _api(client)
    event = EventPage.objects.child_of(region).get(identifier="kommande")
    event.name = event.title = "Vintermötet"
    event.save_revision().publish()  # its on_commit never runs here
    assert "Vintermötet" in _text(client, index.url)
    assert _api(client)[region.pk]["events"][-1]["name"]["sv"] == "Vintermötet"
    caching.release()  # as another process would, before the commit: the old entries, under the old token
    assert "Höstmötet" in _text(client, index.url)
    assert _api(client)[region.pk]["events"][-1]["name"]["sv"] == "Höstmötet"


def test_the_transaction_making_a_change_renders_the_structure_page_uncached(
    client: Any, region: StructurePage
) -> None:
    """The structure page and its exports, as the region index above: read in the transaction that
    changed them, they show the change, and nothing of it is cached under the old token."""
    jsonld = region.url + region.reverse_subpage("export", kwargs={"name": "jsonld"})
    assert "Höstmötet" in _text(client, region.url)
    assert "Höstmötet" in client.get(jsonld).content.decode()
    event = EventPage.objects.child_of(region).get(identifier="kommande")
    event.name = event.title = "Vintermötet"
    event.save_revision().publish()  # its on_commit never runs here
    assert "Vintermötet" in _text(client, region.url)
    assert "Vintermötet" in client.get(jsonld).content.decode()
    caching.release()  # another process, before the commit: the committed content, under the old token
    assert "Höstmötet" in _text(client, region.url)
    assert "Höstmötet" in client.get(jsonld).content.decode()


def test_data_read_ahead_for_a_listing_is_not_used_after_a_commit(
    client: Any, committed: Any, region: StructurePage
) -> None:
    """The API listing reads its pages' data together; a page read after a change was committed asks again."""
    other = committed(lambda: structure_page(kultursamverkan.load(REGIONS / "stockholm.yaml")))
    for page in StructurePage.objects.filter(pk__in=[region.pk, other.pk]):
        page.kultursamverkan  # noqa: B018 - fills the cache
    first, second = StructurePage.objects.filter(pk__in=[region.pk, other.pk]).order_by("pk")
    assert first.kultursamverkan is not None  # reads both pages' data
    body = BodyPage.objects.child_of(second).order_by("path").first()
    body.name = body.title = "Nytt namn på gruppen"
    committed(lambda: body.save_revision().publish())
    names = {b["name"]["sv"] for b in second.kultursamverkan["bodies"]}
    assert "Nytt namn på gruppen" in names


def test_structure_pages_come_with_their_locale_and_still_allow_only(region: StructurePage) -> None:
    """The manager joins the locale; ``only()`` without it drops the join instead of failing (as
    Django would: a relation cannot be both deferred and followed), and keeps it when asked for."""
    with CaptureQueriesContext(connection) as queries:
        pages = list(StructurePage.objects.filter(pk=region.pk))
        assert pages[0].locale.language_code == "sv"
    assert len(queries) == 1
    assert [p.path for p in StructurePage.objects.filter(pk=region.pk).only("path")] == [region.path]
    with CaptureQueriesContext(connection) as queries:
        (page,) = StructurePage.objects.filter(pk=region.pk).only("path", "locale")
        assert page.locale.language_code == "sv"
    assert len(queries) == 1


def test_public_in_the_query_is_wagtails_public(region: StructurePage) -> None:
    """``pages.public`` leaves out what Wagtail's ``public()`` leaves out (a restricted page and every
    page below it), with the restrictions read in the listing's own query."""
    from wagtail_kultursamverkan.pages import public

    index = region.get_parent()
    body = BodyPage.objects.child_of(region).order_by("path").first()
    english = region.get_translations().get(locale__language_code="en")
    for page in (body, english, index, site_root()):
        PageViewRestriction.objects.create(
            page=Page.objects.get(pk=page.pk), restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        with CaptureQueriesContext(connection) as queries:
            ours = set(public(Page.objects.all()).values_list("pk", flat=True))
        assert len(queries) == 1
        assert ours == set(Page.objects.public().values_list("pk", flat=True))
        assert page.pk not in ours
    assert not ours & set(site_root().get_descendants(inclusive=True).values_list("pk", flat=True))


def test_the_region_index_links_its_structures_reading_the_site_root_paths_once_a_request(
    client: Any, committed: Any
) -> None:
    """Each link is the page's address as Wagtail gives it, from the site root paths the request holds:
    a page's own ``url`` would read them from the cache once per listed page."""
    from wagtail.models import Site

    base = kultursamverkan.load(REGIONS / "halland.yaml")
    pages: list[StructurePage] = []
    reads = []
    for count in (1, 4):
        while len(pages) < count:
            n = len(pages)
            pages.append(committed(lambda n=n: structure_page(attrs.evolve(base, id=f"{base.id}-{n}"))))
        index = pages[0].get_parent().specific
        client.get(index.url)
        with patch.object(Site, "get_site_root_paths", side_effect=Site.get_site_root_paths) as counted:
            response = client.get(index.url)
        reads.append(counted.call_count)
        soup = BeautifulSoup(response.content, "html.parser")
        links = {a["href"] for a in soup.select(".ks-region-index__structures a")}
        assert links == {page.url for page in pages}
    assert reads[0] == reads[1]


def test_structures_gathered_together_are_each_what_gathering_it_alone_gives(committed: Any) -> None:
    """``extract.gather_many`` (a listing's, with an empty cache) reads every structure at once: each
    one's data is what ``extract.gather`` reads for it alone, in both languages, references included."""
    from wagtail_kultursamverkan import extract

    pages = [
        committed(lambda name=name: structure_page(kultursamverkan.load(REGIONS / f"{name}.yaml")))
        for name in ("halland", "stockholm", "skane")
    ]
    pages += [p.get_translations().get(locale__language_code="en") for p in pages[:2]]
    with CaptureQueriesContext(connection) as queries:
        together = extract.gather_many(pages)
    assert set(together) == {p.pk for p in pages}
    for page in pages:
        alone = extract.gather(page)
        assert together[page.pk].data == alone.data
        assert together[page.pk].structure_pages == alone.structure_pages
    with CaptureQueriesContext(connection) as one:
        extract.gather_many(pages[:1])
    assert len(queries) == len(one)


def test_a_structure_page_is_kept_by_shared_caches_no_later_than_its_next_date(
    client: Any, region: StructurePage, settings: Any
) -> None:
    """An upcoming event next year: browsers and a CDN may keep the page to the end of that year, not after,
    when it would still list the event as upcoming (``overview.unchanged_through``); and no longer than a
    rendering is kept (``KULTURSAMVERKAN_CACHE_SECONDS``, a day by default)."""
    from django.utils.cache import get_max_age

    for _ in range(2):
        assert get_max_age(client.get(region.url)) == caching.seconds() == caching.DEFAULT_SECONDS
    settings.KULTURSAMVERKAN_CACHE_SECONDS = None
    end = dt.datetime(int(NEXT_YEAR) + 1, 1, 1)
    for _ in range(2):  # rendered, then from the cache: the same headers
        response = client.get(region.url)
        assert response.status_code == 200
        left = (end - dt.datetime.now()).total_seconds()
        assert left - 60 <= get_max_age(response) <= left


def test_a_structure_page_with_no_date_to_come_sets_no_lifetime(client: Any, committed: Any) -> None:
    """Nothing it says changes with the day: the site's own caching rules stand."""
    from django.utils.cache import get_max_age

    from kultursamverkan.overview import unchanged_through

    structure = attrs.evolve(kultursamverkan.load(REGIONS / "halland.yaml"), events=())
    structure = attrs.evolve(structure, bodies=tuple(attrs.evolve(b, cadence=None) for b in structure.bodies))
    assert unchanged_through(structure) is None
    page = committed(lambda: structure_page(structure))
    response = client.get(page.url)
    assert response.status_code == 200
    assert get_max_age(response) is None
