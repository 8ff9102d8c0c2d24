"""The fast path of structuring: plain data to model objects with every check inlined, or ``Fail``.

Generated per model class, from its attrs fields and type hints, as straight-line
Python (the way cattrs generates its hooks, but leaner): each field's type test
inline, vocabularies by dictionary lookup, ids by one ``fullmatch``, and the frozen
object built by setting its slots directly, not through ``__init__`` and its
per-field validator calls. The validators the inline tests already cover (id form,
repeated ids or vocabulary values) are not called again, a few are written out as
tests (``_AS_TESTS``); any other validator is called, and ``__attrs_post_init__``
runs, so the built object has passed every rule the model states.

It answers only "valid, here are the objects" or ``Fail``: it never explains. On
any failure the converter runs its detailed path over the same data, which finds
and locates every problem. A type the generator does not know makes its class use
the detailed converter's hook (correct, only slower), so a model change can make
loading slower but never laxer.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs

from .cadence import CADENCE_KINDS, Cadence, _months, _seasons, positive
from .model import _PARTY, ID_RE, Id, _check_id, _check_ids, _check_name, _check_party, _unique
from .values import PartialDate
from .vocab import Vocabulary


class Fail(Exception):
    """The data is not valid (or not in a form the fast path knows); the detailed path says why."""


#: Validators the generated tests already perform.
_INLINED: dict[Any, str] = {_check_id: "id", _check_ids: "ids", _unique: "unique"}
#: Validators written out as a test on a present value, true when the validator refuses it
#: (``{0}``: the value, ``{1}``: a name for the third item); ``tests/test_fastpath.py`` holds each to its validator.
_AS_TESTS: dict[Any, tuple[str, Any]] = {
    positive: ("{0} < 1", None),
    _check_name: ("not {0} or {0}.isspace()", None),  # ``not {0}.strip()`` without a copy
    _check_party: ("{1}({0}) is None", _PARTY.fullmatch),
}
#: Validators that pass an empty value, called only for one that is not (the common case: none given).
_PASS_EMPTY = frozenset({_months, _seasons})


def _members(cls: type[Vocabulary]) -> dict[str, Vocabulary]:
    return {m.value: m for m in cls}


class _Source:
    """The text of one generated function and the names it refers to."""

    def __init__(self) -> None:
        self.names: dict[str, Any] = {"Fail": Fail, "ID": ID_RE.fullmatch}
        self.lines: list[str] = []

    def name(self, prefix: str, value: Any) -> str:
        for key, known in self.names.items():
            if known is value and key.startswith(prefix):
                return key
        key = f"{prefix}{len(self.names)}"
        self.names[key] = value
        return key

    def emit(self, line: str) -> None:
        self.lines.append(line)


def _convert(src: _Source, t: Any, var: str, pad: str) -> None:
    """Emit code that checks ``var`` as type ``t`` and replaces it with its structured value."""
    if t is str:
        src.emit(f"{pad}if {var}.__class__ is not str: raise Fail")
    elif t is Id:
        src.emit(f"{pad}if {var}.__class__ is not str or ID({var}) is None: raise Fail")
    elif t is bool:
        src.emit(f"{pad}if {var}.__class__ is not bool: raise Fail")
    elif t is int:
        src.emit(f"{pad}if {var}.__class__ is not int: raise Fail")
    elif isinstance(t, type) and issubclass(t, Vocabulary):
        members = src.name("M", _members(t))
        src.emit(f"{pad}if {var}.__class__ is not str: raise Fail")
        src.emit(f"{pad}{var} = {members}.get({var})")
        src.emit(f"{pad}if {var} is None: raise Fail")
    elif t is PartialDate:
        src.emit(f"{pad}{var} = {src.name('D', _date)}({var})")
    elif _is_cadence(t):
        src.emit(f"{pad}{var} = {src.name('C', _cadence)}({var}, c)")
    elif get_origin(t) in (Union, types.UnionType):
        args = [a for a in get_args(t) if a is not type(None)]
        if len(args) != 1 or len(get_args(t)) != 2:
            raise TypeError(f"no fast rule for {t!r}")
        _convert(src, args[0], var, pad)  # null is refused, as everywhere in the format
    elif get_origin(t) is tuple and len(get_args(t)) == 2 and get_args(t)[1] is Ellipsis:
        item = get_args(t)[0]
        src.emit(f"{pad}if {var}.__class__ is not list: raise Fail")
        if attrs.has(item) and item is not PartialDate:  # a date is a string in files
            # A comprehension, not ``map``: a call from Python code to a Python function enters it
            # without a new C frame (from Python 3.11 on), which ``map`` cannot.
            src.emit(f"{pad}{var} = tuple([{src.name('B', counting_builder(item))}(x, c) for x in {var}])")
        elif isinstance(item, type) and issubclass(item, Vocabulary):
            # In C: every item a str (or already the member), each a member's value.
            classes = src.name("Y", frozenset((str, item)).issuperset)
            src.emit(f"{pad}if not {classes}(map(type, {var})): raise Fail")
            src.emit(f"{pad}{var} = tuple(map({src.name('M', _members(item))}.get, {var}))")
            src.emit(f"{pad}if None in {var}: raise Fail")
        elif item in _CHECK_ONLY:
            src.emit(f"{pad}for x in {var}:")
            _convert(src, item, "x", pad + "    ")
            src.emit(f"{pad}{var} = tuple({var})")
        else:
            src.emit(f"{pad}{var} = tuple([{src.name('F', _item_fn(item))}(x, c) for x in {var}])")
    elif attrs.has(t):
        src.emit(f"{pad}{var} = {src.name('B', counting_builder(t))}({var}, c)")
    else:
        raise TypeError(f"no fast rule for {t!r}")


#: Types whose structured value is the plain value itself: converting them only checks.
_CHECK_ONLY = (str, Id, bool, int)


@cache
def _item_fn(t: Any) -> Callable[[Any, list[int]], Any]:
    src = _Source()
    src.emit("def f(x, c):")
    _convert(src, t, "x", "    ")
    src.emit("    return x")
    return _compile(src, "f", repr(t))


def _date(value: Any) -> PartialDate:
    cls = value.__class__
    if cls is str:
        return PartialDate.parse(value)
    if cls is int and 1000 <= value <= 9999:  # a bare year: `established: 2017`
        return PartialDate(year=value)
    # A TOML local date, and every wrong value, go the converter's own way.
    from .converter import _structure_date

    return _structure_date(value, PartialDate)


_CADENCE_FORMS = frozenset(get_args(Cadence))


def _is_cadence(t: Any) -> bool:
    return get_origin(t) is Union and {a for a in get_args(t) if a is not type(None)} == _CADENCE_FORMS


def _cadence(value: Any, counts: list[int]) -> Any:
    if value.__class__ is not dict:
        raise Fail
    kind = value.get("kind")
    build = _CADENCE_BUILDERS.get(kind)
    if build is None:
        cls = CADENCE_KINDS.get(kind) if kind.__class__ is str else None
        if cls is None:
            raise Fail
        build = _CADENCE_BUILDERS[kind] = counting_builder(cls, tagged=True)
    return build(value, counts)


_CADENCE_BUILDERS: dict[Any, Callable[[Any, list[int]], Any]] = {}


def _compile(src: _Source, name: str, label: str) -> Callable[..., Any]:
    """The function ``name`` of the source; ``label`` names it in tracebacks and profiles."""
    namespace = dict(src.names)
    code = compile("\n".join(src.lines), f"<fastpath {label}>", "exec")
    exec(code, namespace)  # noqa: S102 - code generated from the model's own classes
    return namespace[name]


@cache
def builder(cls: type) -> Callable[[Any], Any]:
    """A function from a mapping to a ``cls`` that raises ``Fail`` unless the mapping is valid."""
    build = counting_builder(cls)

    def one(data: Any) -> Any:
        return build(data, [])

    return one


#: Added to the tally by a class built by the detailed converter, which does not count keys.
UNCOUNTED = -(1 << 62)


@cache
def counting_builder(cls: type, *, tagged: bool = False) -> Callable[[Any, list[int]], Any]:
    """``builder``'s function, which also appends to ``counts`` the number of keys of every mapping it read.

    The tally lets the loader test a JSON text for repeated keys without a hook on
    every object (``io._quick_json``): ``sum(counts)`` is the number of distinct keys
    read. ``tagged``: the mapping also carries ``kind`` (a cadence form), which names
    the class.
    """
    try:
        return _generate(cls, tagged)
    except TypeError:  # a type the generator does not know: the detailed converter's own hook
        from .converter import DETAILED

        hook = DETAILED.get_structure_hook(cls)

        def fallback(value: Any, counts: list[int]) -> Any:
            counts.append(UNCOUNTED)  # keys here are not counted: no tally can match
            if tagged and value.__class__ is dict:
                value = {k: v for k, v in value.items() if k != "kind"}
            try:
                return hook(value, cls)
            except Exception as exc:  # the detailed path reports it
                raise Fail from exc

        return fallback


def _generate(cls: type, tagged: bool) -> Callable[[Any, list[int]], Any]:
    fields = attrs.fields(cls)
    hints = get_type_hints(cls)
    src = _Source()
    # Keys are checked by counting: every required key is read with ``d[key]``, every
    # optional one that is present (not None) adds one, so ``n == len(d)`` holds exactly
    # when the mapping has no unknown key and no null (the schema allows neither).
    required = sum(1 for f in fields if f.default is attrs.NOTHING) + (1 if tagged else 0)
    src.emit("def build(d, c):")
    src.emit("    if d.__class__ is not dict: raise Fail")
    src.emit("    g = d.get")
    src.emit(f"    n = {required}")
    checks: list[str] = []
    for i, field in enumerate(fields):
        if field.converter is not None or not field.init or field.alias != field.name:
            raise TypeError(f"{cls.__name__}.{field.name}: no fast rule for converters or aliases")
        var = f"v{i}"
        t = hints[field.name]
        if field.default is attrs.NOTHING:
            src.emit(f"    {var} = d[{field.name!r}]")
            _convert(src, _required(t), var, "    ")
            pad = "    "
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            raise TypeError(f"{cls.__name__}.{field.name}: no fast rule for factories")
        else:
            src.emit(f"    {var} = g({field.name!r})")
            if field.default is None:
                src.emit(f"    if {var} is not None:")
            else:
                src.emit(f"    if {var} is None: {var} = {src.name('V', field.default)}")
                src.emit("    else:")
            src.emit("        n += 1")
            _convert(src, _required(t), var, "        ")
            pad = "        "
        tests, calls = _validator_calls(src, field, t, var)
        src.lines.extend(pad + test for test in tests)
        checks.extend(calls)
    src.emit("    if n != len(d): raise Fail")
    src.emit("    c.append(n)")
    src.lines.extend(_construct(src, cls, fields))
    src.lines.extend(checks)
    if hasattr(cls, "__attrs_post_init__"):
        src.emit(f"    {src.name('P', cls.__attrs_post_init__)}(o)")
    src.emit("    return o")
    return _compile(src, "build", cls.__name__)


def _required(t: Any) -> Any:
    """``X`` for ``X | None``: a present value is never None (the caller has tested)."""
    if get_origin(t) in (Union, types.UnionType) and type(None) in get_args(t) and not _is_cadence(t):
        args = [a for a in get_args(t) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return t


def _construct(src: _Source, cls: type, fields: tuple[attrs.Attribute, ...]) -> list[str]:
    """Lines that build ``o``, a ``cls`` holding ``v0``, ``v1``, … without calling ``__init__``.

    The class is frozen: its ``__setattr__`` refuses, and attrs' own ``__init__`` goes
    through ``object.__setattr__``, one call per field. Instead the object is born as a
    twin class with the same slots and no ``__setattr__`` of its own, so each field is one
    plain slot store, and then becomes a ``cls`` (``__class__`` assignment, which CPython
    allows between classes of the same layout). Validators and ``__attrs_post_init__``
    run after that, on the real object. A class without a twin (see ``_twin``) is built
    through its slots' descriptors instead.
    """
    for field in fields:
        if not isinstance(getattr(cls, field.name, None), types.MemberDescriptorType):
            raise TypeError(f"{cls.__name__}.{field.name}: not a slot")
    twin = _twin(cls)
    if twin is not None:
        # Called, not ``object.__new__(twin)``: the twin has no ``__init__`` of its own, and a class
        # call is the cheaper way to object's allocator.
        lines = [f"    o = {src.name('W', twin)}()"]
        lines += [f"    o.{field.name} = v{i}" for i, field in enumerate(fields)]
        lines.append(f"    o.__class__ = {src.name('T', cls)}")
    else:
        lines = [f"    o = NEW({src.name('T', cls)})"]
        for i, field in enumerate(fields):
            lines.append(f"    {src.name('S', getattr(cls, field.name).__set__)}(o, v{i})")
    src.names.update(NEW=object.__new__)
    return lines


def _twin(cls: type) -> type | None:
    """A class ``cls`` objects can be born as (see ``_construct``), or None where there is none.

    Whether CPython allows the ``__class__`` assignment depends on the interpreter's
    layout rules (3.10 and 3.11 refuse it for a class with a ``__weakref__`` slot, where 3.12
    allows it; the model's classes have none but ``Structure``), so it is tried once here
    rather than assumed. A class with a base of its own (a cadence form) gets a twin
    on the same base, the layout rules asking for that: the base's frozen ``__setattr__``
    and ``__delattr__`` and its ``__init__`` are put aside in the twin by ``object``'s own
    (CPython then stores to a slot directly, only when both of the first are ``object``'s).
    """
    slots = cls.__dict__.get("__slots__")
    if slots is None or "__dict__" in slots or len(cls.__bases__) != 1:
        return None
    base = cls.__bases__[0]
    namespace: dict[str, Any] = {"__slots__": slots, "__module__": __name__}
    if base is not object:
        if base.__bases__ != (object,) or "__dict__" in base.__dict__.get("__slots__", ("__dict__",)):
            return None
        namespace.update(__setattr__=object.__setattr__, __delattr__=object.__delattr__, __init__=object.__init__)
    twin = type(cls.__name__, (base,), namespace)
    try:
        probe: Any = twin()
        probe.__class__ = cls
    except TypeError:
        return None
    return twin


def _validator_calls(src: _Source, field: attrs.Attribute, t: Any, var: str) -> tuple[list[str], list[str]]:
    """The field's validators the inline tests do not cover: (tests on the value, calls on the object).

    The type test of an ``Id`` already checks the id's form; what is left of
    ``_check_ids`` and ``_unique`` is that no value repeats, a test on the value
    alone, made only when the key is present (the default, an empty tuple, has no
    repeats). A few others are written out as tests on a present value (``_AS_TESTS``).
    Any other validator is called after the object is built, the way its
    ``__init__`` would; one wrapped in ``attrs.validators.optional`` only for a value
    that is not None, as the wrapper itself would (and one of ``_PASS_EMPTY`` only for one
    that is not empty).
    """
    tests, calls = [], []
    for validator in _flatten(field.validator):
        inner = getattr(validator, "validator", validator)  # optional(x): x, which None skips
        kind = _INLINED.get(inner)
        if kind == "id" and t in (Id, Id | None):
            continue
        if (kind == "ids" and t == tuple[Id, ...]) or (kind == "unique" and get_origin(t) is tuple):
            default: Any = field.default
            if default is not attrs.NOTHING and len(set(default)) != len(default):
                raise TypeError(f"{field.name}: a default that repeats a value")  # never built fast
            tests.append(f"if len(set({var})) != len({var}): raise Fail")
            continue
        if inner in _AS_TESTS:
            if field.default is not attrs.NOTHING:  # a default is never tested when built: it must pass
                try:
                    validator(None, field, field.default)
                except Exception as exc:  # a model that refuses its own default: no fast rule
                    raise TypeError(f"{field.name}: a default its validator refuses") from exc
            test, used = _AS_TESTS[inner]
            tests.append(f"if {test.format(var, used and src.name('R', used))}: raise Fail")
            continue
        call = f"{src.name('X', inner)}(o, {src.name('A', field)}, {var})"
        if inner in _PASS_EMPTY:
            calls.append(f"    if {var}: {call}")
        else:
            calls.append(f"    if {var} is not None: {call}" if inner is not validator else f"    {call}")
    return tests, calls


def _flatten(validator: Any) -> list[Any]:
    """The validators in an attrs validator (``and_`` of several, or none)."""
    if validator is None:
        return []
    inner = getattr(validator, "_validators", None)
    if inner is not None:
        return [v for part in inner for v in _flatten(part)]
    return [validator]


def structure(data: Any, cls: type) -> Any:
    """``data`` as a ``cls``, or ``Fail``."""
    return builder(cls)(data)
