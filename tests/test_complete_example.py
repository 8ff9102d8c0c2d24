"""examples/complete.yaml shows every construct of the format: every field of every class is used in it."""

from __future__ import annotations

import typing
from pathlib import Path

import attrs
import jsonschema
import pytest

import kultursamverkan
from kultursamverkan import converter, model
from kultursamverkan.cadence import CADENCE_KINDS
from kultursamverkan.schema import json_schema

COMPLETE = Path(__file__).parent.parent / "examples" / "complete.yaml"
#: The cadence forms: what they share (qualifier, phase) need only be shown on one of them.
FORMS = {cls.__name__ for cls in CADENCE_KINDS.values()}


def _classes(cls: type, seen: set[type]) -> set[type]:
    """Every attrs class reachable from ``cls`` through its fields' types."""
    if cls in seen:
        return seen
    seen.add(cls)
    for hint in typing.get_type_hints(cls).values():
        for t in _flatten(hint):
            if attrs.has(t):
                _classes(t, seen)
    return seen


def _flatten(t: object) -> list[object]:
    args = typing.get_args(t)
    return [x for a in args for x in _flatten(a)] if args else [t]


def _used(obj: object, out: set[tuple[str, str]]) -> None:
    """(class, field) for every field holding a value other than its default."""
    if isinstance(obj, tuple):
        for item in obj:
            _used(item, out)
        return
    if not attrs.has(type(obj)):
        return
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        # A field whose default is a real value (per: year, status: active) is shown by being there.
        shown = field.default is attrs.NOTHING or field.default not in (None, (), False)
        if shown or value != field.default:
            owner = "_Form" if field.name in ("qualifier", "during") and type(obj).__name__ in FORMS else None
            out.add((owner or type(obj).__name__, field.name))
        _used(value, out)


def test_every_field_of_every_class_is_used() -> None:
    structure = kultursamverkan.load(COMPLETE)
    used: set[tuple[str, str]] = set()
    _used(structure, used)
    every = {
        ("_Form" if f.name in ("qualifier", "during") and cls.__name__ in FORMS else cls.__name__, f.name)
        for cls in _classes(model.Structure, set()) | set(CADENCE_KINDS.values())
        for f in attrs.fields(cls)
    }
    assert every - used == set()


def test_every_cadence_form_and_new_enum_value_is_shown() -> None:
    structure = kultursamverkan.load(COMPLETE)
    forms = {type(b.cadence).kind for b in structure.bodies if b.cadence is not None}
    assert {"count", "interval", "range", "as_needed"} <= forms
    kinds = {b.kind.value for b in structure.bodies}
    assert {"presidium", "preparatory_group", "council_committee", "working_committee", "reference_group"} <= kinds
    assert {"umbrella", "project", "unknown"} <= kinds
    relations = {r.type.value for b in structure.bodies for r in b.relations}
    from kultursamverkan.vocab import RelationType

    assert relations == {t.value for t in RelationType}


def test_complete_example_matches_the_schema_and_round_trips() -> None:
    structure = kultursamverkan.load(COMPLETE)
    jsonschema.validate(converter.unstructure(structure), json_schema())
    for fmt in ("yaml", "json", "toml"):
        assert kultursamverkan.loads(kultursamverkan.dumps(structure, fmt), fmt) == structure


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        (
            "sv",
            [
                "som regel två gånger per år, på våren och hösten",
                "växelvis mellan Region Exempel och kommuner, två år vardera",
                "den som är ordförande",
                "två per medlem och en ersättare",
                "omkring 20",
                "vårmötet",
                "våren 2021",
                "omkring 2012",
                "2023/24",
                "vart tredje till fjärde år",
                "under dialogperioden inför varje ny kulturplan",
                "diarienummer KN 2022/88",
                "1 500 000 kronor",
                "Hållna möten",
                "Återkommande evenemang",
                "följer upp Regional kulturplan 2020–2023",
            ],
        ),
        (
            "en",
            [
                "as a rule twice a year, in spring and autumn",
                "in turn between Region Exempel and municipalities, two years each",
                "whoever chairs",
                "two per member, and one substitute",
                "about 20",
                "the spring meeting",
                "spring 2021",
                "around 2012",
                "2023/24",
                "every third to fourth year",
                "during the dialogue period before each new culture plan",
                "diary number KN 2022/88",
                "1,500,000 kronor",
                "Meetings held",
                "Recurring events",
                "follows up Regional culture plan 2020–2023",
            ],
        ),
    ],
)
def test_complete_example_renders_every_construct_in_both_languages(lang: str, phrases: list[str]) -> None:
    text = kultursamverkan.render(kultursamverkan.load(COMPLETE), lang=lang, format="text")
    text = " ".join(text.split())
    missing = [p for p in phrases if p not in text]
    assert not missing, missing
