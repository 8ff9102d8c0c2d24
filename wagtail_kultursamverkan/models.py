"""Snippets and page types.

Pages and snippets store what the core model holds, field for field; ``convert``
turns them into a ``kultursamverkan.Structure`` and back. Localised text is two
fields (``*_sv``, ``*_en``) because the core keeps both languages in one object.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageViewRestriction, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock

from kultursamverkan import converter, jsonld
from kultursamverkan import model as core
from kultursamverkan.errors import ValidationError as CoreValidationError
from kultursamverkan.model import Event, Plan, Structure
from kultursamverkan.values import PartialDate

from . import vocabulary as v
from .blocks import (
    DATE_HELP,
    DATE_MAX_LENGTH,
    PLAN_FORMAT_2,
    GoalBlock,
    LocalizedTextBlock,
    MilestoneBlock,
    SourceBlock,
    StructureContentBlock,
    core_details,
    id_validator,
    validate_partial_date,
)
from .fields import VocabularyListField
from .forms import PlanPageForm, RegionIndexPageForm, SnippetForm, StructurePageForm

try:  # wagtail-localize is optional: say which fields it translates and which it keeps in sync
    from wagtail_localize.fields import SynchronizedField, TranslatableField
except ImportError:  # pragma: no cover - exercised by the environments without it
    SynchronizedField = TranslatableField = None


def translatable(translated: list[str], synchronised: list[str]) -> list[Any]:
    """wagtail-localize's field list: text is translated; ids, choices, dates and addresses stay in sync."""
    if TranslatableField is None:
        return []
    return [TranslatableField(name) for name in translated] + [SynchronizedField(name) for name in synchronised]


party_validator = RegexValidator(
    r"^[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,9}$", _("Write the party as Swedish sources do: S, M, C, L, KD, V, MP, SD, …")
)


def identifier_field(**kwargs: object) -> models.CharField:
    return models.CharField(
        _("id"),
        max_length=100,
        validators=[id_validator],
        help_text=_("The key other objects use to refer to this one, e.g. “region-halland”."),
        **kwargs,  # type: ignore[arg-type]
    )


def partial_date_field(verbose_name: str) -> models.CharField:
    return models.CharField(
        verbose_name,
        max_length=DATE_MAX_LENGTH,
        blank=True,
        validators=[validate_partial_date],
        help_text=DATE_HELP,
    )


def reference_field(verbose_name: str, help_text: str) -> models.CharField:
    """An optional id of another object in the structure, checked by the core on save."""
    return models.CharField(verbose_name, max_length=100, blank=True, validators=[id_validator], help_text=help_text)


def localized(text_sv: str | None, text_en: str | None) -> str:
    """The text in the active language, else the other one (the core's fallback rule)."""
    first, second = (text_en, text_sv) if (get_language() or "sv").startswith("en") else (text_sv, text_en)
    return first or second or ""


def region_field() -> models.ForeignKey:
    """The region that owns a snippet: its editors may change it; empty = shared by all regions.

    The admin form's choices and help text are ``permissions.RegionFieldFormMixin``'s.
    """
    return models.ForeignKey(
        "wagtail_kultursamverkan.RegionIndexPage",
        verbose_name=_("Region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


def require_one(instance: models.Model, field: str, label: str) -> None:
    if not getattr(instance, f"{field}_sv").strip() and not getattr(instance, f"{field}_en").strip():
        raise ValidationError({f"{field}_sv": _("Give the %(name)s in Swedish or English.") % {"name": label}})


# -------------------------------------------------------------------- snippets


#: The core fields of each snippet or page that its ``details`` stream holds (format 2's additions).
ORGANISATION_FORMAT_2 = (
    "member_of",
    "abbreviation",
    "alternative_names",
    "identifiers",
    "mandate",
    "provenance",
    "not_exhaustive",
)
PERSON_FORMAT_2 = ("provenance",)
REGION_FORMAT_2 = ("joined", "pilot", "identifiers", "provenance")


class Organisation(TranslatableMixin, index.Indexed, models.Model):
    """A municipality, institution, civil-society organisation, … shared by structures."""

    identifier = identifier_field()
    name_sv = models.CharField(_("name in Swedish"), max_length=255, blank=True)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=50, choices=v.organisation_kind_choices)
    minorities = VocabularyListField(_("national minorities"), choices_function=v.minority_choices)
    part_of = reference_field(_("part of (id)"), _("The id of the organisation or region this one belongs to."))
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    former_names = StreamField(
        [("name", LocalizedTextBlock(required=True, label=_("Former name")))],
        blank=True,
        verbose_name=_("former names"),
    )
    url = models.CharField(_("web address"), max_length=2000, blank=True)
    details = StreamField(
        core_details(core.Organisation, ORGANISATION_FORMAT_2), blank=True, verbose_name=_("further facts")
    )
    region = region_field()

    panels = [
        FieldPanel("region"),
        FieldPanel("identifier"),
        FieldRowPanel([FieldPanel("name_sv"), FieldPanel("name_en")], heading=_("Name")),
        FieldPanel("kind"),
        FieldPanel("minorities"),
        FieldPanel("part_of"),
        FieldRowPanel([FieldPanel("description_sv"), FieldPanel("description_en")], heading=_("Description")),
        FieldPanel("former_names"),
        FieldPanel("url"),
        FieldPanel("details"),
    ]
    base_form_class = SnippetForm
    search_fields = [
        index.SearchField("name_sv"),
        index.SearchField("name_en"),
        index.AutocompleteField("name_sv"),
        index.AutocompleteField("name_en"),
        index.FilterField("locale"),
        index.FilterField("kind"),
    ]

    translatable_fields = translatable(
        ["name_sv", "name_en", "description_sv", "description_en", "former_names", "details"],
        ["identifier", "kind", "minorities", "part_of", "url"],
    )

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_sv", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["identifier", "locale"], name="ks_organisation_identifier_locale"),
        ]
        # Plain strings, as Django stores the names as they are (``permissions``: shared snippets).
        permissions = [("change_shared_organisation", "Can change and delete shared organisations")]

    def __str__(self) -> str:
        return localized(self.name_sv, self.name_en) or self.identifier

    def clean(self) -> None:
        super().clean()
        require_one(self, "name", _("name"))


class Person(TranslatableMixin, index.Indexed, models.Model):
    """A person who represents an organisation in a body."""

    identifier = identifier_field()
    name = models.CharField(_("name"), max_length=255)
    title_sv = models.CharField(_("job title in Swedish"), max_length=255, blank=True)
    title_en = models.CharField(_("job title in English"), max_length=255, blank=True)
    party = models.CharField(_("party"), max_length=10, blank=True, validators=[party_validator])
    details = StreamField(core_details(core.Person, PERSON_FORMAT_2), blank=True, verbose_name=_("further facts"))
    region = region_field()

    base_form_class = SnippetForm
    panels = [
        FieldPanel("region"),
        FieldPanel("identifier"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("title_sv"), FieldPanel("title_en")], heading=_("Job title")),
        FieldPanel("party"),
        FieldPanel("details"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("locale")]

    translatable_fields = translatable(["title_sv", "title_en", "details"], ["identifier", "name", "party"])

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["identifier", "locale"], name="ks_person_identifier_locale"),
        ]
        permissions = [("change_shared_person", "Can change and delete shared people")]

    def __str__(self) -> str:
        return self.name


# ------------------------------------------------------------------ page mixins


class RegionIndexPageMixin(models.Model):
    """A region's collaboration index: holds the region that its structures describe."""

    region_identifier = identifier_field()
    region_name_sv = models.CharField(_("region name in Swedish"), max_length=255, blank=True)
    region_name_en = models.CharField(_("region name in English"), max_length=255, blank=True)
    county_code = models.CharField(
        _("county code"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^\d{2}$", _("Two digits, e.g. 13 for Halland."))],
    )
    municipality_count = models.PositiveIntegerField(_("number of municipalities"), null=True, blank=True)
    region_url = models.CharField(_("region's web address"), max_length=2000, blank=True)
    region_details = StreamField(
        core_details(core.Region, REGION_FORMAT_2), blank=True, verbose_name=_("further facts about the region")
    )

    region_translatable_fields = translatable(
        ["region_name_sv", "region_name_en", "region_details"],
        ["region_identifier", "county_code", "municipality_count", "region_url"],
    )

    region_panels = [
        MultiFieldPanel(
            [
                FieldPanel("region_identifier"),
                FieldRowPanel([FieldPanel("region_name_sv"), FieldPanel("region_name_en")]),
                FieldRowPanel([FieldPanel("county_code"), FieldPanel("municipality_count")]),
                FieldPanel("region_url"),
                FieldPanel("region_details"),
            ],
            heading=_("Region"),
        )
    ]

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        require_one(self, "region_name", _("region's name"))


class StructurePageMixin(models.Model):
    """One ``kultursamverkan.Structure``: the region's bodies, plans, events, … as of a date."""

    structure_identifier = identifier_field()
    name_sv = models.CharField(_("name in Swedish"), max_length=255, blank=True)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    as_of = models.CharField(
        _("as of"), max_length=DATE_MAX_LENGTH, validators=[validate_partial_date], help_text=DATE_HELP
    )
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    levels = VocabularyListField(
        _("levels"), choices_function=v.scope_choices, help_text=_("The geographic levels the region works at.")
    )
    sources = StreamField([("source", SourceBlock())], blank=True, verbose_name=_("sources"))
    organisations = StreamField(
        [("organisation", SnippetChooserBlock("wagtail_kultursamverkan.Organisation", label=_("Organisation")))],
        blank=True,
        verbose_name=_("organisations"),
    )
    people = StreamField(
        [("person", SnippetChooserBlock("wagtail_kultursamverkan.Person", label=_("Person")))],
        blank=True,
        verbose_name=_("people"),
    )
    content = StreamField(StructureContentBlock(), blank=True, verbose_name=_("content"))

    structure_panels = [
        MultiFieldPanel(
            [
                FieldPanel("structure_identifier"),
                FieldRowPanel([FieldPanel("name_sv"), FieldPanel("name_en")]),
                FieldPanel("as_of"),
                FieldRowPanel([FieldPanel("description_sv"), FieldPanel("description_en")]),
                FieldPanel("levels"),
            ],
            heading=_("Structure"),
        ),
        FieldPanel("content"),
        FieldPanel("organisations"),
        FieldPanel("people"),
        FieldPanel("sources"),
    ]
    structure_search_fields = [
        index.SearchField("name_sv"),
        index.SearchField("name_en"),
        index.SearchField("description_sv"),
        index.SearchField("description_en"),
        index.SearchField("content"),
    ]
    structure_translatable_fields = translatable(
        ["name_sv", "name_en", "description_sv", "description_en", "sources", "content"],
        ["structure_identifier", "as_of", "levels", "organisations", "people"],
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        require_one(self, "name", _("name"))


class PlanPageMixin(models.Model):
    """One plan of the core model (``kultursamverkan.model.Plan``): a culture plan or action plan.

    Its references (owner, based on, a milestone's event) are ids in the structure
    the plan belongs to: the parent structure page, or the newest structure in the
    same region index; the core checks them there on every save.
    """

    plan_identifier = identifier_field()
    name_sv = models.CharField(_("name in Swedish"), max_length=255, blank=True)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    kind = models.CharField(_("kind of plan"), max_length=50, choices=v.plan_kind_choices, default="culture_plan")
    status = models.CharField(_("status"), max_length=50, choices=v.plan_status_choices, default="adopted")
    period_start = partial_date_field(_("valid from"))
    period_end = partial_date_field(_("valid until"))
    plan_owner = reference_field(_("responsible (id)"), _("The id of the region or organisation that owns the plan."))
    based_on = reference_field(
        _("based on (plan id)"), _("The plan this one implements, e.g. the culture plan an action plan builds on.")
    )
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    goals = StreamField([("goal", GoalBlock())], blank=True, verbose_name=_("goals"))
    milestones = StreamField([("milestone", MilestoneBlock())], blank=True, verbose_name=_("milestones"))
    activity_areas = VocabularyListField(_("activity areas"), choices_function=v.activity_area_choices)
    plan_url = models.CharField(_("web address of the plan document"), max_length=2000, blank=True)
    details = StreamField(core_details(core.Plan, PLAN_FORMAT_2), blank=True, verbose_name=_("further facts"))

    plan_panels = [
        MultiFieldPanel(
            [
                FieldPanel("plan_identifier"),
                FieldRowPanel([FieldPanel("name_sv"), FieldPanel("name_en")]),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")], heading=_("Period")),
                FieldRowPanel([FieldPanel("plan_owner"), FieldPanel("based_on")]),
                FieldRowPanel([FieldPanel("description_sv"), FieldPanel("description_en")]),
                FieldPanel("plan_url"),
            ],
            heading=_("Plan"),
        ),
        FieldPanel("goals"),
        FieldPanel("milestones"),
        FieldPanel("activity_areas"),
        FieldPanel("details"),
    ]
    plan_search_fields = [
        index.SearchField("name_sv"),
        index.SearchField("name_en"),
        index.SearchField("description_sv"),
        index.SearchField("description_en"),
        index.SearchField("goals"),
        index.SearchField("milestones"),
        index.FilterField("kind"),
        index.FilterField("status"),
    ]
    plan_translatable_fields = translatable(
        ["name_sv", "name_en", "description_sv", "description_en", "goals", "milestones", "details"],
        [
            "plan_identifier",
            "kind",
            "status",
            "period_start",
            "period_end",
            "plan_owner",
            "based_on",
            "activity_areas",
            "plan_url",
        ],
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        require_one(self, "name", _("name"))


# --------------------------------------------------------------- concrete pages


def page_language(page: Page) -> str:
    """The page's content language (its locale), which the template puts in ``lang``."""
    code = getattr(getattr(page, "locale", None), "language_code", None) or get_language() or "sv"
    return "en" if code.startswith("en") else "sv"


#: Rendered structure pages are cached (Django's default cache) under keys with this prefix, a
#: generation that every change to the plugin's pages and snippets moves on, the page and its live revision.
RENDER_CACHE_PREFIX = "kultursamverkan:render:"
RENDER_CACHE_SECONDS = 24 * 60 * 60
_GENERATION_KEY = "kultursamverkan:generation"


def _generation() -> int:
    return cache.get_or_set(_GENERATION_KEY, 1, None)


def invalidate_rendered(**_kwargs: Any) -> None:
    """Forget every cached rendering: a snippet or region can appear in any structure page."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, 2, None)


def _today() -> PartialDate:
    return PartialDate.parse(dt.date.today().isoformat())


class RegionIndexPage(RegionIndexPageMixin, Page):
    """A region's start page for its collaboration: lists its structures, plans and upcoming events."""

    template = "wagtail_kultursamverkan/region_index_page.html"
    base_form_class = RegionIndexPageForm
    content_panels = [*Page.content_panels, *RegionIndexPageMixin.region_panels]
    search_fields = [*Page.search_fields, index.SearchField("region_name_sv"), index.SearchField("region_name_en")]
    subpage_types = ["wagtail_kultursamverkan.StructurePage", "wagtail_kultursamverkan.PlanPage"]
    api_fields = [
        APIField("region_identifier"),
        APIField("region_name_sv"),
        APIField("region_name_en"),
        APIField("county_code"),
        APIField("municipality_count"),
        APIField("region_url"),
    ]
    translatable_fields = translatable(["title", "slug", "seo_title", "search_description"], []) + (
        RegionIndexPageMixin.region_translatable_fields
    )

    def structure_pages(self) -> models.QuerySet:
        return StructurePage.objects.child_of(self).live().public().order_by("-as_of", "pk")

    def plan_pages(self) -> models.QuerySet:
        return PlanPage.objects.descendant_of(self).live().public().order_by("-period_start", "title")

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
            # The newest structure names the events' bodies and organisers.
            events_structure=structures[0] if structures else None,
        )
        return context

    class Meta:
        verbose_name = _("region's collaboration index")
        verbose_name_plural = _("regions' collaboration indexes")


class StructurePageManager(PageManager):
    """Loads the structure's data fields only when used: a cached rendering of the page needs none of them."""

    deferred = ("content", "sources", "organisations", "people")

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().defer(*self.deferred)


class StructurePage(StructurePageMixin, Page):
    """A region's collaboration structure, rendered by the core renderer with its JSON-LD."""

    objects = StructurePageManager()

    base_form_class = StructurePageForm
    template = "wagtail_kultursamverkan/structure_page.html"
    content_panels = [*Page.content_panels, *StructurePageMixin.structure_panels]
    search_fields = [*Page.search_fields, *StructurePageMixin.structure_search_fields]
    parent_page_types = ["wagtail_kultursamverkan.RegionIndexPage"]
    subpage_types = ["wagtail_kultursamverkan.PlanPage"]
    api_fields = [APIField("kultursamverkan")]
    translatable_fields = translatable(["title", "slug", "seo_title", "search_description"], []) + (
        StructurePageMixin.structure_translatable_fields
    )

    def structure(self) -> Structure | None:
        """The page and its published plan pages as a core structure.

        None if the stored content no longer validates (e.g. after a core change, or
        when it refers to a plan page that is not published).
        """
        from .convert import structure_from_page

        try:
            return structure_from_page(self)
        except CoreValidationError:
            return None

    @property
    def kultursamverkan(self) -> dict[str, Any] | None:
        """The structure as the core's plain data (the file format), for the API."""
        structure = self.structure()
        return converter.unstructure(structure) if structure is not None else None

    def rendered(self, lang: str, request: Any = None) -> dict[str, str] | None:
        """The core's HTML and JSON-LD for the page, cached for the live page until our content changes."""
        from kultursamverkan.render import render

        key = None
        if self.live and self.pk and not getattr(request, "is_preview", False):
            key = f"{RENDER_CACHE_PREFIX}{_generation()}:{self.pk}:{self.live_revision_id}:{lang}"
            hit = cache.get(key)
            if hit is not None:
                return hit
        structure = self.structure()
        if structure is None:
            return None
        out = {
            # Level 1: the structure's name is the page's one h1, not a repeat of the title.
            "html": render(structure, lang=lang, format="html", heading_level=1),
            "jsonld": jsonld.script_tag(jsonld.to_jsonld(structure)),
        }
        if key is not None:
            cache.set(key, out, RENDER_CACHE_SECONDS)
        return out

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        lang = page_language(self)
        rendered = self.rendered(lang, request)
        context["lang"] = lang
        # Both come from the core renderer, which escapes everything it writes.
        context["structure_html"] = mark_safe(rendered["html"]) if rendered else ""  # noqa: S308
        context["structure_jsonld"] = mark_safe(rendered["jsonld"]) if rendered else ""  # noqa: S308
        context["structure"] = SimpleLazyObject(self.structure)  # for host templates; built only if used
        return context

    class Meta:
        verbose_name = _("collaboration structure")
        verbose_name_plural = _("collaboration structures")
        # The admin's import view (admin_views.py); a plain string, as Django stores the name as it is.
        permissions = [("import_structures", "Can import structure files")]


class PlanPage(PlanPageMixin, Page):
    """A culture plan or action plan with its goals and milestones, rendered by the core renderer."""

    base_form_class = PlanPageForm
    template = "wagtail_kultursamverkan/plan_page.html"
    content_panels = [*Page.content_panels, *PlanPageMixin.plan_panels]
    search_fields = [*Page.search_fields, *PlanPageMixin.plan_search_fields]
    parent_page_types = ["wagtail_kultursamverkan.RegionIndexPage", "wagtail_kultursamverkan.StructurePage"]
    subpage_types: list[str] = []
    api_fields = [APIField("kultursamverkan")]
    translatable_fields = translatable(["title", "slug", "seo_title", "search_description"], []) + (
        PlanPageMixin.plan_translatable_fields
    )

    def plan(self) -> tuple[Plan, Structure] | None:
        """The core plan and the structure (with its published plan pages) it was validated in.

        None if it no longer validates.
        """
        from .convert import plan_from_page

        try:
            return plan_from_page(self, plan_pages="live")
        except CoreValidationError:
            return None

    @property
    def kultursamverkan(self) -> dict[str, Any] | None:
        """The plan as the core's plain data, for the API."""
        result = self.plan()
        return converter.unstructure(result[0]) if result is not None else None

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        result = self.plan()
        context["lang"] = page_language(self)
        context["plan"], context["plan_structure"] = result if result is not None else (None, None)
        return context

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")


# A view restriction added or removed changes which plan pages a structure page may show.
for _model in (Organisation, Person, RegionIndexPage, StructurePage, PlanPage, PageViewRestriction):
    post_save.connect(invalidate_rendered, sender=_model, dispatch_uid=f"ks-render-save-{_model.__name__}")
    post_delete.connect(invalidate_rendered, sender=_model, dispatch_uid=f"ks-render-delete-{_model.__name__}")
