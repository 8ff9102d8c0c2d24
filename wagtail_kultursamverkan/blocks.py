"""StreamField blocks that hold exactly the data of the core model's objects.

Child block names are the core's keys, so a block's value maps to the core's plain
data one to one (see ``convert``), and a problem the core reports at a path such as
``bodies[2].cadence.per`` can be shown at that field in the editor. A reference to
another object is a ``ReferenceBlock`` (page and snippet choosers), made for every field the
core marks as a reference; its core data is the chosen object's id.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import json
import types
import typing
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import attrs
from django import forms
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.utils.functional import lazy
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from kultursamverkan import converter, i18n, vocab
from kultursamverkan.model import ID_PATTERN, Structure, reference_kinds
from kultursamverkan.overview import unchanged_through
from kultursamverkan.values import PartialDate
from kultursamverkan.vocab import Vocabulary

from . import caching
from . import vocabulary as v
from .cadence_field import read_cadence_phrase
from .language import page_language

PREVIEW_TEMPLATE = "wagtail_kultursamverkan/blocks/preview.html"
ITEM_TEMPLATE = "wagtail_kultursamverkan/blocks/item.html"

id_validator = RegexValidator(
    ID_PATTERN, _("Use lowercase a–z, digits and single hyphens, e.g. “strategiskt-natverk”."), "invalid_id"
)


#: The longest date the core writes ("~2023-05-15", "~2021-autumn") fits with room to spare.
DATE_MAX_LENGTH = 20
DATE_HELP = _("YYYY, YYYY-MM or YYYY-MM-DD; a season 2021-spring; a split year 2023/24; ~ in front when approximate")
DATE_HELP_ERROR = _(
    "Write the date as YYYY, YYYY-MM or YYYY-MM-DD, a season as 2021-spring, a split year as 2023/24, "
    "with ~ in front when approximate."
)


def validate_partial_date(value: str) -> None:
    if not value:
        return
    try:
        PartialDate.parse(value)
    except ValueError:
        raise ValidationError(DATE_HELP_ERROR, code="invalid_date") from None


class SynchronisedCharBlock(blocks.CharBlock):
    """Text that is data, not prose (ids, dates, addresses): wagtail-localize copies it, never translates it."""

    def get_translatable_segments(self, value: Any) -> list:
        return []

    def restore_translated_segments(self, value: Any, segments: list) -> Any:
        return value


class IdBlock(SynchronisedCharBlock):
    """An id in the structure's id space: the key other objects refer to."""

    def __init__(self, required: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("validators", [id_validator])
        super().__init__(required=required, **kwargs)


#: Where each core class the core's references name is held: a page type or a snippet model.
PAGE_TYPES: dict[str, str] = {
    "Region": "wagtail_kultursamverkan.RegionIndexPage",
    "Body": "wagtail_kultursamverkan.BodyPage",
    "Collaboration": "wagtail_kultursamverkan.CollaborationPage",
    "Agreement": "wagtail_kultursamverkan.AgreementPage",
    "Plan": "wagtail_kultursamverkan.PlanPage",
    "EventSeries": "wagtail_kultursamverkan.EventSeriesPage",
    "Event": "wagtail_kultursamverkan.EventPage",
}
SNIPPET_MODELS: dict[str, str] = {
    "Organisation": "wagtail_kultursamverkan.Organisation",
    "Person": "wagtail_kultursamverkan.Person",
}
#: The chooser children a reference may have, in the order the editor sees them.
CHOOSERS = ("page", "organisation", "person")
#: The child that keeps the id when nothing is chosen: a file's id with no page or snippet
#: (yet), or the last id of a chosen page that was deleted. The core then reports it.
KEPT_ID = "kept_id"


class ReferenceBlock(blocks.StructBlock):
    """A reference to another object: a page chooser limited to the page types the core allows,
    and an organisation or person chooser where the core allows those; exactly one is chosen.

    Its core data is the chosen object's id, read when the data is read, so renaming a page's
    id follows the page. ``kept_id`` keeps an id that points at nothing chosen, so no file's id
    is lost and a deleted target shows as a problem instead of vanishing.
    """

    def __init__(self, kinds: tuple[str, ...], required: bool = False, **kwargs: Any) -> None:
        from wagtail.snippets.blocks import SnippetChooserBlock

        children: list[tuple[str, blocks.Block]] = []
        pages = [PAGE_TYPES[k] for k in kinds if k in PAGE_TYPES]
        if pages:
            children.append(("page", blocks.PageChooserBlock(page_type=pages, required=False, label=_("Page"))))
        if "Organisation" in kinds:
            children.append(
                (
                    "organisation",
                    SnippetChooserBlock(SNIPPET_MODELS["Organisation"], required=False, label=_("Organisation")),
                )
            )
        if "Person" in kinds:
            children.append(
                ("person", SnippetChooserBlock(SNIPPET_MODELS["Person"], required=False, label=_("Person")))
            )
        children.append(
            (
                KEPT_ID,
                SynchronisedCharBlock(
                    required=False,
                    max_length=100,
                    label=_("Not found"),
                    help_text=_("What this referred to before it could be chosen or was deleted; choose it above."),
                ),
            )
        )
        self.kinds = kinds
        self._required = required
        super().__init__(children, **kwargs)

    @property
    def required(self) -> bool:
        return self._required

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        chosen = [name for name in CHOOSERS if name in self.child_blocks and value.get(name)]
        if len(chosen) > 1:
            raise blocks.StructBlockValidationError(
                block_errors={
                    name: ValidationError(_("Choose one: a page, an organisation or a person.")) for name in chosen
                }
            )
        if chosen:
            value[KEPT_ID] = getattr(value[chosen[0]], "identifier", "") or ""
        elif self._required and not value.get(KEPT_ID):
            raise blocks.StructBlockValidationError(
                block_errors={_first_chooser(self): ValidationError(_("Choose what this refers to."))}
            )
        return value

    def to_python(self, value: Any) -> blocks.StructValue:
        # A reference stored before references were choosers (old revisions) is its id.
        return super().to_python({KEPT_ID: value} if isinstance(value, str) else value)

    def bulk_to_python(self, values: Any) -> list:
        return super().bulk_to_python([{KEPT_ID: v} if isinstance(v, str) else v for v in values])


def is_reference(block: blocks.Block) -> bool:
    """A reference's block, also as a migration's historical copy (a plain StructBlock with a kept id)."""
    return isinstance(block, blocks.StructBlock) and KEPT_ID in block.child_blocks


def map_references(block: blocks.Block, raw: Any, fn: Callable[[blocks.StructBlock, Any], Any]) -> Any:
    """``raw`` (a block's JSON value) with ``fn(reference block, its raw value)`` applied to every
    reference inside it, at any depth; the rest unchanged."""
    if is_reference(block):
        return fn(typing.cast(blocks.StructBlock, block), raw)
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        return [
            {**item, "value": map_references(block.child_blocks[item["type"]], item.get("value"), fn)}
            if isinstance(item, dict) and item.get("type") in block.child_blocks
            else item
            for item in raw
        ]
    if isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        return [
            {**item, "value": map_references(block.child_block, item["value"], fn)}
            if _is_list_item(item)
            else map_references(block.child_block, item, fn)
            for item in raw
        ]
    if isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        return {
            key: map_references(block.child_blocks[key], value, fn) if key in block.child_blocks else value
            for key, value in raw.items()
        }
    return raw


def reference_paths(block: blocks.Block, raw: Any, path: tuple = ()) -> typing.Iterator[tuple[tuple, dict]]:
    """Every reference inside a block's JSON value: ``(core path below ``path``, its raw value)``."""
    if is_reference(block):
        if isinstance(raw, dict):
            yield path, raw
        return
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        for i, item in enumerate(raw):
            if isinstance(item, dict) and item.get("type") in block.child_blocks:
                yield from reference_paths(block.child_blocks[item["type"]], item.get("value"), (*path, i))
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for i, item in enumerate(raw):
            yield from reference_paths(block.child_block, item["value"] if _is_list_item(item) else item, (*path, i))
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for key, child in block.child_blocks.items():
            yield from reference_paths(child, raw.get(key), (*path, key))


def _first_chooser(block: ReferenceBlock) -> str:
    return next(name for name in CHOOSERS if name in block.child_blocks)


#: Finds the page or snippet an id names while data is written into blocks: ``(id, kinds)`` →
#: ``(chooser name, primary key)`` or None. Set by whoever knows the structure (the import);
#: unset, every id is kept in ``kept_id`` and resolved later (``resolve_references``).
REFERENCE_RESOLVER: contextvars.ContextVar[Callable[[str, tuple[str, ...]], tuple[str, int] | None] | None] = (
    contextvars.ContextVar("reference_resolver", default=None)
)


def reference_value(block: ReferenceBlock, identifier: str | None) -> dict[str, Any]:
    """A reference's JSON value for an id: the chosen page or snippet if the resolver finds it."""
    out: dict[str, Any] = {name: None for name in CHOOSERS if name in block.child_blocks}
    out[KEPT_ID] = identifier or ""
    resolver = REFERENCE_RESOLVER.get()
    found = resolver(identifier, block.kinds) if resolver is not None and identifier else None
    if found is not None and found[0] in out:
        out[found[0]] = found[1]
    return out


#: ``(chooser name, primary key)`` → id, for every page and snippet a structure's references may
#: name, loaded in a few queries while a structure is read (``extract.gather``); a miss is looked up.
REFERENCE_IDS: contextvars.ContextVar[dict[tuple[str, int], str] | None] = contextvars.ContextVar(
    "reference_ids", default=None
)


def reference_id(raw: Any) -> str | None:
    """The id a reference's JSON value points at: the chosen page's or snippet's, else the kept id."""
    if isinstance(raw, str):  # stored before references were choosers
        return raw or None
    raw = raw or {}
    known = REFERENCE_IDS.get()
    if known is not None:
        for name in CHOOSERS:
            if raw.get(name) and (name, raw[name]) in known:
                return known[(name, raw[name])] or raw.get(KEPT_ID) or None
    if raw.get("page"):
        from wagtail.models import Page

        page = Page.objects.filter(pk=raw["page"]).first()
        if page is not None:
            identifier = getattr(page.specific, "identifier", None)
            if known is not None:  # looked up once per reading (an import's comparisons read it often)
                known["page", raw["page"]] = identifier or ""
            return identifier or raw.get(KEPT_ID) or None
    for name in ("organisation", "person"):
        if raw.get(name):
            from django.apps import apps

            model = apps.get_model(SNIPPET_MODELS[name.capitalize()])
            found = model.objects.filter(pk=raw[name]).values_list("identifier", flat=True).first()
            if found:
                if known is not None:
                    known[name, raw[name]] = found
                return found
    return raw.get(KEPT_ID) or None


class PartialDateBlock(SynchronisedCharBlock):
    """A date known to the year, month or day."""

    def __init__(self, required: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", DATE_MAX_LENGTH)
        kwargs.setdefault("validators", [validate_partial_date])
        kwargs.setdefault("help_text", DATE_HELP)
        super().__init__(required=required, **kwargs)


class LocalizedTextBlock(blocks.StructBlock):
    """Text in Swedish and English, as the core's ``LocalizedText``; one of the two is enough."""

    sv = blocks.CharBlock(required=False, label=_("Swedish"))
    en = blocks.CharBlock(required=False, label=_("English"))

    def __init__(self, required: bool = False, multiline: bool = False, **kwargs: Any) -> None:
        self._text_required = required
        if multiline:
            kwargs["local_blocks"] = [
                ("sv", blocks.TextBlock(required=False, label=_("Swedish"))),
                ("en", blocks.TextBlock(required=False, label=_("English"))),
            ]
        super().__init__(**kwargs)

    @property
    def required(self) -> bool:
        return self._text_required

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        if self._text_required and not (value.get("sv") or "").strip() and not (value.get("en") or "").strip():
            raise blocks.StructBlockValidationError(
                block_errors={"sv": ValidationError(_("Give the text in Swedish or English."), code="required")}
            )
        return value

    def get_translatable_segments(self, value: blocks.StructValue) -> list:
        """wagtail-localize: each language's text that is there, by language; empty ones are not offered."""
        from wagtail_localize.segments import StringSegmentValue

        return [StringSegmentValue(lang, value[lang]) for lang in ("sv", "en") if (value.get(lang) or "").strip()]

    def restore_translated_segments(self, value: blocks.StructValue, segments: list) -> blocks.StructValue:
        for segment in segments:
            value[segment.path] = segment.render_text()
        return value

    class Meta:
        icon = "doc-full"
        form_classname = "ks-localized-text"
        label_format = "{sv}"


def choice(choices: Any, required: bool = False, **kwargs: Any) -> blocks.ChoiceBlock:
    return blocks.ChoiceBlock(choices=choices, required=required, **kwargs)


def choices(choices: Any, **kwargs: Any) -> blocks.MultipleChoiceBlock:
    return blocks.MultipleChoiceBlock(choices=choices, required=False, widget=forms.CheckboxSelectMultiple, **kwargs)


def url_block(**kwargs: Any) -> blocks.CharBlock:
    # Any string the core accepts; the renderer decides what becomes a link.
    return SynchronisedCharBlock(required=False, max_length=2000, label=_("Web address"), **kwargs)


def ids(label: str, **kwargs: Any) -> blocks.ListBlock:
    """A list of ids. Wagtail shows no label beside a list's field items, so each input is named for
    screen readers ("Members: Id"); set on the widget, so block definitions and migrations stay as they are."""
    child = IdBlock(label=_("Id"))
    child.field.widget.attrs["aria-label"] = format_lazy("{}: {}", label, _("Id"))
    return blocks.ListBlock(child, label=label, default=[], **kwargs)


# ------------------------------------------------------- blocks from the core model


class PeriodBlock(blocks.StructBlock):
    start = PartialDateBlock(label=_("From"))
    end = PartialDateBlock(label=_("To"))

    class Meta:
        label = _("Period")


#: Labels for the fields the core's catalog (``details.FIELDS``) does not name, because its
#: renderer writes them as sentences or headings rather than "label: value".
FIELD_LABELS = {
    "attendance_approximate": _("Approximate attendance"),
    "based_on": _("Based on"),
    "body": _("Body"),
    "cadence_note": _("About the cadence"),
    "convener": _("Convener"),
    "county_code": _("county code"),
    "dissolved": _("Dissolved"),
    "documents": _("Documents"),
    "end": _("End"),
    "former_names": _("former names"),
    "funding": _("Funding"),
    "goals": _("Goals"),
    "id": _("Id"),
    "instances": _("Parallel instances"),
    "interest_areas": _("Interest areas"),
    "levels": _("levels"),
    "members": _("Members"),
    "milestones": _("Milestones"),
    "minorities": _("national minorities"),
    "municipality_count": _("number of municipalities"),
    "name": _("Name"),
    "owner": _("Owner"),
    "participants_note": _("About the participants"),
    "parties": _("Parties"),
    "party_categories": _("Parties given as categories"),
    "permanent": _("Permanent"),
    "relations": _("Relations"),
    "renewal": _("Renewal"),
    "scope": _("Scope"),
    "tier": _("Tier"),
}


def core_label(name: str) -> Any:
    """A field's label from the core's own catalog (``kultursamverkan.details.FIELDS``), in the active language."""
    from kultursamverkan import details

    def text() -> str:
        if name in details.FIELDS:
            return details.field_label(name, v.active_language())
        if name in FIELD_LABELS:
            label = str(FIELD_LABELS[name])
            return label[:1].upper() + label[1:]
        return name.replace("_", " ").capitalize()

    return lazy(text, str)()


def _optional(t: Any) -> tuple[Any, bool]:
    """``X | None`` → ``(X, True)``; anything else → ``(t, False)``."""
    args = typing.get_args(t)
    if typing.get_origin(t) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return rest[0], True
        return typing.Union[tuple(rest)], True  # type: ignore[return-value]
    return t, False


def core_block(t: Any, name: str, *, required: bool = False, reference: tuple[str, ...] | None = None) -> blocks.Block:
    """The block for a value of the core type ``t`` held in the field ``name``: one rule per type, so a
    core class's fields become blocks without a hand-written block per class (see ``core_struct``).

    ``reference``: the kinds the core lets the field point at (its ``reference`` metadata); every
    such field, single or a list, becomes choosers (``ReferenceBlock``) by this one rule."""
    from kultursamverkan.cadence import Cadence
    from kultursamverkan.model import Id
    from kultursamverkan.values import LocalizedText, Period

    t, optional = _optional(t)
    required = required and not optional
    label = core_label(name)
    if reference is not None:
        if typing.get_origin(t) is tuple:
            return blocks.ListBlock(ReferenceBlock(reference, required=True), default=[], label=label)
        return ReferenceBlock(reference, required=required, label=label)
    if t is Id:
        return IdBlock(required=required, label=label)
    if t is str:
        return SynchronisedCharBlock(required=required, max_length=2000, label=label)
    if t is int:
        return blocks.IntegerBlock(required=required, label=label)
    if t is bool:
        return blocks.BooleanBlock(required=False, label=label)
    if t is PartialDate:
        return PartialDateBlock(required=required, label=label)
    if t is LocalizedText:
        return text_block(name, required=required, label=label)
    if t is Period:
        return PeriodBlock(label=label)
    if set(typing.get_args(t)) == set(typing.get_args(Cadence)):
        return CadenceBlock(label=label)
    if isinstance(t, type) and issubclass(t, Vocabulary):
        return choice(v.CHOICES[t], required=required, label=label)
    if typing.get_origin(t) is tuple:
        item = typing.get_args(t)[0]
        if isinstance(item, type) and issubclass(item, Vocabulary):
            return choices(v.CHOICES[item], label=label)
        if item is Id:
            return ids(label)
        child = core_block(item, name, required=True)
        return blocks.ListBlock(child, default=[], label=label)
    if attrs.has(t):
        return core_struct(t, label=label)
    raise TypeError(f"no block for {t!r} ({name})")  # pragma: no cover - a model change without a block rule


def core_struct(cls: type, **kwargs: Any) -> blocks.StructBlock:
    """A StructBlock whose children are the core class's fields, by ``core_block``."""
    hints = typing.get_type_hints(cls)
    children = [
        (
            f.name,
            core_block(
                hints[f.name], f.name, required=f.default is attrs.NOTHING, reference=reference_kinds(cls, f.name)
            ),
        )
        for f in attrs.fields(cls)
    ]
    return blocks.StructBlock(children, **kwargs)


def core_children(cls: type, names: tuple[str, ...]) -> dict[str, blocks.Block]:
    """Blocks for the named fields of a core class, to add to a hand-written block's children."""
    hints = typing.get_type_hints(cls)
    fields = attrs.fields_dict(cls)
    return {
        name: core_block(
            hints[name], name, required=fields[name].default is attrs.NOTHING, reference=reference_kinds(cls, name)
        )
        for name in names
    }


@functools.cache
def type_hints(cls: type) -> dict[str, Any]:
    """``typing.get_type_hints`` once per core class: evaluating the annotations is slow, and reading a page's
    fields asks for them thousands of times (most of an unchanged re-import's time before)."""
    return typing.get_type_hints(cls)


@functools.cache
def is_list_field(cls: type, name: str) -> bool:
    return typing.get_origin(type_hints(cls)[name]) is tuple


#: Text fields the editor writes as paragraphs rather than a line.
MULTILINE = frozenset({"description", "summary", "purpose", "text", "note", "what"})


def text_block(name: str, *, required: bool = False, **kwargs: Any) -> blocks.Block:
    """One language's text in a block: the page's locale says which (``language.page_language``)."""
    cls = blocks.TextBlock if name in MULTILINE else blocks.CharBlock
    return cls(required=required, **kwargs)


def field_block(cls: type, name: str) -> blocks.StreamBlock:
    """The StreamField block for a core field that is not a plain value (a struct, a list, a cadence).

    A list field is any number of entries of its item's block, in order; any other field
    is at most one entry. A cadence is its own stream of forms. ``stream_data`` and
    ``data_stream`` read and write it.
    """
    hint = typing.get_type_hints(cls)[name]
    t, _opt = _optional(hint)
    # Entries that are structs start collapsed to one line (their first field) so that a body with
    # twelve participating organisations is twelve lines, not 2,600 px; an entry opens with a click.
    reference = reference_kinds(cls, name)
    if typing.get_origin(t) is tuple:
        item = typing.get_args(t)[0]
        child = core_block(item, name, required=True, reference=reference)
        return blocks.StreamBlock([(name, child)], required=False, collapsed=isinstance(child, blocks.StructBlock))
    block = core_block(t, name, required=True, reference=reference)
    if isinstance(block, blocks.StreamBlock):
        return block
    return blocks.StreamBlock(
        [(name, block)],
        block_counts={name: {"max_num": 1}},
        required=False,
        collapsed=isinstance(block, blocks.StructBlock),
    )


def raw_items(stream: Any) -> Sequence[Any]:
    """A stream's items as their raw JSON, in order.

    Straight from the list Wagtail loaded while no item has been replaced by a value: Wagtail's
    ``raw_data`` view costs a few Python calls per item, and reading the pages of a structure
    reads every item of a few thousand streams. Otherwise (a stream built from values) through it.
    """
    loaded = getattr(stream, "_raw_data", None)
    if isinstance(loaded, list) and None not in loaded:
        return loaded
    return list(stream.raw_data)


def stored_items(stream_block: blocks.StreamBlock, stored: Any) -> list[Any]:
    """A StreamField's column as read from the database (its JSON decoded) as the items Wagtail's
    ``StreamField`` would give ``raw_items`` of: items of unknown block types dropped, as Wagtail drops
    them; a value in another form (an older format, JSON as a string) goes through Wagtail."""
    if isinstance(stored, list) and (not stored or isinstance(stored[0], dict)):
        return [item for item in stored if item["type"] in stream_block.child_blocks]
    return list(raw_items(stream_block.to_python(stored)))


def stream_data(stream: Any, cls: type, name: str) -> Any:
    """A ``field_block`` StreamField's value as the core's plain data for the field (None: left out)."""
    stream_block = stream.stream_block
    if isinstance(stream_block, CadenceBlock):
        return block_to_data(stream_block, stream_block.get_prep_value(stream))
    return items_data(stream_block, raw_items(stream), cls, name)


def items_data(stream_block: blocks.StreamBlock, items: Sequence[Any], cls: type, name: str) -> Any:
    """``stream_data`` of a stream given as its items' JSON (``raw_items``, ``stored_items``)."""
    if isinstance(stream_block, CadenceBlock):
        return block_to_data(stream_block, items)
    values = []
    # The raw JSON, not the children's values: a chooser's value would cost a query per stream.
    for item in items:
        if item.get("type") not in stream_block.child_blocks:
            continue
        block = stream_block.child_blocks[item["type"]]
        value = block_to_data(block, item.get("value"), item["type"])
        if value is None and isinstance(block, blocks.StructBlock):
            value = {}
        values.append(value)
    if is_list_field(cls, name):
        # An entry without text in this page's language keeps its place (None): the other
        # language's page has the text, and lists are paired by position.
        return values if any(v is not None for v in values) or (_is_text_list(cls, name) and values) else None
    present = [v for v in values if v is not None]
    return present[0] if present else None


@functools.cache
def _is_text_list(cls: type, name: str) -> bool:
    from kultursamverkan.values import LocalizedText

    t, _opt = _optional(type_hints(cls)[name])
    return typing.get_origin(t) is tuple and typing.get_args(t)[0] is LocalizedText


def data_stream(stream_block: blocks.StreamBlock, data: Any, cls: type, name: str) -> list[dict[str, Any]]:
    """The core's plain data for a field as a ``field_block`` StreamField's raw value."""
    if data is None:
        return []
    if isinstance(stream_block, CadenceBlock):
        return data_to_block(stream_block, data)
    block = stream_block.child_blocks[name]
    values = data if is_list_field(cls, name) else [data]
    return [{"type": name, "value": data_to_block(block, value, name), "id": str(uuid.uuid4())} for value in values]


_INT_LISTS = frozenset({"months"})


def _is_list_item(raw: Any) -> bool:
    """Wagtail's own test for a list item in the current JSON format (older data holds bare values)."""
    return isinstance(raw, dict) and "id" in raw and "value" in raw and raw.get("type") == "item"


def block_to_data(block: blocks.Block, raw: Any, name: str = "") -> Any:
    """A block's JSON value (``get_prep_value``) as the core's plain data; ``None`` means "left out"."""
    if isinstance(block, CadenceBlock):
        if not raw:
            return None
        child = raw[0]
        if child["type"] == "phrase":  # typed in words and not yet saved: what the phrase says, if anything
            return _phrase_data(child.get("value") or "")
        child_block = block.child_blocks[child["type"]]
        rest = block_to_data(child_block, child.get("value")) if isinstance(child_block, blocks.StructBlock) else None
        return {"kind": child["type"], **(rest or {})}
    if isinstance(block, ReferenceBlock):
        return reference_id(raw)
    if isinstance(block, blocks.StructBlock):
        out: dict[str, Any] = {}
        for key, child in block.child_blocks.items():
            value = block_to_data(child, (raw or {}).get(key), key)
            if value is not None and value != {}:
                out[key] = value
        return out
    if isinstance(block, blocks.ListBlock):
        items = [item["value"] if _is_list_item(item) else item for item in raw or ()]
        values = [block_to_data(block.child_block, item, name) for item in items]
        # An empty item stays in the list: the core then reports it at its index.
        return [{} if v is None and isinstance(block.child_block, blocks.StructBlock) else v for v in values] or None
    if isinstance(block, blocks.MultipleChoiceBlock):
        values = list(raw or ())
        if name in _INT_LISTS:
            values = [int(v) for v in values]
        return values or None
    if isinstance(block, blocks.BooleanBlock):
        return True if raw else None  # every core flag defaults to false: an unticked box is left out
    if raw is None or raw == "":
        return None
    return raw


def _phrase_data(text: str) -> dict[str, Any]:
    """A typed cadence phrase as the core's data; an unreadable one as a cadence without a kind (a problem)."""
    from kultursamverkan.cadence_parser import NotUnderstood, parse_cadence

    for lang in ("sv", "en"):
        try:
            return converter.unstructure(parse_cadence(text, lang))
        except NotUnderstood:
            continue
    return {"kind": None}


def data_to_block(block: blocks.Block, data: Any, name: str = "") -> Any:
    """The core's plain data as a block's JSON value; left-out keys get the block's default."""
    if isinstance(block, CadenceBlock):
        if data is None:
            return []
        kind = data["kind"]
        child_block = block.child_blocks[kind]
        rest = {k: v for k, v in data.items() if k != "kind"}
        value = data_to_block(child_block, rest) if isinstance(child_block, blocks.StructBlock) else None
        return [{"type": kind, "value": value, "id": str(uuid.uuid4())}]
    if isinstance(block, ReferenceBlock):
        return reference_value(block, data)
    if data is None and isinstance(block, blocks.StructBlock):
        data = {}  # each child its own empty value
    if data is None:
        default = block.get_prep_value(block.get_default())
        # Empty text is "", as the admin's form saves it (wagtail-localize refuses a None text).
        return "" if default is None and isinstance(block, (blocks.CharBlock, blocks.TextBlock)) else default
    if isinstance(block, blocks.StructBlock):
        return {key: data_to_block(child, data.get(key), key) for key, child in block.child_blocks.items()}
    if isinstance(block, blocks.ListBlock):
        return [
            {"type": "item", "value": data_to_block(block.child_block, item, name), "id": str(uuid.uuid4())}
            for item in data
        ]
    if isinstance(block, blocks.MultipleChoiceBlock):
        return [str(v) for v in data]
    return data


# --------------------------------------------------------------------- cadence


def _form_blocks() -> dict[str, blocks.Block]:
    """What every cadence form may add (``cadence._Form``): a qualifier and a phase."""
    from kultursamverkan.cadence import Count

    return core_children(Count, ("qualifier", "during"))


class _CountBlock(blocks.StructBlock):
    times = blocks.IntegerBlock(min_value=1, label=_("Times"))
    per = choice(v.time_unit_choices, required=True, default="year", label=_("Per"))
    approximate = blocks.BooleanBlock(required=False, label=_("Approximately"))
    months = choices(v.month_choices, label=_("Months"))
    seasons = choices(v.CHOICES[vocab.Season], label=core_label("season"))
    locals().update(_form_blocks())

    class Meta:
        label = _("A set number of times")


class _RangeBlock(blocks.StructBlock):
    min = blocks.IntegerBlock(min_value=1, label=_("At least"))
    max = blocks.IntegerBlock(min_value=1, label=_("At most"))
    per = choice(v.time_unit_choices, required=True, default="year", label=_("Per"))
    locals().update(_form_blocks())

    class Meta:
        label = _("A range, e.g. 3–4 times")


class _AtLeastBlock(blocks.StructBlock):
    times = blocks.IntegerBlock(min_value=1, label=_("Times"))
    per = choice(v.time_unit_choices, required=True, default="year", label=_("Per"))
    locals().update(_form_blocks())

    class Meta:
        label = _("At least a set number of times")


class _IntervalBlock(blocks.StructBlock):
    every = blocks.IntegerBlock(min_value=1, default=1, label=_("Every"))
    every_max = blocks.IntegerBlock(required=False, min_value=1, label=_("Up to every"))
    unit = choice(v.time_unit_choices, required=True, default="year", label=_("Unit"))
    months = choices(v.month_choices, label=_("Months"))
    seasons = choices(v.CHOICES[vocab.Season], label=core_label("season"))
    locals().update(_form_blocks())

    class Meta:
        label = _("At a fixed interval, e.g. every other month")


class _DatesBlock(blocks.StructBlock):
    dates = blocks.ListBlock(PartialDateBlock(required=True), min_num=1, label=_("Dates"))
    locals().update(_form_blocks())

    class Meta:
        label = _("On given dates")


class CadencePhraseBlock(blocks.CharBlock):
    """A meeting frequency typed in words; on saving it becomes the form it was understood as."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value: str) -> str:
        value = super().clean(value)
        read_cadence_phrase(value)
        return value


class CadenceBlock(blocks.StreamBlock):
    """How often a body meets: one of the core's cadence forms, chosen by its kind, or typed in words.

    A typed phrase ("tre till fyra gånger om året") is read by the core's parser when the
    page is saved and replaced by the form it was understood as, so the editor sees what
    was understood; a phrase the parser cannot read is refused at the field, never guessed.
    """

    count = _CountBlock()
    range = _RangeBlock()
    at_least = _AtLeastBlock()
    interval = _IntervalBlock()
    # Formerly StaticBlocks: a stored ``None`` value reads as an empty struct.
    as_needed = blocks.StructBlock(list(_form_blocks().items()), label=_("As needed"))
    ongoing = blocks.StructBlock(list(_form_blocks().items()), label=_("Ongoing"))
    regular = blocks.StructBlock(list(_form_blocks().items()), label=_("Regularly"))
    dates = _DatesBlock()
    phrase = CadencePhraseBlock(
        label=_("In words"),
        help_text=_(
            "Type how often, e.g. “tre till fyra gånger om året” or “varannan månad”. "
            "On saving it becomes the form it was understood as."
        ),
    )

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if not any(child.block_type == "phrase" for child in value):
            return value
        raw = []
        for child in value:
            if child.block_type == "phrase":
                cadence = read_cadence_phrase(child.value)
                raw.extend(data_to_block(self, converter.unstructure(cadence)))
            else:
                raw.append({"type": child.block_type, "value": child.block.get_prep_value(child.value)})
        return self.to_python(raw)

    class Meta:
        required = False
        max_num = 1
        label = _("Cadence")
        icon = "date"


# ------------------------------------------------------------ display blocks
#
# Blocks for a host site's own pages: each shows part of a published structure
# page, rendered by the core (``templatetags.kultursamverkan``); the templates add
# only layout. Their API representation is the core's data, not page ids.


def heading_level_choices() -> list[tuple[str, str]]:
    return [(str(n), _("Level %(level)d (h%(level)d)") % {"level": n}) for n in range(2, 7)]


def block_language(context: Any) -> str:
    """The language to render in: the host page's (``language.page_language``), else the template's ``lang``."""
    context = context or {}
    page = context.get("page")
    if page is None and context.get("lang"):
        return i18n.normalize_lang(context["lang"])
    return page_language(page)


def sample_structure() -> Structure:
    """A small made-up structure for the editor's block previews, in both languages."""
    return converter.structure(
        {
            "id": "exempel",
            "name": {"sv": "Kultursamverkan i Region Exempel", "en": "Culture collaboration in Region Exempel"},
            "region": {"id": "region-exempel", "name": {"sv": "Region Exempel"}, "municipality_count": 6},
            "as_of": "2025",
            "organisations": [{"id": "exempelby", "name": {"sv": "Exempelby kommun"}, "kind": "municipality"}],
            "people": [{"id": "anna", "name": "Anna Andersson", "party": "S"}],
            "bodies": [
                {
                    "id": "politiskt-samrad",
                    "name": {"sv": "Politiskt samråd", "en": "Political consultation"},
                    "kind": "consultation",
                    "tier": "political",
                    "participants": ["elected_representatives"],
                    "cadence": {"kind": "count", "times": 2, "per": "year"},
                },
                {
                    "id": "styrgrupp",
                    "name": {"sv": "Styrgrupp för kultur", "en": "Steering group for culture"},
                    "kind": "steering_group",
                    "tier": "strategic",
                    "participants": ["heads_of_administration"],
                    "cadence": {"kind": "count", "times": 4, "per": "year"},
                    "relations": [{"type": "reports_to", "target": "politiskt-samrad"}],
                },
            ],
            "representations": [
                {"person": "anna", "body": "politiskt-samrad", "on_behalf_of": "exempelby", "role": "chair"}
            ],
        }
    )


def shown_structure_page(page: Any, context: Any = None) -> Any:
    """The chosen structure page as readers may see it, or None: published, public, in the reader's locale.

    The reader's locale is the host page's, else the active language's (an API request).
    The chosen page's translation into it is shown when that is published and public;
    otherwise the chosen page itself, if it is. Its row holds the published content.
    """
    from django.apps import apps
    from wagtail.models import Locale

    StructurePage = apps.get_model("wagtail_kultursamverkan", "StructurePage")
    code = getattr(getattr((context or {}).get("page"), "locale", None), "language_code", None)
    locale = (Locale.objects.filter(language_code=code).first() if code else None) or Locale.get_active()
    visible = StructurePage.objects.live().public()
    translation = visible.filter(translation_key=page.translation_key, locale=locale).first()
    return translation or visible.filter(pk=page.pk).first()


class StructureDisplayBlock(blocks.StructBlock):
    """Shows part of a structure page; subclasses say which part."""

    page = blocks.PageChooserBlock(
        page_type="wagtail_kultursamverkan.StructurePage", label=_("Structure"), required=True
    )
    heading = LocalizedTextBlock(
        label=_("Heading"), help_text=_("Leave empty for the standard heading in the page's language.")
    )
    heading_level = blocks.ChoiceBlock(
        choices=heading_level_choices,
        default="2",
        label=_("Heading level"),
        help_text=_("The level that fits where the block sits in the page's outline."),
    )
    hide_heading = blocks.BooleanBlock(
        required=False,
        label=_("Heading for screen readers only"),
        help_text=_("Hides the heading visually but keeps it for screen readers and their list of headings."),
    )

    def structure(self, value: blocks.StructValue, context: Any = None) -> Structure | None:
        page = value.get("page")
        if page is None:
            return sample_structure() if (context or {}).get("ks_preview") else None
        page = shown_structure_page(page, context)
        return page.structure() if page is not None else None

    def heading_text(self, value: blocks.StructValue, lang: str) -> str | None:
        heading = value.get("heading") or {}
        other = "en" if lang == "sv" else "sv"
        return (heading.get(lang) or heading.get(other) or "").strip() or None

    #: Whether the block links to the structure's pages (``shown``): its references or boxes do.
    links = False

    def shown(self, page: Any, request: Any = None) -> tuple[Structure | None, dict[str, str]]:
        """The live structure of ``page`` (a structure page readers may see) and, for a block that
        ``links``, the URL of each of its live, public pages by object id (``StructurePage.page_urls``),
        as on the structure page."""
        if not self.links:
            return page.structure(), {}
        reading = page.read_live()  # the structure and its links, from one loading of the subtree
        if reading.structure is None:
            return None, {}
        return reading.structure, page.page_urls(request, children=reading.links)

    def render_html(
        self, structure: Structure, value: blocks.StructValue, lang: str, urls: dict[str, str] | None = None
    ) -> str:
        raise NotImplementedError

    def parts(self, structure: Structure, value: blocks.StructValue, lang: str, urls: dict[str, str]) -> dict[str, Any]:
        """What the template shows of ``structure``, as plain strings and lists (kept in the cache):
        ``html``, the core's HTML, every text in it escaped. Subclasses add what their template needs."""
        return {"html": self.render_html(structure, value, lang, urls=urls)}

    def rendering(self, value: blocks.StructValue, context: Any, lang: str) -> dict[str, Any] | None:
        """``parts`` of the structure the block shows, or None when it shows none.

        Cached as the structure page's own rendering is (``caching.cached_for_page``: until the
        structure's content, its pages' visibility or this page's live revision changes), one entry
        per block value, language and site address: a host page read often does not read and render
        the structure each time. The chosen page's visibility is checked on every request.
        """
        chosen = value.get("page")
        if chosen is None:  # the editor's preview of a block with no structure chosen: the sample
            sample = self.structure(value, context)
            return self.parts(sample, value, lang, {}) if sample is not None else None
        page = shown_structure_page(chosen, context)
        if page is None:
            return None
        request = (context or {}).get("request")

        def build() -> dict[str, Any] | None:
            today = dt.date.today()  # before rendering: a day passing meanwhile only shortens the keeping
            structure, urls = self.shown(page, request)
            if structure is None:
                return None
            return caching.dated(self.parts(structure, value, lang, urls), unchanged_through(structure, today))

        block = f"{type(self).__module__}.{type(self).__qualname__}"
        settings = json.dumps([block, self.cache_settings(value)], sort_keys=True, cls=DjangoJSONEncoder)
        # Links are relative on the structure's own site and absolute from another one (``get_url``).
        where = f"{page.get_full_url(request)} {page.get_url(request)}"
        part = f"block:{lang}:{caching.address_digest(settings)}:{caching.address_digest(where)}"
        found = caching.cached_for_page(page, part, build, current=caching.still_current)
        if found is not None:  # for the host page's headers (``middleware.KeepNoLaterThan``)
            caching.note_through(request, found.get("through"))
        return found

    def cache_settings(self, value: blocks.StructValue) -> dict[str, Any]:
        """What the rendering depends on besides the structure, as JSON: every field but the chosen page
        (the cache key names its translation that is shown)."""
        return {
            name: block.get_prep_value(value.get(name)) for name, block in self.child_blocks.items() if name != "page"
        }

    def get_context(self, value: blocks.StructValue, parent_context: Any = None) -> dict[str, Any]:
        context = super().get_context(value, parent_context=parent_context)
        lang = block_language(parent_context)
        found = self.rendering(value, parent_context, lang)
        # The core's HTML, every text in it escaped.
        context.update(ks_lang=lang, ks_html=mark_safe(found["html"]) if found else "")  # noqa: S308
        context["ks_parts"] = found or {}
        return context

    def get_preview_context(self, value: Any, parent_context: Any = None) -> dict[str, Any]:
        context = dict(super().get_preview_context(value, parent_context=parent_context))
        context["ks_preview"] = True
        return context

    def api_data(self, structure: Structure, value: blocks.StructValue) -> dict[str, Any]:
        raise NotImplementedError

    def get_api_representation(self, value: blocks.StructValue, context: Any = None) -> dict[str, Any] | None:
        structure = self.structure(value)
        if structure is None:
            return None
        return {
            "structure": {
                "id": structure.id,
                "name": converter.unstructure(structure.name),
                "as_of": str(structure.as_of),
            },
            "heading": self.heading_text(value, "sv") or self.heading_text(value, "en"),
            "heading_level": int(value.get("heading_level") or 2),
            **self.api_data(structure, value),
        }

    def level(self, value: blocks.StructValue) -> int:
        return int(value.get("heading_level") or 2)

    class Meta:
        preview_value = {"heading_level": "2"}


class StructureOverviewBlock(StructureDisplayBlock):
    """Every body of a structure, grouped by tier, as the core renders them."""

    links = True

    def render_html(
        self, structure: Structure, value: blocks.StructValue, lang: str, urls: dict[str, str] | None = None
    ) -> str:
        from .templatetags.kultursamverkan import bodies_html

        heading, hidden = self.heading_text(value, lang), bool(value.get("hide_heading"))
        return bodies_html(structure, lang, self.level(value), heading, hidden, urls)

    def api_data(self, structure: Structure, value: blocks.StructValue) -> dict[str, Any]:
        return {"bodies": [converter.unstructure(b) for b in structure.bodies]}

    class Meta:
        icon = "list-ul"
        template = "wagtail_kultursamverkan/blocks/structure_overview.html"
        label = _("Structure overview")
        description = _("All collaboration bodies of a structure, grouped by political, strategic and other tiers.")
        preview_value = {"heading_level": "2"}
        preview_template = PREVIEW_TEMPLATE
        form_layout = blocks.BlockGroup(children=["page", "heading"], settings=["heading_level", "hide_heading"])


class StructureDiagramBlock(StructureDisplayBlock):
    """The structure as an SVG diagram, with its text alternative for those who cannot see it."""

    links = True

    show_text_alternative = blocks.BooleanBlock(
        required=False,
        default=True,
        label=_("Show the diagram's description"),
        help_text=_("A disclosure under the diagram that says in words what it shows."),
    )

    def render_html(
        self, structure: Structure, value: blocks.StructValue, lang: str, urls: dict[str, str] | None = None
    ) -> str:
        from kultursamverkan import diagram

        return diagram.to_svg(structure, lang=lang, urls=urls)

    def parts(self, structure: Structure, value: blocks.StructValue, lang: str, urls: dict[str, str]) -> dict[str, Any]:
        from kultursamverkan.diagram import text_alternative

        return {
            **super().parts(structure, value, lang, urls),
            "heading": self.heading_text(value, lang) or structure.name.text(lang),
            "text_alternative": text_alternative(structure, lang).splitlines(),
        }

    def get_context(self, value: blocks.StructValue, parent_context: Any = None) -> dict[str, Any]:
        context = super().get_context(value, parent_context=parent_context)
        found = context["ks_parts"]
        if found:
            context["ks_heading"] = found["heading"]
            context["ks_heading_tag"] = f"h{self.level(value)}"
            context["ks_text_alternative"] = found["text_alternative"]
        return context

    def api_data(self, structure: Structure, value: blocks.StructValue) -> dict[str, Any]:
        import kultursamverkan
        from kultursamverkan.diagram import text_alternative

        return {
            "svg": {lang: kultursamverkan.export(structure, format="svg", lang=lang) for lang in i18n.LANGUAGES},
            "text_alternative": {lang: text_alternative(structure, lang) for lang in i18n.LANGUAGES},
        }

    class Meta:
        icon = "image"
        template = "wagtail_kultursamverkan/blocks/structure_diagram.html"
        label = _("Structure diagram")
        description = _("A diagram of the bodies and how they relate, with a description in words.")
        preview_value = {"heading_level": "2", "show_text_alternative": True}
        preview_template = PREVIEW_TEMPLATE
        form_layout = blocks.BlockGroup(
            children=["page", "heading"], settings=["heading_level", "hide_heading", "show_text_alternative"]
        )


def _structure_family(structure_page: Any) -> set[int]:
    """The chosen structure page and its translations: the parents a chosen body may have."""
    from wagtail.models import Page

    return set(Page.objects.filter(translation_key=structure_page.translation_key).values_list("pk", flat=True))


class RepresentativesBlock(StructureDisplayBlock):
    """Who sits in the structure's bodies, body by body, in the core's wording.

    The bodies are chosen with a page chooser limited to body pages (a ``ReferenceBlock``), and must be
    the chosen structure's. A body stored as a typed id (before choosers) is read as its kept id and
    chosen when the block loads, if the structure has a body page with that id; one that has none
    stays kept, is still used to filter, and is shown as a problem at its row on the next save.
    """

    bodies = blocks.ListBlock(
        ReferenceBlock(("Body",), label=_("Body")),
        default=[],
        label=_("Only these bodies"),
        help_text=_("Leave empty to list the representatives of every body."),
    )

    def to_python(self, value: Any) -> blocks.StructValue:
        return self._choose_kept(super().to_python(value))

    def bulk_to_python(self, values: Any) -> list:
        return [self._choose_kept(v) for v in super().bulk_to_python(values)]

    def _choose_kept(self, value: blocks.StructValue) -> blocks.StructValue:
        """Rows that hold only an id (stored before choosers): the chosen structure's body page with that id."""
        structure_page = value.get("page")
        rows = [row for row in value.get("bodies") or () if not row.get("page") and row.get(KEPT_ID)]
        if structure_page is None or not rows:
            return value
        from django.apps import apps

        body_page = apps.get_model("wagtail_kultursamverkan", "BodyPage")
        found = {
            p.identifier: p
            for p in body_page.objects.child_of(structure_page).filter(identifier__in=[r[KEPT_ID] for r in rows])
        }
        for row in rows:
            row["page"] = found.get(row[KEPT_ID])
        return value

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        structure_page = value.get("page")
        if structure_page is None:
            return value
        family = _structure_family(structure_page)
        errors: dict[int, ValidationError] = {}
        for i, row in enumerate(value.get("bodies") or ()):
            page = row.get("page")
            if page is not None and page.get_parent().pk not in family:
                errors[i] = ValidationError(_("Choose a body of the chosen structure."))
            elif page is None and row.get(KEPT_ID):
                errors[i] = ValidationError(
                    _("The chosen structure has no body with the id “%(id)s”: choose the body or remove the row.")
                    % {"id": row[KEPT_ID]}
                )
        if errors:
            raise blocks.StructBlockValidationError(
                block_errors={"bodies": blocks.ListBlockValidationError(block_errors=errors)}
            )
        return value

    def cache_settings(self, value: blocks.StructValue) -> dict[str, Any]:
        """The chosen bodies by page key and kept id, not as stored: a list stored before its items had
        ids is given new ids each time it is loaded, which would make every request a new cache entry."""
        rows = [(getattr(row.get("page"), "pk", None), row.get(KEPT_ID) or None) for row in value.get("bodies") or ()]
        return {**{k: v for k, v in super().cache_settings(value).items() if k != "bodies"}, "bodies": rows}

    @staticmethod
    def body_ids(value: blocks.StructValue) -> tuple[str, ...]:
        """The chosen bodies' ids (a row not chosen keeps its id); empty: every body."""
        out = []
        for row in value.get("bodies") or ():
            page = row.get("page")
            ident = getattr(page.specific, "identifier", None) if page is not None else None
            ident = ident or row.get(KEPT_ID)
            if ident:
                out.append(ident)
        return tuple(out)

    def render_html(
        self, structure: Structure, value: blocks.StructValue, lang: str, urls: dict[str, str] | None = None
    ) -> str:
        from .templatetags.kultursamverkan import representatives_html

        return representatives_html(
            structure,
            lang,
            self.level(value),
            self.heading_text(value, lang),
            self.body_ids(value),
            bool(value.get("hide_heading")),
        )

    def api_data(self, structure: Structure, value: blocks.StructValue) -> dict[str, Any]:
        only = set(self.body_ids(value))
        reps = [r for r in structure.representations if not only or r.body in only]
        index = structure.by_id()
        return {
            "representations": [
                {
                    **converter.unstructure(r),
                    "person": converter.unstructure(index[r.person]),
                    "body": {"id": r.body, "name": converter.unstructure(index[r.body].name)},  # type: ignore[attr-defined]
                    **(
                        {"on_behalf_of": converter.unstructure(index[r.on_behalf_of])}
                        if r.on_behalf_of and r.on_behalf_of in index
                        else {}
                    ),
                }
                for r in reps
            ]
        }

    class Meta:
        icon = "user"
        template = "wagtail_kultursamverkan/blocks/representatives.html"
        label = _("Representatives")
        description = _("The people in a structure's bodies and whom they represent.")
        preview_value = {"heading_level": "2"}
        preview_template = PREVIEW_TEMPLATE
        form_layout = blocks.BlockGroup(
            children=["page", "heading", "bodies"], settings=["heading_level", "hide_heading"]
        )


#: Ready-made blocks for a host site's StreamField:
#: ``body = StreamField(KULTURSAMVERKAN_BLOCKS)`` or ``[*your_blocks, *KULTURSAMVERKAN_BLOCKS]``.
KULTURSAMVERKAN_BLOCKS: list[tuple[str, blocks.Block]] = [
    ("kultursamverkan_overview", StructureOverviewBlock()),
    ("kultursamverkan_diagram", StructureDiagramBlock()),
    ("kultursamverkan_representatives", RepresentativesBlock()),
]
