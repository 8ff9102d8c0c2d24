"""Outputs remember phrases of model values, and still render objects built by hand with lists."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import kultursamverkan
from kultursamverkan import phrases
from kultursamverkan.cadence import Count
from kultursamverkan.memo import memo

HALLAND = Path(__file__).resolve().parents[1] / "examples" / "regions" / "halland.yaml"


def _outputs(structure: kultursamverkan.Structure) -> list[str]:
    body = structure.bodies[0]
    return [
        phrases.body_summary(body, "sv", structure),
        kultursamverkan.render(structure, lang="sv", format="html"),
        kultursamverkan.render(structure, lang="en", format="html"),
        kultursamverkan.export(structure, format="jsonld"),
        kultursamverkan.export(structure, format="svg", lang="sv"),
    ]


@pytest.mark.parametrize("field", ["cadence", "participants"])
def test_a_list_where_the_model_says_tuple_renders_as_the_tuple_does(field: str) -> None:
    structure = kultursamverkan.load(HALLAND)
    body = structure.bodies[0]
    if field == "cadence":
        as_tuple = attrs.evolve(body, cadence=Count(times=2, months=(3, 9)))
        as_list = attrs.evolve(body, cadence=Count(times=2, months=[3, 9]))  # type: ignore[arg-type]
    else:
        as_tuple = body
        as_list = attrs.evolve(body, participants=list(body.participants))  # type: ignore[arg-type]
    expected = _outputs(attrs.evolve(structure, bodies=(as_tuple, *structure.bodies[1:])))
    assert _outputs(attrs.evolve(structure, bodies=(as_list, *structure.bodies[1:]))) == expected


def test_memo_remembers_hashable_calls_and_passes_on_other_errors() -> None:
    calls = []

    @memo(8)
    def length(value: object) -> int:
        calls.append(value)
        return len(value)  # type: ignore[arg-type]

    assert length((1, 2)) == length((1, 2)) == 2
    assert length([1, 2, 3]) == length([1, 2, 3]) == 3
    assert calls == [(1, 2), [1, 2, 3], [1, 2, 3]]
    with pytest.raises(TypeError):
        length(5)  # the function's own TypeError, not swallowed


def test_remembered_answers_as_the_function_does_and_stays_within_its_bound() -> None:
    from kultursamverkan.memo import Remembered

    calls: list[str] = []

    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    remembered = Remembered(shout, 3)
    assert [remembered[w] for w in ("a", "b", "a", "c")] == ["A", "B", "A", "C"]
    assert calls == ["a", "b", "c"]  # "a" answered from memory the second time
    assert remembered["d"] == "D"  # full: starts afresh rather than growing
    assert len(remembered) == 1
    assert remembered["a"] == "A"
    assert calls == ["a", "b", "c", "d", "a"]
