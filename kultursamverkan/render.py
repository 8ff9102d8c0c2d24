"""Render a whole structure, or one body, as plain text, Markdown or an HTML fragment.

The content is built once as a small document tree (headings, paragraphs, lists,
definition lists, sections) from ``phrases`` spans, then written out by one of
three writers. That keeps the three formats saying the same thing.

The HTML is a fragment for a CMS page: one root ``<div class="ks-structure"
lang="…">``, headings in order from ``heading_level``, lists as lists, dates in
``<time datetime>``, ``lang`` on any data text that fell back to the other
language, every string escaped and only http(s)/mailto links. CSS classes are
BEM-style and prefixed ``ks-`` (``ks-body``, ``ks-body__summary``,
``ks-facts``); treat them as a public, stable interface.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import html
import operator
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, NamedTuple, Union

from . import details, i18n
from .cadence import Cadence, Ongoing
from .cli import command
from .memo import Remembered
from .model import (
    Agreement,
    Body,
    Collaboration,
    Event,
    EventSeries,
    Funding,
    InterestArea,
    Organisation,
    Person,
    Plan,
    Representation,
    Source,
    Structure,
)
from .phrases import (
    Span,
    Spans,
    _make_span,
    _np,
    _p,
    cadence_spans,
    capitalize,
    date_spans,
    fill,
    index_of,
    join_list,
    localized_spans,
    number,
    parenthesised,
    period_spans,
    plain,
    relation_spans,
    summary_participants_and_note,
)
from .values import LocalizedText, PartialDate, Period
from .vocab import RelationType, Role, Tier, Vocabulary

Format = Literal["text", "markdown", "html"]
FORMATS: tuple[str, ...] = ("text", "markdown", "html")

# ---------------------------------------------------------------- document tree


# Blocks are named tuples, not attrs classes: a page makes thousands, and a tuple is made
# several times faster (the same fields, defaults, equality and repr).


class Heading(NamedTuple):
    level: int
    spans: Spans
    cls: str
    id: str | None = None


class Para(NamedTuple):
    spans: Spans
    cls: str


class Item(NamedTuple):
    spans: Spans
    children: tuple[Block, ...] = ()


class Items(NamedTuple):
    items: tuple[Item, ...]
    cls: str
    ordered: bool = False


class Facts(NamedTuple):
    """A definition list: (term, value) rows; a value is spans or a nested list."""

    rows: tuple[tuple[str, Union[Spans, Items]], ...]
    cls: str = "ks-facts"


class Raw(NamedTuple):
    """Markup made elsewhere and trusted (the diagram's SVG): written by the HTML writer only."""

    html: str
    cls: str


class Section(NamedTuple):
    cls: str
    children: tuple[Block, ...]
    id: str | None = None
    #: The HTML element: "section", or "nav" for a table of contents (named by its heading).
    tag: str = "section"


Block = Union[Heading, Para, Items, Facts, Section, Raw]

#: ``Block(*fields)`` where a page makes thousands, every field given: the tuple made directly, without
#: the named tuple's Python-level ``__new__``. Call as ``_new(Item, (spans, children))``.
_new = tuple.__new__

# ---------------------------------------------------------------- messages

_T = {
    "bodies": _p("heading", "Collaboration bodies"),
    "other_bodies": _p("heading", "Other bodies"),
    "collaborations": _p("heading", "Collaborations"),
    "agreements": _p("heading", "Agreements"),
    "plans": _p("heading", "Plans and strategies"),
    "interest_areas": _p("heading", "Areas of interest"),
    "events": _p("heading", "Events"),
    "event_series": _p("heading", "Recurring events"),
    "funding": _p("heading", "Funding"),
    "organisations": _p("heading", "Organisations"),
    "sources": _p("heading", "Sources"),
    "kind": _p("field", "Kind"),
    "tier": _p("field", "Belongs to"),
    "scope": _p("field", "Geographic scope"),
    "participants": _p("field", "Participants"),
    "meets": _p("field", "Meets"),
    "works": _p("field", "Works"),
    "instances": _p("field", "Number of parallel bodies"),
    "purpose": _p("field", "Purpose"),
    "mandate": _p("field", "Mandate"),
    "established": _p("field", "Established"),
    "dissolved": _p("field", "Dissolved"),
    "renewal": _p("field", "Renewed"),
    "status": _p("field", "Status"),
    "relations": _p("field", "Relations"),
    "representatives": _p("field", "Representatives"),
    "activity_areas": _p("field", "Activity areas"),
    "members": _p("field", "Members"),
    "documents": _p("field", "Documents"),
    "website": _p("field", "Website"),
    "parties": _p("field", "Parties"),
    "date": _p("field", "Date"),
    "period": _p("field", "Period"),
    "owner": _p("field", "Responsible"),
    "based_on": _p("field", "Based on"),
    "goals": _p("field", "Goals"),
    "milestones": _p("field", "Milestones"),
    "location": _p("field", "Location"),
    "organiser": _p("field", "Organiser"),
    "body": _p("field", "Body"),
    "minorities": _p("field", "National minorities"),
    "focus_areas": _p("field", "Focus areas"),
    "former_names": _p("field", "Former names"),
    "convener": _p("field", "Convened by"),
    "raised_by": _p("field", "Raised by"),
    "levels": _p("sentence", "Collaboration takes place at {levels} level."),
    "target_groups": _p("field", "Target groups"),
    "as_of": _p("sentence", "Information as of {date}."),
    "permanent": _p("sentence", "permanent {kind}"),
    "retrieved": _p("sentence", "{source} (retrieved {date})"),
    "part_of": _p("sentence", "{name}, part of {parent}"),
    "contents": _p("heading", "Contents"),
    "diagram": _p("heading", "The structure as a diagram"),
    "diagram_note": _p("sentence", "Each box leads to its own page. The lists below say the same in words."),
    "upcoming": _p("heading", "Upcoming events"),
}
#: A person's place in a body as a sentence, by role: with and without the organisation represented.
_ROLES = {
    Role.REPRESENTATIVE: (
        _p("representation", "{person} represents {organisation}"),
        _p("representation", "{person} is a representative"),
    ),
    Role.MEMBER: (
        _p("representation", "{person} is a member for {organisation}"),
        _p("representation", "{person} is a member"),
    ),
    Role.CHAIR: (
        _p("representation", "{person} is the chair and represents {organisation}"),
        _p("representation", "{person} is the chair"),
    ),
    Role.VICE_CHAIR: (
        _p("representation", "{person} is the vice chair and represents {organisation}"),
        _p("representation", "{person} is the vice chair"),
    ),
    Role.SUBSTITUTE: (
        _p("representation", "{person} is a substitute for {organisation}"),
        _p("representation", "{person} is a substitute"),
    ),
    Role.OFFICIAL: (
        _p("representation", "{person} takes part as an official of {organisation}"),
        _p("representation", "{person} takes part as an official"),
    ),
}
_ANY_ROLE = (
    _p("representation", "{person} takes part as {role} for {organisation}"),
    _p("representation", "{person} takes part as {role}"),
)
_MUNICIPALITIES = _np("sentence", "{region} has {count} municipality.", "{region} has {count} municipalities.")


#: Separators, shared (spans are frozen).
_OPEN, _CLOSE, _FULL_STOP = Span(" ("), Span(")"), Span(".")


def _t(lang: str, key: str) -> str:
    return _messages(i18n.normalize_lang(lang))[key]


@functools.cache  # per catalog language (normalised), a handful
def _messages(lang: str) -> dict[str, str]:
    """Every message of ``_T`` in ``lang``: a body asks for a dozen, a page for thousands."""
    return {key: i18n.pgettext(lang, *message) for key, message in _T.items()}


# ---------------------------------------------------------------- building


class _Builder:
    """Turns model objects into blocks for one language; holds nothing but the inputs."""

    def __init__(
        self,
        structure: Structure | None,
        lang: str,
        urls: Mapping[str, str] | None = None,
        today: datetime.date | None = None,
    ) -> None:
        self.structure = structure
        self.lang = lang
        #: The language data text is read in (``phrases.localized``): a third catalog language reads English.
        self.data_lang = lang if lang in ("sv", "en") else "en"
        #: The renderer's own messages (``_T``) in ``lang``.
        self.t = _messages(lang)
        self._refs: dict[str, tuple[Span, ...]] = {}
        #: An object's id → its page's URL: references to it become links.
        self.urls = {k: v for k, v in (urls or {}).items() if _safe_url(v)}
        self.index = index_of(structure) if structure is not None else {}
        #: Each body's representations in file order, grouped once (not a scan of all per body).
        self.representations: dict[str, list[Representation]] = {}
        for rep in structure.representations if structure is not None else ():
            self.representations.setdefault(rep.body, []).append(rep)
        #: The day the summaries tell past from coming meetings by: one for the whole rendering.
        self.day = today or datetime.date.today()

    # -- small pieces

    def text(self, value: LocalizedText) -> Spans:
        """``localized_spans(value, self.lang)``, the language already normalised."""
        text, used = value.get(self.data_lang)
        return [_make_span(Span, (text, None if used == self.lang else used, None, None))]

    def label(self, member: Vocabulary) -> Spans:
        return [_label_span(type(member), member, self.lang)]

    def ref(self, ref: str) -> Spans:
        """The name of what ``ref`` points at, linked to its page; worked out once per rendering."""
        return list(self.reference(ref))

    def reference(self, ref: str) -> tuple[Span, ...]:
        """``ref(ref)`` as the tuple remembered, to be a key or to be copied."""
        known = self._refs.get(ref)
        if known is None:
            known = self._refs[ref] = self._ref(ref)
        return known

    def _ref(self, ref: str) -> tuple[Span, ...]:
        target = self.index.get(ref)
        if target is None:
            return (Span(ref),)
        name = getattr(target, "name", ref)
        href = self.urls.get(ref) or None  # ``linked``
        if isinstance(name, LocalizedText):
            text, used = name.get(self.data_lang)
            spans: tuple[Span, ...] = (_make_span(Span, (text, None if used == self.lang else used, None, href)),)
        else:
            spans = (_make_span(Span, (str(name), None, None, href)),)
        party = getattr(target, "party", None)
        if party:
            spans = (*spans, Span(f" ({party})"))
        title = getattr(target, "title", None)
        if isinstance(title, LocalizedText) and not isinstance(target, Source):
            spans = (*spans, Span(", "), *self.text(title))
        return spans

    def linked(self, ident: str, spans: Spans) -> Spans:
        """``spans`` as a link to the page of ``ident``, when it has one."""
        url = self.urls.get(ident)
        return [span._replace(href=url) for span in spans] if url else list(spans)

    def link(self, url: str | None) -> Spans | None:
        return [Span(url, href=url)] if url else None

    def labels_list(self, members: Sequence[Vocabulary]) -> Items:
        return Items(tuple(Item([Span(capitalize(i18n.label(m, self.lang)))]) for m in members), "ks-list")

    def refs_list(self, refs: Sequence[str]) -> Items:
        return Items(tuple(Item(self.ref(r)) for r in refs), "ks-list")

    def heading(self, level: int, spans: Spans, cls: str) -> Heading:
        return Heading(min(level, 6), spans, cls)

    # -- bodies

    def body(self, body: Body, level: int, *, show_tier: bool = True) -> Section:
        lang, t, text = self.lang, self.t, self.text
        children: list[Block] = [_new(Heading, (min(level, 6), text(body.name), "ks-body__title", None))]
        summary, who, note = summary_participants_and_note(body, lang, self.structure, today=self.day)
        if summary:
            children.append(_new(Para, (summary, "ks-body__summary")))
        if body.description is not None:
            children.append(_new(Para, (text(body.description), "ks-body__description")))
        said = _words(plain(summary))  # what the summary sentence says is not listed again below it
        kind = _label_span(type(body.kind), body.kind, lang)
        rows: list[tuple[str, Spans | Items]] = []
        if body.permanent:
            rows.append((t["kind"], fill(t["permanent"], kind=[kind])))
        elif not _words(kind.text) <= said:
            rows.append((t["kind"], [kind]))
        if body.tier is not None and show_tier:
            rows.append((t["tier"], [_label_span(type(body.tier), body.tier, lang)]))
        if body.scope is not None:
            rows.append((t["scope"], [_label_span(type(body.scope), body.scope, lang)]))
        if body.convener:
            rows.append((t["convener"], self.ref(body.convener)))
        if who and _words(plain(who)) <= said:
            who = []
        if who or note:  # the note beside the phrase ``who`` came from
            value = who
            if note:
                value = [Span(capitalize(plain(who[:1]))), *who[1:], Span(". "), *note] if who else note
            rows.append((t["participants"], value))
        if body.cadence is not None or body.cadence_note is not None:
            rows.extend(self.cadence_row(body, said))
        if body.instances is not None:
            rows.append((t["instances"], [Span(number(body.instances, lang))]))
        if body.purpose is not None:
            rows.append((t["purpose"], text(body.purpose)))
        if body.mandate:
            items = tuple([_new(Item, (text(m), ())) for m in body.mandate])
            rows.append((t["mandate"], _new(Items, (items, "ks-list", True))))
        founded = body.founded.date if body.founded is not None else None
        established = body.established
        if established is not None and (founded is None or established != founded):  # else "set up by decision"
            rows.append((t["established"], date_spans(established, lang)))
        if body.dissolved is not None:
            rows.append((t["dissolved"], date_spans(body.dissolved, lang)))
        if body.renewal is not None:
            rows.append((t["renewal"], self.label(body.renewal)))
        if body.status != "active":
            rows.append((t["status"], self.label(body.status)))
        if body.relations:
            reference = self.reference
            items = tuple(
                [_new(Item, (list(_relation[(r.type, reference(r.target), lang)]), ())) for r in body.relations]
            )
            rows.append((t["relations"], _new(Items, (items, "ks-list", False))))
        reps = self.representations.get(body.id)
        if reps:
            representation = self.representation
            items = tuple([_new(Item, (representation(r), ())) for r in reps])
            rows.append((t["representatives"], _new(Items, (items, "ks-list", False))))
        if body.activity_areas:
            rows.append((t["activity_areas"], self.labels_list(body.activity_areas)))
        rows.extend(details.rows(self, body))
        children.append(_new(Facts, (tuple(_in_reading_order(rows, lang)), "ks-facts")))
        return _new(Section, ("ks-body", tuple(children), f"ks-body-{body.id}", "section"))

    def cadence_row(self, body: Body, said: frozenset[str]) -> list[tuple[str, Spans | Items]]:
        """The "Meets" row: the cadence and its note, less what the summary or the note already says."""
        row, unsaid, words = _cadence_rows.recall((body.cadence, body.cadence_note, self.lang))
        if words is not None and words <= said:
            row = unsaid  # the summary says it ("… möts fyra gånger per år")
        return [(row[0], list(row[1]))] if row else []

    def representation(self, rep: Representation) -> Spans:
        """A sentence with its subject: "Irja Gustavsson (S) företräder Lindesbergs kommun (2019–2022)."."""
        organisation = self.reference(rep.on_behalf_of) if rep.on_behalf_of else None
        role = rep.role
        head, tail = _role_sentences[(type(role), role, organisation, rep.start, rep.end, self.lang)]
        if head is None:  # a template that does not name the person once
            person = self.person(rep.person)
            return [span for piece in tail for span in (person if piece == _PERSON else (piece,))]
        return [*head, *self.person(rep.person), *tail]

    def person(self, ref: str) -> Spans:
        """A person as the subject of a sentence: "Katarina Strömgren-Sandh, kulturchef i Region Örebro län,"."""
        target = self.index.get(ref)
        if not isinstance(target, Person):
            return self.ref(ref)
        spans = [_make_span(Span, (target.name, None, None, None))]
        if target.party:
            spans.append(Span(f" ({target.party})"))
        if target.title is not None:
            spans = [*spans, Span(", "), *self.text(target.title), Span(",")]
        return spans

    # -- other collections

    def item(
        self,
        obj: object,
        level: int,
        cls: str,
        rows: list[tuple[str, Spans | Items]],
        paras: Sequence[LocalizedText | None] = (),
    ) -> Section:
        children: list[Block] = [self.heading(level, self.text(obj.name), f"{cls}__title")]  # type: ignore[attr-defined]
        children.extend(Para(self.text(p), f"{cls}__description") for p in paras if p is not None)
        if rows:
            children.append(Facts(tuple(rows)))
        return Section(cls, tuple(children), id=f"{cls}-{obj.id}")  # type: ignore[attr-defined]

    def collaboration(self, c: Collaboration, level: int) -> Section:
        rows: list[tuple[str, Spans | Items]] = [
            (self.t["kind"], self.label(c.kind)),
            (self.t["scope"], self.label(c.scope)),
        ]
        if c.members:
            rows.append((self.t["members"], self.refs_list(c.members)))
        if c.purpose is not None:
            rows.append((self.t["purpose"], self.text(c.purpose)))
        if c.documents:
            rows.append((self.t["documents"], self.refs_list(c.documents)))
        if c.activity_areas:
            rows.append((self.t["activity_areas"], self.labels_list(c.activity_areas)))
        if c.url:
            rows.append((self.t["website"], self.link(c.url) or []))
        rows.extend(details.rows(self, c))
        return self.item(c, level, "ks-collaboration", rows, [c.description])

    def agreement(self, a: Agreement, level: int) -> Section:
        lang = self.lang
        rows: list[tuple[str, Spans | Items]] = [(self.t["kind"], self.label(a.kind))]
        parties = [Item(self.ref(p)) for p in a.parties] + [
            Item([Span(capitalize(i18n.label(c, lang)))]) for c in a.party_categories
        ]
        if parties:
            rows.append((self.t["parties"], Items(tuple(parties), "ks-list")))
        if a.date is not None:
            rows.append((self.t["date"], date_spans(a.date, lang)))
        if a.purpose is not None:
            rows.append((self.t["purpose"], self.text(a.purpose)))
        if a.url:
            rows.append((self.t["website"], self.link(a.url) or []))
        rows.extend(details.rows(self, a))
        return self.item(a, level, "ks-agreement", rows, [a.description])

    def plan(self, p: Plan, level: int) -> Section:
        lang = self.lang
        rows: list[tuple[str, Spans | Items]] = [(self.t["kind"], self.label(p.kind))]
        if p.status.value != "adopted":
            rows.append((self.t["status"], self.label(p.status)))
        if p.period is not None:
            rows.append((self.t["period"], period_spans(p.period, lang)))
        if p.owner:
            rows.append((self.t["owner"], self.ref(p.owner)))
        if p.based_on:
            rows.append((self.t["based_on"], self.ref(p.based_on)))
        if p.goals:
            goals = []
            for goal in p.goals:
                sub: list[Block] = []
                detail: list[tuple[str, Spans | Items]] = []
                if goal.focus_areas:
                    detail.append(
                        (self.t["focus_areas"], Items(tuple(Item(self.text(f)) for f in goal.focus_areas), "ks-list"))
                    )
                if goal.target_groups:
                    detail.append(
                        (
                            self.t["target_groups"],
                            Items(tuple(Item(self.text(t)) for t in goal.target_groups), "ks-list"),
                        )
                    )
                if goal.note is not None:
                    sub.append(Para(self.text(goal.note), "ks-goal__note"))
                if detail:
                    sub.append(Facts(tuple(detail)))
                goals.append(Item(self.text(goal.text), tuple(sub)))
            rows.append((self.t["goals"], Items(tuple(goals), "ks-goals", True)))
        if p.milestones:
            stones = tuple(
                Item([*date_spans(m.date, lang), Span(": "), *self.text(m.description)]) for m in p.milestones
            )
            rows.append((self.t["milestones"], Items(stones, "ks-milestones")))
        if p.activity_areas:
            rows.append((self.t["activity_areas"], self.labels_list(p.activity_areas)))
        if p.url:
            rows.append((self.t["website"], self.link(p.url) or []))
        rows.extend(details.rows(self, p))
        return self.item(p, level, "ks-plan", rows, [p.description])

    def interest_area(self, a: InterestArea, level: int) -> Section:
        rows: list[tuple[str, Spans | Items]] = []
        if a.raised_by:
            rows.append((self.t["raised_by"], self.labels_list(a.raised_by)))
        if a.activity_areas:
            rows.append((self.t["activity_areas"], self.labels_list(a.activity_areas)))
        rows.extend(details.rows(self, a))
        return self.item(a, level, "ks-interest-area", rows, [a.description])

    def event(self, e: Event, level: int) -> Section:
        lang = self.lang
        rows: list[tuple[str, Spans | Items]] = [(self.t["kind"], self.label(e.kind))]
        when = period_spans(Period(start=e.date, end=e.end), lang) if e.end else date_spans(e.date, lang)
        rows.append((self.t["date"], when))
        if e.location is not None:
            rows.append((self.t["location"], self.text(e.location)))
        if e.body:
            rows.append((self.t["body"], self.ref(e.body)))
        if e.organisers:
            rows.append((self.t["organiser"], self.refs_list(e.organisers)))
        if e.participants:
            rows.append((self.t["participants"], self.labels_list(e.participants)))
        if e.url:
            rows.append((self.t["website"], self.link(e.url) or []))
        rows.extend(details.rows(self, e))
        return self.item(e, level, "ks-event", rows, [e.description])

    def event_series(self, e: EventSeries, level: int) -> Section:
        return self.item(e, level, "ks-event-series", details.rows(self, e), [e.description])

    def funding(self, f: Funding, level: int) -> Section:
        heading = self.heading(level, details.funding_title(self, f), "ks-funding__title")
        return Section("ks-funding", (heading, Facts(tuple(details.rows(self, f)))))

    def organisation(self, o: Organisation) -> Item:
        spans = parenthesised(self.text(o.name), self.label(o.kind))
        if o.part_of:
            spans = fill(self.t["part_of"], name=spans, parent=self.ref(o.part_of))
        if o.description is None and not (o.former_names or o.minorities or o.url):
            facts = details.rows(self, o)  # most organisations: a name and a kind
            return Item(spans, (Facts(tuple(facts)),) if facts else ())
        children: list[Block] = []
        if o.description is not None:
            children.append(Para(self.text(o.description), "ks-organisation__description"))
        rows: list[tuple[str, Spans | Items]] = []
        if o.former_names:
            rows.append((self.t["former_names"], Items(tuple(Item(self.text(n)) for n in o.former_names), "ks-list")))
        if o.minorities:
            rows.append((self.t["minorities"], self.labels_list(o.minorities)))
        if o.url:
            rows.append((self.t["website"], self.link(o.url) or []))
        rows.extend(details.rows(self, o))
        if rows:
            children.append(Facts(tuple(rows)))
        return Item(spans, tuple(children))

    # -- the whole

    def structure_blocks(self, level: int) -> Section:
        s = self.structure
        assert s is not None
        lang = self.lang
        children: list[Block] = [self.heading(level, self.text(s.name), "ks-structure__title")]
        if s.description is not None:
            children.append(Para(self.text(s.description), "ks-structure__description"))
        region = self.text(s.region.name)
        if s.region.municipality_count:
            n = s.region.municipality_count
            template = i18n.npgettext(lang, *_MUNICIPALITIES, n)
            children.append(Para(fill(template, region=region, count=number(n, lang)), "ks-structure__region"))
        if s.levels:
            levels = join_list([[Span(i18n.label(level, lang))] for level in s.levels], lang)
            children.append(Para(fill(self.t["levels"], levels=levels), "ks-structure__levels"))
        children.append(Para(fill(self.t["as_of"], date=date_spans(s.as_of, lang)), "ks-structure__as-of"))
        if region_rows := details.rows(self, s.region):
            children.append(Facts(tuple(region_rows)))
        sub = level + 1
        if s.bodies:
            children.append(self.section("bodies", sub, self.bodies_blocks(s.bodies, sub + 1)))
        groups: tuple[tuple[str, Sequence[Any], Callable[[Any, int], Section]], ...] = (
            ("collaborations", s.collaborations, self.collaboration),
            ("agreements", s.agreements, self.agreement),
            ("plans", s.plans, self.plan),
            ("interest_areas", s.interest_areas, self.interest_area),
            ("event_series", s.event_series, self.event_series),
            ("events", sorted(s.events, key=lambda e: (e.date.earliest(), e.date.latest())), self.event),
            ("funding", s.funding, self.funding),
        )
        for key, objects, build in groups:
            if objects:
                children.append(self.section(key, sub, [build(o, sub + 1) for o in objects]))
        if s.organisations:
            orgs = Items(tuple(self.organisation(o) for o in s.organisations), "ks-list ks-organisations")
            children.append(self.section("organisations", sub, [orgs]))
        if s.sources:
            items = []
            for src in s.sources:
                title = self.text(src.title) if src.title else [Span(src.url)]
                linked = [Span(plain(title), title[0].lang, href=src.url)]
                if src.as_of:
                    linked = fill(self.t["retrieved"], source=linked, date=date_spans(src.as_of, lang))
                items.append(Item(linked))
            children.append(self.section("sources", sub, [Items(tuple(items), "ks-list ks-sources")]))
        return Section("ks-structure", tuple(children), id=f"ks-structure-{s.id}")

    def section(self, key: str, level: int, blocks: Sequence[Block]) -> Section:
        name = key.replace("_", "-")
        heading = self.heading(level, [Span(self.t[key])], "ks-section__title")
        return Section(f"ks-section ks-section--{name}", (heading, *blocks))

    def bodies_blocks(self, bodies: Sequence[Body], level: int) -> list[Block]:
        """Bodies grouped by tier (political first) when any has one, else in file order."""
        bodies = _parents_first(bodies)
        if not any(b.tier for b in bodies):
            return [self.body(b, level) for b in bodies]
        blocks: list[Block] = []
        for tier in [*Tier, None]:
            members = [b for b in bodies if b.tier is tier]
            if not members:
                continue
            title = capitalize(i18n.label(tier, self.lang)) if tier else self.t["other_bodies"]
            name = tier.value if tier else "other"
            heading = self.heading(level, [Span(title)], "ks-tier__title")
            inner = [self.body(b, level + 1, show_tier=False) for b in members]
            blocks.append(Section(f"ks-tier ks-tier--{name}", (heading, *inner)))
        return blocks


#: Where a role's sentence (``_role_sentence``) takes the person (no text is in this language).
_PERSON = Span("{person}", "{person}")


def _role_sentence(
    key: tuple[type, Role, tuple[Span, ...] | None, PartialDate | None, PartialDate | None, str],
) -> tuple[tuple[Span, ...] | None, tuple[Span, ...]]:
    """A representation's sentence but the person: the spans before and after, when the template names the
    person once (every template does); else (None, the whole sentence with ``_PERSON`` in it)."""
    vocabulary, role, organisation, start, end, lang = key
    with_organisation, alone = _translated(_ROLES.get(role, _ANY_ROLE), lang)  # a later role: "takes part as …"
    label = [_label_span(vocabulary, role, lang)]
    if organisation is not None:
        out = fill(with_organisation, person=[_PERSON], organisation=organisation, role=label)
    else:
        out = fill(alone, person=[_PERSON], role=label)
    if start or end:
        out.append(_OPEN)
        out += _period_between(start, end, lang)
        out.append(_CLOSE)
    out.append(_FULL_STOP)
    if out.count(_PERSON) == 1:
        at = out.index(_PERSON)
        return tuple(out[:at]), tuple(out[at + 1 :])
    return None, tuple(out)


#: Representations' sentences by role, organisation, term and language: a body's seats share a few.
_role_sentences = Remembered(_role_sentence, 4096)


def _relation_spans(key: tuple[RelationType, tuple[Span, ...], str]) -> tuple[Span, ...]:
    return tuple(relation_spans(*key))


#: A relation as a phrase ("rapporterar till Regionstyrelsen"), by type, target and language.
_relation = Remembered(_relation_spans, 4096)

_CadenceRow = tuple[str, tuple[Span, ...]] | None


def _cadence_row(
    key: tuple[Cadence | None, LocalizedText | None, str],
) -> tuple[_CadenceRow, _CadenceRow, frozenset[str] | None]:
    """The "Meets" row of a cadence and its note: the row, the row when the summary says the cadence, and the
    cadence's words that tell (None when the summary does not matter)."""
    cadence, cadence_note, lang = key
    value = cadence_spans(cadence, lang) if cadence is not None else []
    note = localized_spans(cadence_note, lang) if cadence_note is not None else None
    if note and _same_words(plain(note), plain(value)):
        note = None  # "löpande, löpande": the note only repeats the cadence
    words = None
    if note and _words(plain(value)) <= _words(plain(note)):
        value = []  # "Vid behov. Skapas vid behov.": the note says the cadence itself
    elif value:
        words = _words(plain(value))
    term = _messages(lang)["works" if isinstance(cadence, Ongoing) else "meets"]
    unsaid = (term, tuple(note)) if note else None
    if note and value:
        if plain(note)[:1].isupper():
            value = [Span(capitalize(value[0].text), value[0].lang, value[0].datetime), *value[1:], Span(". ")]
        else:
            value = [*value, Span(", ")]
    value = [*value, *(note or [])]
    return ((term, tuple(value)) if value else None), unsaid, words


#: The "Meets" rows by cadence, note and language: bodies meet in a few dozen ways.
_cadence_rows = Remembered(_cadence_row, 4096)


#: A body's facts in the order a reader asks: who takes part, when it meets, what it does, whom it
#: relates to, who sits in it, its history, where the facts come from. Keys of ``_T`` or ``details.FIELDS``.
_BODY_ORDER = (
    ("kind", "tier", "also_tiers", "scope", "convener", "participants", "organisations", "seats", "appointment"),
    ("chair", "vice_chair", "secretariat", "target_groups", "instances"),
    ("meets", "works", "meetings", "rules_of_procedure", "decision_power"),
    ("purpose", "mandate", "reporting", "activity_areas"),
    ("relations", "member_of"),
    ("representatives",),
    ("established", "founded", "dissolved", "planned_end", "renewal", "status", "history", "evaluations"),
    ("provenance", "not_exhaustive"),
)


def _in_reading_order(rows: list[tuple[str, Spans | Items]], lang: str) -> list[tuple[str, Spans | Items]]:
    """``rows`` sorted by ``_BODY_ORDER`` (stable; a label it does not know keeps its place among its neighbours)."""
    order = _reading_order(tuple([row[0] for row in rows]), i18n.normalize_lang(lang))
    return rows if order is None else [rows[i] for i in order]


@functools.lru_cache(maxsize=1024)  # bodies share a few dozen sequences of labels
def _reading_order(labels: tuple[str, ...], lang: str) -> tuple[int, ...] | None:
    """The order of rows with these labels, as their indices; None when they are in order already."""
    rank = _reading_ranks(lang)
    last = 0
    keyed = []
    for i, label in enumerate(labels):
        last = rank.get(label, last)
        keyed.append((last, i))
    keyed.sort(key=_FIRST)
    order = tuple([i for _rank, i in keyed])
    return None if order == tuple(range(len(labels))) else order


_FIRST = operator.itemgetter(0)


@functools.cache  # per catalog language (normalised), a handful
def _reading_ranks(lang: str) -> dict[str, int]:
    """Each field label's place in ``_BODY_ORDER``, in ``lang``: worked out once, not per body."""
    rank: dict[str, int] = {}
    for i, keys in enumerate(_BODY_ORDER):
        for key in keys:
            message = _T.get(key) or details.FIELDS.get(key)
            if message is not None:
                rank.setdefault(i18n.pgettext(lang, *message), i)
    return rank


def _parents_first(bodies: Sequence[Body]) -> list[Body]:
    """File order, except that a body that is part of another follows its parent directly."""
    ids = {b.id for b in bodies}
    parent: dict[str, str] = {}
    for b in bodies:
        for rel in b.relations:
            if rel.type is RelationType.PART_OF and rel.target in ids and rel.target != b.id:
                parent.setdefault(b.id, rel.target)
                break
    if not parent and len(ids) == len(bodies):  # no body is part of another: file order (``place`` drops a repeated id)
        return list(bodies)
    children: dict[str, list[Body]] = {}
    for b in bodies:
        if b.id in parent:
            children.setdefault(parent[b.id], []).append(b)
    out: list[Body] = []
    seen: set[str] = set()

    def place(body: Body) -> None:
        if body.id in seen:
            return
        seen.add(body.id)
        out.append(body)
        for child in children.get(body.id, []):
            place(child)

    for b in bodies:
        if b.id not in parent or _in_cycle(b.id, parent):
            place(b)
    for b in bodies:  # anything left (a parent's own parent missing) keeps file order
        place(b)
    return out


def _in_cycle(start: str, parent: dict[str, str]) -> bool:
    seen = {start}
    node = parent.get(start)
    while node is not None:
        if node in seen:
            return True
        seen.add(node)
        node = parent.get(node)
    return False


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=4096)  # spans are frozen: one for each label, shared
def _label_span(_vocabulary: type[Vocabulary], member: Vocabulary, lang: str) -> Span:
    return Span(i18n.label(member, lang))


@functools.lru_cache(maxsize=256)  # a handful of roles' templates, per language
def _translated(messages: tuple[tuple[str, str], tuple[str, str]], lang: str) -> tuple[str, str]:
    """A role's two sentence templates (``_ROLES``) in ``lang``: translated once, not for every representative."""
    with_organisation, alone = messages
    return i18n.pgettext(lang, *with_organisation), i18n.pgettext(lang, *alone)


@functools.lru_cache(maxsize=1024)  # the terms of office in a structure: a handful of pairs of dates
def _period_between(start: PartialDate | None, end: PartialDate | None, lang: str) -> tuple[Span, ...]:
    return tuple(period_spans(Period(start=start, end=end), lang))


@functools.lru_cache(maxsize=4096)  # labels and cadences repeat from body to body
def _words(text: str) -> frozenset[str]:
    """The words of a phrase, lower case: what a fact says, to find it already said."""
    return frozenset(_WORD.findall(text.lower()))


def _same_words(a: str, b: str) -> bool:
    """Whether two phrases say the same words, ignoring case and punctuation ("Löpande." and "löpande")."""
    return _WORD.findall(a.lower()) == _WORD.findall(b.lower())


# ---------------------------------------------------------------- writers

#: Links the writers make: http(s) and mailto, a path on the same site ("/sv/halland/") or a fragment.
_SAFE_URL = re.compile(r"^(?:(?:https?://|mailto:)[^\s<>\"']+|/(?!/)[^\s<>\"']*|#[\w-]+)$", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)  # a page links to a few hundred pages, each many times
def _safe_url(url: str) -> bool:
    return bool(_SAFE_URL.match(url))


#: ``html.escape`` (quotes too), remembered: labels, templates and names repeat on every page.
_escape = Remembered(html.escape, 8192).__getitem__


def _html_spans(spans: Sequence[Span]) -> str:
    if len(spans) == 1:  # a name, a label: the most common
        return _span_html(spans[0])
    return "".join(map(_span_html, spans))


def _write_span(span: Span) -> str:
    text, lang, datetime, href = span
    return _escape(text) if lang is datetime is href is None else _html_span(text, lang, datetime, href)


# A page's spans are few: the words between the filled-in parts, labels, dates and names, each
# many times. Each is written once (the key is the span's four fields), and a sentence is then
# joined without a Python-level step per span.
_span_html = Remembered(_write_span, 8192).__getitem__


def _html_span(text: str, lang: str | None, datetime: str | None, href: str | None) -> str:
    """A span with markings: ``<time>`` inside ``<a>`` inside ``<span lang>``."""
    text = _escape(text)
    if datetime:
        text = f'<time datetime="{_escape(datetime)}">{text}</time>'
    if href and _safe_url(href):
        text = f'<a href="{_escape(href)}">{text}</a>'
    if lang:
        text = f'<span lang="{_escape(lang)}">{text}</span>'
    return text


def _html(block: Block, indent: int = 0, lang: str | None = None) -> str:
    """The lines of ``block`` and a final line break, joined once: a large region's page is megabytes,
    and each whole copy (the text, then the text and its break) is memory the allocator maps anew."""
    lines: list[str] = []
    _html_lines(block, "  " * indent, lines, lang)
    lines.append("")
    return "\n".join(lines)


def _html_lines(block: Block, pad: str, out: list[str], lang: str | None = None) -> None:
    """Append the lines of ``block`` at indentation ``pad`` to ``out`` (one list for a whole page)."""
    if isinstance(block, Section):
        _html_section(block, pad, out, lang)
    elif isinstance(block, Facts):
        _html_facts(block, pad, out)
    elif isinstance(block, Items):
        _html_items(block, pad, out)
    elif isinstance(block, Heading):
        ident = f' id="{_escape(block.id)}"' if block.id else ""
        level = block.level
        out.append(f'{pad}<h{level} class="{block.cls}"{ident}>{_html_spans(block.spans)}</h{level}>')
    elif isinstance(block, Para):
        out.append(f'{pad}<p class="{block.cls}">{_html_spans(block.spans)}</p>')
    else:  # Raw
        out.append(f'{pad}<div class="{block.cls}">\n{block.html}\n{pad}</div>')


def _html_section(block: Section, pad: str, out: list[str], lang: str | None) -> None:
    """A section and its children; headings, paragraphs, facts and sections, most of a page, written here."""
    tag = block.tag if block.cls != "ks-structure" else "div"
    if tag == "nav" and type(block.children[0]) is Heading and block.id:
        tag = f'nav aria-labelledby="{_escape(block.id)}-title"'
    ident = f' id="{_escape(block.id)}"' if block.id else ""
    if lang:
        ident += f' lang="{_escape(lang)}"'
    out.append(f'{pad}<{tag} class="{block.cls}"{ident}>')
    inner = pad + "  "
    for child in block.children:
        if type(child) is Para:
            out.append(f'{inner}<p class="{child.cls}">{_html_spans(child.spans)}</p>')
        elif type(child) is Heading:
            level = child.level
            ident = f' id="{_escape(child.id)}"' if child.id else ""
            out.append(f'{inner}<h{level} class="{child.cls}"{ident}>{_html_spans(child.spans)}</h{level}>')
        elif type(child) is Section:
            _html_section(child, inner, out, None)
        elif type(child) is Facts:
            _html_facts(child, inner, out)
        else:
            _html_lines(child, inner, out)
    if not block.children:
        out.append("")
    out.append(f"{pad}</{tag.split()[0]}>")


def _html_facts(block: Facts, pad: str, out: list[str]) -> None:
    out.append(f'{pad}<dl class="{block.cls}">')
    term_start = f'{pad}  <dt class="ks-facts__term">'
    value_start = f'</dt>\n{pad}  <dd class="ks-facts__value">'  # a term and its value: one string
    inner = pad + "    "
    escape = _escape
    for term, value in block.rows:
        if isinstance(value, Items):
            out.append(f"{term_start}{escape(term)}{value_start}")
            _html_items(value, inner, out)
            out.append(f"{pad}  </dd>")
        elif len(value) == 1 and value[0][1] is value[0][2] is value[0][3] is None:  # a label, a name
            out.append(f"{term_start}{escape(term)}{value_start}{escape(value[0][0])}</dd>")
        else:
            out.append(f"{term_start}{escape(term)}{value_start}{_html_spans(value)}</dd>")
    out.append(f"{pad}</dl>")


def _html_items(block: Items, pad: str, out: list[str]) -> None:
    tag = "ol" if block.ordered else "ul"
    item_pad = pad + "  "
    items = block.items
    for item in items:
        if item.children:
            break
    else:  # a plain list: the whole list as one string
        if items:
            between = f"</li>\n{item_pad}<li>"
            inside = between.join([_html_spans(item.spans) for item in items])
            out.append(f'{pad}<{tag} class="{block.cls}">\n{item_pad}<li>{inside}</li>\n{pad}</{tag}>')
        else:
            out.append(f'{pad}<{tag} class="{block.cls}">\n{pad}</{tag}>')
        return
    out.append(f'{pad}<{tag} class="{block.cls}">')
    inner = pad + "    "
    for item in items:
        if item.children:
            out.append(f"{item_pad}<li>{_html_spans(item.spans)}")
            for child in item.children:
                _html_lines(child, inner, out)
            out.append(f"{item_pad}</li>")
        else:
            out.append(f"{item_pad}<li>{_html_spans(item.spans)}</li>")
    out.append(f"{pad}</{tag}>")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^(\s*(?:\d+)?)([#=+.)-])")
_SPACE = re.compile(r"\s+")


def _md_escape(text: str) -> str:
    """Escape what could make text into markup: emphasis, links, raw HTML, tables."""
    return _MD_SPECIAL.sub(r"\\\1", _SPACE.sub(" ", text))


def _md_block_start(line: str) -> str:
    """Keep a paragraph that starts with "#", "-", "1." … from becoming a heading or list."""
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line, count=1)


def _md_spans(spans: Sequence[Span]) -> str:
    out = []
    for span in spans:
        text = _md_escape(span.text)
        if span.href and _safe_url(span.href):
            text = f"[{text}](<{span.href}>)"
        out.append(text)
    return "".join(out)


def _markdown(block: Block, depth: int = 0) -> list[str]:
    pad = "    " * depth
    if isinstance(block, Raw):
        return []
    if isinstance(block, Heading):
        return ["#" * block.level + " " + _md_spans(block.spans), ""]
    if isinstance(block, Para):
        return [pad + _md_block_start(_md_spans(block.spans)), ""]
    if isinstance(block, Items):
        lines = []
        for i, item in enumerate(block.items, 1):
            bullet = f"{i}." if block.ordered else "-"
            lines.append(f"{pad}{bullet} {_md_block_start(_md_spans(item.spans))}")
            for child in item.children:
                lines.extend(line for line in _markdown(child, depth + 1) if line)
        return [*lines, ""]
    if isinstance(block, Facts):
        lines = []
        for term, value in block.rows:
            if isinstance(value, Items):
                lines.append(f"{pad}- **{_md_escape(term)}:**")
                lines.extend(line for line in _markdown(value, depth + 1) if line)
            else:
                lines.append(f"{pad}- **{_md_escape(term)}:** {_md_spans(value)}")
        return [*lines, ""]
    return [line for child in block.children for line in _markdown(child, depth)]


def _text_spans(spans: Sequence[Span]) -> str:
    out = []
    for span in spans:
        text = _SPACE.sub(" ", span.text)
        if span.href and span.href != span.text:
            text = f"{text} <{span.href}>"
        out.append(text)
    return "".join(out)


def _text(block: Block, depth: int = 0, top: int = 1) -> list[str]:
    pad = "  " * depth
    if isinstance(block, Raw):
        return []
    if isinstance(block, Heading):
        title = _text_spans(block.spans)
        rule = {0: "=", 1: "-", 2: "~", 3: "."}.get(block.level - top)
        return [title, rule * len(title), ""] if rule else [title, ""]
    if isinstance(block, Para):
        return [pad + _text_spans(block.spans), ""]
    if isinstance(block, Items):
        lines = []
        for i, item in enumerate(block.items, 1):
            bullet = f"{i}." if block.ordered else "-"
            lines.append(f"{pad}{bullet} {_text_spans(item.spans)}")
            for child in item.children:
                lines.extend(line for line in _text(child, depth + 1, top) if line)
        return [*lines, ""]
    if isinstance(block, Facts):
        lines = []
        for term, value in block.rows:
            if isinstance(value, Items):
                lines.append(f"{pad}{term}:")
                lines.extend(line for line in _text(value, depth + 1, top) if line)
            else:
                lines.append(f"{pad}{term}: {_text_spans(value)}")
        return [*lines, ""]
    return [line for child in block.children for line in _text(child, depth, top)]


def _write(root: Section, lang: str, format: str, top: int) -> str:
    if format == "html":
        # The root carries the output language; fallen-back pieces carry their own.
        return _html(root, lang=lang)
    lines = _markdown(root) if format == "markdown" else _text(root, top=top)
    while lines and not lines[-1]:
        lines.pop()
    lines.append("")  # the final line break, joined with the rest (see ``_html``)
    return "\n".join(lines) if len(lines) > 1 else "\n"


def _check(format: str, heading_level: int, deepest: int) -> None:
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")
    if not 1 <= heading_level <= 6 - deepest:
        raise ValueError(f"heading_level must be 1–{6 - deepest} so that every heading is h1–h6")


def render(structure: Structure, lang: str = "sv", format: Format = "html", heading_level: int = 2) -> str:
    """The whole structure in ``lang`` (sv or en; others fall back to en) as text, Markdown or HTML."""
    _check(format, heading_level, 3)
    lang = i18n.normalize_lang(lang)
    root = _Builder(structure, lang).structure_blocks(heading_level)
    return _write(root, lang, format, heading_level)


def _check_level(format: str, heading_level: int) -> None:
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")
    if not 1 <= heading_level <= 6:
        raise ValueError("heading_level must be 1–6")


def _titled(builder: _Builder, key: str, heading: str | None, level: int, hidden: bool) -> Heading:
    cls = "ks-section__title ks-visually-hidden" if hidden else "ks-section__title"
    return builder.heading(level, [Span(heading or _t(builder.lang, key))], cls)


def section_heading(key: str, lang: str) -> str:
    """A section heading the renderer uses ("bodies" → "Samverkansorgan"), for pages that add their own."""
    return _t(i18n.normalize_lang(lang), key)


def render_plan(
    plan: Plan, structure: Structure | None = None, lang: str = "sv", heading_level: int = 2, format: Format = "html"
) -> str:
    """One plan as in a structure: name, facts, goals and milestones. ``structure`` resolves names."""
    _check(format, heading_level, 1)
    lang = i18n.normalize_lang(lang)
    root = _Builder(structure, lang).plan(plan, heading_level)
    return _write(root, lang, format, heading_level)


def render_bodies(
    structure: Structure,
    lang: str = "sv",
    heading_level: int = 2,
    format: Format = "html",
    *,
    heading: str | None = None,
    hidden_heading: bool = False,
    urls: Mapping[str, str] | None = None,
) -> str:
    """Every body grouped by tier (political first) under one heading; deeper levels stop at h6.

    ``hidden_heading`` keeps the heading for screen readers only (class ``ks-visually-hidden``);
    ``urls`` (an object's id → its page's URL) makes each reference to an object with a page a link,
    as in ``render_overview``.
    """
    _check_level(format, heading_level)
    lang = i18n.normalize_lang(lang)
    builder = _Builder(structure, lang, urls)
    children = [
        _titled(builder, "bodies", heading, heading_level, hidden_heading),
        *builder.bodies_blocks(structure.bodies, min(heading_level + 1, 6)),
    ]
    root = Section("ks-section ks-section--bodies", tuple(children), id=f"ks-bodies-{structure.id}")
    return _write(root, lang, format, heading_level)


def render_representatives(
    structure: Structure,
    lang: str = "sv",
    heading_level: int = 2,
    format: Format = "html",
    *,
    heading: str | None = None,
    body_ids: Sequence[str] = (),
    hidden_heading: bool = False,
) -> str:
    """The people in the structure's bodies, body by body ("X (C), företräder Y"); ``body_ids`` narrows it."""
    _check_level(format, heading_level)
    lang = i18n.normalize_lang(lang)
    builder = _Builder(structure, lang)
    children: list[Block] = [_titled(builder, "representatives", heading, heading_level, hidden_heading)]
    for body in structure.bodies:
        if body_ids and body.id not in body_ids:
            continue
        reps = builder.representations.get(body.id)
        if not reps:
            continue
        items = Items(tuple(Item(builder.representation(r)) for r in reps), "ks-list ks-representatives")
        body_heading = builder.heading(min(heading_level + 1, 6), builder.text(body.name), "ks-body__title")
        children.append(Section("ks-body", (body_heading, items), id=f"ks-representatives-{body.id}"))
    root = Section("ks-section ks-section--representatives", tuple(children), id=f"ks-representatives-{structure.id}")
    return _write(root, lang, format, heading_level)


def render_item(
    item: Body | Collaboration | Agreement | Plan | InterestArea | Event,
    structure: Structure | None = None,
    lang: str = "sv",
    heading_level: int = 3,
    format: Format = "html",
    *,
    urls: Mapping[str, str] | None = None,
    today: datetime.date | None = None,
) -> str:
    """One body, collaboration, agreement, plan, interest area or event as a fragment (a CMS block).

    ``structure`` resolves the names it refers to; without it references show their ids. With
    ``urls`` (an object's id → its page's URL) a reference to an object with a page links to it.
    ``today``: the day a body's summary tells past from coming meetings by (default: today), the one
    ``overview.unchanged_through`` was asked about.
    """
    _check(format, heading_level, 1)
    lang = i18n.normalize_lang(lang)
    builder = _Builder(structure, lang, urls, today)
    writers = {
        Body: builder.body,
        Collaboration: builder.collaboration,
        Agreement: builder.agreement,
        Plan: builder.plan,
        InterestArea: builder.interest_area,
        Event: builder.event,
        EventSeries: builder.event_series,
        Funding: builder.funding,
    }
    write = writers.get(type(item))
    if write is None:
        raise TypeError(f"cannot render a {type(item).__name__} on its own")
    return _write(write(item, heading_level), lang, format, heading_level)  # type: ignore[operator]


def render_event_summary(
    event: Event, structure: Structure | None = None, lang: str = "sv", format: Format = "html"
) -> str:
    """One line for lists of events: "14 november 2019: Stockholmstinget, Stockholm" (no block markup)."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; use one of: {', '.join(FORMATS)}")
    lang = i18n.normalize_lang(lang)
    builder = _Builder(structure, lang)
    when = period_spans(Period(start=event.date, end=event.end), lang) if event.end else date_spans(event.date, lang)
    spans = [*when, Span(": "), *builder.text(event.name)]
    if event.location is not None:
        spans = [*spans, Span(", "), *builder.text(event.location)]
    if format == "html":
        return _html_spans(spans)
    return _md_spans(spans) if format == "markdown" else _text_spans(spans)


# ---------------------------------------------------------------- command line


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a structure file (.yaml, .yml, .json, .toml)")
    parser.add_argument("--lang", default="sv", help="sv or en (default sv); other languages fall back to en")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    parser.add_argument("--heading-level", type=int, default=1, choices=range(1, 4), help="level of the first heading")


@command("render", "render a structure file as text, Markdown or HTML in Swedish or English", _configure)
def _render_command(args: argparse.Namespace) -> int:
    from .io import load

    structure = load(args.file)
    sys.stdout.write(render(structure, lang=args.lang, format=args.format, heading_level=args.heading_level))
    return 0
