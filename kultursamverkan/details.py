"""Rendering of the format-2 constructs (issue 11): rows that ``render`` adds to each object's facts.

Kept apart from ``render`` so that its existing sentences stay as they are. Each
construct is said in the reader's language from the catalogs: a value type with a
phrase of its own (seats, posts, decisions, appointments) reads as a phrase, any
other as "label: value" items, so nothing the model holds is left out of a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, Union

import attrs

from . import i18n
from .cadence import CADENCE_KINDS
from .model import Appointment, Decision, Occasion, Post, Provenance, Seats
from .phrases import Span, Spans, _np, _p, cadence_spans, capitalize, date_spans, fill, join_list, number, plain
from .values import LocalizedText, PartialDate, Period
from .vocab import Vocabulary

#: Labels of the fields the format-2 constructs add, and of their parts.
FIELDS: dict[str, tuple[str, str]] = {
    "also_tiers": _p("field", "Also at level"),
    "seats": _p("field", "Seats"),
    "appointment": _p("field", "Appointed"),
    "target_groups": _p("field", "Target groups"),
    "chair": _p("field", "Chair"),
    "vice_chair": _p("field", "Vice chair"),
    "secretariat": _p("field", "Secretariat"),
    "rules_of_procedure": _p("field", "Rules of procedure"),
    "decision_power": _p("field", "Decision power"),
    "meetings": _p("field", "Meetings held"),
    "reporting": _p("field", "Reports"),
    "founded": _p("field", "Set up by decision"),
    "planned_end": _p("field", "Planned end"),
    "evaluations": _p("field", "Evaluations"),
    "history": _p("field", "History"),
    "provenance": _p("field", "Sources of these facts"),
    "not_exhaustive": _p("field", "Lists that name examples only"),
    "organisations": _p("field", "Organisations taking part"),
    "member_of": _p("field", "Member of"),
    "abbreviation": _p("field", "Abbreviation"),
    "alternative_names": _p("field", "Also called"),
    "identifiers": _p("field", "Identifiers"),
    "mandate": _p("field", "Mandate"),
    "joined": _p("field", "Joined the cultural cooperation model"),
    "pilot": _p("field", "Pilot region"),
    "extended_to": _p("field", "Extended to"),
    "adopted": _p("field", "Adopted"),
    "part_of": _p("field", "Part of"),
    "focus_areas": _p("field", "Focus areas"),
    "offered_to_each": _p("field", "Offered to each of"),
    "party_status": _p("field", "Parties' status"),
    "period": _p("field", "Period"),
    "decision": _p("field", "Decision"),
    "implements": _p("field", "Implements"),
    "series": _p("field", "Edition of"),
    "theme": _p("field", "Theme"),
    "attendance": _p("field", "Attendance"),
    "time": _p("field", "Time"),
    "organisers": _p("field", "Organisers"),
    "cadence": _p("field", "Meets"),
    "participants": _p("field", "Participants"),
    "established": _p("field", "Established"),
    "location": _p("field", "Location"),
    "url": _p("field", "Website"),
    "funder": _p("field", "From"),
    "recipient": _p("field", "To"),
    "recipient_category": _p("field", "To"),
    "year": _p("field", "Year"),
    "amount_sek": _p("field", "Amount"),
    "purpose": _p("field", "Purpose"),
    "kind": _p("field", "Kind"),
    # parts of value types
    "activity_areas": _p("field", "Activity areas"),
    "art_forms": _p("field", "Art forms"),
    "as_of": _p("field", "As of"),
    "sources": _p("field", "Sources"),
    "fields": _p("field", "Applies to"),
    "by": _p("field", "By"),
    "by_category": _p("field", "By"),
    "by_each_member": _p("field", "By each member for itself"),
    "date": _p("field", "Date"),
    "diary_number": _p("field", "Diary number"),
    "term_years": _p("field", "Term of office in years"),
    "extension_years": _p("field", "Extension in years"),
    "staggered": _p("field", "Staggered renewal"),
    "remuneration": _p("field", "Remuneration"),
    "paid": _p("field", "Paid"),
    "basis": _p("field", "Basis"),
    "category": _p("field", "Category"),
    "organisation": _p("field", "Organisation"),
    "invited": _p("field", "Invited"),
    "invited_to": _p("field", "Invited to"),
    "represents": _p("field", "Represents"),
    "note": _p("field", "Note"),
    "rotation": _p("field", "Rotates"),
    "changed": _p("field", "Changed"),
    "description": _p("field", "Description"),
    "holder": _p("field", "Held by"),
    "to": _p("field", "To"),
    "what": _p("field", "What"),
    "summary": _p("field", "Summary"),
    "party": _p("field", "Party"),
    "status": _p("field", "Status"),
    "season": _p("field", "Season"),
    "event": _p("field", "Event"),
    "municipality_code": _p("field", "Municipality code"),
    "organisation_number": _p("field", "Organisation number"),
    "wikidata": _p("field", "Wikidata"),
    "title": _p("field", "Title"),
}

#: The format-2 fields each class shows through this module, in display order.
SHOWN: dict[str, tuple[str, ...]] = {
    "Region": ("joined", "pilot", "identifiers", "provenance"),
    "Organisation": (
        "abbreviation",
        "alternative_names",
        "member_of",
        "identifiers",
        "mandate",
        "provenance",
        "not_exhaustive",
    ),
    "Body": (
        "also_tiers",
        "organisations",
        "seats",
        "appointment",
        "target_groups",
        "chair",
        "vice_chair",
        "secretariat",
        "decision_power",
        "rules_of_procedure",
        "meetings",
        "reporting",
        "founded",
        "planned_end",
        "evaluations",
        "history",
        "provenance",
        "not_exhaustive",
    ),
    "Collaboration": ("provenance", "not_exhaustive"),
    "Agreement": (
        "offered_to_each",
        "party_status",
        "period",
        "decision",
        "implements",
        "provenance",
        "not_exhaustive",
    ),
    "Plan": ("adopted", "extended_to", "part_of", "focus_areas", "evaluations", "provenance", "not_exhaustive"),
    "InterestArea": ("provenance",),
    "EventSeries": (
        "kind",
        "cadence",
        "organisers",
        "theme",
        "participants",
        "location",
        "established",
        "url",
        "provenance",
        "not_exhaustive",
    ),
    "Event": ("series", "theme", "attendance", "time", "provenance", "not_exhaustive"),
    "Funding": ("funder", "recipient", "recipient_category", "year", "amount_sek", "purpose", "decision"),
}


class Builder(Protocol):  # pragma: no cover - the shape of ``render._Builder`` used here
    lang: str

    def text(self, value: LocalizedText) -> Spans: ...
    def label(self, member: Vocabulary) -> Spans: ...
    def ref(self, ref: str) -> Spans: ...
    def link(self, url: str | None) -> Spans | None: ...


Row = tuple[str, Union[Spans, Any]]

_YES = _p("details", "yes")
_PER_MEMBER = _p("details", "{count} per member")
_SUBSTITUTES = _np("details", "{seats}, and {count} substitute", "{seats}, and {count} substitutes")
_ONLY_SUBSTITUTES = _np("details", "{count} substitute", "{count} substitutes")
_ABOUT = _p("details", "about {count}")
_RANGE = _p("details", "{low}–{high}")
_WHOEVER_CHAIRS = _p("details", "whoever chairs")
_ROTATES = _p("details", "in turn between {parties}")
_ROTATES_YEARS = _np(
    "details", "in turn between {parties}, {years} year each", "in turn between {parties}, {years} years each"
)
_BY_EACH = _p("details", "each member for itself")
_BY = _p("details", "by {who}")
_DIARY = _p("details", "diary number {number}")
_TERM = _np("details", "for {years} year", "for {years} years")
_EXTENSION = _np("details", "renewable by {years} year", "renewable by {years} years")
_STAGGERED = _p("details", "renewed in turn")
_PAID = _p("details", "paid")
_UNPAID = _p("details", "unpaid")
_FOLLOWING = _p("details", "following {basis}")
_INVITED = _p("details", "invited")
_INVITED_TO = _p("details", "invited to {occasion}")
_SEASON_MEETING = _p("details", "the {season} meeting")
_REPRESENTING = _p("details", "representing {what}")
_SEK = _p("details", "{amount} kronor")
_AS_OF = _p("details", "as of {date}")
_FOR_FIELDS = _p("details", "{what}: {sources}")


def _t(lang: str, message: tuple[str, str]) -> str:
    return i18n.pgettext(lang, *message)


def _nt(lang: str, message: tuple[str, str, str], n: int) -> str:
    return i18n.npgettext(lang, *message, n)


def field_label(name: str, lang: str) -> str:
    return _t(lang, FIELDS[name])


def rows(builder: Builder, obj: object) -> list[Row]:
    """The facts rows of ``obj``'s format-2 fields that hold a value."""
    out: list[Row] = []
    for name in SHOWN.get(type(obj).__name__, ()):
        value = getattr(obj, name)
        if value in (None, (), False):
            continue
        spans = value_spans(builder, value, name)
        if spans:
            out.append((field_label(name, builder.lang), spans))
    return out


def value_spans(builder: Builder, value: Any, name: str = "") -> Any:
    """Any model value as spans (or ``render.Items`` for lists), in the builder's language."""
    from .render import Item, Items

    lang = builder.lang
    if isinstance(value, tuple):
        if name in ("fields", "not_exhaustive"):
            return join_list([[Span(_field_or_name(f, lang))] for f in value], lang)
        items = []
        for v in value:
            part = value_spans(builder, v, name)
            items.append(Item(part if isinstance(part, list) else _flatten(part, lang)))
        return Items(tuple(items), "ks-list")
    if isinstance(value, bool):
        return [Span(_t(lang, _YES))]
    if isinstance(value, Vocabulary):
        return [Span(i18n.label(value, lang))]
    if isinstance(value, LocalizedText):
        return builder.text(value)
    if isinstance(value, PartialDate):
        return date_spans(value, lang)
    if isinstance(value, Period):
        from .phrases import period_spans

        return period_spans(value, lang)
    if isinstance(value, int):
        if name == "amount_sek":
            return [Span(_t(lang, _SEK).format(amount=_decimal(value, lang)))]
        if name == "year":
            return [Span(str(value))]
        return [Span(number(value, lang))]
    if isinstance(value, str):
        if name in ("url",):
            return builder.link(value) or []
        if name in _REF_FIELDS:
            return builder.ref(value)
        return [Span(value)]
    if type(value) in CADENCE_KINDS.values():
        return cadence_spans(value, lang)
    special = _PHRASES.get(type(value))
    if special is not None:
        return special(builder, value)
    return _generic(builder, value)


_REF_FIELDS = frozenset(
    {"organisation", "by", "holder", "to", "party", "event", "funder", "recipient", "series", "implements",
     "part_of", "member_of", "organisers", "between", "organisations"}
)  # fmt: skip


def _field_or_name(name: str, lang: str) -> str:
    return field_label(name, lang) if name in FIELDS else name


def _decimal(n: int, lang: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(n, locale=i18n.locale(lang))


def _generic(builder: Builder, value: Any) -> Spans:
    """ "Label: value; label: value" for a value type without a phrase of its own."""
    lang = builder.lang
    parts: list[Spans] = []
    for field in attrs.fields(type(value)):
        v = getattr(value, field.name)
        if v in (None, (), False):
            continue
        inner = value_spans(builder, v, field.name)
        if not isinstance(inner, list):
            inner = _flatten(inner, lang)
        parts.append([Span(f"{_field_or_name(field.name, lang)}: "), *inner])
    out: Spans = []
    for i, part in enumerate(parts):
        if i:
            out.append(Span("; "))
        out.extend(part)
    return out


def _flatten(items: Any, lang: str) -> Spans:
    """A list of items as one run of text ("a, b and c")."""
    return join_list([item.spans for item in items.items], lang)


def _count(n: int, approximate: bool, high: int | None, lang: str) -> str:
    text = number(n, lang) if high is None else _t(lang, _RANGE).format(low=n, high=high)
    return _t(lang, _ABOUT).format(count=text) if approximate else text


def _seats(builder: Builder, seats: Seats) -> Spans:
    lang = builder.lang
    text = ""
    if seats.count is not None:
        text = _count(seats.count, seats.approximate, seats.max, lang)
        if seats.per_member:
            text = _t(lang, _PER_MEMBER).format(count=text)
    if seats.substitutes is not None:
        n = seats.substitutes
        subs = number(n, lang)
        text = (
            _nt(lang, _SUBSTITUTES, n).format(seats=text, count=subs)
            if text
            else _nt(lang, _ONLY_SUBSTITUTES, n).format(count=subs)
        )
    return [Span(text)]


def _who(builder: Builder, obj: Any) -> Spans:
    """Who holds or does something: an organisation, a category, or each member."""
    lang = builder.lang
    if getattr(obj, "by", None) or getattr(obj, "organisation", None):
        return builder.ref(getattr(obj, "by", None) or obj.organisation)
    category = getattr(obj, "by_category", None) or getattr(obj, "category", None)
    if category is not None:
        return [Span(i18n.label(category, lang))]
    if getattr(obj, "by_each_member", False):
        return [Span(_t(lang, _BY_EACH))]
    return []


def _post(builder: Builder, post: Post) -> Spans:
    lang = builder.lang
    if post.whoever_chairs:
        out: Spans = [Span(_t(lang, _WHOEVER_CHAIRS))]
    elif post.rotation is not None:
        r = post.rotation
        parties = join_list(
            [builder.ref(p) for p in r.between] + [[Span(i18n.label(c, lang))] for c in r.between_categories], lang
        )
        if r.years is not None:
            out = fill(_nt(lang, _ROTATES_YEARS, r.years), parties=parties, years=str(r.years))
        else:
            out = fill(_t(lang, _ROTATES), parties=parties)
    else:
        out = _who(builder, post)
    return _with_tail(builder, out, [post.appointment, post.note])


def _with_tail(builder: Builder, out: Spans, extras: Sequence[Any]) -> Spans:
    for extra in extras:
        if extra is None:
            continue
        spans = builder.text(extra) if isinstance(extra, LocalizedText) else value_spans(builder, extra)
        out = [*out, Span(" ("), *spans, Span(")")] if out else list(spans)
    return out


def _decision(builder: Builder, decision: Decision) -> Spans:
    lang = builder.lang
    parts: list[Spans] = []
    who = _who(builder, decision)
    if who:
        parts.append(fill(_t(lang, _BY), who=who))
    if decision.date is not None:
        parts.append(date_spans(decision.date, lang))
    if decision.diary_number:
        parts.append([Span(_t(lang, _DIARY).format(number=decision.diary_number))])
    out = _joined(parts)
    if decision.url:
        out = [*out, Span(" "), *(builder.link(decision.url) or [])]
    return out


def _appointment(builder: Builder, appointment: Appointment) -> Spans:
    lang = builder.lang
    parts: list[Spans] = []
    who = _who(builder, appointment)
    if who:
        parts.append(fill(_t(lang, _BY), who=who))
    if appointment.term_years is not None:
        n = appointment.term_years
        parts.append([Span(_nt(lang, _TERM, n).format(years=n))])
    if appointment.extension_years is not None:
        n = appointment.extension_years
        parts.append([Span(_nt(lang, _EXTENSION, n).format(years=n))])
    if appointment.staggered:
        parts.append([Span(_t(lang, _STAGGERED))])
    r = appointment.remuneration
    if r is not None:
        pay = [Span(_t(lang, _PAID if r.paid else _UNPAID))]
        if r.basis is not None:
            pay = [*pay, Span(" "), *fill(_t(lang, _FOLLOWING), basis=builder.text(r.basis))]
        parts.append(pay)
    return _joined(parts)


def _occasion(builder: Builder, occasion: Occasion) -> Spans:
    if occasion.event:
        return builder.ref(occasion.event)
    assert occasion.season is not None
    season = i18n.label(occasion.season, builder.lang)
    return [Span(_t(builder.lang, _SEASON_MEETING).format(season=season))]


def _participation(builder: Builder, part: Any) -> Spans:
    lang = builder.lang
    who = _who(builder, part)
    parts: list[Spans] = [[Span(capitalize(plain(who)), who[0].lang if who else None)]]
    if part.seats is not None:
        parts.append(_seats(builder, part.seats))
    if part.invited:
        parts.append([Span(_t(lang, _INVITED))])
    if part.invited_to is not None:
        parts.append(fill(_t(lang, _INVITED_TO), occasion=_occasion(builder, part.invited_to)))
    if part.represents is not None:
        parts.append(fill(_t(lang, _REPRESENTING), what=_represents(builder, part.represents)))
    if part.appointment is not None:
        parts.append(_appointment(builder, part.appointment))
    if part.note is not None:
        parts.append(builder.text(part.note))
    return _joined(parts)


def _represents(builder: Builder, represents: Any) -> Spans:
    lang = builder.lang
    items = [[Span(i18n.label(a, lang))] for a in represents.activity_areas]
    items += [builder.text(t) for t in represents.art_forms]
    items += [builder.ref(o) for o in represents.organisations]
    return join_list(items, lang)


def _provenance(builder: Builder, prov: Provenance) -> Spans:
    lang = builder.lang
    parts: list[Spans] = []
    for source in prov.sources:
        title = builder.text(source.title) if source.title else [Span(source.url)]
        parts.append([Span(plain(title), title[0].lang, href=source.url)])
    if prov.as_of is not None:
        parts.append(fill(_t(lang, _AS_OF), date=date_spans(prov.as_of, lang)))
    out = _joined(parts)
    if prov.fields:
        what = join_list([[Span(_field_or_name(f, lang))] for f in prov.fields], lang)
        out = fill(_t(lang, _FOR_FIELDS), what=what, sources=out)
    return out


_TO = _p("details", "to {to}")


def _reporting(builder: Builder, duty: Any) -> Spans:
    """ "till Kulturnämnden, årligen, en verksamhetsberättelse"."""
    parts = [fill(_t(builder.lang, _TO), to=builder.ref(duty.to))]
    if duty.cadence is not None:
        parts.append(cadence_spans(duty.cadence, builder.lang))
    if duty.what is not None:
        parts.append(builder.text(duty.what))
    return _joined(parts)


def _joined(parts: list[Spans]) -> Spans:
    out: Spans = []
    for i, part in enumerate(p for p in parts if p):
        if i:
            out.append(Span(", "))
        out.extend(part)
    return out


_PHRASES = {
    Seats: _seats,
    Post: _post,
    Decision: _decision,
    Appointment: _appointment,
    Occasion: _occasion,
    Provenance: _provenance,
}


def _register() -> None:
    from .model import Participation, ReportingDuty

    _PHRASES[Participation] = _participation
    _PHRASES[ReportingDuty] = _reporting


_register()


_FUNDING_TITLE = _p("details", "{funder} to {recipient}, {year}")


def funding_title(builder: Builder, funding: Any) -> Spans:
    """ "Region Norrbotten till kultur- och fritidsorganisationer, 2023"."""
    if funding.recipient:
        recipient = builder.ref(funding.recipient)
    else:
        recipient = [Span(i18n.label(funding.recipient_category, builder.lang))]
    template = _t(builder.lang, _FUNDING_TITLE)
    return fill(template, funder=builder.ref(funding.funder), recipient=recipient, year=str(funding.year))
