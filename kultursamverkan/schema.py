"""JSON Schema (draft 2020-12) of the file format, generated from the model.

Generated, not hand-written, so it cannot drift from what the loader accepts. It
is stricter in shape than in meaning: cross-object rules (ids that must exist,
cycles) are only checked by ``kultursamverkan validate``. Editors use it for
completion and inline errors (see the README).
"""

from __future__ import annotations

import enum
import inspect
import types
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs

from . import __version__
from .cadence import CADENCE_KINDS, Cadence
from .model import FORMAT_VERSION, ID_PATTERN, Id, Structure
from .values import LocalizedText, PartialDate

SCHEMA_ID = "https://kultursamverkan.invalid/schema/structure-2.json"
# ASCII digits (Python's \d also matches "٢"), years from 1000, and the end as in model.ID_PATTERN.
_DATE_PATTERN = (
    r"^~?[1-9][0-9]{3}((-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)|-(spring|summer|autumn|winter)|/[0-9]{2})?$(?!\n)"
)
_DATE_HELP = "YYYY, YYYY-MM, YYYY-MM-DD, a season (2021-spring), a split year (2023/24); ~ in front: approximate"


#: Titles in English and Swedish for the keys an editor meets most; JSON Schema has one title, so both go in it.
TITLES: dict[str, str] = {
    "id": "Id",
    "name": "Name / Namn",
    "kind": "Kind / Typ",
    "tier": "Level / Nivå",
    "also_tiers": "Further tiers / Fler nivåer",
    "scope": "Geographic scope / Geografisk omfattning",
    "description": "Description / Beskrivning",
    "purpose": "Purpose / Syfte",
    "participants": "Participants / Deltagare",
    "organisations": "Organisations / Organisationer",
    "seats": "Seats / Platser",
    "appointment": "Appointment / Utseende",
    "target_groups": "Target groups / Målgrupper",
    "chair": "Chair / Ordförande",
    "vice_chair": "Vice chair / Vice ordförande",
    "secretariat": "Secretariat / Sekretariat",
    "rules_of_procedure": "Rules of procedure / Arbetsordning",
    "decision_power": "Decision power / Beslutsmandat",
    "cadence": "Meeting frequency / Mötesfrekvens",
    "meetings": "Meetings / Möten",
    "reporting": "Reporting duty / Rapporteringsskyldighet",
    "mandate": "Mandate / Uppdrag",
    "established": "Established / Inrättad",
    "founded": "Founded by / Inrättad av",
    "dissolved": "Dissolved / Avvecklad",
    "planned_end": "Planned end / Planerat slut",
    "relations": "Relations / Kopplingar",
    "evaluations": "Evaluations / Utvärderingar",
    "history": "History / Historik",
    "provenance": "Sources and as-of date / Källor och aktualitet",
    "not_exhaustive": "Lists that are not exhaustive / Listor som inte är uttömmande",
    "member_of": "Member of / Medlem i",
    "abbreviation": "Abbreviation / Förkortning",
    "alternative_names": "Alternative names / Andra namn",
    "identifiers": "Identifiers / Identifierare",
    "joined": "Joined the cooperation model / Gick med i samverkansmodellen",
    "pilot": "Pilot region / Försöksregion",
    "adopted": "Adopted / Antagen",
    "extended_to": "Extended to / Förlängd till",
    "focus_areas": "Focus areas / Fokusområden",
    "party_status": "Parties' status / Parternas ställning",
    "offered_to_each": "Offered to each / Erbjuds var och en av",
    "implements": "Implements / Genomför",
    "event_series": "Event series / Återkommande evenemang",
    "funding": "Funding / Finansiering",
    "diary_number": "Diary number / Diarienummer",
    "as_of": "As of / Aktuell per",
    "sources": "Sources / Källor",
    "url": "Web address / Webbadress",
}


def _field_comments(cls: type) -> dict[str, str]:
    """The ``#:`` comments above a class's fields: the model's own documentation of them."""
    try:
        lines = inspect.getsource(cls).splitlines()
    except (OSError, TypeError):  # pragma: no cover - classes built at run time
        return {}
    out: dict[str, str] = {}
    pending: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("#:"):
            pending.append(stripped[2:].strip())
            continue
        name = stripped.split(":", 1)[0]
        if pending and name.isidentifier():
            out[name] = " ".join(pending)
        pending = []
    return out


def _doc(cls: type) -> str | None:
    doc = inspect.getdoc(cls)
    return doc.split("\n\n")[0].replace("\n", " ") if doc else None


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder against recursion
            self.defs[name] = self.object(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object(self, cls: type, *, tag: str | None = None) -> dict[str, Any]:
        hints = get_type_hints(cls)
        props: dict[str, Any] = {}
        required: list[str] = []
        if tag is not None:
            props["kind"] = {"const": tag}
            required.append("kind")
        comments = _field_comments(cls)
        for field in attrs.fields(cls):
            props[field.name] = self.type(hints[field.name])
            if field.name in comments:
                # Beside a $ref, a description is allowed in 2020-12 and shows in editors' completion.
                props[field.name] = {**props[field.name], "description": comments[field.name]}
            if field.name in TITLES:
                props[field.name]["title"] = TITLES[field.name]
            if field.default is attrs.NOTHING:
                required.append(field.name)
            # attrs' stubs declare Factory a function; at run time it is the class of factory defaults.
            elif not isinstance(field.default, attrs.Factory) and field.default not in (None, ()):  # type: ignore[arg-type]
                value = field.default.value if isinstance(field.default, enum.Enum) else field.default
                props[field.name]["default"] = value
        schema: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
        if required:
            schema["required"] = required
        if doc := _doc(cls):
            schema["description"] = doc
        if cls is LocalizedText:
            schema["minProperties"] = 1
        return schema

    def type(self, t: Any) -> dict[str, Any]:
        if t is Id:
            return {"type": "string", "pattern": ID_PATTERN}
        if t is str:
            return {"type": "string"}
        if t is bool:
            return {"type": "boolean"}
        if t is int:
            return {"type": "integer"}
        if t is PartialDate:
            return {"type": "string", "pattern": _DATE_PATTERN, "description": _DATE_HELP}
        if isinstance(t, type) and issubclass(t, enum.Enum):
            name = t.__name__
            if name not in self.defs:
                self.defs[name] = {"type": "string", "enum": [m.value for m in t]}
                if doc := _doc(t):
                    self.defs[name]["description"] = doc
            return {"$ref": f"#/$defs/{name}"}
        origin = get_origin(t)
        if origin in (Union, types.UnionType):
            args = [a for a in get_args(t) if a is not type(None)]
            if set(args) == set(get_args(Cadence)):
                return self.cadence()
            if len(args) == 1:
                return self.type(args[0])
            return {"anyOf": [self.type(a) for a in args]}
        if origin is tuple:
            item = get_args(t)[0]
            schema: dict[str, Any] = {"type": "array", "items": self.type(item)}
            if (isinstance(item, type) and issubclass(item, enum.Enum)) or item is Id:
                schema["uniqueItems"] = True
            return schema
        if attrs.has(t):
            return self.ref(t)
        raise TypeError(f"no schema for {t!r}")  # pragma: no cover - a model change without a schema rule

    def cadence(self) -> dict[str, Any]:
        if "Cadence" not in self.defs:
            self.defs["Cadence"] = {
                "description": "How often a body meets; 'kind' names the form.",
                "oneOf": [self.object(cls, tag=kind) for kind, cls in CADENCE_KINDS.items()],
            }
        return {"$ref": "#/$defs/Cadence"}


@cache
def _build() -> dict[str, Any]:
    builder = _Builder()
    root = builder.object(Structure)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"kultursamverkan structure (format {FORMAT_VERSION}, library {__version__})",
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a structure file (a fresh copy each call)."""
    import copy

    return copy.deepcopy(_build())
