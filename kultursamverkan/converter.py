"""The one place where plain data (dicts, lists, str, int, bool) becomes model objects and back.

Rules, the same for YAML, JSON and TOML:

* Strict: unknown keys are errors and nothing is coerced. ``3`` is not a string,
  ``"3"`` is not an integer, ``1`` is not ``true``, and a string is not a list.
* ``null`` is refused everywhere: an optional key is left out, not written empty.
  The JSON Schema (the published contract) says so, and a file one accepts the
  other must accept (``tests/test_null.py``).
* Dates are strings (``"2017"``, ``"2017-05"``, ``"2017-05-15"``). Two other
  spellings mean exactly the same and are accepted: a bare four-digit year
  (``established: 2017``, which YAML and JSON read as a number) and TOML's native
  local date. Dumping always writes strings.
* A cadence is a mapping tagged by ``kind``.
* Dumping leaves out every value that equals its default, so files stay short.

Loading tries ``fastpath`` first: code generated from the model that checks and
builds in one pass and only says "valid" or "not". Only when it fails does the
detailed converter run again to collect every problem with its path, so errors are
as precise as ever and valid files cost little more than parsing them. Two cattrs
converters are built from the same hooks: the detailed one, and a fast one that
dumps and reads what a partly broken file still holds (``partial``).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import difflib
import types
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from . import fastpath
from .cadence import CADENCE_KINDS, Cadence
from .errors import KINDS, Path, Rule, got
from .model import ID_RE, Id, Structure
from .values import LocalizedText, PartialDate
from .vocab import Vocabulary


def _strict(expected: type, kind: str) -> Callable[[Any, Any], Any]:
    expected_kind = KINDS[kind]  # fails at import, not on the first wrong value

    def structure(value: Any, _type: Any) -> Any:
        if value.__class__ is expected:
            return value
        raise Rule("wrong_type", expected=expected_kind, got=got(value))

    return structure


def _structure_id(value: Any, _type: Any) -> str:
    if value.__class__ is not str:
        raise Rule("wrong_type", expected=KINDS["id"], got=got(value))
    if not ID_RE.fullmatch(value):
        raise Rule("invalid_id", value=repr(value))
    return value


def _structure_date(value: Any, _type: Any) -> PartialDate:
    if value.__class__ is str:
        return PartialDate.parse(value)
    if value.__class__ is _dt.date:  # a TOML local date
        return PartialDate.from_date(value)
    if value.__class__ is int and 1000 <= value <= 9999:  # a bare year: `established: 2017`
        return PartialDate(year=value)
    raise Rule("wrong_type", expected=KINDS["date_string"], got=got(value))


@cache
def _members(cls: type[Vocabulary]) -> dict[str, Vocabulary]:
    return {m.value: m for m in cls}


def _structure_vocabulary(value: Any, cls: type[Vocabulary]) -> Vocabulary:
    members = _members(cls)
    if value.__class__ is str:
        member = members.get(value)
        if member is not None:
            return member
    elif value.__class__ is cls:
        return value
    raise _not_one_of("not_one_of", list(members), value)


def _not_one_of(code: str, allowed: list[str], value: Any) -> Rule:
    """The rule for a value not among ``allowed``, with the closest one suggested when there is one."""
    close = difflib.get_close_matches(value, allowed, n=1) if value.__class__ is str else []
    if close:
        return Rule(f"{code}_suggest", allowed=", ".join(allowed), got=got(value), close=close[0])
    return Rule(code, allowed=", ".join(allowed), got=got(value))


def _unstructure_vocabulary(value: Vocabulary) -> str:
    return value.value


def _is_seq(t: Any) -> bool:
    return get_origin(t) is tuple and len(get_args(t)) == 2 and get_args(t)[1] is Ellipsis


def _seq_factory(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], tuple]]:
    def factory(t: Any) -> Callable[[Any, Any], tuple]:
        inner = homogenous_tuple_structure_factory(t, converter)

        def structure(value: Any, _type: Any) -> tuple:
            if value.__class__ is not list:
                raise Rule("wrong_type", expected=KINDS["list"], got=got(value))
            return inner(value, _type)

        return structure

    return factory


def _attrs_factory(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    def factory(cls: type) -> Callable[[Any, Any], Any]:
        inner: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)

        def structure(value: Any, _type: Any) -> Any:
            if value.__class__ is not dict:
                raise Rule("wrong_type", expected=KINDS["dict"], got=got(value))
            return inner(value, _type)

        return structure

    return factory


_CADENCE_FORMS = frozenset(get_args(Cadence))


def _is_cadence(t: Any) -> bool:
    """``Cadence`` itself or ``Cadence | None``."""
    if get_origin(t) is not Union:
        return False
    return {a for a in get_args(t) if a is not type(None)} == _CADENCE_FORMS


def _structure_cadence(converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    kinds = ", ".join(CADENCE_KINDS)

    def structure(value: Any, _type: Any) -> Any:
        if value.__class__ is not dict:
            raise Rule("wrong_type", expected=KINDS["cadence"], got=got(value))
        kind = value.get("kind")
        cls = CADENCE_KINDS.get(kind) if kind.__class__ is str else None
        if cls is None:
            if kind is None:
                raise Rule("no_cadence_kind", allowed=kinds)
            raise _not_one_of("cadence_kind", list(CADENCE_KINDS), kind)
        rest = {k: v for k, v in value.items() if k != "kind"}
        return converter.structure(rest, cls)

    return structure


def _unstructure_attrs(converter: cattrs.Converter) -> Callable[[type], Callable[[Any], dict]]:
    def factory(cls: type) -> Callable[[Any], dict]:
        inner: Callable[[Any], dict] = make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True)
        kind = CADENCE_KINDS.get(getattr(cls, "kind", ""))
        if kind is cls:
            return lambda obj: {"kind": cls.kind, **inner(obj)}  # type: ignore[attr-defined]
        return inner

    return factory


def _is_optional(t: Any) -> bool:
    args = get_args(t)
    return get_origin(t) in (Union, types.UnionType) and len(args) == 2 and type(None) in args


def _optional_factory(converter: cattrs.Converter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    """``X | None`` with X's hook looked up once, not on every value as cattrs does."""

    def factory(t: Any) -> Callable[[Any, Any], Any]:
        inner_type = next(a for a in get_args(t) if a is not type(None))
        inner = converter.get_structure_hook(inner_type)

        def structure(value: Any, _type: Any) -> Any:
            if value is None:
                raise _null(inner_type)
            return inner(value, inner_type)

        return structure

    return factory


def _null(t: Any) -> Rule:
    """The rule for ``null`` where a value of type ``t`` may stand, or the key be left out.

    The JSON Schema, the format's published contract, allows no null anywhere: an
    optional key is left out, not written empty. The loader agrees with it (YAML's
    ``key:`` with nothing after it is null too), so a file that one accepts the other does.
    """
    if isinstance(t, type) and issubclass(t, Vocabulary):
        return _not_one_of("not_one_of", list(_members(t)), None)
    kind = "dict" if attrs.has(t) and t is not PartialDate else _NULL_KINDS.get(t, "str")
    return Rule("wrong_type", expected=KINDS[kind], got=got(None))


_NULL_KINDS: dict[Any, str] = {str: "str", Id: "id", int: "int", bool: "bool", PartialDate: "date_string"}


_TEXT_KEYS = frozenset(("sv", "en"))


def _fast_localized(value: Any, _type: Any) -> LocalizedText:
    """The hottest class, structured by hand; any failure is re-run by the detailed converter."""
    if value.__class__ is not dict or not value.keys() <= _TEXT_KEYS:
        raise ValueError("not localised text")
    sv, en = value.get("sv"), value.get("en")
    if (sv is not None and sv.__class__ is not str) or (en is not None and en.__class__ is not str):
        raise ValueError("not a string")
    if len(value) != (sv is not None) + (en is not None):
        raise ValueError("null")  # refused, as everywhere
    return LocalizedText(sv=sv, en=en)


def _make(detailed: bool) -> cattrs.Converter:
    """Build a converter. The fast one (``detailed=False``) may fail with any exception;
    it is never trusted for messages. It leans on the model's own attrs validators for
    rules that the detailed one checks field by field (id form)."""
    c = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    # cattrs' own hook for str is str(value): replace it. The vocabularies subclass
    # str, so they get a more specific hook of their own.
    c.register_structure_hook(str, _strict(str, "str"))
    c.register_structure_hook(int, _strict(int, "int"))
    c.register_structure_hook(bool, _strict(bool, "bool"))
    c.register_structure_hook(Vocabulary, _structure_vocabulary)
    c.register_unstructure_hook(Vocabulary, _unstructure_vocabulary)
    c.register_structure_hook_func(lambda t: t is Id, _structure_id if detailed else _strict(str, "id"))
    c.register_structure_hook(PartialDate, _structure_date)
    c.register_unstructure_hook(PartialDate, PartialDate.isoformat)
    cadence_hook = _structure_cadence(c)
    c.register_structure_hook_func(_is_cadence, cadence_hook)
    c.register_structure_hook_factory(_is_seq, _seq_factory(c))
    if detailed:
        c.register_structure_hook_factory(attrs.has, _attrs_factory(c))
    else:
        # A non-mapping makes the generated code fail anyway, so the type check is skipped.
        c.register_structure_hook_factory(
            attrs.has, lambda cls: make_dict_structure_fn(cls, c, _cattrs_forbid_extra_keys=True)
        )
        c.register_structure_hook(LocalizedText, _fast_localized)
    c.register_structure_hook_factory(_is_optional, _optional_factory(c))
    c.register_unstructure_hook_factory(attrs.has, _unstructure_attrs(c))
    return c


FAST = _make(detailed=False)
DETAILED = _make(detailed=True)


def unstructure(obj: Any) -> Any:
    """Model object to plain data (dicts, lists, str, int, bool)."""
    return FAST.unstructure(obj)


#: A problem found while structuring: where, which rule, and the rule's parameters.
Found = tuple[Path, str, dict[str, Any]]


def _walk(exc: BaseException, path: Path) -> Iterator[Found]:
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            if isinstance(note, AttributeValidationNote):
                yield from _walk(sub, (*path, note.name))
            elif isinstance(note, IterableValidationNote):
                yield from _walk(sub, (*path, note.index))
        for sub in without:
            yield from _walk(sub, path)
    elif isinstance(exc, ForbiddenExtraKeysError):
        allowed = [a.name for a in attrs.fields(exc.cl)]
        if CADENCE_KINDS.get(str(getattr(exc.cl, "kind", ""))) is exc.cl:
            allowed.insert(0, "kind")
        for key in sorted(exc.extra_fields):
            close = difflib.get_close_matches(key, allowed, n=1)
            params: dict[str, Any] = {"allowed": ", ".join(allowed)}
            if close:
                yield (*path, key), "unknown_key_suggest", {**params, "close": close[0]}
            else:
                yield (*path, key), "unknown_key", params
    elif isinstance(exc, Rule):
        yield ((*path, exc.field) if exc.field else path), exc.code, exc.params
    elif isinstance(exc, KeyError):
        yield path, "missing_key", {}
    elif len(exc.args) >= 2 and isinstance(exc.args[1], attrs.Attribute):
        # An attrs validator of attrs' own (message, attribute, ...): point at the attribute.
        yield (*path, exc.args[1].name), "invalid", {"detail": str(exc.args[0])}
    else:
        yield path, "invalid", {"detail": str(exc) or exc.__class__.__name__}


def structure_problems(data: Any, cls: type = Structure) -> list[Found]:
    """Structure ``data`` with the detailed converter and list every problem with its path."""
    try:
        DETAILED.structure(data, cls)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a located problem
        return list(_walk(exc, ()))
    return []


@cache
def _fast_hook(cls: type) -> Callable[[Any, Any], Any]:
    return FAST.get_structure_hook(cls)


def structure(data: Any, cls: type = Structure) -> Any:
    """Plain data to a model object; raises ``StructureFailed`` with every problem on failure.

    The generated fast path (``fastpath``) builds valid data; any failure there is
    retried by the detailed converter, which locates every problem.
    """
    with contextlib.suppress(Exception):  # any failure is retried in detail below
        return fastpath.builder(cls)(data)
    problems = structure_problems(data, cls)
    if not problems:  # pragma: no cover - the fast path failed where the detailed one did not
        problems = [((), "invalid", {"detail": "the data could not be read"})]
    raise StructureFailed(problems)


def _quiet(value: Any, cls: Any) -> Any:
    """``value`` structured as ``cls``, or ``_FAILED``."""
    try:
        return _fast_hook(cls)(value, cls)
    except Exception:  # noqa: BLE001 - the detailed converter reports why
        return _FAILED


_FAILED = object()


@attrs.frozen
class Partial:
    """What parsed of a structure that did not: enough to check references across objects.

    ``structure`` holds every top-level object that parsed (placeholders where a
    required value did not); ``indexes[collection][i]`` is the position in the file
    of ``structure.<collection>[i]``; ``unparsed_ids`` are ids of objects that did not
    parse, so references to them are not reported as dangling.
    """

    structure: Structure
    indexes: dict[str, list[int]]
    unparsed_ids: frozenset[str]


_PLACEHOLDERS: dict[str, Any] = {
    "id": "unparsed",
    "name": LocalizedText(sv="?"),
    "as_of": PartialDate(year=2000),
}


def partial(data: dict[str, Any]) -> Partial:
    """Structure what can be structured of ``data``, item by item (see ``Partial``)."""
    from .model import Region

    values: dict[str, Any] = {}
    indexes: dict[str, list[int]] = {}
    unparsed: set[str] = set()
    hints = attrs.resolve_types(Structure)
    for field in attrs.fields(hints):
        raw = data.get(field.name, _FAILED)
        if _is_seq(field.type) and attrs.has(get_args(field.type)[0]):
            inner = get_args(field.type)[0]
            items, where = [], []
            for i, item in enumerate(raw if raw.__class__ is list else ()):
                value = _quiet(item, inner)
                if value is _FAILED:
                    if item.__class__ is dict and item.get("id").__class__ is str and ID_RE.fullmatch(item["id"]):
                        unparsed.add(item["id"])
                    continue
                items.append(value)
                where.append(i)
            values[field.name], indexes[field.name] = tuple(items), where
            continue
        value = _FAILED if raw is _FAILED else _quiet(raw, field.type)
        if value is not _FAILED:
            values[field.name] = value
        elif field.name == "region":
            raw_id = raw.get("id") if raw.__class__ is dict else None
            if raw_id.__class__ is str and ID_RE.fullmatch(raw_id):
                unparsed.add(raw_id)
            values["region"] = Region(id=Id("unparsed-region"), name=LocalizedText(sv="?"))
        elif field.name in _PLACEHOLDERS:
            values[field.name] = _PLACEHOLDERS[field.name]
    values.pop("format_version", None)
    return Partial(structure=Structure(**values), indexes=indexes, unparsed_ids=frozenset(unparsed))


class StructureFailed(Exception):
    """The located problems of ``structure``: the loader adds file and line; the plugin's blocks
    catch it to show a draft's data as far as it goes."""

    def __init__(self, problems: list[Found]) -> None:
        super().__init__(problems)
        self.problems = problems
