"""Strict peer models of the file format, generated from our JSON Schema: pydantic v2 and msgspec.

They are the yardstick for loading: the same texts, decoded and checked by the two
fastest strict validators in Python. Generated from ``kultursamverkan.schema`` at run
time, never written by hand, so they follow the format wherever it goes; a schema
keyword this module does not know stops the benchmark (``NoRule``) rather than being
skipped, so a peer can never quietly check less than the schema says.

* pydantic: ``strict=True``, ``extra="forbid"``, ``frozen=True``; read with
  ``model_validate_json`` (pydantic's own JSON parser).
* msgspec: ``forbid_unknown_fields=True``, ``frozen=True``; read with
  ``msgspec.json.decode(text, type=...)``.

Neither checks cross-object rules (references, cycles): those are not in a schema.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable
from typing import Annotated, Any, Literal, Optional, Union

import msgspec
import pydantic
from mutations import discriminator

#: Keywords that only describe (editors show them); they check nothing.
ANNOTATIONS = frozenset(
    {"description", "title", "default", "examples", "$comment", "deprecated", "markdownDescription"}
    | {"$schema", "$id", "$defs"}  # the root's; $defs are read through $ref
)


class NoRule(NotImplementedError):
    """The schema uses a keyword the peers cannot express: extend this module."""


def _check_keys(node: dict[str, Any], known: set[str], where: str) -> None:
    unknown = set(node) - known - ANNOTATIONS
    if unknown:
        raise NoRule(f"{where}: no peer rule for {sorted(unknown)}")


def _py(key: str, i: int) -> str:
    """A Python name for a JSON key: the key itself unless pydantic or Python reserve it (aliases keep the key)."""
    reserved = keyword.iskeyword(key) or key.startswith(("_", "model_")) or hasattr(pydantic.BaseModel, key)
    return key if key.isidentifier() and not reserved else f"f{i}"


def ecma_pattern(pattern: str, *, dollar: str) -> str:
    """A JSON Schema (ECMA-262) pattern for Python's or Rust's engine, meaning the same.

    ECMA's ``\\d`` is ASCII only where theirs take any digit; ECMA's ``$`` ends the text
    where Python's also matches before a final newline (Python's ``\\Z``).
    """
    pattern = pattern.replace(r"\d", "[0-9]").removesuffix(r"(?!\n)")  # "$(?!\n)": Python's spelling of "$"
    return pattern[:-1] + dollar if pattern.endswith("$") and not pattern.endswith(r"\$") else pattern


def _unique(items: tuple) -> tuple:
    seen = []
    for item in items:
        if item in seen:
            raise ValueError("items are not unique")
        seen.append(item)
    return items


class _Generator:
    """Shared walk over the schema; subclasses say how each construct is written."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.defs: dict[str, Any] = schema.get("$defs", {})
        self.built: dict[str, Any] = {}

    def ref(self, ref: str) -> Any:
        if not ref.startswith("#/$defs/"):
            raise NoRule(f"$ref {ref!r}: only local #/$defs/ references")
        name = ref.removeprefix("#/$defs/")
        if name not in self.built:
            self.built[name] = None  # recursion guard
            self.built[name] = self.type(self.defs[name], name)
        if self.built[name] is None:
            raise NoRule(f"{name}: recursive definitions")
        return self.built[name]

    def type(self, node: dict[str, Any], name: str) -> Any:
        if "$ref" in node:
            _check_keys(node, {"$ref"}, name)
            return self.ref(node["$ref"])
        if "const" in node:
            _check_keys(node, {"const"}, name)
            return Literal[node["const"]]
        if "enum" in node:
            _check_keys(node, {"enum", "type"}, name)
            return Literal[tuple(node["enum"])]
        if "anyOf" in node:
            _check_keys(node, {"anyOf"}, name)
            return Union[tuple(self.type(b, f"{name}{i}") for i, b in enumerate(node["anyOf"]))]
        if "oneOf" in node:
            _check_keys(node, {"oneOf"}, name)
            return self.one_of(node["oneOf"], name)
        kind = node.get("type")
        if isinstance(kind, list):
            _check_keys(node, {"type"}, name)
            types = [self.type({"type": k}, name) for k in kind if k != "null"]
            union = Union[tuple(types)] if len(types) > 1 else types[0]
            return Optional[union] if "null" in kind else union  # noqa: UP045
        if kind == "object":
            _check_keys(node, {"type", "properties", "required", "additionalProperties", "minProperties"}, name)
            if node.get("additionalProperties", True) is not False:
                raise NoRule(f"{name}: objects must forbid additional properties")
            return self.object(node, name)
        if kind == "array":
            _check_keys(node, {"type", "items", "uniqueItems", "minItems", "maxItems"}, name)
            return self.array(node, self.type(node["items"], f"{name}Item"))
        if kind == "string":
            _check_keys(node, {"type", "pattern", "minLength", "maxLength", "format"}, name)
            if "format" in node and node["format"] not in ("uri", "date"):
                raise NoRule(f"{name}: string format {node['format']!r}")
            return self.scalar(str, node)
        if kind == "integer":
            _check_keys(node, {"type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}, name)
            return self.scalar(int, node)
        if kind == "boolean":
            _check_keys(node, {"type"}, name)
            return bool
        if kind == "null":
            return type(None)
        raise NoRule(f"{name}: no peer rule for {node}")

    def fields(self, node: dict[str, Any], name: str) -> list[tuple[str, str, Any, bool]]:
        required = set(node.get("required", ()))
        return [
            (_py(key, i), key, self.type(sub, f"{name}_{key}"), key in required)
            for i, (key, sub) in enumerate(node.get("properties", {}).items())
        ]

    # What each library writes for a construct.
    def object(self, node: dict[str, Any], name: str) -> Any:
        raise NotImplementedError

    def one_of(self, branches: list[dict[str, Any]], name: str) -> Any:
        raise NotImplementedError

    def array(self, node: dict[str, Any], item: Any) -> Any:
        raise NotImplementedError

    def scalar(self, base: type, node: dict[str, Any]) -> Any:
        raise NotImplementedError


def _min_properties(count: int) -> Callable[[Any], Any]:
    def check(self: Any) -> Any:
        if len(self.model_fields_set) < count:
            raise ValueError(f"at least {count} properties")
        return self

    return check


class _Pydantic(_Generator):
    config = pydantic.ConfigDict(strict=True, extra="forbid", frozen=True, validate_by_alias=True)

    def object(self, node: dict[str, Any], name: str) -> Any:
        fields: dict[str, Any] = {}
        for py, key, annotation, required in self.fields(node, name):
            default = ... if required else None
            fields[py] = (annotation, pydantic.Field(default, alias=key))
        validators = {}
        if "minProperties" in node:
            check = _min_properties(node["minProperties"])
            validators["min_properties"] = pydantic.model_validator(mode="after")(check)
        return pydantic.create_model(name, __config__=self.config, __validators__=validators, **fields)

    def one_of(self, branches: list[dict[str, Any]], name: str) -> Any:
        tag = discriminator(branches)
        types = tuple(self.type(b, f"{name}{i}") for i, b in enumerate(branches))
        if tag is None:
            raise NoRule(f"{name}: oneOf without a const-tagged property")
        python_name = _py(tag, list(branches[0]["properties"]).index(tag))
        return Annotated[Union[types], pydantic.Field(discriminator=python_name)]

    def array(self, node: dict[str, Any], item: Any) -> Any:
        constraints: list[Any] = []
        if "minItems" in node or "maxItems" in node:
            constraints.append(pydantic.Field(min_length=node.get("minItems"), max_length=node.get("maxItems")))
        if node.get("uniqueItems"):
            constraints.append(pydantic.AfterValidator(_unique))
        return Annotated[(tuple[item, ...], *constraints)] if constraints else tuple[item, ...]

    def scalar(self, base: type, node: dict[str, Any]) -> Any:
        if base is str:
            pattern = ecma_pattern(node["pattern"], dollar="$") if "pattern" in node else None
            c = pydantic.StringConstraints(
                pattern=pattern, min_length=node.get("minLength"), max_length=node.get("maxLength")
            )
            return Annotated[str, c] if any(k in node for k in ("pattern", "minLength", "maxLength")) else str
        bounds = {
            "ge": node.get("minimum"),
            "le": node.get("maximum"),
            "gt": node.get("exclusiveMinimum"),
            "lt": node.get("exclusiveMaximum"),
        }
        bounds = {k: v for k, v in bounds.items() if v is not None}
        return Annotated[int, pydantic.Field(**bounds)] if bounds else int


class _Msgspec(_Generator):
    def object(self, node: dict[str, Any], name: str, tag: tuple[str, str] | None = None) -> Any:
        fields = []
        rename = {}
        unique = []
        for py, key, annotation, required in self.fields(node, name):
            if tag is not None and key == tag[0]:
                continue  # msgspec reads the tag itself
            fields.append((py, annotation) if required else (py, annotation, None))
            rename[py] = key
            if node["properties"][key].get("uniqueItems"):
                unique.append(py)
        fields.sort(key=lambda f: len(f) == 3)  # required first
        namespace = {"__post_init__": _post_init(tuple(unique), node.get("minProperties"), tuple(rename))}
        options: dict[str, Any] = {}
        if tag is not None:
            options = {"tag_field": tag[0], "tag": tag[1]}
        return msgspec.defstruct(
            name,
            fields,
            frozen=True,
            forbid_unknown_fields=True,
            kw_only=True,
            rename=rename,
            namespace=namespace,
            **options,
        )

    def one_of(self, branches: list[dict[str, Any]], name: str) -> Any:
        tag = discriminator(branches)
        if tag is None:
            raise NoRule(f"{name}: oneOf without a const-tagged property")
        types = []
        for i, branch in enumerate(branches):
            _check_keys(branch, {"type", "properties", "required", "additionalProperties", "minProperties"}, name)
            types.append(self.object(branch, f"{name}{i}", tag=(tag, branch["properties"][tag]["const"])))
        return Union[tuple(types)]

    def array(self, node: dict[str, Any], item: Any) -> Any:
        meta = {"min_length": node.get("minItems"), "max_length": node.get("maxItems")}
        meta = {k: v for k, v in meta.items() if v is not None}
        return Annotated[tuple[item, ...], msgspec.Meta(**meta)] if meta else tuple[item, ...]

    def scalar(self, base: type, node: dict[str, Any]) -> Any:
        names = {
            "pattern": "pattern",
            "minLength": "min_length",
            "maxLength": "max_length",
            "minimum": "ge",
            "maximum": "le",
            "exclusiveMinimum": "gt",
            "exclusiveMaximum": "lt",
        }
        meta = {names[k]: v for k, v in node.items() if k in names}
        if "pattern" in meta:
            meta["pattern"] = ecma_pattern(meta["pattern"], dollar=r"\Z")
        return Annotated[base, msgspec.Meta(**meta)] if meta else base


def _post_init(unique: tuple[str, ...], min_properties: int | None, names: tuple[str, ...]) -> Callable[[Any], None]:
    """What msgspec has no keyword for: ``uniqueItems`` and ``minProperties``."""

    def post_init(self: Any) -> None:
        for name in unique:
            _unique(getattr(self, name) or ())
        if min_properties is not None and sum(getattr(self, n) is not None for n in names) < min_properties:
            raise ValueError(f"at least {min_properties} properties")

    return post_init


class Peers:
    """Both peers for one schema: ``pydantic(text)`` and ``msgspec(text)`` load or raise."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.pydantic_model = _Pydantic(schema).type(schema, "Structure")
        self.msgspec_type = _Msgspec(schema).type(schema, "Structure")
        self._msgspec_decoder = msgspec.json.Decoder(self.msgspec_type)
        self._pydantic_validate = self.pydantic_model.model_validate_json

    def pydantic(self, text: str) -> Any:
        return self._pydantic_validate(text)

    def msgspec(self, text: str) -> Any:
        return self._msgspec_decoder.decode(text)

    def accepts(self) -> dict[str, Callable[[str], bool]]:
        return {"pydantic": _accepts(self.pydantic), "msgspec": _accepts(self.msgspec)}


def _accepts(load: Callable[[str], Any]) -> Callable[[str], bool]:
    def accepts(text: str) -> bool:
        try:
            load(text)
        except (pydantic.ValidationError, msgspec.ValidationError, msgspec.DecodeError):
            return False
        return True

    return accepts
