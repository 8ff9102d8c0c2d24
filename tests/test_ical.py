"""iCalendar export: parsed back with icalendar, rules expanded with dateutil."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from dateutil import rrule

from kultursamverkan import ical
from kultursamverkan.cadence import AsNeeded, AtLeast, Count, Interval, Range, Regular
from kultursamverkan.vocab import TimeUnit

from .conftest import REGIONS, load_region
from .test_export import build_hostile


def events(text: str) -> list:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def occurrences(vevent, until: dt.date) -> list[dt.date]:
    start = vevent.decoded("dtstart")
    rule = vevent.get("rrule")
    if rule is None:
        return [start]
    rule_text = rule.to_ical().decode()
    dtstart = dt.datetime.combine(start, dt.time())
    return [
        d.date()
        for d in rrule.rrulestr(rule_text, dtstart=dtstart).between(
            dtstart, dt.datetime.combine(until, dt.time()), inc=True
        )
    ]


def test_stockholmstinget_is_on_its_two_dates() -> None:
    result = ical.to_calendar(load_region("stockholm"), lang="sv", base_url="https://k.example/sthlm/")
    found = {str(e.get("summary")): e.decoded("dtstart") for e in events(result.text)}
    assert found == {"Stockholmstinget 2019": dt.date(2019, 11, 14), "Stockholmstinget 2020": dt.date(2020, 11, 19)}
    for vevent in events(result.text):
        assert vevent.get("summary").params["LANGUAGE"] == "sv"
        assert str(vevent.get("uid")).startswith("https://k.example/sthlm/stockholmstinget-20")
    # The body's own dates are the same two days: no duplicates.
    assert all(o.id != "stockholmstinget" for o in result.omitted)


def test_stockholm_in_english() -> None:
    text = ical.to_calendar(load_region("stockholm"), lang="en").text
    descriptions = [str(e.get("description")) for e in events(text)]
    assert "Stockholmstinget returns on 19 November 2020." in descriptions


@pytest.mark.parametrize("region", REGIONS)
def test_every_example_parses_and_lists_what_it_leaves_out(region: str) -> None:
    structure = load_region(region)
    result = ical.to_calendar(structure, lang="en")
    calendar = icalendar.Calendar.from_ical(result.text)
    listed = [str(v) for v in calendar.get("x-kultursamverkan-omitted", [])] if result.omitted else []
    if len(result.omitted) == 1:
        listed = [str(calendar.get("x-kultursamverkan-omitted"))]
    assert listed == [o.id for o in result.omitted]
    with_cadence = {b.id for b in structure.bodies if b.cadence is not None}
    assert {o.id for o in result.omitted} <= with_cadence | {e.id for e in structure.events}


def test_halland_counts_without_months_are_left_out_with_reasons() -> None:
    omitted = {o.id: o.reason for o in ical.to_calendar(load_region("halland")).omitted}
    assert omitted["taktiskt-natverk"] == ical.NO_FIXED_MONTHS
    assert omitted["operativa-grupper"] == ical.NOT_A_RULE
    assert omitted["samrad-professionella-kulturskapare"] == ical.NOT_A_RULE


def test_fixed_months_become_a_yearly_rule_from_the_as_of_year() -> None:
    result = ical.to_calendar(build_hostile(), lang="sv")
    by_uid = {str(e.get("uid")): e for e in events(result.text)}
    top = by_uid["urn:kultursamverkan:evil:top/meetings"]
    assert top.decoded("dtstart") == dt.date(2024, 3, 1)
    assert occurrences(top, dt.date(2025, 12, 31)) == [
        dt.date(2024, 3, 1),
        dt.date(2024, 9, 1),
        dt.date(2025, 3, 1),
        dt.date(2025, 9, 1),
    ]
    assert "mars och september" in str(top.get("description"))
    # Every other month without months is not a rule; the dated body is one VEVENT.
    assert {o.id: o.reason for o in result.omitted} == {"mid": ical.NO_FIXED_MONTHS}
    assert by_uid["urn:kultursamverkan:evil:dated/2024-05-02"].decoded("dtstart") == dt.date(2024, 5, 2)
    # Hostile text survives as data: the file parses and the summary is unchanged.
    event = by_uid["urn:kultursamverkan:evil:event"]
    assert str(event.get("summary")) == build_hostile().events[0].name.sv


@pytest.mark.parametrize(
    ("cadence", "expected"),
    [
        (Count(times=2, months=(3, 9)), {"FREQ": "YEARLY", "BYMONTH": [3, 9]}),
        (Count(times=1, per=TimeUnit.TERM, months=(2, 9)), {"FREQ": "YEARLY", "BYMONTH": [2, 9]}),
        (Interval(every=4, unit=TimeUnit.YEAR, months=(11,)), {"FREQ": "YEARLY", "BYMONTH": [11], "INTERVAL": 4}),
        (
            Interval(every=2, unit=TimeUnit.MONTH, months=(1, 3, 5, 7, 9, 11)),
            {"FREQ": "YEARLY", "BYMONTH": [1, 3, 5, 7, 9, 11]},
        ),
        (Count(times=4, months=(3, 9)), ical.MONTHS_DISAGREE),
        (Count(times=4), ical.NO_FIXED_MONTHS),
        (Range(min=3, max=4), ical.NOT_A_RULE),
        (AtLeast(times=1), ical.NOT_A_RULE),
        (AsNeeded(), ical.NOT_A_RULE),
        (Regular(), ical.NOT_A_RULE),
    ],
)
def test_yearly_rule(cadence: object, expected: object) -> None:
    assert ical.yearly_rule(cadence) == expected  # type: ignore[arg-type]


def test_rule_for_every_fourth_year_expands_with_dateutil() -> None:
    rule = ical.yearly_rule(Interval(every=4, unit=TimeUnit.YEAR, months=(11,)))
    assert isinstance(rule, dict)
    text = icalendar.vRecur(rule).to_ical().decode()
    start = dt.datetime(2020, 11, 1)
    dates = list(rrule.rrulestr(text, dtstart=start).between(start, dt.datetime(2033, 1, 1), inc=True))
    assert [d.year for d in dates] == [2020, 2024, 2028, 2032]
