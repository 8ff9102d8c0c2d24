"""One declarative spec per core class: which page, snippet or block field holds each core field.

Everything that used to name a core field by hand reads these specs instead: the
models' fields and panels (``model_fields``, ``panels``), wagtail-localize's field lists
(``translatable_fields``), reading and writing one language's data (``read``,
``write``), where a core problem is shown (``locate``) and the import's length checks
(``length_problems``). Adding a field to the core is one line in its spec (and a
migration); ``tests/wagtail_plugin/test_mapping.py`` fails until every core field is
listed exactly once.

How a field is stored:

- ``text``: the core's ``LocalizedText``, one language per page (the page's locale), translated;
- ``value``: a plain value (id, text that is data, number, flag, date, one vocabulary member),
  synchronised between translations;
- ``enums``: a list of vocabulary members, as a compact multi-select, synchronised;
- ``cadence``: a meeting frequency, typed as one line of words with a live preview in Swedish and
  English (``cadence_field.CadenceModelField``), stored as the core's plain data, synchronised;
- ``stream``: anything else (structs, lists): a StreamField whose blocks are built
  from the core's type hints (``blocks.field_block``); its text is one language, the rest synchronised.

References are not listed by hand: every field the core marks as a reference (its attrs
``reference`` metadata) is a ``stream`` of choosers (``blocks.ReferenceBlock``), whatever its
spec line says (``Spec.__attrs_post_init__``); inside blocks, ``blocks.core_block`` applies the
same rule.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
from attrs import frozen
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from kultursamverkan import model as core
from kultursamverkan.model import Id
from kultursamverkan.values import LocalizedText, PartialDate
from kultursamverkan.vocab import Vocabulary

from . import vocabulary as v
from .blocks import (
    DATE_HELP,
    DATE_MAX_LENGTH,
    core_label,
    data_stream,
    field_block,
    id_validator,
    items_data,
    stored_items,
    stream_data,
    type_hints,
    validate_partial_date,
)
from .cadence_field import CadenceModelField
from .fields import StreamField, VocabularyListField

TEXT, VALUE, ENUMS, STREAM, CADENCE = "text", "value", "enums", "stream", "cadence"
#: Panel groups: ``MAIN`` is shown open; each other group is a panel that starts collapsed (Wagtail
#: opens one that holds a problem), so a form shows its main fields and a line per group.
MAIN, PEOPLE, TERMS, MORE = "main", "people", "terms", "more"
#: The collapsed groups' headings, in the order the form shows them (after the main fields).
GROUPS: dict[str, Any] = {
    PEOPLE: _("Organisations and people"),
    TERMS: _("Mandate, dates and activity areas"),
    MORE: _("More facts"),
}

#: Core names that a Wagtail page already uses for something else, and the model attribute used instead.
RENAMED = {"id": "identifier", "url": "web_address", "owner": "responsible"}


@frozen(cache_hash=True)  # specs key caches (``_by_name``, ``_stream_blocks``), read per page
class Field:
    """One core field and how it is stored."""

    name: str
    kind: str
    group: str = MAIN
    #: Text written as paragraphs (a TextField), not a line.
    multiline: bool = False

    @property
    def attr(self) -> str:
        """The model attribute that holds it."""
        return RENAMED.get(self.name, self.name)


def text(name: str, *, multiline: bool = False, group: str = MAIN) -> Field:
    return Field(name, TEXT, group, multiline)


def value(name: str, *, group: str = MAIN) -> Field:
    return Field(name, VALUE, group)


def enums(name: str, *, group: str = MAIN) -> Field:
    return Field(name, ENUMS, group)


def stream(name: str, *, group: str = MAIN) -> Field:
    return Field(name, STREAM, group)


def cadence(name: str, *, group: str = MAIN) -> Field:
    return Field(name, CADENCE, group)


@frozen(cache_hash=True)
class Spec:
    """A core class, the model that holds one object of it, and how each of its fields is stored."""

    core: type
    model: str
    fields: tuple[Field, ...]
    #: The ``Structure`` list the objects go in ("bodies"); None for the structure and the region.
    collection: str | None = None
    #: Core fields held by the page tree rather than a field (a structure's bodies, its region).
    elsewhere: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        # The one rule for references: a reference field is a StreamField of choosers.
        fields = tuple(
            Field(f.name, STREAM, f.group) if core.reference_kinds(self.core, f.name) is not None else f
            for f in self.fields
        )
        object.__setattr__(self, "fields", fields)

    def field(self, name: str) -> Field | None:
        return _by_name(self).get(name)

    @property
    def identifier(self) -> Field:
        return self.fields[0]


@functools.cache
def _by_name(spec: Spec) -> dict[str, Field]:
    return {f.name: f for f in spec.fields}


# ---------------------------------------------------------------------- specs

REGION = Spec(
    core.Region,
    "RegionIndexPage",
    (
        value("id"),
        text("name"),
        value("county_code"),
        value("municipality_count"),
        value("url"),
        value("joined", group=MORE),
        value("pilot", group=MORE),
        stream("identifiers", group=MORE),
        stream("provenance", group=MORE),
    ),
)

STRUCTURE = Spec(
    core.Structure,
    "StructurePage",
    (
        value("id"),
        text("name"),
        value("as_of"),
        text("description", multiline=True),
        enums("levels"),
        stream("sources"),
        stream("interest_areas", group=MORE),
        stream("funding", group=MORE),
    ),
    elsewhere=(
        "format_version",
        "region",
        "organisations",
        "people",
        "bodies",
        "collaborations",
        "agreements",
        "plans",
        "event_series",
        "events",
        "representations",
    ),
)

BODY = Spec(
    core.Body,
    "BodyPage",
    (
        value("id", group=MORE),  # made from the slug; rarely typed
        text("name"),
        value("kind"),
        value("tier"),
        enums("also_tiers", group=MORE),
        value("scope"),
        text("description", multiline=True),
        text("purpose", multiline=True),
        enums("participants"),
        text("participants_note", group=PEOPLE),
        stream("organisations", group=PEOPLE),
        stream("seats", group=MORE),
        stream("appointment", group=MORE),
        enums("target_groups", group=MORE),
        value("convener", group=PEOPLE),
        stream("chair", group=MORE),
        stream("vice_chair", group=MORE),
        stream("secretariat", group=MORE),
        stream("rules_of_procedure", group=MORE),
        value("decision_power", group=MORE),
        cadence("cadence"),
        text("cadence_note", group=TERMS),
        stream("meetings", group=MORE),
        stream("reporting", group=MORE),
        value("instances", group=MORE),
        stream("mandate", group=TERMS),
        value("established", group=TERMS),
        stream("founded", group=MORE),
        value("dissolved", group=TERMS),
        value("planned_end", group=MORE),
        value("renewal", group=MORE),
        value("permanent", group=MORE),
        value("status", group=TERMS),
        stream("relations"),
        enums("activity_areas", group=TERMS),
        stream("evaluations", group=MORE),
        stream("history", group=MORE),
        stream("provenance", group=MORE),
        stream("not_exhaustive", group=MORE),
    ),
    collection="bodies",
)


COLLABORATION = Spec(
    core.Collaboration,
    "CollaborationPage",
    (
        value("id"),
        text("name"),
        value("kind"),
        value("scope"),
        stream("members"),
        text("description", multiline=True),
        text("purpose", multiline=True),
        stream("documents"),
        enums("activity_areas"),
        value("url"),
        stream("provenance", group=MORE),
        stream("not_exhaustive", group=MORE),
    ),
    collection="collaborations",
)

AGREEMENT = Spec(
    core.Agreement,
    "AgreementPage",
    (
        value("id"),
        text("name"),
        value("kind"),
        stream("parties"),
        enums("party_categories"),
        enums("offered_to_each", group=MORE),
        stream("party_status", group=MORE),
        value("date"),
        stream("period"),
        stream("decision", group=MORE),
        value("implements"),
        text("purpose", multiline=True),
        text("description", multiline=True),
        value("url"),
        stream("provenance", group=MORE),
        stream("not_exhaustive", group=MORE),
    ),
    collection="agreements",
)

PLAN = Spec(
    core.Plan,
    "PlanPage",
    (
        value("id"),
        text("name"),
        value("kind"),
        value("status"),
        stream("period"),
        value("extended_to", group=MORE),
        value("owner"),
        stream("adopted", group=MORE),
        value("based_on"),
        value("part_of", group=MORE),
        text("description", multiline=True),
        stream("focus_areas", group=MORE),
        stream("goals"),
        stream("milestones"),
        enums("activity_areas"),
        stream("evaluations", group=MORE),
        value("url"),
        stream("provenance", group=MORE),
        stream("not_exhaustive", group=MORE),
    ),
    collection="plans",
)

EVENT_SERIES = Spec(
    core.EventSeries,
    "EventSeriesPage",
    (
        value("id"),
        text("name"),
        value("kind"),
        stream("organisers"),
        cadence("cadence"),
        text("theme"),
        enums("participants"),
        text("description", multiline=True),
        text("location"),
        value("established"),
        value("url"),
        stream("provenance", group=MORE),
        stream("not_exhaustive", group=MORE),
    ),
    collection="event_series",
)

EVENT = Spec(
    core.Event,
    "EventPage",
    (
        value("id"),
        text("name"),
        value("kind"),
        value("date"),
        value("end"),
        value("series"),
        value("body"),
        stream("organisers"),
        text("theme"),
        enums("participants"),
        value("attendance", group=MORE),
        value("attendance_approximate", group=MORE),
        value("time"),
        text("description", multiline=True),
        text("location"),
        value("url"),
        stream("provenance", group=MORE),
        stream("not_exhaustive", group=MORE),
    ),
    collection="events",
)

ORGANISATION = Spec(
    core.Organisation,
    "Organisation",
    (
        value("id"),
        text("name"),
        value("kind"),
        enums("minorities"),
        value("part_of"),
        stream("member_of", group=MORE),
        text("description", multiline=True),
        value("abbreviation"),
        stream("alternative_names", group=MORE),
        stream("former_names", group=MORE),
        stream("identifiers", group=MORE),
        stream("mandate", group=MORE),
        value("url"),
        stream("provenance", group=MORE),
        stream("not_exhaustive", group=MORE),
    ),
    collection="organisations",
)

PERSON = Spec(
    core.Person,
    "Person",
    (
        value("id"),
        value("name"),
        text("title"),
        value("party"),
        stream("provenance", group=MORE),
    ),
    collection="people",
)

#: The specs of the pages below a structure page, in the order the structure lists their collections.
CHILD_PAGES: tuple[Spec, ...] = (BODY, COLLABORATION, AGREEMENT, PLAN, EVENT_SERIES, EVENT)
SNIPPETS: tuple[Spec, ...] = (ORGANISATION, PERSON)
ALL: tuple[Spec, ...] = (REGION, STRUCTURE, *CHILD_PAGES, *SNIPPETS)
BY_COLLECTION: dict[str, Spec] = {s.collection: s for s in ALL if s.collection}


# ------------------------------------------------------------------- types


def hint(spec: Spec, name: str) -> Any:
    """The core field's type, ``X | None`` read as ``X``."""
    from .blocks import _optional

    return _optional(type_hints(spec.core)[name])[0]


def _default(spec: Spec, name: str) -> Any:
    return attrs.fields_dict(spec.core)[name].default


# -------------------------------------------------------- model fields, panels


def _model_field(spec: Spec, f: Field) -> models.Field:
    t = hint(spec, f.name)
    label = f.name.replace("_", " ")
    if f.kind == TEXT:
        if f.multiline:
            return models.TextField(label, blank=True)
        return models.CharField(label, max_length=255, blank=True)
    if f.kind == ENUMS:
        item = typing.get_args(t)[0]
        return VocabularyListField(label, choices_function=v.CHOICES[item])
    if f.kind == STREAM:
        return StreamField(field_block(spec.core, f.name), blank=True, verbose_name=label)
    if f.kind == CADENCE:
        return CadenceModelField(label)
    if f.name == "id":
        return models.CharField(
            label,
            max_length=100,
            blank=True,
            validators=[id_validator],
            help_text=_("The key other objects and files use for this one. Left empty, it is made from the slug."),
        )
    if t is Id:
        return models.CharField(label, max_length=100, blank=True, validators=[id_validator])
    if t is bool:
        return models.BooleanField(label, default=False)
    if t is int:
        return models.IntegerField(label, null=True, blank=True)
    if t is PartialDate:
        return models.CharField(
            label, max_length=DATE_MAX_LENGTH, blank=True, validators=[validate_partial_date], help_text=DATE_HELP
        )
    if isinstance(t, type) and issubclass(t, Vocabulary):
        default = _default(spec, f.name)
        kwargs: dict[str, Any] = {"default": default.value} if isinstance(default, Vocabulary) else {}
        return models.CharField(label, max_length=50, blank=True, choices=v.CHOICES[t], **kwargs)
    if t is str:
        return models.CharField(label, max_length=2000 if f.name == "url" else 255, blank=True)
    raise TypeError(f"no model field for {spec.core.__name__}.{f.name}: {t!r}")  # pragma: no cover


def model_fields(spec: Spec) -> dict[str, models.Field]:
    """The Django fields of the model that holds ``spec``'s objects, by attribute name."""
    return {f.attr: _model_field(spec, f) for f in spec.fields}


#: How many short fields (a choice, a date, a number) share one row of the form.
ROW = 3


def _rows(fields: list[Field]) -> list[Any]:
    """Panels for ``fields`` in order; runs of short plain values share a row, so the form stays short."""
    out: list[Any] = []
    run: list[FieldPanel] = []
    for f in fields:
        if f.kind == VALUE and f.name != "id":
            run.append(FieldPanel(f.attr, heading=core_label(f.name)))
            if len(run) == ROW:
                out.append(FieldRowPanel(run))
                run = []
            continue
        if run:
            out.append(FieldRowPanel(run) if len(run) > 1 else run[0])
            run = []
        out.append(FieldPanel(f.attr, heading=core_label(f.name)))
    if run:
        out.append(FieldRowPanel(run) if len(run) > 1 else run[0])
    return out


def panels(spec: Spec, extra: Mapping[str, Iterable[Any]] | None = None) -> list[Any]:
    """The editor's panels: the main fields open, then each group (``GROUPS``) in a collapsed panel.

    ``extra``: panels of fields the page holds beyond its spec (a body's representatives), by group.
    """
    extra = extra or {}
    out = [*_rows([f for f in spec.fields if f.group == MAIN]), *extra.get(MAIN, ())]
    for group, heading in GROUPS.items():
        children = [*_rows([f for f in spec.fields if f.group == group]), *extra.get(group, ())]
        if children:
            out.append(MultiFieldPanel(children, heading=heading, classname="collapsed"))
    return out


def translated(spec: Spec) -> list[str]:
    """Attributes that hold text (translated); StreamFields too, whose non-text blocks wagtail-localize keeps."""
    return [f.attr for f in spec.fields if f.kind in (TEXT, STREAM)]


def synchronised(spec: Spec) -> list[str]:
    """Attributes the same in every translation: ids, kinds, dates, numbers, references, vocabulary lists."""
    return [f.attr for f in spec.fields if f.kind in (VALUE, ENUMS, CADENCE)]


def translatable_fields(
    spec: Spec, extra_translated: Iterable[str] = (), extra_synchronised: Iterable[str] = ()
) -> list:
    """wagtail-localize's field list for ``spec``'s model, or [] without wagtail-localize."""
    try:
        from wagtail_localize.fields import SynchronizedField, TranslatableField
    except ImportError:  # pragma: no cover - exercised by the environments without it
        return []
    return [TranslatableField(n) for n in [*extra_translated, *translated(spec)]] + [
        SynchronizedField(n) for n in [*extra_synchronised, *synchronised(spec)]
    ]


# --------------------------------------------------------- reading, writing


def read(obj: Any, spec: Spec) -> dict[str, Any]:
    """The object's fields as one language's core data (text slots hold one ``str``); empties left out."""
    out: dict[str, Any] = {}
    for f in spec.fields:
        raw = getattr(obj, f.attr)
        data = stream_data(raw, spec.core, f.name) if f.kind == STREAM else _plain(f, raw)
        if data is not None:
            out[f.name] = data
    return out


def _plain(f: Field, raw: Any) -> Any:
    if f.kind == ENUMS:
        return list(raw or ()) or None
    if isinstance(raw, bool):
        return True if raw else None
    return raw if raw not in ("", None) else None


def columns(spec: Spec) -> list[str]:
    """The model attributes ``read`` reads, in the spec's order: what ``read_stored`` is given."""
    return [f.attr for f in spec.fields]


@functools.cache
def _stream_blocks(spec: Spec, model: type) -> tuple[Any, ...]:
    return tuple(model._meta.get_field(f.attr).stream_block if f.kind == STREAM else None for f in spec.fields)


def read_stored(stored: Sequence[Any], spec: Spec, model: type) -> dict[str, Any]:
    """``read`` of an object of ``model`` from its ``columns`` as loaded from the database, each
    StreamField's JSON decoded but not made a ``StreamValue``: the same data, without a model instance
    (building a few hundred page instances was most of a structure page's first render)."""
    out: dict[str, Any] = {}
    for f, block, raw in zip(spec.fields, _stream_blocks(spec, model), stored, strict=True):
        if block is None:
            data = _plain(f, raw)
        else:  # an empty stream (most are) holds nothing of the field
            data = items_data(block, stored_items(block, raw), spec.core, f.name) if raw else None
        if data is not None:
            out[f.name] = data
    return out


def write(obj: Any, spec: Spec, data: Mapping[str, Any]) -> None:
    """Write one language's core data into the object's fields (unsaved); left-out fields are emptied."""
    for f in spec.fields:
        item = data.get(f.name)
        if f.kind == STREAM:
            stream_block = obj._meta.get_field(f.attr).stream_block
            setattr(obj, f.attr, data_stream(stream_block, item, spec.core, f.name))
        elif f.kind == ENUMS:
            setattr(obj, f.attr, [str(x) for x in item or ()])
        else:
            model_field = obj._meta.get_field(f.attr)
            if isinstance(model_field, models.BooleanField):
                setattr(obj, f.attr, bool(item))
            elif item is None:
                setattr(obj, f.attr, None if model_field.null else "")
            else:
                setattr(obj, f.attr, item)


def locate(spec: Spec, path: tuple) -> tuple[str | None, tuple]:
    """A problem's path inside one object as ``(model attribute, path inside a StreamField)``; None: the object."""
    if not path:
        return None, ()
    f = spec.field(str(path[0]))
    if f is None:
        return None, ()
    if f.kind == STREAM:
        rest = tuple(path[1:])
        if typing.get_origin(hint(spec, f.name)) is not tuple and not _is_cadence(spec, f.name):
            rest = (0, *rest)  # a single struct is the stream's one entry (a cadence's form is its own)
        return f.attr, rest
    return f.attr, ()


@functools.cache
def _is_cadence(spec: Spec, name: str) -> bool:
    from .blocks import CadenceBlock

    return isinstance(field_block(spec.core, name), CadenceBlock)


def length_problems(obj_spec: Spec, model: type, data: Mapping[str, Any]) -> list[tuple[tuple, str]]:
    """Values the core accepts that the model's column would refuse: ``(path in the object, message)``."""
    from django.core.exceptions import ValidationError

    out = []
    for f in obj_spec.fields:
        if f.kind not in (TEXT, VALUE) or f.name not in data:
            continue
        raw = data[f.name]
        values = list(raw.items()) if isinstance(raw, Mapping) else [(None, raw)]
        model_field = model._meta.get_field(f.attr)
        for lang, item in values:
            if not isinstance(item, str) or not item:
                continue
            try:
                model_field.clean(item, None)
            except ValidationError as exc:
                path = (f.name, lang) if lang else (f.name,)
                out.extend((path, m) for m in exc.messages)
    return out


def is_text(spec: Spec, name: str) -> bool:
    return hint(spec, name) is LocalizedText
