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

#: Languages the data carries text in. Swedish first: it is the sources' language.
LANGUAGES: tuple[str, ...] = ("sv", "en")


@frozen(kw_only=True)
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


_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits only: int() reads "٢" too


@frozen(kw_only=True, order=False)
class PartialDate:
    """A date known to the year, the month or the day; written ``2017``, ``2017-05`` or ``2017-05-15``."""

    year: int = attrs.field(validator=attrs.validators.and_(attrs.validators.ge(1000), attrs.validators.le(9999)))
    month: int | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.and_(attrs.validators.ge(1), attrs.validators.le(12))),
    )
    day: int | None = attrs.field(default=None)

    @day.validator
    def _check_day(self, _attribute: attrs.Attribute, value: int | None) -> None:
        if value is None:
            return
        if self.month is None:
            raise Rule("date_format", value=repr(f"{self.year}-??-{value:02d}"))
        last = calendar.monthrange(self.year, self.month)[1]
        if not 1 <= value <= last:
            raise Rule("date_day", value=repr(f"{self.year}-{self.month:02d}-{value:02d}"), day=value, last=last)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; results are shared, the class being frozen."""
        return _parse_partial_date(text)

    @classmethod
    def _parse(cls, text: str) -> PartialDate:
        match = _PARTIAL_DATE.fullmatch(text)
        if match is None:
            raise Rule("date_format", value=repr(text))
        year, month, day = (int(g) if g else None for g in match.groups())
        if month is not None and not 1 <= month <= 12:
            raise Rule("date_month", value=repr(text), month=month)
        if day is not None:
            last = calendar.monthrange(year, month)[1]  # type: ignore[arg-type]
            if not 1 <= day <= last:
                raise Rule("date_day", value=repr(text), day=day, last=last)
        return cls(year=year, month=month, day=day)  # type: ignore[arg-type]

    @classmethod
    def from_date(cls, value: _dt.date) -> PartialDate:
        return cls(year=value.year, month=value.month, day=value.day)

    @property
    def precision(self) -> str:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    def isoformat(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def earliest(self) -> _dt.date:
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> _dt.date:
        month = self.month or 12
        return _dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def as_date(self) -> _dt.date | None:
        """The exact date, or None when only the year or month is known."""
        return self.earliest() if self.day is not None else None

    def __str__(self) -> str:
        return self.isoformat()


@functools.lru_cache(maxsize=4096)
def _parse_partial_date(text: str) -> PartialDate:
    return PartialDate._parse(text)


@frozen(kw_only=True)
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
