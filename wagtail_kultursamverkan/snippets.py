"""Organisation and person snippets: shared by a region's structures, one language per locale.

Their fields come from ``mapping.ORGANISATION`` and ``mapping.PERSON``. ``region`` says
which region owns the snippet (None: shared, like a municipality or a national body).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index

from . import mapping
from .forms import SnippetForm
from .identifiers import derive_identifier

#: The owning region as a plain select: Wagtail's page chooser widget fails on a malformed submitted id.
REGION_PANEL = FieldPanel("region", widget=forms.Select)


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


class CoreSnippetMixin(models.Model):
    """What both snippets share: the identifier made from the name when left empty."""

    spec: mapping.Spec

    def derived_identifier_source(self) -> str:
        return str(getattr(self, "name", "") or "")

    def clean(self) -> None:
        super().clean()
        if not self.identifier:  # type: ignore[has-type]
            self.identifier = derive_identifier(self.derived_identifier_source())

    def before_save(self) -> None:
        """What ``save`` does before saving (``bulk_save.save_new`` does it too)."""
        if not self.identifier:  # type: ignore[has-type]
            self.identifier = derive_identifier(self.derived_identifier_source())

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.before_save()
        super().save(*args, **kwargs)

    class Meta:
        abstract = True


class Organisation(CoreSnippetMixin, TranslatableMixin, index.Indexed, models.Model):
    """A municipality, institution, civil-society organisation, … shared by structures."""

    spec = mapping.ORGANISATION
    locals().update(mapping.model_fields(mapping.ORGANISATION))
    region = region_field()
    #: The bilingual fields of before issue 13 (``name_sv``, ``details``, …), kept for the data migration.
    legacy_text = models.JSONField(null=True, blank=True, editable=False)

    panels = [*mapping.panels(mapping.ORGANISATION), REGION_PANEL]
    base_form_class = SnippetForm
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("identifier"),
        index.FilterField("locale"),
        index.FilterField("kind"),
        index.FilterField("region"),  # the admin's listing and chooser show a user's regions' (``permissions``)
    ]
    translatable_fields = mapping.translatable_fields(mapping.ORGANISATION, extra_synchronised=["region"])

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["identifier", "locale"], name="ks_organisation_identifier_locale"),
        ]
        # Plain strings, as Django stores the names as they are (``permissions``: shared snippets).
        permissions = [("change_shared_organisation", "Can change and delete shared organisations")]

    def __str__(self) -> str:
        return self.name or self.identifier  # type: ignore[attr-defined]


class Person(CoreSnippetMixin, TranslatableMixin, index.Indexed, models.Model):
    """A person who represents an organisation in a body."""

    spec = mapping.PERSON
    locals().update(mapping.model_fields(mapping.PERSON))
    region = region_field()
    legacy_text = models.JSONField(null=True, blank=True, editable=False)

    base_form_class = SnippetForm
    panels = [*mapping.panels(mapping.PERSON), REGION_PANEL]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("identifier"),
        index.FilterField("locale"),
        index.FilterField("region"),
    ]
    translatable_fields = mapping.translatable_fields(mapping.PERSON, extra_synchronised=["region"])

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["identifier", "locale"], name="ks_person_identifier_locale"),
        ]
        permissions = [("change_shared_person", "Can change and delete shared people")]

    def __str__(self) -> str:
        return self.name or self.identifier  # type: ignore[attr-defined]
