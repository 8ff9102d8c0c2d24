"""Model fields for the core's data shapes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db import models
from django.utils.text import capfirst


class CompactCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes set in columns (``choices.css``): a list of 23 participants takes eight rows, not 23.

    Every choice stays visible and a plain checkbox, so keyboards, screen readers and the
    browser tests use it as any other; only the layout is denser.
    """

    class Media:
        css = {"all": ("wagtail_kultursamverkan/choices.css",)}

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        super().__init__({"class": "ks-choices", **(attrs or {})}, choices)


class VocabularyListField(models.JSONField):
    """A list of values from one core vocabulary, edited as compact checkboxes, stored as a JSON list.

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
        return forms.MultipleChoiceField(
            choices=self.choices_function or [],
            required=not self.blank,
            widget=CompactCheckboxes,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )
