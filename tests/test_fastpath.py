"""The loader's fast path agrees with its detailed path: the same objects, never a laxer answer.

``converter.structure`` tries the generated fast path (``kultursamverkan.fastpath``)
first and trusts it when it succeeds, so it must accept exactly what the detailed
converter accepts and build equal objects: checked on the examples, on generated
structures, and on every single-object mutation of the examples. The same holds for
the JSON loader's msgspec route (``kultursamverkan.fastjson``), checked as the loader
takes it: with the tally of keys and the cross-object checks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kultursamverkan
from kultursamverkan import converter, fastjson, fastpath, io, schema, validation
from kultursamverkan.model import Structure
from tests import strategies
from tests.benchmarks.mutations import mutations

EXAMPLES = sorted((Path(__file__).parent.parent / "examples" / "regions").glob("*.yaml"))


def _detailed(data: Any) -> Any:
    """The detailed converter's answer: the object, or None when it finds a problem."""
    if converter.structure_problems(data):
        return None
    return converter.DETAILED.structure(data, Structure)


def _fast(data: Any) -> Any:
    try:
        return fastpath.builder(Structure)(data)
    except Exception:  # noqa: BLE001 - any failure means "ask the detailed path"
        return None


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_build_the_same_objects(path: Path) -> None:
    data = converter.unstructure(kultursamverkan.load(path))
    built = _fast(data)
    assert built is not None
    assert built == _detailed(data)


@settings(max_examples=60, deadline=None)
@given(strategies.structures())
def test_generated_structures_build_the_same_objects(structure: Structure) -> None:
    data = json.loads(json.dumps(converter.unstructure(structure)))
    assert _fast(data) == structure


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_mutations_the_detailed_path_rejects_the_fast_path_rejects(path: Path) -> None:
    document = converter.unstructure(kultursamverkan.load(path))
    cases = mutations(schema.json_schema(), document)
    assert len(cases) > 50
    for label, data in cases:
        expected = _detailed(data)
        assert _fast(data) == expected, label


# ---------------------------------------------------------------- the msgspec route (``fastjson``)

#: The accelerator is optional (``kultursamverkan[fast]``); without it the loader never takes this route.
needs_msgspec = pytest.mark.skipif(fastjson.msgspec is None, reason="msgspec is not installed")


def _loaded(data: Any) -> Any:
    """What loading a JSON text of ``data`` gives: the structure, or None when the loader refuses it."""
    problems = converter.structure_problems(data)
    if problems:
        return None
    structure = converter.DETAILED.structure(data, Structure)
    return None if validation.check(structure) else structure


def _via_msgspec(text: str) -> Any:
    """The msgspec route's answer, as ``io._quick_json`` takes it: the structure, or None."""
    read = fastjson.read_collecting(text)
    if read is None:
        return None
    structure, keys, (references, marked), colons = read
    if not io._no_repeated_key(text, keys, colons):
        return None
    quick = validation.fits(structure, references, marked=marked)
    checked = validation.check(structure)
    assert not (quick and checked), "the collected references call valid what the checks refuse"
    return None if checked else structure


@needs_msgspec
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_msgspec_route_builds_the_same_objects(path: Path) -> None:
    structure = kultursamverkan.load(path)
    for text in (io.dumps(structure, "json"), json.dumps(converter.unstructure(structure))):
        built = _via_msgspec(text)
        assert built is not None
        assert built == structure
        assert fastjson.read(text) == (structure, _keys(json.loads(text)))
        assert [type(b) for b in built.bodies] == [type(b) for b in structure.bodies]


@needs_msgspec
@settings(max_examples=60, deadline=None)
@given(strategies.structures())
def test_msgspec_route_builds_generated_structures(structure: Structure) -> None:
    """The same objects, and the exact number of keys in the text (the tally the loader compares)."""
    text = io.dumps(structure, "json")
    read = fastjson.read(text)
    assert read is not None
    assert read == (structure, _keys(json.loads(text)))


def _keys(data: Any) -> int:
    if isinstance(data, dict):
        return len(data) + sum(map(_keys, data.values()))
    if isinstance(data, list):
        return sum(map(_keys, data))
    return 0


@needs_msgspec
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_msgspec_route_judges_every_mutation_as_the_loader_does(path: Path) -> None:
    """Object for object, refusal for refusal: the single-object mutations of ``tests/benchmarks/mutations.py``."""
    document = converter.unstructure(kultursamverkan.load(path))
    cases = mutations(schema.json_schema(), document)
    assert len(cases) > 50
    refused = 0
    for label, data in cases:
        expected = _loaded(data)
        refused += expected is None
        assert _via_msgspec(json.dumps(data, ensure_ascii=False)) == expected, label
    assert refused > 50


def _halland() -> dict[str, Any]:
    return converter.unstructure(kultursamverkan.load(EXAMPLES[0]))


@needs_msgspec
def test_msgspec_route_counts_keys_written_with_their_default_value() -> None:
    """A key that repeats a truthy default (``"status": "active"``) is read and counted; one that
    repeats a false or empty one (``"permanent": false``) makes the route decline, and the loader
    reads the text the pure-Python way."""
    data = {"format_version": 2, **_halland()}
    data["bodies"][0].update(status="active")
    assert _via_msgspec(json.dumps(data)) == _loaded(data) is not None
    for falsy in ({"permanent": False}, {"relations": []}):
        data["bodies"][0].update(falsy)
        text = json.dumps(data)
        assert _via_msgspec(text) is None
        assert kultursamverkan.loads(text, "json") == _loaded(data) is not None


@needs_msgspec
@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda body: {"id": body["id"]}, id="a repeated key"),
        pytest.param(lambda body: {"no_such_key": 1}, id="an unknown key"),
        pytest.param(lambda body: {next(k for k in ("renewal", "scope", "tier") if k not in body): None}, id="null"),
    ],
)
def test_msgspec_route_refuses_what_msgspec_alone_would_let_through(change: Any) -> None:
    data = _halland()
    body = json.dumps(data["bodies"][0])
    added = json.dumps(change(data["bodies"][0]))
    whole = json.dumps(data).replace(body, added[:-1] + ", " + body[1:], 1)
    assert whole != json.dumps(data)
    with pytest.raises(kultursamverkan.ValidationError) as refused:  # the strict reading: this one problem
        kultursamverkan.loads(whole, "json")
    assert len(refused.value.problems) == 1
    assert _via_msgspec(whole) is None


@needs_msgspec
def test_msgspec_route_refuses_an_empty_reference() -> None:
    """The cross-object checks skip an empty reference; the route itself refuses it."""
    structure = kultursamverkan.load(EXAMPLES[0])
    data = converter.unstructure(structure)
    for path, _target, _kinds in validation._refs(structure):
        holder: Any = data
        for part in path[:-1]:
            holder = holder[part]
        holder[path[-1]] = ""
        break
    assert _loaded(data) is None
    assert _via_msgspec(json.dumps(data)) is None


@needs_msgspec
@pytest.mark.parametrize("sv", [None, "", " ", "\u00a0\n", "Text", " Text "])
@pytest.mark.parametrize("en", [None, "", "\t", "Text"])
def test_msgspec_route_builds_localized_text_by_the_class_rules(sv: str | None, en: str | None) -> None:
    """``fastjson`` builds ``LocalizedText`` by hand: it refuses exactly what the class refuses."""
    from kultursamverkan.values import LocalizedText

    spec = fastjson.struct(LocalizedText)(sv=sv, en=en)
    try:
        expected = LocalizedText(sv=sv, en=en)
    except ValueError:
        expected = None
    counts: list[int] = []
    try:
        built = fastjson._builder(LocalizedText)(spec, counts, [[] for _ in fastjson._GROUPS])
    except Exception:  # noqa: BLE001 - any failure means "refused"
        built = None
    assert built == expected
    assert type(built) is type(expected)
    if built is not None:
        assert counts == [(sv is not None) + (en is not None)]
    # The same rules written into the builder of a class that holds a text (``_inline_localized``).
    from kultursamverkan.model import Region

    counts = []
    try:
        collected: list[list[Any]] = [[] for _ in fastjson._GROUPS]
        region = fastjson.converter(Region)(fastjson.struct(Region)(id="r", name=spec), counts, collected)
    except Exception:  # noqa: BLE001 - any failure means "refused"
        region = None
    assert (region is None) == (expected is None)
    if region is not None:
        assert region.name == expected
        assert type(region.name) is LocalizedText
        assert sum(counts) == 2 + (sv is not None) + (en is not None)


def test_model_objects_are_built_through_a_twin_class_on_every_python() -> None:
    """Without a weakref slot a class lets CPython 3.10 and 3.11 swap an object's class too
    (``fastpath._twin``), so every interpreter builds model objects the quick way."""
    import attrs

    from kultursamverkan import model, values

    classes = [
        c
        for module in (model, values)
        for c in vars(module).values()
        if isinstance(c, type) and attrs.has(c) and c.__module__ == module.__name__ and c.__bases__ == (object,)
    ]
    assert len(classes) > 30
    assert [c.__name__ for c in classes if c is not Structure and fastpath._twin(c) is None] == []


def test_cadence_forms_are_built_through_a_twin_on_their_base() -> None:
    """A class with a base of its own (each cadence form) gets a twin on that base, which stores
    to its slots directly: the base's frozen ``__setattr__`` and ``__delattr__`` are put aside."""
    from kultursamverkan.cadence import CADENCE_KINDS

    for cls in CADENCE_KINDS.values():
        twin = fastpath._twin(cls)
        assert twin is not None, cls.__name__
        assert twin.__bases__ == cls.__bases__
        assert twin.__setattr__ is object.__setattr__
        assert twin.__delattr__ is object.__delattr__


@pytest.mark.parametrize(
    "value",
    [-1, 0, 1, 2, "", " ", "\u00a0\n", "x", " x ", "S", "KD", "Mp", "mp", "S1", "ÅÄÖ", "Abcdefghijk", "Abcdefghij"],
)
@pytest.mark.parametrize("validator", list(fastpath._AS_TESTS), ids=lambda v: v.__name__)
def test_validators_written_as_tests_refuse_what_the_validators_refuse(validator: Any, value: Any) -> None:
    """``fastpath._AS_TESTS``: each test, run on a value of the validator's type, is true exactly
    where the validator raises."""
    from types import SimpleNamespace

    if (validator.__name__ == "positive") != isinstance(value, int):
        return  # a value of the other type: the type tests come first
    test, used = fastpath._AS_TESTS[validator]
    refused = eval(test.format("value", "used"), {"value": value, "used": used})  # our own text
    try:
        validator(None, SimpleNamespace(name="f"), value)
    except ValueError:
        raised = True
    else:
        raised = False
    assert bool(refused) == raised


@needs_msgspec
@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet="az09-- \n\tA_é", max_size=6) | st.from_regex(r"[a-z0-9]+(?:-[a-z0-9]+)*", fullmatch=True),
        max_size=5,
    )
)
def test_ids_tested_at_once_fit_exactly_when_each_fits(ids: list[str]) -> None:
    """``fastjson._ids_fit`` (every id of a text in one match) answers as ``ID_RE`` does for each."""
    from kultursamverkan.model import ID_RE

    assert fastjson._ALL_IDS is not None  # the model's pattern is the one the joined test knows
    assert fastjson._ids_fit(ids) == all(ID_RE.fullmatch(i) for i in ids)
