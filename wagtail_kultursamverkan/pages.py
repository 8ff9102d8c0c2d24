"""The page tree: region index → structure → a page per body, collaboration, agreement, event series, event and plan.

Each page holds one core object in its locale's language; its fields come from its
spec in ``mapping``. Collaborations and agreements are pages, not snippets: each
belongs to one structure, has public text and its own URL on a region's site, and is
the target of relations as a body is. The structure page gathers its subtree into a
core ``Structure`` (``extract``, plugged in at start-up through ``set_gatherer``: it
sits above the models in the plugin's layers).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import quote

from attrs import frozen
from django.db import models
from django.db.models.functions import Length, Substr
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.http import RFC3986_SUBDELIMS, content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.coreutils import WAGTAIL_APPEND_SLASH
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock

from kultursamverkan import converter, ical, jsonld
from kultursamverkan import model as core
from kultursamverkan.model import Event, Structure
from kultursamverkan.values import PartialDate

from . import caching, exports, mapping
from .blocks import core_children
from .caching import address_digest, cached_for_page
from .fields import StreamField
from .forms import CorePageForm, RegionIndexPageForm
from .identifiers import derive_identifier
from .language import page_language

#: ``(page, mode) -> Structure | None``: the structure a page belongs to, gathered from its
#: subtree; mode "live" (what readers see) or "all" (every page as stored). Set by ``apps``.
Gatherer = Callable[[Page, str], "Structure | None"]
_gatherer: Gatherer | None = None


#: ``(structure pages) -> {page id: Structure | None}``: many live structures gathered together, in
#: the same queries as one (a listing's). Set by ``apps``.
ManyGatherer = Callable[[list[Page]], "dict[int, Structure | None]"]
_many_gatherer: ManyGatherer | None = None


@frozen
class Link:
    """A live page below a structure page that no view restriction covers, as its links and @ids need
    it: its object's id, where it is in the tree, and the page (or its class) for Wagtail's own URL
    where the quick one (``_link_urls``) does not apply."""

    identifier: str | None
    url_path: str
    #: An item page (a body, plan, …): its address is its object's @id.
    item: bool
    model: type
    page: Page | None = None

    def instance(self) -> Page:
        return self.page if self.page is not None else self.model(url_path=self.url_path)


@frozen
class Reading:
    """A structure page's live structure and the pages below it readers may follow (``Link``), in tree
    order: what its first render needs, read together (``Reader``)."""

    structure: Structure | None
    links: list[Link]


#: ``(structure page) -> Reading``: its live structure and links from one loading of its subtree.
#: Set by ``apps``.
Reader = Callable[[Page], Reading]
_reader: Reader | None = None


def set_gatherer(gatherer: Gatherer, many: ManyGatherer | None = None, reader: Reader | None = None) -> None:
    global _gatherer, _many_gatherer, _reader
    _gatherer = gatherer
    _many_gatherer = many
    _reader = reader


def gather(page: Page, mode: str = "live") -> Structure | None:
    return _gatherer(page, mode) if _gatherer is not None else None


def gather_live(pages: list[Page]) -> dict[int, Structure | None]:
    """The live structure of each of these structure pages (plain pages will do) by page id, gathered
    together: a fixed number of queries whatever their number."""
    if _many_gatherer is not None:
        return _many_gatherer(pages)
    return {page.pk: gather(page.specific) for page in pages}


T = TypeVar("T")


#: A page a listing shows: its id, live revision and its structure's translation key (None for none).
Listed = tuple[int, "int | None", Any]


def cached_for_listing(owner: Page, part: str, pages: list[Listed], build: Callable[[], T], request: Any = None) -> T:
    """``build()`` for a live page showing many structures (a region's index, the comparison), cached
    until the owner or any listed page is published, unpublished, moved or made private, or any
    listed structure's token is renewed (``caching.listing_key``: one ``get_many`` for the tokens,
    read before the content, as ``cached_for_page``). Never for a draft or preview, nor in a
    transaction that changed one of the structures and has not committed."""
    if not (owner.live and owner.pk) or getattr(request, "is_preview", False):
        return build()
    key = caching.listing_key(owner, part, pages)
    if key is None:
        return build()
    hit = caching.get(key)
    if hit is not None:
        return hit
    value = build()
    caching.put(key, value)
    return value


def listed(structure_pages: list[Page]) -> list[Listed]:
    """Structure pages as ``cached_for_listing`` keys them."""
    return [(p.pk, p.live_revision_id, p.translation_key) for p in structure_pages]


def public(queryset: models.QuerySet) -> models.QuerySet:
    """The pages of ``queryset`` that no view restriction covers (on the page or an ancestor), as
    Wagtail's ``public()`` gives them, but in the query itself: ``public()`` reads every restriction
    of the site first, a query of its own on each request that lists pages."""
    return queryset.exclude(covered())


def covered() -> models.Exists:
    """Whether a view restriction covers the page of the query (on it or an ancestor), in the query."""
    covering = PageViewRestriction.objects.filter(page__path=Substr(models.OuterRef("path"), 1, Length("page__path")))
    return models.Exists(covering)


#: A path segment Wagtail's page URL pattern (``wagtail_serve``) takes.
_SEGMENT = re.compile(r"[\w\-]+")


def _below(url: str | None, segment: str) -> str | None:
    """The URL Wagtail gives the page at ``segment`` below the page at ``url`` (same site and language):
    ``reverse`` quotes the path as here, and drops the trailing slash without ``WAGTAIL_APPEND_SLASH``."""
    if url is None:
        return None
    base = url if url.endswith("/") else url + "/"
    return base + quote(segment, safe=RFC3986_SUBDELIMS + "/~:@") + ("/" if WAGTAIL_APPEND_SLASH else "")


def _today() -> PartialDate:
    return PartialDate.parse(dt.date.today().isoformat())


PAGE_TEXT = ["title", "slug", "seo_title", "search_description"]


class CorePageMixin(models.Model):
    """A page holding one core object (``spec``); its identifier is made from the slug when left empty."""

    spec: mapping.Spec

    def clean(self) -> None:
        super().clean()
        if not self.identifier:  # type: ignore[has-type]
            self.identifier = derive_identifier(getattr(self, "slug", "") or getattr(self, "title", ""))

    def full_clean(self, *args: Any, **kwargs: Any) -> None:
        if not self.identifier:  # type: ignore[has-type]
            self.identifier = derive_identifier(getattr(self, "slug", "") or getattr(self, "title", ""))
        super().full_clean(*args, **kwargs)

    def core_data(self) -> dict[str, Any]:
        """This page's object as one language's core data (``mapping.read``)."""
        return mapping.read(self, self.spec)

    def serve(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """The page, kept by browsers and shared caches no later than the day what it shows reads the same
        (``caching.keep_no_later_than``; ``get_context`` notes the day)."""
        return caching.keep_no_later_than(request, super().serve(request, *args, **kwargs))  # type: ignore[misc]

    def serve_preview(self, request: Any, mode_name: str) -> Any:
        """Wagtail's preview, never cached: it shows unsaved values (Wagtail itself only marks it private)."""
        response = super().serve_preview(request, mode_name)  # type: ignore[misc]
        add_never_cache_headers(response)
        return response

    class Meta:
        abstract = True


def _search(spec: mapping.Spec) -> list[Any]:
    return [index.SearchField(f.attr) for f in spec.fields if f.kind == mapping.TEXT]


class RegionIndexPage(CorePageMixin, Page):
    """A region's start page for its collaboration: the core ``Region``; lists its structures, plans, events."""

    spec = mapping.REGION
    locals().update(mapping.model_fields(mapping.REGION))
    legacy_text = models.JSONField(null=True, blank=True, editable=False)

    template = "wagtail_kultursamverkan/region_index_page.html"
    base_form_class = RegionIndexPageForm
    content_panels = [*Page.content_panels, *mapping.panels(mapping.REGION)]
    search_fields = [*Page.search_fields, *_search(mapping.REGION)]
    subpage_types = ["wagtail_kultursamverkan.StructurePage", "wagtail_kultursamverkan.PlanPage"]
    api_fields = [APIField(f.attr) for f in mapping.REGION.fields if f.kind != mapping.STREAM]
    translatable_fields = mapping.translatable_fields(mapping.REGION, PAGE_TEXT)

    def structure_pages(self) -> models.QuerySet:
        return StructurePage.objects.child_of(self).live().public().order_by("-as_of", "pk")

    def plan_pages(self) -> models.QuerySet:
        return PlanPage.objects.descendant_of(self).live().public().order_by("title")

    def upcoming_events(self, structures: list[Structure]) -> list[Event]:
        """Events of the region's structures that have not ended, soonest first, each listed once."""
        today, seen, events = _today(), set(), []
        for structure in structures:
            for event in structure.events:
                if event.id in seen or (event.end or event.date).latest() < today.earliest():
                    continue
                seen.add(event.id)
                events.append(event)
        return sorted(events, key=lambda e: e.date.earliest())

    def listed_pages(self) -> tuple[list[Page], list[Page]]:
        """``structure_pages()`` and ``plan_pages()`` as plain pages (what the index shows of them),
        with one query, view restrictions included (``public``), instead of two each."""
        from django.contrib.contenttypes.models import ContentType

        types = ContentType.objects.get_for_models(StructurePage, PlanPage)
        rows = public(
            Page.objects.descendant_of(self)
            .live()
            .filter(
                models.Q(content_type=types[StructurePage], depth=self.depth + 1)
                | models.Q(content_type=types[PlanPage])
            )
        ).order_by(models.F("structurepage__as_of").desc(nulls_last=True), "title", "pk")
        structures: list[Page] = []
        plans: list[Page] = []
        for page in rows:
            (structures if page.content_type_id == types[StructurePage].pk else plans).append(page)
        return structures, plans

    def events_html(
        self,
        structure_pages: list[Page],
        lang: str,
        request: Any = None,
        *,
        read: Mapping[int, Structure | None] | None = None,
    ) -> list[str]:
        """Each upcoming event of these structures in the core's words (the newest structure's
        context), as HTML; gathering the structures is the expensive part, so the list is cached
        until one of them changes (``cached_for_listing``), and for one day (``_today``). ``read``:
        live structures by page id already read now (rendering ahead's), not gathered again."""
        from kultursamverkan.render import render_event_summary

        def build() -> list[str]:
            known = read or {}
            missing = [p for p in structure_pages if p.pk not in known]
            # All together: the same queries for one or twenty.
            found = {p.pk: known[p.pk] for p in structure_pages if p.pk in known}
            if missing:
                found.update(gather_live(missing))
            structures = [s for s in (found.get(p.pk) for p in structure_pages) if s is not None]
            first = structures[0] if structures else None
            return [render_event_summary(event, first, lang) for event in self.upcoming_events(structures)]

        return cached_for_listing(self, f"events:{lang}:{_today()}", listed(structure_pages), build, request)

    def render_ahead(self, request: Any, read: Mapping[int, Structure | None] | None = None) -> bool:
        """Build and cache what ``get_context`` reads from the cache for ``request``: the upcoming events of
        the structures it lists (``render_ahead`` calls it once a change to one of them commits). ``read``
        as for ``events_html``: the structure pages rendered ahead with it share their readings."""
        structure_pages, _plans = self.listed_pages()
        self.events_html(structure_pages, page_language(self), request, read=read)
        return True

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        lang = page_language(self)
        # The lists come from the database on each request (one query and Wagtail's check of view
        # restrictions); only what needs the structures' data is cached.
        structure_pages, plans = self.listed_pages()
        events = self.events_html(structure_pages, lang, request)
        if events:  # an event over is no longer upcoming: the list is made anew each day (``events_html``)
            caching.note_through(request, dt.date.today().isoformat())
        context.update(
            lang=lang,
            structures=structure_pages,
            plans=plans,
            # Written by the core's renderer, which escapes everything it writes.
            events_html=[mark_safe(html) for html in events],  # noqa: S308
        )
        return context

    class Meta:
        verbose_name = _("region's collaboration index")
        verbose_name_plural = _("regions' collaboration indexes")


class StructurePageQuerySet(PageQuerySet):
    """Structure pages that know the others fetched with them: the API's listing reads their cached
    data together (``StructurePage.kultursamverkan``), with two cache reads instead of two per page."""

    def _fetch_all(self) -> None:
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._result_cache:
            listed = [p for p in self._result_cache if isinstance(p, StructurePage)]
            for page in listed:
                page._fetched_with = listed

    def only(self, *fields: str) -> StructurePageQuerySet:
        """Django's ``only()``, which may leave out the locale the manager joins: the join is then
        dropped, as Django refuses a relation both deferred and followed (``select_related``)."""
        queryset = super().only(*fields)
        related = queryset.query.select_related
        wanted = {name.split("__")[0] for name in fields}
        if isinstance(related, dict) and "locale" in related and not wanted & {"locale", "locale_id"}:
            queryset.query.select_related = {k: v for k, v in related.items() if k != "locale"} or False
        return queryset


class StructurePageManager(PageManager):
    """Loads the structure's data fields only when used: a cached rendering of the page needs none of
    them; the locale comes with the page (the API names each page's language: one query, not one each)."""

    _queryset_class = StructurePageQuerySet
    deferred = ("legacy_content", "legacy_text", "sources", "organisations", "people", "interest_areas", "funding")

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().defer(*self.deferred).select_related("locale")


class StructurePage(RoutablePageMixin, CorePageMixin, Page):
    """A region's collaboration structure as of a date; its bodies, plans, … are the pages below it.

    Its calendar, JSON-LD, diagram and data files are served below it (``export_urls``); being
    routes of the page, they are served only while it is live and behind the same view restrictions.
    """

    spec = mapping.STRUCTURE
    locals().update(mapping.model_fields(mapping.STRUCTURE))
    organisations = StreamField(
        [("organisation", SnippetChooserBlock("wagtail_kultursamverkan.Organisation", label=_("Organisation")))],
        blank=True,
        verbose_name=_("organisations"),
        help_text=_("Organisations the structure names beyond those its pages refer to."),
    )
    people = StreamField(
        [("person", SnippetChooserBlock("wagtail_kultursamverkan.Person", label=_("Person")))],
        blank=True,
        verbose_name=_("people"),
    )
    #: The bodies, plans, … of before issue 13, as one StreamField's raw data: the data migration reads it.
    legacy_content = models.JSONField(null=True, blank=True, editable=False)
    #: The bilingual fields of before issue 13 (``name_sv``, ``name_en``, …).
    legacy_text = models.JSONField(null=True, blank=True, editable=False)

    objects = StructurePageManager()

    base_form_class = CorePageForm
    template = "wagtail_kultursamverkan/structure_page.html"
    content_panels = [
        *Page.content_panels,
        *mapping.panels(mapping.STRUCTURE),
        FieldPanel("organisations"),
        FieldPanel("people"),
    ]
    search_fields = [*Page.search_fields, *_search(mapping.STRUCTURE)]
    parent_page_types = ["wagtail_kultursamverkan.RegionIndexPage"]
    subpage_types = [
        "wagtail_kultursamverkan.BodyPage",
        "wagtail_kultursamverkan.CollaborationPage",
        "wagtail_kultursamverkan.AgreementPage",
        "wagtail_kultursamverkan.PlanPage",
        "wagtail_kultursamverkan.EventSeriesPage",
        "wagtail_kultursamverkan.EventPage",
    ]
    api_fields = [APIField("kultursamverkan")]
    translatable_fields = mapping.translatable_fields(
        mapping.STRUCTURE, PAGE_TEXT, extra_synchronised=["organisations", "people"]
    )

    def structure(self, mode: str = "live") -> Structure | None:
        """The page and its subtree as a core structure; None if it does not validate."""
        return gather(self, mode)

    @property
    def kultursamverkan(self) -> dict[str, Any] | None:
        """The structure as the core's plain data (the file format), for the API; cached with the
        live page (``cached_for_page``), read afresh by the transaction that changed it."""

        def build() -> dict[str, Any] | None:
            structure = self.structure()
            return converter.unstructure(structure) if structure is not None else None

        if "_prefetched_data" not in self.__dict__:
            _prefetch_data(self.__dict__.get("_fetched_with") or [self])
        # Used once, and only if no change was committed or made here since: else the cache is asked again.
        commits, data = self.__dict__.pop("_prefetched_data", (None, None))
        if data is not None and commits == caching.commits() and not caching.held([self.translation_key]):
            return data
        return cached_for_page(self, "data", build)

    def get_cached_paths(self) -> list[str]:
        """The paths below the page's URL that show this structure, for a frontend cache (CDN) to purge.

        Wagtail's ``frontend_cache`` purges these when the page is published, and ``invalidation``
        when a page or snippet the structure shows changes. Besides the page itself: every route
        without arguments when the page is routable (the exports); a subclass or mixin adding routes
        with arguments extends this list.
        """
        paths = ["/"]
        if isinstance(self, RoutablePageMixin):
            for pattern in self.get_subpage_urls():
                name = getattr(pattern, "name", None)
                if not name:
                    continue
                try:
                    path = "/" + str(self.reverse_subpage(name)).lstrip("/")
                except NoReverseMatch:  # a route that needs arguments
                    continue
                if path not in paths:
                    paths.append(path)
        for name in exports.FORMATS:  # the export route takes the format as its argument
            try:
                paths.append("/" + str(self.reverse_subpage("export", kwargs={"name": name})).lstrip("/"))
            except NoReverseMatch:  # a subclass without the route
                break
        return paths

    def _public_children(self) -> list[Link]:
        """The live, public pages below this one (``Link``), each read as its own class without its
        streams: the links and @ids read identifiers and paths, and the streams' JSON was most of
        the loading. A first render has them from its reading of the structure instead (``read_live``)."""
        pages = Page.objects.child_of(self).live().public().defer_streamfields().specific()
        return [
            Link(getattr(p, "identifier", None), p.url_path, isinstance(p, _ITEM_CLASSES), type(p), p) for p in pages
        ]

    def read_live(self) -> Reading:
        """The live structure and the links below the page (``Reading``), from one loading of the subtree."""
        if _reader is not None:
            return _reader(self)
        return Reading(self.structure(), self._public_children())

    def _link_urls(self, request: Any, links: list[Link]) -> list[tuple[Link, str | None, str | None]]:
        """Each link with Wagtail's ``get_url`` and ``get_full_url`` of its page, worked out from this
        page's: a page one level below has this page's site, language and URL with its last segment
        added, unless a site starts at it or its segment is not one Wagtail's URL pattern takes (then
        Wagtail's own methods answer). Asking Wagtail page by page cost a few hundred calls each."""
        if not links:
            return []
        url, full = self.get_url(request), self.get_full_url(request)
        roots = {srp.root_path for srp in self._get_site_root_paths(request)}
        out: list[tuple[Link, str | None, str | None]] = []
        for link in links:
            segment = link.url_path[len(self.url_path) : -1]
            if (
                link.url_path.startswith(self.url_path)
                and link.url_path.endswith("/")
                and _SEGMENT.fullmatch(segment)
                and link.url_path not in roots
            ):
                out.append((link, _below(url, segment), _below(full, segment)))
            else:
                page = link.instance()
                out.append((link, page.get_url(request), page.get_full_url(request)))
        return out

    def page_urls(self, request: Any = None, *, children: list[Link] | None = None) -> dict[str, str]:
        """The URL of each live, public page below this one, by its object's identifier: links in the
        diagram and lists, relative to the site as Wagtail's ``get_url`` gives them. A page readers
        cannot see is no link. ``children``: those pages (``_public_children``), when the caller has them."""
        return self._page_urls(self._link_urls(request, self._public_children() if children is None else children))

    def rendered(
        self,
        lang: str,
        request: Any = None,
        edited: Page | None = None,
        *,
        structure: Callable[[], Structure | None] | None = None,
        reading: Callable[[], Reading] | None = None,
    ) -> dict[str, str] | None:
        """The core's HTML and JSON-LD for the page, cached for the live page until our content changes.

        In a preview (never cached) the structure is the published one with the previewed page's
        unsaved values: ``edited``, a page below this one, or else this page itself. ``reading``:
        what gives the live structure and links (``read_live``), when the caller shares one;
        ``structure``: what gives the live structure (``self.structure``), the links then read apart.
        """
        from kultursamverkan.overview import render_overview, unchanged_through

        preview = getattr(request, "is_preview", False)

        def build() -> dict[str, str] | None:
            if preview or structure is not None:
                found = gather(edited or self, "preview") if preview else structure()  # type: ignore[misc]
                children = self._public_children() if found is not None else []  # one query for links and @ids
            else:
                live = (reading or self.read_live)()
                found, children = live.structure, live.links
            if found is None:
                return None
            urls = self._link_urls(request, children)
            where = self._addresses(request, urls)
            today = dt.date.today()
            parts = {
                "html": render_overview(found, lang, 1, urls=self._page_urls(urls), today=today),
                "jsonld": exports.jsonld_script(found, where),
            }
            return caching.dated(parts, unchanged_through(found, today))

        if preview:
            return build()
        return cached_for_page(self, self.render_part(lang, request), build, current=caching.still_current)

    def render_part(self, lang: str, request: Any = None) -> str:
        """What names the page's rendering in the cache: its language and the address it has (its @ids
        and links are absolute, so each site's host name has its own)."""
        return f"{lang}:{address_digest(self.get_full_url(request))}"

    def item_rendered(
        self, identifier: str, lang: str, request: Any = None, *, reading: Callable[[], Reading] | None = None
    ) -> dict[str, Any]:
        """An item page's part of this live structure: "html", the core's rendering of the object
        ``identifier`` names (empty when the structure does not validate or has no such object), for
        a plan "jsonld", its node in the structure's graph, and "path", the ``url_path`` of the live, public
        page below this one with that identifier (None: none is), whose part it is. Cached with this page's
        renderings and dated as they are: an item page is read far more often than its structure changes,
        and reading the structure costs more than serving the page. ``reading`` as for ``rendered``."""
        from kultursamverkan.overview import unchanged_through
        from kultursamverkan.render import render_item

        from .templatetags.kultursamverkan import plan_jsonld

        def build() -> dict[str, Any]:
            live = (reading or self.read_live)()
            found = live.structure
            item = found.by_id().get(identifier) if found is not None else None
            path = next((link.url_path for link in live.links if link.item and link.identifier == identifier), None)
            if found is None or not isinstance(item, _RENDERED_ITEMS):
                return caching.dated({"html": "", "jsonld": "", "path": path}, None)
            today = dt.date.today()
            urls = self._page_urls(self._link_urls(request, live.links))
            script = ""
            if isinstance(item, core.Plan):  # the @ids of this page's graph, so both pages name the plan alike
                page_url = self.get_full_url(request)
                base = exports.Addresses(page=page_url, items={}).base if page_url else None
                script = jsonld.script_tag(plan_jsonld(item, found, base))
            html = render_item(item, found, lang, 1, urls=urls, today=today)
            return caching.dated({"html": html, "jsonld": script, "path": path}, unchanged_through(found, today))

        def current(value: dict[str, Any]) -> bool:
            return caching.still_current(value) and "path" in value  # one kept before "path" says nothing of it

        part = f"item:{address_digest(identifier)}:{self.render_part(lang, request)}"
        return cached_for_page(self, part, build, current=current) or {"html": "", "jsonld": "", "path": None}

    def addresses(self, request: Any = None, *, children: list[Link] | None = None) -> exports.Addresses:
        """The page's address and those of its published, public item pages, by object id.
        ``children`` as for ``page_urls``."""
        links = self._public_children() if children is None else children
        return self._addresses(request, self._link_urls(request, links))

    def _addresses(self, request: Any, urls: list[tuple[Link, str | None, str | None]]) -> exports.Addresses:
        items = {
            link.identifier: full for link, _url, full in urls if link.item and full and link.identifier is not None
        }
        return exports.Addresses(
            page=self.get_full_url(request) or "",
            items=items,
            last_published=self.last_published_at,
            key=str(self.translation_key),
        )

    @staticmethod
    def _page_urls(urls: list[tuple[Link, str | None, str | None]]) -> dict[str, str]:
        return {link.identifier: url for link, url, _full in urls if link.identifier and url}

    def export_urls(self, request: Any = None) -> dict[str, str]:
        """Every export's full URL by format name: the addresses to purge with the page's own."""
        page = self.get_full_url(request)
        if not page:
            return {}
        return {name: page + self.reverse_subpage("export", kwargs={"name": name}) for name in exports.FORMATS}

    @re_path(rf"^{exports.ROUTE_PREFIX}/(?P<name>{'|'.join(exports.FORMATS)})/$", name="export")
    def export(self, request: Any, name: str) -> HttpResponse:
        """One export of the live page, in its language, as a file named after the page's slug."""
        lang = page_language(self)

        def build() -> str | None:
            structure = self.structure()
            return exports.build(structure, name, lang, self.addresses(request)) if structure is not None else None

        text = cached_for_page(self, f"export:{name}:{lang}:{address_digest(self.get_full_url(request))}", build)
        if text is None:
            raise Http404("the structure does not validate")
        fmt = exports.FORMATS[name]
        response = HttpResponse(text.encode("utf-8"), content_type=fmt.media_type)
        response["Content-Disposition"] = content_disposition_header(not fmt.inline, f"{self.slug}.{name}")
        if name == "svg":  # shown on its own, an SVG document may run no script and load nothing
            response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
        if self.get_view_restrictions():  # let through by Wagtail's check: no shared cache may keep it
            patch_cache_control(response, private=True)
        return response

    def calendar_unlisted(
        self, lang: str, request: Any = None, *, structure: Callable[[], Structure | None] | None = None
    ) -> list[tuple[str, str]]:
        """What the calendar cannot hold, having no date: (name, when in words), for the page to list.
        ``structure`` as for ``rendered``."""

        def build() -> list[tuple[str, str]] | None:
            found = (structure or self.structure)()
            if found is None:
                return None
            return [(item.name, item.when) for item in ical.omitted(found, lang)]

        return cached_for_page(self, f"unlisted:{lang}", build) or []

    def _renderings(
        self, lang: str, request: Any, edited: Page | None = None
    ) -> tuple[dict[str, str] | None, Callable[[], Structure | None]]:
        """The rendering (``rendered``) and what gives the live structure, from one reading of it (a walk
        of the page tree and its snippets) shared by whichever of the cached parts the cache does not answer."""
        reading = functools.cache(self.read_live)

        def live() -> Structure | None:
            return reading().structure

        return self.rendered(lang, request, edited, reading=reading), live

    def render_ahead(self, request: Any, read: dict[int, Structure | None] | None = None) -> bool:
        """Build and cache what ``get_context`` reads from the cache for ``request`` (``render_ahead``
        calls it once a change commits): the rendering and the calendar's list, from one reading.
        False when the structure does not validate (nothing is cached then). ``read``: where to
        keep the live structure read, by page id, for the region pages rendered ahead after it."""
        lang = page_language(self)
        rendered, live = self._renderings(lang, request)
        if read is not None:
            read[self.pk] = live()  # the reading above, not another
        if rendered is None:
            return False
        self.calendar_unlisted(lang, request, structure=live)
        return True

    def route(self, request: Any, path_components: list[str]) -> Any:
        """Wagtail's routing (and our routes), the page noted on the request on the way to a page below:
        an item page takes it from there instead of reading it again (``ItemPageMixin.structure_page``)."""
        if request is not None and path_components:
            request._ks_structure_page = self
        return super().route(request, path_components)

    def serve(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        """The page (or one of its routes), kept by browsers and shared caches no later than the day
        its rendering reads the same (``CorePageMixin.serve``'s, which ``RoutablePageMixin`` does not call)."""
        return caching.keep_no_later_than(request, super().serve(request, *args, **kwargs))

    def get_context(self, request: Any, *args: Any, edited: Page | None = None, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        lang = page_language(self)
        # The rendering, the calendar's list and the template share one reading of the live structure.
        rendered, live = self._renderings(lang, request, edited)
        if rendered:
            caching.note_through(request, rendered.get("through"))  # for ``serve``'s headers
        context["lang"] = lang
        # Both come from the core renderer, which escapes everything it writes.
        context["structure_html"] = mark_safe(rendered["html"]) if rendered else ""  # noqa: S308
        context["structure_jsonld"] = mark_safe(rendered["jsonld"]) if rendered else ""  # noqa: S308
        context["structure"] = SimpleLazyObject(live)
        if self.live and rendered and not getattr(request, "is_preview", False):
            urls = self.export_urls(request)
            context["exports"] = [
                {
                    "name": name,
                    "url": url,
                    "type": exports.FORMATS[name].media_type,
                    "label": exports.FORMATS[name].label,
                }
                for name, url in urls.items()
            ]
            context["webcal_url"] = exports.webcal(urls["ics"]) if urls else ""
            context["calendar_unlisted"] = self.calendar_unlisted(lang, request, structure=live)
        return context

    class Meta:
        verbose_name = _("collaboration structure")
        verbose_name_plural = _("collaboration structures")
        # The admin's import view (admin_views.py); a plain string, as Django stores the name as it is.
        permissions = [("import_structures", "Can import structure files")]


def _prefetch_data(pages: list[StructurePage]) -> None:
    """The cached API data of the live pages among ``pages`` (fetched together: a listing), read with
    one ``get_many`` for the tokens and one for the data, kept on each page for its next read."""
    live = [p for p in pages if p.live and p.pk and "_prefetched_data" not in p.__dict__]
    live = [p for p in live if not caching.held([p.translation_key])]
    if not live:
        return
    commits = caching.commits()
    keys = caching.page_keys(live, "data")
    found = caching.get_many(keys.values())
    missing = [page for page in live if keys[page.pk] not in found]
    if missing:  # gathered together (the same queries for one or twenty), cached under the keys read before
        fresh = {}
        for pk, structure in gather_live(missing).items():
            if structure is not None:
                fresh[keys[pk]] = converter.unstructure(structure)
        caching.put_many(fresh)
        found = {**found, **fresh}
    for page in live:
        if keys[page.pk] in found:
            page._prefetched_data = (commits, found[keys[page.pk]])


#: The item pages' preview modes: the page itself, or its whole structure page with the page's unsaved values.
STRUCTURE_PREVIEW = "structure"


class ItemPageMixin(CorePageMixin):
    """A page for one object of a structure: renders its part of the structure with the core's renderer."""

    template = "wagtail_kultursamverkan/item_page.html"

    @property
    def preview_modes(self) -> list[tuple[str, Any]]:
        return [("", _("This page")), (STRUCTURE_PREVIEW, _("The whole structure"))]

    def serve_preview(self, request: Any, mode_name: str) -> Any:
        """The preview; in the structure mode, the structure page as it will be published with this page's changes."""
        structure_page = self.structure_page() if mode_name == STRUCTURE_PREVIEW else None
        if structure_page is None:
            return super().serve_preview(request, mode_name)
        response = TemplateResponse(
            request,
            structure_page.get_template(request),
            structure_page.get_context(request, edited=self),
        )
        add_never_cache_headers(response)
        return response

    def structure_page(self, request: Any = None) -> StructurePage | None:
        """The structure page this page is below, if its parent is one: the one Wagtail's routing of
        ``request`` went through (``StructurePage.route``), else one query by the page's path (a page
        being added, in its preview, is in the tree by its path only)."""
        path = getattr(self, "path", "") or ""
        if len(path) <= Page.steplen:
            return None
        parent_path = path[: -Page.steplen]
        routed = getattr(request, "_ks_structure_page", None)
        if isinstance(routed, StructurePage) and routed.path == parent_path:
            return routed
        return StructurePage.objects.filter(path=parent_path).first()

    def core_item(self, mode: str = "live") -> tuple[Any, Structure] | None:
        """The page's object in its structure, and the structure; None when it does not validate."""
        structure = gather(self, mode)  # type: ignore[arg-type]
        if structure is None:
            return None
        found = structure.by_id().get(self.identifier)  # type: ignore[has-type]
        return (found, structure) if found is not None else None

    @property
    def kultursamverkan(self) -> dict[str, Any] | None:
        result = self.core_item()
        return converter.unstructure(result[0]) if result is not None else None

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The core's rendering of the page's object (``item_html``), and lazily the object and its structure
        (``item``, ``item_structure``). A live page below a live structure page reads its rendering from the
        cache that page keeps (``StructurePage.item_rendered``); a preview, or a plan below the region, gathers
        its structure."""
        from kultursamverkan.render import render_item

        context = super().get_context(request, *args, **kwargs)  # type: ignore[misc]
        preview = getattr(request, "is_preview", False)
        parent = self.structure_page(request)
        if parent is not None and parent.locale_id == self.locale_id:  # type: ignore[attr-defined]
            self.locale = parent.locale  # read with the structure page (its manager's join), not again
        lang = page_language(self)
        rendered: dict[str, Any] | None = None
        if not preview and parent is not None and parent.live:
            reading = functools.cache(parent.read_live)
            rendered = parent.item_rendered(self.identifier, lang, request, reading=reading)  # type: ignore[has-type]
            # The structure's part for this page when the structure shows it, a live and public page below its
            # structure page at that identifier. A page with a view restriction (on itself or above) is no part
            # of it (its object there, if any, is another language's): gathered with it, as its readers were
            # let in, as is one that is no page of the structure (its identifier taken by another).
            if rendered.get("path") != self.url_path:  # type: ignore[attr-defined]
                rendered = None
        if rendered is None:
            result = self.core_item("preview" if preview else "live")
            urls = parent.page_urls(request) if parent is not None else {}
            html = render_item(result[0], result[1], lang, 1, urls=urls) if result is not None else ""
            rendered = {"html": html, "jsonld": None}

            def found() -> tuple[Any, Structure] | None:
                return result
        else:
            caching.note_through(request, rendered.get("through"))  # for ``serve``'s headers

            @functools.cache
            def found() -> tuple[Any, Structure] | None:
                structure = reading().structure
                item = structure.by_id().get(self.identifier) if structure is not None else None  # type: ignore[has-type]
                return (item, structure) if item is not None and structure is not None else None

        context.update(
            lang=lang,
            # Written by the core's renderer, which escapes everything it writes.
            item_html=mark_safe(rendered["html"]),  # noqa: S308
            item=SimpleLazyObject(lambda: (found() or (None, None))[0]),
            item_structure=SimpleLazyObject(lambda: (found() or (None, None))[1]),
        )
        context["_item_read"] = (parent, rendered, found)  # for a subclass (``PlanPage``), which takes it out
        return context

    class Meta:
        abstract = True


def _item_page(spec: mapping.Spec, extra_panels: dict[str, list[Any]] | None = None) -> dict[str, Any]:
    """What every item page class declares, from its spec (``extra_panels``: fields beyond it, by group)."""
    return {
        "template": ItemPageMixin.template,  # Wagtail names a template after each page class otherwise
        "content_panels": [*Page.content_panels, *mapping.panels(spec, extra_panels)],
        "search_fields": [*Page.search_fields, *_search(spec)],
        "api_fields": [APIField("kultursamverkan")],
        "translatable_fields": mapping.translatable_fields(spec, PAGE_TEXT),
    }


#: A person in the body, on behalf of an organisation, for a time: the structure's ``representations``
#: whose ``body`` is this body (every core field but ``body``, which the page is).
class RepresentativeBlock(blocks.StructBlock):
    """A person in the body, on behalf of an organisation, for a time: one of the structure's
    ``representations`` whose ``body`` is this body (every core field but ``body``, which the page is)."""

    locals().update(core_children(core.Representation, ("person", "on_behalf_of", "role", "start", "end")))
    #: Where the row sits in the structure's list of representations, so a file comes back in its order.
    position = blocks.IntegerBlock(required=False, min_value=0, label=_("Place in the structure's list"))

    class Meta:
        label = _("Representative")
        icon = "user"
        form_layout = blocks.BlockGroup(
            children=["person", "on_behalf_of", "role", "start", "end"], settings=["position"]
        )


class BodyPage(ItemPageMixin, Page):
    """A collaboration body: forum, network, council, consultation, group, …"""

    spec = mapping.BODY
    locals().update(mapping.model_fields(mapping.BODY))
    representatives = StreamField(
        [("representative", RepresentativeBlock())], blank=True, verbose_name=_("representatives")
    )
    locals().update(_item_page(mapping.BODY, {mapping.PEOPLE: [FieldPanel("representatives")]}))
    translatable_fields = mapping.translatable_fields(mapping.BODY, [*PAGE_TEXT, "representatives"])
    base_form_class = CorePageForm
    parent_page_types = ["wagtail_kultursamverkan.StructurePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("collaboration body")
        verbose_name_plural = _("collaboration bodies")


class CollaborationPage(ItemPageMixin, Page):
    """Several regions or organisations working together."""

    spec = mapping.COLLABORATION
    locals().update(mapping.model_fields(mapping.COLLABORATION))
    locals().update(_item_page(mapping.COLLABORATION))
    base_form_class = CorePageForm
    parent_page_types = ["wagtail_kultursamverkan.StructurePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")


class AgreementPage(ItemPageMixin, Page):
    """An agreement between the region and others."""

    spec = mapping.AGREEMENT
    locals().update(mapping.model_fields(mapping.AGREEMENT))
    locals().update(_item_page(mapping.AGREEMENT))
    base_form_class = CorePageForm
    parent_page_types = ["wagtail_kultursamverkan.StructurePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")


class EventSeriesPage(ItemPageMixin, Page):
    """A recurring event that is not a body: an annual meeting place."""

    spec = mapping.EVENT_SERIES
    locals().update(mapping.model_fields(mapping.EVENT_SERIES))
    locals().update(_item_page(mapping.EVENT_SERIES))
    base_form_class = CorePageForm
    parent_page_types = ["wagtail_kultursamverkan.StructurePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("recurring event")
        verbose_name_plural = _("recurring events")


class EventPage(ItemPageMixin, Page):
    """A dated event: a meeting place, conference or a particular meeting."""

    spec = mapping.EVENT
    locals().update(mapping.model_fields(mapping.EVENT))
    locals().update(_item_page(mapping.EVENT))
    base_form_class = CorePageForm
    parent_page_types = ["wagtail_kultursamverkan.StructurePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")


class PlanPage(ItemPageMixin, Page):
    """A culture plan or action plan: below a structure, or below a region index as before."""

    spec = mapping.PLAN
    locals().update(mapping.model_fields(mapping.PLAN))
    legacy_text = models.JSONField(null=True, blank=True, editable=False)
    locals().update(_item_page(mapping.PLAN))
    base_form_class = CorePageForm
    template = "wagtail_kultursamverkan/plan_page.html"
    parent_page_types = ["wagtail_kultursamverkan.RegionIndexPage", "wagtail_kultursamverkan.StructurePage"]
    subpage_types: list[str] = []

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Besides an item page's: the plan's JSON-LD (``plan_jsonld``), cached with its rendering when it
        has one, and lazily the plan, its structure and the base of the @ids (``plan``, ``plan_structure``,
        ``plan_jsonld_base``: the structure page's, so both pages name the plan alike)."""
        from .templatetags.kultursamverkan import plan_jsonld

        context = super().get_context(request, *args, **kwargs)
        parent, rendered, found = context.pop("_item_read")
        context["plan"], context["plan_structure"] = context["item"], context["item_structure"]
        page_url = parent.get_full_url(request) if parent is not None and parent.live else None
        base = context["plan_jsonld_base"] = exports.Addresses(page=page_url, items={}).base if page_url else None
        script = rendered["jsonld"]
        if script is None:  # not cached (a preview, a plan below the region): made from what was read
            result = found()
            script = jsonld.script_tag(plan_jsonld(result[0], result[1], base)) if result is not None else ""
        context["plan_jsonld"] = mark_safe(script)  # noqa: S308 - escaped for a script element (``script_tag``)
        return context

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")


#: The page model of each child spec, by the structure's collection.
ITEM_PAGES: dict[str, type[Page]] = {
    "bodies": BodyPage,
    "collaborations": CollaborationPage,
    "agreements": AgreementPage,
    "plans": PlanPage,
    "event_series": EventSeriesPage,
    "events": EventPage,
}


_ITEM_CLASSES = tuple(ITEM_PAGES.values())
#: The core objects an item page renders (``render.render_item``).
_RENDERED_ITEMS = (
    core.Body,
    core.Collaboration,
    core.Agreement,
    core.Plan,
    core.InterestArea,
    core.Event,
    core.EventSeries,
    core.Funding,
)

_copying = threading.local()


@contextmanager
def translations_in_step() -> Iterator[None]:
    """Within the block, a published page's translations are left as they are: whoever publishes writes
    every translation from the same data (the import, creating a page and its translations from one file)."""
    before = getattr(_copying, "active", False)
    _copying.active = True
    try:
        yield
    finally:
        _copying.active = before


def copy_synchronised(sender: type, instance: Page, **_kwargs: Any) -> None:
    """After a page is published, its translations get its synchronised fields (``mapping.synchronised``).

    Kinds, dates, numbers, vocabulary lists and the cadence are one value for all languages. With
    wagtail-localize they are kept in step by its synchronised fields; with Wagtail's own Translate
    action (``simple_translation``) a translation is a copy made once, so this handler keeps it in
    step: a live translation without unpublished changes is published again, one with a draft gets a
    new draft revision. Connected to ``page_published`` in ``AppConfig.ready()``.
    """
    spec = getattr(instance, "spec", None)
    if spec is None or getattr(_copying, "active", False):
        return
    names = mapping.synchronised(spec)
    others = type(instance).objects.filter(translation_key=instance.translation_key).exclude(pk=instance.pk)
    _copying.active = True
    try:
        for other in others:
            if not other.has_unpublished_changes and all(getattr(other, n) == getattr(instance, n) for n in names):
                continue
            publish = other.live and not other.has_unpublished_changes  # before: the revision below changes it
            latest = other.get_latest_revision_as_object()  # ``other`` itself when it has no draft
            changed = [n for n in names if getattr(latest, n) != getattr(instance, n)]
            if not changed:
                continue
            for name in changed:
                setattr(latest, name, copy.deepcopy(getattr(instance, name)))
            revision = latest.save_revision(clean=False)
            if publish:
                revision.publish()
    finally:
        _copying.active = False
