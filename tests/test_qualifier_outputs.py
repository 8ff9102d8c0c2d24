"""A cadence qualifier ("som regel", "normalt") and phase are kept by every output, in Swedish and English:
the summary sentence (date lists too), the SVG diagram and its text alternative, JSON-LD and iCalendar."""

from __future__ import annotations

import json
import re

import pytest

import kultursamverkan
from kultursamverkan import ical, phrases

icalendar = pytest.importorskip("icalendar")

FILE = """format_version: 2
id: x
name: {sv: Exempel, en: Example}
as_of: "2024"
region: {id: region-x, name: {sv: Region X, en: Region X}}
bodies:
  - {id: radet, name: {sv: Rådet, en: The council}, kind: council, tier: political, cadence: %s}
"""

QUALIFIED = {
    "count with months": "{kind: count, times: 2, months: [3, 10], qualifier: as_a_rule}",
    "dates": "{kind: dates, dates: ['2019-11-14', '2020-11-19'], qualifier: as_a_rule}",
    "ongoing": "{kind: ongoing, qualifier: as_a_rule}",
}
WORDS = {"sv": "som regel", "en": "as a rule"}


def load(cadence: str) -> kultursamverkan.Structure:
    return kultursamverkan.loads(FILE % cadence, format="yaml")


def flat(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("form", list(QUALIFIED))
def test_the_summary_keeps_the_qualifier(form: str, lang: str) -> None:
    structure = load(QUALIFIED[form])
    summary = phrases.body_summary(structure.bodies[0], lang, structure)
    assert WORDS[lang] in summary, summary
    assert WORDS[lang] in flat(kultursamverkan.render(structure, lang=lang, format="text"))


def test_a_past_date_list_keeps_the_qualifier_in_words() -> None:
    structure = load(QUALIFIED["dates"])
    assert phrases.body_summary(structure.bodies[0], "sv", structure) == (
        "Rådet: möten hölls som regel 14 november 2019 och 19 november 2020."
    )
    assert phrases.body_summary(structure.bodies[0], "en", structure) == (
        "The council: meetings were held as a rule on 14 November 2019 and 19 November 2020."
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("form", list(QUALIFIED))
def test_the_diagram_keeps_the_qualifier(form: str, lang: str) -> None:
    svg = kultursamverkan.export(load(QUALIFIED[form]), format="svg", lang=lang)
    before, desc_and_after = svg.split("<desc", 1)
    desc, after = desc_and_after.split("</desc>", 1)
    assert WORDS[lang] in flat(before + after)  # drawn in the box
    assert WORDS[lang] in flat(desc)  # and said in the text alternative


@pytest.mark.parametrize("form", list(QUALIFIED))
def test_jsonld_keeps_the_qualifier_in_both_languages(form: str) -> None:
    doc = json.loads(kultursamverkan.export(load(QUALIFIED[form]), format="jsonld"))
    nodes = doc["@graph"]
    meetings = next(n for n in nodes if n.get("@id", "").endswith("meetings"))
    description = meetings.get("eventSchedule", meetings).get("description")
    assert description is not None, meetings
    for lang, words in WORDS.items():
        assert words in description[lang], description


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_ical_has_no_rule_that_drops_the_qualifier(lang: str) -> None:
    structure = load(QUALIFIED["count with months"])
    result = ical.to_calendar(structure, lang=lang)
    calendar = icalendar.Calendar.from_ical(result.text)
    assert not [c for c in calendar.walk("VEVENT") if "RRULE" in c]
    assert [o.id for o in result.omitted] == ["radet"]
    assert WORDS[lang] in result.omitted[0].when


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_ical_dated_meetings_say_the_qualifier(lang: str) -> None:
    result = ical.to_calendar(load(QUALIFIED["dates"]), lang=lang)
    events = icalendar.Calendar.from_ical(result.text).walk("VEVENT")
    assert len(events) == 2
    assert all(WORDS[lang] in str(e["DESCRIPTION"]) for e in events)
