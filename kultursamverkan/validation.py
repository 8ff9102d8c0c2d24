"""Checks that span objects: ids, references, cycles and dates that must agree.

Shape and type problems are found earlier, by the converter. What is left here
needs the whole structure: an id used twice, a reference to nothing (or to the
wrong kind of thing), a ``part_of`` loop, and representations dated outside the
life of their body.
"""

from __future__ import annotations

from collections.abc import Iterator

from .errors import AnyOf, PathPart, Problem, Term, _p, format_path
from .model import Body, Collaboration, Organisation, Person, Plan, Region, Structure
from .model import Event as EventModel
from .values import Period
from .vocab import RelationType

Path = tuple[PathPart, ...]
_COLLECTIONS = (
    "organisations",
    "bodies",
    "collaborations",
    "agreements",
    "plans",
    "interest_areas",
    "events",
    "people",
)
_KIND_NAMES = {
    Region: Term("object_kind", _p("object_kind", "the region")),
    Organisation: Term("object_kind", _p("object_kind", "an organisation")),
    Body: Term("object_kind", _p("object_kind", "a body")),
    Plan: Term("object_kind", _p("object_kind", "a plan")),
    EventModel: Term("object_kind", _p("object_kind", "an event")),
    Person: Term("object_kind", _p("object_kind", "a person")),
    Collaboration: Term("object_kind", _p("object_kind", "a collaboration")),
}


def check(structure: Structure) -> list[Problem]:
    """Every cross-object problem in ``structure``; empty when it is valid."""
    index, problems = _index(structure)
    problems.extend(_references(structure, index))
    problems.extend(_cycles(structure))
    problems.extend(_representation_dates(structure, index))
    return problems


def _index(structure: Structure) -> tuple[dict[str, object], list[Problem]]:
    """Every identified object by id (the first of a repeated id), and a problem for each repeat.

    Ids are counted first; the paths to say where an id was first used are built
    only when one repeats.
    """
    index: dict[str, object] = {structure.region.id: structure.region}
    count = 1
    for name in _COLLECTIONS:
        items = getattr(structure, name)
        index.update({item.id: item for item in items})
        count += len(items)
    if len(index) == count:
        return index, []
    index = {structure.region.id: structure.region}
    first: dict[str, Path] = {structure.region.id: ("region", "id")}
    problems: list[Problem] = []
    for name in _COLLECTIONS:
        for i, item in enumerate(getattr(structure, name)):
            if item.id in index:
                where = format_path(first[item.id])
                problems.append(Problem.of((name, i, "id"), "duplicate_id", id=repr(item.id), first=where))
            else:
                index[item.id] = item
                first[item.id] = (name, i, "id")
    return index, problems


def _refs(structure: Structure) -> Iterator[tuple[Path, str, tuple[type, ...] | None]]:
    """Every reference: its path, target id, and the kinds it may point at (None: any)."""
    orgs = (Organisation, Region)
    for i, org in enumerate(structure.organisations):
        if org.part_of:
            yield ("organisations", i, "part_of"), org.part_of, orgs
    for i, body in enumerate(structure.bodies):
        for j, rel in enumerate(body.relations):
            yield ("bodies", i, "relations", j, "target"), rel.target, None
        for j, part in enumerate(body.organisations):
            yield ("bodies", i, "organisations", j, "organisation"), part.organisation, orgs
        if body.convener:
            yield ("bodies", i, "convener"), body.convener, orgs
    for i, collab in enumerate(structure.collaborations):
        for j, member in enumerate(collab.members):
            yield ("collaborations", i, "members", j), member, orgs
        for j, doc in enumerate(collab.documents):
            yield ("collaborations", i, "documents", j), doc, (Plan,)
    for i, agreement in enumerate(structure.agreements):
        for j, party in enumerate(agreement.parties):
            yield ("agreements", i, "parties", j), party, orgs
    for i, plan in enumerate(structure.plans):
        if plan.owner:
            yield ("plans", i, "owner"), plan.owner, (*orgs, Collaboration)
        if plan.based_on:
            yield ("plans", i, "based_on"), plan.based_on, (Plan,)
        for j, milestone in enumerate(plan.milestones):
            if milestone.event:
                yield ("plans", i, "milestones", j, "event"), milestone.event, (EventModel,)
    for i, event in enumerate(structure.events):
        if event.body:
            yield ("events", i, "body"), event.body, (Body,)
        if event.organiser:
            yield ("events", i, "organiser"), event.organiser, orgs
    for i, rep in enumerate(structure.representations):
        yield ("representations", i, "person"), rep.person, (Person,)
        yield ("representations", i, "body"), rep.body, (Body,)
        if rep.on_behalf_of:
            yield ("representations", i, "on_behalf_of"), rep.on_behalf_of, orgs


def _references(structure: Structure, index: dict[str, object]) -> Iterator[Problem]:
    for path, target, kinds in _refs(structure):
        found = index.get(target)
        if found is None:
            yield Problem.of(path, "dangling_reference", target=repr(target))
        elif kinds is not None and not isinstance(found, kinds):
            expected = AnyOf(tuple(dict.fromkeys(_KIND_NAMES[k] for k in kinds)))
            yield Problem.of(path, "wrong_reference", target=repr(target), expected=expected, found=_describe(found))


def _describe(obj: object) -> Term:
    return _KIND_NAMES.get(type(obj), Term("object_kind", type(obj).__name__.lower()))


def _cycles(structure: Structure) -> Iterator[Problem]:
    """``part_of`` must form a forest, among bodies and among organisations."""
    parents: dict[str, list[tuple[str, Path]]] = {}
    for i, body in enumerate(structure.bodies):
        for j, rel in enumerate(body.relations):
            if rel.type is RelationType.PART_OF:
                parents.setdefault(body.id, []).append((rel.target, ("bodies", i, "relations", j, "target")))
    for i, org in enumerate(structure.organisations):
        if org.part_of:
            parents.setdefault(org.id, []).append((org.part_of, ("organisations", i, "part_of")))
    reported: set[frozenset[str]] = set()
    for start in parents:
        stack: list[tuple[str, list[str], Path | None]] = [(start, [start], None)]
        while stack:
            node, trail, first_path = stack.pop()
            for parent, path in parents.get(node, ()):
                if parent == start:
                    loop = frozenset(trail)
                    if loop not in reported:
                        reported.add(loop)
                        chain = " → ".join([*trail, start])
                        yield Problem.of(first_path or path, "part_of_cycle", chain=chain)
                elif parent not in trail:
                    stack.append((parent, [*trail, parent], first_path or path))


def _representation_dates(structure: Structure, index: dict[str, object]) -> Iterator[Problem]:
    lifetimes: dict[str, Period | None] = {}  # each body's, made once (not once per representation)
    for i, rep in enumerate(structure.representations):
        if rep.start is None and rep.end is None:
            continue
        if rep.body not in lifetimes:
            body = index.get(rep.body)
            lifetimes[rep.body] = body.lifetime if isinstance(body, Body) else None
        life = lifetimes[rep.body]
        if life is None:
            continue
        for key in ("start", "end"):
            when = getattr(rep, key)
            if when is not None and not life.contains(when):
                yield Problem.of(
                    ("representations", i, key),
                    "outside_lifetime",
                    key=key,
                    when=str(when),
                    body=repr(rep.body),
                    start=str(life.start or "…"),
                    end=str(life.end or "…"),
                )
