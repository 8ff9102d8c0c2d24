"""Small value types shared by the model: localised text, partial dates, periods.

Sources rarely give full dates ("etablerade 2017", "under 2019"), so a date here
may stop at the year or the month. Comparisons use the earliest or latest day a
partial date can mean, which keeps validation honest about what is known.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import re

import attrs
from attrs import frozen

from .errors import Rule
from .vocab import Season

#: Languages the data carries text in. Swedish first: it is the sources' language.
LANGUAGES: tuple[str, ...] = ("sv", "en")


@frozen(kw_only=True, weakref_slot=False)
class LocalizedText:
    """Human text in Swedish and English; at least one must be given.

    Fallback rule, used by every renderer: the requested language if present,
    otherwise the other one. ``get`` returns the language actually used, so HTML
    output can mark fallen-back text with ``lang``.
    """

    sv: str | None = None
    en: str | None = None

    def __attrs_post_init__(self) -> None:
        # One check for both fields: this class is built more often than any other.
        sv, en = self.sv, self.en
        if sv is None and en is None:
            raise Rule("text_missing")
        if (sv is not None and not sv.strip()) or (en is not None and not en.strip()):
            raise Rule("text_blank")

    def get(self, lang: str) -> tuple[str, str]:
        """Return ``(text, language_of_text)`` for ``lang`` by the fallback rule."""
        if lang == "sv":
            return (self.sv, "sv") if self.sv is not None else (self.en, "en")  # type: ignore[return-value]
        if self.en is not None:
            return self.en, "en"
        return self.sv, "sv"  # type: ignore[return-value]

    def text(self, lang: str) -> str:
        return self.get(lang)[0]

    def __str__(self) -> str:
        return self.text("sv")


# ASCII digits only: int() reads "٢" too.
_PARTIAL_DATE = re.compile(r"(~)?([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?|-(spring|summer|autumn|winter)|/([0-9]{2}))?")

#: The months a season may mean, generously: "våren" runs into June, "hösten" from August.
_SEASON_MONTHS: dict[Season, tuple[int, int]] = {
    Season.SPRING: (1, 6),
    Season.SUMMER: (6, 8),
    Season.AUTUMN: (8, 12),
    Season.WINTER: (1, 3),
}


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(year: int, month: int) -> int:
    """The days of a month: ``calendar.monthrange(year, month)[1]`` without working out a weekday."""
    return 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month]


@frozen(kw_only=True, order=False, weakref_slot=False)
class PartialDate:
    """A date at the precision a source gives it.

    Written ``2017``, ``2017-05``, ``2017-05-15``; a season ``2021-spring`` ("våren
    2021"); a split year ``2023/24`` (a season or school year across two calendar
    years); any of them prefixed ``~`` when approximate (``~2015``, "omkring 2015").
    """

    year: int = attrs.field(validator=attrs.validators.and_(attrs.validators.ge(1000), attrs.validators.le(9999)))
    month: int | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.and_(attrs.validators.ge(1), attrs.validators.le(12))),
    )
    day: int | None = attrs.field(default=None)
    season: Season | None = None
    #: The year runs on into the next ("2023/24").
    split_year: bool = False
    #: "omkring", "cirka": the date may be a year off either way.
    approximate: bool = False

    @day.validator
    def _check_day(self, _attribute: attrs.Attribute, value: int | None) -> None:
        if value is None:
            return
        if self.month is None:
            raise Rule("date_format", value=repr(f"{self.year}-??-{value:02d}"))
        last = _days_in(self.year, self.month)
        if not 1 <= value <= last:
            raise Rule("date_day", value=repr(f"{self.year}-{self.month:02d}-{value:02d}"), day=value, last=last)

    def __attrs_post_init__(self) -> None:
        if (self.season is not None or self.split_year) and self.month is not None:
            raise Rule("date_format", value=repr(self.isoformat()))
        if self.season is not None and self.split_year:
            raise Rule("date_format", value=repr(self.isoformat()))

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse the forms above; results are shared, the class being frozen."""
        return _parse_partial_date(text)

    @classmethod
    def _parse(cls, text: str) -> PartialDate:
        match = _PARTIAL_DATE.fullmatch(text)
        if match is None:
            raise Rule("date_format", value=repr(text))
        approx, year_s, month_s, day_s, season, second = match.groups()
        year = int(year_s)
        month = int(month_s) if month_s else None
        day = int(day_s) if day_s else None
        if month is not None and not 1 <= month <= 12:
            raise Rule("date_month", value=repr(text), month=month)
        if day is not None:
            last = _days_in(year, month)  # type: ignore[arg-type]
            if not 1 <= day <= last:
                raise Rule("date_day", value=repr(text), day=day, last=last)
        if second is not None and int(second) != (year + 1) % 100:
            raise Rule("date_split", value=repr(text))
        return cls(
            year=year,
            month=month,
            day=day,
            season=Season(season) if season else None,
            split_year=second is not None,
            approximate=approx is not None,
        )

    @classmethod
    def from_date(cls, value: _dt.date) -> PartialDate:
        return cls(year=value.year, month=value.month, day=value.day)

    @property
    def precision(self) -> str:
        """``day``, ``month``, ``season``, ``split_year`` or ``year``."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.season is not None:
            return "season"
        return "split_year" if self.split_year else "year"

    def isoformat(self) -> str:
        prefix = "~" if self.approximate else ""
        if self.season is not None:
            return f"{prefix}{self.year:04d}-{self.season.value}"
        if self.split_year:
            return f"{prefix}{self.year:04d}/{(self.year + 1) % 100:02d}"
        if self.month is None:
            return f"{prefix}{self.year:04d}"
        if self.day is None:
            return f"{prefix}{self.year:04d}-{self.month:02d}"
        return f"{prefix}{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def edtf(self) -> str:
        """ISO 8601-2 (EDTF): ``2021-21`` for spring 2021, ``2015~``, ``2023/2024``; plain ISO when exact."""
        if self.season is not None:
            text = f"{self.year:04d}-{21 + list(Season).index(self.season)}"
        elif self.split_year:
            text = f"{self.year:04d}/{self.year + 1:04d}"
        elif self.month is None:  # the rest is ``isoformat`` without its "~" prefix
            text = f"{self.year:04d}"
        elif self.day is None:
            text = f"{self.year:04d}-{self.month:02d}"
        else:
            text = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return text + "~" if self.approximate else text

    def html_datetime(self) -> str:
        """A valid HTML date string: the date as precise as it is known, the year for seasons and split years."""
        if self.season is not None or self.split_year or self.approximate:
            return f"{self.year:04d}"
        return self.isoformat()

    def earliest(self) -> _dt.date:
        if self.approximate:  # a year off either way, whatever the precision
            return _dt.date(max(self.year - 1, _dt.MINYEAR), 1, 1)
        if self.season is not None:
            return _dt.date(self.year, _SEASON_MONTHS[self.season][0], 1)
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> _dt.date:
        # A year past the last one there is (an approximate or split year 9999) ends with the last day.
        if self.approximate:
            return _dt.date(min(self.year + (2 if self.split_year else 1), _dt.MAXYEAR), 12, 31)
        if self.split_year:
            return _dt.date(min(self.year + 1, _dt.MAXYEAR), 12, 31)
        month = _SEASON_MONTHS[self.season][1] if self.season is not None else self.month or 12
        return _dt.date(self.year, month, self.day or _days_in(self.year, month))

    def as_date(self) -> _dt.date | None:
        """The exact date, or None when it is not known to the day."""
        return self.earliest() if self.day is not None and not self.approximate else None

    def __str__(self) -> str:
        return self.isoformat()


@functools.lru_cache(maxsize=4096)
def _parse_partial_date(text: str) -> PartialDate:
    return PartialDate._parse(text)


@frozen(kw_only=True, weakref_slot=False)
class Period:
    """A span of time; either end may be open. ``2020–2023`` is start 2020, end 2023."""

    start: PartialDate | None = None
    end: PartialDate | None = None

    def __attrs_post_init__(self) -> None:
        if self.start is None and self.end is None:
            raise Rule("period_empty")
        if self.start is not None and self.end is not None and self.end.latest() < self.start.earliest():
            raise Rule("period_reversed", start=str(self.start), end=str(self.end))

    def contains(self, when: PartialDate) -> bool:
        """True if ``when`` may fall inside the period (partial dates count generously)."""
        after_start = self.start is None or when.latest() >= self.start.earliest()
        before_end = self.end is None or when.earliest() <= self.end.latest()
        return after_start and before_end
