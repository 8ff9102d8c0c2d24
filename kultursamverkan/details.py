"""Rendering of the format-2 constructs (issue 11): rows that ``render`` adds to each object's facts.

Kept apart from ``render`` so that its existing sentences stay as they are. Each
construct is said in the reader's language from the catalogs: a value type with a
phrase of its own (seats, posts, decisions, appointments) reads as a phrase, any
other as "label: value" items, so nothing the model holds is left out of a page.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any, Protocol, Union

import attrs

from . import i18n
from .cadence import CADENCE_KINDS
from .model import Appointment, Decision, Identifiers, Occasion, Post, Provenance, Seats
from .phrases import Span, Spans, _np, _p, cadence_spans, capitalize, date_spans, digits, fill, join_list, number, plain
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

#: Fields a provenance or a not_exhaustive list may name that have no row of their own (kept out of
#: ``FIELDS``, whose labels the plugin's blocks also use: a change there is a plugin migration).
NAMED_FIELDS: dict[str, tuple[str, str]] = {
    "name": _p("field", "Name"),
    "party_categories": _p("field", "Parties"),
    "participants_note": _p("field", "About the participants"),
    "cadence_note": _p("field", "About the meeting frequency"),
    "municipality_count": _p("field", "Number of municipalities"),
    "county_code": _p("field", "County code"),
    "end": _p("field", "End"),
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
_APPOINTED_BY = _p("details", "appointed by {who}")
_ADOPTED = _p("details", "adopted {decision}")
_TIME = _p("details", "{time}")
#: "one" before a neuter noun: "ett år" (Swedish år is neuter, number() says the common "en").
_ONE_NEUTER = _p("number_neuter", "one")
_SEATS_COUNT = _np("details", "{count} seat", "{count} seats")
#: Between hours and minutes: ":" in English, "." in Swedish (Myndigheternas skrivregler).
_TIME_SEPARATOR = _p("time_separator", ":")
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


#: Where a row reads better with its own label than the admin's field label ("Erbjuds enskilt till: kommuner").
_ROW_LABELS = {"offered_to_each": _p("row", "Offered to each of")}


def rows(builder: Builder, obj: object) -> list[Row]:
    """The facts rows of ``obj``'s format-2 fields that hold a value."""
    names, values, empty = _READERS.get(type(obj)) or _shown(type(obj))
    read = values(obj)
    # Most objects hold none of them: every value its field's default (None, () or False) says so at once.
    if read == empty or (not any(read) and set(map(type, read)) <= _EMPTY_TYPES):
        return []
    out: list[Row] = []
    # Most fields are empty: they are passed over on a test of truth first (a true value is never
    # one of the empty ones), all read at once.
    for name, value in zip(names, read, strict=True):
        if not value and value in (None, (), False):
            continue
        if name == "organisations" and getattr(builder, "structure", None) is not None:
            value = tuple(p for p in value if _adds_to_participants(p))
            if not value:
                continue
        spans = value_spans(builder, value, name)
        if spans:
            label = _ROW_LABELS.get(name)
            out.append((_t(builder.lang, label) if label else field_label(name, builder.lang), spans))
    return out


#: The types whose false values are all empty ones: None, () and False.
_EMPTY_TYPES = frozenset({type(None), tuple, bool})

_Reader = tuple[tuple[str, ...], Callable[[object], tuple[Any, ...]], tuple[Any, ...] | None]
_READERS: dict[type, _Reader] = {}  # per model class, a dozen


def _reading(names: tuple[str, ...]) -> Callable[[object], tuple[Any, ...]]:
    if not names:
        return lambda _obj: ()
    get = operator.attrgetter(*names)
    return get if len(names) > 1 else lambda obj: (get(obj),)


def _shown(cls: type) -> _Reader:
    """The fields of ``cls`` in ``SHOWN``, a function reading all their values at once, and their defaults
    when every one is empty (None, () or False): an object that holds them all shows nothing."""
    reader = _READERS.get(cls)
    if reader is None:
        names = SHOWN.get(cls.__name__, ())
        defaults = tuple([_default(cls, name) for name in names])
        empty = defaults if all(d is not ... and d in (None, (), False) for d in defaults) else None
        reader = _READERS[cls] = names, _reading(names), empty
    return reader


def _default(cls: type, name: str) -> Any:
    """A field's default when it is None, a tuple or a bool; ``...`` when it has none or another."""
    field = attrs.fields_dict(cls).get(name) if attrs.has(cls) else None
    default = ... if field is None else field.default
    return default if type(default) in _EMPTY_TYPES else ...


def value_spans(builder: Builder, value: Any, name: str = "") -> Any:
    """Any model value as spans (or ``render.Items`` for lists), in the builder's language."""
    from .render import Item, Items

    lang = builder.lang
    if isinstance(value, tuple):
        if name in ("fields", "not_exhaustive"):
            return _field_list(value, lang)
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
            return [Span(_t(lang, _SEK).format(amount=digits(value, lang)))]
        if name == "year":
            return [Span(str(value))]
        return [Span(number(value, lang))]
    if isinstance(value, str):
        if name in ("url",):
            return builder.link(value) or []
        if name == "time":  # "09:30–16:00" / "kl. 09.30–16.00"
            return [Span(_t(lang, _TIME).format(time=value.replace(":", _t(lang, _TIME_SEPARATOR))))]
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
    """A field's label; the base renderer's label for a field it shows; never the machine name if either has one."""
    if name in FIELDS or name in NAMED_FIELDS:
        return _t(lang, FIELDS.get(name) or NAMED_FIELDS[name])
    from .render import _T as base_labels

    message = base_labels.get(name)
    return _t(lang, message) if message is not None and message[0] == "field" else name


def _field_list(names: Sequence[str], lang: str) -> Spans:
    """ "Deltagande organisationer och platser": labels in running text, only the first capitalised."""
    labels = [_field_or_name(n, lang) for n in names]
    labels = [label if i == 0 else label[:1].lower() + label[1:] for i, label in enumerate(labels)]
    return join_list([[Span(label)] for label in labels], lang)


#: Fields of a record (a held meeting, an evaluation, a change, a party's status) that say themselves.
_BARE = frozenset({"date", "party", "status", "location"})
#: Free-text fields: whole sentences, after the facts.
_SENTENCES = frozenset({"description", "summary", "note"})


def _generic(builder: Builder, value: Any) -> Spans:
    """A record without a phrase of its own: "20 oktober 2023, av Kulturnämnden: Rådet fungerar väl. https://…".

    Facts that say themselves (a date, a place, a party, a status) stand bare, "by" reads "av …",
    the rest as "Label: value"; free text follows as sentences, and a web address comes last.
    """
    lang = builder.lang
    facts: list[tuple[bool, Spans]] = []  # (labelled, spans)
    sentences: list[Spans] = []
    links: list[Spans] = []
    bare: list[str] = []
    for field in attrs.fields(type(value)):
        v = getattr(value, field.name)
        if v in (None, (), False):
            continue
        inner = value_spans(builder, v, field.name)
        if not isinstance(inner, list):
            inner = _flatten(inner, lang)
        if field.name == "url":
            links.append(inner)
        elif field.name in _SENTENCES:
            sentences.append(inner)
        elif field.name == "by":
            facts.append((False, fill(_t(lang, _BY), who=inner)))
        elif field.name == "adopted":
            facts.append((False, fill(_t(lang, _ADOPTED), decision=inner)))
        elif field.name in _BARE:
            facts.append((False, inner))
            bare.append(field.name)
        else:
            facts.append((True, [Span(f"{_field_or_name(field.name, lang)}: "), *inner]))
    out: Spans = []
    for i, (labelled, part) in enumerate(facts):
        if i:
            out.append(Span("; " if labelled or facts[i - 1][0] else ", "))
        out.extend(part)
    heading = len(facts) == 1 and len(bare) == 1  # "20 oktober 2023: Höstmöte om kulturplanen"
    for sentence in sentences:
        if out and sentence:
            if plain(out).endswith((".", "!", "?")):
                out.append(Span(" "))
            elif heading:
                out.append(Span(": "))
            else:
                out.append(Span(". "))
                sentence = [Span(capitalize(plain(sentence)), sentence[0].lang)]
        out.extend(sentence)
    for link in links:
        if out:
            out.append(Span(" " if plain(out).endswith(".") else ", "))
        out.extend(link)
    return out


def _flatten(items: Any, lang: str) -> Spans:
    """A list of items as one run of text ("a, b and c")."""
    return join_list([item.spans for item in items.items], lang)


def _count(n: int, approximate: bool, high: int | None, lang: str) -> str:
    text = number(n, lang) if high is None else _t(lang, _RANGE).format(low=n, high=high)
    return _t(lang, _ABOUT).format(count=text) if approximate else text


def _years(n: int, lang: str) -> str:
    """A number of years in words: "ett", "två", … "13"."""
    return _t(lang, _ONE_NEUTER) if n == 1 else number(n, lang)


def _seats(builder: Builder, seats: Seats, *, noun: bool = False) -> Spans:
    """ "omkring 20" in the "Platser" row; "3–5 platser" where no label says what the number counts."""
    lang = builder.lang
    text = ""
    if seats.count is not None:
        text = _count(seats.count, seats.approximate, seats.max, lang)
        if seats.per_member:
            text = _t(lang, _PER_MEMBER).format(count=text)
        elif noun:
            text = _nt(lang, _SEATS_COUNT, seats.max or seats.count).format(count=text)
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
            out = fill(_nt(lang, _ROTATES_YEARS, r.years), parties=parties, years=_years(r.years, lang))
        else:
            out = fill(_t(lang, _ROTATES), parties=parties)
    else:
        out = _who(builder, post)
    tail = [_appointment(builder, post.appointment, in_row=False)] if post.appointment is not None else []
    if post.note is not None:
        tail.append(builder.text(post.note))
    return _with_tail(out, tail)


def _with_tail(out: Spans, tail: list[Spans]) -> Spans:
    """ "Exempelby kommun (utses av Exempelby kommun på fyra år, för mandatperioden)": one parenthesis."""
    joined = _joined(tail)
    if not joined:
        return out
    return [*out, Span(" ("), *joined, Span(")")] if out else joined


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
        out = _joined([out, builder.link(decision.url) or []])
    return out


def _appointment(builder: Builder, appointment: Appointment, *, in_row: bool = True) -> Spans:
    """ "av kulturchefer, på två år" in the "Utses" row; "utses av …" where no label says so."""
    lang = builder.lang
    parts: list[Spans] = []
    who = _who(builder, appointment)
    if who:
        parts.append(fill(_t(lang, _BY if in_row else _APPOINTED_BY), who=who))
    if appointment.term_years is not None:
        n = appointment.term_years
        parts.append([Span(_nt(lang, _TERM, n).format(years=_years(n, lang)))])
    if appointment.extension_years is not None:
        n = appointment.extension_years
        parts.append([Span(_nt(lang, _EXTENSION, n).format(years=_years(n, lang)))])
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


def _adds_to_participants(part: Any) -> bool:
    """Whether a participation says more than the "Deltagare" row, which names an organisation, whether it is
    invited, and its note: its seats, appointment, what it represents, or the meeting it is invited to."""
    if part.organisation is None:
        return True  # a category's seats and appointment are said only here
    return (
        part.seats is not None
        or part.appointment is not None
        or part.represents is not None
        or part.invited_to is not None
    )


def _participation(builder: Builder, part: Any) -> Spans:
    """ "Kommuner, två platser per medlem, utses av …"; for an organisation the "Deltagare" row has named
    (with the structure at hand), only what that row does not say."""
    lang = builder.lang
    said = part.organisation is not None and getattr(builder, "structure", None) is not None
    who = _who(builder, part)
    parts: list[Spans] = [[Span(capitalize(plain(who)), who[0].lang if who else None)]]
    if part.seats is not None:
        parts.append(_seats(builder, part.seats, noun=True))
    if part.invited and not said:
        parts.append([Span(_t(lang, _INVITED))])
    if part.invited_to is not None:
        parts.append(fill(_t(lang, _INVITED_TO), occasion=_occasion(builder, part.invited_to)))
    if part.represents is not None:
        parts.append(fill(_t(lang, _REPRESENTING), what=_represents(builder, part.represents)))
    if part.appointment is not None:
        parts.append(_appointment(builder, part.appointment, in_row=False))
    out = _joined(parts)
    if part.note is not None and not said:
        note = builder.text(part.note)
        if plain(note)[:1].isupper():  # a sentence of its own: "Skånes Kommuner. Skånes Kommuner är en aktiv part …"
            return [*out, Span(". "), *note]
        out = _joined([out, note])
    return out


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
        what = _field_list(prov.fields, lang)
        out = fill(_t(lang, _FOR_FIELDS), what=what, sources=out)
    return out


_TO = _p("details", "to {to}")


def _reporting(builder: Builder, duty: Any) -> Spans:
    """ "en verksamhetsberättelse till Kulturnämnden, årligen": what, to whom, how often."""
    to = fill(_t(builder.lang, _TO), to=builder.ref(duty.to))
    parts = [[*builder.text(duty.what), Span(" "), *to] if duty.what is not None else to]
    if duty.cadence is not None:
        parts.append(cadence_spans(duty.cadence, builder.lang))
    return _joined(parts)


def _joined(parts: list[Spans]) -> Spans:
    out: Spans = []
    for i, part in enumerate(p for p in parts if p):
        if i:
            out.append(Span(", "))
        out.extend(part)
    return out


def _identifiers(builder: Builder, ids: Identifiers) -> Spans:
    """ "kommunkod 1885, organisationsnummer 222000-0000": no "Label: value" inside the "Identifierare" row."""
    parts: list[Spans] = []
    for field in attrs.fields(Identifiers):
        value = getattr(ids, field.name)
        if value is not None:
            label = field_label(field.name, builder.lang)
            if field.name != "wikidata":  # a name, not a noun
                label = label[:1].lower() + label[1:]
            parts.append([Span(f"{label} {value}")])
    return _joined(parts)


_PHRASES: dict[type, Any] = {
    Identifiers: _identifiers,
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
