"""The model's own rules: localised text, partial dates, periods, cadences."""

from __future__ import annotations

from fractions import Fraction

import attrs
import pytest

from kultursamverkan import cadence as cad
from kultursamverkan import model as m
from kultursamverkan.values import LocalizedText, PartialDate, Period
from kultursamverkan.vocab import VOCABULARIES, BodyKind, TimeUnit


def test_localized_text_falls_back_to_the_other_language_and_says_so() -> None:
    both = LocalizedText(sv="Strategiskt nätverk", en="Strategic network")
    assert both.get("sv") == ("Strategiskt nätverk", "sv")
    assert both.get("en") == ("Strategic network", "en")
    swedish_only = LocalizedText(sv="Kulturberedningen")
    assert swedish_only.get("en") == ("Kulturberedningen", "sv")
    english_only = LocalizedText(en="Barents region")
    assert english_only.get("sv") == ("Barents region", "en")
    assert both.get("de") == ("Strategic network", "en")  # other languages read English first


def test_localized_text_needs_some_text() -> None:
    with pytest.raises(ValueError, match="Swedish or English"):
        LocalizedText()
    with pytest.raises(ValueError, match="blank"):
        LocalizedText(sv="   ")


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("2017", "2017-01-01", "2017-12-31", "year"),
        ("2020-02", "2020-02-01", "2020-02-29", "month"),
        ("2019-11-14", "2019-11-14", "2019-11-14", "day"),
    ],
)
def test_partial_dates(text: str, earliest: str, latest: str, precision: str) -> None:
    d = PartialDate.parse(text)
    assert (d.earliest().isoformat(), d.latest().isoformat(), d.precision, d.isoformat()) == (
        earliest,
        latest,
        precision,
        text,
    )


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("~9999", "9998-01-01", "9999-12-31"),
        ("9999/00", "9999-01-01", "9999-12-31"),
        ("~9998/99", "9997-01-01", "9999-12-31"),
        ("~1000", "0999-01-01", "1001-12-31"),
    ],
)
def test_partial_dates_at_the_ends_of_the_calendar(text: str, earliest: str, latest: str) -> None:
    """Years the format allows whose bounds would pass year 9999 end on the last day there is."""
    d = PartialDate.parse(text)
    assert (d.earliest().isoformat(), d.latest().isoformat()) == (earliest, latest)


def test_a_body_established_about_year_9999_loads() -> None:
    """The quick cross-object checks work out every dated body's life: 9999's bounds must not overflow."""
    import json
    from pathlib import Path

    import yaml

    import kultursamverkan

    data = yaml.safe_load((Path(__file__).parent.parent / "examples" / "regions" / "halland.yaml").read_text())
    data["bodies"][0]["established"] = "~9999"
    for fmt, text in (("json", json.dumps(data)), ("yaml", yaml.safe_dump(data, allow_unicode=True))):
        assert kultursamverkan.loads(text, fmt).bodies[0].established == PartialDate.parse("~9999")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("17", "is not a date"),
        ("2017-13", "month 13"),
        ("2021-02-29", "day 29 is not 1–28"),
        ("2017/05", "not a split year"),
        ("\u0662\u0660\u0661\u0667", "not a date"),  # digits, but not the schema's ASCII ones
        ("2017\n", "not a date"),
    ],
)
def test_partial_date_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(text)


def test_the_days_of_a_month_are_the_calendar_s_for_every_year_a_date_may_have() -> None:
    """``values._days_in``, which ``latest`` and the day checks use, is ``calendar.monthrange``'s answer."""
    import calendar

    from kultursamverkan.values import _days_in

    for year in range(1000, 10000):
        assert [_days_in(year, month) for month in range(1, 13)] == [
            calendar.monthrange(year, month)[1] for month in range(1, 13)
        ]


def test_period_order_and_containment() -> None:
    plan = Period(start=PartialDate(year=2020), end=PartialDate(year=2023))
    assert plan.contains(PartialDate(year=2023, month=12))
    assert not plan.contains(PartialDate(year=2024))
    assert Period(start=PartialDate(year=2020)).contains(PartialDate(year=2090))
    with pytest.raises(ValueError, match="ends"):
        Period(start=PartialDate(year=2023), end=PartialDate(year=2020))
    with pytest.raises(ValueError, match="start or an end"):
        Period()


def rate(low: object, high: object) -> cad.Rate:
    return cad.Rate(low=None if low is None else Fraction(low), high=None if high is None else Fraction(high))


@pytest.mark.parametrize(
    ("cadence", "expected"),
    [
        (cad.Count(times=2), rate(2, 2)),
        (cad.Count(times=4, approximate=True), rate(4, 4)),
        (cad.Count(times=1, per=TimeUnit.TERM), rate(2, 2)),
        (cad.Count(times=1, per=TimeUnit.MONTH), rate(12, 12)),
        (cad.Range(min=3, max=4), rate(3, 4)),
        (cad.AtLeast(times=1), rate(1, None)),
        (cad.Interval(), rate(1, 1)),
        (cad.Interval(every=2, unit=TimeUnit.MONTH), rate(6, 6)),
        (cad.Interval(every=4, unit=TimeUnit.YEAR), rate(Fraction(1, 4), Fraction(1, 4))),
        (cad.AsNeeded(), rate(None, None)),
        (cad.Ongoing(), rate(None, None)),
        (cad.Regular(), rate(None, None)),
        (cad.Dates(dates=(PartialDate.parse("2019-11-14"), PartialDate.parse("2020-11-19"))), rate(1, 1)),
        (
            cad.Dates(dates=(PartialDate.parse("2019-03"), PartialDate.parse("2019-11"), PartialDate(year=2021))),
            rate(0, 2),
        ),
    ],
)
def test_meetings_per_year(cadence: cad.Cadence, expected: cad.Rate) -> None:
    assert cadence.meetings_per_year() == expected


def test_rate_helpers() -> None:
    assert rate(4, 4).exact == 4
    assert rate(3, 4).exact is None
    assert not rate(None, None).known
    assert rate(2, 2) + rate(3, 4) == rate(5, 6)
    assert rate(2, 2) + rate(1, None) == rate(3, None)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: cad.Count(times=0), "must be 1 or more, not 0"),
        (lambda: cad.Range(min=4, max=4), "greater than the lowest"),
        (lambda: cad.Count(times=2, months=(9, 3)), "calendar order"),
        (lambda: cad.Interval(months=(13,)), "not in 1–12"),
        (lambda: cad.Dates(dates=()), "at least one date"),
    ],
)
def test_cadence_rules(build, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()


def test_model_classes_are_frozen_and_keyword_only() -> None:
    body = m.Body(id="natverk", name=LocalizedText(sv="Nätverk"), kind=BodyKind.NETWORK)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        body.id = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        m.Body("natverk", LocalizedText(sv="Nätverk"), BodyKind.NETWORK)  # type: ignore[misc]


@pytest.mark.parametrize("bad", ["Nätverk", "a--b", "-a", "a_b", "", "natverk\n"])
def test_ids_are_slugs(bad: str) -> None:
    with pytest.raises(ValueError, match="not a valid id"):
        m.Body(id=bad, name=LocalizedText(sv="x"), kind=BodyKind.NETWORK)


def test_vocabulary_values_are_stable_snake_case() -> None:
    for vocabulary in VOCABULARIES:
        for member in vocabulary:
            assert member.value == member.name.lower()
            assert str(member) == member.value
