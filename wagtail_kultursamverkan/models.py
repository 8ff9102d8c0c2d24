"""Snippets and page types.

Pages and snippets store what the core model holds, field for field; ``convert``
turns them into a ``kultursamverkan.Structure`` and back. Localised text is two
fields (``*_sv``, ``*_en``) because the core keeps both languages in one object.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock

from kultursamverkan.errors import ValidationError as CoreValidationError
from kultursamverkan.model import Structure

from . import vocabulary as v
from .blocks import LocalizedTextBlock, SourceBlock, StructureContentBlock, id_validator, validate_partial_date
from .fields import VocabularyListField
from .forms import StructurePageForm

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


def localized(text_sv: str | None, text_en: str | None) -> str:
    """The text in the active language, else the other one (the core's fallback rule)."""
    first, second = (text_en, text_sv) if (get_language() or "sv").startswith("en") else (text_sv, text_en)
    return first or second or ""


def require_one(instance: models.Model, field: str, label: str) -> None:
    if not getattr(instance, f"{field}_sv").strip() and not getattr(instance, f"{field}_en").strip():
        raise ValidationError({f"{field}_sv": _("Give the %(name)s in Swedish or English.") % {"name": label}})


# -------------------------------------------------------------------- snippets


class Organisation(TranslatableMixin, index.Indexed, models.Model):
    """A municipality, institution, civil-society organisation, … shared by structures."""

    identifier = identifier_field()
    name_sv = models.CharField(_("name in Swedish"), max_length=255, blank=True)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=50, choices=v.organisation_kind_choices)
    minorities = VocabularyListField(_("national minorities"), choices_function=v.minority_choices)
    part_of = models.CharField(
        _("part of (id)"),
        max_length=100,
        blank=True,
        validators=[id_validator],
        help_text=_("The id of the organisation or region this one belongs to."),
    )
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    former_names = StreamField(
        [("name", LocalizedTextBlock(required=True, label=_("Former name")))],
        blank=True,
        verbose_name=_("former names"),
    )
    url = models.CharField(_("web address"), max_length=2000, blank=True)

    panels = [
        FieldPanel("identifier"),
        FieldRowPanel([FieldPanel("name_sv"), FieldPanel("name_en")], heading=_("Name")),
        FieldPanel("kind"),
        FieldPanel("minorities"),
        FieldPanel("part_of"),
        FieldRowPanel([FieldPanel("description_sv"), FieldPanel("description_en")], heading=_("Description")),
        FieldPanel("former_names"),
        FieldPanel("url"),
    ]
    search_fields = [
        index.SearchField("name_sv"),
        index.SearchField("name_en"),
        index.AutocompleteField("name_sv"),
        index.AutocompleteField("name_en"),
        index.FilterField("locale"),
        index.FilterField("kind"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_sv", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["identifier", "locale"], name="ks_organisation_identifier_locale"),
        ]

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

    panels = [
        FieldPanel("identifier"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("title_sv"), FieldPanel("title_en")], heading=_("Job title")),
        FieldPanel("party"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("locale")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["identifier", "locale"], name="ks_person_identifier_locale"),
        ]

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

    region_panels = [
        MultiFieldPanel(
            [
                FieldPanel("region_identifier"),
                FieldRowPanel([FieldPanel("region_name_sv"), FieldPanel("region_name_en")]),
                FieldRowPanel([FieldPanel("county_code"), FieldPanel("municipality_count")]),
                FieldPanel("region_url"),
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
        _("as of"), max_length=10, validators=[validate_partial_date], help_text=_("YYYY, YYYY-MM or YYYY-MM-DD")
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


class RegionIndexPage(RegionIndexPageMixin, Page):
    template = "wagtail_kultursamverkan/region_index_page.html"
    content_panels = [*Page.content_panels, *RegionIndexPageMixin.region_panels]
    search_fields = [*Page.search_fields, index.SearchField("region_name_sv"), index.SearchField("region_name_en")]
    subpage_types = ["wagtail_kultursamverkan.StructurePage"]

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["lang"] = page_language(self)
        context["structures"] = StructurePage.objects.child_of(self).live().public().order_by("-as_of")
        context["structures_heading"] = _("Collaboration structures")
        return context

    class Meta:
        verbose_name = _("region's collaboration index")
        verbose_name_plural = _("regions' collaboration indexes")


class StructurePage(StructurePageMixin, Page):
    base_form_class = StructurePageForm
    template = "wagtail_kultursamverkan/structure_page.html"
    content_panels = [*Page.content_panels, *StructurePageMixin.structure_panels]
    search_fields = [*Page.search_fields, *StructurePageMixin.structure_search_fields]
    parent_page_types = ["wagtail_kultursamverkan.RegionIndexPage"]
    subpage_types: list[str] = []

    def structure(self) -> Structure | None:
        """The page as a core structure; None if stored content no longer validates (e.g. after a core change)."""
        from .convert import structure_from_page

        try:
            return structure_from_page(self)
        except CoreValidationError:
            return None

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["lang"] = page_language(self)
        context["structure"] = self.structure()
        return context

    class Meta:
        verbose_name = _("collaboration structure")
        verbose_name_plural = _("collaboration structures")
