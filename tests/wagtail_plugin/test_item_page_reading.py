"""What an item page shows now that it reads its structure page's cache (``StructurePage.item_rendered``):
what gathering its own structure showed before, for the cases the cache does not hold alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

import kultursamverkan
from kultursamverkan.render import render_item
from wagtail_kultursamverkan import caching
from wagtail_kultursamverkan.language import page_language
from wagtail_kultursamverkan.models import PlanPage, StructurePage

from .helpers import admin_user, structure_page

REGIONS = Path(__file__).resolve().parents[2] / "examples" / "regions"


@pytest.fixture
def committed(db: None, django_capture_on_commit_callbacks: Any) -> Any:
    def run(change: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


@pytest.fixture
def halland(committed: Any) -> StructurePage:
    page = committed(lambda: structure_page(kultursamverkan.load(REGIONS / "halland.yaml")))
    caching.store().clear()
    return page


def _article(response: Any) -> str:
    html = response.content.decode()
    return html[html.index('<article lang="') : html.rindex("</article>")]


def test_a_private_plan_page_shows_its_plan_to_the_readers_let_in(
    client: Any, halland: StructurePage, committed: Any
) -> None:
    """A plan page of its own restricted is no part of the structure its parent shows, but its own page
    showed the plan (and its JSON-LD) to those let in, gathered with it: it still does."""
    plan = PlanPage.objects.child_of(halland).live().first()
    committed(lambda: PageViewRestriction.objects.create(page=plan, restriction_type=PageViewRestriction.LOGIN))
    item, structure = plan.core_item("live")  # what it showed before
    expected = render_item(item, structure, page_language(plan), 1, urls=halland.page_urls())
    assert expected
    client.force_login(admin_user())
    for _ in range(2):
        response = client.get(plan.url)
        assert response.status_code == 200
        assert expected in _article(response)
        [script] = BeautifulSoup(response.content, "html.parser").find_all("script", type="application/ld+json")
        assert json.loads(script.string)


def test_the_tags_take_a_plan_pages_lazy_context_of_a_structure_that_does_not_validate(
    rf: Any, halland: StructurePage
) -> None:
    """``plan`` and ``plan_structure`` are lazy now: where the structure does not validate they stand for
    None, which a site's own plan template passes to the tags as it passed None before."""
    from django.template import Context, Template
    from wagtail.models import Page

    from wagtail_kultursamverkan import stored_readings
    from wagtail_kultursamverkan.models import BodyPage

    first, second = BodyPage.objects.child_of(halland).live()[:2]
    BodyPage.objects.filter(pk=second.pk).update(identifier=first.identifier)  # two bodies of one id
    stored_readings.forget_all()
    caching.store().clear()
    plan = PlanPage.objects.child_of(halland).live().first()
    request = rf.get(plan.url)
    request.user = admin_user()
    request.site = None
    context = Page.objects.get(pk=plan.pk).specific.get_context(request)
    assert not context["item_html"]
    template = Template(
        "{% load kultursamverkan %}"
        "[{% kultursamverkan_plan_html plan plan_structure lang %}]"
        "[{% kultursamverkan_plan_jsonld plan plan_structure plan_jsonld_base %}]"
        "[{% kultursamverkan_html plan_structure lang %}]"
        "[{% kultursamverkan_jsonld plan_structure %}]"
        "[{% kultursamverkan_html item_structure lang %}]"
    )
    assert template.render(Context(context)) == "[][][][][]"


def test_an_item_page_below_a_private_structure_is_kept_by_no_shared_cache(client: Any, committed: Any) -> None:
    """The item page now has a lifetime of its own: Wagtail's headers for a restricted page still win."""
    import datetime as dt

    import attrs
    from django.utils.cache import get_max_age

    from kultursamverkan.model import Event
    from kultursamverkan.values import LocalizedText, PartialDate
    from kultursamverkan.vocab import EventKind
    from wagtail_kultursamverkan.models import BodyPage

    structure = kultursamverkan.load(REGIONS / "halland.yaml")
    event = Event(
        id="kommande",
        name=LocalizedText(sv="Höstmötet"),
        kind=EventKind.CONFERENCE,
        date=PartialDate.parse(str(dt.date.today().year + 1)),
    )
    page = committed(lambda: structure_page(attrs.evolve(structure, events=(*structure.events, event))))
    committed(lambda: PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN))
    body = BodyPage.objects.child_of(page).live().first()
    client.force_login(admin_user())
    for _ in range(2):
        response = client.get(body.url)
        assert response.status_code == 200
        assert body.name in _article(response)
        assert get_max_age(response) == 0
        assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("status", [301, 302, 404, 500, 503])
def test_a_response_other_than_the_page_is_given_no_lifetime(rf: Any, status: int) -> None:
    """A page whose blocks rendered (noting their day) and then failed, or a redirect or error made
    after that: a CDN must not keep an error page until the structure's next date."""
    import datetime as dt

    from django.http import HttpResponse
    from django.utils.cache import get_max_age

    from wagtail_kultursamverkan.middleware import KeepNoLaterThan

    request = rf.get("/")

    def view(request: Any) -> HttpResponse:
        caching.note_through(request, (dt.date.today() + dt.timedelta(days=30)).isoformat())
        return HttpResponse("fel", status=status)

    response = KeepNoLaterThan(view)(request)
    assert get_max_age(response) is None
    assert KeepNoLaterThan(lambda r: view(r) and HttpResponse("sida"))(rf.get("/")).get("Cache-Control")


def _items(structure: StructurePage) -> list[Any]:
    from wagtail.models import Page

    from wagtail_kultursamverkan.pages import ItemPageMixin

    pages = []
    for translation in structure.get_translations(inclusive=True):
        pages += [p for p in Page.objects.child_of(translation).live().specific() if isinstance(p, ItemPageMixin)]
    return pages


@pytest.mark.parametrize("hidden", ["private", "unpublished"])
def test_every_item_page_shows_what_gathering_gave_with_a_translation_hidden(
    client: Any, halland: StructurePage, committed: Any, hidden: str
) -> None:
    en = halland.get_translations().get()
    if hidden == "private":
        committed(lambda: PageViewRestriction.objects.create(page=en, restriction_type=PageViewRestriction.LOGIN))
    else:
        committed(lambda: en.specific.unpublish())
    client.force_login(admin_user())
    pages = _items(halland)
    assert {page_language(p) for p in pages} == {"sv", "en"}
    for page in pages:
        item, structure = page.core_item("live")
        parent = page.structure_page()
        gathered = render_item(item, structure, page_language(page), 1, urls=parent.page_urls())
        for _ in range(2):
            response = client.get(page.url)
            assert response.status_code == 200
            assert gathered in _article(response), page.url


def test_an_item_page_on_two_sites_shows_each_sites_links_and_ids(client: Any, halland: StructurePage) -> None:
    """One page tree served under two host names: each has the links and @ids gathering gave it."""
    from wagtail.models import Site

    from .helpers import site_root

    Site.objects.create(hostname="andra.example", port=80, root_page=site_root(), site_name="Andra")
    plan = PlanPage.objects.child_of(halland).live().first()
    body = halland.get_children().live().exclude(pk=plan.pk).first().specific
    for host in ("localhost", "andra.example", "localhost"):
        for page in (plan, body):
            request = client.get(page.url, HTTP_HOST=host).wsgi_request
            item, structure = page.core_item("live")
            parent = page.structure_page()
            gathered = render_item(item, structure, page_language(page), 1, urls=parent.page_urls(request))
            response = client.get(page.url, HTTP_HOST=host)
            assert response.status_code == 200
            assert gathered in _article(response), (host, page.url)
        soup = BeautifulSoup(client.get(plan.url, HTTP_HOST=host).content, "html.parser")
        [script] = soup.find_all("script", type="application/ld+json")
        assert f"//{host}" in script.string
