"""The JSON Schema is generated from the model and agrees with the loader."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import kultursamverkan
from kultursamverkan.schema import json_schema

from .conftest import EXAMPLES

INVALID = Path(__file__).parent / "invalid"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _plain(path: Path) -> object:
    """The file as plain data, as the loader's strict YAML reader sees it."""
    return kultursamverkan.io.parse(path.read_bytes(), kultursamverkan.io.format_for(path))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_examples_validate_against_the_schema(validator: jsonschema.Draft202012Validator, path: Path) -> None:
    data = json.loads(json.dumps(kultursamverkan.converter.unstructure(kultursamverkan.load(path))))
    assert list(validator.iter_errors(data)) == []
    raw = _plain(path)
    assert [e.message for e in validator.iter_errors(raw)] == []


@pytest.mark.parametrize(
    "name", ["unknown-key.yaml", "string-for-int.yaml", "unknown-enum.yaml", "bad-id.yaml", "missing-key.yaml"]
)
def test_schema_rejects_what_the_loader_rejects(validator: jsonschema.Draft202012Validator, name: str) -> None:
    assert list(validator.iter_errors(_plain(INVALID / name)))


def test_schema_covers_every_cadence_form() -> None:
    forms = json_schema()["$defs"]["Cadence"]["oneOf"]
    assert [f["properties"]["kind"]["const"] for f in forms] == list(kultursamverkan.cadence.CADENCE_KINDS)


def _patterns(node: object) -> set[str]:
    """Every ``pattern`` anywhere in a schema."""
    if isinstance(node, dict):
        found = {node["pattern"]} if isinstance(node.get("pattern"), str) else set()
        return found.union(*(_patterns(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_patterns(value) for value in node))
    return set()


#: Strings on which regular-expression dialects and ``match``/``fullmatch`` slips disagree.
_TRICKY = [
    "", " ", "\n", "body-1\n", "\nbody-1", "body-1\r", "body-1 ", " body-1", "body-1\u2028", "body-1\x00",
    "Body-1", "body--1", "-body", "body-", "bödy", "body_1", "body.1", "ｂｏｄｙ",
    "2020", "2020\n", "2020\r\n", "\n2020", " 2020", "2020 ", "٢٠٢٠", "２０２０", "2020-٠١", "2020-05\n",
    "2020-05-15\n", "2020-5", "2020-05-5", "20200", "202", "+2020", "2020-13", "2020-00", "2020-01-00",
    "2020-01-32", "2020-05-15T10:00", "2020/05/15", "2020-05-15-01", "0000", "9999-12-31",
]  # fmt: skip


def _refused_at(data: dict) -> list[tuple] | None:
    """The paths of the loader's problems with ``data``, or None when it loads."""
    try:
        kultursamverkan.loads(json.dumps(data), format="json")
    except kultursamverkan.ValidationError as error:
        return [p.path for p in error.problems]
    return None


def test_python_and_schema_agree_on_every_pattern(validator: jsonschema.Draft202012Validator) -> None:
    """For every pattern in the schema, the loader and the schema accept and refuse the same strings.

    Each pattern is tried where it applies at the top of a minimal file (``id``: ids, ``as_of``:
    dates); a new pattern elsewhere in the schema fails here until it gets a place in ``fields``.
    Calendar checks (2021-02-30) are the loader's alone and not among the tricky strings.
    """
    schema = json_schema()
    fields = {schema["properties"][name]["pattern"]: name for name in ("id", "as_of")}
    assert _patterns(schema) == set(fields), "a pattern without a place in this test"
    base = {"id": "s", "name": {"sv": "S"}, "region": {"id": "region-x", "name": {"sv": "X"}}, "as_of": "2024"}
    assert kultursamverkan.loads(json.dumps(base), format="json")
    assert list(validator.iter_errors(base)) == []
    disagreements = []
    for field in fields.values():
        for text in _TRICKY:
            data = {**base, field: text}
            schema_accepts = not list(validator.iter_errors(data))
            refused_at = _refused_at(data)
            assert refused_at in (None, [(field,)]), (field, text, refused_at)
            if schema_accepts != (refused_at is None):
                disagreements.append((field, text, f"schema accepts: {schema_accepts}, loader: {refused_at}"))
    assert disagreements == [], "\n".join(map(repr, disagreements))
    # The same in the JavaScript dialect editors use: no Unicode-dependent classes (Python's \d
    # also matches "٢"), and the end anchored so that Python's $ cannot match before a final "\n".
    for pattern in fields:
        assert not any(c in pattern for c in (r"\d", r"\w", r"\s", r"\b")), pattern
        assert pattern.endswith(r"$(?!\n)"), pattern
