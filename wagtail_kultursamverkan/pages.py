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
import threading
from collections.abc import Callable
from typing import Any

from django.db import models
from django.urls import NoReverseMatch
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock

from kultursamverkan import converter, jsonld
from kultursamverkan import model as core
from kultursamverkan.model import Event, Structure
from kultursamverkan.values import PartialDate

from . import caching, mapping
from .blocks import core_children
from .forms import CorePageForm, RegionIndexPageForm
from .identifiers import derive_identifier
from .language import page_language

#: ``(page, mode) -> Structure | None``: the structure a page belongs to, gathered from its
#: subtree; mode "live" (what readers see) or "all" (every page as stored). Set by ``apps``.
Gatherer = Callable[[Page, str], "Structure | None"]
_gatherer: Gatherer | None = None


def set_gatherer(gatherer: Gatherer) -> None:
    global _gatherer
    _gatherer = gatherer


def gather(page: Page, mode: str = "live") -> Structure | None:
    return _gatherer(page, mode) if _gatherer is not None else None


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

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        structure_pages = list(self.structure_pages())
        structures = [s for s in (p.structure() for p in structure_pages) if s is not None]
        context.update(
            lang=page_language(self),
            structures=structure_pages,
            plans=list(self.plan_pages()),
            events=self.upcoming_events(structures),
            events_structure=structures[0] if structures else None,
        )
        return context

    class Meta:
        verbose_name = _("region's collaboration index")
        verbose_name_plural = _("regions' collaboration indexes")


class StructurePageManager(PageManager):
    """Loads the structure's data fields only when used: a cached rendering of the page needs none of them."""

    deferred = ("legacy_content", "legacy_text", "sources", "organisations", "people", "interest_areas", "funding")

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().defer(*self.deferred)


class StructurePage(CorePageMixin, Page):
    """A region's collaboration structure as of a date; its bodies, plans, … are the pages below it."""

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
        """The structure as the core's plain data (the file format), for the API."""
        structure = self.structure()
        return converter.unstructure(structure) if structure is not None else None

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
        return paths

    def rendered(self, lang: str, request: Any = None) -> dict[str, str] | None:
        """The core's HTML and JSON-LD; a live page's is cached (``caching``) until what it shows changes."""
        from kultursamverkan.render import render

        preview = getattr(request, "is_preview", False)
        key = None
        if self.live and self.pk and not preview:
            # The key (and its token) is read before the content: a change committed after this
            # point renews the token, so what is stored below is never found again.
            key = caching.render_key(self, lang)
            hit = caching.get(key)
            if hit is not None:
                return hit
        structure = self.structure("preview" if preview else "live") if preview else self.structure()
        if structure is None:
            return None
        out = {
            "html": render(structure, lang=lang, format="html", heading_level=1),
            "jsonld": jsonld.script_tag(jsonld.to_jsonld(structure)),
        }
        if key is not None:
            caching.put(key, out)
        return out

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        lang = page_language(self)
        rendered = self.rendered(lang, request)
        context["lang"] = lang
        # Both come from the core renderer, which escapes everything it writes.
        context["structure_html"] = mark_safe(rendered["html"]) if rendered else ""  # noqa: S308
        context["structure_jsonld"] = mark_safe(rendered["jsonld"]) if rendered else ""  # noqa: S308
        context["structure"] = SimpleLazyObject(self.structure)
        return context

    class Meta:
        verbose_name = _("collaboration structure")
        verbose_name_plural = _("collaboration structures")
        # The admin's import view (admin_views.py); a plain string, as Django stores the name as it is.
        permissions = [("import_structures", "Can import structure files")]


class ItemPageMixin(CorePageMixin):
    """A page for one object of a structure: renders its part of the structure with the core's renderer."""

    template = "wagtail_kultursamverkan/item_page.html"

    def structure_page(self) -> StructurePage | None:
        parent = self.get_parent()  # type: ignore[attr-defined]
        parent = parent.specific if parent is not None else None
        return parent if isinstance(parent, StructurePage) else None

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
        from kultursamverkan.render import render_item

        context = super().get_context(request, *args, **kwargs)  # type: ignore[misc]
        lang = page_language(self)
        result = self.core_item("preview" if getattr(request, "is_preview", False) else "live")
        html = render_item(result[0], result[1], lang, 2) if result is not None else ""
        context.update(lang=lang, item_html=mark_safe(html), item=result[0] if result else None)  # noqa: S308
        return context

    class Meta:
        abstract = True


def _item_page(spec: mapping.Spec) -> dict[str, Any]:
    """What every item page class declares, from its spec."""
    return {
        "template": ItemPageMixin.template,  # Wagtail names a template after each page class otherwise
        "content_panels": [*Page.content_panels, *mapping.panels(spec)],
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
    locals().update(_item_page(mapping.BODY))
    content_panels = [*content_panels, FieldPanel("representatives")]  # type: ignore[has-type]  # noqa: F821
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
        context = super().get_context(request, *args, **kwargs)
        result = self.core_item("preview" if getattr(request, "is_preview", False) else "live")
        context["plan"], context["plan_structure"] = result if result is not None else (None, None)
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


_copying = threading.local()


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
