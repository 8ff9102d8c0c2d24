"""Reading frequency phrases back as cadences: every phrase the library writes, and what people write."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kultursamverkan import phrases
from kultursamverkan.cadence import AsNeeded, AtLeast, Count, Dates, Interval, Ongoing, Range, Regular
from kultursamverkan.cadence_parser import (
    APPROXIMATE_RANGE,
    NO_PERIOD,
    QUALIFIER,
    NotUnderstood,
    parse_cadence,
)
from kultursamverkan.cli import main
from kultursamverkan.values import PartialDate
from kultursamverkan.vocab import Phase, Qualifier, Season, TimeUnit

from .strategies import cadences, months, partial_dates, units

Y, M, W, Q, T = TimeUnit.YEAR, TimeUnit.MONTH, TimeUnit.WEEK, TimeUnit.QUARTER, TimeUnit.TERM
D = PartialDate.parse
AS_A_RULE, NORMALLY = Qualifier.AS_A_RULE, Qualifier.NORMALLY
AUTUMN, SPRING_AUTUMN = Season.AUTUMN, (Season.SPRING, Season.AUTUMN)


@st.composite
def wide_ranges(draw: st.DrawFn) -> Range:
    low = draw(st.integers(1, 1999))
    return Range(min=low, max=draw(st.integers(low + 1, 2000)), per=draw(units))


#: Every cadence form, with numbers far beyond the spelled-out ones (grouped digits: "1 000", "1,000").
all_cadences = st.one_of(
    cadences,
    st.builds(Count, times=st.integers(1, 2000), per=units, approximate=st.booleans(), months=months),
    wide_ranges(),
    st.builds(AtLeast, times=st.integers(1, 2000), per=units),
    st.builds(Interval, every=st.integers(1, 40), unit=units, months=months),
    st.lists(partial_dates(), min_size=1, max_size=6, unique_by=lambda d: d.isoformat()).map(
        lambda ds: Dates(dates=tuple(ds))
    ),
)


@settings(max_examples=400, deadline=None)
@given(cadence=all_cadences, lang=st.sampled_from(["sv", "en"]))
def test_every_phrase_the_library_writes_reads_back(cadence: object, lang: str) -> None:
    written = phrases.cadence(cadence, lang)  # type: ignore[arg-type]
    assert parse_cadence(written, lang) == cadence, written


VARIANTS = [
    ("två gånger om året", "twice a year", Count(times=2)),
    ("två gånger per år", "two times per year", Count(times=2)),
    ("cirka 4 gånger per år", "about 4 times a year", Count(times=4, approximate=True)),
    ("ca 4 ggr/år", "approximately four times a year", Count(times=4, approximate=True)),
    ("cirka fyra gånger årligen", "around four times annually", Count(times=4, approximate=True)),
    ("3-4 ggr/år", "3-4 times/year", Range(min=3, max=4)),
    ("3–4 gånger per år", "3 – 4 times a year", Range(min=3, max=4)),
    ("tre till fyra gånger om året", "three to four times a year", Range(min=3, max=4)),
    ("mellan en och två gånger per termin", "between one and two times a term", Range(min=1, max=2, per=T)),
    ("minst en gång per år", "at least once a year", AtLeast(times=1)),
    ("årligen", "annually", Interval()),
    ("varje år", "every year", Interval()),
    ("årligt återkommande", "yearly", Interval()),
    ("en gång i månaden", "once a month", Count(times=1, per=M)),
    ("varannan månad", "every other month", Interval(every=2, unit=M)),
    ("var annan vecka", "fortnightly", Interval(every=2, unit=W)),
    ("en gång per termin", "once a term", Count(times=1, per=T)),
    ("vart tredje år", "every third year", Interval(every=3)),
    ("vart fjärde år", "every four years", Interval(every=4)),
    ("i november varje år", "in November every year", Interval(months=(11,))),
    ("varje år i november", "every year in November", Interval(months=(11,))),
    ("årligen, i november", "annually, in November", Interval(months=(11,))),
    ("vid behov", "as needed", AsNeeded()),
    ("när det behövs", "when needed", AsNeeded()),
    ("löpande", "on an ongoing basis", Ongoing()),
    ("kontinuerligt", "continuously", Ongoing()),
    ("regelbundet", "regularly", Regular()),
    ("Regelbundet.", "On a regular basis.", Regular()),
    ("den 14 november 2019 och 19 november 2020", "on 14 November 2019 and 19 November 2020", None),
    # Format 2: a qualifier, seasons, a phase, a range of intervals.
    ("som regel två gånger per år", "as a rule twice a year", Count(times=2, qualifier=AS_A_RULE)),
    ("i regel två ggr/år", "as a rule two times per year", Count(times=2, qualifier=AS_A_RULE)),
    ("normalt varje månad", "normally every month", Interval(unit=M, qualifier=NORMALLY)),
    ("vanligtvis vid behov", "usually as needed", AsNeeded(qualifier=NORMALLY)),
    (
        "två gånger per år, på våren och hösten",
        "twice a year, in spring and autumn",
        Count(times=2, seasons=SPRING_AUTUMN),
    ),
    (
        "två gånger om året, på våren och på hösten",
        "twice a year in spring and in autumn",
        Count(times=2, seasons=SPRING_AUTUMN),
    ),
    ("som regel årligen, på hösten", "as a rule annually, in autumn", Interval(seasons=(AUTUMN,), qualifier=AS_A_RULE)),
    (
        "två gånger under dialogperioden inför varje ny kulturplan",
        "twice, during the dialogue period before each new culture plan",
        None,
    ),
    (
        "fyra gånger per år under dialogperioden inför varje ny kulturplan",
        "four times a year, during the dialogue period before each new culture plan",
        Count(times=4, during=Phase.PLAN_DIALOGUE),
    ),
    ("vid behov varje mandatperiod", "as needed, each term of office", AsNeeded(during=Phase.TERM_OF_OFFICE)),
    ("vart tredje till fjärde år", "every three to four years", Interval(every=3, every_max=4)),
    ("vart 3-4 år", "every 3-4 years", Interval(every=3, every_max=4)),
    ("vart tredje år till vart fjärde år", "every third to fourth year", Interval(every=3, every_max=4)),
    ("varje vecka till varannan vecka", "every week to every other week", Interval(every=1, every_max=2, unit=W)),
]


@pytest.mark.parametrize(("sv", "en", "expected"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_real_variants(sv: str, en: str, expected: object) -> None:
    if expected is None and sv.startswith("två gånger under"):
        # "N gånger" without a period is refused, also during a phase.
        for text, lang in ((sv, "sv"), (en, "en")):
            with pytest.raises(NotUnderstood, match="no_period"):
                parse_cadence(text, lang)
        return
    if expected is None:
        expected = Dates(dates=(D("2019-11-14"), D("2020-11-19")))
    assert parse_cadence(sv, "sv") == expected
    assert parse_cadence(en, "en") == expected


REFUSED = [
    # A qualifier the model has no value for, or one not in first place: refused, never dropped.
    ("i princip varje månad", "in principle every month", QUALIFIER),
    ("oftast varje månad", "typically every month", QUALIFIER),
    ("två gånger per år som regel", "twice a year as a rule", QUALIFIER),
    ("som regel normalt varje år", "as a rule normally every year", QUALIFIER),
    # Seasons belong to counts and intervals only; a range of intervals runs low to high.
    ("vid behov, på våren", "as needed, in spring", None),
    ("vart fjärde till tredje år", "every four to three years", None),
    # A range cannot be "about": refused rather than dropping "cirka".
    ("cirka 3–4 gånger per år", "about 3-4 times a year", APPROXIMATE_RANGE),
    # A count without its period.
    ("fyra gånger", "four times", NO_PERIOD),
    ("ibland", "sometimes", None),
    ("återkommande", "recurring", None),
    ("två gånger per decennium", "twice a decade", None),
    ("4-3 gånger per år", "4-3 times a year", None),
    ("", " ", None),
]


@pytest.mark.parametrize(("sv", "en", "reason"), REFUSED, ids=[r[0] or "empty" for r in REFUSED])
def test_not_understood_is_said_never_guessed(sv: str, en: str, reason: str | None) -> None:
    for text, lang in ((sv, "sv"), (en, "en")):
        with pytest.raises(NotUnderstood) as caught:
            parse_cadence(text, lang)
        assert caught.value.reason == reason or reason is None
        assert isinstance(caught.value, ValueError)


def test_a_phrase_in_the_other_language_is_not_understood() -> None:
    with pytest.raises(NotUnderstood):
        parse_cadence("twice a year", "sv")
    with pytest.raises(NotUnderstood):
        parse_cadence("två gånger per år", "en")


def test_command_prints_what_it_understood(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cadence", "tre till fyra gånger om året"]) == 0
    assert capsys.readouterr().out == "sv: 3–4 gånger per år\nen: 3–4 times a year\n"
    assert main(["cadence", "every other month", "--lang", "en"]) == 0
    assert capsys.readouterr().out == "sv: varannan månad\nen: every other month\n"
    assert main(["cadence", "i november varje år"]) == 0
    assert capsys.readouterr().out == "sv: varje år i november\nen: every year in November\n"


def test_command_keeps_the_qualifier(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cadence", "som regel två gånger per år, på våren och hösten"]) == 0
    assert capsys.readouterr().out == (
        "sv: som regel två gånger per år, på våren och hösten\nen: as a rule twice a year, in spring and autumn\n"
    )


def test_command_says_when_it_does_not_understand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cadence", "två gånger per år som regel"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "not understood" in captured.err
    assert "som regel" in captured.err
    assert main(["cadence", "ibland", "--lang", "sv"]) == 1
    assert "not understood as a meeting frequency: 'ibland'" in capsys.readouterr().err
