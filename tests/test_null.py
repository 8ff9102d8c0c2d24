"""``null`` is never a value: an optional key is left out, as the JSON Schema says.

The schema is the format's published contract and allows no null anywhere; the
loader used to take ``null`` (and YAML's empty ``key:``) for "left out", so a file
could load here and fail in an editor that checks the schema. Now both refuse it,
and the loader says where and what belongs there instead.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

import kultursamverkan
from kultursamverkan import i18n
from kultursamverkan.schema import json_schema

BASE: dict[str, Any] = {
    "format_version": 2,
    "id": "halland",
    "name": {"sv": "Kultursamverkan i Halland"},
    "region": {"id": "region-halland", "name": {"sv": "Region Halland"}},
    "as_of": "2024",
    "bodies": [{"id": "natverk", "name": {"sv": "Nätverket"}, "kind": "network"}],
}

CASES = [
    (("name", "en"), "wrong_type", "should be a text, but here is an empty value"),
    (("region", "county_code"), "wrong_type", "should be a text, but here is an empty value"),
    (("region", "municipality_count"), "wrong_type", "should be a whole number, but here is an empty value"),
    (("description",), "wrong_type", "should be a group of fields (field: value), but here is an empty value"),
    (("bodies", 0, "convener"), "wrong_type", "should be an id (lowercase a–z, digits and hyphens), but here is"),
    (("bodies", 0, "established"), "wrong_type", 'should be a date in quotes, e.g. "2024-05-01"'),
    (("bodies", 0, "tier"), "not_one_of", "should be one of: political, strategic, tactical, operative"),
    (("bodies", 0, "cadence"), "wrong_type", "should be a meeting frequency with a kind, but here is an empty value"),
    (("bodies", 0, "participants"), "wrong_type", "should be a list, but here is an empty value"),
    (("bodies", 0, "permanent"), "wrong_type", "should be yes or no (true or false), but here is an empty value"),
]


def _with_null(path: tuple[str | int, ...]) -> dict[str, Any]:
    data = json.loads(json.dumps(BASE))
    holder = data
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = None
    return data


def test_the_document_without_nulls_loads() -> None:
    assert kultursamverkan.loads(json.dumps(BASE), "json").id == "halland"


@pytest.mark.parametrize(("path", "code", "message"), CASES, ids=lambda c: str(c))
def test_null_is_refused_where_it_stands(path: tuple[str | int, ...], code: str, message: str) -> None:
    with pytest.raises(kultursamverkan.ValidationError) as caught:
        kultursamverkan.loads(json.dumps(_with_null(path)), "json")
    [problem] = caught.value.problems
    assert (problem.path, problem.code) == (path, code)
    assert message in problem.message
    assert "tom" in i18n.problem_message(problem, "sv")  # "ett tomt värde"


@pytest.mark.parametrize(("path", "code", "message"), CASES, ids=lambda c: str(c))
def test_the_json_schema_refuses_the_same(path: tuple[str | int, ...], code: str, message: str) -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    assert list(validator.iter_errors(BASE)) == []
    assert list(validator.iter_errors(_with_null(path)))


def test_an_empty_yaml_value_is_null_and_refused_with_its_line() -> None:
    text = "format_version: 2\nid: halland\nname:\n  sv: Kultursamverkan\ndescription:\nregion:\n"
    text += "  id: region-halland\n  name:\n    sv: Region Halland\nas_of: '2024'\n"
    with pytest.raises(kultursamverkan.ValidationError) as caught:
        kultursamverkan.loads(text, "yaml")
    [problem] = caught.value.problems
    assert (problem.path, problem.code, problem.line) == (("description",), "wrong_type", 5)
