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
from .model import ID_PATTERN, Id, Structure
from .values import LocalizedText, PartialDate

SCHEMA_ID = "https://kultursamverkan.invalid/schema/structure-1.json"
# ASCII digits (Python's \d also matches "٢"), years from 1000, and the end as in model.ID_PATTERN.
_DATE_PATTERN = r"^[1-9][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$(?!\n)"


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
        for field in attrs.fields(cls):
            props[field.name] = self.type(hints[field.name])
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
            return {"type": "string", "pattern": _DATE_PATTERN, "description": "YYYY, YYYY-MM or YYYY-MM-DD"}
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
        "title": f"kultursamverkan structure (format 1, library {__version__})",
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a structure file (a fresh copy each call)."""
    import copy

    return copy.deepcopy(_build())
