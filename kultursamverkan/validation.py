"""Checks that span objects: ids, references, cycles and dates that must agree.

Shape and type problems are found earlier, by the converter. What is left here
needs the whole structure: an id used twice, a reference to nothing (or to the
wrong kind of thing; a relation's type must fit its target's kind), a ``part_of``
loop, representations dated outside the life of their body, and field names in
``not_exhaustive`` and ``provenance`` that the object does not have.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Collection, Iterator, Sequence
from datetime import date
from itertools import repeat
from operator import attrgetter
from typing import Any

import attrs

from .errors import AnyOf, PathPart, Problem, Term, _p, format_path
from .model import (
    REFERENCE,
    Agreement,
    Body,
    Collaboration,
    EventSeries,
    InterestArea,
    Organisation,
    Person,
    Plan,
    Post,
    Region,
    Relation,
    Representation,
    Structure,
)
from .model import Event as EventModel
from .values import PartialDate
from .vocab import RelationType

Path = tuple[PathPart, ...]
_COLLECTIONS = (
    "organisations",
    "bodies",
    "collaborations",
    "agreements",
    "plans",
    "interest_areas",
    "event_series",
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
    Agreement: Term("object_kind", _p("object_kind", "an agreement")),
    InterestArea: Term("object_kind", _p("object_kind", "an interest area")),
    EventSeries: Term("object_kind", _p("object_kind", "an event series")),
}
_ORGS = (Organisation, Region)
_ACTORS = (Body, Organisation, Region, Collaboration)
_EVENTS = (EventModel, EventSeries)
#: What each relation type may point at: a body ``part_of`` a plan is an error.
RELATION_TARGETS: dict[RelationType, tuple[type, ...]] = {
    RelationType.STEERING_GROUP_FOR: (Body, Organisation, Collaboration, EventSeries),
    RelationType.PART_OF: _ACTORS,
    RelationType.REPORTS_TO: (Body, *_ORGS),
    RelationType.COLLABORATES_WITH: _ACTORS,
    RelationType.IMPLEMENTS: (Plan, Agreement),
    RelationType.REFERENCE_GROUP_FOR: (Body, Organisation, Collaboration, Plan),
    RelationType.CONSULTED_ON: (Plan, Agreement),
    RelationType.PREPARES_FOR: (Body, *_ORGS),
    RelationType.DRAFTS: (Plan, Agreement),
    RelationType.ORGANISES: _EVENTS,
    RelationType.FOLLOWS_UP: (Plan, Agreement, Body, *_EVENTS),
    RelationType.CO_ARRANGES_WITH: _ACTORS,
    RelationType.PREDECESSOR_OF: (Body,),
    RelationType.SUCCESSOR_OF: (Body,),
    RelationType.MERGED_INTO: (Body,),
}


def check(structure: Structure, *, unparsed: Collection[str] = ()) -> list[Problem]:
    """Every cross-object problem in ``structure``; empty when it is valid.

    ``unparsed``: ids of objects that exist in the file but did not parse; references
    to them are not reported.
    """
    if not unparsed and _fine(structure):
        return []  # the common case, found without building a path for every reference
    index, problems = _index(structure)
    problems.extend(_references(structure, index, unparsed))
    problems.extend(_cycles(structure))
    problems.extend(_representation_dates(structure, index))
    problems.extend(_field_names(structure))
    return problems


_ID = attrgetter("id")
#: The class each collection holds.
_HOLDS: tuple[tuple[str, type], ...] = (
    ("organisations", Organisation),
    ("bodies", Body),
    ("collaborations", Collaboration),
    ("agreements", Agreement),
    ("plans", Plan),
    ("interest_areas", InterestArea),
    ("event_series", EventSeries),
    ("events", EventModel),
    ("people", Person),
)


def _fine(structure: Structure) -> bool:
    """True when the detailed checks would find nothing; asked in bulk, without paths or an index of objects."""
    ids = _ids_by_kind(structure)
    return ids is not None and _all_fit(_reference_groups(structure), ids) and _quiet(structure)


#: The classes named in reference fields' metadata (``model.REFERENCE``).
_KIND_CLASSES: dict[str, type] = {
    "Region": Region,
    "Organisation": Organisation,
    "Body": Body,
    "Collaboration": Collaboration,
    "Agreement": Agreement,
    "Plan": Plan,
    "InterestArea": InterestArea,
    "EventSeries": EventSeries,
    "Event": EventModel,
    "Person": Person,
}


def field_kinds(cls: type, name: str) -> tuple[type, ...] | None:
    """What the reference field ``cls.name`` may point at, as ``_refs`` tests it wherever it walks it; None: not so.

    The field's metadata says it, except for a relation's target, whose kinds depend
    on the relation's type (``RELATION_TARGETS``); ``tests/test_validation_quick.py``
    holds the two to the same kinds.
    """
    names = attrs.fields_dict(cls)[name].metadata.get(REFERENCE)
    if names is None or (cls is Relation and name == "target") or not set(names) <= _KIND_CLASSES.keys():
        return None
    return tuple(_KIND_CLASSES[n] for n in names)


def fits(structure: Structure, references: Sequence[tuple[Collection[str], Collection[type]]], *, marked: bool) -> bool:
    """True when ``check`` would find nothing, given every reference of the structure with the kinds it may point at.

    For a loader that collected the references while it built the objects (``fastjson``;
    so every collection holds objects of its own class):
    the quick test without its own walk over the structure (``_reference_groups``). The
    collection may hold more references than ``_refs`` walks (a field's every place),
    and ``marked``: some object has ``not_exhaustive`` or ``provenance``; either can only
    make this answer False where ``check`` finds nothing, never True where it finds a problem.

    Each object's id is mapped to its class (``_kind_of``), so a group of references fits
    when the classes of its targets are among its kinds: one set test in C per group
    (a dangling target's class is None, which no group has).
    """
    kind_of = _kind_of(structure)
    if kind_of is None:
        return False
    get = kind_of.get
    for targets, kinds in references:
        if targets and not (kinds if kinds.__class__ is frozenset else frozenset(kinds)).issuperset(map(get, targets)):
            return False  # (the loader passes the kinds as frozensets already)
    return _quiet(structure, marked=marked)


#: The collections of a structure, all in one call, beside the class each holds.
_COLLECTIONS_OF = attrgetter(*(name for name, _ in _HOLDS))
_HELD = tuple(cls for _, cls in _HOLDS)


def _kind_of(structure: Structure) -> dict[str, type] | None:
    """The class of the object each id names, for a structure built from a file; None when an id repeats."""
    region = structure.region
    if region.__class__ is not Region:
        return None
    kind_of: dict[str, type] = {region.id: Region}
    count = 1
    for items, cls in zip(_COLLECTIONS_OF(structure), _HELD, strict=True):
        if items:
            for item in items:  # one insertion each: cheaper than building a dict to merge
                kind_of[item.id] = cls
            count += len(items)
    return kind_of if len(kind_of) == count else None


def _ids_by_kind(structure: Structure) -> dict[type, set[str]] | None:
    """The ids of each kind of object; None when an id repeats (or a collection holds another class).

    What ``_index`` finds, as sets: a reference fits when its target is in the set of
    a kind it may point at, as when ``_references`` finds the object and tests its class.
    """
    region = structure.region
    if region.__class__ is not Region:
        return None
    ids: dict[type, set[str]] = {Region: {region.id}}
    count = 1
    for name, cls in _HOLDS:
        items = getattr(structure, name)
        if items:
            if set(map(type, items)) != {cls}:
                return None
            ids[cls] = kind = set(map(_ID, items))
            if len(kind) != len(items):
                return None
            count += len(items)
        else:
            ids[cls] = set()
    if len(set().union(*ids.values())) != count:
        return None
    return ids


def _index(structure: Structure) -> tuple[dict[str, object], list[Problem]]:
    """Every identified object by id (the first of a repeated id), and a problem for each repeat.

    Ids are counted first; the paths to say where an id was first used are built
    only when one repeats.
    """
    index: dict[str, object] = {structure.region.id: structure.region}
    count = 1
    for name in _COLLECTIONS:
        items = getattr(structure, name)
        index.update(zip(map(_ID, items), items, strict=True))
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


def _post_refs(path: Path, post: Post | None) -> Iterator[tuple[Path, str, tuple[type, ...] | None]]:
    if post is None:
        return
    if post.organisation:
        yield (*path, "organisation"), post.organisation, _ORGS
    if post.rotation is not None:
        for j, party in enumerate(post.rotation.between):
            yield (*path, "rotation", "between", j), party, _ORGS
    yield from _appointment_refs((*path, "appointment"), post.appointment)


def _appointment_refs(path: Path, appointment: object) -> Iterator[tuple[Path, str, tuple[type, ...] | None]]:
    by = getattr(appointment, "by", None)
    if by:
        yield (*path, "by"), by, (Body, *_ORGS)


def _decision_refs(path: Path, decision: object) -> Iterator[tuple[Path, str, tuple[type, ...] | None]]:
    by = getattr(decision, "by", None)
    if by:
        yield (*path, "by"), by, (Body, *_ORGS)


def _refs(structure: Structure) -> Iterator[tuple[Path, str, tuple[type, ...] | None]]:
    """Every reference: its path, target id, and the kinds it may point at (None: any)."""
    orgs = _ORGS
    for i, org in enumerate(structure.organisations):
        if org.part_of:
            yield ("organisations", i, "part_of"), org.part_of, orgs
        for j, parent in enumerate(org.member_of):
            yield ("organisations", i, "member_of", j), parent, (*orgs, Collaboration)
    for i, body in enumerate(structure.bodies):
        here: Path = ("bodies", i)
        for j, rel in enumerate(body.relations):
            yield (*here, "relations", j, "target"), rel.target, RELATION_TARGETS[rel.type]
            if rel.at:
                yield (*here, "relations", j, "at"), rel.at, _EVENTS
        for j, part in enumerate(body.organisations):
            where = (*here, "organisations", j)
            if part.organisation:
                yield (*where, "organisation"), part.organisation, orgs
            if part.invited_to is not None and part.invited_to.event:
                yield (*where, "invited_to", "event"), part.invited_to.event, (EventModel,)
            yield from _appointment_refs((*where, "appointment"), part.appointment)
            if part.represents is not None:
                for k, org_id in enumerate(part.represents.organisations):
                    yield (*where, "represents", "organisations", k), org_id, orgs
        yield from _appointment_refs((*here, "appointment"), body.appointment)
        if body.convener:
            yield (*here, "convener"), body.convener, orgs
        for key in ("chair", "vice_chair", "secretariat"):
            yield from _post_refs((*here, key), getattr(body, key))
        if body.rules_of_procedure is not None:
            yield from _decision_refs((*here, "rules_of_procedure", "adopted"), body.rules_of_procedure.adopted)
        for j, duty in enumerate(body.reporting):
            yield (*here, "reporting", j, "to"), duty.to, (Body, *orgs)
        yield from _decision_refs((*here, "founded"), body.founded)
        for j, evaluation in enumerate(body.evaluations):
            if evaluation.by:
                yield (*here, "evaluations", j, "by"), evaluation.by, (Body, *orgs)
        for j, change in enumerate(body.history):
            if change.holder:
                yield (*here, "history", j, "holder"), change.holder, _ACTORS
    for i, collab in enumerate(structure.collaborations):
        for j, member in enumerate(collab.members):
            yield ("collaborations", i, "members", j), member, orgs
        for j, doc in enumerate(collab.documents):
            yield ("collaborations", i, "documents", j), doc, (Plan,)
    for i, agreement in enumerate(structure.agreements):
        for j, party in enumerate(agreement.parties):
            yield ("agreements", i, "parties", j), party, orgs
        for j, status in enumerate(agreement.party_status):
            yield ("agreements", i, "party_status", j, "party"), status.party, orgs
        if agreement.implements:
            yield ("agreements", i, "implements"), agreement.implements, (Plan,)
        yield from _decision_refs(("agreements", i, "decision"), agreement.decision)
    for i, plan in enumerate(structure.plans):
        if plan.owner:
            yield ("plans", i, "owner"), plan.owner, (*orgs, Collaboration)
        if plan.based_on:
            yield ("plans", i, "based_on"), plan.based_on, (Plan,)
        if plan.part_of:
            yield ("plans", i, "part_of"), plan.part_of, (Plan,)
        yield from _decision_refs(("plans", i, "adopted"), plan.adopted)
        for j, milestone in enumerate(plan.milestones):
            if milestone.event:
                yield ("plans", i, "milestones", j, "event"), milestone.event, (EventModel,)
        for j, evaluation in enumerate(plan.evaluations):
            if evaluation.by:
                yield ("plans", i, "evaluations", j, "by"), evaluation.by, (Body, *orgs)
    for i, series in enumerate(structure.event_series):
        for j, organiser in enumerate(series.organisers):
            yield ("event_series", i, "organisers", j), organiser, _ACTORS
    for i, event in enumerate(structure.events):
        if event.series:
            yield ("events", i, "series"), event.series, (EventSeries,)
        if event.body:
            yield ("events", i, "body"), event.body, (Body,)
        for j, organiser in enumerate(event.organisers):
            yield ("events", i, "organisers", j), organiser, _ACTORS
    for i, rep in enumerate(structure.representations):
        yield ("representations", i, "person"), rep.person, (Person,)
        yield ("representations", i, "body"), rep.body, (Body,)
        if rep.on_behalf_of:
            yield ("representations", i, "on_behalf_of"), rep.on_behalf_of, orgs
    for i, funding in enumerate(structure.funding):
        yield ("funding", i, "funder"), funding.funder, (*orgs, Collaboration)
        if funding.recipient:
            yield ("funding", i, "recipient"), funding.recipient, _ACTORS
        yield from _decision_refs(("funding", i, "decision"), funding.decision)


_BODY_OR_ORG = (Body, *_ORGS)
_ORG_OR_COLLAB = (*_ORGS, Collaboration)
_EVENT = (EventModel,)
_PLAN = (Plan,)


def _all_fit(references: Sequence[tuple[Collection[str], tuple[type, ...]]], ids: dict[type, set[str]]) -> bool:
    """True when every reference (target ids grouped by the kinds they may point at) points at an object of such a kind.

    Tested in bulk, as set inclusions (``ids``: from ``_ids_by_kind``), without paths;
    only when this fails are the references walked again, with paths, to say where.
    """
    for targets, kinds in references:
        if not targets:
            continue
        if len(kinds) == 1:
            if not ids[kinds[0]].issuperset(targets):
                return False
            continue
        # What no kind has: ``set - set`` walks the smaller side (the targets), not the ids.
        rest = set(targets)
        for kind in kinds:
            rest = rest - ids[kind]
            if not rest:
                break
        else:
            return False
    return True


def _reference_groups(structure: Structure) -> list[tuple[Sequence[str], tuple[type, ...]]]:
    """The references ``_refs`` yields, without their paths: target ids grouped by the kinds they may point at.

    A test holds the two to the same references.
    """
    orgs: list[str] = []
    body_or_org: list[str] = []
    org_or_collab: list[str] = []
    actors: list[str] = []
    events: list[str] = []
    event: list[str] = []
    plan: list[str] = []
    relations: dict[RelationType, list[str]] = {}
    holders: list[object] = []  # appointments and decisions, whose ``by`` is a body or an organisation
    hold = holders.append
    for org in structure.organisations:
        if org.part_of:
            orgs.append(org.part_of)
        org_or_collab.extend(org.member_of)
    for body in structure.bodies:
        for rel in body.relations:
            relations.setdefault(rel.type, []).append(rel.target)
            if rel.at:
                events.append(rel.at)
        for part in body.organisations:
            if part.organisation:
                orgs.append(part.organisation)
            if part.invited_to is not None and part.invited_to.event:
                event.append(part.invited_to.event)
            hold(part.appointment)
            if part.represents is not None:
                orgs.extend(part.represents.organisations)
        hold(body.appointment)
        if body.convener:
            orgs.append(body.convener)
        for post in (body.chair, body.vice_chair, body.secretariat):
            if post is not None:
                if post.organisation:
                    orgs.append(post.organisation)
                if post.rotation is not None:
                    orgs.extend(post.rotation.between)
                hold(post.appointment)
        if body.rules_of_procedure is not None:
            hold(body.rules_of_procedure.adopted)
        body_or_org.extend([duty.to for duty in body.reporting])
        hold(body.founded)
        body_or_org.extend([e.by for e in body.evaluations if e.by])
        actors.extend([change.holder for change in body.history if change.holder])
    for collab in structure.collaborations:
        orgs.extend(collab.members)
        plan.extend(collab.documents)
    for agreement in structure.agreements:
        orgs.extend(agreement.parties)
        orgs.extend([status.party for status in agreement.party_status])
        if agreement.implements:
            plan.append(agreement.implements)
        hold(agreement.decision)
    for p in structure.plans:
        if p.owner:
            org_or_collab.append(p.owner)
        if p.based_on:
            plan.append(p.based_on)
        if p.part_of:
            plan.append(p.part_of)
        hold(p.adopted)
        event.extend([milestone.event for milestone in p.milestones if milestone.event])
        body_or_org.extend([e.by for e in p.evaluations if e.by])
    for series in structure.event_series:
        actors.extend(series.organisers)
    series_refs = [e.series for e in structure.events if e.series]
    body_refs = [e.body for e in structure.events if e.body]
    for e in structure.events:
        actors.extend(e.organisers)
    reps = structure.representations
    people = [rep.person for rep in reps]
    body_refs.extend([rep.body for rep in reps])
    orgs.extend([rep.on_behalf_of for rep in reps if rep.on_behalf_of])
    for funding in structure.funding:
        org_or_collab.append(funding.funder)
        if funding.recipient:
            actors.append(funding.recipient)
        hold(funding.decision)
    body_or_org.extend(filter(None, map(getattr, holders, repeat("by"), repeat(None))))
    groups: list[tuple[Sequence[str], tuple[type, ...]]] = [
        (orgs, _ORGS),
        (body_or_org, _BODY_OR_ORG),
        (org_or_collab, _ORG_OR_COLLAB),
        (actors, _ACTORS),
        (events, _EVENTS),
        (event, _EVENT),
        (plan, _PLAN),
        (series_refs, (EventSeries,)),
        (body_refs, (Body,)),
        (people, (Person,)),
        *((targets, RELATION_TARGETS[kind]) for kind, targets in relations.items()),
    ]
    return groups


def _quiet(structure: Structure, *, marked: bool | None = None) -> bool:
    """No cycle, no representation outside its body's life, no unknown field name.

    Only asks; the detailed walks say where. Field names are looked at only when some
    object names any (``not_exhaustive``, ``provenance``), which few do; ``marked``:
    whether any does, when the caller knows.
    """
    if not _dates_fit(structure):
        return False
    if not _acyclic(structure):
        return False
    if marked is None:
        marked = _any_marked(structure)
    return not (marked and next(_field_names(structure), None) is not None)


def _acyclic(structure: Structure) -> bool:
    """``_cycles`` finds nothing: ``part_of`` links no object back to itself (asked without paths).

    Each node is settled once (depth first, an explicit stack): a ``part_of`` chain that
    comes back to a node still open is a loop.
    """
    parents: dict[str, list[str]] = {}
    part_of = RelationType.PART_OF
    for body in structure.bodies:
        for rel in body.relations:
            if rel.type is part_of:
                parents.setdefault(body.id, []).append(rel.target)
    for held in (structure.organisations, structure.plans):
        for item in held:
            if item.part_of:
                parents.setdefault(item.id, []).append(item.part_of)
    if not parents:
        return True
    done: set[str] = set()
    for start in parents:
        if start in done:
            continue
        open_: set[str] = {start}
        stack = [(start, iter(parents[start]))]
        while stack:
            node, rest = stack[-1]
            for parent in rest:
                if parent in open_:
                    return False
                if parent not in done and parent in parents:
                    open_.add(parent)
                    stack.append((parent, iter(parents[parent])))
                    break
            else:
                stack.pop()
                open_.discard(node)
                done.add(node)
    return True


def _dates_fit(structure: Structure) -> bool:
    """``_representation_dates`` finds nothing: every dated representation falls in its body's life.

    In the quick test ids are unique (``check`` asks only then), so a representation's
    body is the body of that id, as ``index`` would say. Each life is worked out once,
    as the earliest day it may begin and the latest it may end (an open end as the
    first or last day there is), and every date as its earliest and latest day
    (``_span``), as day numbers: each dated representation costs a few comparisons of
    integers.
    """
    lives: dict[str, tuple[int, int]] = {}
    known = _SPANS.get
    for body in structure.bodies:
        established, dissolved = body.established, body.dissolved
        if established is not None or dissolved is not None:
            first, last = _FIRST_DAY, _LAST_DAY
            if established is not None:
                first = (known(id(established)) or _span(established))[0]
            if dissolved is not None:
                last = (known(id(dissolved)) or _span(dissolved))[1]
            lives[body.id] = (first, last)
    if not lives:
        return True
    life_of = lives.get
    for rep in structure.representations:
        start, end = rep.start, rep.end
        if start is None and end is None:
            continue
        life = life_of(rep.body)
        if life is None:
            continue
        if start is not None:
            span = known(id(start)) or _span(start)
            if span[1] < life[0] or span[0] > life[1]:
                return False
        if end is not None:
            span = known(id(end)) or _span(end)
            if span[1] < life[0] or span[0] > life[1]:
                return False
    return True


_FIRST_DAY, _LAST_DAY = date.min.toordinal(), date.max.toordinal()
#: Each date's (earliest, latest) day numbers, by the date object's id, beside the object itself
#: (held, so the id stays its own): dates are shared (``PartialDate.parse``), and a handful
#: serve every structure read.
_SPANS: dict[int, tuple[int, int, PartialDate]] = {}


def _span(when: PartialDate) -> tuple[int, int, PartialDate]:
    """``when``'s earliest and latest day, as day numbers, once looked up in ``_SPANS`` in vain."""
    if len(_SPANS) >= 4096:
        _SPANS.clear()
    found = _SPANS[id(when)] = (when.earliest().toordinal(), when.latest().toordinal(), when)
    return found


@functools.cache
def _mark_getters(cls: type) -> tuple[attrgetter, ...]:
    """Getters of the fields of ``cls`` that ``_field_names`` looks at."""
    names = attrs.fields_dict(cls)
    return tuple(attrgetter(n) for n in ("not_exhaustive", "provenance") if n in names)


def _any_marked(structure: Structure) -> bool:
    """Some object has ``not_exhaustive`` or ``provenance`` (the only places ``_field_names`` looks)."""
    for name in ("region", *_COLLECTIONS):
        items: Sequence[Any] = (structure.region,) if name == "region" else getattr(structure, name)
        if not items:
            continue
        cls: type = type(items[0])
        if any(any(map(get, items)) for get in _mark_getters(cls)):
            return True
    return False


def _references(structure: Structure, index: dict[str, object], unparsed: Collection[str] = ()) -> Iterator[Problem]:
    for path, target, kinds in _refs(structure):
        found = index.get(target)
        if found is None:
            if target not in unparsed:
                yield Problem.of(path, "dangling_reference", target=repr(target))
        elif kinds is not None and not isinstance(found, kinds):
            expected = AnyOf(tuple(dict.fromkeys(_KIND_NAMES[k] for k in kinds)))
            yield Problem.of(path, "wrong_reference", target=repr(target), expected=expected, found=_describe(found))


def _field_names(structure: Structure) -> Iterator[Problem]:
    """``not_exhaustive`` must name list fields of its object, ``provenance.fields`` any of its fields."""
    for name in ("region", *_COLLECTIONS):
        items = [structure.region] if name == "region" else getattr(structure, name)
        for i, item in enumerate(items):
            marked, provenance = getattr(item, "not_exhaustive", ()), getattr(item, "provenance", ())
            if not marked and not provenance:  # the common case: nothing to check
                continue
            here: Path = ("region",) if name == "region" else (name, i)
            cls: type = type(item)
            fields, lists = _field_sets(cls)
            for j, field in enumerate(marked):
                if field not in lists:
                    yield _unknown_field((*here, "not_exhaustive", j), field, list(lists))
            for j, prov in enumerate(provenance):
                for k, field in enumerate(prov.fields):
                    if field not in fields:
                        yield _unknown_field((*here, "provenance", j, "fields", k), field, list(fields))


@functools.cache
def _field_sets(cls: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A class's field names, and those of its list fields (``not_exhaustive`` itself left out)."""
    fields = attrs.fields_dict(cls)
    lists = tuple(f for f, a in fields.items() if str(a.type).startswith("tuple[") and f != "not_exhaustive")
    return tuple(fields), lists


def _unknown_field(path: Path, field: str, allowed: list[str]) -> Problem:
    close = difflib.get_close_matches(field, allowed, n=1)
    if close:
        return Problem.of(path, "unknown_field_suggest", field=repr(field), allowed=", ".join(allowed), close=close[0])
    return Problem.of(path, "unknown_field", field=repr(field), allowed=", ".join(allowed))


def _describe(obj: object) -> Term:
    return _KIND_NAMES.get(type(obj), Term("object_kind", type(obj).__name__.lower()))


def _cycles(structure: Structure) -> Iterator[Problem]:
    """``part_of`` must form a forest, among bodies, organisations and plans."""
    parents: dict[str, list[tuple[str, Path]]] = {}
    for i, body in enumerate(structure.bodies):
        for j, rel in enumerate(body.relations):
            if rel.type is RelationType.PART_OF:
                parents.setdefault(body.id, []).append((rel.target, ("bodies", i, "relations", j, "target")))
    for i, org in enumerate(structure.organisations):
        if org.part_of:
            parents.setdefault(org.id, []).append((org.part_of, ("organisations", i, "part_of")))
    for i, plan in enumerate(structure.plans):
        if plan.part_of:
            parents.setdefault(plan.id, []).append((plan.part_of, ("plans", i, "part_of")))
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


def _representation_dates(
    structure: Structure, index: dict[str, object], reps: tuple[Representation, ...] | None = None
) -> Iterator[Problem]:
    """Representations dated outside their body's life (``Body.lifetime``, compared as ``Period.contains``).

    The bounds of each date are worked out once per date object: a structure shares
    a handful of dates among hundreds of representations. ``reps``: only these (the
    paths are then meaningless; the quick test only asks whether there is a problem).
    """
    lifetimes: dict[str, tuple[PartialDate | None, PartialDate | None] | None] = {}
    bounds: dict[int, tuple[date, date]] = {}

    def span(when: PartialDate) -> tuple[date, date]:
        found = bounds.get(id(when))
        if found is None:
            found = bounds[id(when)] = (when.earliest(), when.latest())
        return found

    for i, rep in enumerate(structure.representations if reps is None else reps):
        if rep.start is None and rep.end is None:
            continue
        if rep.body not in lifetimes:
            body = index.get(rep.body)
            life = (body.established, body.dissolved) if isinstance(body, Body) else None
            lifetimes[rep.body] = life if life is not None and life != (None, None) else None
        life = lifetimes[rep.body]
        if life is None:
            continue
        start, end = life
        for key in ("start", "end"):
            when = getattr(rep, key)
            if when is None:
                continue
            earliest, latest = span(when)
            if (start is None or latest >= span(start)[0]) and (end is None or earliest <= span(end)[1]):
                continue
            yield Problem.of(
                ("representations", i, key),
                "outside_lifetime",
                key=key,
                when=str(when),
                body=repr(rep.body),
                start=str(start or "…"),
                end=str(end or "…"),
            )
