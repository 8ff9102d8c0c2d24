"""How often a body meets: a first-class value, not a free-text phrase.

Real sources say "två gånger per år", "3–4 gånger per år", "cirka fyra gånger",
"minst en gång per år", "årligen", "varannan månad", "vid behov", "löpande", or
give dates. Each form is its own small class; ``Cadence`` is their union. In files
a cadence is a mapping whose ``kind`` key names the form.

``meetings_per_year()`` answers what a cadence implies for a year: an exact
number, a range, a lower bound, or unknown. Numbers are ``Fraction`` so that
"every fourth year" stays exactly 1/4.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from typing import ClassVar, Union

import attrs
from attrs import frozen

from .errors import Rule
from .values import PartialDate
from .vocab import Phase, Qualifier, Season, TimeUnit

#: How many of each unit fit in a year.
UNITS_PER_YEAR: dict[TimeUnit, int] = {
    TimeUnit.WEEK: 52,
    TimeUnit.MONTH: 12,
    TimeUnit.QUARTER: 4,
    TimeUnit.TERM: 2,
    TimeUnit.YEAR: 1,
}


def positive(_inst: object, attribute: attrs.Attribute, value: int) -> None:
    """attrs validator: a count of 1 or more."""
    if value < 1:
        raise Rule("not_positive", field=attribute.name, value=value)


def _months(_inst: object, attribute: attrs.Attribute, value: tuple[int, ...]) -> None:
    if not value:  # the default, and by far the most common
        return
    for month in value:
        if not 1 <= month <= 12:
            raise Rule("month", field=attribute.name, month=month)
    if list(value) != sorted(set(value)):
        raise Rule("months_order", field=attribute.name)


_SEASON_ORDER = list(Season)


def _seasons(_inst: object, attribute: attrs.Attribute, value: tuple[Season, ...]) -> None:
    if value and list(value) != sorted(set(value), key=_SEASON_ORDER.index):
        raise Rule("seasons_order", field=attribute.name)


#: ``optional``, which the loader's fast path reads: None is not checked.
_optional_positive = attrs.validators.optional(positive)


@frozen(kw_only=True, weakref_slot=False)
class _Form:
    """What every cadence form may add: how firmly it is stated, and a phase it is tied to."""

    #: "som regel" / "normalt": every rendering and export keeps it.
    qualifier: Qualifier | None = None
    #: Meets only during a recurring phase ("during the dialogue period before each new culture plan").
    during: Phase | None = None


@frozen(kw_only=True, weakref_slot=False)
class Rate:
    """Meetings per year implied by a cadence: ``low``–``high``; None means unknown or unbounded."""

    low: Fraction | None = None
    high: Fraction | None = None

    @property
    def exact(self) -> Fraction | None:
        return self.low if self.low is not None and self.low == self.high else None

    @property
    def known(self) -> bool:
        return self.low is not None or self.high is not None

    def __add__(self, other: Rate) -> Rate:
        low = None if self.low is None or other.low is None else self.low + other.low
        high = None if self.high is None or other.high is None else self.high + other.high
        return Rate(low=low, high=high)


UNKNOWN = Rate()


@frozen(kw_only=True, weakref_slot=False)
class Count(_Form):
    """``times`` meetings per ``per`` ("fyra gånger per år"); ``approximate`` for "cirka"."""

    kind: ClassVar[str] = "count"
    times: int = attrs.field(validator=positive)
    per: TimeUnit = TimeUnit.YEAR
    approximate: bool = False
    months: tuple[int, ...] = attrs.field(default=(), validator=_months)
    #: The seasons the meetings fall in ("en gång på våren och en på hösten").
    seasons: tuple[Season, ...] = attrs.field(default=(), validator=_seasons)

    def meetings_per_year(self) -> Rate:
        n = Fraction(self.times * UNITS_PER_YEAR[self.per])
        return Rate(low=n, high=n)


@frozen(kw_only=True, weakref_slot=False)
class Range(_Form):
    """Between ``min`` and ``max`` meetings per ``per`` ("3–4 gånger per år")."""

    kind: ClassVar[str] = "range"
    min: int = attrs.field(validator=positive)
    max: int = attrs.field(validator=positive)
    per: TimeUnit = TimeUnit.YEAR

    def __attrs_post_init__(self) -> None:
        if self.max <= self.min:
            raise Rule("range_order", min=self.min, max=self.max)

    def meetings_per_year(self) -> Rate:
        k = UNITS_PER_YEAR[self.per]
        return Rate(low=Fraction(self.min * k), high=Fraction(self.max * k))


@frozen(kw_only=True, weakref_slot=False)
class AtLeast(_Form):
    """At least ``times`` meetings per ``per`` ("minst en gång per år")."""

    kind: ClassVar[str] = "at_least"
    times: int = attrs.field(validator=positive)
    per: TimeUnit = TimeUnit.YEAR

    def meetings_per_year(self) -> Rate:
        return Rate(low=Fraction(self.times * UNITS_PER_YEAR[self.per]), high=None)


@frozen(kw_only=True, weakref_slot=False)
class Interval(_Form):
    """Once every ``every`` ``unit`` ("årligen", "varannan månad", "vart fjärde år");
    with ``every_max``, a range of intervals ("vart tredje till fjärde år")."""

    kind: ClassVar[str] = "interval"
    every: int = attrs.field(default=1, validator=positive)
    every_max: int | None = attrs.field(default=None, validator=_optional_positive)
    unit: TimeUnit = TimeUnit.YEAR
    months: tuple[int, ...] = attrs.field(default=(), validator=_months)
    seasons: tuple[Season, ...] = attrs.field(default=(), validator=_seasons)

    def __attrs_post_init__(self) -> None:
        if self.every_max is not None and self.every_max <= self.every:
            raise Rule("range_order", min=self.every, max=self.every_max)

    def meetings_per_year(self) -> Rate:
        high = Fraction(UNITS_PER_YEAR[self.unit], self.every)
        low = high if self.every_max is None else Fraction(UNITS_PER_YEAR[self.unit], self.every_max)
        return Rate(low=low, high=high)


@frozen(kw_only=True, weakref_slot=False)
class AsNeeded(_Form):
    """Meets when there is a need ("vid behov"); implies no number."""

    kind: ClassVar[str] = "as_needed"

    def meetings_per_year(self) -> Rate:
        return UNKNOWN


@frozen(kw_only=True, weakref_slot=False)
class Ongoing(_Form):
    """Work that goes on continuously rather than in meetings ("löpande", "kontinuerligt")."""

    kind: ClassVar[str] = "ongoing"

    def meetings_per_year(self) -> Rate:
        return UNKNOWN


@frozen(kw_only=True, weakref_slot=False)
class Regular(_Form):
    """Meets regularly, with no number given ("regelbundet")."""

    kind: ClassVar[str] = "regular"

    def meetings_per_year(self) -> Rate:
        return UNKNOWN


def _dates(_inst: object, attribute: attrs.Attribute, value: tuple[PartialDate, ...]) -> None:
    if not value:
        raise Rule("no_dates", field=attribute.name)
    isos = [d.isoformat() for d in value]
    if len(set(isos)) != len(isos):
        raise Rule("repeated_date", field=attribute.name)


@frozen(kw_only=True, weakref_slot=False)
class Dates(_Form):
    """Explicit meeting dates (Stockholmstinget: 2019-11-14 and 2020-11-19)."""

    kind: ClassVar[str] = "dates"
    dates: tuple[PartialDate, ...] = attrs.field(validator=_dates)

    def meetings_per_year(self) -> Rate:
        """The fewest and most dates in any calendar year the dates span."""
        per_year = Counter(d.year for d in self.dates)
        years = range(min(per_year), max(per_year) + 1)
        counts = [per_year.get(y, 0) for y in years]
        return Rate(low=Fraction(min(counts)), high=Fraction(max(counts)))


Cadence = Union[Count, Range, AtLeast, Interval, AsNeeded, Ongoing, Regular, Dates]

#: The cadence forms by their ``kind`` tag, in the order documentation lists them.
CADENCE_KINDS: dict[str, type] = {
    cls.kind: cls for cls in (Count, Range, AtLeast, Interval, AsNeeded, Ongoing, Regular, Dates)
}
