"""Loading JSON the quick way (``io._quick_json``) never accepts what the strict reading refuses.

The quick route parses without a hook on every object, so a repeated key would be
lost there; it counts keys instead. These tests repeat a key in every object of
real structures, written with every spacing JSON allows around the colon, and with
colons inside strings that could be mistaken for keys' colons.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kultursamverkan
from kultursamverkan import converter, io
from kultursamverkan.model import Structure
from kultursamverkan.schema import json_schema
from tests import strategies
from tests.benchmarks.mutations import mutations

EXAMPLES = sorted((Path(__file__).parent.parent / "examples" / "regions").glob("*.yaml"))
#: What may stand between a key and its colon, and after the colon.
SPACINGS = [("", ":"), ("", ": "), (" ", ": "), ("\n", ":\n"), ("\t", ":\t"), ("\r\n", ":"), ("  ", " :")]


def _write(value: Any, spacing: tuple[str, str], repeat_in: int, seen: list[int]) -> str:
    """``value`` as JSON text; the ``repeat_in``-th object (in document order) has its first key twice."""
    before, colon = spacing
    if isinstance(value, dict):
        number = len(seen)
        seen.append(number)
        items = [f"{json.dumps(k, ensure_ascii=False)}{before}{colon}{_write(v, spacing, repeat_in, seen)}"
                 for k, v in value.items()]  # fmt: skip
        if number == repeat_in and items:
            items.append(items[0])
        return "{" + ",\n".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_write(v, spacing, repeat_in, seen) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _objects(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(_objects(v) for v in value.values())
    if isinstance(value, list):
        return sum(_objects(v) for v in value)
    return 0


def _data(structure: Structure) -> dict[str, Any]:
    return {"format_version": structure.format_version, **converter.unstructure(structure)}


def _refused_for_the_repeat(text: str) -> None:
    assert io._quick_json(text) is None
    with pytest.raises(kultursamverkan.ValidationError) as caught:
        kultursamverkan.loads(text, "json")
    assert [p.code for p in caught.value.problems] == ["duplicate_key"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_load_the_quick_way(path: Path) -> None:
    structure = kultursamverkan.load(path)
    text = io.dumps(structure, "json")
    assert io._quick_json(text) == structure
    assert kultursamverkan.loads(text.encode(), "json") == structure


@pytest.mark.parametrize("spacing", SPACINGS, ids=repr)
def test_a_repeated_key_in_any_object_is_refused(spacing: tuple[str, str]) -> None:
    data = _data(kultursamverkan.load(EXAMPLES[0]))
    count = _objects(data)
    assert count > 50
    plain = _write(data, spacing, -1, [])
    assert io._quick_json(plain) == kultursamverkan.load(EXAMPLES[0])
    for number in range(0, count, 7):
        _refused_for_the_repeat(_write(data, spacing, number, []))


#: Colons inside a string, which must not make up for a repeated key's lost one.
NOISE = ["", ":", '":', " :"]


@settings(max_examples=40, deadline=None)
@given(strategies.structures(), st.sampled_from(SPACINGS), st.integers(0, 10_000), st.sampled_from(NOISE))
def test_generated_structures_with_a_repeated_key_are_refused(
    structure: Structure, spacing: tuple[str, str], which: int, noise: str
) -> None:
    data = _data(attrs_evolve_name(structure, noise))
    expected = converter.structure(data, Structure)
    assert kultursamverkan.loads(_write(data, spacing, -1, []), "json") == expected
    _refused_for_the_repeat(_write(data, spacing, which % _objects(data), []))


def attrs_evolve_name(structure: Structure, noise: str) -> Structure:
    """The structure with ``noise`` (colons that look like a key's end) in its Swedish name."""
    name = structure.name
    if name.sv is None:
        return structure
    return attrs.evolve(structure, name=attrs.evolve(name, sv=f"{name.sv}{noise} x"))


def _strict(text: str) -> Structure | None:
    """The strict route's answer: the text parsed with the hook, then structured and checked in detail."""
    try:
        return io.from_data(io.parse(text, "json"), text=text, format="json")
    except kultursamverkan.ValidationError:
        return None


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_mutations_the_strict_route_refuses_the_quick_route_refuses(path: Path) -> None:
    document = converter.unstructure(kultursamverkan.load(path))
    cases = mutations(json_schema(), document)
    assert len(cases) > 50
    refused = 0
    for label, data in cases:
        text = json.dumps(data, ensure_ascii=False)
        expected = _strict(text)
        refused += expected is None
        assert io._quick_json(text) == expected, label
    assert refused > 50


def test_an_escaped_colon_never_makes_up_for_a_repeated_key() -> None:
    """The loader subtracts the colons of the texts it read (``_no_repeated_key``'s ``in_values``): a colon
    written as an escape (``\\u003a``) is in the text read but not in the text, so only a text without
    any backslash is counted that way; with one, a repeated key is still found."""
    datas = [_data(kultursamverkan.load(path)) for path in EXAMPLES]
    data = next(d for d in datas if "\\" not in json.dumps(d, ensure_ascii=False))
    body = data["bodies"][0]
    body["name"] = {"sv": "Rådet a\u003ab"}
    plain = json.dumps(data, ensure_ascii=False)
    assert "\\" not in plain
    assert kultursamverkan.loads(plain, "json").bodies[0].name.sv == "Rådet a:b"
    # The colon escaped, and a key repeated elsewhere: as many colons as keys read plus the name's.
    escaped = plain.replace("Rådet a:b", "Rådet a\\u003ab", 1)
    region = json.dumps(data["region"], ensure_ascii=False)
    repeated = "{" + f'"id": {json.dumps(data["region"]["id"])}, ' + region[1:]
    whole = escaped.replace(region, repeated, 1)
    assert whole != escaped
    _refused_for_the_repeat(whole)


@pytest.mark.parametrize("where", ["in a string", "between tokens", "at the end"])
def test_a_nul_byte_is_refused_as_before(where: str) -> None:
    """The quick route leaves a raw NUL to msgspec (and ``json.loads``), which refuse it; the strict
    reading then says ``nul_bytes``, as when the quick route looked for it first."""
    text = io.dumps(kultursamverkan.load(EXAMPLES[0]), "json")
    if where == "in a string":
        text = text.replace('"sv": "', '"sv": "\x00', 1)
    elif where == "between tokens":
        text = text.replace('"id":', '"id":\x00', 1)
    else:
        text += "\x00"
    assert io._quick_json(text) is None
    with pytest.raises(kultursamverkan.ValidationError) as caught:
        kultursamverkan.loads(text, "json")
    assert [p.code for p in caught.value.problems] == ["nul_bytes"]
