"""Read a typed frequency phrase as a ``Cadence``: "tre till fyra gånger om året" → ``Range(min=3, max=4)``.

The opposite of ``phrases.cadence``: every phrase the library writes reads back to
the same cadence, and so do the variants people write in plans and on web pages
("två gånger om året", "3-4 ggr/år", "en gång i månaden", "vart tredje år",
"i november varje år", "som regel två gånger per år", "två gånger per år, på våren
och hösten", "vart tredje till fjärde år"; "twice a year", "every other month", …).

Format 2's additions to every form are read around the form's own phrase, in the
order ``phrases.cadence`` writes them: a leading qualifier ("som regel", "normalt"),
then the form, its months, its seasons, and a trailing phase ("under dialogperioden
inför varje ny kulturplan"). The qualifier, season and phase words are taken from
the catalogs the library writes with, so a changed translation is still read back.

A phrase is understood or refused, never guessed: ``parse_cadence`` raises
``NotUnderstood`` for anything outside the grammar below, for a phrase whose
meaning the model cannot hold ("i princip": a qualifier it has no value for, or a
qualifier anywhere but first; an approximate range), and for "N gånger" without a
period. Reading a phrase wrongly would be worse than asking the editor to choose
the form by hand.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys

import attrs
from babel.dates import get_month_names

from . import i18n, phrases
from .cadence import AsNeeded, AtLeast, Cadence, Count, Dates, Interval, Ongoing, Range, Regular
from .cli import command
from .errors import Rule
from .values import PartialDate
from .vocab import Phase, Qualifier, Season, TimeUnit


class NotUnderstood(ValueError):
    """The phrase is not one the parser can read without guessing; ``reason`` says why, when it knows."""

    def __init__(self, text: str, lang: str, reason: str | None = None) -> None:
        self.text, self.lang, self.reason = text, lang, reason
        super().__init__(f"cadence phrase not understood ({lang}): {text!r}" + (f": {reason}" if reason else ""))


#: Reasons a phrase is refused although its words are known.
QUALIFIER = "qualifier"  # "i princip", "as a rule" at the end: a qualifier the model has no value or place for
APPROXIMATE_RANGE = "approximate_range"  # "cirka 3–4 gånger": Range has no "about"
NO_PERIOD = "no_period"  # "fyra gånger": per what?


@attrs.frozen
class _Words:
    numbers: dict[str, int]
    ordinals: dict[str, int]
    units: dict[str, TimeUnit]
    adverbs: dict[str, Interval]  # "årligen", "monthly"
    exact: dict[str, Cadence]  # "vid behov", "as needed"
    qualifiers: dict[str, Qualifier]  # synonyms beyond the catalog's own "som regel" / "normalt"
    other_qualifiers: tuple[str, ...]  # words that qualify a cadence in a way the model cannot hold
    approximately: tuple[str, ...]
    at_least: tuple[str, ...]
    times: str  # regex for "gång/gånger", "time/times"
    once: dict[str, int]  # English "once", "twice"
    per: str  # regex between the count and the unit
    every: str  # regex for "varje/var/vart", "every/each"
    other: str  # "varannan/vartannat", "every other/second"
    nth_suffix: str  # ":e", "th"
    to: str  # range joiners
    between: tuple[str, str]  # ("mellan", "och") / ("between", "and")
    and_: str
    in_: str  # "i" / "in"


def _unit_forms(**forms: str) -> dict[str, TimeUnit]:
    return {word: TimeUnit[name.upper()] for name, words in forms.items() for word in words.split()}


_SV = _Words(
    numbers={
        "en": 1,
        "ett": 1,
        "två": 2,
        "tre": 3,
        "fyra": 4,
        "fem": 5,
        "sex": 6,
        "sju": 7,
        "åtta": 8,
        "nio": 9,
        "tio": 10,
        "elva": 11,
        "tolv": 12,
    },
    ordinals={
        "andra": 2,
        "tredje": 3,
        "fjärde": 4,
        "femte": 5,
        "sjätte": 6,
        "sjunde": 7,
        "åttonde": 8,
        "nionde": 9,
        "tionde": 10,
        "elfte": 11,
        "tolfte": 12,
    },
    units=_unit_forms(
        year="år året åren",
        month="månad månaden månader mån",
        week="vecka veckan veckor",
        quarter="kvartal kvartalet",
        term="termin terminen terminer",
    ),
    adverbs={
        "årligen": Interval(unit=TimeUnit.YEAR),
        "årlig": Interval(unit=TimeUnit.YEAR),
        "årligt": Interval(unit=TimeUnit.YEAR),
        "årligt återkommande": Interval(unit=TimeUnit.YEAR),
        "månatligen": Interval(unit=TimeUnit.MONTH),
        "månadsvis": Interval(unit=TimeUnit.MONTH),
        "veckovis": Interval(unit=TimeUnit.WEEK),
        "kvartalsvis": Interval(unit=TimeUnit.QUARTER),
        "terminsvis": Interval(unit=TimeUnit.TERM),
    },
    exact={
        "vid behov": AsNeeded(),
        "när det behövs": AsNeeded(),
        "efter behov": AsNeeded(),
        "löpande": Ongoing(),
        "kontinuerligt": Ongoing(),
        "fortlöpande": Ongoing(),
        "pågår ständigt": Ongoing(),
        "regelbundet": Regular(),
        "periodiskt regelbundet": Regular(),
        "med jämna mellanrum": Regular(),
    },
    qualifiers={"i regel": Qualifier.AS_A_RULE, "vanligtvis": Qualifier.NORMALLY, "i normalfallet": Qualifier.NORMALLY},
    other_qualifiers=("oftast", "i princip"),
    approximately=("cirka", "ungefär", "omkring", "runt"),
    at_least=("minst", "åtminstone"),
    times=r"(?:gång|gånger|ggr|g)",
    once={},
    per=r"(?:per|om|i|varje|/)",
    every=r"(?:varje|var|vart)",
    other=r"(?:varannan|vartannat|var annan|vart annat)",
    nth_suffix=r"(?::e|:a)",
    to=r"(?:-|till|à)",
    between=("mellan", "och"),
    and_="och",
    in_="i",
)

_EN = _Words(
    numbers={
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
    },
    ordinals={
        "second": 2,
        "third": 3,
        "fourth": 4,
        "fifth": 5,
        "sixth": 6,
        "seventh": 7,
        "eighth": 8,
        "ninth": 9,
        "tenth": 10,
        "eleventh": 11,
        "twelfth": 12,
    },
    units=_unit_forms(
        year="year years",
        month="month months",
        week="week weeks",
        quarter="quarter quarters",
        term="term terms semester semesters",
    ),
    adverbs={
        "annually": Interval(unit=TimeUnit.YEAR),
        "yearly": Interval(unit=TimeUnit.YEAR),
        "monthly": Interval(unit=TimeUnit.MONTH),
        "weekly": Interval(unit=TimeUnit.WEEK),
        "quarterly": Interval(unit=TimeUnit.QUARTER),
        "termly": Interval(unit=TimeUnit.TERM),
        "fortnightly": Interval(every=2, unit=TimeUnit.WEEK),
    },
    exact={
        "as needed": AsNeeded(),
        "when needed": AsNeeded(),
        "as required": AsNeeded(),
        "if needed": AsNeeded(),
        "on an ongoing basis": Ongoing(),
        "ongoing": Ongoing(),
        "continuously": Ongoing(),
        "continually": Ongoing(),
        "regularly": Regular(),
        "on a regular basis": Regular(),
        "at regular intervals": Regular(),
    },
    qualifiers={"usually": Qualifier.NORMALLY},
    other_qualifiers=("generally", "typically", "in principle"),
    approximately=("about", "around", "approximately", "roughly", "circa", "some"),
    at_least=("at least", "no less than"),
    times=r"(?:time|times|x)",
    once={"once": 1, "twice": 2, "thrice": 3},
    per=r"(?:a|an|per|each|every|/|in a|in the)",
    every=r"(?:every|each)",
    other=r"(?:every other|every second|each other|every alternate)",
    nth_suffix=r"(?:st|nd|rd|th)",
    to=r"(?:-|to|or)",
    between=("between", "and"),
    and_="and",
    in_="in",
)

_WORDS = {"sv": _SV, "en": _EN}
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_GROUPED = re.compile(r"(?<![\d,.])(\d{1,3})(?:[ ,](\d{3}))+(?![\d])")


def _normalise(text: str, lang: str) -> str:
    text = _SPACES.sub(" ", text).strip().lower()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"\s*-\s*(?=\d)", "-", text) if re.search(r"\d\s*-\s*\d", text) else text
    text = text.rstrip(".!").strip()
    text = re.sub(r"\bca\.?(?=\s)|\bc:a\b|\bc\.(?=\s)", "cirka" if lang == "sv" else "about", text)
    text = re.sub(r"\s*/\s*", " / ", text)
    # "1 000", "1,000": thousands grouped as Babel writes them
    return _GROUPED.sub(lambda m: re.sub(r"[ ,]", "", m.group(0)), text)


def _months(lang: str) -> dict[str, int]:
    names = get_month_names("wide", locale=i18n.locale(lang))
    out = {name.lower(): number for number, name in names.items()}
    out.update({name.lower(): n for n, name in get_month_names("abbreviated", locale=i18n.locale(lang)).items()})
    return {k.rstrip("."): v for k, v in out.items()}


def parse_cadence(text: str, lang: str = "sv") -> Cadence:
    """The cadence ``text`` says in ``lang`` (sv or en); ``NotUnderstood`` when it cannot be read without guessing."""
    lang = i18n.normalize_lang(lang)
    if lang not in _WORDS:
        raise NotUnderstood(text, lang, "language")
    words = _WORDS[lang]
    phrase = _normalise(text, lang)
    if not phrase:
        raise NotUnderstood(text, lang)
    try:
        qualifier, phrase = _qualifier(phrase, words, lang)
        phrase, during = _during(phrase, lang)
        found = _parse(phrase, words, lang)
        if found is not None:
            found = attrs.evolve(found, qualifier=qualifier, during=during)
    except Rule as rule:  # e.g. "4-3 gånger": a range the model refuses
        raise NotUnderstood(text, lang, str(rule)) from None
    except _Refused as refused:
        raise NotUnderstood(text, lang, refused.reason) from None
    if found is None:
        raise NotUnderstood(text, lang)
    return found


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason


@functools.cache
def _written(lang: str) -> dict[str, dict]:
    """The qualifier, phase and season words as the catalogs write them (lower case)."""

    def around(template: tuple[str, str], field: str) -> tuple[str, str]:
        before, _, after = phrases._t(lang, template).lower().partition("{" + field + "}")
        return before.strip(), after.strip(" ,")

    return {
        "qualifiers": {around(t, "cadence")[0]: q for q, t in phrases._QUALIFIED.items()},
        "phases": {around(t, "cadence")[1]: p for p, t in phrases._DURING.items()},
        "seasons": {phrases._t(lang, t).lower(): s for s, t in phrases.SEASON_NAMES.items()},
        "in_seasons": {"": around(phrases.IN_SEASONS, "seasons")[0]},
        "date_seasons": {around(t, "year")[0]: s for s, t in phrases._SEASONS.items()},
        "around": {"": around(phrases._AROUND_DATE, "date")[0]},
    }


def _qualifier(phrase: str, words: _Words, lang: str) -> tuple[Qualifier | None, str]:
    """A leading "som regel" / "normalt" (or a synonym) and the rest; a qualifier elsewhere is refused."""
    known = {**_written(lang)["qualifiers"], **words.qualifiers}
    qualifier = None
    for word in sorted(known, key=len, reverse=True):
        if phrase.startswith(word + " "):
            qualifier, phrase = known[word], phrase[len(word) + 1 :].lstrip(", ")
            break
    for word in [*known, *words.other_qualifiers]:
        if re.search(rf"(?:^|\s){re.escape(word)}(?:$|[\s,])", phrase):
            raise _Refused(QUALIFIER)
    return qualifier, phrase


def _during(phrase: str, lang: str) -> tuple[str, Phase | None]:
    """The phrase without a trailing phase ("under dialogperioden inför varje ny kulturplan"), and the phase."""
    for words, phase in _written(lang)["phases"].items():
        match = re.fullmatch(rf"(?P<rest>.+?),? {re.escape(words)}", phrase)
        if match:
            return match.group("rest"), phase
    return phrase, None


def _parse(phrase: str, words: _Words, lang: str) -> Cadence | None:
    if phrase in words.exact:
        return words.exact[phrase]
    written = _written(lang)
    names = "|".join(map(re.escape, written["seasons"]))
    prefix = re.escape(written["in_seasons"][""])
    joiner = rf"(?:, | {words.and_} |, {words.and_} )(?:{prefix} )?"
    seasons = re.fullmatch(rf"(?P<rest>.+?),? {prefix} (?P<seasons>(?:{names})(?:{joiner}(?:{names}))*)", phrase)
    if seasons is None:
        return _parse_form(phrase, words, lang)
    base = _parse_form(seasons.group("rest"), words, lang)
    if not isinstance(base, (Count, Interval)):
        return None
    found = re.findall(names, seasons.group("seasons"))
    return attrs.evolve(base, seasons=tuple(sorted({written["seasons"][n] for n in found}, key=list(Season).index)))


def _parse_form(phrase: str, words: _Words, lang: str) -> Cadence | None:
    months = _months(lang)
    month_list = _month_list_pattern(months, words)
    # "varje år i november", "annually, in November", "två gånger per år, i mars och oktober"
    tail = re.fullmatch(rf"(?P<rest>.+?),? {words.in_} (?P<months>{month_list})", phrase)
    head = re.fullmatch(rf"{words.in_} (?P<months>{month_list}),? (?P<rest>.+)", phrase)
    for match in (tail, head):
        if match is not None:
            base = _rate(match.group("rest"), words)
            if isinstance(base, (Count, Interval)) and not base.months:
                return attrs.evolve(base, months=_month_numbers(match.group("months"), months, words))
            return None
    rate = _rate(phrase, words)
    if rate is not None:
        return rate
    return _dates(phrase, months, words, lang)


def _month_list_pattern(months: dict[str, int], words: _Words) -> str:
    name = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    return rf"(?:{name})(?:(?:, | {words.and_} |, {words.and_} )(?:{name}))*"


def _month_numbers(text: str, months: dict[str, int], words: _Words) -> tuple[int, ...]:
    names = re.split(rf", {words.and_} |, | {words.and_} ", text)
    return tuple(months[n] for n in names)


def _number(token: str, words: _Words) -> int | None:
    if token.isdigit():
        return int(token)
    return words.numbers.get(token)


def _unit(token: str, words: _Words) -> TimeUnit | None:
    return words.units.get(token)


def _rate(phrase: str, words: _Words) -> Cadence | None:
    """Counts, ranges, minimums and intervals; None when the phrase is none of them."""
    if phrase in words.adverbs:
        return words.adverbs[phrase]
    for prefix in words.at_least:
        if phrase.startswith(prefix + " "):
            count = _count(phrase[len(prefix) + 1 :], words)
            if isinstance(count, Count) and not count.approximate:
                return AtLeast(times=count.times, per=count.per)
            raise _Refused("at_least")
    for prefix in words.approximately:
        if phrase.startswith(prefix + " "):
            rest = phrase[len(prefix) + 1 :]
            if _range(rest, words) is not None:
                raise _Refused(APPROXIMATE_RANGE)
            count = _count(rest, words)
            return attrs.evolve(count, approximate=True) if isinstance(count, Count) else None
    return _range(phrase, words) or _count(phrase, words) or _interval(phrase, words)


def _period(rest: str, words: _Words) -> TimeUnit | None:
    """ "per år", "om året", "i månaden", "/ år", "årligen", "a year", "annually" → the unit."""
    for adverb, interval in words.adverbs.items():
        if rest == adverb and interval.every == 1:
            return interval.unit
    match = re.fullmatch(rf"{words.per} (\w+)", rest)
    return _unit(match.group(1), words) if match else None


def _times(phrase: str, words: _Words) -> tuple[int, str] | None:
    """ "tre gånger per år" → (3, "per år"); "twice a year" → (2, "a year")."""
    match = re.fullmatch(rf"(\w+) {words.times}(?: (.+))?", phrase)
    if match:
        n = _number(match.group(1), words)
        return (n, match.group(2) or "") if n is not None else None
    match = re.fullmatch(r"(\w+)(?: (.+))?", phrase)
    if match and match.group(1) in words.once:
        return words.once[match.group(1)], match.group(2) or ""
    return None


def _count(phrase: str, words: _Words) -> Count | None:
    found = _times(phrase, words)
    if found is None:
        return None
    n, rest = found
    if not rest:
        raise _Refused(NO_PERIOD)
    unit = _period(rest, words)
    return Count(times=n, per=unit) if unit is not None else None


def _range(phrase: str, words: _Words) -> Range | None:
    low_word, high_word = r"(\w+)", r"(\w+)"
    patterns = [
        rf"{low_word}(?:-| {words.to} ){high_word} {words.times} (.+)",
        rf"{words.between[0]} {low_word} {words.between[1]} {high_word} {words.times} (.+)",
    ]
    for pattern in patterns:
        match = re.fullmatch(pattern, phrase)
        if match is None:
            continue
        low, high = _number(match.group(1), words), _number(match.group(2), words)
        unit = _period(match.group(3), words)
        if low is not None and high is not None and unit is not None:
            return Range(min=low, max=high, per=unit)
    return None


def _interval(phrase: str, words: _Words) -> Interval | None:
    return _interval_range(phrase, words) or _one_interval(phrase, words)


def _interval_range(phrase: str, words: _Words) -> Interval | None:
    """ "vart tredje till fjärde år", "every 3-4 years", "varje vecka till varannan vecka"."""
    match = re.fullmatch(rf"{words.every} (\w+)(?:-| {words.to} )(\w+) (\w+)", phrase)
    unit = _unit(match.group(3), words) if match else None
    if match and unit is not None:
        low, high = (words.ordinals.get(g) or _number(g, words) for g in match.group(1, 2))
        if low is not None and high is not None:
            return Interval(every=low, every_max=high, unit=unit)
    parts = re.split(rf" {words.to} ", phrase)
    if len(parts) == 2:
        low_interval, high_interval = (_one_interval(part, words) for part in parts)
        if low_interval is not None and high_interval is not None and low_interval.unit == high_interval.unit:
            return Interval(every=low_interval.every, every_max=high_interval.every, unit=low_interval.unit)
    return None


def _one_interval(phrase: str, words: _Words) -> Interval | None:
    match = re.fullmatch(rf"{words.other} (\w+)", phrase)
    if match and _unit(match.group(1), words):
        return Interval(every=2, unit=_unit(match.group(1), words))  # type: ignore[arg-type]
    match = re.fullmatch(rf"{words.every} (\w+)", phrase)
    if match and _unit(match.group(1), words):
        return Interval(unit=_unit(match.group(1), words))  # type: ignore[arg-type]
    match = re.fullmatch(rf"{words.every} (\w+) (\w+)", phrase)
    if match and match.group(1) in words.ordinals and _unit(match.group(2), words):
        return Interval(every=words.ordinals[match.group(1)], unit=_unit(match.group(2), words))  # type: ignore[arg-type]
    match = re.fullmatch(rf"{words.every} (\d+)(?:{words.nth_suffix})? (\w+)", phrase)
    if match and _unit(match.group(2), words):
        return Interval(every=int(match.group(1)), unit=_unit(match.group(2), words))  # type: ignore[arg-type]
    match = re.fullmatch(rf"{words.every} (\w+) (\w+)", phrase)  # "every three years"
    if match and match.group(1) in words.numbers and _unit(match.group(2), words):
        return Interval(every=words.numbers[match.group(1)], unit=_unit(match.group(2), words))  # type: ignore[arg-type]
    return None


@attrs.frozen(kw_only=True)
class _Piece:
    """One date of a list as written, before the year and month it shares with the next are filled in."""

    day: int | None = None
    month: int | None = None
    year: int | None = None
    season: Season | None = None
    split_year: bool = False
    approximate: bool = False


def _dates(phrase: str, months: dict[str, int], words: _Words, lang: str) -> Dates | None:
    """ "14 november 2019 och 19 november 2020", "25 och 29 mars 2021", "våren 2021", "omkring 2015", "2023/24"."""
    parts = re.split(rf", {words.and_} |, | {words.and_} ", phrase)
    pieces: list[_Piece] = []
    for part in parts:
        part = re.sub(r"^(?:den|on|in) ", "", part)
        piece = _date_piece(part, months, lang)
        if piece is None:
            return None
        pieces.append(piece)
    year: int | None = None
    month: int | None = None
    filled: list[PartialDate] = []
    for piece in reversed(pieces):
        y, m = piece.year, piece.month
        if y is None:
            y = year
            if m is None and piece.day is not None:
                m = month
        if y is None or (piece.day is not None and m is None):
            return None
        year, month = y, m if m is not None else month
        filled.append(
            PartialDate(
                year=y,
                month=m,
                day=piece.day,
                season=piece.season,
                split_year=piece.split_year,
                approximate=piece.approximate,
            )
        )
    return Dates(dates=tuple(reversed(filled)))


def _date_piece(part: str, months: dict[str, int], lang: str) -> _Piece | None:
    written = _written(lang)
    tokens = part.split()
    approximate = bool(tokens) and tokens[0] == written["around"][""]
    if approximate:
        tokens.pop(0)
    if tokens and tokens[0] in written["date_seasons"]:
        season = written["date_seasons"][tokens.pop(0)]
        if len(tokens) == 1 and re.fullmatch(r"\d{4}", tokens[0]):
            return _Piece(year=int(tokens[0]), season=season, approximate=approximate)
        return None
    if len(tokens) == 3 and re.fullmatch(r"\d{4}", tokens[0]) and tokens[1] == "/":  # "2023 / 24" once normalised
        first = int(tokens[0])
        return (
            _Piece(year=first, split_year=True, approximate=approximate)
            if tokens[2] == f"{(first + 1) % 100:02d}"
            else None
        )
    day: int | None = None
    month: int | None = None
    year: int | None = None
    if tokens and re.fullmatch(r"\d{1,2}", tokens[0]):
        day = int(tokens.pop(0))
    if tokens and tokens[0] in months:
        month = months[tokens.pop(0)]
    if tokens and re.fullmatch(r"\d{4}", tokens[0]):
        year = int(tokens.pop(0))
    if tokens or (day is None and month is None and year is None):
        return None
    if day is not None and month is None and year is not None:
        return None  # "14 2019"
    return _Piece(day=day, month=month, year=year, approximate=approximate)


# ---------------------------------------------------------------- command line

_REASONS = {
    QUALIFIER: "only “som regel” or “normalt” (“as a rule”, “normally”) can qualify a frequency, and only first",
    APPROXIMATE_RANGE: "a range cannot be approximate; write the range without “cirka” / “about”",
    NO_PERIOD: "say per what: per year, per month, per term …",
}


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("phrase", help='a frequency phrase, e.g. "tre till fyra gånger om året" or "every other month"')
    parser.add_argument("--lang", choices=sorted(_WORDS), help="the phrase's language (default: try sv, then en)")


@command(
    "cadence", "read a meeting-frequency phrase and print what it was understood as, in Swedish and English", _configure
)
def _cadence_command(args: argparse.Namespace) -> int:
    from .phrases import cadence as phrase

    errors: list[NotUnderstood] = []
    for lang in [args.lang] if args.lang else ["sv", "en"]:
        try:
            found = parse_cadence(args.phrase, lang)
        except NotUnderstood as error:
            errors.append(error)
            continue
        for out in ("sv", "en"):
            print(f"{out}: {phrase(found, out)}")
        return 0
    reasons = [_REASONS[e.reason] for e in errors if e.reason in _REASONS]
    detail = f": {reasons[0]}" if reasons else ""
    print(f"kultursamverkan: not understood as a meeting frequency: {args.phrase!r}{detail}", file=sys.stderr)
    return 1
