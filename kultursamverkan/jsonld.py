"""A structure as JSON-LD: schema.org where it has a term, W3C ORG where it has none.

Mapping, chosen so that a search engine reading schema.org and a linked-data
client reading ORG both find what they look for:

* the structure itself is an ``org:OrganizationalCollaboration`` whose members are
  the region and the organisations, and whose sub-organisations are the bodies;
* the region is a ``GovernmentOrganization``; organisations are
  ``GovernmentOrganization`` (regions, municipalities, agencies) or ``Organization``;
* a body is an ``Organization``; its meetings are an ``Event`` with an
  ``eventSchedule`` → ``Schedule`` whose ``repeatFrequency`` is an ISO 8601
  duration when the cadence is an exact rate (4 a year → ``P3M``);
* collaborations with others are ``org:OrganizationalCollaboration`` with ``member``;
* people in bodies, and organisations only invited to them, are ``org:Membership``;
* plans and agreements are ``CreativeWork``s (an agreement's parties its creators, the plan it
  implements its basis); a plan's goals are its parts and its milestones its events, each a node,
  so every relation points at a node of the graph;
* a body's mandate, participants' note and activity areas are ``PropertyValue``s.

Every text is a language map (``{"sv": …, "en": …}``) holding only the languages
the data has: a missing translation is left out, never filled with the other
language under the wrong tag. ``@id``s are ``base_url`` + the object's id, so they
are as stable as the ids in the file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from fractions import Fraction
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any

from .cadence import Cadence, Count, Dates, Interval
from .memo import memo
from .model import Agreement, Body, Collaboration, Event, Organisation, Plan, Region, Structure
from .values import LANGUAGES, LocalizedText, PartialDate, Period
from .vocab import OrganisationKind, RelationType, TimeUnit, Vocabulary

JsonObject = dict[str, Any]

CONTEXT_RESOURCE = "jsonld_context.json"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
_GOVERNMENT_KINDS = frozenset(
    {OrganisationKind.REGION, OrganisationKind.MUNICIPALITY, OrganisationKind.GOVERNMENT_AGENCY}
)
_UNIT_DESIGNATORS = {TimeUnit.YEAR: "Y", TimeUnit.MONTH: "M", TimeUnit.WEEK: "W"}


@cache
def _context_text() -> str:
    return (resources.files("kultursamverkan") / CONTEXT_RESOURCE).read_text(encoding="utf-8")


def context_document() -> JsonObject:
    """The JSON-LD context shipped with the package (``{"@context": …}``); serve it at your context URL."""
    return json.loads(_context_text())


def default_base(structure: Structure) -> str:
    """A base that is stable without any web address: ``urn:kultursamverkan:<structure id>:``."""
    return f"urn:kultursamverkan:{structure.id}:"


def iri(base: str, *parts: str) -> str:
    """``base`` + id (+ ``/``-joined sub-parts); a base not ending in ``/``, ``#`` or ``:`` gets a ``/``."""
    sep = "" if base.endswith(("/", "#", ":")) else "/"
    return base + sep + "/".join(parts)


def text_map(text: LocalizedText | None) -> dict[str, str] | None:
    """A JSON-LD language map of the languages ``text`` really has."""
    if text is None:
        return None
    sv, en = text.sv, text.en  # ``LANGUAGES``, spelt out: the export's most frequent call
    if en is None:
        return {"sv": sv}  # type: ignore[dict-item]
    if sv is None:
        return {"en": en}
    return {"sv": sv, "en": en}


if LANGUAGES != ("sv", "en"):  # pragma: no cover - a language added to the model is added here too

    def text_map(text: LocalizedText | None) -> dict[str, str] | None:
        """A JSON-LD language map of the languages ``text`` really has."""
        if text is None:
            return None
        values = {lang: getattr(text, lang) for lang in LANGUAGES}
        return {lang: value for lang, value in values.items() if value is not None}


def _names_map(texts: tuple[LocalizedText, ...]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for text in texts:
        for lang, value in (text_map(text) or {}).items():
            out.setdefault(lang, []).append(value)
    return out


# A vocabulary's members, a few hundred in all. Typed: members are strings, and members of two
# vocabularies with one name and value (BodyKind.COMMITTEE, OrganisationKind.COMMITTEE) are equal.
@lru_cache(maxsize=None, typed=True)
def _labels_of(member: Vocabulary) -> dict[str, str]:
    from . import i18n

    return {lang: i18n.label(member, lang) for lang in LANGUAGES}


@memo(1024)  # bounded; many bodies share a cadence, and phrasing one is the export's dearest step
def _cadence_phrases_of(cadence: Cadence) -> dict[str, str]:
    from . import phrases

    return {lang: phrases.cadence(cadence, lang) for lang in LANGUAGES}


@memo(1024)
def _schedule_of(cadence: Cadence) -> tuple[str | None, tuple[int, ...]]:
    """A cadence's ``repeatFrequency`` and months, once per distinct cadence."""
    return repeat_frequency(cadence), tuple(getattr(cadence, "months", ()))


def repeat_frequency(cadence: Cadence) -> str | None:
    """The ISO 8601 duration between meetings, when the cadence fixes one; else None.

    ``Count`` n a year → ``P{12/n}M`` when whole (2 → P6M, 4 → P3M), per month or
    week likewise; ``Interval`` every k units → ``P{k}Y``/``P{k}M``/``P{k}W``
    (quarters and terms as months). Approximate counts ("cirka fyra") have none.
    """
    if isinstance(cadence, Interval):
        if cadence.every_max is not None:  # "every three to four years": no one duration
            return None
        if cadence.unit in _UNIT_DESIGNATORS:
            return f"P{cadence.every}{_UNIT_DESIGNATORS[cadence.unit]}"
        months = {TimeUnit.QUARTER: 3, TimeUnit.TERM: 6}[cadence.unit] * cadence.every
        return f"P{months}M"
    if isinstance(cadence, Count) and not cadence.approximate:
        if cadence.times == 1 and cadence.per in _UNIT_DESIGNATORS:
            return f"P1{_UNIT_DESIGNATORS[cadence.per]}"
        if cadence.per is TimeUnit.WEEK:
            days = Fraction(7, cadence.times)
            return f"P{days}D" if days.denominator == 1 else None
        per_year = cadence.meetings_per_year().exact
        interval = Fraction(12) / per_year if per_year else None
        if interval is not None and interval.denominator == 1:
            return f"P{interval}M"
    return None


def _property(property_id: str, member: Vocabulary) -> JsonObject:
    # ``_value_`` is ``value`` without the enum property's lookup; the labels are a copy, as in ``_labels``
    return {
        "@type": "PropertyValue",
        "propertyID": property_id,
        "value": member._value_,
        "name": dict(_labels_of(member)),
    }


def _described(property_id: str, text: LocalizedText | None) -> JsonObject:
    """A free text the data has no schema.org term for (a mandate, a note), as a described PropertyValue."""
    return {"@type": "PropertyValue", "propertyID": property_id, "description": text_map(text)}


def _period(period: Period | None) -> str | None:
    """An EDTF interval ("2020/2023", "2020/.." when open-ended)."""
    if period is None:
        return None
    start = period.start.edtf() if period.start else ".."
    end = period.end.edtf() if period.end else ".."
    return f"{start}/{end}"


class _Fresh:
    """The constant parts of nodes (a member's labels and property, a role, a cadence's phrases), made
    afresh for every node: ``to_jsonld`` hands its document to the caller, who may change any part."""

    def property(self, property_id: str, member: Vocabulary) -> Any:
        return _property(property_id, member)

    def labels(self, member: Vocabulary) -> Any:
        return dict(_labels_of(member))  # a copy: the node is the caller's

    def role(self, member: Vocabulary) -> Any:
        """A representative's or a steering group's role: its identifier and labels."""
        return {"@type": "Role", "identifier": member._value_, "name": dict(_labels_of(member))}

    def invited(self) -> Any:
        """An invited organisation's role (no labels)."""
        return {"@type": "Role", "identifier": "invited"}

    def phrases(self, cadence: Cadence) -> Any:
        return dict(_cadence_phrases_of(cadence))

    def schedule(self, cadence: Cadence) -> tuple[str | None, tuple[int, ...], Any]:
        """A cadence's ``repeatFrequency``, months and phrases."""
        return (*_schedule_of(cadence), self.phrases(cadence))


class _Shared(_Fresh):
    """The same parts made once and shared by every node that holds them: ``to_text``'s document is
    written out at once and never handed out. ``freeze`` is what is kept: msgspec's encoding of the
    part (``msgspec.Raw``, which the encoder inserts as it is), or the part itself for ``json.dumps``.

    Vocabulary members are keyed with their class: members of two vocabularies with one value
    (``BodyKind.COMMITTEE``, ``OrganisationKind.COMMITTEE``) are equal strings with one hash.
    """

    def __init__(self, freeze: Callable[[Any], Any]) -> None:
        self.freeze = freeze
        #: A few hundred entries at most: vocabulary members times the properties they fill.
        self.parts: dict[tuple[Any, ...], Any] = {}

    def property(self, property_id: str, member: Vocabulary) -> Any:
        key = (property_id, member.__class__, member)
        part = self.parts.get(key)
        if part is None:
            part = self.parts[key] = self.freeze(_property(property_id, member))
        return part

    def labels(self, member: Vocabulary) -> Any:
        key = ("", member.__class__, member)
        part = self.parts.get(key)
        if part is None:
            part = self.parts[key] = self.freeze(_labels_of(member))
        return part

    def role(self, member: Vocabulary) -> Any:
        key = ("@role", member.__class__, member)
        part = self.parts.get(key)
        if part is None:
            part = self.parts[key] = self.freeze(_Fresh.role(self, member))
        return part

    def invited(self) -> Any:
        part = self.parts.get(("@invited",))
        if part is None:
            part = self.parts[("@invited",)] = self.freeze(_Fresh.invited(self))
        return part

    def phrases(self, cadence: Cadence) -> Any:
        return _frozen_phrases(cadence, self.freeze)

    def schedule(self, cadence: Cadence) -> tuple[str | None, tuple[int, ...], Any]:
        return _frozen_schedule(cadence, self.freeze)


@memo(1024)  # bounded, as ``_cadence_phrases_of``
def _frozen_phrases(cadence: Cadence, freeze: Callable[[Any], Any]) -> Any:
    return freeze(_cadence_phrases_of(cadence))


@memo(1024)  # one look-up per body: a cadence hashes cheaply, but most bodies' cadences are equal, not one
def _frozen_schedule(cadence: Cadence, freeze: Callable[[Any], Any]) -> tuple[str | None, tuple[int, ...], Any]:
    return (*_schedule_of(cadence), _frozen_phrases(cadence, freeze))


_FRESH = _Fresh()


def _clean(node: JsonObject) -> JsonObject:
    """Drop keys whose value is None or empty, so nodes say only what is known."""
    # ``v not in (None, [], {})``, asking the dearer questions only of the few false values ("" and 0 stay)
    return {k: v for k, v in node.items() if v or (v is not None and v != [] and v != {})}


class _Builder:
    def __init__(
        self, structure: Structure, base: str, pages: Mapping[str, str] | None = None, parts: _Fresh = _FRESH
    ) -> None:
        self.structure = structure
        self.property, self.labels, self.role, self.phrases = parts.property, parts.labels, parts.role, parts.phrases
        self.schedule = parts.schedule
        self.invited = parts.invited
        self._shares = parts is not _FRESH
        self.base = base
        self.pages = pages or {}
        self.nodes: list[JsonObject] = []
        self._prefix = iri(base, "")
        self._edtf: dict[int, str] = {}
        self._dates: list[PartialDate] = []
        #: A body's events and a series' editions (ids), grouped once instead of a scan of every event per body.
        self._events_of: dict[str, list[str]] = {}
        self._editions_of: dict[str, list[str]] = {}
        for event in structure.events:
            if event.body is not None:
                self._events_of.setdefault(event.body, []).append(self._prefix + event.id)
            if event.series is not None:
                self._editions_of.setdefault(event.series, []).append(self._prefix + event.id)

    def edtf(self, date: PartialDate) -> str:
        """``date.edtf()``, once per date object: dates parsed from text are shared (``PartialDate.parse``),
        and a representation's start is mostly that of the others. Keyed by identity, which holds as every
        date asked for belongs to the structure, alive while the builder is."""
        text = self._edtf.get(id(date))
        if text is None:
            text = self._edtf[id(date)] = date.edtf()
            # Held, so that its id is not another date's while the builder lives, even for a date
            # made afresh on each reading (a property of a hand-made subclass).
            self._dates.append(date)
        return text

    def id(self, *parts: str) -> str:
        return self._prefix + "/".join(parts)  # ``iri(self.base, *parts)``

    def build(self) -> list[JsonObject]:
        s = self.structure
        prefix = self._prefix
        member_of: dict[str, list[str]] = {}
        children: dict[str, list[str]] = {}
        top_bodies: list[str] = []
        for body in s.bodies:  # members, sub-bodies and the top bodies, in one pass
            body_id = prefix + body.id
            for part in body.organisations:
                if part.organisation and not part.invited:
                    member_of.setdefault(part.organisation, []).append(body_id)
            top = True
            for rel in body.relations:
                if rel.type is RelationType.PART_OF:
                    children.setdefault(rel.target, []).append(body_id)
                    top = False
            if top:
                top_bodies.append(body_id)
        for collab in s.collaborations:
            for member in collab.members:
                member_of.setdefault(member, []).append(prefix + collab.id)

        self.nodes.append(
            _clean(
                {
                    "@id": self.base,
                    "@type": "OrganizationalCollaboration",
                    "name": text_map(s.name),
                    "description": text_map(s.description),
                    "member": [prefix + s.region.id] + [prefix + o.id for o in s.organisations],
                    "subOrganization": top_bodies,
                    "subjectOf": [self._source(src) for src in s.sources],
                    "valid": s.as_of.edtf(),
                }
            )
        )
        region = s.region
        props = (
            []
            if region.county_code is None
            else [{"@type": "PropertyValue", "propertyID": "länskod", "value": region.county_code}]
        )
        node = _clean(
            {
                "@id": prefix + region.id,
                "@type": "GovernmentOrganization",
                "name": text_map(region.name),
                "url": region.url,
                "memberOf": [self.base, *member_of.get(region.id, [])],
                "identifier": props,
            }
        )
        self._organisation_format2(node, region)
        self.nodes.append(node)
        no_ids: list[str] = []
        for org in s.organisations:
            self.nodes.append(self._organisation(org, member_of.get(org.id, no_ids), children.get(org.id, no_ids)))
        for body in s.bodies:
            self._body(body, children.get(body.id, no_ids))
        for collab in s.collaborations:
            self.nodes.append(self._collaboration(collab))
        for event in s.events:
            self.nodes.append(self._event(event))
        self._representations()
        self._format2()
        for plan in s.plans:
            self._plan(plan)
        for agreement in s.agreements:
            self.nodes.append(self._agreement(agreement))
        self._pages()
        return self.nodes

    def _format2(self) -> None:
        """Terms for the constructs format 2 added, where schema.org or W3C ORG has one, in nodes of their own.

        What format 2 adds to the nodes above is added as each is built, after what format 1 wrote
        (``_organisation_format2``, ``_body_format2``; an event's series in ``_event``).
        """
        s = self.structure
        for series in s.event_series:
            editions = self._editions_of.get(series.id, [])
            self.nodes.append(
                _clean(
                    {
                        "@id": self._prefix + series.id,
                        "@type": "EventSeries",
                        "name": text_map(series.name),
                        "description": text_map(series.description),
                        "organizer": [self._prefix + o for o in series.organisers] or None,
                        "subEvent": editions or None,
                        "url": series.url,
                    }
                )
            )
        for i, funding in enumerate(s.funding):
            self.nodes.append(
                _clean(
                    {
                        "@id": self.id("funding", str(i)),
                        "@type": "MonetaryGrant",
                        "funder": self._prefix + funding.funder,
                        "fundedItem": self._prefix + funding.recipient if funding.recipient else None,
                        "description": text_map(funding.purpose),
                        "amount": {"@type": "MonetaryAmount", "value": funding.amount_sek, "currency": "SEK"}
                        if funding.amount_sek is not None
                        else None,
                        "startDate": str(funding.year),
                    }
                )
            )

    def _organisation_format2(self, node: JsonObject, org: Region | Organisation) -> None:
        """Format 2's names, memberships and identifiers of an organisation (or the region), after format 1's."""
        prefix = self._prefix
        names = getattr(org, "alternative_names", ())
        abbreviation = getattr(org, "abbreviation", None)
        if names or abbreviation:  # else the node's former names stay as they are
            alternate = dict(node.get("alternateName") or {})
            for lang, texts in _names_map(tuple(names)).items():
                alternate[lang] = [*alternate.get(lang, []), *texts]
            if abbreviation:
                alternate.setdefault("sv", []).append(abbreviation)
            if alternate:
                node["alternateName"] = alternate
        member_of = getattr(org, "member_of", ())
        if member_of:  # (every organisation's node has a memberOf: the structure)
            node.setdefault("memberOf", []).extend(prefix + m for m in member_of)
        ids = org.identifiers
        if ids is not None:
            for key, value in (
                ("kommunkod", ids.municipality_code),
                ("organisationsnummer", ids.organisation_number),
            ):
                if value:
                    node.setdefault("identifier", []).append(
                        {"@type": "PropertyValue", "propertyID": key, "value": value}
                    )
            if ids.wikidata:
                node["sameAs"] = f"http://www.wikidata.org/entity/{ids.wikidata}"

    def _body_format2(self, node: JsonObject, body: Body, other: list[Any]) -> None:
        """Format 2's posts, history and other relations (``other``) of a body, after format 1's."""
        chair, vice_chair, secretariat = body.chair, body.vice_chair, body.secretariat
        posts = [
            self._post(name, post)
            for name, post in (("chair", chair), ("vice_chair", vice_chair), ("secretariat", secretariat))
            if post is not None
        ]
        if posts:
            node["hasPost"] = posts
        if body.history:
            node["changedBy"] = [
                _clean(
                    {
                        "@type": "ChangeEvent",
                        "startDate": change.date.edtf(),
                        "description": text_map(change.description),
                        "additionalProperty": [self.property("changed", aspect) for aspect in change.changed],
                    }
                )
                for change in body.history
            ]
        for rel in other:  # ORG's general link, with its type said
            node.setdefault("linkedTo", []).append(self._prefix + rel.target)

    def _plan(self, plan: Plan) -> None:
        """A plan as a CreativeWork; its goals (parts) and milestones (events) as nodes of their own."""
        goals = [self.id(plan.id, "goals", str(i)) for i in range(len(plan.goals))]
        milestones = [self.id(plan.id, "milestones", str(i)) for i in range(len(plan.milestones))]
        self.nodes.append(
            _clean(
                {
                    "@id": self._prefix + plan.id,
                    "@type": "CreativeWork",
                    "name": text_map(plan.name),
                    "description": text_map(plan.description),
                    "creator": self._prefix + plan.owner if plan.owner else None,
                    "isBasedOn": self._prefix + plan.based_on if plan.based_on else None,
                    "isPartOf": self._prefix + plan.part_of if plan.part_of else None,
                    "temporalCoverage": _period(plan.period),
                    "expires": plan.extended_to.edtf() if plan.extended_to else None,
                    "datePublished": plan.adopted.date.edtf() if plan.adopted and plan.adopted.date else None,
                    "keywords": _names_map(plan.focus_areas),
                    "hasPart": goals,
                    "event": milestones,
                    "url": plan.url,
                    "additionalProperty": [self.property("kind", plan.kind), self.property("status", plan.status)]
                    + [self.property("activity_area", a) for a in plan.activity_areas],
                }
            )
        )
        for goal_id, goal in zip(goals, plan.goals, strict=True):
            self.nodes.append(
                _clean(
                    {
                        "@id": goal_id,
                        "@type": "CreativeWork",
                        "genre": "goal",
                        "text": text_map(goal.text),
                        "isPartOf": self._prefix + plan.id,
                        "keywords": _names_map(goal.focus_areas),
                        "audience": [{"@type": "Audience", "name": text_map(t)} for t in goal.target_groups],
                        "comment": [{"@type": "Comment", "text": text_map(goal.note)}] if goal.note else None,
                    }
                )
            )
        for milestone_id, milestone in zip(milestones, plan.milestones, strict=True):
            self.nodes.append(
                _clean(
                    {
                        "@id": milestone_id,
                        "@type": "Event",
                        "name": text_map(milestone.description),
                        "startDate": milestone.date.edtf(),
                        "superEvent": self._prefix + milestone.event if milestone.event else None,
                        "subjectOf": [{"@id": self._prefix + plan.id}],
                    }
                )
            )

    def _agreement(self, agreement: Agreement) -> JsonObject:
        """An agreement as a CreativeWork whose creators are its parties; the plan it implements is its basis."""
        decision = agreement.decision
        return _clean(
            {
                "@id": self._prefix + agreement.id,
                "@type": "CreativeWork",
                "genre": "agreement",
                "name": text_map(agreement.name),
                "description": text_map(agreement.description),
                "abstract": text_map(agreement.purpose),
                "creator": [self._prefix + p for p in agreement.parties],
                "isBasedOn": self._prefix + agreement.implements if agreement.implements else None,
                "dateCreated": agreement.date.edtf() if agreement.date else None,
                "datePublished": decision.date.edtf() if decision and decision.date else None,
                "temporalCoverage": _period(agreement.period),
                "url": agreement.url,
                "additionalProperty": [self.property("kind", agreement.kind)]
                + [self.property("party_category", c) for c in agreement.party_categories],
            }
        )

    def _pages(self) -> None:
        """Each object that has a web page of its own says so (``mainEntityOfPage``)."""
        if not self.pages:
            return
        for node in self.nodes:
            node_id = node.get("@id")
            if node_id is None:
                continue
            if node_id == self.base and "" in self.pages:
                node["mainEntityOfPage"] = self.pages[""]
            elif node_id.startswith(self.base) and node_id[len(self.base) :] in self.pages:
                node["mainEntityOfPage"] = self.pages[node_id[len(self.base) :]]

    def _post(self, name: str, post: Any) -> JsonObject:
        """A chair, vice chair or secretariat as an ORG Post, held by an organisation when one is named."""
        return _clean(
            {
                "@type": "Post",
                "role": {"@type": "Role", "identifier": name},
                "heldBy": self._prefix + post.organisation if post.organisation else None,
            }
        )

    def _source(self, source: Any) -> JsonObject:
        return _clean(
            {
                "@type": "WebPage",
                "url": source.url,
                "name": text_map(source.title),
                "dateModified": source.as_of.edtf() if source.as_of else None,
            }
        )

    def _organisation(self, org: Organisation, member_of: list[str], children: list[str]) -> JsonObject:
        # What ``_clean`` would leave, written directly: the most frequent node after bodies.
        node: JsonObject = {
            "@id": self._prefix + org.id,
            "@type": "GovernmentOrganization" if org.kind in _GOVERNMENT_KINDS else "Organization",
            "name": text_map(org.name),
        }
        if org.description is not None:
            node["description"] = text_map(org.description)
        if org.former_names:
            node["alternateName"] = _names_map(org.former_names)
        if org.url is not None:
            node["url"] = org.url
        if org.part_of:
            node["parentOrganization"] = self._prefix + org.part_of
        node["memberOf"] = [self.base, *member_of]
        if children:
            node["subOrganization"] = children
        node["additionalProperty"] = [self.property("kind", org.kind)]
        if org.alternative_names or org.abbreviation or org.member_of or org.identifiers is not None:
            self._organisation_format2(node, org)
        return node

    def _body(self, body: Body, children: list[str]) -> None:
        prefix = self._prefix  # a body's many ids, ``prefix`` + id
        body_id = prefix + body.id
        prop = self.property
        properties = [prop("kind", body.kind)]
        if body.tier is not None:
            properties.append(prop("tier", body.tier))
        scope = body.scope
        if scope is not None:
            properties.append(prop("scope", scope))
        if body.participants:
            properties += [prop("participants", p) for p in body.participants]
        if body.activity_areas:
            properties += [prop("activity_area", a) for a in body.activity_areas]
        if body.participants_note:
            properties.append(_described("participants_note", body.participants_note))
        if body.mandate:
            properties += [_described("mandate", m) for m in body.mandate]
        # What ``_clean`` would leave, written directly: a key only with a value that is not empty.
        name = text_map(body.name)
        node: JsonObject = {"@id": body_id, "@type": "Organization", "name": name}
        if body.description is not None:
            node["description"] = text_map(body.description)
        if body.purpose is not None:
            node["purpose"] = text_map(body.purpose)
        if scope:
            node["areaServed"] = self.labels(scope)
        memberships: list[Any] = []
        if body.organisations:
            members = []
            for p in body.organisations:
                organisation = p.organisation
                if organisation:
                    if not p.invited:
                        members.append(prefix + organisation)
                    if p.invited or p.invited_to is not None:
                        memberships.append(
                            {
                                "@type": "Membership",
                                "org:member": {"@id": prefix + organisation},
                                "organization": body_id,
                                "role": self.invited(),
                            }
                        )
            if members:
                node["member"] = members
        if children:
            node["subOrganization"] = children
        node["additionalProperty"] = properties
        node["hasMembership"] = memberships
        other = None  # relations format 2 added, written after format 1's
        for rel in body.relations:
            target = prefix + rel.target
            kind = rel.type
            if kind is RelationType.PART_OF:
                node["parentOrganization"] = target
            elif kind is RelationType.REPORTS_TO:
                node.setdefault("reportsTo", []).append(target)
            elif kind is RelationType.COLLABORATES_WITH or kind is RelationType.IMPLEMENTS:
                node.setdefault("linkedTo", []).append(target)
            elif kind is RelationType.STEERING_GROUP_FOR:
                # ORG has no "steers": the body holds a membership of the target in that role.
                memberships.append(
                    {
                        "@type": "Membership",
                        "org:member": {"@id": body_id},
                        "organization": target,
                        "role": self.role(kind),
                    }
                )
                node.setdefault("linkedTo", []).append(target)
            elif kind not in _FORMAT_1_RELATIONS:
                if other is None:
                    other = [rel]
                else:
                    other.append(rel)
        if not memberships:  # kept its place among the keys until the steering groups were known
            del node["hasMembership"]
        events = self._events_of.get(body.id)
        if body.cadence is not None:
            meetings = body_id + "/meetings"
            node["event"] = [meetings, *events] if events else [meetings]
        elif events:
            node["event"] = events
        if (
            other
            or body.chair is not None
            or body.vice_chair is not None
            or body.secretariat is not None
            or body.history
        ):
            self._body_format2(node, body, other or [])
        self.nodes.append(node)
        if body.cadence is not None:
            self.nodes.append(self._meetings(body, meetings, name))

    def _meetings(self, body: Body, meetings_id: str, name: dict[str, str] | None) -> JsonObject:
        """The body's recurring meetings as one Event carrying the schedule; ``name`` is the body's."""
        cadence = body.cadence
        assert cadence is not None
        node: JsonObject = {
            "@id": meetings_id,
            "@type": "Event",
            # the body's name, shared when the document is not handed out
            "name": name if self._shares or name is None else dict(name),
            "organizer": self._prefix + (body.convener or body.id),
        }
        if isinstance(cadence, Dates):
            node["subEvent"] = [{"@type": "Event", "startDate": d.edtf()} for d in cadence.dates]
            node["description"] = self.phrases(cadence)
            return _clean(node)
        frequency, months, phrases = self.schedule(cadence)
        schedule: JsonObject = {"@type": "Schedule"}
        if frequency is not None:
            schedule["repeatFrequency"] = frequency
        if months:
            schedule["byMonth"] = list(months)
        schedule["description"] = phrases
        schedule["scheduleTimezone"] = "Europe/Stockholm"
        if body.established is not None:
            schedule["startDate"] = self.edtf(body.established)
        if body.dissolved is not None:
            schedule["endDate"] = self.edtf(body.dissolved)
        node["eventSchedule"] = schedule
        return node  # every value is there and not empty: nothing for ``_clean`` to drop

    def _collaboration(self, collab: Collaboration) -> JsonObject:
        return _clean(
            {
                "@id": self._prefix + collab.id,
                "@type": ["OrganizationalCollaboration", "Organization"],
                "name": text_map(collab.name),
                "description": text_map(collab.description),
                "purpose": text_map(collab.purpose),
                "areaServed": self.labels(collab.scope),
                "member": [self._prefix + m for m in collab.members],
                "url": collab.url,
                "linkedTo": [self._prefix + d for d in collab.documents],
                "additionalProperty": [self.property("kind", collab.kind), self.property("scope", collab.scope)]
                + [self.property("activity_area", a) for a in collab.activity_areas],
            }
        )

    def _event(self, event: Event) -> JsonObject:
        node = _clean(
            {
                "@id": self._prefix + event.id,
                "@type": "Event",
                "name": text_map(event.name),
                "description": text_map(event.description),
                "startDate": event.date.edtf(),
                "endDate": event.end.edtf() if event.end else None,
                "location": _clean({"@type": "Place", "name": text_map(event.location)}) if event.location else None,
                "organizer": [self._prefix + o for o in event.organisers] or None,
                "superEvent": self.id(event.body, "meetings") if event.body and self._has_cadence(event.body) else None,
                "url": event.url,
            }
        )
        if event.series:  # format 2's series, after format 1's body (so in place of its meetings)
            node["superEvent"] = self._prefix + event.series
        return node

    @cached_property
    def _meeting_bodies(self) -> frozenset[str]:
        """The ids of bodies with a cadence (whose meetings an event may belong to): made only for a
        structure with events, most having none. Ids are unique across a structure's collections."""
        return frozenset([body.id for body in self.structure.bodies if body.cadence is not None])

    def _has_cadence(self, body_id: str) -> bool:
        return body_id in self._meeting_bodies

    def _representations(self) -> None:
        prefix = self._prefix
        people: dict[str, list[JsonObject]] = {}
        role_of = self.role
        dates = self._edtf
        for rep in self.structure.representations:
            membership: JsonObject = {  # what ``_clean`` would leave: no key is added without a value
                "@type": "Membership",
                "organization": prefix + rep.body,
                "role": role_of(rep.role),
            }
            start, end = rep.start, rep.end
            if start:
                membership["startDate"] = dates.get(id(start)) or self.edtf(start)
            if end:
                membership["endDate"] = dates.get(id(end)) or self.edtf(end)
            if rep.on_behalf_of:
                membership["opengov:onBehalfOf"] = {"@id": prefix + rep.on_behalf_of}
            held = people.get(rep.person)
            if held is None:
                people[rep.person] = [membership]
            else:
                held.append(membership)
        nodes = self.nodes
        for person in self.structure.people:
            # What ``_clean`` would leave, written directly: a person's memberships are most of the nodes.
            node: JsonObject = {"@id": prefix + person.id, "@type": "Person"}
            name = person.name
            if name or (name is not None and name != [] and name != {}):
                node["schema:name"] = name
            if person.title is not None:
                node["jobTitle"] = text_map(person.title)  # never empty: a text has a language
            memberships = people.get(person.id)
            if memberships:
                node["hasMembership"] = memberships
            nodes.append(node)


_FORMAT_1_RELATIONS = frozenset(
    {
        RelationType.PART_OF,
        RelationType.REPORTS_TO,
        RelationType.COLLABORATES_WITH,
        RelationType.STEERING_GROUP_FOR,
        RelationType.IMPLEMENTS,
    }
)


def to_jsonld(
    structure: Structure,
    *,
    base_url: str | None = None,
    context_url: str | None = None,
    pages: Mapping[str, str] | None = None,
) -> JsonObject:
    """The structure as a JSON-LD document (a dict).

    The context is inlined unless ``context_url`` is given; then that URL must serve
    ``context_document()``. ``base_url`` prefixes every ``@id`` (default: a URN; a site
    gives its structure page's address + ``#``). ``pages``: an object id (``""`` for the
    structure) → the web page about it, written as its ``mainEntityOfPage``.
    """
    return _document(structure, base_url, context_url, pages, lambda: context_document()["@context"], _FRESH)


def to_text(
    structure: Structure,
    *,
    base_url: str | None = None,
    context_url: str | None = None,
    pages: Mapping[str, str] | None = None,
) -> str:
    """``dumps(to_jsonld(...))``, the same text written faster: what ``export`` and a site's download serve.

    The builder writes only strings, integers, booleans, None, lists and dicts, which msgspec (the
    ``fast`` extra) encodes exactly as ``json.dumps`` does, several times faster (floats, which it
    writes otherwise, never occur). As the document is written out at once and never handed to the
    caller, its constant parts are shared (``_Shared``): the inlined context and a member's labels
    and property, a role or a cadence's phrases, each encoded once (``msgspec.Raw``), the encoder
    copying them in. Without msgspec, or for text UTF-8 cannot hold, ``json.dumps`` writes it.
    """
    return _shared_text(structure, base_url, context_url, pages, _written, dumps)


def _shared_text(
    structure: Structure,
    base_url: str | None,
    context_url: str | None,
    pages: Mapping[str, str] | None,
    fast: Callable[[JsonObject], str],
    plain: Callable[[JsonObject], str],
) -> str:
    """The document as text: written by ``fast`` with its constant parts shared (msgspec), else by ``plain``."""
    if _encode is not None:
        document = _document(structure, base_url, context_url, pages, _raw_context, _RAW)
        try:
            return fast(document)
        except UnicodeEncodeError:  # a lone surrogate, which UTF-8 cannot hold: json.dumps writes it as is,
            pass  # from the document built again with plain parts (it cannot write msgspec's)
    return plain(_document(structure, base_url, context_url, pages, _shared_context, _PLAIN))


#: How many graph nodes ``_written`` formats at a time.
_CHUNK = 32


def _written(document: JsonObject) -> str:
    """``format(encode(document), indent=2)`` and a line break, decoded: its graph formatted ``_CHUNK`` nodes at
    a time, each piece decoded on its own, the text made once by joining them.

    A large region's text is megabytes. Each whole copy of it (the joined bytes, the bytes with the
    line break, their decoding) was a fresh allocation the allocator mapped anew on every call, and
    the page faults grew faster than the text: 2,100 a call for 1,200 bodies, a quarter of its time.
    Small pieces reuse memory; only the joined text is new. JSON text holds no raw line break inside
    a string, so indenting a piece is a replace of its breaks, and a piece of whole nodes is whole UTF-8.
    """
    graph = document["@graph"]
    if len(graph) <= _CHUNK or next(reversed(document)) != "@graph":  # the pieces go at the text's end
        return (_format(_encode(document), indent=2) + b"\n").decode()
    head = _format(_encode({**document, "@graph": []}), indent=2)  # ... "@graph": []\n}
    pieces = [(head[:-4] + b"[\n").decode()]
    between = ",\n"
    for start in range(0, len(graph), _CHUNK):
        piece = _format(_encode(graph[start : start + _CHUNK]), indent=2)  # [\n  {...},\n  {...}\n]
        pieces += (between, "  ", piece[2:-2].replace(b"\n", b"\n  ").decode())
    pieces[1] = ""  # no comma before the first piece
    pieces.append("\n  ]\n}\n")
    return "".join(pieces)


def _document(
    structure: Structure,
    base_url: str | None,
    context_url: str | None,
    pages: Mapping[str, str] | None,
    inlined: Callable[[], Any],
    parts: _Fresh,
) -> JsonObject:
    """What ``to_jsonld`` and ``to_text`` write: ``inlined()`` gives the context unless ``context_url`` names it,
    ``parts`` the nodes' constant parts (fresh, or shared)."""
    context: Any = context_url if context_url else inlined()
    graph = _Builder(structure, base_url or default_base(structure), pages, parts).build()
    return {"@context": context, "@graph": graph}


@cache
def _shared_context() -> JsonObject:
    """The inlined context, read once; never to be changed or handed out (``to_jsonld`` gives a copy)."""
    return context_document()["@context"]


@cache
def _raw_context() -> Any:
    """The inlined context as msgspec writes it, encoded once (``_frozen``)."""
    return _Raw(_encode(_shared_context()))


def dumps(data: JsonObject, *, indent: int | None = 2) -> str:
    """JSON text, UTF-8 friendly and stable (keys in insertion order, which the builder fixes)."""
    if indent is None:
        return json.dumps(data, ensure_ascii=False)
    if _format is not None:
        # The json module's C encoder writes the text without indentation, msgspec (the ``fast``
        # extra) indents it in C, keeping every token as written: json.dumps's text exactly.
        try:
            return _format(json.dumps(data, ensure_ascii=False), indent=indent) + "\n"
        except (_FormatRefused, UnicodeEncodeError):  # NaN or an infinity (not JSON, which msgspec refuses),
            pass  # or a lone surrogate (which msgspec cannot read back as UTF-8): written below
    out: list[str] = []
    try:
        _pretty(data, " " * indent, "\n", out)
    except _NotPlain:  # pragma: no cover - the builder makes only plain JSON values
        return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"
    out.append("\n")
    return "".join(out)


class _NotPlain(Exception):
    pass


try:
    from msgspec import DecodeError as _FormatRefused  # a ValueError only from msgspec 0.19 on
    from msgspec import Raw as _Raw
    from msgspec.json import Encoder as _Encoder
    from msgspec.json import format as _format

    _encode = _Encoder().encode
except ImportError:  # pragma: no cover - the accelerator is optional
    _format = None  # type: ignore[assignment]
    _encode = None  # type: ignore[assignment]
    _FormatRefused = ValueError  # type: ignore[misc,assignment]

#: The nodes' constant parts as ``to_text`` shares them: encoded once, when msgspec writes the text
#: (not made before it is needed: a test may take msgspec away), else as they are.
_RAW = _Shared(lambda part: _Raw(_encode(part)))
_PLAIN = _Shared(lambda part: part)


_encode_str = json.encoder.encode_basestring  # the C function where there is one, as json.dumps uses


def _pretty(value: Any, indent: str, newline: str, out: list[str]) -> None:
    """``json.dumps(value, ensure_ascii=False, indent=...)`` written out directly, character for character.

    Before Python 3.13 the json module indents in pure Python, one generator per
    value; a document of a large region spent most of its export time there.
    ``newline`` is the line break and indentation of the current level. Strings, most
    of the leaves, are written inline; other values go through ``_scalar``.
    """
    cls = value.__class__
    if cls is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + indent
        separator = "{" + inner
        for key, item in value.items():
            if key.__class__ is not str:
                raise _NotPlain
            kind = item.__class__
            if kind is str:
                out.append(f"{separator}{_encode_str(key)}: {_encode_str(item)}")
            elif kind is dict or kind is list:
                out.append(f"{separator}{_encode_str(key)}: ")
                _pretty(item, indent, inner, out)
            else:
                leaf = _scalar(item)
                if leaf is not None:
                    out.append(f"{separator}{_encode_str(key)}: {leaf}")
                else:
                    out.append(f"{separator}{_encode_str(key)}: ")
                    _pretty(item, indent, inner, out)
            separator = "," + inner
        out.append(newline + "}")
    elif cls is list or cls is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + indent
        separator = "[" + inner
        for item in value:
            kind = item.__class__
            if kind is str:
                out.append(separator + _encode_str(item))
            elif kind is dict or kind is list:
                out.append(separator)
                _pretty(item, indent, inner, out)
            else:
                leaf = _scalar(item)
                if leaf is not None:
                    out.append(separator + leaf)
                else:
                    out.append(separator)
                    _pretty(item, indent, inner, out)
            separator = "," + inner
        out.append(newline + "]")
    else:
        leaf = _scalar(value)
        if leaf is not None:
            out.append(leaf)
        elif isinstance(value, dict):  # a subclass: as a dict
            _pretty(dict(value), indent, newline, out)
        elif isinstance(value, (list, tuple)):
            _pretty(list(value), indent, newline, out)
        else:  # pragma: no cover - _scalar raises for anything else
            raise _NotPlain


def _scalar(value: Any) -> str | None:
    """A string, number, boolean or null as JSON text; None for a container (or anything else)."""
    if value.__class__ is str:
        return _encode_str(value)
    if isinstance(value, (dict, list, tuple)):
        return None
    if isinstance(value, str):
        return _encode_str(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return json.dumps(value)
    raise _NotPlain


_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _escape_for_script(text: str) -> str:
    # These characters can only occur inside JSON strings, where \\uXXXX means the same. One
    # str.replace each: a page's JSON-LD is hundreds of kilobytes (translate() is 100× slower here).
    for char, escaped in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escaped)
    return text


def script(
    structure: Structure,
    *,
    base_url: str | None = None,
    context_url: str | None = None,
    pages: Mapping[str, str] | None = None,
) -> str:
    """``script_tag(to_jsonld(...))``, the same element written faster, for a page to embed.

    As ``to_text``: msgspec (the ``fast`` extra) encodes the document with its constant parts shared,
    here without indentation, exactly as ``json.dumps`` with compact separators would; the text is our
    own, so it is escaped as it is, not read back first.
    """
    return _script(_shared_text(structure, base_url, context_url, pages, _compact_fast, _compact))


def _compact_fast(document: JsonObject) -> str:
    return _encode(document).decode()


def _compact(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _script(text: str) -> str:
    return f'<script type="application/ld+json">{_escape_for_script(text)}</script>'


def script_tag(data: JsonObject | str) -> str:
    """``<script type="application/ld+json">`` with ``data`` that cannot end the element early.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc., so neither ``</script>`` nor ``<!--``
    can appear; U+2028/2029 are escaped for old JavaScript parsers. The JSON means
    the same after escaping. A string is taken as JSON text and re-serialised.
    """
    if isinstance(data, str):
        data = json.loads(data)
    return _script(_compact(data))
