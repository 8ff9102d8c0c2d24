"""A meeting frequency edited as one line of words, with a live preview of what the public page says.

The value is the core's cadence as plain file-format data (``converter.unstructure(cadence)``,
e.g. ``{"kind": "range", "min": 3, "max": 4, "per": "year"}``) or ``None``. The editor sees
one text input holding the core's own phrase for it in the admin's language ("3–4 gånger
per år"); what they type is read back by the core's parser (admin language first, then the
other one), so every phrase the core writes reads back to the same cadence. Under the input,
the sentence the public page will show, in Swedish and in English, follows the typing
through a small admin JSON endpoint (``preview_view``, registered in ``wagtail_hooks``).

The same form field serves three places: ``CadenceField`` in any Django form,
``CadenceModelField`` on a model (a JSONField whose ``formfield()`` is ``CadenceField``) and
``CadenceInputBlock`` in a StreamField. This module imports nothing else of the plugin but
``vocabulary``, so models, blocks and views can all use it.

Use::

    class BodyPage(Page):
        cadence = CadenceModelField(verbose_name=_("Cadence"))  # NULL when the body has none
        content_panels = [..., FieldPanel("cadence")]

    blocks.StructBlock([..., ("cadence", CadenceInputBlock())])  # required=True to require one

The stored value goes to and from the core's data unchanged (``converter.structure(value, Cadence)``
gives the object); it has no language, so translations share it (a synchronised field).
"""

from __future__ import annotations

import json
import typing
from typing import Any

from babel.lists import format_list
from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property, lazy
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from wagtail import blocks
from wagtail.admin.auth import require_admin_access

from kultursamverkan import converter, i18n, phrases
from kultursamverkan.cadence import AsNeeded, Cadence, Count, Interval, Ongoing, Range
from kultursamverkan.vocab import Qualifier, TimeUnit

from .vocabulary import active_language

#: The longest phrase read, so the parser never sees more. The core writes 340 characters for twelve
#: approximate dates with a qualifier and a phase, so there is room; the parser reads 4,000 in milliseconds.
MAX_LENGTH = 1000
#: The URL name of the preview endpoint (``wagtail_hooks`` registers it under the admin).
PREVIEW_URL_NAME = "wagtail_kultursamverkan_cadence_preview"
LANGUAGES = ("sv", "en")
_CADENCE_KINDS = typing.get_args(Cadence)

# ------------------------------------------------------------------ reading and writing

#: A phrase neither language reads, in a field without a menu of forms beside it.
NOT_UNDERSTOOD = _(
    "Not understood as a meeting frequency. Write e.g. “två gånger per år”, “3–4 gånger per år”, "
    "“varannan månad” or “vid behov”."
)


def read_cadence_phrase(text: str, *, menu: bool = True) -> Cadence:
    """The core cadence a typed phrase says, read in the admin's language first, then the other one.

    Raises ``ValidationError`` with the reason in the editor's words when neither reads it.
    ``menu``: the input sits beside a menu of cadence forms (``blocks.CadenceBlock``), which
    the message then points to; the one-line ``CadenceField`` has none.
    """
    from kultursamverkan.cadence_parser import APPROXIMATE_RANGE, NO_PERIOD, QUALIFIER, NotUnderstood, parse_cadence

    first = active_language()
    reasons = []
    for lang in (first, "en" if first == "sv" else "sv"):
        try:
            return parse_cadence(text, lang)
        except NotUnderstood as error:
            reasons.append(error.reason)
    if QUALIFIER in reasons:
        message = _(
            "A frequency can only begin with “som regel” or “normalt”, e.g. “som regel två gånger per år”. "
            "Say the rest under “About the meeting frequency”."
        )
    elif APPROXIMATE_RANGE in reasons:
        message = _("A range cannot be approximate: write it without “cirka”, e.g. “3–4 gånger per år”.")
    elif NO_PERIOD in reasons:
        message = _("Say per what, e.g. “fyra gånger per år” or “två gånger per termin”.")
    elif menu:
        message = _(
            "Not understood as a meeting frequency. Write e.g. “två gånger per år”, “3–4 gånger per år”, "
            "“varannan månad” or “vid behov”, or choose the form from the menu."
        )
    else:
        message = NOT_UNDERSTOOD
    raise ValidationError(message, code="cadence_phrase")


def cadence_from_data(data: Any) -> Cadence:
    """The core cadence that file-format data holds; ``ValidationError`` when it holds none."""
    try:
        cadence = converter.structure(data, Cadence)  # type: ignore[arg-type]
    except converter.StructureFailed:
        cadence = None
    if not isinstance(cadence, _CADENCE_KINDS):
        raise ValidationError(_("This is not a meeting frequency the file format can hold."), code="cadence_data")
    return cadence


def phrase_for(data: Any, lang: str | None = None) -> str:
    """The core's phrase for the cadence in ``data``, in ``lang`` (default: the admin's language)."""
    return phrases.cadence(cadence_from_data(data), lang or active_language())


def public_sentence(cadence: Cadence, lang: str) -> str:
    """The cadence's row as the public page writes it: "Möten: två gånger per år" / "Meets: twice a year".

    The term is the core renderer's own (``render._T``: "Works" for an ongoing body, else "Meets");
    a test holds this to ``render.render_item``'s output.
    """
    term = i18n.pgettext(lang, "field", "Works" if isinstance(cadence, Ongoing) else "Meets")
    return f"{term}: {phrases.cadence(cadence, lang)}"


def preview(text: str) -> dict[str, str | None]:
    """What the endpoint answers for a typed phrase: the public sentence in sv and en, or the field's error.

    An empty text previews nothing; errors are in the admin's language, as the field shows them.
    """
    try:
        data = CadenceField(required=False).clean(text)
    except ValidationError as error:
        return {"sv": None, "en": None, "error": " ".join(str(m) for m in error.messages)}
    if data is None:
        return {"sv": None, "en": None, "error": None}
    cadence = cadence_from_data(data)
    return {"sv": public_sentence(cadence, "sv"), "en": public_sentence(cadence, "en"), "error": None}


#: The help text's examples: written by the core in the admin's language, so each one reads back.
EXAMPLES: tuple[Cadence, ...] = (
    Count(times=2),
    Range(min=3, max=4),
    Interval(every=2, unit=TimeUnit.MONTH),
    Count(times=1, per=TimeUnit.TERM, qualifier=Qualifier.AS_A_RULE),
    AsNeeded(),
)


#: Quotation marks as each language writes them ("som regel" in Swedish text is ”som regel”).
_QUOTES = {"sv": ("”", "”"), "en": ("“", "”")}


def _examples() -> str:
    lang = active_language()
    left, right = _QUOTES[lang]
    quoted = [f"{left}{phrases.cadence(c, lang)}{right}" for c in EXAMPLES]
    return format_list(quoted, style="or", locale=i18n.locale(lang))


HELP_TEXT = format_lazy(
    _("Write how often in words, e.g. {examples}. Swedish or English; it is saved as the frequency it was read as."),
    examples=lazy(_examples, str)(),
)

# ------------------------------------------------------------------ form field and widget


class CadenceWidget(forms.TextInput):
    """One text input and, under it, a live region with the public sentence in Swedish and English.

    ``cadence.js`` (the widget's media) updates the region as the editor types; it finds widgets by
    ``data-ks-cadence``, also those a StreamField adds later, so no inline script is needed.
    """

    template_name = "wagtail_kultursamverkan/widgets/cadence.html"

    class Media:
        js = ("wagtail_kultursamverkan/cadence.js",)
        css = {"all": ("wagtail_kultursamverkan/cadence.css",)}

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"maxlength": str(MAX_LENGTH), "autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        text = context["widget"]["value"] or ""
        try:
            url = reverse(PREVIEW_URL_NAME)
        except NoReverseMatch:  # a site that did not mount the admin: the widget still works, without a preview
            url = ""
        shown = preview(text) if text else {"sv": None, "en": None, "error": None}
        # A refused phrase's error is shown at the field by the form: the preview does not repeat it.
        shown["error"] = None
        context["cadence"] = {
            "url": url,
            "shown": text,
            "preview": shown,
            "title": gettext("As the public page will say it"),
            "languages": {"sv": gettext("Swedish"), "en": gettext("English")},
        }
        return context


class CadenceField(forms.Field):
    """A cadence typed as a phrase; cleans to file-format data (``dict``) or ``None``."""

    widget = CadenceWidget

    def __init__(self, **kwargs: Any) -> None:
        if not kwargs.get("help_text"):  # a model field without help text passes ""
            kwargs["help_text"] = HELP_TEXT
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dict[str, Any] | None:
        if isinstance(value, dict):  # already data (a block or model value cleaned again): check it holds a cadence
            return converter.unstructure(cadence_from_data(value))
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not text:
            return None
        validators.MaxLengthValidator(MAX_LENGTH)(text)  # before the parser sees it
        return converter.unstructure(read_cadence_phrase(text, menu=False))

    def prepare_value(self, value: Any) -> Any:
        """Data is shown as the core's phrase in the admin's language; typed text as it was typed."""
        if isinstance(value, dict):
            try:
                return phrase_for(value)
            except ValidationError:
                return json.dumps(value, ensure_ascii=False)  # never lose it silently: saving asks to fix it
        return "" if value is None else value

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            new = self.to_python(data)
        except ValidationError:
            return True
        try:
            old = self.to_python(initial)
        except ValidationError:
            return True
        return bool(old != new)


# ------------------------------------------------------------------ model field and block


class CadenceModelField(models.JSONField):
    """A model's cadence: file-format data in a JSON column (NULL when none), edited with ``CadenceField``."""

    description = "A meeting frequency, stored as the core's file-format data"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs: Any) -> forms.Field:
        # Skip JSONField.formfield: it would hand CadenceField the JSON encoder and decoder arguments.
        return models.Field.formfield(self, **{"form_class": CadenceField, **kwargs})

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        super().validate(value, model_instance)
        if value is not None:
            cadence_from_data(value)


class CadenceInputBlock(blocks.FieldBlock):
    """A cadence in a StreamField: the same one-line input and preview; the value is file-format data or None.

    Optional unless ``required=True``, like the model field.
    """

    def __init__(self, required: bool = False, help_text: Any = None, **kwargs: Any) -> None:
        self.field_options = {"required": required, "help_text": help_text if help_text is not None else HELP_TEXT}
        super().__init__(**kwargs)

    @cached_property
    def field(self) -> CadenceField:
        return CadenceField(**self.field_options)

    def to_python(self, value: Any) -> dict[str, Any] | None:
        return value or None

    def get_prep_value(self, value: Any) -> dict[str, Any] | None:
        return value or None

    def get_searchable_content(self, value: Any) -> list[str]:
        if not isinstance(value, dict):
            return []
        try:
            return [phrase_for(value, lang) for lang in LANGUAGES]
        except ValidationError:
            return []

    def render_basic(self, value: Any, context: dict[str, Any] | None = None) -> str:
        if not isinstance(value, dict):
            return ""
        return format_html("{}", phrase_for(value))

    class Meta:
        icon = "date"
        default = None


# ------------------------------------------------------------------ preview endpoint

#: Characters that could end a script element or start markup if the JSON were ever put into HTML.
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_text(data: Any) -> str:
    """``data`` as JSON whose text has no ``<``, ``>`` or ``&``: safe even if a browser took it for HTML."""
    return json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)


@require_GET
@require_admin_access
def preview_view(request: HttpRequest) -> HttpResponse:
    """``GET ?text=…`` → ``{"sv": …, "en": …, "error": …}`` for the live preview; admin users only.

    Wagtail's admin URLs already require admin access; the view requires it itself too, so it stays
    closed wherever it is mounted. The answer is JSON text (``<``, ``>`` and ``&`` escaped) and is never cached.
    """
    body = json_text(preview(request.GET.get("text", "")))
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
