"""Meetings as iCalendar (RFC 5545), for calendars that can subscribe to a region's structure.

What becomes a VEVENT:

* every event of the structure dated to the day (all-day events);
* every day-precise date of a ``Dates`` cadence not already covered by such an event;
* a ``Count`` or ``Interval`` cadence that fixes its months, as a yearly RRULE
  (``FREQ=YEARLY;BYMONTH=3,9``; ``INTERVAL=k`` for "every k years").

A rule needs a first date, which no source gives: DTSTART is the 1st of the first
fixed month in the year of the structure's ``as_of`` (the series is known to hold
then), as an all-day date. The DESCRIPTION carries the cadence in words
("twice a year, in March and September") so nobody reads the 1st as a fixed day.
A dissolved body's rule ends (UNTIL) on the last day its dissolution date can mean.

Everything else ("as needed", "3–4 times a year", "four times a year" with no
months, dates known only to the month) cannot be a calendar entry. Such items
are listed in ``CalendarExport.omitted`` and, in the file itself, as
``X-KULTURSAMVERKAN-OMITTED`` properties, so the calendar says what it leaves out.

DTSTAMP is midnight UTC of the ``as_of`` date, not the time of export, so the
same structure always gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt
from fractions import Fraction

from attrs import frozen

from .cadence import Cadence, Count, Dates, Interval
from .jsonld import default_base, iri
from .model import Body, Structure
from .values import LocalizedText
from .vocab import BodyStatus, TimeUnit

PRODID = "-//kultursamverkan//kultursamverkan export//EN"

#: Why something is not in the calendar (machine values, stable).
NOT_A_RULE = "not_a_rule"  # range, at least, as needed, ongoing, regular
NO_FIXED_MONTHS = "no_fixed_months"  # a count or interval whose months are not given
MONTHS_DISAGREE = "months_disagree"  # the fixed months do not give the cadence's rate
NOT_TO_THE_DAY = "not_to_the_day"  # a date known only to the month or year
DISSOLVED = "dissolved"  # a dissolved body with no dissolution date to end the rule


@frozen(kw_only=True)
class Omitted:
    """A body's cadence or an event that the calendar cannot hold, and why."""

    id: str
    name: str
    reason: str


@frozen(kw_only=True)
class CalendarExport:
    text: str
    omitted: tuple[Omitted, ...]


def _icalendar():
    try:
        import icalendar
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError(
            "iCalendar export needs the 'icalendar' package: pip install 'kultursamverkan[export]'"
        ) from exc
    return icalendar


def yearly_rule(cadence: Cadence) -> dict[str, object] | str:
    """The RRULE parts for a cadence that fixes its months, or the reason there is none."""
    if not isinstance(cadence, (Count, Interval)):
        return NOT_A_RULE
    if cadence.qualifier is not None or cadence.during is not None:
        return NOT_A_RULE  # "as a rule", or only in some phase: no calendar can say which dates
    if not cadence.months:
        return NO_FIXED_MONTHS
    years = cadence.every if isinstance(cadence, Interval) and cadence.unit is TimeUnit.YEAR else 1
    if Fraction(len(cadence.months), years) != cadence.meetings_per_year().exact:
        return MONTHS_DISAGREE
    rule: dict[str, object] = {"FREQ": "YEARLY", "BYMONTH": list(cadence.months)}
    if years > 1:
        rule["INTERVAL"] = years
    return rule


def _text(value: LocalizedText, lang: str) -> tuple[str, str]:
    from .phrases import localized

    return localized(value, lang)


def _add_text(component: object, name: str, value: LocalizedText | None, lang: str) -> None:
    if value is not None:
        text, used = _text(value, lang)
        component.add(name, text, parameters={"LANGUAGE": used})  # type: ignore[attr-defined]


def to_calendar(structure: Structure, *, lang: str = "sv", base_url: str | None = None) -> CalendarExport:
    """The structure's dated and rule-shaped meetings as an iCalendar text, with what was left out."""
    from . import i18n

    ical = _icalendar()
    lang = i18n.normalize_lang(lang)
    base = base_url or default_base(structure)
    stamp = _dt.datetime.combine(structure.as_of.earliest(), _dt.time(0, 0), tzinfo=_dt.timezone.utc)

    cal = ical.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", ical.vText(_text(structure.name, lang)[0]))
    omitted: list[Omitted] = []

    def event(uid: str, name: LocalizedText, start: _dt.date) -> object:
        vevent = ical.Event()
        vevent.add("uid", uid)
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", start)
        _add_text(vevent, "summary", name, lang)
        cal.add_component(vevent)
        return vevent

    def omit(item_id: str, name: LocalizedText, reason: str) -> None:
        omitted.append(Omitted(id=item_id, name=_text(name, lang)[0], reason=reason))

    covered: set[tuple[str, str]] = set()
    for ev in structure.events:
        start = ev.date.as_date()
        if start is None:
            omit(ev.id, ev.name, NOT_TO_THE_DAY)
            continue
        vevent = event(iri(base, ev.id), ev.name, start)
        end = ev.end.as_date() if ev.end else None
        if end is not None and end > start:
            vevent.add("dtend", end + _dt.timedelta(days=1))  # type: ignore[attr-defined]
        _add_text(vevent, "description", ev.description, lang)
        _add_text(vevent, "location", ev.location, lang)
        if ev.url:
            vevent.add("url", ev.url)  # type: ignore[attr-defined]
        if ev.body:
            covered.add((ev.body, ev.date.isoformat()))

    for body in structure.bodies:
        if body.cadence is not None:
            _body(body, structure, lang, base, event, omit, covered)

    for item in omitted:
        cal.add("x-kultursamverkan-omitted", item.id, parameters={"X-REASON": item.reason})
    return CalendarExport(text=cal.to_ical().decode("utf-8"), omitted=tuple(omitted))


def _body(body: Body, structure: Structure, lang: str, base: str, event, omit, covered: set) -> None:
    from . import phrases

    cadence = body.cadence
    assert cadence is not None
    if isinstance(cadence, Dates):
        for d in cadence.dates:
            if (body.id, d.isoformat()) in covered:
                continue
            day = d.as_date()
            if day is None:
                omit(body.id, body.name, NOT_TO_THE_DAY)
                continue
            vevent = event(iri(base, body.id, d.isoformat()), body.name, day)
            if cadence.qualifier is not None or cadence.during is not None:
                # "normalt den 14 november": the date alone would state it as certain.
                vevent.add("description", phrases.cadence(cadence, lang), parameters={"LANGUAGE": lang})
        return
    rule = yearly_rule(cadence)
    if isinstance(rule, str):
        omit(body.id, body.name, rule)
        return
    if body.status is BodyStatus.DISSOLVED and body.dissolved is None:
        omit(body.id, body.name, DISSOLVED)
        return
    months = rule["BYMONTH"]
    assert isinstance(months, list)
    vevent = event(iri(base, body.id, "meetings"), body.name, _dt.date(structure.as_of.year, months[0], 1))
    if body.dissolved is not None:
        rule["UNTIL"] = body.dissolved.latest()
    vevent.add("rrule", rule)
    description = phrases.cadence(cadence, lang)
    if body.cadence_note is not None:
        description += "\n\n" + phrases.localized(body.cadence_note, lang)[0]
    vevent.add("description", description, parameters={"LANGUAGE": lang})
