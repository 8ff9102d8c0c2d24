"""Natural-language phrases for every value the model holds, in any catalog language.

Pure functions of (value, language): no global language switch. Each public
function returns a plain ``str``; the ``*_spans`` variants return the same text as
``Span`` pieces that remember which language a piece of data text is in (after the
``LocalizedText`` fallback) and which ISO date a date stands for, so the HTML
renderer can add ``lang`` and ``<time datetime>`` without re-parsing prose.

Wording rules: small numbers (one to twelve) are spelled out, as a careful writer
of either language would; ranges keep digits ("3–4 times a year"); periods use an
en dash. Templates use ``{name}`` placeholders so translators may reorder them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from attrs import frozen
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal

from . import i18n
from .cadence import AsNeeded, AtLeast, Cadence, Count, Dates, Interval, Ongoing, Range, Regular
from .model import Body, Structure
from .values import LocalizedText, PartialDate, Period
from .vocab import RelationType, TimeUnit, Vocabulary

EN_DASH = "\u2013"


def _p(context: str, message: str) -> tuple[str, str]:
    """Mark a message for extraction (keyword ``_p:1c,2``) without translating it yet."""
    return context, message


def _np(context: str, singular: str, plural: str) -> tuple[str, str, str]:
    """Mark a plural message for extraction (keyword ``_np:1c,2,3``)."""
    return context, singular, plural


@frozen
class Span:
    """A piece of rendered text; ``lang`` is set when it is in another language than asked for."""

    text: str
    lang: str | None = None
    datetime: str | None = None
    href: str | None = None


Spans = list[Span]


def plain(spans: Iterable[Span]) -> str:
    return "".join(span.text for span in spans)


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, **parts: str | Sequence[Span]) -> Spans:
    """Fill a translated ``{name}`` template with text or spans, keeping the spans' markings."""
    out: Spans = []
    pos = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > pos:
            out.append(Span(template[pos : match.start()]))
        value = parts[match.group(1)]
        out.extend([Span(value)] if isinstance(value, str) else value)
        pos = match.end()
    if pos < len(template):
        out.append(Span(template[pos:]))
    return out


def _t(lang: str, message: tuple[str, str]) -> str:
    return i18n.pgettext(lang, *message)


def _nt(lang: str, message: tuple[str, str, str], n: int) -> str:
    return i18n.npgettext(lang, *message, n)


def join_list(items: Sequence[Sequence[Span]], lang: str) -> Spans:
    """Babel's ``format_list`` ("a, b och c" / "a, b and c") over span lists."""
    if not items:
        return []
    keys = [f"\x00{i}\x00" for i in range(len(items))]
    joined = format_list(keys, locale=i18n.locale(lang))
    out: Spans = []
    for piece in re.split(r"(\x00\d+\x00)", joined):
        if piece.startswith("\x00"):
            out.extend(items[int(piece.strip("\x00"))])
        elif piece:
            out.append(Span(piece))
    return out


# ---------------------------------------------------------------- numbers

_NUMBERS = {
    1: _p("number", "one"),
    2: _p("number", "two"),
    3: _p("number", "three"),
    4: _p("number", "four"),
    5: _p("number", "five"),
    6: _p("number", "six"),
    7: _p("number", "seven"),
    8: _p("number", "eight"),
    9: _p("number", "nine"),
    10: _p("number", "ten"),
    11: _p("number", "eleven"),
    12: _p("number", "twelve"),
}
_ORDINALS = {
    3: _p("ordinal", "third"),
    4: _p("ordinal", "fourth"),
    5: _p("ordinal", "fifth"),
    6: _p("ordinal", "sixth"),
    7: _p("ordinal", "seventh"),
    8: _p("ordinal", "eighth"),
    9: _p("ordinal", "ninth"),
    10: _p("ordinal", "tenth"),
    11: _p("ordinal", "eleventh"),
    12: _p("ordinal", "twelfth"),
}


def number(n: int, lang: str) -> str:
    """``n`` spelled out from one to twelve, digits (locale-grouped) above."""
    lang = i18n.normalize_lang(lang)
    if n in _NUMBERS:
        return _t(lang, _NUMBERS[n])
    return format_decimal(n, locale=i18n.locale(lang))


# ---------------------------------------------------------------- dates and periods


def date(d: PartialDate, lang: str) -> str:
    """ "14 november 2019" / "14 November 2019"; "maj 2020" / "May 2020"; "2017"."""
    return plain(date_spans(d, lang))


def date_spans(d: PartialDate, lang: str) -> Spans:
    lang = i18n.normalize_lang(lang)
    loc = i18n.locale(lang)
    if d.precision == "day":
        text = format_date(d.earliest(), "long", locale=loc)
    elif d.precision == "month":
        text = format_skeleton("yMMMM", d.earliest(), locale=loc)
    else:
        text = str(d.year)
    return [Span(text, datetime=d.isoformat())]


def period(p: Period, lang: str) -> str:
    """ "2020–2023"; spaced dash between longer dates; "from 2020" / "until 2023" when open."""
    return plain(period_spans(p, lang))


def period_spans(p: Period, lang: str) -> Spans:
    lang = i18n.normalize_lang(lang)
    if p.start is not None and p.end is not None:
        start, end = date_spans(p.start, lang), date_spans(p.end, lang)
        spaced = " " in plain(start) or " " in plain(end)
        return [*start, Span(f" {EN_DASH} " if spaced else EN_DASH), *end]
    if p.start is not None:
        return fill(_t(lang, _p("period", "from {start}")), start=date_spans(p.start, lang))
    assert p.end is not None  # a Period always has an end when it has no start
    return fill(_t(lang, _p("period", "until {end}")), end=date_spans(p.end, lang))


_DATE_PREPOSITIONS = {
    "day": _p("dates", "on {dates}"),
    "month": _p("dates", "in {dates}"),
    "year": _p("dates", "in {dates}"),
}


def dates_in_sentence(dates: Sequence[PartialDate], lang: str) -> Spans:
    """Dates after a verb: "on 14 November 2019 and 19 November 2020" / "den 14 november …"."""
    lang = i18n.normalize_lang(lang)
    precisions = {d.precision for d in dates}
    if len(precisions) == 1:
        template = _t(lang, _DATE_PREPOSITIONS[precisions.pop()])
        return fill(template, dates=join_list([date_spans(d, lang) for d in dates], lang))
    return join_list([fill(_t(lang, _DATE_PREPOSITIONS[d.precision]), dates=date_spans(d, lang)) for d in dates], lang)


# ---------------------------------------------------------------- cadence

_PER = {
    TimeUnit.WEEK: _p("per", "a week"),
    TimeUnit.MONTH: _p("per", "a month"),
    TimeUnit.QUARTER: _p("per", "a quarter"),
    TimeUnit.TERM: _p("per", "a term"),
    TimeUnit.YEAR: _p("per", "a year"),
}
_EVERY_ONE = {
    TimeUnit.WEEK: _p("cadence", "weekly"),
    TimeUnit.MONTH: _p("cadence", "monthly"),
    TimeUnit.QUARTER: _p("cadence", "quarterly"),
    TimeUnit.TERM: _p("cadence", "every term"),
    TimeUnit.YEAR: _p("cadence", "annually"),
}
_EVERY_OTHER = {
    TimeUnit.WEEK: _p("cadence", "every other week"),
    TimeUnit.MONTH: _p("cadence", "every other month"),
    TimeUnit.QUARTER: _p("cadence", "every other quarter"),
    TimeUnit.TERM: _p("cadence", "every other term"),
    TimeUnit.YEAR: _p("cadence", "every other year"),
}
_EVERY_NTH = {
    TimeUnit.WEEK: _p("cadence", "every {ordinal} week"),
    TimeUnit.MONTH: _p("cadence", "every {ordinal} month"),
    TimeUnit.QUARTER: _p("cadence", "every {ordinal} quarter"),
    TimeUnit.TERM: _p("cadence", "every {ordinal} term"),
    TimeUnit.YEAR: _p("cadence", "every {ordinal} year"),
}
_EVERY_COUNT = {
    TimeUnit.WEEK: _np("cadence", "every {count} week", "every {count} weeks"),
    TimeUnit.MONTH: _np("cadence", "every {count} month", "every {count} months"),
    TimeUnit.QUARTER: _np("cadence", "every {count} quarter", "every {count} quarters"),
    TimeUnit.TERM: _np("cadence", "every {count} term", "every {count} terms"),
    TimeUnit.YEAR: _np("cadence", "every {count} year", "every {count} years"),
}


def times(n: int, lang: str) -> str:
    """ "once", "twice", "three times" / "en gång", "två gånger", "tre gånger"."""
    lang = i18n.normalize_lang(lang)
    if n == 1:
        return _t(lang, _p("times", "once"))
    if n == 2:
        return _t(lang, _p("times", "twice"))
    return _nt(lang, _np("times", "{count} time", "{count} times"), n).format(count=number(n, lang))


def _months(months: Sequence[int], lang: str) -> str:
    names = i18n.locale(lang).months["format"]["wide"]
    return format_list([names[m] for m in months], locale=i18n.locale(lang))


def _rate(n: int, per: TimeUnit, lang: str) -> str:
    return _t(lang, _p("cadence", "{times} {per}")).format(times=times(n, lang), per=_t(lang, _PER[per]))


def cadence(c: Cadence, lang: str) -> str:
    """A cadence as a phrase: "fyra gånger per år", "about four times a year", "vid behov", …"""
    return plain(cadence_spans(c, lang))


def cadence_spans(c: Cadence, lang: str) -> Spans:
    lang = i18n.normalize_lang(lang)
    if isinstance(c, Count):
        text = _rate(c.times, c.per, lang)
        if c.approximate:
            text = _t(lang, _p("cadence", "about {rate}")).format(rate=text)
        if c.months:
            text = _t(lang, _p("cadence", "{rate}, in {months}")).format(rate=text, months=_months(c.months, lang))
        return [Span(text)]
    if isinstance(c, Range):
        template = _nt(lang, _np("cadence", "{min}–{max} time {per}", "{min}–{max} times {per}"), c.max)
        loc = i18n.locale(lang)
        return fill(
            template,
            min=format_decimal(c.min, locale=loc),
            max=format_decimal(c.max, locale=loc),
            per=_t(lang, _PER[c.per]),
        )
    if isinstance(c, AtLeast):
        template = _t(lang, _p("cadence", "at least {times} {per}"))
        return fill(template, times=times(c.times, lang), per=_t(lang, _PER[c.per]))
    if isinstance(c, Interval):
        if c.every == 1:
            text = _t(lang, _EVERY_ONE[c.unit])
        elif c.every == 2:
            text = _t(lang, _EVERY_OTHER[c.unit])
        elif c.every in _ORDINALS:
            text = _t(lang, _EVERY_NTH[c.unit]).format(ordinal=_t(lang, _ORDINALS[c.every]))
        else:
            text = _nt(lang, _EVERY_COUNT[c.unit], c.every).format(
                count=format_decimal(c.every, locale=i18n.locale(lang))
            )
        if c.months:
            text = _t(lang, _p("cadence", "{rate}, in {months}")).format(rate=text, months=_months(c.months, lang))
        return [Span(text)]
    if isinstance(c, AsNeeded):
        return [Span(_t(lang, _p("cadence", "as needed")))]
    if isinstance(c, Ongoing):
        return [Span(_t(lang, _p("cadence", "on an ongoing basis")))]
    if isinstance(c, Regular):
        return [Span(_t(lang, _p("cadence", "regularly")))]
    if isinstance(c, Dates):
        return join_list([date_spans(d, lang) for d in c.dates], lang)
    raise TypeError(f"not a cadence: {c!r}")


# ---------------------------------------------------------------- text, labels, lists


def localized(text: LocalizedText, lang: str) -> tuple[str, str]:
    """``(text, language_of_text)`` by the model's fallback rule (``LocalizedText.get``).

    A language without data text (a third catalog language) reads the English text.
    """
    lang = i18n.normalize_lang(lang)
    return text.get(lang if lang in ("sv", "en") else "en")


def localized_spans(text: LocalizedText, lang: str) -> Spans:
    lang = i18n.normalize_lang(lang)
    value, used = localized(text, lang)
    return [Span(value, lang=None if used == lang else used)]


def capitalize(text: str) -> str:
    """First letter up, the rest untouched (``str.capitalize`` would lower "Art Inside Out")."""
    return text[:1].upper() + text[1:]


def tier(value: Vocabulary, lang: str) -> str:
    return i18n.label(value, lang)


def scope(value: Vocabulary, lang: str) -> str:
    return i18n.label(value, lang)


def _name(obj: object, lang: str) -> Spans:
    name = getattr(obj, "name", None)
    if isinstance(name, LocalizedText):
        return localized_spans(name, lang)
    if isinstance(name, str):
        return [Span(name)]
    return [Span(str(getattr(obj, "id", obj)))]


def name_spans(structure: Structure | None, ref: str, lang: str) -> Spans:
    """The name of the object ``ref`` points at; the id itself if the structure is not given."""
    if structure is None:
        return [Span(ref)]
    target = structure.by_id().get(ref)
    return _name(target, lang) if target is not None else [Span(ref)]


_INVITED = _p("participants", "{organisation} (invited)")


def participants(body: Body, lang: str, structure: Structure | None = None) -> str:
    """Who takes part, as a noun phrase for a sentence: "förvaltningschefer med ansvar för kultur".

    Categories become a list; ``participants_note`` qualifies it. A note written
    as a qualifier ("med ansvar för kultur") is appended; a note that restates the
    list ("Förvaltningschefer med ansvar för kultur") replaces it; a note that is a
    sentence of its own is left out here (see ``participants_note``). With
    ``structure``, named organisations are listed too ("Met Nuoret och Sáminuorra").
    """
    return plain(participants_spans(body, lang, structure))


def participants_spans(body: Body, lang: str, structure: Structure | None = None) -> Spans:
    return _participants(body, lang, structure)[0]


def participants_note(body: Body, lang: str) -> Spans | None:
    """The participants note when it is a sentence of its own, not part of the noun phrase."""
    return _participants(body, lang, None)[1]


def _participants(body: Body, lang: str, structure: Structure | None) -> tuple[Spans, Spans | None]:
    lang = i18n.normalize_lang(lang)
    items: list[Spans] = [[Span(i18n.label(c, lang))] for c in body.participants]
    if structure is not None:
        for part in body.organisations:
            name = name_spans(structure, part.organisation, lang)
            items.append(fill(_t(lang, _INVITED), organisation=name) if part.invited else name)
    listed = join_list(items, lang)
    if body.participants_note is None:
        return listed, None
    note = localized_spans(body.participants_note, lang)
    text = plain(note)
    if not text[:1].isupper():
        return ([*listed, Span(" "), *note] if listed else note), None
    head = plain(listed)
    phrase_like = not text.rstrip().endswith((".", "!", "?"))
    if phrase_like and (not listed or text.lower().startswith(head.lower())):
        # The note restates the list with its qualifier: use it, in running-text case.
        first = note[0]
        return [Span(first.text[:1].lower() + first.text[1:], first.lang, first.datetime), *note[1:]], None
    return listed, note


_RELATIONS = {
    RelationType.STEERING_GROUP_FOR: _p("relation", "steering group for {target}"),
    RelationType.PART_OF: _p("relation", "part of {target}"),
    RelationType.REPORTS_TO: _p("relation", "reports to {target}"),
    RelationType.COLLABORATES_WITH: _p("relation", "collaborates with {target}"),
    RelationType.IMPLEMENTS: _p("relation", "implements {target}"),
}


def relation(rel_type: RelationType, target_name: str, lang: str) -> str:
    """ "styrgrupp för Art Inside Out" / "steering group for Art Inside Out"."""
    return plain(relation_spans(rel_type, [Span(target_name)], lang))


def relation_spans(rel_type: RelationType, target: Sequence[Span], lang: str) -> Spans:
    lang = i18n.normalize_lang(lang)
    return fill(_t(lang, _RELATIONS[rel_type]), target=target)


# ---------------------------------------------------------------- summaries


def body_summary(body: Body, lang: str, structure: Structure | None = None) -> str:
    """One sentence: "Strategiskt nätverk: förvaltningschefer med ansvar för kultur träffas fyra gånger per år."."""
    return plain(body_summary_spans(body, lang, structure))


def body_summary_spans(body: Body, lang: str, structure: Structure | None = None) -> Spans:
    lang = i18n.normalize_lang(lang)
    name = localized_spans(body.name, lang)
    who = participants_spans(body, lang, structure)
    when: Spans | None = None
    if isinstance(body.cadence, Dates):
        when = dates_in_sentence(body.cadence.dates, lang)
    elif body.cadence is not None:
        when = cadence_spans(body.cadence, lang)
    if who and when:
        return fill(
            _t(lang, _p("summary", "{name}: {participants} meet {cadence}.")), name=name, participants=who, cadence=when
        )
    if when:
        return fill(_t(lang, _p("summary", "{name}: meetings are held {cadence}.")), name=name, cadence=when)
    if who:
        return fill(_t(lang, _p("summary", "{name}: {participants} take part.")), name=name, participants=who)
    return fill(_t(lang, _p("summary", "{name} ({kind}).")), name=name, kind=i18n.label(body.kind, lang))
