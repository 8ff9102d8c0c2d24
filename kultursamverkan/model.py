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

import operator
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
    ChangeAspect,
    CollaborationKind,
    DecisionPower,
    EventKind,
    NationalMinority,
    OrganisationKind,
    ParticipantCategory,
    PartyStatus,
    PlanKind,
    PlanStatus,
    RelationType,
    Renewal,
    Role,
    Scope,
    Season,
    Tier,
)

#: An identified object's id (``Structure.by_id`` reads a collection's in one pass).
_ID = operator.attrgetter("id")

# The classes below have no weakref slot (``weakref_slot=False``), except ``Structure``: the
# loaders build thousands of these objects per file, and CPython 3.10 and 3.11 let an object
# change its class (how ``fastpath._construct`` builds one cheaply) only when the class has no
# ``__weakref__`` slot. Nothing takes weak references to the parts of a structure.

#: Also the JSON Schema's pattern, so it must mean the same in JavaScript (editors) and Python:
#: ``$(?!\n)`` ends the text in both, where Python's bare ``$`` also matches before a final newline.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$(?!\n)"
ID_RE = re.compile(ID_PATTERN)
_COUNTY_CODE = re.compile(r"[0-9]{2}")
#: Party abbreviations as Swedish sources write them: S, M, C, L, KD, V, MP, SD, local parties.
_PARTY = re.compile(r"[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,9}")
FORMAT_VERSION = 2

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


_MUNICIPALITY_CODE = re.compile(r"[0-9]{4}")
_ORGANISATION_NUMBER = re.compile(r"[0-9]{6}-[0-9]{4}")
_WIKIDATA = re.compile(r"Q[1-9][0-9]*")
_DIARY_NUMBER = re.compile(r"\S(?:.*\S)?")
#: A time of day or a span: "18:00", "09:30–16:00" (en dash or hyphen).
_TIME_OF_DAY = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9](?:[–-]([01][0-9]|2[0-3]):[0-5][0-9])?")


def _pattern(code: str, regex: re.Pattern[str]):
    """A validator of an optional text that must match ``regex`` (None passes, as ``optional`` says)."""

    def check(_inst: object, attribute: attrs.Attribute, value: str) -> None:
        if value.__class__ is not str or not regex.fullmatch(value):
            raise Rule(code, field=attribute.name, value=repr(value))

    return attrs.validators.optional(check)


def _negative(_inst: object, attribute: attrs.Attribute, value: int) -> None:
    if value < 0:
        raise Rule("negative", field=attribute.name, value=value)


#: Validators of optional values say so with ``optional``, which the loader's fast path reads.
_optional_positive = attrs.validators.optional(positive)
_non_negative = attrs.validators.optional(_negative)


def _one_of(obj: object, names: tuple[str, ...], *, required: bool) -> None:
    """At most one (exactly one when ``required``) of the named fields is set (not None, not False)."""
    given = 0
    for name in names:
        value = getattr(obj, name)
        # ``value not in _UNSET``, asked the cheap way first: a plain str is none of them.
        if value is not None and value is not False and (value.__class__ is str or value not in _UNSET):
            given += 1
    if given > 1 or (required and not given):
        raise Rule("one_of", fields=", ".join(names))


_UNSET = (None, False, ())


def _not_empty(obj: attrs.AttrsInstance) -> None:
    """A value type that says nothing is refused: it could not be told from one left out."""
    names = [a.name for a in attrs.fields(type(obj))]
    if all(getattr(obj, n) in (None, False, ()) for n in names):
        raise Rule("empty", fields=", ".join(names))


def _check_format_version(_inst: object, attribute: attrs.Attribute, value: int) -> None:
    if value != FORMAT_VERSION:
        raise Rule("format_version", field=attribute.name, value=value, supported=FORMAT_VERSION)


def _unique(_inst: object, attribute: attrs.Attribute, value: tuple) -> None:
    if len(set(value)) != len(value):
        raise Rule("repeated_value", field=attribute.name)


def id_field():
    return attrs.field(validator=_check_id)


#: The attrs metadata key that marks a reference: the names of the core classes it may point at
#: (``validation`` holds the finer rules, such as which kinds a relation's type allows). Tools that
#: store references (the Wagtail plugin's choosers) read it instead of listing references by hand.
REFERENCE = "reference"

_ORGS = ("Organisation", "Region")
_ACTORS = ("Body", *_ORGS, "Collaboration")
_BY = ("Body", *_ORGS)


def ref_field(*, to: tuple[str, ...], optional: bool = False):
    """An id of another object; ``to``: the core class names it may point at."""
    if optional:
        return attrs.field(default=None, validator=attrs.validators.optional(_check_id), metadata={REFERENCE: to})
    return attrs.field(validator=_check_id, metadata={REFERENCE: to})


def refs_field(*, to: tuple[str, ...]):
    """Ids of other objects; ``to`` as for ``ref_field``."""
    return attrs.field(default=(), validator=_check_ids, metadata={REFERENCE: to})


def reference_kinds(cls: type, name: str) -> tuple[str, ...] | None:
    """The class names a field of ``cls`` may point at, or None when it is not a reference."""
    return attrs.fields_dict(cls)[name].metadata.get(REFERENCE)


def enums_field():
    return attrs.field(default=(), validator=_unique)


def count_field():
    return attrs.field(default=None, validator=_optional_positive)


@frozen(kw_only=True, weakref_slot=False)
class Source:
    """Where facts came from, and when they were read there."""

    url: str
    title: LocalizedText | None = None
    as_of: PartialDate | None = None
    #: The document's diary number (diarienummer), as the source writes it.
    diary_number: str | None = attrs.field(default=None, validator=_pattern("diary_number", _DIARY_NUMBER))


@frozen(kw_only=True, weakref_slot=False)
class Provenance:
    """Sources and as-of date of an object's facts: all of them, or only the fields named in ``fields``.

    Any identified object carries a list of these, so facts of different age and
    origin can sit side by side ("the composition as of 2023, the cadence as of 2019").
    """

    #: The object's own field names this applies to (``participants``, ``cadence``); empty: the whole object.
    fields: tuple[str, ...] = enums_field()
    as_of: PartialDate | None = None
    sources: tuple[Source, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.as_of is None and not self.sources:
            raise Rule("provenance_empty")


def provenance_field():
    return attrs.field(default=())


def not_exhaustive_field():
    """Names of the object's list fields that are examples, not the whole list ("bland andra")."""
    return attrs.field(default=(), validator=_unique)


@frozen(kw_only=True, weakref_slot=False)
class Identifiers:
    """Identifiers in public registers."""

    #: SCB's four-digit municipality code (kommunkod), e.g. "1880".
    municipality_code: str | None = attrs.field(
        default=None, validator=_pattern("municipality_code", _MUNICIPALITY_CODE)
    )
    #: Swedish organisation number, NNNNNN-NNNN.
    organisation_number: str | None = attrs.field(
        default=None, validator=_pattern("organisation_number", _ORGANISATION_NUMBER)
    )
    #: Wikidata item id, e.g. "Q104231".
    wikidata: str | None = attrs.field(default=None, validator=_pattern("wikidata", _WIKIDATA))

    def __attrs_post_init__(self) -> None:
        if self.municipality_code is None and self.organisation_number is None and self.wikidata is None:
            raise Rule("identifiers_empty")


@frozen(kw_only=True, weakref_slot=False)
class Decision:
    """A decision: who took it (an organisation, or each member for itself), when, and its diary number."""

    by: Id | None = ref_field(to=_BY, optional=True)
    #: Each member organisation decided for itself.
    by_each_member: bool = False
    date: PartialDate | None = None
    diary_number: str | None = attrs.field(default=None, validator=_pattern("diary_number", _DIARY_NUMBER))
    url: str | None = None

    def __attrs_post_init__(self) -> None:
        _one_of(self, ("by", "by_each_member"), required=False)
        if self.by is None and not self.by_each_member and self.date is None and self.diary_number is None:
            raise Rule("decision_empty")


@frozen(kw_only=True, weakref_slot=False)
class Seats:
    """How many seats: a number (or range, or approximate), per member or in total, and substitutes."""

    count: int | None = count_field()
    #: With ``count``, a range ("15–20 ledamöter").
    max: int | None = count_field()
    #: "about 20 members"
    approximate: bool = False
    #: The count is for each member organisation or each organisation of a category ("one per municipality").
    per_member: bool = False
    #: Substitutes (ersättare) beside the members, counted as ``count`` is.
    substitutes: int | None = count_field()

    def __attrs_post_init__(self) -> None:
        if self.max is not None and (self.count is None or self.max <= self.count):
            raise Rule("range_order", min=self.count, max=self.max)
        if self.count is None and self.substitutes is None:
            raise Rule("seats_empty")


@frozen(kw_only=True, weakref_slot=False)
class Remuneration:
    """Whether members are paid for their work in the body, and on what basis."""

    paid: bool = False
    #: The rule followed, e.g. "arvode enligt Region Hallands arvodesregler".
    basis: LocalizedText | None = None
    url: str | None = None

    def __attrs_post_init__(self) -> None:
        _not_empty(self)


@frozen(kw_only=True, weakref_slot=False)
class Appointment:
    """Who appoints (an organisation, a role, or each member for itself) and for how long."""

    by: Id | None = ref_field(to=_BY, optional=True)
    #: A role or category that appoints, e.g. the head of culture (``heads_of_culture``).
    by_category: ParticipantCategory | None = None
    by_each_member: bool = False
    #: Term of office in years.
    term_years: int | None = count_field()
    #: The term may be extended by this many years ("two years, renewable by one").
    extension_years: int | None = count_field()
    #: Members are renewed in turn, not all at once.
    staggered: bool = False
    remuneration: Remuneration | None = None

    def __attrs_post_init__(self) -> None:
        _one_of(self, ("by", "by_category", "by_each_member"), required=False)
        _not_empty(self)


@frozen(kw_only=True, weakref_slot=False)
class Represents:
    """What members represent: activity areas, art forms, organisations."""

    activity_areas: tuple[ActivityArea, ...] = enums_field()
    #: Art forms and fields the vocabulary has no value for ("scenkonst", "konsthantverk").
    art_forms: tuple[LocalizedText, ...] = ()
    organisations: tuple[Id, ...] = refs_field(to=_ORGS)

    def __attrs_post_init__(self) -> None:
        if not (self.activity_areas or self.art_forms or self.organisations):
            raise Rule("represents_empty")


@frozen(kw_only=True, weakref_slot=False)
class Occasion:
    """A particular meeting: one held in a season ("vårmötet"), or a dated event."""

    season: Season | None = None
    event: Id | None = ref_field(to=("Event",), optional=True)

    def __attrs_post_init__(self) -> None:
        _one_of(self, ("season", "event"), required=True)


@frozen(kw_only=True, weakref_slot=False)
class Participation:
    """An organisation, or a category of participants, in a body: its seats, who appoints, what it represents.

    ``invited`` for "bjuds in" to every meeting; ``invited_to`` for one particular meeting.
    """

    organisation: Id | None = ref_field(to=_ORGS, optional=True)
    category: ParticipantCategory | None = None
    invited: bool = False
    invited_to: Occasion | None = None
    seats: Seats | None = None
    appointment: Appointment | None = None
    represents: Represents | None = None
    note: LocalizedText | None = None

    def __attrs_post_init__(self) -> None:
        _one_of(self, ("organisation", "category"), required=True)
        if self.invited and self.invited_to is not None:
            raise Rule("one_of", fields="invited, invited_to")


#: The format-1 name of ``Participation``.
OrganisationParticipation = Participation


@frozen(kw_only=True, weakref_slot=False)
class Rotation:
    """A post that rotates between parties ("växlar mellan regionen och kommunerna med två års intervall")."""

    between: tuple[Id, ...] = refs_field(to=_ORGS)
    between_categories: tuple[ParticipantCategory, ...] = enums_field()
    #: How long each holds it.
    years: int | None = count_field()

    def __attrs_post_init__(self) -> None:
        if len(self.between) + len(self.between_categories) < 2:
            raise Rule("rotation_parties")


@frozen(kw_only=True, weakref_slot=False)
class Post:
    """Who holds a post (chair, vice chair, secretariat): an organisation, a role, whoever chairs, or in turn."""

    organisation: Id | None = ref_field(to=_ORGS, optional=True)
    category: ParticipantCategory | None = None
    #: Held by whoever chairs the body ("sekretariatet följer ordförandeskapet").
    whoever_chairs: bool = False
    rotation: Rotation | None = None
    appointment: Appointment | None = None
    note: LocalizedText | None = None

    def __attrs_post_init__(self) -> None:
        _one_of(self, ("organisation", "category", "whoever_chairs", "rotation"), required=True)


@frozen(kw_only=True, weakref_slot=False)
class RulesOfProcedure:
    """A body's rules of procedure (arbetsordning, reglemente)."""

    adopted: Decision | None = None
    url: str | None = None
    note: LocalizedText | None = None

    def __attrs_post_init__(self) -> None:
        _not_empty(self)


@frozen(kw_only=True, weakref_slot=False)
class Evaluation:
    """An evaluation of a body or plan: when, by whom, where to read it."""

    date: PartialDate | None = None
    by: Id | None = ref_field(to=_BY, optional=True)
    url: str | None = None
    summary: LocalizedText | None = None

    def __attrs_post_init__(self) -> None:
        if self.date is None and self.by is None and self.url is None and self.summary is None:
            raise Rule("evaluation_empty")


@frozen(kw_only=True, weakref_slot=False)
class ChangeEvent:
    """A change in a body's history (W3C ORG's ChangeEvent): what changed, from when."""

    date: PartialDate
    changed: tuple[ChangeAspect, ...] = enums_field()
    description: LocalizedText | None = None
    #: The cadence from ``date`` on, when the change was to the cadence.
    cadence: Cadence | None = None
    #: Who holds the changed post or role from ``date`` on (e.g. the new steering group).
    holder: Id | None = ref_field(to=_ACTORS, optional=True)

    def __attrs_post_init__(self) -> None:
        if not self.changed and self.description is None:
            raise Rule("change_empty")


@frozen(kw_only=True, weakref_slot=False)
class Meeting:
    """One dated meeting of a body. Beside the cadence, never added to it."""

    date: PartialDate
    description: LocalizedText | None = None
    location: LocalizedText | None = None
    url: str | None = None


@frozen(kw_only=True, weakref_slot=False)
class ReportingDuty:
    """A duty to report to another body or organisation, with its own frequency."""

    to: Id = ref_field(to=_BY)
    cadence: Cadence | None = None
    what: LocalizedText | None = None


@frozen(kw_only=True, weakref_slot=False)
class Region:
    """The region whose collaboration the structure describes."""

    id: Id = id_field()
    name: LocalizedText
    county_code: str | None = attrs.field(default=None, validator=attrs.validators.optional(_check_county_code))
    municipality_count: int | None = attrs.field(default=None, validator=attrs.validators.optional(positive))
    url: str | None = None
    #: When the region joined the cultural cooperation model.
    joined: PartialDate | None = None
    #: One of the pilot regions of 2011.
    pilot: bool = False
    identifiers: Identifiers | None = None
    provenance: tuple[Provenance, ...] = provenance_field()


@frozen(kw_only=True, weakref_slot=False)
class Organisation:
    """A municipality, institution, civil-society organisation, association, other region, …"""

    id: Id = id_field()
    name: LocalizedText
    kind: OrganisationKind
    minorities: tuple[NationalMinority, ...] = enums_field()
    part_of: Id | None = ref_field(to=_ORGS, optional=True)
    #: Organisations (or collaborations) this one is a member of: a municipality of an association of municipalities.
    member_of: tuple[Id, ...] = refs_field(to=(*_ORGS, "Collaboration"))
    description: LocalizedText | None = None
    abbreviation: str | None = None
    alternative_names: tuple[LocalizedText, ...] = ()
    #: Earlier names ("tidigare Kulturkonsulentnätverket i Örebro län").
    former_names: tuple[LocalizedText, ...] = ()
    identifiers: Identifiers | None = None
    mandate: tuple[LocalizedText, ...] = ()
    url: str | None = None
    provenance: tuple[Provenance, ...] = provenance_field()
    not_exhaustive: tuple[str, ...] = not_exhaustive_field()


@frozen(kw_only=True, weakref_slot=False)
class Relation:
    """``type`` from the owning body to ``target``; the type must fit the target's kind (see ``validation``)."""

    type: RelationType
    target: Id = ref_field(to=(*_ACTORS, "EventSeries", "Event", "Plan", "Agreement"))
    #: Where it happens: "the dialogues are followed up at" an event or event series.
    at: Id | None = ref_field(to=("Event", "EventSeries"), optional=True)


@frozen(kw_only=True, weakref_slot=False)
class Body:
    """A collaboration body: forum, network, council, consultation, group, …"""

    id: Id = id_field()
    name: LocalizedText
    kind: BodyKind
    tier: Tier | None = None
    #: Further tiers a body spans (heads of culture meeting with political presidia).
    also_tiers: tuple[Tier, ...] = enums_field()
    scope: Scope | None = None
    description: LocalizedText | None = None
    purpose: LocalizedText | None = None
    participants: tuple[ParticipantCategory, ...] = enums_field()
    #: Qualifies the participant categories, e.g. "med ansvar för kultur".
    participants_note: LocalizedText | None = None
    #: Organisations and categories taking part, with their seats, appointment and invitations.
    organisations: tuple[Participation, ...] = ()
    #: Seats in total ("about 20 members").
    seats: Seats | None = None
    #: How members are appointed, when the same for all.
    appointment: Appointment | None = None
    #: Whom the body's work is for (children and young people), distinct from who takes part.
    target_groups: tuple[ParticipantCategory, ...] = enums_field()
    #: The organisation that convenes the body and runs its meetings.
    convener: Id | None = ref_field(to=_ORGS, optional=True)
    chair: Post | None = None
    vice_chair: Post | None = None
    secretariat: Post | None = None
    rules_of_procedure: RulesOfProcedure | None = None
    decision_power: DecisionPower | None = None
    cadence: Cadence | None = None
    cadence_note: LocalizedText | None = None
    #: The body's own dated meetings, beside its cadence (comparisons never add them to it).
    meetings: tuple[Meeting, ...] = ()
    reporting: tuple[ReportingDuty, ...] = ()
    #: How many parallel instances there are ("de fyra delregionala överläggningarna").
    instances: int | None = attrs.field(default=None, validator=attrs.validators.optional(positive))
    mandate: tuple[LocalizedText, ...] = ()
    established: PartialDate | None = None
    #: Who founded or decided to set up the body, when.
    founded: Decision | None = None
    dissolved: PartialDate | None = None
    #: When the body is to end (``dissolved`` reads as past).
    planned_end: PartialDate | None = None
    renewal: Renewal | None = None
    permanent: bool = False
    status: BodyStatus = BodyStatus.ACTIVE
    relations: tuple[Relation, ...] = ()
    activity_areas: tuple[ActivityArea, ...] = enums_field()
    evaluations: tuple[Evaluation, ...] = ()
    history: tuple[ChangeEvent, ...] = ()
    provenance: tuple[Provenance, ...] = provenance_field()
    not_exhaustive: tuple[str, ...] = not_exhaustive_field()

    def __attrs_post_init__(self) -> None:
        if self.established and self.dissolved and self.dissolved.latest() < self.established.earliest():
            raise Rule("dissolved_before_established", dissolved=str(self.dissolved), established=str(self.established))

    @property
    def lifetime(self) -> Period | None:
        if self.established is None and self.dissolved is None:
            return None
        return Period(start=self.established, end=self.dissolved)


@frozen(kw_only=True, weakref_slot=False)
class Collaboration:
    """Several regions or organisations working together (W3C ORG's OrganizationalCollaboration)."""

    id: Id = id_field()
    name: LocalizedText
    kind: CollaborationKind
    scope: Scope
    members: tuple[Id, ...] = refs_field(to=_ORGS)
    description: LocalizedText | None = None
    purpose: LocalizedText | None = None
    #: Plans and position papers the collaboration works from.
    documents: tuple[Id, ...] = refs_field(to=("Plan",))
    activity_areas: tuple[ActivityArea, ...] = enums_field()
    url: str | None = None
    provenance: tuple[Provenance, ...] = provenance_field()
    not_exhaustive: tuple[str, ...] = not_exhaustive_field()


@frozen(kw_only=True, weakref_slot=False)
class AgreementParty:
    """Where one party stands with an agreement (offered, signed, declined), and since when."""

    party: Id = ref_field(to=_ORGS)
    status: PartyStatus = PartyStatus.SIGNED
    date: PartialDate | None = None


@frozen(kw_only=True, weakref_slot=False)
class Agreement:
    """An agreement between the region and others, or one offered to each of a category."""

    id: Id = id_field()
    name: LocalizedText
    kind: AgreementKind = AgreementKind.AGREEMENT
    parties: tuple[Id, ...] = refs_field(to=_ORGS)
    #: Parties given only as a category ("organisationer från det civila samhället").
    party_categories: tuple[ParticipantCategory, ...] = enums_field()
    #: The agreement is offered to each organisation of these categories ("varje kommun").
    offered_to_each: tuple[ParticipantCategory, ...] = enums_field()
    #: Each named party's status, for an agreement offered to many and signed by some.
    party_status: tuple[AgreementParty, ...] = ()
    date: PartialDate | None = None
    period: Period | None = None
    decision: Decision | None = None
    #: The plan the agreement carries out.
    implements: Id | None = ref_field(to=("Plan",), optional=True)
    purpose: LocalizedText | None = None
    description: LocalizedText | None = None
    url: str | None = None
    provenance: tuple[Provenance, ...] = provenance_field()
    not_exhaustive: tuple[str, ...] = not_exhaustive_field()


@frozen(kw_only=True, weakref_slot=False)
class Goal:
    text: LocalizedText
    focus_areas: tuple[LocalizedText, ...] = ()
    target_groups: tuple[LocalizedText, ...] = ()
    note: LocalizedText | None = None


@frozen(kw_only=True, weakref_slot=False)
class Milestone:
    date: PartialDate
    description: LocalizedText
    #: The event at which the milestone happens, if any.
    event: Id | None = ref_field(to=("Event",), optional=True)


@frozen(kw_only=True, weakref_slot=False)
class Plan:
    """A strategy, culture plan, action plan, yearly activity plan or position paper."""

    id: Id = id_field()
    name: LocalizedText
    kind: PlanKind
    status: PlanStatus = PlanStatus.ADOPTED
    period: Period | None = None
    #: The plan was extended to this date.
    extended_to: PartialDate | None = None
    owner: Id | None = ref_field(to=(*_ORGS, "Collaboration"), optional=True)
    #: Who adopted the plan, when, under which diary number.
    adopted: Decision | None = None
    #: The plan this one implements (an action plan built on a culture plan's goals).
    based_on: Id | None = ref_field(to=("Plan",), optional=True)
    #: The plan this one is part of (a plan within a plan, one year of a yearly series).
    part_of: Id | None = ref_field(to=("Plan",), optional=True)
    description: LocalizedText | None = None
    #: Focus areas at plan level, without goals.
    focus_areas: tuple[LocalizedText, ...] = ()
    goals: tuple[Goal, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    activity_areas: tuple[ActivityArea, ...] = enums_field()
    evaluations: tuple[Evaluation, ...] = ()
    url: str | None = None
    provenance: tuple[Provenance, ...] = provenance_field()
    not_exhaustive: tuple[str, ...] = not_exhaustive_field()


@frozen(kw_only=True, weakref_slot=False)
class InterestArea:
    """A theme that parties find interesting for collaboration."""

    id: Id = id_field()
    name: LocalizedText
    description: LocalizedText | None = None
    #: Who finds the theme interesting ("flera kommuner": municipalities).
    raised_by: tuple[ParticipantCategory, ...] = enums_field()
    activity_areas: tuple[ActivityArea, ...] = enums_field()
    provenance: tuple[Provenance, ...] = provenance_field()


@frozen(kw_only=True, weakref_slot=False)
class EventSeries:
    """A recurring event that is not a body: an annual meeting place, with its editions as events."""

    id: Id = id_field()
    name: LocalizedText
    kind: EventKind
    organisers: tuple[Id, ...] = refs_field(to=_ACTORS)
    cadence: Cadence | None = None
    theme: LocalizedText | None = None
    participants: tuple[ParticipantCategory, ...] = enums_field()
    description: LocalizedText | None = None
    location: LocalizedText | None = None
    established: PartialDate | None = None
    url: str | None = None
    provenance: tuple[Provenance, ...] = provenance_field()
    not_exhaustive: tuple[str, ...] = not_exhaustive_field()


@frozen(kw_only=True, weakref_slot=False)
class Event:
    """A dated event: a meeting place, conference, a particular meeting, or an edition of a series."""

    id: Id = id_field()
    name: LocalizedText
    kind: EventKind
    date: PartialDate
    end: PartialDate | None = None
    #: The series this event is an edition of.
    series: Id | None = ref_field(to=("EventSeries",), optional=True)
    body: Id | None = ref_field(to=("Body",), optional=True)
    organisers: tuple[Id, ...] = refs_field(to=_ACTORS)
    theme: LocalizedText | None = None
    participants: tuple[ParticipantCategory, ...] = enums_field()
    #: How many took part; ``attendance_approximate`` for "about 200".
    attendance: int | None = count_field()
    attendance_approximate: bool = False
    #: Time of day, "18:00" or "09:30–16:00".
    time: str | None = attrs.field(default=None, validator=_pattern("time_of_day", _TIME_OF_DAY))
    description: LocalizedText | None = None
    #: The venue.
    location: LocalizedText | None = None
    url: str | None = None
    provenance: tuple[Provenance, ...] = provenance_field()
    not_exhaustive: tuple[str, ...] = not_exhaustive_field()

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end.latest() < self.date.earliest():
            raise Rule("event_reversed", start=str(self.date), end=str(self.end))
        if self.attendance_approximate and self.attendance is None:
            raise Rule("one_of", fields="attendance, attendance_approximate")


@frozen(kw_only=True, weakref_slot=False)
class Funding:
    """Money from one party to another for a year, in SEK."""

    funder: Id = ref_field(to=(*_ORGS, "Collaboration"))
    recipient: Id | None = ref_field(to=_ACTORS, optional=True)
    #: The recipients given as a category ("kultur- och fritidsorganisationer").
    recipient_category: ParticipantCategory | None = None
    year: int = attrs.field(validator=attrs.validators.and_(attrs.validators.ge(1000), attrs.validators.le(9999)))
    amount_sek: int | None = attrs.field(default=None, validator=_non_negative)
    approximate: bool = False
    purpose: LocalizedText | None = None
    decision: Decision | None = None

    def __attrs_post_init__(self) -> None:
        _one_of(self, ("recipient", "recipient_category"), required=True)


@frozen(kw_only=True, weakref_slot=False)
class Person:
    id: Id = id_field()
    name: str = attrs.field(validator=_check_name)
    #: Job title, e.g. "kulturchef i Region Örebro län".
    title: LocalizedText | None = None
    #: Party abbreviation as Swedish sources write it: S, M, C, L, KD, V, MP, SD, …
    party: str | None = attrs.field(default=None, validator=attrs.validators.optional(_check_party))
    provenance: tuple[Provenance, ...] = provenance_field()


@frozen(kw_only=True, weakref_slot=False)
class Representation:
    """A person in a body, on behalf of an organisation, for a time."""

    person: Id = ref_field(to=("Person",))
    body: Id = ref_field(to=("Body",))
    on_behalf_of: Id | None = ref_field(to=_ORGS, optional=True)
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
    event_series: tuple[EventSeries, ...] = ()
    events: tuple[Event, ...] = ()
    people: tuple[Person, ...] = ()
    representations: tuple[Representation, ...] = ()
    funding: tuple[Funding, ...] = ()

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
            self.event_series,
            self.events,
            self.people,
        ):
            index.update(zip(map(_ID, collection), collection, strict=True))
        return index
