"""Meetings as iCalendar (RFC 5545, with RFC 7986's calendar properties) for calendars that subscribe.

Only what has a date becomes an entry (VEVENT), all day:

* every event of the structure dated to the day;
* every day-precise date of a body's ``Dates`` cadence and of its recorded ``meetings``,
  unless an event of the body already stands for that day.

Nothing is guessed: "annually in March" is not a meeting on 1 March, and "four times a
year" has no date at all. Such a body or event is not written into the file; it is in
``CalendarExport.omitted`` with its cadence or date in words, for a page to list beside
the subscribe link ("Taktiskt nätverk: fyra gånger per år").

The calendar carries ``NAME`` and ``X-WR-CALNAME`` (the structure's name), ``URL`` and
``LAST-MODIFIED`` when given, and ``REFRESH-INTERVAL`` (default one day). Each entry
has a ``URL`` back to its page when ``urls`` names one (the plugin gives the body's or
event's page), else the event's own web address. UIDs are ``base_url`` + the object's
id (+ the date), as stable as the ids in the file. DTSTAMP is ``last_modified`` or
midnight UTC of the ``as_of`` date, never the time of export, so the same structure
always gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from attrs import frozen

from .cadence import Dates
from .jsonld import default_base, iri
from .model import Structure
from .values import LocalizedText, PartialDate

PRODID = "-//kultursamverkan//kultursamverkan export//EN"
REFRESH = _dt.timedelta(days=1)


@frozen(kw_only=True)
class Omitted:
    """A body's meetings or an event that has no date to the day, and when it is held, in words."""

    id: str
    name: str
    #: The cadence or date in the calendar's language: "fyra gånger per år", "maj 2020".
    when: str


@frozen(kw_only=True)
class CalendarExport:
    text: str
    omitted: tuple[Omitted, ...]


def _icalendar() -> Any:
    try:
        import icalendar
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError(
            "iCalendar export needs the 'icalendar' package: pip install 'kultursamverkan[export]'"
        ) from exc
    return icalendar


def _text(value: LocalizedText, lang: str) -> tuple[str, str]:
    from .phrases import localized

    return localized(value, lang)


def to_calendar(
    structure: Structure,
    *,
    lang: str = "sv",
    base_url: str | None = None,
    url: str | None = None,
    urls: Mapping[str, str] | None = None,
    last_modified: _dt.datetime | None = None,
    refresh: _dt.timedelta = REFRESH,
) -> CalendarExport:
    """The structure's dated meetings and events as iCalendar text, and what has no date, in words.

    ``url``: the structure's page; ``urls``: an object id → its page, each entry's ``URL``;
    ``last_modified``: when the data was last published (an aware datetime).
    """
    from . import i18n, phrases

    ical = _icalendar()
    lang = i18n.normalize_lang(lang)
    base = base_url or default_base(structure)
    urls = urls or {}
    if last_modified is not None:
        stamp = last_modified.astimezone(_dt.timezone.utc).replace(microsecond=0)
    else:
        stamp = _dt.datetime.combine(structure.as_of.earliest(), _dt.time(0, 0), tzinfo=_dt.timezone.utc)

    name, name_lang = _text(structure.name, lang)
    cal = ical.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", ical.vText(name), parameters={"LANGUAGE": name_lang})
    cal.add("x-wr-calname", ical.vText(name))
    if url:
        cal.add("url", url, parameters={"VALUE": "URI"})
    if last_modified is not None:
        cal.add("last-modified", stamp)
    # Encoded here: icalendar before 7 does not know the property's type and would write str(timedelta).
    cal.add("refresh-interval", ical.vDuration(refresh), parameters={"VALUE": "DURATION"})
    omitted: list[Omitted] = []

    def entry(uid: str, item_id: str, summary: LocalizedText, start: _dt.date, own_url: str | None = None) -> Any:
        vevent = ical.Event()
        vevent.add("uid", uid)
        vevent.add("dtstamp", stamp)
        if last_modified is not None:
            vevent.add("last-modified", stamp)
        vevent.add("dtstart", start)
        text, used = _text(summary, lang)
        vevent.add("summary", text, parameters={"LANGUAGE": used})
        link = urls.get(item_id) or own_url
        if link:
            vevent.add("url", link, parameters={"VALUE": "URI"})
        cal.add_component(vevent)
        return vevent

    def add_text(component: Any, prop: str, value: LocalizedText | None) -> None:
        if value is not None:
            text, used = _text(value, lang)
            component.add(prop, text, parameters={"LANGUAGE": used})

    covered: set[tuple[str, _dt.date]] = set()
    for ev in structure.events:
        start = ev.date.as_date()
        if start is None:
            omitted.append(Omitted(id=ev.id, name=_text(ev.name, lang)[0], when=phrases.date(ev.date, lang)))
            continue
        vevent = entry(iri(base, ev.id), ev.id, ev.name, start, ev.url)
        end = ev.end.as_date() if ev.end else None
        if end is not None and end > start:
            vevent.add("dtend", end + _dt.timedelta(days=1))
        add_text(vevent, "description", ev.description)
        add_text(vevent, "location", ev.location)
        if ev.body:
            covered.add((ev.body, start))

    for body in structure.bodies:
        cadence = body.cadence
        body_name = _text(body.name, lang)[0]
        days: list[tuple[PartialDate, LocalizedText | None, LocalizedText | None, str | None]] = []
        if isinstance(cadence, Dates):
            days.extend((d, None, None, None) for d in cadence.dates)
        elif cadence is not None:  # a rate or a rule, not dates: said in words, never placed on a guessed day
            omitted.append(Omitted(id=body.id, name=body_name, when=phrases.cadence(cadence, lang)))
        days.extend((m.date, m.description, m.location, m.url) for m in body.meetings)
        for when, description, location, own_url in days:
            day = when.as_date()
            if day is None:
                omitted.append(Omitted(id=body.id, name=body_name, when=phrases.date(when, lang)))
                continue
            if (body.id, day) in covered:
                continue
            covered.add((body.id, day))
            vevent = entry(iri(base, body.id, when.isoformat()), body.id, body.name, day, own_url)
            if description is not None:
                add_text(vevent, "description", description)
            elif isinstance(cadence, Dates) and (cadence.qualifier is not None or cadence.during is not None):
                # "normalt den 14 november": the date alone would state it as certain.
                vevent.add("description", phrases.cadence(cadence, lang), parameters={"LANGUAGE": lang})
            add_text(vevent, "location", location)

    return CalendarExport(text=cal.to_ical().decode("utf-8"), omitted=tuple(omitted))
