"""The quickest way to read a valid JSON text: msgspec decodes and type-checks it in C, then model objects are built.

An optional accelerator (``pip install kultursamverkan[fast]``): without msgspec,
``read`` answers None and the loader takes its pure-Python fast path (``fastpath``).
Like that path, this one only ever says "valid, here is the structure" or None, and
never explains: on None the loader reads the text again its other ways, which find
and locate every problem. So this route can make loading faster, never laxer.

How. For every model class a msgspec ``Struct`` says what the file format allows, in
terms msgspec checks in C while it parses: the keys (an unknown one is refused), each
value's JSON type, no null (an optional field is typed without ``None`` and has None
only as its default, which msgspec never checks), vocabularies as their enums, lists
as tuples, a cadence as a union tagged by ``kind``. msgspec builds these structs in C
(no garbage-collector tracking: decoded data has no cycles). Then code generated per
model class (the way ``fastpath`` generates its builders) turns each struct into the
frozen model object: dates parsed, ids that are not references collected and tested
for their form all at once (``_ids_fit``; references are resolved by the cross-object
checks, which also prove their form),
repeats refused where the model says so, the object built slot by slot (as
``fastpath._construct`` does: through a twin class, the model's classes having no weakref
slot so that CPython 3.10 and 3.11 allow it too), and the validators and
``__attrs_post_init__`` of the class run. The same code collects every reference
under the kinds of object it may point at, so that the cross-object checks test
them as set inclusions without walking the structure again (``validation.fits``).

msgspec lets a repeated key's last value win. So, as on the pure-Python fast path,
the keys read are counted, and the loader compares the count with the text
(``io._no_repeated_key``). A field whose default is truthy (``"status": "active"``,
``format_version``) is born holding ``msgspec.UNSET``, so a key that repeats the
default still counts; one whose default is false or empty is counted when its value
is not, so a file that writes ``false`` or ``[]`` out is declined here (and read by
the pure-Python route, as fast as before): one test per field fewer for the common case.

Where the time goes (``tests/benchmarks/run.py``, a load about 2.1× ``json.loads``):
msgspec's decoding a fifth of it; building the objects a half, mostly what every
object costs whatever it holds (a call, the twin's allocation and the class swap, a
slot store per field: an empty ``Body``, 39 slots, about 1.3 µs); the cross-object
checks a tenth; the key count (``str.count`` over the text) a twentieth; freeing the
structs the rest. Measured and left: ``astuple`` against a slot read per field (the
same), a call of ``re`` per id (dearer than the match: hence ``_ids_fit``),
``operator.attrgetter`` of several names (dearer than attribute reads on Python 3.12).
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs

from . import fastpath, validation
from .cadence import CADENCE_KINDS
from .model import ID_PATTERN, REFERENCE, Id, Relation, Structure
from .values import LocalizedText, PartialDate, _parse_partial_date
from .vocab import Vocabulary

try:
    import msgspec
except ImportError:  # pragma: no cover - the accelerator is optional
    msgspec = None  # type: ignore[assignment]


class _NoRule(TypeError):
    """A type this module cannot express for msgspec: the structure is then not read this way."""


def _scalar(t: Any) -> bool:
    """Types msgspec checks completely in C (an ``Id``'s form aside, see ``_id_test``)."""
    return t in (str, bool, int, Id) or (isinstance(t, type) and issubclass(t, Vocabulary))


def _spec(t: Any) -> Any:
    """The struct field's type for a model field's type ``t`` (the value present, so not None)."""
    if t is Id:
        return str
    if _scalar(t):
        return t
    if t is PartialDate:
        return Union[str, int]  # "2017" or a bare year 2017; parsed after msgspec
    if fastpath._is_cadence(t):
        return Union[tuple(struct(cls, tag=kind) for kind, cls in CADENCE_KINDS.items())]
    if get_origin(t) in (Union, types.UnionType):
        args = [a for a in get_args(t) if a is not type(None)]
        if len(args) != 1 or len(get_args(t)) != 2:
            raise _NoRule(repr(t))
        return _spec(args[0])
    if _is_seq(t):
        return tuple[_spec(get_args(t)[0]), ...]  # type: ignore[misc]
    if attrs.has(t):
        return struct(t)
    raise _NoRule(repr(t))


def _is_seq(t: Any) -> bool:
    return get_origin(t) is tuple and len(get_args(t)) == 2 and get_args(t)[1] is Ellipsis


@cache
def struct(cls: type, tag: str | None = None) -> type:
    """The msgspec ``Struct`` a ``cls`` is decoded as; ``tag``: the value of ``kind`` (a cadence form)."""
    hints = get_type_hints(cls)
    fields: list[tuple[Any, ...]] = []
    for field in attrs.fields(cls):
        spec = _spec(fastpath._required(hints[field.name]))
        if field.default is attrs.NOTHING:
            fields.append((field.name, spec))
        else:
            # A falsy default (None, False, ()) is the struct's own: the key was read when the value
            # is truthy; any other default is UNSET there, so a key that repeats it is seen as read.
            fields.append((field.name, spec, field.default if not field.default else msgspec.UNSET))
    options: dict[str, Any] = {"forbid_unknown_fields": True, "gc": False, "kw_only": True}
    if tag is not None:
        options.update(tag_field="kind", tag=tag)
    return msgspec.defstruct(f"{cls.__name__}Spec", fields, module=__name__, **options)


def _id_test(field: attrs.Attribute, t: Any, var: str) -> list[str]:
    """The test of an id's form (none for none).

    A reference (``REFERENCE`` in its metadata) is only tested for being empty: the
    cross-object checks resolve every other one to an object
    (``validation.fits``, ``validation._all_fit``), whose own id passed this test, and
    ``tests/test_reference_metadata.py`` holds that they see every field so marked.
    (msgspec could test a pattern, but calls Python's ``re`` per string to do it,
    slower than this.) Any other id is collected, and all of them are tested at once
    (``_ids_fit``): a call of ``re`` costs more than the match of one short id.
    """
    if field.metadata.get(REFERENCE) is not None:
        # Only the empty text is falsy, and the cross-object checks skip a falsy reference.
        return [f"if '' in {var}: raise Fail"] if _is_seq(t) else [f"if not {var}: raise Fail"]
    if t is Id:
        return [f"r[{_IDS}].append({var})"] if _ALL_IDS is not None else [f"if ID({var}) is None: raise Fail"]
    if _is_seq(t) and get_args(t)[0] is Id:
        if _ALL_IDS is not None:
            return [f"r[{_IDS}].extend({var})"]
        return [f"for x in {var}:", "    if ID(x) is None: raise Fail"]
    if Id in get_args(t) or (_is_seq(t) and Id in get_args(get_args(t)[0])):  # pragma: no cover - none today
        raise _NoRule(f"{field.name}: an id in a union")
    return []


@cache
def _localized_builder() -> Callable[[Any, list[int], list[list[str]]], LocalizedText]:
    """``converter(LocalizedText)`` by hand: the class built most often (a third of all objects).

    The same rules as ``LocalizedText.__attrs_post_init__`` (a test holds them equal), without
    its call: at least one language, and no text that is empty or only white space
    (``not x or x.isspace()`` is ``not x.strip()`` without a copy).
    """
    fields = attrs.fields(LocalizedText)
    if [f.name for f in fields] != ["sv", "en"]:  # pragma: no cover - the class changed: the generated one
        return converter(LocalizedText)
    src = fastpath._Source()
    src.lines += [
        "def build(s, c, r):",
        "    v0 = s.sv",
        "    v1 = s.en",
        "    if v0 is None:",
        "        if v1 is None or not v1 or v1.isspace(): raise Fail",
        "        c.append(1)",
        "    elif v1 is None:",
        "        if not v0 or v0.isspace(): raise Fail",
        "        c.append(1)",
        "    elif not v0 or v0.isspace() or not v1 or v1.isspace(): raise Fail",
        "    else: c.append(2)",
    ]
    src.lines.extend(fastpath._construct(src, LocalizedText, fields))
    src.emit("    return o")
    return fastpath._compile(src, "build", "LocalizedText from msgspec")


@cache
def _localized_twin() -> type | None:
    """The twin ``_inline_localized`` builds with; None where it cannot (then ``_localized_builder`` is called)."""
    if [f.name for f in attrs.fields(LocalizedText)] != ["sv", "en"]:  # pragma: no cover - the class changed
        return None
    return fastpath._twin(LocalizedText)


def _inline_localized(src: fastpath._Source, var: str, pad: str) -> None:
    """``_localized_builder`` written into its caller (its keys added to the caller's ``n``): no call per text."""
    twin, cls = src.name("W", _localized_twin()), src.name("T", LocalizedText)
    src.lines += [
        f"{pad}ts = {var}.sv",
        f"{pad}te = {var}.en",
        f"{pad}if ts is None:",
        f"{pad}    if not te or te.isspace(): raise Fail",
        f"{pad}    n += 1",
        f"{pad}elif te is None:",
        f"{pad}    if not ts or ts.isspace(): raise Fail",
        f"{pad}    n += 1",
        f"{pad}elif not ts or ts.isspace() or not te or te.isspace(): raise Fail",
        f"{pad}else: n += 2",
        f"{pad}{var} = {twin}()",
        f"{pad}{var}.sv = ts",
        f"{pad}{var}.en = te",
        f"{pad}{var}.__class__ = {cls}",
    ]


def _builder(t: type) -> Callable[[Any, list[int], list[list[str]]], Any]:
    return _localized_builder() if t is LocalizedText else converter(t)


def _convert(src: fastpath._Source, t: Any, var: str, pad: str) -> None:
    """Emit code that turns ``var``, a present value decoded for type ``t``, into its model value."""
    if _scalar(t):
        return
    if t is PartialDate:  # ``fastpath._date``, its common case inline
        parse = src.name("Q", _parse_partial_date)
        src.emit(f"{pad}{var} = {parse}({var}) if {var}.__class__ is str else {src.name('D', fastpath._date)}({var})")
    elif fastpath._is_cadence(t):
        forms = {struct(cls, tag=kind): converter(cls, tagged=True) for kind, cls in CADENCE_KINDS.items()}
        src.emit(f"{pad}{var} = {src.name('K', forms)}[{var}.__class__]({var}, c, r)")
    elif _is_seq(t):
        item = get_args(t)[0]
        if _scalar(item):
            return
        if item is PartialDate:
            src.emit(f"{pad}{var} = tuple(map({src.name('D', fastpath._date)}, {var}))")
        elif item is LocalizedText and _localized_twin() is not None:  # each text built in the loop, no call
            src.lines += [f"{pad}items = []", f"{pad}for x in {var}:"]
            _inline_localized(src, "x", pad + "    ")
            src.lines += [f"{pad}    items.append(x)", f"{pad}{var} = tuple(items)"]
        elif attrs.has(item):
            # A comprehension, not ``map``: from Python 3.11 on a call from Python code to a Python
            # function enters it without a new C frame, which ``map`` cannot.
            src.emit(f"{pad}{var} = tuple([{src.name('B', _builder(item))}(x, c, r) for x in {var}])")
        else:  # pragma: no cover - every list in the model holds one of the above
            raise _NoRule(repr(t))
    elif t is LocalizedText and _localized_twin() is not None:
        _inline_localized(src, var, pad)
    elif attrs.has(t):
        src.emit(f"{pad}{var} = {src.name('B', _builder(t))}({var}, c, r)")
    else:  # pragma: no cover - ``_spec`` refused it first
        raise _NoRule(repr(t))


#: The kinds of object the references collected in each list of ``read``'s collection may
#: point at (indexes 0 to 2: not lists of references, see ``_MARKED``); grows as converters are made.
_GROUPS: dict[tuple[Any, ...], int] = {(): 0, (str,): 1, (Id,): 2}
#: Index 0 of the collection: one item for each object that has ``not_exhaustive`` or ``provenance``.
_MARKED = 0
#: Index 1: the plain strings read (URLs, times of day, names; not the languages of a
#: ``LocalizedText``, a third of all objects: collecting those cost what it saved), whose colons
#: ``io._no_repeated_key`` need not look for in the text.
_TEXTS = 1
#: Index 2: the ids of the objects read (not references), tested all at once (``_ids_fit``).
_IDS = 2
#: The form of one id as ``model.ID_PATTERN`` states it, without its anchors; and the form of
#: ids joined by spaces, which no id holds. None (each id then tested alone) if the model says otherwise.
_ONE_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_ALL_IDS = re.compile(rf"{_ONE_ID}(?: {_ONE_ID})*") if rf"^{_ONE_ID}$(?!\n)" == ID_PATTERN else None


def _ids_fit(ids: list[str]) -> bool:
    """True when every id has the form ``model.ID_PATTERN`` says, as ``ID_RE.fullmatch`` would find one by one.

    The ids are joined by spaces and matched at once. The joined text holds one space
    fewer than there are ids exactly when no id holds one; then the pattern, which
    matches no space within an id, matches exactly when each id does.
    """
    if not ids:
        return True
    joined = " ".join(ids)
    return joined.count(" ") == len(ids) - 1 and _ALL_IDS.fullmatch(joined) is not None  # type: ignore[union-attr]


def _group(kinds: tuple[type, ...]) -> int:
    return _GROUPS.setdefault(kinds, len(_GROUPS))


def _collect(src: fastpath._Source, cls: type, field: attrs.Attribute, t: Any, var: str) -> list[str]:
    """Lines that add the value of a present reference field (or a marked one) to the collection ``r``.

    The cross-object checks then test the references without walking the structure
    (``validation.fits``).
    """
    if field.name in ("not_exhaustive", "provenance"):
        return [f"r[{_MARKED}].append(1)"]
    if t is str or (_is_seq(t) and get_args(t)[0] is str):
        return [f"r[{_TEXTS}].{'extend' if _is_seq(t) else 'append'}({var})"]
    if field.metadata.get(REFERENCE) is None:
        return []
    kinds = validation.field_kinds(cls, field.name)
    if kinds is None and cls is Relation and field.name == "target":
        # The kinds depend on the relation's type: the member in ``type``, read with the other values.
        kind = [f.name for f in attrs.fields(Relation)].index("type")
        by_type = {rel: _group(targets) for rel, targets in validation.RELATION_TARGETS.items()}
        return [f"r[{src.name('G', by_type)}[v{kind}]].append({var})"]
    if kinds is None:  # pragma: no cover - a reference the checks do not know: no quick route at all
        raise _NoRule(f"{cls.__name__}.{field.name}: a reference to kinds the checks do not know")
    method = "extend" if _is_seq(t) else "append"
    return [f"r[{_group(kinds)}].{method}({var})"]


#: Up to this many fields a converter reads a struct's values one by one (see ``converter``): a
#: slot read each costs no more than unpacking ``astuple`` even for ``Body``'s 39, as measured.
_FEW = 40


@cache
def converter(cls: type, *, tagged: bool = False) -> Callable[[Any, list[int], list[list[str]]], Any]:
    """A function from ``struct(cls)`` to a ``cls`` that appends to ``counts`` the number of keys read.

    Raises ``Fail`` (or any exception) where the model refuses what msgspec let through.
    Its third argument, ``r``, collects the references (see ``_collect``).
    """
    fields = attrs.fields(cls)
    hints = get_type_hints(cls)
    src = fastpath._Source()
    src.names.update(UNSET=msgspec.UNSET, AST=msgspec.structs.astuple)
    required = sum(1 for f in fields if f.default is attrs.NOTHING) + (1 if tagged else 0)
    src.emit("def build(s, c, r):")
    src.emit(f"    n = {required}")
    if len(fields) > _FEW:
        # One call in C for all the values, in field order (the struct's fields are the class's).
        src.emit(f"    {''.join(f'v{i}, ' for i in range(len(fields)))}= AST(s)")
    else:  # each a slot read, as cheap as the call and its tuple
        src.lines.extend(f"    v{i} = s.{field.name}" for i, field in enumerate(fields))
    checks: list[str] = []
    for i, field in enumerate(fields):
        if field.converter is not None or not field.init or field.alias != field.name:
            raise _NoRule(f"{cls.__name__}.{field.name}: converters and aliases")
        var = f"v{i}"
        t = fastpath._required(hints[field.name])
        if field.default is attrs.NOTHING:
            pad = "    "
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            raise _NoRule(f"{cls.__name__}.{field.name}: a factory")
        elif field.default is None:
            src.emit(f"    if {var} is not None:")
            src.emit("        n += 1")
            pad = "        "
        elif not field.default:  # False, (): read only when true or not empty (see ``struct``)
            src.emit(f"    if {var}:")
            src.emit("        n += 1")
            pad = "        "
        else:
            src.emit(f"    if {var} is UNSET: {var} = {src.name('V', field.default)}")
            src.emit("    else:")
            src.emit("        n += 1")
            pad = "        "
        _convert(src, t, var, pad)
        tests, calls = fastpath._validator_calls(src, field, hints[field.name], var)
        src.lines.extend(pad + line for line in [*_id_test(field, t, var), *tests, *_collect(src, cls, field, t, var)])
        checks.extend(calls)
    src.emit("    c.append(n)")
    src.lines.extend(fastpath._construct(src, cls, fields))
    src.lines.extend(checks)
    if hasattr(cls, "__attrs_post_init__"):
        src.emit(f"    {src.name('P', cls.__attrs_post_init__)}(o)")
    src.emit("    return o")
    return fastpath._compile(src, "build", f"{cls.__name__} from msgspec")


@cache
def _decoder() -> Any:
    return msgspec.json.Decoder(struct(Structure))


def read(text: str | bytes) -> tuple[Structure, int] | None:
    """The structure in ``text`` and the number of keys it was built from; None when anything is amiss.

    The caller compares the count with the text (``io._no_repeated_key``) and runs
    the cross-object checks.
    """
    found = read_collecting(text)
    return None if found is None else (found[0], found[1])


Collected = tuple[list[tuple[list[str], frozenset[type]]], bool]


@cache
def _kind_sets(_groups: int) -> list[frozenset[type]]:
    """The kinds of each group in ``_GROUPS`` as sets (what ``validation.fits`` tests against), for so many groups."""
    return [frozenset(kinds) for kinds in _GROUPS]


def read_collecting(text: str | bytes) -> tuple[Structure, int, Collected, int] | None:
    """``read``, what the cross-object checks need to know (``validation.fits``'s references and
    ``marked``), and how many colons the free texts read hold (for ``io._no_repeated_key``)."""
    if msgspec is None:
        return None
    counts: list[int] = []
    try:
        build = converter(Structure)  # first: it adds the groups it collects into
        collected: list[list[str]] = [[] for _ in _GROUPS]
        structure = build(_decoder().decode(text), counts, collected)
    except Exception:  # noqa: BLE001 - the other ways of reading say what is wrong
        return None
    if not _ids_fit(collected[_IDS]):
        return None
    kinds = _kind_sets(len(_GROUPS))
    references = [(collected[i], kinds[i]) for i in range(_IDS + 1, len(kinds))]
    colons = "".join(collected[_TEXTS]).count(":")
    return structure, sum(counts), (references, bool(collected[_MARKED])), colons
