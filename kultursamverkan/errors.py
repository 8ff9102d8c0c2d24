"""The one exception users catch: ``ValidationError``, listing every located problem.

Each problem has a ``code`` and ``params`` besides its English ``message``, so a
user interface can say it in the reader's language
(``kultursamverkan.i18n.problem_message(problem, "sv")``). The templates below
are the catalog's msgids (context ``problem``); words inside them that must be
translated too travel as ``Term`` values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
from attrs import frozen

PathPart = str | int
Path = tuple[PathPart, ...]


def _p(context: str, message: str) -> str:
    """Mark a message for extraction (keyword ``_p:1c,2``); translated at render time."""
    return message


@frozen
class Term:
    """A word inside a problem message that is translated with it, e.g. "a string"."""

    context: str
    msgid: str

    def __str__(self) -> str:
        return self.msgid


#: How a value in a file is named in messages ("expected a string, got an integer (3)").
KINDS: dict[str, Term] = {
    "str": Term("value_kind", _p("value_kind", "a string")),
    "int": Term("value_kind", _p("value_kind", "an integer")),
    "float": Term("value_kind", _p("value_kind", "a number")),
    "bool": Term("value_kind", _p("value_kind", "true or false")),
    "list": Term("value_kind", _p("value_kind", "a list")),
    "dict": Term("value_kind", _p("value_kind", "a mapping")),
    "NoneType": Term("value_kind", _p("value_kind", "null")),
    "date": Term("value_kind", _p("value_kind", "a date")),
    "datetime": Term("value_kind", _p("value_kind", "a date and time")),
    "time": Term("value_kind", _p("value_kind", "a time")),
    "id": Term("value_kind", _p("value_kind", "an id string")),
    "date_string": Term("value_kind", _p("value_kind", "a date written as a string (YYYY, YYYY-MM or YYYY-MM-DD)")),
    "cadence": Term("value_kind", _p("value_kind", "a cadence mapping with a 'kind' key")),
}

#: Every problem the library reports, by code. ``{detail}`` carries a parser's own words.
MESSAGES: dict[str, str] = {
    # reading files
    "too_large": _p("problem", "the input is larger than {limit} bytes"),
    "not_utf8": _p("problem", "not valid UTF-8 (byte {byte})"),
    "nul_bytes": _p("problem", "the input contains NUL bytes; it is not a text file"),
    "too_deep": _p("problem", "the input is nested too deeply"),
    "syntax": _p("problem", "not valid {format}: {detail}"),
    "anchors": _p("problem", "not valid YAML: anchors and aliases (&, *) are not allowed"),
    "tags": _p("problem", "not valid YAML: tags such as {tag} are not allowed"),
    "multiple_documents": _p("problem", "not valid YAML: only one YAML document is allowed"),
    "duplicate_key": _p("problem", "not valid {format}: duplicate key {key}"),
    "key_type": _p("problem", "not valid YAML: keys must be strings, got {got}"),
    "top_level": _p("problem", "the top level must be a mapping, got {got}"),
    # shapes and types
    "missing_key": _p("problem", "required key is missing"),
    "unknown_key": _p("problem", "unknown key"),
    "wrong_type": _p("problem", "expected {expected}, got {got}"),
    "not_one_of": _p("problem", "expected one of: {allowed}; got {got}"),
    "cadence_kind": _p("problem", "a cadence needs 'kind', one of: {allowed}; got {got}"),
    "no_cadence_kind": _p("problem", "a cadence needs 'kind', one of: {allowed}; got no 'kind'"),
    # values
    "invalid_id": _p(
        "problem", "{value} is not a valid id: use lowercase a–z, digits and single hyphens, e.g. 'strategiskt-natverk'"
    ),
    "repeated_id": _p("problem", "an id is listed twice"),
    "repeated_value": _p("problem", "a value is listed twice"),
    "date_format": _p("problem", "{value} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
    "date_month": _p("problem", "{value} is not a date: month {month} is not 1–12"),
    "date_day": _p("problem", "{value} is not a date: day {day} is not 1–{last}"),
    "not_positive": _p("problem", "must be 1 or more, not {value}"),
    "month": _p("problem", "month {month} is not in 1–12"),
    "months_order": _p("problem", "months must be given once each, in calendar order"),
    "range_order": _p("problem", "max ({max}) must be greater than min ({min})"),
    "no_dates": _p("problem", "give at least one date"),
    "repeated_date": _p("problem", "a date is given twice"),
    "text_missing": _p("problem", "localised text needs at least one of 'sv' and 'en'"),
    "text_blank": _p("problem", "localised text must not be blank"),
    "name_blank": _p("problem", "the name must not be blank"),
    "period_empty": _p("problem", "a period needs a start or an end"),
    "period_reversed": _p("problem", "the period ends ({end}) before it starts ({start})"),
    "event_reversed": _p("problem", "the event ends ({end}) before it starts ({start})"),
    "representation_reversed": _p("problem", "the representation ends ({end}) before it starts ({start})"),
    "dissolved_before_established": _p("problem", "dissolved ({dissolved}) before established ({established})"),
    "county_code": _p("problem", "{value} is not a county code: write two digits, e.g. '01' or '13'"),
    "party": _p("problem", "{value} is not a party abbreviation such as S, M, C, L, KD, V, MP or SD"),
    "format_version": _p("problem", "format_version {value} is not supported; this library reads version {supported}"),
    # across objects
    "duplicate_id": _p("problem", "duplicate id {id}, already used at {first}"),
    "dangling_reference": _p("problem", "{target} does not refer to anything in this structure"),
    "wrong_reference": _p("problem", "{target} must refer to {expected}, not {found}"),
    "part_of_cycle": _p("problem", "'part_of' forms a cycle: {chain}"),
    "outside_lifetime": _p("problem", "{key} {when} lies outside the life of {body} ({start}–{end})"),
    # anything else, in the words of whatever raised it
    "invalid": _p("problem", "{detail}"),
}

Translate = Callable[[str, str], str]


def _untranslated(_context: str, message: str) -> str:
    return message


@frozen
class Got:
    """What a file held instead: its kind, and the value itself when short ("an integer (3)")."""

    kind: Term
    shown: str | None = None

    def __str__(self) -> str:
        return format_message("invalid", {"detail": self})


@frozen
class AnyOf:
    """Several kinds of thing, joined with "or" in the reader's language."""

    terms: tuple[Term, ...]


def _param(value: Any, translate: Translate) -> Any:
    if isinstance(value, Term):
        return translate(value.context, value.msgid)
    if isinstance(value, Got):
        kind = translate(value.kind.context, value.kind.msgid)
        return kind if value.shown is None else f"{kind} ({value.shown})"
    if isinstance(value, AnyOf):
        return translate("problem", _p("problem", " or ")).join(_param(t, translate) for t in value.terms)
    return value


def format_message(code: str, params: Mapping[str, Any], translate: Translate = _untranslated) -> str:
    """Fill the template for ``code``; the template and any ``Term`` go through ``translate``."""
    values = {key: _param(value, translate) for key, value in params.items()}
    return translate("problem", MESSAGES[code]).format(**values)


class Rule(ValueError):
    """A broken rule, raised by the model's validators and the converter: a code and its parameters."""

    def __init__(self, code: str, *, field: str | None = None, **params: Any) -> None:
        if code not in MESSAGES:  # pragma: no cover - a programming error
            raise KeyError(code)
        self.code = code
        self.params = params
        #: The attribute a field validator checked, so the problem's path can name it.
        self.field = field
        super().__init__(format_message(code, params))


def got(value: object) -> Got:
    """The ``got`` parameter for a value found in a file."""
    name = type(value).__name__
    kind = KINDS.get(name, Term("value_kind", name))
    shown: str | None = None
    if isinstance(value, bool):
        shown = "true" if value else "false"
    elif isinstance(value, (str, int, float)) or name in ("date", "datetime", "time"):
        shown = value.isoformat() if hasattr(value, "isoformat") else repr(value)
        if len(shown) > 40:
            shown = shown[:37] + "…"
    return Got(kind, shown)


def format_path(path: Sequence[PathPart]) -> str:
    """``("bodies", 2, "cadence", "per")`` → ``$.bodies[2].cadence.per``."""
    out = ["$"]
    for part in path:
        out.append(f"[{part}]" if isinstance(part, int) else f".{part}")
    return "".join(out)


@frozen(kw_only=True)
class Problem:
    """One thing wrong with the input, and where: a JSONPath-like ``path`` and, for YAML, a line.

    ``message`` is English; ``code`` and ``params`` let ``i18n.problem_message`` say it
    in another language.
    """

    path: tuple[PathPart, ...]
    code: str = "invalid"
    params: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    line: int | None = None
    file: str | None = None

    @classmethod
    def of(cls, path: tuple[PathPart, ...], code: str, **params: Any) -> Problem:
        return cls(path=path, code=code, params=params)

    @property
    def message(self) -> str:
        return format_message(self.code, self.params)

    def at(self, *, line: int | None = None, file: str | None = None) -> Problem:
        return attrs.evolve(self, line=line if line is not None else self.line, file=file or self.file)

    @property
    def location(self) -> str:
        where = format_path(self.path)
        if self.line is not None:
            where = f"line {self.line}, {where}"
        return f"{self.file}: {where}" if self.file else where

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class ValidationError(ValueError):
    """Raised for any input that is not a valid structure; ``problems`` lists them all."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        return head + ":\n" + "\n".join(f"  {p}" for p in self.problems)
