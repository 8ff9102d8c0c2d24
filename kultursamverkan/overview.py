"""A structure's public page in brief: the diagram, the bodies by tier in a sentence each, links to the rest.

``render`` says everything about every object on one page; a reader of a region's site
needs the picture and a way in. This page says each fact once: a body is its one
sentence and a link to its own page (``render_item``), where its facts are. Built
from the same blocks and writers as ``render``, so it escapes as they do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from . import diagram, i18n
from .cadence import Dates
from .model import Body, Event, Structure
from .phrases import (
    Span,
    Spans,
    body_summary_spans,
    capitalize,
    date_spans,
    fill,
    join_list,
    localized_spans,
    number,
    period_spans,
    plain,
)
from .render import (
    _MUNICIPALITIES,
    Block,
    Facts,
    Heading,
    Item,
    Items,
    Para,
    Raw,
    Section,
    _Builder,
    _check,
    _parents_first,
    _t,
    _words,
    _write,
    details,
)
from .values import PartialDate, Period
from .vocab import Tier

#: The page's sections in order: (key of the heading, id of the section).
SECTIONS = (
    "diagram",
    "bodies",
    "collaborations",
    "agreements",
    "plans",
    "event_series",
    "upcoming",
    "interest_areas",
    "funding",
    "sources",
)


class _Overview(_Builder):
    def __init__(self, structure: Structure, lang: str, urls: Mapping[str, str] | None, today: PartialDate) -> None:
        super().__init__(structure, lang, urls)
        self.today = today
        self.s = structure

    def named(self, obj: object, *rest: Spans) -> Item:
        """One line: the object's name as a link to its page, then what tells it apart."""
        name = localized_spans(obj.name, self.lang)  # type: ignore[attr-defined]
        said = _words(plain(name))
        parts = [r for r in rest if r and not _words(plain(r)) <= said]  # "Hallands kulturplan", not "– kulturplan"
        tail: Spans = [Span(" – ")] if parts else []
        for i, part in enumerate(parts):
            tail += [*([Span(", ")] if i else []), *part]
        return Item([*self.linked(obj.id, name), *tail])  # type: ignore[attr-defined]

    def body_line(self, body: Body) -> Item:
        """The body's one sentence, its name a link ("Strategiskt nätverk: förvaltningschefer … möts …")."""
        name = localized_spans(body.name, self.lang)
        summary = body_summary_spans(body, self.lang, self.s, today=self.today.earliest())
        if summary[: len(name)] == name:
            return Item([*self.linked(body.id, name), *summary[len(name) :]])
        return Item([*self.linked(body.id, name), Span(": "), *summary] if summary else self.linked(body.id, name))

    def bodies(self, level: int) -> list[Block]:
        bodies = _parents_first(self.s.bodies)
        out: list[Block] = []
        tiers: list[Tier | None] = [*Tier, None] if any(b.tier for b in bodies) else [None]
        for tier in tiers:
            members = [b for b in bodies if b.tier is tier or len(tiers) == 1]
            if not members:
                continue
            items = Items(tuple(self.body_line(b) for b in members), "ks-list ks-overview")
            if len(tiers) == 1:
                return [items]
            title = capitalize(i18n.label(tier, self.lang)) if tier else _t(self.lang, "other_bodies")
            heading = self.heading(level, [Span(title)], "ks-tier__title")
            out.append(Section(f"ks-tier ks-tier--{tier.value if tier else 'other'}", (heading, items)))
        return out

    def upcoming(self) -> list[Event]:
        soon = [e for e in self.s.events if (e.end or e.date).latest() >= self.today.earliest()]
        return sorted(soon, key=lambda e: (e.date.earliest(), e.date.latest()))

    def event_line(self, e: Event) -> Item:
        when = period_spans(Period(start=e.date, end=e.end), self.lang) if e.end else date_spans(e.date, self.lang)
        where = [Span(", "), *self.text(e.location)] if e.location is not None else []
        return Item([*when, Span(": "), *self.linked(e.id, self.text(e.name)), *where])

    def lists(self) -> dict[str, list[Block]]:
        s, lang = self.s, self.lang
        out: dict[str, list[Block]] = {}

        def listed(key: str, items: Sequence[Item]) -> None:
            if items:
                out[key] = [Items(tuple(items), "ks-list ks-overview")]

        listed("collaborations", [self.named(c, self.label(c.kind), self.label(c.scope)) for c in s.collaborations])
        listed(
            "agreements",
            [self.named(a, self.label(a.kind), date_spans(a.date, lang) if a.date else []) for a in s.agreements],
        )
        listed(
            "plans",
            [self.named(p, self.label(p.kind), period_spans(p.period, lang) if p.period else []) for p in s.plans],
        )
        listed("event_series", [self.named(e) for e in s.event_series])
        listed("upcoming", [self.event_line(e) for e in self.upcoming()])
        listed("interest_areas", [self.named(a) for a in s.interest_areas])  # no page of their own: names only
        listed("funding", [Item(details.funding_title(self, f)) for f in s.funding])
        sources = []
        for src in s.sources:
            title = self.text(src.title) if src.title else [Span(src.url)]
            linked = [Span(plain(title), title[0].lang, href=src.url)]
            if src.as_of:
                linked = fill(_t(lang, "retrieved"), source=linked, date=date_spans(src.as_of, lang))
            sources.append(Item(linked))
        listed("sources", sources)
        return out

    def page(self, level: int, svg: str | None) -> Section:
        s, lang = self.s, self.lang
        children: list[Block] = [self.heading(level, self.text(s.name), "ks-structure__title")]
        if s.description is not None:
            children.append(Para(self.text(s.description), "ks-structure__description"))
        facts: list[Spans] = []
        if s.region.municipality_count:
            n = s.region.municipality_count
            template = i18n.npgettext(lang, *_MUNICIPALITIES, n)
            facts.append(fill(template, region=self.text(s.region.name), count=number(n, lang)))
        if s.levels:
            levels = join_list([[Span(i18n.label(level, lang))] for level in s.levels], lang)
            facts.append(fill(_t(lang, "levels"), levels=levels))
        facts.append(fill(_t(lang, "as_of"), date=date_spans(s.as_of, lang)))
        joined = [span for i, fact in enumerate(facts) for span in [*([Span(" ")] if i else []), *fact]]
        children.append(Para(joined, "ks-structure__facts"))
        if region_rows := details.rows(self, s.region):
            children.append(Facts(tuple(region_rows)))
        sub = level + 1
        sections: dict[str, list[Block]] = {}
        if svg:
            sections["diagram"] = [Para([Span(_t(lang, "diagram_note"))], "ks-diagram__note"), Raw(svg, "ks-diagram")]
        if s.bodies:
            sections["bodies"] = self.bodies(sub + 1)
        sections.update(self.lists())
        toc = []
        built: list[Block] = []
        for key in SECTIONS:
            if key not in sections:
                continue
            ident = f"ks-{key.replace('_', '-')}"
            title = [Span(_t(lang, key))]
            toc.append(Item([Span(plain(title), href=f"#{ident}")]))
            heading = Heading(min(sub, 6), title, "ks-section__title")
            built.append(Section(f"ks-section ks-section--{key.replace('_', '-')}", (heading, *sections[key]), ident))
        if len(toc) > 1:
            toc_heading = Heading(min(sub, 6), [Span(_t(lang, "contents"))], "ks-toc__title", "ks-toc-title")
            children.append(Section("ks-toc", (toc_heading, Items(tuple(toc), "ks-toc__list", True)), "ks-toc", "nav"))
        children.extend(built)
        return Section("ks-structure", tuple(children), id=f"ks-structure-{s.id}")


def render_overview(
    structure: Structure,
    lang: str = "sv",
    heading_level: int = 1,
    *,
    urls: Mapping[str, str] | None = None,
    with_diagram: bool = True,
    today: dt.date | None = None,
) -> str:
    """The structure's page in brief, as an HTML fragment: introduction, table of contents, the diagram
    (its boxes linking to ``urls``: id → page URL), the bodies by tier in one sentence each, and links
    to its collaborations, agreements, plans, recurring and upcoming events; then its sources."""
    _check("html", heading_level, 2)
    lang = i18n.normalize_lang(lang)
    day = PartialDate.parse((today or dt.date.today()).isoformat())
    svg = diagram.to_svg(structure, lang=lang, urls=urls) if with_diagram and structure.bodies else None
    root = _Overview(structure, lang, urls, day).page(heading_level, svg)
    return _write(root, lang, "html", heading_level)


def unchanged_through(structure: Structure, today: dt.date | None = None) -> dt.date | None:
    """The last day on which what the renderers write today (``render``, ``render_overview``, the body
    summaries) still reads the same; None when it does on every day to come.

    What they say of time compares the structure's dates with the day they write: a meeting on
    a list of dates held or to come, an event upcoming or over. That can change only once the
    day passes the last day of one of those dates: a page can be kept until then.
    """
    today = today or dt.date.today()
    dates = [d for b in structure.bodies if isinstance(b.cadence, Dates) for d in b.cadence.dates]
    dates += [e.end or e.date for e in structure.events]
    return min((last for last in (d.latest() for d in dates) if last >= today), default=None)
