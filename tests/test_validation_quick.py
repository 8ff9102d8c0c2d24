"""The cross-object checks' quick answer agrees with the detailed walk.

``validation.check`` first asks, without building a path for every reference,
whether anything is wrong at all (``_targets_fit``, ``_quiet``) and answers ``[]``
when nothing is; only otherwise does it walk again with paths. So the quick test
must see the same references as ``_refs`` and never call a structure valid that the
detailed walk finds a problem in: checked on the examples, on generated structures,
and on generated structures with one reference pointed somewhere else.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kultursamverkan
from kultursamverkan import converter, fastjson, io, validation
from kultursamverkan import model as m
from kultursamverkan.model import Structure
from kultursamverkan.values import LocalizedText, PartialDate
from kultursamverkan.vocab import BodyKind
from tests import strategies

COMPLETE = Path(__file__).parent.parent / "examples" / "complete.yaml"
EXAMPLES = sorted((Path(__file__).parent.parent / "examples" / "regions").glob("*.yaml"))


def _detailed(structure: Structure) -> list[Any]:
    """Every problem, found the slow way (every generator walked to its end)."""
    index, problems = validation._index(structure)
    problems.extend(validation._references(structure, index))
    problems.extend(validation._cycles(structure))
    problems.extend(validation._representation_dates(structure, index))
    problems.extend(validation._field_names(structure))
    return problems


def _walked(structure: Structure) -> Counter[tuple[str, tuple[type, ...]]]:
    return Counter((target, tuple(kinds)) for _path, target, kinds in validation._refs(structure) if kinds)


def _grouped(structure: Structure) -> Counter[tuple[str, tuple[type, ...]]]:
    return Counter((target, kinds) for ids, kinds in validation._reference_groups(structure) for target in ids)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_the_quick_test_sees_every_reference(path: Path) -> None:
    structure = kultursamverkan.load(path)
    assert _grouped(structure) == _walked(structure)
    assert sum(_walked(structure).values()) >= 5
    assert validation.check(structure) == [] == _detailed(structure)


@settings(max_examples=25, deadline=None)
@given(strategies.structures())
def test_generated_structures_the_quick_test_sees_every_reference(structure: Structure) -> None:
    assert _grouped(structure) == _walked(structure)
    assert validation.check(structure) == _detailed(structure)


@st.composite
def repointed(draw: st.DrawFn) -> Structure:
    """A generated structure with one reference pointed at another object, or at nothing."""
    structure = draw(strategies.structures())
    paths = [path for path, _target, _kinds in validation._refs(structure)]
    if not paths:
        return structure
    path = draw(st.sampled_from(paths))
    ids = sorted(structure.by_id())
    data = converter.unstructure(structure)
    holder: Any = data
    for part in path[:-1]:
        holder = holder[part]
    holder[path[-1]] = draw(st.sampled_from([*ids, "nowhere"]))
    try:
        return converter.structure(data, Structure)
    except converter.StructureFailed:  # a rule inside one object (a repeated id in a list): not this test's
        return structure


@settings(max_examples=50, deadline=None)
@given(repointed())
def test_a_repointed_reference_gets_the_same_answer_both_ways(structure: Structure) -> None:
    assert validation.check(structure) == _detailed(structure)
    collected = _collected(structure)
    if collected is not None:  # the references the JSON loader collects: never quick where a problem is
        references, marked = collected
        assert not (validation.fits(structure, references, marked=marked) and _detailed(structure))


def _collected(structure: Structure) -> Any:
    """The references (and ``marked``) the msgspec route collects while it builds ``structure`` from JSON."""
    found = fastjson.read_collecting(io.dumps(structure, "json"))
    if found is None:  # no msgspec, or a text that route declines
        return None
    assert found[0] == structure
    return found[2]


def _kinds(pairs: Any) -> Counter[tuple[str, frozenset[type]]]:
    return Counter((target, frozenset(kinds)) for target, kinds in pairs)


@pytest.mark.skipif(fastjson.msgspec is None, reason="the msgspec route needs msgspec")
@settings(max_examples=25, deadline=None)
@given(strategies.structures())
def test_the_collected_references_hold_every_reference_with_the_same_kinds(structure: Structure) -> None:
    """``validation.fits`` is only as strict as the collection: every reference ``_refs`` walks is in
    it, with the kinds the walk tests (it may hold more: a field's every place)."""
    collected = _collected(structure)
    assert collected is not None
    references, marked = collected
    walked = _kinds((target, kinds) for _path, target, kinds in validation._refs(structure) if kinds)
    held = _kinds((target, kinds) for ids, kinds in references for target in ids)
    assert walked - held == Counter()
    assert marked == validation._any_marked(structure)
    assert validation.fits(structure, references, marked=marked) == (validation.check(structure) == [])


def test_field_kinds_are_the_kinds_the_walk_tests() -> None:
    """What ``fastjson`` collects a field's references under is what ``_refs`` tests them for."""
    structure = kultursamverkan.load(COMPLETE)
    seen = 0
    for path, _target, kinds in validation._refs(structure):
        holder: Any = structure
        steps = list(path[:-1]) if isinstance(path[-1], int) else list(path)
        name = steps.pop()
        for step in steps:
            holder = holder[step] if isinstance(step, int) else getattr(holder, step)
        if (type(holder), name) == (m.Relation, "target"):
            continue
        assert set(validation.field_kinds(type(holder), name) or ()) == set(kinds or ()), (type(holder), name)
        seen += 1
    assert seen > 30


def _lived(draw: st.DrawFn) -> tuple[PartialDate | None, PartialDate | None]:
    """A body's life: either end open, or both given in order."""
    start, end = draw(st.none() | strategies.partial_dates()), draw(st.none() | strategies.partial_dates())
    if start is not None and end is not None and end.latest() < start.earliest():
        start, end = end, start
    if start is not None and end is not None and end.latest() < start.earliest():
        end = None
    return start, end


@st.composite
def dated(draw: st.DrawFn) -> Structure:
    """Bodies with lives and representations with dates inside them or not (``_dates_fit``'s ground)."""
    lives = [_lived(draw) for _ in range(draw(st.integers(1, 3)))]
    bodies = tuple(
        m.Body(id=f"body-{i}", name=LocalizedText(sv="B"), kind=BodyKind.NETWORK, established=s, dissolved=e)
        for i, (s, e) in enumerate(lives)
    )
    people, reps = [], []
    for i in range(draw(st.integers(0, 4))):
        start, end = draw(st.none() | strategies.partial_dates()), draw(st.none() | strategies.partial_dates())
        if start is not None and end is not None and end.latest() < start.earliest():
            end = None
        people.append(m.Person(id=f"person-{i}", name="P"))
        body = draw(st.sampled_from([b.id for b in bodies]))
        reps.append(m.Representation(person=f"person-{i}", body=body, start=start, end=end))
    return Structure(
        id="s",
        name=LocalizedText(sv="S"),
        region=m.Region(id="region", name=LocalizedText(sv="R")),
        as_of=PartialDate(year=2024),
        bodies=bodies,
        people=tuple(people),
        representations=tuple(reps),
    )


@settings(max_examples=200, deadline=None)
@given(dated())
def test_the_quick_date_test_agrees_with_the_detailed_one(structure: Structure) -> None:
    index, _ = validation._index(structure)
    found = list(validation._representation_dates(structure, index))
    assert validation._dates_fit(structure) == (found == [])
    assert validation.check(structure) == _detailed(structure)


@st.composite
def linked(draw: st.DrawFn) -> Structure:
    """Bodies, organisations and plans, each ``part_of`` any of its own kind (or of none), loops and all."""
    from kultursamverkan.vocab import OrganisationKind, PlanKind, RelationType

    n = draw(st.integers(1, 4))
    ids = [f"x-{i}" for i in range(n)]

    def parent() -> str | None:
        return draw(st.none() | st.sampled_from(ids))

    bodies = tuple(
        m.Body(
            id=f"x-{i}",
            name=LocalizedText(sv="B"),
            kind=BodyKind.NETWORK,
            relations=tuple(
                m.Relation(type=RelationType.PART_OF, target=t)
                for t in dict.fromkeys(draw(st.lists(st.sampled_from(ids), max_size=2)))
            ),
        )
        for i in range(n)
    )
    kind = draw(st.sampled_from(["organisations", "plans"]))
    others = tuple(
        m.Organisation(id=f"o-{i}", name=LocalizedText(sv="O"), kind=OrganisationKind.MUNICIPALITY, part_of=p)
        if kind == "organisations"
        else m.Plan(id=f"o-{i}", name=LocalizedText(sv="P"), kind=PlanKind.CULTURE_PLAN, part_of=p)
        for i, p in enumerate(draw(st.none() | st.sampled_from([f"o-{j}" for j in range(3)])) for _ in range(3))
    )
    return Structure(
        id="s",
        name=LocalizedText(sv="S"),
        region=m.Region(id="region", name=LocalizedText(sv="R")),
        as_of=PartialDate(year=2024),
        bodies=bodies,
        **{kind: others},
    )


@settings(max_examples=300, deadline=None)
@given(linked())
def test_the_quick_loop_test_agrees_with_the_detailed_one(structure: Structure) -> None:
    """``_acyclic`` (one depth-first pass) finds a ``part_of`` loop exactly where ``_cycles`` reports one."""
    assert validation._acyclic(structure) == (next(validation._cycles(structure), None) is None)
