"""The collaboration-structure model: small, frozen, keyword-only attrs classes.

One ``Structure`` describes how one region organises its culture collaboration at
one point in time (``as_of``). Everything with an ``id`` lives in one id space per
structure, so a relation can point at a body, an organisation or a collaboration
alike. Ids are lowercase ASCII slugs, ``ID_PATTERN``: a–z, digits and single hyphens
(the file's author writes them: "Sáminuorra" becomes ``saminuorra`` by hand).

Conversion to and from files lives in ``converter``; cross-object checks (dangling
references, cycles, dates outside a body's lifetime) live in ``validation``.
"""

from __future__ import annotations

import re
from typing import NewType

import attrs
from attrs import frozen

from .cadence import Cadence, positive
from .errors import Rule
from .values import LocalizedText, PartialDate, Period
from .vocab import (
    ActivityArea,
    AgreementKind,
    BodyKind,
    BodyStatus,
    CollaborationKind,
    EventKind,
    NationalMinority,
    OrganisationKind,
    ParticipantCategory,
    PlanKind,
    PlanStatus,
    RelationType,
    Renewal,
    Role,
    Scope,
    Tier,
)

#: Also the JSON Schema's pattern, so it must mean the same in JavaScript (editors) and Python:
#: ``$(?!\n)`` ends the text in both, where Python's bare ``$`` also matches before a final newline.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$(?!\n)"
ID_RE = re.compile(ID_PATTERN)
_COUNTY_CODE = re.compile(r"\d{2}")
#: Party abbreviations as Swedish sources write them: S, M, C, L, KD, V, MP, SD, local parties.
_PARTY = re.compile(r"[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,9}")
FORMAT_VERSION = 1

#: An identifier in a structure's id space; the converter checks its form.
Id = NewType("Id", str)


def _check_id(_inst: object, attribute: attrs.Attribute, value: str) -> None:
    if not isinstance(value, str) or not ID_RE.fullmatch(value):
        raise Rule("invalid_id", field=attribute.name, value=repr(value))


def _check_ids(inst: object, attribute: attrs.Attribute, value: tuple[str, ...]) -> None:
    for item in value:
        _check_id(inst, attribute, item)
    if len(set(value)) != len(value):
        raise Rule("repeated_id", field=attribute.name)


def _check_county_code(_inst: object, attribute: attrs.Attribute, value: str) -> None:
    if not _COUNTY_CODE.fullmatch(value):
        raise Rule("county_code", field=attribute.name, value=repr(value))


def _check_party(_inst: object, attribute: attrs.Attribute, value: str) -> None:
    if not _PARTY.fullmatch(value):
        raise Rule("party", field=attribute.name, value=repr(value))


def _check_name(_inst: object, attribute: attrs.Attribute, value: str) -> None:
    if not value.strip():
        raise Rule("name_blank", field=attribute.name)


def _check_format_version(_inst: object, attribute: attrs.Attribute, value: int) -> None:
    if value != FORMAT_VERSION:
        raise Rule("format_version", field=attribute.name, value=value, supported=FORMAT_VERSION)


def _unique(_inst: object, attribute: attrs.Attribute, value: tuple) -> None:
    if len(set(value)) != len(value):
        raise Rule("repeated_value", field=attribute.name)


def id_field():
    return attrs.field(validator=_check_id)


def ref_field(*, optional: bool = False):
    if optional:
        return attrs.field(default=None, validator=attrs.validators.optional(_check_id))
    return attrs.field(validator=_check_id)


def refs_field():
    return attrs.field(default=(), validator=_check_ids)


def enums_field():
    return attrs.field(default=(), validator=_unique)


@frozen(kw_only=True)
class Source:
    """Where facts came from, and when they were read there."""

    url: str
    title: LocalizedText | None = None
    as_of: PartialDate | None = None


@frozen(kw_only=True)
class Region:
    """The region whose collaboration the structure describes."""

    id: Id = id_field()
    name: LocalizedText
    county_code: str | None = attrs.field(default=None, validator=attrs.validators.optional(_check_county_code))
    municipality_count: int | None = attrs.field(default=None, validator=attrs.validators.optional(positive))
    url: str | None = None


@frozen(kw_only=True)
class Organisation:
    """A municipality, institution, civil-society organisation, federation, other region, …"""

    id: Id = id_field()
    name: LocalizedText
    kind: OrganisationKind
    minorities: tuple[NationalMinority, ...] = enums_field()
    part_of: Id | None = ref_field(optional=True)
    description: LocalizedText | None = None
    #: Earlier names ("tidigare Kulturkonsulentnätverket i Örebro län").
    former_names: tuple[LocalizedText, ...] = ()
    url: str | None = None


@frozen(kw_only=True)
class Relation:
    """``type`` from the owning body to ``target`` (a body, organisation or collaboration id)."""

    type: RelationType
    target: Id = ref_field()


@frozen(kw_only=True)
class OrganisationParticipation:
    """A named organisation taking part in a body; ``invited`` for "bjuds in"."""

    organisation: Id = ref_field()
    invited: bool = False
    note: LocalizedText | None = None


@frozen(kw_only=True)
class Body:
    """A collaboration body: forum, network, council, consultation, group, …"""

    id: Id = id_field()
    name: LocalizedText
    kind: BodyKind
    tier: Tier | None = None
    scope: Scope | None = None
    description: LocalizedText | None = None
    purpose: LocalizedText | None = None
    participants: tuple[ParticipantCategory, ...] = enums_field()
    #: Qualifies the participant categories, e.g. "med ansvar för kultur".
    participants_note: LocalizedText | None = None
    organisations: tuple[OrganisationParticipation, ...] = ()
    #: The organisation that convenes the body and runs its meetings.
    convener: Id | None = ref_field(optional=True)
    cadence: Cadence | None = None
    cadence_note: LocalizedText | None = None
    #: How many parallel instances there are ("de fyra delregionala överläggningarna").
    instances: int | None = attrs.field(default=None, validator=attrs.validators.optional(positive))
    mandate: tuple[LocalizedText, ...] = ()
    established: PartialDate | None = None
    dissolved: PartialDate | None = None
    renewal: Renewal | None = None
    permanent: bool = False
    status: BodyStatus = BodyStatus.ACTIVE
    relations: tuple[Relation, ...] = ()
    activity_areas: tuple[ActivityArea, ...] = enums_field()

    def __attrs_post_init__(self) -> None:
        if self.established and self.dissolved and self.dissolved.latest() < self.established.earliest():
            raise Rule("dissolved_before_established", dissolved=str(self.dissolved), established=str(self.established))

    @property
    def lifetime(self) -> Period | None:
        if self.established is None and self.dissolved is None:
            return None
        return Period(start=self.established, end=self.dissolved)


@frozen(kw_only=True)
class Collaboration:
    """Several regions or organisations working together (W3C ORG's OrganizationalCollaboration)."""

    id: Id = id_field()
    name: LocalizedText
    kind: CollaborationKind
    scope: Scope
    members: tuple[Id, ...] = refs_field()
    description: LocalizedText | None = None
    purpose: LocalizedText | None = None
    #: Plans and position papers the collaboration works from.
    documents: tuple[Id, ...] = refs_field()
    activity_areas: tuple[ActivityArea, ...] = enums_field()
    url: str | None = None


@frozen(kw_only=True)
class Agreement:
    """A signed agreement between the region and others."""

    id: Id = id_field()
    name: LocalizedText
    kind: AgreementKind = AgreementKind.AGREEMENT
    parties: tuple[Id, ...] = refs_field()
    #: Parties given only as a category ("organisationer från det civila samhället").
    party_categories: tuple[ParticipantCategory, ...] = enums_field()
    date: PartialDate | None = None
    purpose: LocalizedText | None = None
    description: LocalizedText | None = None
    url: str | None = None


@frozen(kw_only=True)
class Goal:
    text: LocalizedText
    focus_areas: tuple[LocalizedText, ...] = ()
    target_groups: tuple[LocalizedText, ...] = ()
    note: LocalizedText | None = None


@frozen(kw_only=True)
class Milestone:
    date: PartialDate
    description: LocalizedText
    #: The event at which the milestone happens, if any.
    event: Id | None = ref_field(optional=True)


@frozen(kw_only=True)
class Plan:
    """A strategy, culture plan, action plan or position paper."""

    id: Id = id_field()
    name: LocalizedText
    kind: PlanKind
    status: PlanStatus = PlanStatus.ADOPTED
    period: Period | None = None
    owner: Id | None = ref_field(optional=True)
    #: The plan this one implements (an action plan built on a culture plan's goals).
    based_on: Id | None = ref_field(optional=True)
    description: LocalizedText | None = None
    goals: tuple[Goal, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    activity_areas: tuple[ActivityArea, ...] = enums_field()
    url: str | None = None


@frozen(kw_only=True)
class InterestArea:
    """A theme that parties find interesting for collaboration."""

    id: Id = id_field()
    name: LocalizedText
    description: LocalizedText | None = None
    #: Who finds the theme interesting ("flera kommuner": municipalities).
    raised_by: tuple[ParticipantCategory, ...] = enums_field()
    activity_areas: tuple[ActivityArea, ...] = enums_field()


@frozen(kw_only=True)
class Event:
    """A dated event: a meeting place, conference or a particular meeting."""

    id: Id = id_field()
    name: LocalizedText
    kind: EventKind
    date: PartialDate
    end: PartialDate | None = None
    body: Id | None = ref_field(optional=True)
    organiser: Id | None = ref_field(optional=True)
    participants: tuple[ParticipantCategory, ...] = enums_field()
    description: LocalizedText | None = None
    location: LocalizedText | None = None
    url: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end.latest() < self.date.earliest():
            raise Rule("event_reversed", start=str(self.date), end=str(self.end))


@frozen(kw_only=True)
class Person:
    id: Id = id_field()
    name: str = attrs.field(validator=_check_name)
    #: Job title, e.g. "kulturchef i Region Örebro län".
    title: LocalizedText | None = None
    #: Party abbreviation as Swedish sources write it: S, M, C, L, KD, V, MP, SD, …
    party: str | None = attrs.field(default=None, validator=attrs.validators.optional(_check_party))


@frozen(kw_only=True)
class Representation:
    """A person in a body, on behalf of an organisation, for a time."""

    person: Id = ref_field()
    body: Id = ref_field()
    on_behalf_of: Id | None = ref_field(optional=True)
    role: Role = Role.REPRESENTATIVE
    start: PartialDate | None = None
    end: PartialDate | None = None

    def __attrs_post_init__(self) -> None:
        if self.start and self.end and self.end.latest() < self.start.earliest():
            raise Rule("representation_reversed", start=str(self.start), end=str(self.end))


@frozen(kw_only=True)
class Structure:
    """How one region organises its culture collaboration, as of a date."""

    format_version: int = attrs.field(default=FORMAT_VERSION, validator=_check_format_version)
    id: Id = id_field()
    name: LocalizedText
    region: Region
    as_of: PartialDate
    description: LocalizedText | None = None
    #: The geographic levels the region says it works at, local to international.
    levels: tuple[Scope, ...] = enums_field()
    sources: tuple[Source, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    bodies: tuple[Body, ...] = ()
    collaborations: tuple[Collaboration, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    plans: tuple[Plan, ...] = ()
    interest_areas: tuple[InterestArea, ...] = ()
    events: tuple[Event, ...] = ()
    people: tuple[Person, ...] = ()
    representations: tuple[Representation, ...] = ()

    def by_id(self) -> dict[str, object]:
        """Every identified object by id (the region included); later duplicates win."""
        index: dict[str, object] = {self.region.id: self.region}
        for collection in (
            self.organisations,
            self.bodies,
            self.collaborations,
            self.agreements,
            self.plans,
            self.interest_areas,
            self.events,
            self.people,
        ):
            for item in collection:
                index[item.id] = item
        return index
