"""A structure page's first render reads its subtree once, as stored columns, and works out its links'
URLs from its own: the same structure, links and URLs as from the page instances and Wagtail's methods."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.apps import apps as django_apps
from django.test import RequestFactory
from wagtail.models import Locale, Page, PageViewRestriction, Site

import kultursamverkan
from wagtail_kultursamverkan import caching, extract, mapping
from wagtail_kultursamverkan.blocks import PAGE_TYPES
from wagtail_kultursamverkan.models import (
    ITEM_PAGES,
    BodyPage,
    CollaborationPage,
    EventPage,
    Organisation,
    Person,
    PlanPage,
    RegionIndexPage,
    StructurePage,
)

from .helpers import structure_page
from .hostapp.models import ArticlePage

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = ROOT / "examples" / "complete.yaml"


@pytest.fixture
def pages(db: None) -> list[StructurePage]:
    """The complete example's structure page in sv and en."""
    Locale.objects.get_or_create(language_code="en")
    page = structure_page(kultursamverkan.load(COMPLETE))
    return [p.specific for p in page.get_translations(inclusive=True).order_by("pk")]


def _shape(links: list[Any]) -> list[tuple[Any, str, bool]]:
    return sorted((link.identifier, link.url_path, link.item) for link in links)


def _hide_some(page: StructurePage) -> None:
    """A private plan, a body whose own revision is unpublished, and a body with a draft."""
    plan = PlanPage.objects.child_of(page).first()
    assert plan is not None
    PageViewRestriction.objects.create(page=plan, restriction_type=PageViewRestriction.PASSWORD, password="x")
    bodies = list(BodyPage.objects.child_of(page).order_by("path"))
    bodies[0].unpublish()
    bodies[1].title = "Ett utkast"
    bodies[1].save_revision()


def test_every_page_and_snippet_reads_alike_from_its_columns_and_from_its_instance(pages: list[StructurePage]) -> None:
    for model in ITEM_PAGES.values():
        stored = {row.pk: row for row in extract._stored_children(pages)[model]}
        assert stored
        for instance in extract._children(model, pages, "live"):
            assert stored[instance.pk].read(mapping.BY_COLLECTION[_collection(model)]) == mapping.read(
                instance, instance.spec
            )
            if model is BodyPage:
                assert extract._body_representatives(stored[instance.pk]) == extract._body_representatives(instance)
    for model in (Organisation, Person):
        pks = list(model.objects.values_list("pk", flat=True))
        stored_snippets = extract._stored_snippets(model, pks)
        for pk, instance in model.objects.in_bulk(pks).items():
            assert stored_snippets[pk].read(model.spec) == mapping.read(instance, model.spec)


def _collection(model: type) -> str:
    return next(c for c, m in ITEM_PAGES.items() if m is model)


@pytest.mark.parametrize("hidden", [False, True])
def test_the_live_reading_is_what_the_page_instances_give(pages: list[StructurePage], hidden: bool) -> None:
    """Live mode reads columns; a preview of the structure page itself reads the same pages as instances."""
    if hidden:
        _hide_some(pages[0])
    for page in pages:
        page = StructurePage.objects.get(pk=page.pk)
        live = extract.gather(page, "live")
        as_instances = extract.gather(page, "preview")
        assert live is not None
        assert as_instances is not None
        assert live.data == as_instances.data
        assert extract.read_live(page).structure == extract.structure_for(page)


def _add_odd_children(page: StructurePage) -> None:
    """Below ``page``: a plain page and a host's page, an alias of a body, a copy of a collaboration under
    another id and a draft copy of an event."""
    page.add_child(instance=Page(title="Plain", slug="plain"))
    page.add_child(instance=ArticlePage(title="Article", slug="article"))
    BodyPage.objects.child_of(page).order_by("path").first().create_alias(parent=page, update_slug="alias")
    CollaborationPage.objects.child_of(page).first().copy(
        to=page, update_attrs={"slug": "copied", "identifier": "copied"}
    )
    EventPage.objects.child_of(page).first().copy(
        to=page, update_attrs={"slug": "draft", "identifier": "draft", "live": False}
    )


def test_the_live_reading_takes_each_child_as_its_own_type_and_no_other_page(pages: list[StructurePage]) -> None:
    """One query reads every item page type's children: each row goes to its own type, pages of other types
    (a plain page, a host's) and drafts are left out, an alias and a copy are read as any page of their type."""
    _add_odd_children(pages[0])
    _hide_some(pages[0])
    stored = extract._stored_children(pages)
    for model in ITEM_PAGES.values():
        assert [(row.pk, row.model) for row in stored[model]] == [
            (p.pk, model) for p in extract._children(model, pages, "live")
        ]
    for page in pages:
        page = StructurePage.objects.get(pk=page.pk)
        assert extract.gather(page, "live").data == extract.gather(page, "preview").data
        items = [link for link in page._public_children() if link.item]
        assert _shape(extract.read_live(page).links) == _shape(items)


def test_references_name_each_page_type_and_snippet_by_its_id(pages: list[StructurePage]) -> None:
    """The ids references read (one query over the page types' tables and the snippets'): each page's
    own, a blank one as blank; no page of another type (the structure page, a plain page)."""
    _add_odd_children(pages[0])
    blank = BodyPage.objects.child_of(pages[0]).order_by("path").last()
    BodyPage.objects.filter(pk=blank.pk).update(identifier="")
    regions = list(RegionIndexPage.objects.filter(path__in=[p.path[: -Page.steplen] for p in pages]))
    known = extract._reference_ids(regions, {p.locale_id for p in pages})
    expected: dict[tuple[str, int], str] = {}
    for label in PAGE_TYPES.values():
        model = django_apps.get_model(label)
        found = {("page", p.pk): p.identifier for r in regions for p in model.objects.descendant_of(r, inclusive=True)}
        assert found, label
        expected |= found
    for name, model in (("organisation", Organisation), ("person", Person)):
        expected |= {(name, s.pk): s.identifier for s in model.objects.filter(locale__in=[p.locale_id for p in pages])}
    assert known == expected
    assert known["page", blank.pk] == ""


@pytest.mark.parametrize("restricted", ["plan", "structure", None])
def test_the_links_read_with_the_structure_are_the_public_children(
    pages: list[StructurePage], restricted: str | None
) -> None:
    _hide_some(pages[0])
    if restricted == "structure":
        PageViewRestriction.objects.create(page=pages[1], restriction_type=PageViewRestriction.LOGIN)
    for page in pages:
        page = StructurePage.objects.get(pk=page.pk)
        reading = extract.read_live(page)
        assert _shape(reading.links) == _shape(page._public_children())
        if restricted == "structure" and page.pk == pages[1].pk:
            assert reading.links == []
            assert reading.structure is not None


def _wagtails(page: StructurePage, request: Any) -> list[tuple[Any, str | None, str | None]]:
    return [
        (link.identifier, link.page.get_url(request), link.page.get_full_url(request))
        for link in page._public_children()
    ]


def _ours(page: StructurePage, request: Any) -> list[tuple[Any, str | None, str | None]]:
    return [(link.identifier, url, full) for link, url, full in page._link_urls(request, page._public_children())]


def test_the_links_urls_are_wagtails_on_every_site_and_language(pages: list[StructurePage]) -> None:
    """Relative on the page's own site, absolute for a request to another; /sv/ and /en/; a slug Wagtail
    quotes; a page that is a site's root itself (Wagtail's own methods answer for it)."""
    body = BodyPage.objects.child_of(pages[0]).order_by("path").first()
    assert body is not None
    body.slug = "kulturrådets-möte"
    body.save_revision().publish()
    rooted = BodyPage.objects.child_of(pages[0]).order_by("path")[1]
    Site.objects.create(hostname="kulturrad.example", port=443, root_page=rooted)
    Site.objects.create(hostname="annan.example", port=80, root_page=Site.objects.get(is_default_site=True).root_page)
    factory = RequestFactory()
    requests = [None, factory.get("/"), factory.get("/", HTTP_HOST="annan.example")]
    for page in pages:
        page = StructurePage.objects.get(pk=page.pk)
        read = sorted(extract.read_live(page).links, key=lambda link: link.url_path)
        for request in requests:
            assert _ours(page, request) == _wagtails(page, request)
            # The links read with the structure have no page: Wagtail is asked with their class and path.
            assert [(link.identifier, url, full) for link, url, full in page._link_urls(request, read)] == sorted(
                _wagtails(page, request), key=lambda row: next(x.url_path for x in read if x.identifier == row[0])
            )
            assert page.page_urls(request, children=page._public_children()) == {
                ident: url for ident, url, _full in _wagtails(page, request) if ident and url
            }
    urls = [url for _i, url, _f in _ours(pages[0], requests[1])]
    assert "/sv/region-exempel/exempel/kulturr%C3%A5dets-m%C3%B6te/" in urls
    # Without a request, the page that is a site's root has that site's address, the others the default's.
    urls = [url for _i, url, _f in _ours(pages[0], None)]
    assert "https://kulturrad.example/sv/" in urls
    assert "http://localhost/sv/region-exempel/exempel/kulturr%C3%A5dets-m%C3%B6te/" in urls
    english = _ours(StructurePage.objects.get(pk=pages[1].pk), requests[1])
    assert english
    assert all((url or "").startswith("/en/region-exempel/") for _i, url, _f in english)


@pytest.mark.django_db  # a new page looks up its content type, which is cached only after an earlier test
def test_a_page_with_nothing_below_it_asks_for_no_url() -> None:
    assert StructurePage(title="Ny")._link_urls(None, []) == []


def _translated(page: StructurePage, code: str) -> StructurePage:
    """``page`` and its children translated into a new locale ``code`` and published."""
    locale, _ = Locale.objects.get_or_create(language_code=code)
    translation = page.copy_for_translation(locale, copy_parents=True)
    translation.save_revision().publish()
    for child in page.get_children().specific():
        child.copy_for_translation(locale).save_revision().publish()
    return StructurePage.objects.get(pk=translation.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["de", "en-gb"])
def test_a_page_in_a_locale_not_read_for_its_language_still_links_its_children(code: str) -> None:
    """The live reading reads one structure page per language (sv, en); a page in a third locale, or a
    second locale of a language, renders from it all the same, with the links to its own children."""
    Locale.objects.get_or_create(language_code="en")
    other = _translated(structure_page(kultursamverkan.load(COMPLETE)), code)
    request = RequestFactory().get("/")
    caching.store().clear()
    first = other.rendered("sv", request)  # the live reading, as get_context asks
    caching.store().clear()
    assert first == other.rendered("sv", request, structure=other.structure)  # from page instances
    assert f"/{code}/" in first["html"]
