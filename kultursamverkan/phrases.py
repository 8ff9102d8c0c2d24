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

import datetime as _dt
import functools
import operator
import re
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal

from . import i18n
from .cadence import AsNeeded, AtLeast, Cadence, Count, Dates, Interval, Ongoing, Range, Regular
from .memo import Remembered, memo
from .model import Body, Structure
from .values import LocalizedText, PartialDate, Period
from .vocab import ParticipantCategory, Phase, Qualifier, RelationType, Scope, Season, TimeUnit, Vocabulary

EN_DASH = "\u2013"


def _p(context: str, message: str) -> tuple[str, str]:
    """Mark a message for extraction (keyword ``_p:1c,2``) without translating it yet."""
    return context, message


def _np(context: str, singular: str, plural: str) -> tuple[str, str, str]:
    """Mark a plural message for extraction (keyword ``_np:1c,2,3``)."""
    return context, singular, plural


class Span(NamedTuple):
    """A piece of rendered text; ``lang`` is set when it is in another language than asked for.

    A named tuple, not an attrs class: one page makes tens of thousands of spans, and
    a tuple is made four times faster than a frozen attrs object (same fields, order,
    equality, hash and repr).
    """

    text: str
    lang: str | None = None
    datetime: str | None = None
    href: str | None = None


Spans = list[Span]

#: ``Span(text, lang)`` where a page makes thousands: the tuple made directly, without the named
#: tuple's Python-level ``__new__`` (half the time). Call as ``_make_span(Span, (text, lang, None, None))``.
_make_span = tuple.__new__


def plain(spans: Iterable[Span]) -> str:
    return "".join(map(_TEXT, spans))


_TEXT = operator.itemgetter(0)  # ``Span.text``


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, **parts: str | Sequence[Span]) -> Spans:
    """Fill a translated ``{name}`` template with text or spans, keeping the spans' markings."""
    out: Spans = []
    for piece in _pieces(template):
        if isinstance(piece, Span):
            out.append(piece)
        else:
            value = parts[piece]
            if isinstance(value, str):
                out.append(_make_span(Span, (value, None, None, None)))
            else:
                out.extend(value)
    return out


@functools.lru_cache(maxsize=1024)  # templates come from the catalogs: a few hundred
def _pieces(template: str) -> tuple[Span | str, ...]:
    """A template as its literal text (spans, shared: they are frozen) and placeholder names, in order."""
    out: list[Span | str] = []
    pos = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > pos:
            out.append(Span(template[pos : match.start()]))
        out.append(match.group(1))
        pos = match.end()
    if pos < len(template):
        out.append(Span(template[pos:]))
    return tuple(out)


def _t(lang: str, message: tuple[str, str]) -> str:
    return i18n.pgettext(lang, *message)


def _nt(lang: str, message: tuple[str, str, str], n: int) -> str:
    return i18n.npgettext(lang, *message, n)


def join_list(items: Sequence[Sequence[Span]], lang: str) -> Spans:
    """Babel's ``format_list`` ("a, b och c" / "a, b and c") over span lists."""
    if not items:
        return []
    out: Spans = []
    for piece in _list_pattern(len(items), i18n.normalize_lang(lang)):
        if isinstance(piece, int):
            out.extend(items[piece])
        else:
            out.append(piece)
    return out


@functools.lru_cache(maxsize=256)
def _list_pattern(count: int, lang: str) -> tuple[int | Span, ...]:
    """Babel's list of ``count`` items as pieces: an item's index, or a span of the words between."""
    keys = [f"\x00{i}\x00" for i in range(count)]
    joined = format_list(keys, locale=i18n.locale(lang))
    pieces: list[int | Span] = []
    for piece in re.split(r"(\x00\d+\x00)", joined):
        if piece.startswith("\x00"):
            pieces.append(int(piece.strip("\x00")))
        elif piece:
            pieces.append(Span(piece))
    return tuple(pieces)


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
    return digits(n, lang)


@functools.lru_cache(maxsize=4096)  # counts, years, amounts: a page repeats a few hundred
def digits(n: int, lang: str) -> str:
    """``n`` in digits, grouped as ``lang`` groups them ("12 000" / "12,000"); Babel formats each once."""
    return format_decimal(n, locale=i18n.locale(lang))


# ---------------------------------------------------------------- dates and periods


def date(d: PartialDate, lang: str) -> str:
    """ "14 november 2019" / "14 November 2019"; "maj 2020" / "May 2020"; "2017"."""
    return plain(date_spans(d, lang))


_AROUND_DATE = _p("date", "around {date}")
_SEASONS = {
    Season.SPRING: _p("date", "spring {year}"),
    Season.SUMMER: _p("date", "summer {year}"),
    Season.AUTUMN: _p("date", "autumn {year}"),
    Season.WINTER: _p("date", "winter {year}"),
}


def date_spans(d: PartialDate, lang: str, *, year: bool = True, month: bool = True) -> Spans:
    """One date; ``year=False`` / ``month=False`` leave out what the next date in a list repeats."""
    return [_date_span(d, i18n.normalize_lang(lang), year, month)]


# A structure's representations and meetings share a handful of dates (``PartialDate.parse``
# shares the objects): each is formatted by Babel once, not for every mention.
@functools.lru_cache(maxsize=1024)
def _date_span(d: PartialDate, lang: str, year: bool, month: bool) -> Span:
    loc = i18n.locale(lang)
    month_name = loc.months["format"]["wide"][d.month] if d.month else ""
    # The date as written, not its earliest possible day: "omkring januari 1990" may begin in 1989.
    written = _dt.date(d.year, d.month or 1, d.day or 1)
    if d.precision == "day":
        if year:
            text = format_date(written, "long", locale=loc)
        elif month:
            text = format_skeleton("dMMMM", written, locale=loc)
        else:
            text = str(d.day)
    elif d.precision == "month":
        text = format_skeleton("yMMMM", written, locale=loc) if year else month_name
    elif d.season is not None:
        text = _t(lang, _SEASONS[d.season]).format(year=d.year)
    elif d.split_year:
        text = f"{d.year}/{(d.year + 1) % 100:02d}"
    else:
        text = str(d.year)
    if d.approximate:
        text = _t(lang, _AROUND_DATE).format(date=text)
    return Span(text, datetime=d.html_datetime())


def _shared(d: PartialDate, later: PartialDate) -> tuple[bool, bool]:
    """Whether ``d`` may leave out its (year, month) because ``later`` says them: "10 och 11 oktober 2020"."""
    same_year = d.precision == later.precision != "year" and d.year == later.year
    same_month = same_year and d.precision == "day" and d.month == later.month
    return same_year, same_month


def date_list_spans(dates: Sequence[PartialDate], lang: str) -> list[Spans]:
    """Dates for a list, each saying only what the next one does not repeat: "25 och 29 mars 2021"."""
    out: list[Spans] = []
    for i, d in enumerate(dates):
        same_year, same_month = _shared(d, dates[i + 1]) if i + 1 < len(dates) else (False, False)
        out.append(date_spans(d, lang, year=not same_year, month=not same_month))
    return out


def period(p: Period, lang: str) -> str:
    """ "2020–2023", "10–11 oktober 2020", "t.o.m. 2030"; a period within one year names it once."""
    return plain(period_spans(p, lang))


def period_spans(p: Period, lang: str) -> Spans:
    lang = i18n.normalize_lang(lang)
    if p.start is not None and p.end is not None:
        if p.start == p.end:
            return date_spans(p.start, lang)
        if p.start.precision != p.end.precision:
            template = _t(lang, _p("period", "from {start} to {end} inclusive"))
            return fill(template, start=date_spans(p.start, lang), end=date_spans(p.end, lang))
        same_year, same_month = _shared(p.start, p.end)
        start = date_spans(p.start, lang, year=not same_year, month=not same_month)
        end = date_spans(p.end, lang)
        spaced = " " in plain(start)  # "10–11 oktober 2020", "mars–maj 2021", but "10 oktober – 2 november 2020"
        return [*start, Span(f" {EN_DASH} " if spaced else EN_DASH), *end]
    if p.start is not None:
        return fill(_t(lang, _p("period", "from {start}")), start=date_spans(p.start, lang))
    assert p.end is not None  # a Period always has an end when it has no start
    return fill(_t(lang, _p("period", "until {end}")), end=date_spans(p.end, lang))


_DATE_PREPOSITIONS = {
    "day": _p("dates", "on {dates}"),
    "month": _p("dates", "in {dates}"),
    "year": _p("dates", "in the year {dates}"),
    "season": _p("dates_season", "in {dates}"),
    "split_year": _p("dates_split_year", "in {dates}"),
}


def dates_in_sentence(dates: Sequence[PartialDate], lang: str) -> Spans:
    """Dates after a verb: "on 14 November 2019 and 19 November 2020" / "under 2020 och 2021"."""
    lang = i18n.normalize_lang(lang)
    precisions = {d.precision for d in dates}
    if len(precisions) == 1:
        template = _t(lang, _DATE_PREPOSITIONS[precisions.pop()])
        return fill(template, dates=join_list(date_list_spans(dates, lang), lang))
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
    return _cadence_text(c, i18n.normalize_lang(lang))


@memo(2048)  # the JSON-LD and the diagram ask for each body's cadence in both languages
def _cadence_text(c: Cadence, lang: str) -> str:
    return plain(_cadence_spans(c, lang))


_EVERY_NTH_RANGE = {
    TimeUnit.WEEK: _p("cadence", "every {low} to {high} week"),
    TimeUnit.MONTH: _p("cadence", "every {low} to {high} month"),
    TimeUnit.QUARTER: _p("cadence", "every {low} to {high} quarter"),
    TimeUnit.TERM: _p("cadence", "every {low} to {high} term"),
    TimeUnit.YEAR: _p("cadence", "every {low} to {high} year"),
}
_SECOND = _p("ordinal", "second")
_EVERY_ONE_TO_NTH = {
    TimeUnit.WEEK: _p("cadence", "every week to every {high} week"),
    TimeUnit.MONTH: _p("cadence", "every month to every {high} month"),
    TimeUnit.QUARTER: _p("cadence", "every quarter to every {high} quarter"),
    TimeUnit.TERM: _p("cadence", "every term to every {high} term"),
    TimeUnit.YEAR: _p("cadence", "every year to every {high} year"),
}
#: Seasons of meetings as nouns after one preposition: "på våren och hösten" / "in spring and autumn".
SEASON_NAMES = {
    Season.SPRING: _p("season_of_meetings", "spring"),
    Season.SUMMER: _p("season_of_meetings", "summer"),
    Season.AUTUMN: _p("season_of_meetings", "autumn"),
    Season.WINTER: _p("season_of_meetings", "winter"),
}
IN_SEASONS = _p("in_season", "in {seasons}")
_QUALIFIED = {
    Qualifier.AS_A_RULE: _p("cadence", "as a rule {cadence}"),
    Qualifier.NORMALLY: _p("cadence", "normally {cadence}"),
}
_DURING = {
    Phase.PLAN_DIALOGUE: _p("cadence", "{cadence}, during the dialogue period before each new culture plan"),
    Phase.PLAN_DRAFTING: _p("cadence", "{cadence}, while a new plan is drafted"),
    Phase.PLAN_PERIOD: _p("cadence", "{cadence}, each plan period"),
    Phase.TERM_OF_OFFICE: _p("cadence", "{cadence}, each term of office"),
}


def _ordinal(n: int, lang: str) -> str:
    if n == 2:
        return _t(lang, _SECOND)
    return _t(lang, _ORDINALS[n]) if n in _ORDINALS else digits(n, lang)


def cadence_spans(c: Cadence, lang: str) -> Spans:
    """The form's phrase, then what every form may add: seasons, a phase, a qualifier (kept in every output)."""
    return list(_cadence_spans(c, i18n.normalize_lang(lang)))


# A cadence is a small frozen value and a corpus repeats a few dozen of them: each is
# phrased once per language (an attrs hash is cheaper than the phrase, with its Babel numbers).
@memo(2048)
def _cadence_spans(c: Cadence, lang: str) -> tuple[Span, ...]:
    spans = _form_spans(c, lang)
    seasons = getattr(c, "seasons", ())
    if seasons:
        names = join_list([[Span(_t(lang, SEASON_NAMES[s]))] for s in seasons], lang)
        spans = [*spans, Span(", "), *fill(_t(lang, IN_SEASONS), seasons=names)]
    return tuple(_qualified(c, spans, lang))


def _qualified(c: Cadence, spans: Spans, lang: str) -> Spans:
    """``spans`` with the cadence's phase and qualifier around them: every output keeps "som regel"."""
    if c.during is not None:
        spans = fill(_t(lang, _DURING[c.during]), cadence=spans)
    if c.qualifier is not None:
        spans = fill(_t(lang, _QUALIFIED[c.qualifier]), cadence=spans)
    return spans


def _form_spans(c: Cadence, lang: str) -> Spans:
    if isinstance(c, Count):
        text = _rate(c.times, c.per, lang)
        if c.approximate:
            text = _t(lang, _p("cadence", "about {rate}")).format(rate=text)
        if c.months:
            text = _t(lang, _p("cadence", "{rate}, in {months}")).format(rate=text, months=_months(c.months, lang))
        return [Span(text)]
    if isinstance(c, Range):
        template = _nt(lang, _np("cadence", "{min}–{max} time {per}", "{min}–{max} times {per}"), c.max)
        return fill(template, min=digits(c.min, lang), max=digits(c.max, lang), per=_t(lang, _PER[c.per]))
    if isinstance(c, AtLeast):
        template = _t(lang, _p("cadence", "at least {times} {per}"))
        return fill(template, times=times(c.times, lang), per=_t(lang, _PER[c.per]))
    if isinstance(c, Interval):
        if c.every_max is not None and c.every == 1:
            text = _t(lang, _EVERY_ONE_TO_NTH[c.unit]).format(high=_ordinal(c.every_max, lang))
        elif c.every_max is not None:
            text = _t(lang, _EVERY_NTH_RANGE[c.unit]).format(
                low=_ordinal(c.every, lang), high=_ordinal(c.every_max, lang)
            )
        elif c.every == 1:
            text = _t(lang, _EVERY_ONE[c.unit])
        elif c.every == 2:
            text = _t(lang, _EVERY_OTHER[c.unit])
        elif c.every in _ORDINALS:
            text = _t(lang, _EVERY_NTH[c.unit]).format(ordinal=_t(lang, _ORDINALS[c.every]))
        else:
            text = _nt(lang, _EVERY_COUNT[c.unit], c.every).format(count=digits(c.every, lang))
        if c.months and c.every == 1 and c.every_max is None and c.unit is TimeUnit.YEAR:
            text = _t(lang, _p("cadence", "every year in {months}")).format(months=_months(c.months, lang))
        elif c.months:
            text = _t(lang, _p("cadence", "{rate}, in {months}")).format(rate=text, months=_months(c.months, lang))
        return [Span(text)]
    if isinstance(c, AsNeeded):
        return [Span(_t(lang, _p("cadence", "as needed")))]
    if isinstance(c, Ongoing):
        return [Span(_t(lang, _p("cadence", "on an ongoing basis")))]
    if isinstance(c, Regular):
        return [Span(_t(lang, _p("cadence", "regularly")))]
    if isinstance(c, Dates):
        return join_list(date_list_spans(c.dates, lang), lang)
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
    value, used = text.get(lang if lang in ("sv", "en") else "en")  # ``localized``, inline: called most of all
    return [_make_span(Span, (value, None if used == lang else used, None, None))]


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


_last_index: tuple[weakref.ref[Structure], Mapping[str, object]] | None = None


def index_of(structure: Structure) -> Mapping[str, object]:
    """``structure.by_id()``, built once for the structure being rendered, not once per reference.

    Remembers the last structure by identity (a frozen structure cannot change; equal
    structures would need hashing the whole tree). A rendering names thousands of
    objects of one structure; a new structure simply replaces the remembered one, and
    the index is let go when its structure is, so it keeps none of its objects alive.
    """
    global _last_index
    last = _last_index
    if last is not None and last[0]() is structure:
        return last[1]
    index = structure.by_id()
    _last_index = (weakref.ref(structure, _forget), index)
    return index


def _forget(ref: weakref.ref[Structure]) -> None:
    global _last_index
    last = _last_index
    if last is not None and last[0] is ref:
        _last_index = None


def name_spans(structure: Structure | None, ref: str, lang: str) -> Spans:
    """The name of the object ``ref`` points at; the id itself if the structure is not given."""
    if structure is None:
        return [Span(ref)]
    target = index_of(structure).get(ref)
    return _name(target, lang) if target is not None else [Span(ref)]


_INVITED = _p("participants", "invited")
_AS_WELL_AS = _p("participants", "{categories} as well as {organisations}")
#: Categories that name one collective ("civil society"): an English verb after one of them alone is singular.
_COLLECTIVE = frozenset(
    {
        ParticipantCategory.CIVIL_SOCIETY,
        ParticipantCategory.NON_PROFIT_SECTOR,
        ParticipantCategory.POPULAR_EDUCATION,
        ParticipantCategory.BUSINESS,
        ParticipantCategory.SPORTS_MOVEMENT,
    }
)
#: Scopes in which the category "regions" can only mean the structure's own region.
_OWN_REGION_SCOPES = (None, Scope.LOCAL, Scope.SUBREGIONAL, Scope.REGIONAL)


def parenthesised(spans: Sequence[Span], inner: Sequence[Span]) -> Spans:
    """ "Name (inner)"; a name already ending in parentheses takes ``inner`` into them: "Name (KFVN; förbund)"."""
    if not inner:
        return list(spans)
    last = spans[-1] if spans else None
    if last is not None and last.text.endswith(")"):
        head = Span(last.text[:-1], last.lang, last.datetime, last.href)
        return [*spans[:-1], head, _SEMICOLON, *inner, _CLOSE]
    return [*spans, _OPEN, *inner, _CLOSE]


#: Separators, shared (spans are frozen).
_OPEN, _CLOSE, _SEMICOLON, _SPACE = Span(" ("), Span(")"), Span("; "), Span(" ")


def participants(body: Body, lang: str, structure: Structure | None = None) -> str:
    """Who takes part, as a noun phrase for a sentence: "förvaltningschefer med ansvar för kultur".

    Categories become a list; ``participants_note`` qualifies it. A note written
    as a qualifier ("med ansvar för kultur") is appended; a note that restates the
    list ("Förvaltningschefer med ansvar för kultur") replaces it; a note that is a
    sentence of its own is left out here (see ``participants_note``). With
    ``structure``, named organisations follow the categories ("… samt Met Nuoret och
    Sáminuorra"), and the category "regions" in a regional body is the region itself.
    """
    return plain(participants_spans(body, lang, structure))


def participants_spans(body: Body, lang: str, structure: Structure | None = None) -> Spans:
    return _participants(body, lang, structure)[0]


def participants_note(body: Body, lang: str, structure: Structure | None = None) -> Spans | None:
    """The notes that are sentences of their own, not part of the noun phrase: the participants note,
    then those on named organisations ("Skånes Kommuner är en aktiv part i detta sammanhang.").

    Give the ``structure`` given to ``participants_spans``: whether the participants note restates the
    noun phrase or stands apart depends on the organisations the structure names in it.
    """
    return _notes(body, lang, _separate_note(body, lang, structure))


def _notes(body: Body, lang: str, separate: Spans | None) -> Spans | None:
    """``participants_note`` with the participants note's separate sentence (``_participants(…)[1]``) known."""
    if not body.organisations:  # most bodies: the separate sentence or nothing
        return separate or None
    notes = [separate] if separate else []
    notes.extend(localized_spans(p.note, lang) for p in body.organisations if p.note and _sentence(p.note, lang))
    return [span for i, note in enumerate(notes) for span in ([Span(" ")] if i else []) + note] or None


def _separate_note(body: Body, lang: str, structure: Structure | None) -> Spans | None:
    """``_participants(body, lang, structure)[1]``, without building the noun phrase where the note cannot
    stand apart."""
    note = body.participants_note
    if note is None or localized(note, lang)[0][:1].islower():
        return None  # no note, or one that qualifies the list ("med ansvar för kultur")
    return _participants(body, lang, structure)[1]


def _sentence(text: LocalizedText, lang: str) -> bool:
    return localized(text, lang)[0].rstrip().endswith((".", "!", "?"))


def _category_list(categories: tuple[ParticipantCategory, ...], lang: str) -> tuple[Span, ...]:
    """The categories' labels as a list ("förtroendevalda och kulturchefer"); spans are frozen, so shared."""
    # Members of two vocabularies with the same value are equal strings: the key names their types.
    return _typed_category_list(tuple(map(type, categories)), categories, lang)


@memo(1024)  # a corpus names a few dozen lists of categories
def _typed_category_list(
    types: tuple[type, ...], categories: tuple[ParticipantCategory, ...], lang: str
) -> tuple[Span, ...]:
    return tuple(join_list([[Span(i18n.label(c, lang))] for c in categories], lang))


def _common_noun(word: str, lang: str) -> bool:
    """Whether ``word`` begins a participant category's label, i.e. is no proper noun ("Förvaltningschefer")."""
    return word.lower() in _first_words_of_categories(i18n.normalize_lang(lang))


@functools.cache  # per catalog language
def _first_words_of_categories(lang: str) -> frozenset[str]:
    return frozenset(i18n.label(c, lang).split()[0] for c in ParticipantCategory)


class _Participation(NamedTuple):
    """What a body's participants phrase and summary depend on, as a value: bodies alike share both phrases.

    Read from the body and its structure once (``_participation``); the phrases of each value are
    written once per language (``_phrases``), not once per body and language.
    """

    cadence: Cadence | None
    #: The categories named as such ("regions" taken out when it means the structure's own region) and their
    #: vocabularies (members of two vocabularies with the same value are equal strings).
    categories: tuple[ParticipantCategory, ...]
    types: tuple[type, ...]
    #: The structure's region when "regions" means it, named first among the organisations.
    region: LocalizedText | None
    #: The named organisations: (name, invited, note); a name is text, or a plain string (a bare id).
    organisations: tuple[tuple[LocalizedText | str, bool, LocalizedText | None], ...]
    note: LocalizedText | None
    #: The day, for a cadence of dates only: its sentence tells past from coming meetings.
    today: _dt.date | None


def _participation(body: Body, structure: Structure | None, today: _dt.date | None) -> _Participation:
    categories = tuple(body.participants)
    region = None
    organisations: tuple[tuple[LocalizedText | str, bool, LocalizedText | None], ...] = ()
    if structure is not None:
        if ParticipantCategory.REGIONS in categories and body.scope in _OWN_REGION_SCOPES:
            at = categories.index(ParticipantCategory.REGIONS)
            categories = (*categories[:at], *categories[at + 1 :])
            if not any(p.organisation == structure.region.id for p in body.organisations):
                region = structure.region.name
        # a category's seats and appointment (no organisation) are said by ``details``
        if body.organisations:
            index = index_of(structure)
            organisations = tuple(
                [
                    (_name_of(index.get(p.organisation), p.organisation), p.invited or p.invited_to is not None, p.note)
                    for p in body.organisations
                    if p.organisation is not None
                ]
            )
    c = body.cadence
    return tuple.__new__(
        _Participation,
        (
            c,
            categories,
            tuple(map(type, categories)),
            region,
            organisations,
            body.participants_note,
            today if isinstance(c, Dates) else None,
        ),
    )


def _name_of(target: object, ref: str) -> LocalizedText | str:
    """What ``name_spans`` names a referenced object by: its name, else its id (the reference, if it is missing)."""
    if target is None:
        return ref
    name = getattr(target, "name", None)
    if isinstance(name, (LocalizedText, str)):
        return name
    return str(getattr(target, "id", target))


def _named_spans(name: LocalizedText | str, lang: str) -> Spans:
    if isinstance(name, str):
        return [_make_span(Span, (name, None, None, None))]
    value, used = name.get(lang if lang in ("sv", "en") else "en")
    return [_make_span(Span, (value, None if used == lang else used, None, None))]


def _participants(body: Body, lang: str, structure: Structure | None) -> tuple[Spans, Spans | None, int]:
    """(noun phrase, separate note sentence, grammatical number: 1 for one collective or organisation)."""
    phrases = _phrases.recall((_participation(body, structure, _dt.date.today()), i18n.normalize_lang(lang)))
    return list(phrases.who), list(phrases.separate) if phrases.separate is not None else None, phrases.number


def _participant_phrase(p: _Participation, lang: str) -> tuple[Spans, Spans | None, int]:
    """``_participants`` of a participation."""
    categories = p.categories
    organisations: list[Spans] = []
    if p.region is not None:
        organisations.append(localized_spans(p.region, lang))
    for name, invited, part_note in p.organisations:
        spans = _named_spans(name, lang)
        if invited or part_note is not None:
            inner: list[Spans] = []
            if invited:
                inner.append([Span(_t(lang, _INVITED))])
            if part_note is not None and not _sentence(part_note, lang):  # a sentence goes to ``participants_note``
                inner.append(localized_spans(part_note, lang))
            joined = [span for i, piece in enumerate(inner) for span in ([Span("; ")] if i else []) + piece]
            spans = parenthesised(spans, joined)
        organisations.append(spans)
    number = 1 if len(categories) + len(organisations) == 1 and (organisations or categories[0] in _COLLECTIVE) else 2
    listed = list(_typed_category_list(p.types, categories, lang)) if categories else []
    if listed and organisations:
        listed = fill(_t(lang, _AS_WELL_AS), categories=listed, organisations=join_list(organisations, lang))
    else:
        listed = listed or join_list(organisations, lang)
    if p.note is None:
        return listed, None, number
    note = localized_spans(p.note, lang)
    text = plain(note)
    if text[:1].islower():
        return ([*listed, _SPACE, *note] if listed else note), None, number
    head = plain(listed)
    phrase_like = not text.rstrip().endswith((".", "!", "?"))
    if phrase_like and (not listed or text.lower().startswith(head.lower())):
        # The note restates the list with its qualifier: use it, lower-casing a common noun only.
        first = note[0]
        words = text.split()
        if words and _common_noun(words[0], lang):
            first = Span(first.text[:1].lower() + first.text[1:], first.lang, first.datetime)
        return [first, *note[1:]], None, 2
    return listed, note, number


_RELATIONS = {
    RelationType.STEERING_GROUP_FOR: _p("relation", "steering group for {target}"),
    RelationType.PART_OF: _p("relation", "part of {target}"),
    RelationType.REPORTS_TO: _p("relation", "reports to {target}"),
    RelationType.COLLABORATES_WITH: _p("relation", "collaborates with {target}"),
    RelationType.IMPLEMENTS: _p("relation", "implements {target}"),
    RelationType.REFERENCE_GROUP_FOR: _p("relation", "reference group for {target}"),
    RelationType.CONSULTED_ON: _p("relation", "consulted on {target}"),
    RelationType.PREPARES_FOR: _p("relation", "prepares matters for {target}"),
    RelationType.DRAFTS: _p("relation", "drafts {target}"),
    RelationType.ORGANISES: _p("relation", "organises {target}"),
    RelationType.FOLLOWS_UP: _p("relation", "follows up {target}"),
    RelationType.CO_ARRANGES_WITH: _p("relation", "co-arranges with {target}"),
    RelationType.PREDECESSOR_OF: _p("relation", "predecessor of {target}"),
    RelationType.SUCCESSOR_OF: _p("relation", "successor of {target}"),
    RelationType.MERGED_INTO: _p("relation", "merged into {target}"),
}


def relation(rel_type: RelationType, target_name: str, lang: str) -> str:
    """ "styrgrupp för Art Inside Out" / "steering group for Art Inside Out"."""
    pieces = _pieces(_t(i18n.normalize_lang(lang), _RELATIONS[rel_type]))  # the one placeholder is {target}
    return "".join([target_name if isinstance(piece, str) else piece.text for piece in pieces])


def relation_spans(rel_type: RelationType, target: Sequence[Span], lang: str) -> Spans:
    lang = i18n.normalize_lang(lang)
    return fill(_t(lang, _RELATIONS[rel_type]), target=target)


# ---------------------------------------------------------------- summaries


def body_summary(body: Body, lang: str, structure: Structure | None = None) -> str:
    """One sentence: "Strategiskt nätverk: förvaltningschefer med ansvar för kultur träffas fyra gånger per år.".

    A body does not meet, its members do: without participants the sentence says
    that meetings are held. Dates in the past are told in the past tense; ongoing
    work is not called meetings. Empty when there is nothing to say beyond the kind.
    """
    return plain(body_summary_spans(body, lang, structure))


_MEET = _np("summary", "{name}: {participants} meets {cadence}.", "{name}: {participants} meet {cadence}.")
_MEETINGS = _p("summary", "{name}: meetings are held {cadence}.")
_MET = _p("summary", "{name}: {participants} met {dates}.")
_MEETINGS_HELD = _p("summary", "{name}: meetings were held {dates}.")
_MET_AND_MEET = _p("summary", "{name}: {participants} met {past} and will meet {coming}.")
_MEETINGS_HELD_AND_TO_COME = _p("summary", "{name}: meetings were held {past} and will be held {coming}.")
_ONGOING = _np(
    "summary", "{name}: {participants} takes part in ongoing work.", "{name}: {participants} take part in ongoing work."
)
_ONGOING_WORK = _p("summary", "{name}: the work is ongoing.")
_WORK_GOES_ON = _p("summary", "{name}: the work goes on {cadence}.")
_TAKE_PART = _np("summary", "{name}: {participants} takes part.", "{name}: {participants} take part.")


def body_summary_spans(
    body: Body, lang: str, structure: Structure | None = None, *, today: _dt.date | None = None
) -> Spans:
    return summary_and_participants(body, lang, structure, today=today)[0]


def summary_and_participants(
    body: Body, lang: str, structure: Structure | None = None, *, today: _dt.date | None = None
) -> tuple[Spans, Spans]:
    """``body_summary_spans`` and ``participants_spans`` at once: the participants are worked out once for both."""
    return summary_participants_and_note(body, lang, structure, today=today)[:2]


def summary_participants_and_note(
    body: Body, lang: str, structure: Structure | None = None, *, today: _dt.date | None = None
) -> tuple[Spans, Spans, Spans | None]:
    """``summary_and_participants`` and ``participants_note``: the participants are worked out once for all three."""
    lang = i18n.normalize_lang(lang)
    today = today or _dt.date.today()
    p = _participation(body, structure, today)
    phrases = _phrases.recall((p, lang))
    name = localized_spans(body.name, lang)
    sentence = phrases.sentence(name)
    if phrases.who and (
        phrases.too_long(name, sentence)
        or any(_too_long(p, body.name, other, bound) for other, bound in phrases.others)
    ):
        # A long list of participants makes an unreadable sentence (in any language, so that both
        # say the same); the facts list the participants anyway.
        sentence = _summary(body.cadence, lang, name, [], phrases.number, today)
    separate = list(phrases.separate) if phrases.separate is not None else None
    return sentence, list(phrases.who), _notes(body, lang, separate)


#: Where a summary's shape (``_Phrases.shape``) takes the body's name (no text is in this language).
_NAME = Span("{name}", "{name}")


class _Phrases(NamedTuple):
    """A participation's phrases in one language: the participants and the summary, its name left open."""

    who: tuple[Span, ...]
    separate: tuple[Span, ...] | None
    number: int
    #: The summary with ``_NAME`` where the body's name goes; the words of its spans but the name's.
    shape: tuple[Span, ...]
    words: int
    #: The shape before and after the name, when it names the body once (every template does).
    head: tuple[Span, ...] | None
    tail: tuple[Span, ...]
    #: The bound (``_bound``) in each other language of the data: the summary is said alike in all.
    others: tuple[tuple[str, int | None], ...]

    def sentence(self, name: Spans) -> Spans:
        if self.head is not None:
            return [*self.head, *name, *self.tail]
        return [span for piece in self.shape for span in (name if piece == _NAME else (piece,))]

    def too_long(self, name: Spans, sentence: Spans) -> bool:
        """``_too_many_words(sentence)``, its bound from the words of the shape and of the name."""
        names = self.shape.count(_NAME)
        if self.words + names * sum([_words_in(span.text) for span in name]) <= MAX_SENTENCE_WORDS:
            return False
        return _too_many_words(sentence)


def _write_phrases(key: tuple[_Participation, str]) -> _Phrases:
    p, lang = key
    who, separate, number = _participant_phrase(p, lang)
    shape = tuple(_summary(p.cadence, lang, [_NAME], who, number, p.today or _dt.date.today()))  # the day: dates only
    words = sum([_words_in(span.text) for span in shape if span != _NAME])
    at = shape.index(_NAME) if shape.count(_NAME) == 1 else None
    head, tail = (shape[:at], shape[at + 1 :]) if at is not None else (None, ())
    others = tuple([(other, _bound(p, other)) for other in i18n.LANGUAGES if other != lang])
    separate_ = tuple(separate) if separate is not None else None
    return _Phrases(tuple(who), separate_, number, shape, words, head, tail, others)


#: The phrases of each (participation, language): bodies alike, and the same body in every rendering, share them.
_phrases = Remembered(_write_phrases, 4096)


def _too_long(p: _Participation, name: LocalizedText, lang: str, bound: int | None) -> bool:
    """Whether the summary with participants exceeds the word limit in ``lang`` (a language of the data),
    written only when the bound does not settle it."""
    if bound is not None and _words_in(name.get(lang)[0]) + bound <= MAX_SENTENCE_WORDS:
        return False
    phrases = _phrases.recall((p, lang))
    spans = localized_spans(name, lang)
    return phrases.too_long(spans, phrases.sentence(spans))


def _surely_short(body: Body, lang: str, structure: Structure | None) -> bool:
    """Whether the summary with participants keeps to the word limit in ``lang``, for certain, without writing it."""
    bound = _bound(_participation(body, structure, None), i18n.normalize_lang(lang))
    return bound is not None and _words_in(localized(body.name, lang)[0]) + bound <= MAX_SENTENCE_WORDS


def _bound(p: _Participation, lang: str) -> int | None:
    """The most words a summary of this participation may have in ``lang`` but the name's; None for dates.

    The words of every piece the sentence may hold, added up (joining only merges words,
    see ``_too_many_words``): the longest template the cadence may choose, the cadence and, in a
    template that names them, every piece of the participants. Most sentences stay well below
    the limit; the rest are written and counted.
    """
    if isinstance(p.cadence, Dates):
        return None  # its sentence depends on the day
    with_participants, without = _cadence_and_template_words(p.cadence, lang)
    return max(without, with_participants + _participation_words(p, lang))


@memo(2048)
def _cadence_and_template_words(c: Cadence | None, lang: str) -> tuple[int, int]:
    """The cadence's words and the most of the templates it may choose (``_template_words``), with and without
    the participants: the part of a summary's bound that is the same for every body with this cadence."""
    with_participants, without = _template_words(lang, _form_of(c))
    words = _cadence_words(c, lang) if c is not None else 0
    return words + with_participants, words + without


@memo(2048)
def _cadence_words(c: Cadence, lang: str) -> int:
    return sum([_words_in(span.text) for span in _cadence_spans(c, lang)])


@memo(1024)
def _category_words(categories: tuple[ParticipantCategory, ...], lang: str) -> int:
    """The words of the categories' labels and of the words ``join_list`` puts between them."""
    return sum([_words_in(i18n.label(c, lang)) for c in categories]) + _connector_words(len(categories), lang)


def _participant_words(body: Body, lang: str, structure: Structure | None) -> int:
    """At least the words of ``_participants(body, lang, structure)[0]``: those of every piece it may hold."""
    return _participation_words(_participation(body, structure, None), i18n.normalize_lang(lang))


def _participation_words(p: _Participation, lang: str) -> int:
    """``_participant_words`` of a participation."""
    words = _category_words(p.categories, lang)
    if p.region is not None or p.organisations:
        invited, as_well_as = _participant_template_words(lang)
        named = 0
        data_lang = lang if lang in ("sv", "en") else "en"
        if p.region is not None:
            words += _words_in(p.region.get(data_lang)[0])
            named += 1
        for name, is_invited, note in p.organisations:
            named += 1
            words += _words_in(name if isinstance(name, str) else name.get(data_lang)[0])
            if is_invited:
                words += invited
            if note is not None:
                words += _words_in(note.get(data_lang)[0])
        words += _connector_words(named, lang) + as_well_as
    if p.note is not None:
        # One more if ``_participants`` may lower-case the note's first letter, which may split a word
        # ("İ" becomes "i" and a dot); a note that begins in lower case is taken as it is.
        note_text = localized(p.note, lang)[0]
        words += _words_in(note_text) + (0 if note_text[:1].islower() else 1)
    return words


@functools.cache  # per catalog language
def _participant_template_words(lang: str) -> tuple[int, int]:
    """The words of "invited" and of the "{categories} as well as {organisations}" template's own text."""
    return _words_in(_t(lang, _INVITED)), _template_words_in(_t(lang, _AS_WELL_AS))


@functools.lru_cache(maxsize=256)
def _connector_words(count: int, lang: str) -> int:
    """The most words ``join_list`` adds between up to ``count`` items ("och", "and")."""
    between = [[p.text for p in _list_pattern(n, lang) if isinstance(p, Span)] for n in range(1, count + 1)]
    return max([sum([_words_in(text) for text in texts]) for texts in between], default=0)


def _form_of(c: Cadence | None) -> str:
    """Which summary templates a cadence other than dates may use (``_summary``)."""
    if c is None:
        return "none"
    if isinstance(c, Ongoing):
        return "ongoing" if c.qualifier is None and c.during is None else "ongoing_qualified"
    return "other"


#: The summary templates ``_summary`` may choose for each form of cadence (but dates), singular and plural.
_TEMPLATES_OF_FORM: dict[str, tuple[tuple[str, str] | tuple[str, str, str], ...]] = {
    "none": (_TAKE_PART,),
    "ongoing": (_ONGOING, _ONGOING_WORK),
    "ongoing_qualified": (_WORK_GOES_ON,),
    "other": (_MEET, _MEETINGS, _TAKE_PART),
}


@functools.cache  # per catalog language and form, a handful
def _template_words(lang: str, form: str) -> tuple[int, int]:
    """The most words of the summary templates for a form of cadence (``_form_of``), less their placeholders:
    of those that name the participants, and of those that do not."""
    templates = []
    for message in _TEMPLATES_OF_FORM[form]:
        if len(message) == 3:
            templates += [_nt(lang, message, n) for n in (1, 2)]
        else:
            templates.append(_t(lang, message))
    named = [_template_words_in(t) for t in templates if "{participants}" in t]
    unnamed = [_template_words_in(t) for t in templates if "{participants}" not in t]
    return max(named, default=0), max(unnamed, default=0)


@functools.lru_cache(maxsize=256)  # templates come from the catalogs
def _template_words_in(template: str) -> int:
    """The words of a template's own text, not its placeholders' names."""
    return _words_in(_PLACEHOLDER.sub(" ", template))


def _too_many_words(sentence: Spans) -> bool:
    """Whether a sentence has more words than a generated sentence may.

    Joining texts can only merge words at the seams, never split one: the spans' own
    counts (remembered, the pieces repeat) bound the sentence's, and only a sum above
    the limit needs the sentence counted as a whole.
    """
    if sum([_words_in(span.text) for span in sentence]) <= MAX_SENTENCE_WORDS:
        return False
    return len(_WORD.findall(plain(sentence))) > MAX_SENTENCE_WORDS


@functools.lru_cache(maxsize=8192)
def _words_in(text: str) -> int:
    return len(_WORD.findall(text))


#: The most words a generated sentence may have (klarspråk: short sentences).
MAX_SENTENCE_WORDS = 25
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _summary(c: Cadence | None, lang: str, name: Spans, who: Spans, number: int, today: _dt.date) -> Spans:
    if isinstance(c, Dates):
        past = [d for d in c.dates if d.latest() < today]
        coming = [d for d in c.dates if d.latest() >= today]
        if past and coming:
            parts = {
                "past": _qualified(c, dates_in_sentence(past, lang), lang),
                "coming": dates_in_sentence(coming, lang),
            }
            if who:
                return fill(_t(lang, _MET_AND_MEET), name=name, participants=who, **parts)
            return fill(_t(lang, _MEETINGS_HELD_AND_TO_COME), name=name, **parts)
        if past:
            dates = _qualified(c, dates_in_sentence(past, lang), lang)
            if who:
                return fill(_t(lang, _MET), name=name, participants=who, dates=dates)
            return fill(_t(lang, _MEETINGS_HELD), name=name, dates=dates)
    if isinstance(c, Ongoing) and c.qualifier is None and c.during is None:
        if who:
            return fill(_nt(lang, _ONGOING, number), name=name, participants=who)
        return fill(_t(lang, _ONGOING_WORK), name=name)
    if isinstance(c, Ongoing):  # "som regel löpande": still work, not meetings; the facts list who takes part
        return fill(_t(lang, _WORK_GOES_ON), name=name, cadence=cadence_spans(c, lang))
    when: Spans | None = None
    if isinstance(c, Dates):
        when = _qualified(c, dates_in_sentence(c.dates, lang), lang)
    elif c is not None:
        when = cadence_spans(c, lang)
    if who and when:
        return fill(_nt(lang, _MEET, number), name=name, participants=who, cadence=when)
    if when:
        return fill(_t(lang, _MEETINGS), name=name, cadence=when)
    if who:
        return fill(_nt(lang, _TAKE_PART, number), name=name, participants=who)
    return []
