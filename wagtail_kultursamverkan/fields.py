"""Model fields for the core's data shapes."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import fields as wagtail_fields


class StreamField(wagtail_fields.StreamField):
    """Wagtail's ``StreamField``, whose JSON handling is made once per field rather than once per value.

    Wagtail's ``json_field`` builds a new ``JSONField`` (choices normalised, validators set up)
    every time a stored value is read or written; a structure page rendered with an empty
    cache reads a few hundred item pages with two or three streams each, and this was a
    quarter of their loading. The ``JSONField`` holds no state of its own, so one serves.
    It deconstructs as Wagtail's own class: migrations see no change.
    """

    @cached_property
    def json_field(self) -> models.JSONField:
        return models.JSONField(encoder=DjangoJSONEncoder)

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "wagtail.fields.StreamField", args, kwargs


#: A vocabulary list longer than this is shown folded (``FoldedChoices``); a shorter one stays open.
LONG_LIST = 8


class CompactCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes set in columns (``choices.css``): a list of 23 participants takes eight rows, not 23.

    Every choice stays visible and a plain checkbox, so keyboards, screen readers and the
    browser tests use it as any other; only the layout is denser.
    """

    class Media:
        css = {"all": ("wagtail_kultursamverkan/choices.css",)}

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        super().__init__({"class": "ks-choices", **(attrs or {})}, choices)


class FoldedChoices(CompactCheckboxes):
    """A long list of checkboxes folded into a disclosure (``<details>``) whose one line says what is chosen.

    The form shows one line ("Politicians, Heads of culture (2 of 38)") instead of every choice;
    a click or Enter opens the plain checkboxes (``choices.js`` keeps the line current). The list
    opens by itself when the field has a problem, as Wagtail marks the field.
    """

    template_name = "wagtail_kultursamverkan/widgets/folded_choices.html"

    class Media:
        js = ("wagtail_kultursamverkan/choices.js",)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen = {str(v) for v in (value or ())}
        choices = list(self.choices)
        labels = [str(label) for key, label in choices if str(key) in chosen]
        context["folded"] = {
            "chosen": ", ".join(labels),
            "count": _("%(chosen)d of %(total)d") % {"chosen": len(labels), "total": len(choices)},
            "open": bool(attrs and attrs.get("aria-invalid") == "true"),
        }
        return context


class VocabularyListField(models.JSONField):
    """A list of values from one core vocabulary, edited as compact (a long one folded) checkboxes, stored as JSON.

    A JSON list keeps the order the core gives (tuples round-trip exactly) and works
    on every database, unlike PostgreSQL's ``ArrayField``.
    """

    def __init__(self, *args: Any, choices_function: Callable[[], list[tuple[str, str]]] | None = None, **kwargs: Any):
        self.choices_function = choices_function
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple:
        name, path, args, kwargs = super().deconstruct()
        kwargs["choices_function"] = self.choices_function
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> forms.Field:
        choices = self.choices_function() if self.choices_function else []
        return forms.MultipleChoiceField(
            choices=self.choices_function or [],
            required=not self.blank,
            widget=FoldedChoices if len(choices) > LONG_LIST else CompactCheckboxes,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )
