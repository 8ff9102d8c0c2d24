"""iCalendar export: parsed back with icalendar, rules expanded with dateutil."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kultursamverkan import ical
from kultursamverkan.cadence import Dates
from kultursamverkan.model import Structure

from .conftest import REGIONS, load_region
from .strategies import structures
from .test_export import build_hostile


def events(text: str) -> list:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


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


REASON_CODES = ("not_a_rule", "no_fixed_months", "months_disagree", "not_to_the_day", "dissolved")


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_example_has_only_dated_entries_and_says_the_rest_in_words(region: str, lang: str) -> None:
    structure = load_region(region)
    result = ical.to_calendar(structure, lang=lang)
    calendar = icalendar.Calendar.from_ical(result.text)
    for vevent in calendar.walk("VEVENT"):
        assert "RRULE" not in vevent
        assert isinstance(vevent.decoded("dtstart"), dt.date)
    # Every body with a cadence that is not dates is listed, with its cadence in words, not a code.
    rated = {b.id for b in structure.bodies if b.cadence is not None and not isinstance(b.cadence, Dates)}
    assert rated <= {o.id for o in result.omitted}
    for item in result.omitted:
        assert item.when
        assert item.name
        assert not any(code in item.when for code in REASON_CODES)
    assert not any(code in result.text for code in REASON_CODES)
    assert "X-KULTURSAMVERKAN" not in result.text


def test_halland_cadences_are_listed_in_words() -> None:
    omitted = {o.id: o.when for o in ical.to_calendar(load_region("halland")).omitted}
    assert omitted["taktiskt-natverk"] == "fyra gånger per år"
    assert omitted["operativa-grupper"] == "vid behov"
    english = {o.id: o.when for o in ical.to_calendar(load_region("halland"), lang="en").omitted}
    assert english["operativa-grupper"] == "as needed"


def test_fixed_months_are_no_day_and_become_no_entry() -> None:
    result = ical.to_calendar(build_hostile(), lang="sv")
    by_uid = {str(e.get("uid")): e for e in events(result.text)}
    # "Twice a year, in March and September" has no day: no entry on 1 March, the words instead.
    assert "urn:kultursamverkan:evil:top/meetings" not in by_uid
    assert {o.id: o.when for o in result.omitted} == {
        "top": "två gånger per år, i mars och september",
        "mid": "varannan månad",
    }
    assert by_uid["urn:kultursamverkan:evil:dated/2024-05-02"].decoded("dtstart") == dt.date(2024, 5, 2)
    # Hostile text survives as data: the file parses and the summary is unchanged.
    event = by_uid["urn:kultursamverkan:evil:event"]
    assert str(event.get("summary")) == build_hostile().events[0].name.sv


def test_calendar_properties_of_rfc_7986_and_links_back() -> None:
    published = dt.datetime(2026, 3, 4, 5, 6, 7, 890, tzinfo=dt.timezone.utc)
    result = ical.to_calendar(
        build_hostile(),
        lang="en",
        base_url="https://k.example/evil/",
        url="https://k.example/evil/",
        urls={"dated": "https://k.example/evil/dated/"},
        last_modified=published,
    )
    calendar = icalendar.Calendar.from_ical(result.text)
    name = build_hostile().name.en
    for prop in ("NAME", "X-WR-CALNAME"):  # icalendar reads properties it has no type for as raw text
        assert calendar[prop].to_ical() == icalendar.vText(name).to_ical()
    assert str(calendar["URL"]) == "https://k.example/evil/"
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendar["REFRESH-INTERVAL"].to_ical() == b"P1D"
    assert "REFRESH-INTERVAL;VALUE=DURATION:P1D" in result.text
    assert calendar.decoded("LAST-MODIFIED") == published.replace(microsecond=0)
    by_uid = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    dated = by_uid["https://k.example/evil/dated/2024-05-02"]
    assert str(dated["URL"]) == "https://k.example/evil/dated/"
    assert dated.decoded("LAST-MODIFIED") == published.replace(microsecond=0)
    assert dated.decoded("DTSTAMP") == published.replace(microsecond=0)
    assert "URL" not in by_uid["https://k.example/evil/event"]  # no page and no address of its own


def test_uids_are_stable_across_exports_and_languages() -> None:
    def uids(lang: str) -> list[str]:
        text = ical.to_calendar(load_region("stockholm"), lang=lang, base_url="https://k.example/s/").text
        return sorted(str(e["UID"]) for e in events(text))

    assert uids("sv") == uids("sv") == uids("en")
    assert len(set(uids("sv"))) == len(uids("sv"))
    assert ical.to_calendar(load_region("halland")).text == ical.to_calendar(load_region("halland")).text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structure=structures(), lang=st.sampled_from(["sv", "en", "de"]))
def test_omitted_is_the_calendars_list_without_the_calendar(structure: Structure, lang: str) -> None:
    """What a page lists beside its subscribe link is worked out without writing the file: the same list."""
    assert ical.omitted(structure, lang) == ical.to_calendar(structure, lang=lang).omitted
