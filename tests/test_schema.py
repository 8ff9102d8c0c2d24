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
