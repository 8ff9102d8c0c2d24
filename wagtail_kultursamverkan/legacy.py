"""Structure pages of the plugin's first design, read from their raw stored values.

Until issue 13 a structure page held its bodies, collaborations, agreements, … as blocks
of one StreamField ``content``, and pages and snippets held both languages in
``<field>_sv``/``<field>_en`` columns. The page tree that replaces them keeps the old
column (as ``legacy_content``) but not the models, blocks or conversion that read it, so
a data migration cannot use them: historical models (``apps.get_model``) have no methods,
their blocks have lost the old blocks' defaults, and the code of today is rewritten.

This module is what such a migration needs and nothing more: given the raw values of an
old structure page, its region index page, its plan pages and the snippets it refers to
(plain dicts, as ``QuerySet.values()`` gives them, with StreamFields as their stored JSON;
``page_rows`` reads them), ``structure_data`` returns the core's plain data (the file
format) that the old ``convert.page_data`` built from the same page, and ``structure`` the
validated core ``Structure``. It imports only the core, the standard library and Django's
translation and query functions: the old block definitions it needs are frozen below
(``Value``, ``Struct``, …) as the site ran with them (the shape of migration
``0006_format_2``, with the blocks' defaults), and read exactly as the old
``convert.block_to_data`` read them (an empty text or unticked box left out; a key missing
from a stored block gets that block's default, as Wagtail's ``to_python`` gives it).

Three things are read better than the old code did, so that no content is lost on the
way: an event block stored before format 2 keeps its single ``organiser`` (as the core's
own format-1 upgrade does); a cadence stored as one of the former static blocks
(``as_needed``, ``ongoing``, ``regular``: a stored ``None``), which the old blocks cannot
read, reads as that form; and a block whose stored shape does not fit (an unknown block
type, a text where a list belongs) stops the reading with a ``LegacyDataError`` that names
the page and the block, instead of being dropped without a word.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from kultursamverkan import converter
from kultursamverkan.io import from_data
from kultursamverkan.model import Structure

Data = dict[str, Any]
Row = Mapping[str, Any]
PathPart = str | int


# ----------------------------------------------------------- the frozen blocks


@dataclass(frozen=True)
class Value:
    """A char, choice, integer, date or id block: stored as is; ``""`` and ``None`` are left out."""

    default: Any = None


@dataclass(frozen=True)
class Flag:
    """A boolean block: ticked is ``True``, anything else is left out (every core flag defaults to false)."""


@dataclass(frozen=True)
class Choices:
    """A multiple-choice block: a list of strings, or of whole numbers for the months."""

    ints: bool = False


@dataclass(frozen=True)
class Struct:
    """A struct block: its children by name; a child that reads as empty is left out."""

    children: Mapping[str, Any]


@dataclass(frozen=True)
class ListOf:
    """A list block: items in Wagtail's ``{"type": "item", "value", "id"}`` form, or bare values (older data)."""

    child: Any


@dataclass(frozen=True)
class Cadence:
    """The cadence stream: at most one form, read as ``{"kind": <form>, **fields}``, or a typed phrase."""

    forms: Mapping[str, Struct]


@dataclass(frozen=True)
class Details:
    """A ``core_details`` stream: one block type per core field; a list field gathers its entries in order."""

    fields: Mapping[str, Any]
    single: frozenset[str] = field(default_factory=frozenset)


Node = Value | Flag | Choices | Struct | ListOf | Cadence | Details

VALUE = Value()
FLAG = Flag()
CHOICES = Choices()
MONTHS = Choices(ints=True)
#: ``LocalizedTextBlock``, one line or several: ``{"sv": …, "en": …}``.
TEXT = Struct({"sv": VALUE, "en": VALUE})

# Generated from the blocks the site ran with; ``tests/wagtail_plugin/test_legacy.py`` checks them against
# migration 0006's (shape) and, while that design's code is there, against its blocks (defaults too).
SEATS = Struct({"count": VALUE, "max": VALUE, "approximate": FLAG, "per_member": FLAG, "substitutes": VALUE})
APPOINTMENT = Struct(
    {
        "by": VALUE,
        "by_category": VALUE,
        "by_each_member": FLAG,
        "term_years": VALUE,
        "extension_years": VALUE,
        "staggered": FLAG,
        "remuneration": Struct({"paid": FLAG, "basis": TEXT, "url": VALUE}),
    }
)
REPRESENTS = Struct({"activity_areas": CHOICES, "art_forms": ListOf(TEXT), "organisations": ListOf(VALUE)})
PARTICIPATION = Struct(
    {
        "organisation": VALUE,
        "invited": FLAG,
        "note": TEXT,
        "category": VALUE,
        "invited_to": Struct({"season": VALUE, "event": VALUE}),
        "seats": SEATS,
        "appointment": APPOINTMENT,
        "represents": REPRESENTS,
    }
)
COUNT = Struct(
    {
        "times": VALUE,
        "per": Value("year"),
        "approximate": FLAG,
        "months": MONTHS,
        "seasons": CHOICES,
        "qualifier": VALUE,
        "during": VALUE,
    }
)
RANGE = Struct({"min": VALUE, "max": VALUE, "per": Value("year"), "qualifier": VALUE, "during": VALUE})
AT_LEAST = Struct({"times": VALUE, "per": Value("year"), "qualifier": VALUE, "during": VALUE})
INTERVAL = Struct(
    {
        "every": Value(1),
        "every_max": VALUE,
        "unit": Value("year"),
        "months": MONTHS,
        "seasons": CHOICES,
        "qualifier": VALUE,
        "during": VALUE,
    }
)
DATES = Struct({"dates": ListOf(VALUE), "qualifier": VALUE, "during": VALUE})
CADENCE = Cadence(
    {
        "count": COUNT,
        "range": RANGE,
        "at_least": AT_LEAST,
        "interval": INTERVAL,
        "as_needed": Struct({"qualifier": VALUE, "during": VALUE}),
        "ongoing": Struct({"qualifier": VALUE, "during": VALUE}),
        "regular": Struct({"qualifier": VALUE, "during": VALUE}),
        "dates": DATES,
    }
)
ROTATION = Struct({"between": ListOf(VALUE), "between_categories": CHOICES, "years": VALUE})
POST = Struct(
    {
        "organisation": VALUE,
        "category": VALUE,
        "whoever_chairs": FLAG,
        "rotation": ROTATION,
        "appointment": APPOINTMENT,
        "note": TEXT,
    }
)
DECISION = Struct({"by": VALUE, "by_each_member": FLAG, "date": VALUE, "diary_number": VALUE, "url": VALUE})
MEETING = Struct({"date": VALUE, "description": TEXT, "location": TEXT, "url": VALUE})
EVALUATION = Struct({"date": VALUE, "by": VALUE, "url": VALUE, "summary": TEXT})
HISTORY = Struct({"date": VALUE, "changed": CHOICES, "description": TEXT, "cadence": CADENCE, "holder": VALUE})
SOURCE = Struct({"url": VALUE, "title": TEXT, "as_of": VALUE, "diary_number": VALUE})
PROVENANCE = Struct({"fields": ListOf(VALUE), "as_of": VALUE, "sources": ListOf(SOURCE)})
BODY = Struct(
    {
        "id": VALUE,
        "name": TEXT,
        "kind": VALUE,
        "tier": VALUE,
        "scope": VALUE,
        "description": TEXT,
        "purpose": TEXT,
        "participants": CHOICES,
        "participants_note": TEXT,
        "organisations": ListOf(PARTICIPATION),
        "convener": VALUE,
        "cadence": CADENCE,
        "cadence_note": TEXT,
        "instances": VALUE,
        "mandate": ListOf(TEXT),
        "relations": ListOf(Struct({"type": VALUE, "target": VALUE, "at": VALUE})),
        "activity_areas": CHOICES,
        "also_tiers": CHOICES,
        "seats": SEATS,
        "appointment": APPOINTMENT,
        "target_groups": CHOICES,
        "chair": POST,
        "vice_chair": POST,
        "secretariat": POST,
        "rules_of_procedure": Struct({"adopted": DECISION, "url": VALUE, "note": TEXT}),
        "decision_power": VALUE,
        "meetings": ListOf(MEETING),
        "reporting": ListOf(Struct({"to": VALUE, "cadence": CADENCE, "what": TEXT})),
        "founded": DECISION,
        "planned_end": VALUE,
        "evaluations": ListOf(EVALUATION),
        "history": ListOf(HISTORY),
        "provenance": ListOf(PROVENANCE),
        "not_exhaustive": ListOf(VALUE),
        "established": VALUE,
        "dissolved": VALUE,
        "renewal": VALUE,
        "permanent": FLAG,
        "status": Value("active"),
    }
)
COLLABORATION = Struct(
    {
        "id": VALUE,
        "name": TEXT,
        "kind": VALUE,
        "scope": VALUE,
        "members": ListOf(VALUE),
        "description": TEXT,
        "purpose": TEXT,
        "documents": ListOf(VALUE),
        "activity_areas": CHOICES,
        "url": VALUE,
        "provenance": ListOf(PROVENANCE),
        "not_exhaustive": ListOf(VALUE),
    }
)
AGREEMENT = Struct(
    {
        "id": VALUE,
        "name": TEXT,
        "kind": Value("agreement"),
        "parties": ListOf(VALUE),
        "party_categories": CHOICES,
        "date": VALUE,
        "purpose": TEXT,
        "description": TEXT,
        "url": VALUE,
        "offered_to_each": CHOICES,
        "party_status": ListOf(Struct({"party": VALUE, "status": VALUE, "date": VALUE})),
        "period": Struct({"start": VALUE, "end": VALUE}),
        "decision": DECISION,
        "implements": VALUE,
        "provenance": ListOf(PROVENANCE),
        "not_exhaustive": ListOf(VALUE),
    }
)
GOAL = Struct({"text": TEXT, "focus_areas": ListOf(TEXT), "target_groups": ListOf(TEXT), "note": TEXT})
MILESTONE = Struct({"date": VALUE, "description": TEXT, "event": VALUE})
PLAN = Struct(
    {
        "id": VALUE,
        "name": TEXT,
        "kind": VALUE,
        "period": Struct({"start": VALUE, "end": VALUE}),
        "description": TEXT,
        "goals": ListOf(GOAL),
        "milestones": ListOf(MILESTONE),
        "activity_areas": CHOICES,
        "extended_to": VALUE,
        "adopted": DECISION,
        "part_of": VALUE,
        "focus_areas": ListOf(TEXT),
        "evaluations": ListOf(EVALUATION),
        "provenance": ListOf(PROVENANCE),
        "not_exhaustive": ListOf(VALUE),
        "status": Value("adopted"),
        "owner": VALUE,
        "based_on": VALUE,
        "url": VALUE,
    }
)
INTEREST_AREA = Struct(
    {
        "id": VALUE,
        "name": TEXT,
        "description": TEXT,
        "raised_by": CHOICES,
        "activity_areas": CHOICES,
        "provenance": ListOf(PROVENANCE),
    }
)
EVENT = Struct(
    {
        "id": VALUE,
        "name": TEXT,
        "kind": VALUE,
        "date": VALUE,
        "end": VALUE,
        "body": VALUE,
        "organisers": ListOf(VALUE),
        "participants": CHOICES,
        "description": TEXT,
        "location": TEXT,
        "url": VALUE,
        "series": VALUE,
        "theme": TEXT,
        "attendance": VALUE,
        "attendance_approximate": FLAG,
        "time": VALUE,
        "provenance": ListOf(PROVENANCE),
        "not_exhaustive": ListOf(VALUE),
    }
)
REPRESENTATION = Struct(
    {
        "person": VALUE,
        "body": VALUE,
        "on_behalf_of": VALUE,
        "role": Value("representative"),
        "start": VALUE,
        "end": VALUE,
    }
)
EVENT_SERIES = Struct(
    {
        "id": VALUE,
        "name": TEXT,
        "kind": VALUE,
        "organisers": ListOf(VALUE),
        "cadence": CADENCE,
        "theme": TEXT,
        "participants": CHOICES,
        "description": TEXT,
        "location": TEXT,
        "established": VALUE,
        "url": VALUE,
        "provenance": ListOf(PROVENANCE),
        "not_exhaustive": ListOf(VALUE),
    }
)
FUNDING = Struct(
    {
        "funder": VALUE,
        "recipient": VALUE,
        "recipient_category": VALUE,
        "year": VALUE,
        "amount_sek": VALUE,
        "approximate": FLAG,
        "purpose": TEXT,
        "decision": DECISION,
    }
)
IDENTIFIERS = Struct({"municipality_code": VALUE, "organisation_number": VALUE, "wikidata": VALUE})
ORGANISATION_DETAILS = Details(
    {
        "member_of": VALUE,
        "abbreviation": VALUE,
        "alternative_names": TEXT,
        "identifiers": IDENTIFIERS,
        "mandate": TEXT,
        "provenance": PROVENANCE,
        "not_exhaustive": VALUE,
    },
    single=frozenset({"abbreviation", "identifiers"}),
)
PERSON_DETAILS = Details({"provenance": PROVENANCE})
REGION_DETAILS = Details(
    {"joined": VALUE, "pilot": FLAG, "identifiers": IDENTIFIERS, "provenance": PROVENANCE},
    single=frozenset({"identifiers", "joined", "pilot"}),
)
PLAN_DETAILS = Details(
    {
        "extended_to": VALUE,
        "adopted": DECISION,
        "part_of": VALUE,
        "focus_areas": TEXT,
        "evaluations": EVALUATION,
        "provenance": PROVENANCE,
        "not_exhaustive": VALUE,
    },
    single=frozenset({"adopted", "extended_to", "part_of"}),
)


#: The old ``content`` stream's block types, each with the core collection it fills, in the order of the
#: old ``DATA_BLOCKS`` (the order of the collections' keys in the data).
CONTENT: dict[str, tuple[str, Struct]] = {
    "body": ("bodies", BODY),
    "collaboration": ("collaborations", COLLABORATION),
    "agreement": ("agreements", AGREEMENT),
    "plan": ("plans", PLAN),
    "interest_area": ("interest_areas", INTEREST_AREA),
    "event_series": ("event_series", EVENT_SERIES),
    "event": ("events", EVENT),
    "representation": ("representations", REPRESENTATION),
    "funding": ("funding", FUNDING),
}


# ------------------------------------------------------------------- errors


class LegacyDataError(ValueError):
    """Stored data that does not have the shape the old blocks wrote: says which page (or snippet) and where."""

    def __init__(self, owner: str, path: tuple[PathPart, ...], problem: str) -> None:
        self.owner, self.path, self.problem = owner, path, problem
        where = _where(path)
        if where:
            message = _("%(owner)s, at %(where)s: %(problem)s") % {"owner": owner, "where": where, "problem": problem}
        else:
            message = _("%(owner)s: %(problem)s") % {"owner": owner, "problem": problem}
        super().__init__(message)


def _where(path: tuple[PathPart, ...]) -> str:
    """``("content", 3, "<body>", "cadence")`` → ``content[3] (body).cadence``: fields, indexes, block types."""
    out = ""
    for i, part in enumerate(path):
        if isinstance(part, int):
            out += f"[{part}]"
        elif i > 0 and isinstance(path[i - 1], int) and part.startswith("<"):
            out += f" ({part[1:-1]})"
        else:
            out += f".{part}" if out else part
    return out


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "…"


def _owner(kind: str, row: Row) -> str:
    """How a page or snippet is named in a ``LegacyDataError``: its kind, database id and title or id."""
    name = row.get("title") or row.get("identifier") or row.get("structure_identifier") or row.get("plan_identifier")
    pk = row.get("id", row.get("pk"))
    label = f"{kind} {pk}" if pk is not None else kind
    return f"{label} “{name}”" if name else label


# ----------------------------------------------------------- raw values


def raw_stream(value: Any) -> list[Any]:
    """A StreamField's stored JSON as a list, from whatever holds it.

    Accepts the ``StreamValue`` that ``QuerySet.values()`` gives (its raw data is read, not its
    blocks: a historical model's blocks are not needed), the JSON text a raw SQL query gives,
    an already parsed list, or ``None``/``""`` (an empty field).
    """
    if value is None or value == "":
        return []
    raw_data = getattr(value, "raw_data", None)
    if raw_data is not None:
        return list(raw_data)
    if isinstance(value, (str, bytes, bytearray)):
        value = json.loads(value)
    if not isinstance(value, list):
        raise TypeError(f"a StreamField's stored value is a list, got {type(value).__name__}")
    return value


def _is_item(raw: Any) -> bool:
    """Wagtail's test for a list item in the current JSON format (older data holds bare values)."""
    return isinstance(raw, dict) and "id" in raw and "value" in raw and raw.get("type") == "item"


class _Reader:
    """Reads one page's or snippet's raw blocks; every problem names ``owner`` and the path within it."""

    def __init__(self, owner: str) -> None:
        self.owner = owner

    def fail(self, path: tuple[PathPart, ...], problem: str) -> LegacyDataError:
        return LegacyDataError(self.owner, path, problem)

    def stream(self, raw: Any, path: tuple[PathPart, ...]) -> list[tuple[str, Any, tuple[PathPart, ...]]]:
        """A stream's children as ``(block type, raw value, path)``; the path names the child's index and type."""
        try:
            children = raw_stream(raw)
        except (TypeError, ValueError):
            raise self.fail(path, _("expected a list of blocks, got %(got)s") % {"got": _shown(raw)}) from None
        out = []
        for i, child in enumerate(children):
            if not isinstance(child, dict) or not isinstance(child.get("type"), str):
                raise self.fail((*path, i), _("expected a block with a type, got %(got)s") % {"got": _shown(child)})
            out.append((child["type"], child.get("value"), (*path, i, f"<{child['type']}>")))
        return out

    def unknown(self, block_type: str, path: tuple[PathPart, ...]) -> LegacyDataError:
        return self.fail(path, _("unknown block type “%(type)s”") % {"type": block_type})

    def read(self, node: Node, raw: Any, path: tuple[PathPart, ...]) -> Any:
        """A block's stored value as the core's plain data; ``None`` means "left out" (the old ``block_to_data``)."""
        if isinstance(node, Cadence):
            return self.cadence(node, raw, path)
        if isinstance(node, Struct):
            if raw is None:  # the cadence's former StaticBlocks stored None: an empty struct
                raw = {}
            if not isinstance(raw, dict):
                raise self.fail(path, _("expected fields, got %(got)s") % {"got": _shown(raw)})
            out: Data = {}
            for key, child in node.children.items():
                value = self.read(child, raw[key] if key in raw else _missing(child), (*path, key))
                if value is not None and value != {}:
                    out[key] = value
            return out
        if isinstance(node, ListOf):
            items = self.list(raw, path)
            values = [self.read(node.child, item["value"] if _is_item(item) else item, (*path, i)) for i, item in items]
            # An empty item stays in the list: the core then reports it at its index.
            return [{} if v is None and isinstance(node.child, Struct) else v for v in values] or None
        if isinstance(node, Choices):
            values = [v for _i, v in self.list(raw, path)]
            if node.ints:
                try:
                    values = [int(v) for v in values]
                except (TypeError, ValueError):
                    raise self.fail(path, _("expected whole numbers, got %(got)s") % {"got": _shown(raw)}) from None
            return values or None
        if isinstance(node, Flag):
            return True if raw else None
        if isinstance(node, Details):
            raise AssertionError("a details stream is read by details_data")  # pragma: no cover
        if raw is None or raw == "":
            return None
        if isinstance(raw, (dict, list)):
            raise self.fail(path, _("expected a single value, got %(got)s") % {"got": _shown(raw)})
        return raw

    def list(self, raw: Any, path: tuple[PathPart, ...]) -> list[tuple[int, Any]]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise self.fail(path, _("expected a list, got %(got)s") % {"got": _shown(raw)})
        return list(enumerate(raw))

    def cadence(self, node: Cadence, raw: Any, path: tuple[PathPart, ...]) -> Data | None:
        children = self.stream(raw, path)
        if not children:
            return None
        kind, value, child_path = children[0]  # the block holds at most one form
        if kind == "phrase":  # typed in words and not yet saved: what the phrase says, if anything
            return _phrase_data(value if isinstance(value, str) else "")
        form = node.forms.get(kind)
        if form is None:
            raise self.unknown(kind, child_path)
        return {"kind": kind, **(self.read(form, value, child_path) or {})}

    def details(self, node: Details, raw: Any, path: tuple[PathPart, ...]) -> Data:
        """A ``core_details`` stream as the core's data (the old ``convert.details_data``)."""
        out: Data = {}
        for block_type, value, child_path in self.stream(raw, path):
            child = node.fields.get(block_type)
            if child is None:
                raise self.unknown(block_type, child_path)
            data = self.read(child, value, child_path)
            if data is None:
                data = {} if isinstance(child, Struct) else None
            if data is None:
                continue
            if block_type in node.single:
                out[block_type] = data
            else:
                out.setdefault(block_type, []).append(data)
        return out


def _missing(node: Node) -> Any:
    """What Wagtail's ``to_python`` puts for a child the stored struct lacks: the block's default."""
    return node.default if isinstance(node, Value) else None


def _phrase_data(text: str) -> Data:
    """A typed cadence phrase as the core's data; an unreadable one as a cadence without a kind (a problem)."""
    from kultursamverkan.cadence_parser import NotUnderstood, parse_cadence

    for lang in ("sv", "en"):
        try:
            return converter.unstructure(parse_cadence(text, lang))
        except NotUnderstood:
            continue
    return {"kind": None}


def _upgrade_event(raw: Any) -> Any:
    """An event block stored before format 2 has one ``organiser``; the core's upgrade makes it a list."""
    if not isinstance(raw, dict) or "organiser" not in raw or raw.get("organisers"):
        return raw
    out = {k: v for k, v in raw.items() if k != "organiser"}
    out["organisers"] = [raw["organiser"]] if raw["organiser"] else []
    return out


# ------------------------------------------------------------------ rows


def _text(sv: Any, en: Any) -> Data | None:
    out = {key: value for key, value in (("sv", sv), ("en", en)) if value}
    return out or None


def _drop_empty(data: Mapping[str, Any]) -> Data:
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def _field(row: Row, name: str, owner: str) -> Any:
    try:
        return row[name]
    except KeyError:
        raise LegacyDataError(owner, (), _("the field “%(field)s” is missing") % {"field": name}) from None


def _fields(row: Row, owner: str, *names: str) -> list[Any]:
    return [_field(row, name, owner) for name in names]


def organisation_data(row: Row) -> Data:
    """An ``Organisation`` snippet's row as the core's data for one organisation."""
    owner = _owner(_("organisation"), row)
    reader = _Reader(owner)
    identifier, name_sv, name_en, kind, minorities, part_of, description_sv, description_en, url = _fields(
        row,
        owner,
        "identifier",
        "name_sv",
        "name_en",
        "kind",
        "minorities",
        "part_of",
        "description_sv",
        "description_en",
        "url",
    )
    former = []
    for block_type, value, path in reader.stream(row.get("former_names"), ("former_names",)):
        if block_type != "name":
            raise reader.unknown(block_type, path)
        text = reader.read(TEXT, value, path) or {}
        former.append(_text(text.get("sv"), text.get("en")) or {})
    return _drop_empty(
        {
            "id": identifier,
            "name": _text(name_sv, name_en),
            "kind": kind,
            "minorities": list(minorities or ()),
            "part_of": part_of,
            "description": _text(description_sv, description_en),
            "former_names": former,
            "url": url,
            **reader.details(ORGANISATION_DETAILS, row.get("details"), ("details",)),
        }
    )


def person_data(row: Row) -> Data:
    """A ``Person`` snippet's row as the core's data for one person."""
    owner = _owner(_("person"), row)
    identifier, name, title_sv, title_en, party = _fields(
        row, owner, "identifier", "name", "title_sv", "title_en", "party"
    )
    return _drop_empty(
        {
            "id": identifier,
            "name": name,
            "title": _text(title_sv, title_en),
            "party": party,
            **_Reader(owner).details(PERSON_DETAILS, row.get("details"), ("details",)),
        }
    )


def region_data(row: Row) -> Data:
    """A ``RegionIndexPage``'s row as the core's data for its region."""
    owner = _owner(_("region page"), row)
    identifier, name_sv, name_en, county_code, municipality_count, url = _fields(
        row,
        owner,
        "region_identifier",
        "region_name_sv",
        "region_name_en",
        "county_code",
        "municipality_count",
        "region_url",
    )
    return _drop_empty(
        {
            "id": identifier,
            "name": _text(name_sv, name_en),
            "county_code": county_code,
            "municipality_count": municipality_count,
            "url": url,
            **_Reader(owner).details(REGION_DETAILS, row.get("region_details"), ("region_details",)),
        }
    )


def plan_data(row: Row) -> Data:
    """A ``PlanPage``'s row as the core's data for one plan."""
    owner = _owner(_("plan page"), row)
    reader = _Reader(owner)
    (
        identifier,
        name_sv,
        name_en,
        kind,
        status,
        start,
        end,
        plan_owner,
        based_on,
        description_sv,
        description_en,
        activity_areas,
        url,
    ) = _fields(
        row,
        owner,
        "plan_identifier",
        "name_sv",
        "name_en",
        "kind",
        "status",
        "period_start",
        "period_end",
        "plan_owner",
        "based_on",
        "description_sv",
        "description_en",
        "activity_areas",
        "plan_url",
    )

    def items(name: str, node: Struct) -> list[Data]:
        # The old code read every child with the one block the field has, whatever its type.
        return [reader.read(node, value, path) or {} for _type, value, path in reader.stream(row.get(name), (name,))]

    period = _drop_empty({"start": start, "end": end})
    return _drop_empty(
        {
            "id": identifier,
            "name": _text(name_sv, name_en),
            "kind": kind,
            "status": status,
            "period": period or None,
            "owner": plan_owner,
            "based_on": based_on,
            "description": _text(description_sv, description_en),
            "goals": items("goals", GOAL),
            "milestones": items("milestones", MILESTONE),
            "activity_areas": list(activity_areas or ()),
            "url": url,
            **reader.details(PLAN_DETAILS, row.get("details"), ("details",)),
        }
    )


def _content(row: Row) -> Any:
    """The old ``content`` stream: ``legacy_content`` once the new schema has renamed the column."""
    return row["legacy_content"] if "legacy_content" in row else row.get("content")


def referenced_snippets(structure_row: Row) -> tuple[list[int], list[int]]:
    """The primary keys of the organisation and person snippets the page's choosers hold, in their order.

    Fetch exactly these rows for ``structure_data`` (``Organisation.objects.filter(pk__in=…).values()``).
    """
    reader = _Reader(_owner(_("structure page"), structure_row))
    out: tuple[list[int], list[int]] = ([], [])
    for field_name, keys in zip(("organisations", "people"), out, strict=True):
        for _type, value, _path in reader.stream(structure_row.get(field_name), (field_name,)):
            if isinstance(value, int) and not isinstance(value, bool):
                keys.append(value)
    return out


def structure_data(
    structure_row: Row,
    region_row: Row | None,
    plan_rows: Iterable[Row],
    organisation_rows: Iterable[Row],
    person_rows: Iterable[Row],
) -> Data:
    """An old structure page as the core's plain data: what the old ``convert.page_data`` gave for it.

    - ``structure_row``: the ``StructurePage`` row (``values()``): ``structure_identifier``, ``name_sv``,
      ``name_en``, ``as_of``, ``description_sv``, ``description_en``, ``levels``, and the streams
      ``sources``, ``organisations``, ``people`` and ``content`` (or ``legacy_content``); ``id`` and
      ``title``, when there, name the page in errors.
    - ``region_row``: its parent ``RegionIndexPage`` row, or ``None`` when the parent is none.
    - ``plan_rows``: the ``PlanPage`` rows below it, in the page tree's order (``path``); the caller
      chooses which (the old page showed its live pages without a view restriction of their own).
    - ``organisation_rows``, ``person_rows``: the snippets the page's choosers hold (see
      ``referenced_snippets``), keyed by their ``id``; a chooser whose snippet is not among them was
      left empty by a deletion and is skipped, as the old page skipped it.

    The data is not validated (an old page may hold content that the core refuses: the page then
    showed nothing, but keeps its content here); ``structure`` validates it. Raises
    ``LegacyDataError`` when a stored value does not have the shape the old blocks wrote.
    """
    owner = _owner(_("structure page"), structure_row)
    reader = _Reader(owner)
    identifier, name_sv, name_en, as_of, description_sv, description_en, levels = _fields(
        structure_row,
        owner,
        "structure_identifier",
        "name_sv",
        "name_en",
        "as_of",
        "description_sv",
        "description_en",
        "levels",
    )
    data: Data = {
        "id": identifier,
        "name": _text(name_sv, name_en),
        "region": region_data(region_row) if region_row is not None else None,
        "as_of": as_of,
        "description": _text(description_sv, description_en),
        "levels": list(levels or ()),
    }
    sources = []
    for block_type, value, path in reader.stream(structure_row.get("sources"), ("sources",)):
        if block_type != "source":
            raise reader.unknown(block_type, path)
        sources.append(reader.read(SOURCE, value, path))
    data["sources"] = sources
    for field_name, block_type, rows, to_data in (
        ("organisations", "organisation", organisation_rows, organisation_data),
        ("people", "person", person_rows, person_data),
    ):
        by_pk = {row["id"]: row for row in rows}
        items = []
        for child_type, value, path in reader.stream(structure_row.get(field_name), (field_name,)):
            if child_type != block_type:
                raise reader.unknown(child_type, path)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise reader.fail(
                    path, _("expected the id of an organisation or person, got %(got)s") % {"got": _shown(value)}
                )
            if value in by_pk:  # a deleted snippet leaves an empty chooser behind
                items.append(to_data(by_pk[value]))
        data[field_name] = items
    for collection, _node in CONTENT.values():
        data[collection] = []
    data["plans"] = [plan_data(row) for row in plan_rows]
    for block_type, value, path in reader.stream(_content(structure_row), ("content",)):
        if block_type not in CONTENT:
            raise reader.unknown(block_type, path)
        collection, node = CONTENT[block_type]
        if block_type == "event":
            value = _upgrade_event(value)
        data[collection].append(reader.read(node, value, path) or {})
    return _drop_empty(data)


def structure(
    structure_row: Row,
    region_row: Row | None,
    plan_rows: Iterable[Row],
    organisation_rows: Iterable[Row],
    person_rows: Iterable[Row],
) -> Structure:
    """``structure_data`` as a validated core ``Structure``; raises ``kultursamverkan.ValidationError``."""
    return from_data(structure_data(structure_row, region_row, plan_rows, organisation_rows, person_rows))


#: The fields each reader reads, for ``values(*…)``; ``id`` and ``title`` only name a page in errors.
#: A row's StreamFields (``STREAMS``) may be a ``StreamValue``, their JSON text or the parsed list.
STRUCTURE_FIELDS = (
    "id",
    "title",
    "structure_identifier",
    "name_sv",
    "name_en",
    "as_of",
    "description_sv",
    "description_en",
    "levels",
    "sources",
    "organisations",
    "people",
)
REGION_FIELDS = (
    "id",
    "title",
    "region_identifier",
    "region_name_sv",
    "region_name_en",
    "county_code",
    "municipality_count",
    "region_url",
    "region_details",
)
PLAN_FIELDS = (
    "id",
    "title",
    "plan_identifier",
    "name_sv",
    "name_en",
    "kind",
    "status",
    "period_start",
    "period_end",
    "plan_owner",
    "based_on",
    "description_sv",
    "description_en",
    "goals",
    "milestones",
    "activity_areas",
    "plan_url",
    "details",
)
ORGANISATION_FIELDS = (
    "id",
    "identifier",
    "name_sv",
    "name_en",
    "kind",
    "minorities",
    "part_of",
    "description_sv",
    "description_en",
    "former_names",
    "url",
    "details",
)
PERSON_FIELDS = ("id", "identifier", "name", "title_sv", "title_en", "party", "details")
STREAMS = frozenset(
    {
        "content",
        "legacy_content",
        "sources",
        "organisations",
        "people",
        "region_details",
        "goals",
        "milestones",
        "details",
        "former_names",
    }
)


def _plain(row: Row, fields: Iterable[str]) -> Data:
    """The row's read fields with each stream as its stored list: JSON-ready, e.g. to keep a copy."""
    return {name: raw_stream(row[name]) if name in STREAMS else row[name] for name in fields if name in row}


@dataclass(frozen=True)
class PageRows:
    """The raw rows ``structure_data`` reads for one old structure page (see ``page_rows``)."""

    structure: Row
    region: Row | None
    plans: Sequence[Row]
    organisations: Sequence[Row]
    people: Sequence[Row]

    def data(self) -> Data:
        """The page as the core's plain data (``structure_data``)."""
        return structure_data(self.structure, self.region, self.plans, self.organisations, self.people)

    def plain(self) -> Data:
        """The rows as JSON-ready data, streams as stored; ``PageRows.from_plain`` reads them back."""
        content = "legacy_content" if "legacy_content" in self.structure else "content"
        return {
            "structure": _plain(self.structure, (*STRUCTURE_FIELDS, content)),
            "region": _plain(self.region, REGION_FIELDS) if self.region is not None else None,
            "plans": [_plain(row, PLAN_FIELDS) for row in self.plans],
            "organisations": [_plain(row, ORGANISATION_FIELDS) for row in self.organisations],
            "people": [_plain(row, PERSON_FIELDS) for row in self.people],
        }

    @classmethod
    def from_plain(cls, plain: Mapping[str, Any]) -> PageRows:
        return cls(plain["structure"], plain["region"], plain["plans"], plain["organisations"], plain["people"])


def _stored(queryset: Any, fields: Iterable[str]) -> list[Data]:
    """``values(*fields)`` with each StreamField read as its stored JSON.

    A StreamField's own ``values()`` goes through its blocks, which silently drop a block type
    they do not know (and a migration's historical blocks may not be the old ones); a cast to
    plain JSON reads what is stored, so nothing is dropped unseen.
    """
    from django.db.models import F, JSONField
    from django.db.models.functions import Cast

    names = {f.name for f in queryset.model._meta.get_fields()}
    streams = [name for name in fields if name in STREAMS and name in names]
    raw = {f"_stored_{name}": Cast(F(name), output_field=JSONField()) for name in streams}
    plain = [name for name in fields if name not in streams]
    rows = []
    for row in queryset.values(*plain, **raw):
        for name in streams:
            row[name] = row.pop(f"_stored_{name}")
        rows.append(row)
    return rows


def page_rows(apps: Any, page_id: int, *, plan_pages: str = "live") -> PageRows:
    """The rows of the structure page ``page_id`` and of what it refers to, read through ``apps``.

    ``apps`` is a migration's historical app registry (or ``django.apps.apps``) in a state that
    still has the old fields, with the old ``content`` named ``content`` or ``legacy_content``.
    ``plan_pages``: ``"live"`` gathers the child plan pages visitors saw (published, without a view
    restriction of their own), ``"all"`` every child plan page. Streams are read as stored
    (``_stored``): the historical models' blocks are not used (they have lost the old blocks'
    defaults, and drop unknown block types).
    """
    if plan_pages not in ("live", "all"):
        raise ValueError(f"plan_pages is 'live' or 'all', not {plan_pages!r}")
    label = "wagtail_kultursamverkan"
    pages = apps.get_model(label, "StructurePage")
    content = "legacy_content" if "legacy_content" in {f.name for f in pages._meta.get_fields()} else "content"
    [structure_row] = _stored(pages.objects.filter(pk=page_id), (*STRUCTURE_FIELDS, content, "path", "depth"))
    path, depth = structure_row["path"], structure_row["depth"]
    # Wagtail's page tree (treebeard) gives each level four characters of the path.
    regions = _stored(apps.get_model(label, "RegionIndexPage").objects.filter(path=path[:-4]), REGION_FIELDS)
    plans = apps.get_model(label, "PlanPage").objects.filter(path__startswith=path, depth=depth + 1)
    if plan_pages == "live":
        restricted = apps.get_model("wagtailcore", "PageViewRestriction").objects.values("page_id")
        plans = plans.filter(live=True).exclude(pk__in=restricted)
    organisation_ids, person_ids = referenced_snippets(structure_row)
    organisations = apps.get_model(label, "Organisation").objects.filter(pk__in=organisation_ids)
    people = apps.get_model(label, "Person").objects.filter(pk__in=person_ids)
    return PageRows(
        structure=structure_row,
        region=regions[0] if regions else None,
        plans=_stored(plans.order_by("path"), PLAN_FIELDS),
        organisations=_stored(organisations, ORGANISATION_FIELDS),
        people=_stored(people, PERSON_FIELDS),
    )


__all__ = [
    "ORGANISATION_FIELDS",
    "PERSON_FIELDS",
    "PLAN_FIELDS",
    "REGION_FIELDS",
    "STREAMS",
    "STRUCTURE_FIELDS",
    "LegacyDataError",
    "PageRows",
    "organisation_data",
    "page_rows",
    "person_data",
    "plan_data",
    "raw_stream",
    "referenced_snippets",
    "region_data",
    "structure",
    "structure_data",
]
