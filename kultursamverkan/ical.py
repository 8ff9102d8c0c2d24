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
from collections.abc import Iterator, Mapping
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
    from . import i18n

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
    for item in _items(structure, lang):
        if isinstance(item, Omitted):
            omitted.append(item)
            continue
        vevent = ical.Event()
        vevent.add("uid", iri(base, item.id, *item.day_key))
        vevent.add("dtstamp", stamp)
        if last_modified is not None:
            vevent.add("last-modified", stamp)
        vevent.add("dtstart", item.start)
        text, used = _text(item.summary, lang)
        vevent.add("summary", text, parameters={"LANGUAGE": used})
        link = urls.get(item.id) or item.url
        if link:
            vevent.add("url", link, parameters={"VALUE": "URI"})
        if item.end is not None:
            vevent.add("dtend", item.end)
        if item.description is not None:
            text, used = _text(item.description, lang)
            vevent.add("description", text, parameters={"LANGUAGE": used})
        elif item.said is not None:
            vevent.add("description", item.said, parameters={"LANGUAGE": lang})
        if item.location is not None:
            text, used = _text(item.location, lang)
            vevent.add("location", text, parameters={"LANGUAGE": used})
        cal.add_component(vevent)

    return CalendarExport(text=cal.to_ical().decode("utf-8"), omitted=tuple(omitted))


def omitted(structure: Structure, lang: str = "sv") -> tuple[Omitted, ...]:
    """``to_calendar(structure, lang=lang).omitted`` without writing the calendar: what a page lists
    beside its subscribe link, which needs neither the file nor the icalendar package."""
    from . import i18n

    lang = i18n.normalize_lang(lang)
    return tuple(item for item in _items(structure, lang) if isinstance(item, Omitted))


@frozen(kw_only=True)
class _Entry:
    """One calendar entry (VEVENT), all day, before it is written."""

    #: The object's id: the UID's start and the key of its page in ``urls``.
    id: str
    #: What follows the id in the UID: a body's entries are one per date.
    day_key: tuple[str, ...]
    summary: LocalizedText
    start: _dt.date
    #: The day after the last, as DTEND of an all-day entry has it; None for one day.
    end: _dt.date | None = None
    description: LocalizedText | None = None
    #: A description in words where the entry has none of its own ("normalt den 14 november").
    said: str | None = None
    location: LocalizedText | None = None
    url: str | None = None


def _items(structure: Structure, lang: str) -> Iterator[_Entry | Omitted]:
    """What the calendar holds and what it cannot, in the file's order: the one place that decides it."""
    from . import phrases

    covered: set[tuple[str, _dt.date]] = set()
    for ev in structure.events:
        start = ev.date.as_date()
        if start is None:
            yield Omitted(id=ev.id, name=_text(ev.name, lang)[0], when=phrases.date(ev.date, lang))
            continue
        end = ev.end.as_date() if ev.end else None
        yield _Entry(
            id=ev.id,
            day_key=(),
            summary=ev.name,
            start=start,
            end=end + _dt.timedelta(days=1) if end is not None and end > start else None,
            description=ev.description,
            location=ev.location,
            url=ev.url,
        )
        if ev.body:
            covered.add((ev.body, start))

    for body in structure.bodies:
        cadence = body.cadence
        body_name = _text(body.name, lang)[0]
        days: list[tuple[PartialDate, LocalizedText | None, LocalizedText | None, str | None]] = []
        if isinstance(cadence, Dates):
            days.extend((d, None, None, None) for d in cadence.dates)
        elif cadence is not None:  # a rate or a rule, not dates: said in words, never placed on a guessed day
            yield Omitted(id=body.id, name=body_name, when=phrases.cadence(cadence, lang))
        days.extend((m.date, m.description, m.location, m.url) for m in body.meetings)
        for when, description, location, own_url in days:
            day = when.as_date()
            if day is None:
                yield Omitted(id=body.id, name=body_name, when=phrases.date(when, lang))
                continue
            if (body.id, day) in covered:
                continue
            covered.add((body.id, day))
            # "normalt den 14 november": the date alone would state it as certain.
            said = None
            qualified = isinstance(cadence, Dates) and (cadence.qualifier is not None or cadence.during is not None)
            if qualified and description is None and cadence is not None:
                said = phrases.cadence(cadence, lang)
            yield _Entry(
                id=body.id,
                day_key=(when.isoformat(),),
                summary=body.name,
                start=day,
                description=description,
                said=said,
                location=location,
                url=own_url,
            )
