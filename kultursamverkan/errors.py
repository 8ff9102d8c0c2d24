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
    "str": Term("value_kind", _p("value_kind", "a text")),
    "int": Term("value_kind", _p("value_kind", "a whole number")),
    "float": Term("value_kind", _p("value_kind", "a number")),
    "bool": Term("value_kind", _p("value_kind", "yes or no (true or false)")),
    "list": Term("value_kind", _p("value_kind", "a list")),
    "dict": Term("value_kind", _p("value_kind", "a group of fields (field: value)")),
    "NoneType": Term("value_kind", _p("value_kind", "an empty value")),
    "date": Term("value_kind", _p("value_kind", "a date")),
    "datetime": Term("value_kind", _p("value_kind", "a date and time")),
    "time": Term("value_kind", _p("value_kind", "a time")),
    "id": Term("value_kind", _p("value_kind", "an id (lowercase a–z, digits and hyphens)")),
    "date_string": Term(
        "value_kind", _p("value_kind", 'a date in quotes, e.g. "2024-05-01" (YYYY, YYYY-MM or YYYY-MM-DD)')
    ),
    "cadence": Term("value_kind", _p("value_kind", "a meeting frequency with a kind")),
}


def _hint(message: str) -> Term:
    return Term("yaml_hint", message)


_INDENTATION = _hint(
    _p(
        "yaml_hint",
        "the indentation does not match the lines above: the fields of one item start in the same column, "
        'and each list item starts with "- "',
    )
)

#: What a YAML parser's complaint usually means, by a fragment of its words; the first match wins.
YAML_HINTS: tuple[tuple[str, Term], ...] = (
    (
        "mapping values are not allowed",
        _hint(
            _p(
                "yaml_hint",
                'a colon and a space (": ") start a new field here; '
                'if they belong to the text, put the whole value in quotes, e.g. name: "Kultur: och mer"',
            )
        ),
    ),
    (
        "flow mapping",
        _hint(
            _p(
                "yaml_hint",
                "inside { } a comma separates the fields; "
                'if a value contains ", " or ": ", put it in quotes, e.g. {sv: "Region, Halland"}, and close with }',
            )
        ),
    ),
    (
        "flow sequence",
        _hint(
            _p(
                "yaml_hint",
                "inside [ ] a comma separates the items; "
                'if an item contains ", ", put it in quotes, and close the list with ]',
            )
        ),
    ),
    ("flow node", _hint(_p("yaml_hint", "a [ or { is opened but not closed"))),
    ("quoted scalar", _hint(_p("yaml_hint", "a quotation mark is opened but not closed"))),
    (
        "cannot start any token",
        _hint(
            _p(
                "yaml_hint",
                "a line or value cannot begin with this character (a tab, @, ` or %): "
                "indent with spaces only, and put such a value in quotes",
            )
        ),
    ),
    (
        "sequence entries are not allowed",
        _hint(
            _p(
                "yaml_hint",
                'a dash and a space ("- ") start a list item only at the beginning of a line; '
                "if the dash belongs to the text, put the value in quotes",
            )
        ),
    ),
    (
        "could not find expected ':'",
        _hint(
            _p(
                "yaml_hint",
                'a field name must be followed by a colon and a space ("name: value"), '
                "or a quotation mark is not closed",
            )
        ),
    ),
    ("expected key", _INDENTATION),
    ("expected '-'", _INDENTATION),
    ("<block end>", _INDENTATION),
)
#: The hint when the parser's words match none of the above.
YAML_HINT = _hint(_p("yaml_hint", "check the quotation marks, colons and indentation on this line and the one before"))


def _json_hint(message: str) -> Term:
    return Term("json_hint", message)


#: What the JSON parser's complaint means, by the start of its words; the last is the fallback.
JSON_HINTS: tuple[tuple[str, Term], ...] = (
    (
        "Expecting value",
        _json_hint(_p("json_hint", "a value is missing here, or there is a comma too many before } or ]")),
    ),
    ("Expecting ',' delimiter", _json_hint(_p("json_hint", "a comma is missing between two entries"))),
    ("Expecting ':' delimiter", _json_hint(_p("json_hint", "a colon is missing after a field name"))),
    (
        "Expecting property name",
        _json_hint(_p("json_hint", "field names must be in double quotes, and no comma may follow the last entry")),
    ),
    ("Unterminated string", _json_hint(_p("json_hint", "a quotation mark is opened but not closed"))),
    (
        "Invalid control character",
        _json_hint(_p("json_hint", "a text holds a line break or a tab; write it as \\n or \\t")),
    ),
    ("Extra data", _json_hint(_p("json_hint", "there is more after the end of the data; a file holds one structure"))),
    ("Invalid \\", _json_hint(_p("json_hint", "a backslash must be written twice (\\\\)"))),
    ("NaN", _json_hint(_p("json_hint", "NaN and Infinity are not numbers a structure file can hold"))),
    ("Infinity", _json_hint(_p("json_hint", "NaN and Infinity are not numbers a structure file can hold"))),
    ("-Infinity", _json_hint(_p("json_hint", "NaN and Infinity are not numbers a structure file can hold"))),
    ("", _json_hint(_p("json_hint", "check the quotation marks, commas and brackets on this line"))),
)


def _toml_hint(message: str) -> Term:
    return Term("toml_hint", message)


#: What the TOML parser's complaint means, by the start of its words; the last is the fallback.
TOML_HINTS: tuple[tuple[str, Term], ...] = (
    (
        "Invalid value",
        _toml_hint(_p("toml_hint", 'the value cannot be read: put text in double quotes, e.g. name = "Kultur"')),
    ),
    ("Expected '=' after a key", _toml_hint(_p("toml_hint", "an equals sign (=) is missing after the field name"))),
    ("Unterminated string", _toml_hint(_p("toml_hint", "a quotation mark is opened but not closed"))),
    ("Cannot overwrite a value", _toml_hint(_p("toml_hint", "a field is given twice"))),
    ("Cannot declare", _toml_hint(_p("toml_hint", "a table is given twice"))),
    ("Unclosed array", _toml_hint(_p("toml_hint", "a [ is opened but not closed"))),
    ("Unclosed inline table", _toml_hint(_p("toml_hint", "a { is opened but not closed"))),
    ("Expected newline", _toml_hint(_p("toml_hint", "each field needs a line of its own"))),
    ("", _toml_hint(_p("toml_hint", "check the quotation marks, equals signs and brackets on this line"))),
)


def syntax_hint(hints: tuple[tuple[str, Term], ...], detail: str) -> Term:
    """The hint for a parser's words: the first whose fragment starts them, else the fallback (last)."""
    return next(term for fragment, term in hints if detail.startswith(fragment))


#: Every problem the library reports, by code. ``{detail}`` carries a parser's own words.
MESSAGES: dict[str, str] = {
    # reading files
    "too_large": _p("problem", "the file is larger than {limit} bytes"),
    "not_utf8": _p("problem", "the file is not saved as UTF-8 (byte {byte}); save it as UTF-8 in your editor"),
    "nul_bytes": _p("problem", "the file contains NUL characters; it is not a text file"),
    "too_deep": _p("problem", "the file is nested too deeply: too many levels of indentation or brackets"),
    "syntax": _p("problem", "the file does not follow the rules of {format}: {detail}"),
    "yaml_syntax": _p("problem", "the YAML cannot be read at column {column}: {hint}"),
    "anchors": _p(
        "problem", "anchors and aliases (&, *) are not used in structure files; write the value out in each place"
    ),
    "tags": _p("problem", "tags such as {tag} are not used in structure files; remove the tag"),
    "multiple_documents": _p("problem", "a file holds one structure (one YAML document); remove the --- line"),
    "duplicate_key": _p("problem", "the field {key} appears twice ({format})"),
    "key_type": _p("problem", "field names must be text, but here is {got}"),
    "top_level": _p("problem", "the file should consist of fields such as id: and name:, but here is {got}"),
    # shapes and types
    "missing_key": _p("problem", "this must be filled in"),
    "unknown_key": _p(
        "problem", "there is no such field; check the spelling and the indentation. The fields here are: {allowed}"
    ),
    "unknown_key_suggest": _p(
        "problem", "there is no such field; did you mean '{close}'? The fields here are: {allowed}"
    ),
    "wrong_type": _p("problem", "should be {expected}, but here is {got}"),
    "not_one_of": _p("problem", "should be one of: {allowed}; here is {got}"),
    "not_one_of_suggest": _p("problem", "should be one of: {allowed}; here is {got}. Did you mean '{close}'?"),
    "cadence_kind": _p("problem", "the meeting frequency needs a kind, one of: {allowed}; here is {got}"),
    "cadence_kind_suggest": _p(
        "problem", "the meeting frequency needs a kind, one of: {allowed}; here is {got}. Did you mean '{close}'?"
    ),
    "no_cadence_kind": _p("problem", "the meeting frequency needs a kind, one of: {allowed}; the kind is missing"),
    # values
    "invalid_id": _p(
        "problem", "{value} is not a valid id: use lowercase a–z, digits and single hyphens, e.g. 'strategiskt-natverk'"
    ),
    "repeated_id": _p("problem", "an id is listed twice"),
    "repeated_value": _p("problem", "a value is listed twice"),
    "date_format": _p(
        "problem",
        "{value} is not a date: write YYYY, YYYY-MM, YYYY-MM-DD, a season (2021-spring), a split year (2023/24), "
        "or any of them after ~ when approximate",
    ),
    "date_split": _p("problem", "{value} is not a split year: the second year must follow the first, as in 2023/24"),
    "date_month": _p("problem", "{value} is not a date: month {month} is not 1–12"),
    "date_day": _p("problem", "{value} is not a date: day {day} is not 1–{last}"),
    "not_positive": _p("problem", "must be 1 or more, not {value}"),
    "month": _p("problem", "month {month} is not in 1–12"),
    "months_order": _p("problem", "months must be given once each, in calendar order"),
    "seasons_order": _p("problem", "seasons must be given once each, in the order spring, summer, autumn, winter"),
    "range_order": _p("problem", "the highest number ({max}) must be greater than the lowest ({min})"),
    "no_dates": _p("problem", "give at least one date"),
    "repeated_date": _p("problem", "a date is given twice"),
    "text_missing": _p("problem", "write the text in Swedish or English (sv or en)"),
    "text_blank": _p("problem", "the text must not be blank"),
    "name_blank": _p("problem", "the name must not be blank"),
    "period_empty": _p("problem", "a period needs a start or an end"),
    "period_reversed": _p("problem", "the period ends ({end}) before it starts ({start})"),
    "event_reversed": _p("problem", "the event ends ({end}) before it starts ({start})"),
    "representation_reversed": _p("problem", "the representation ends ({end}) before it starts ({start})"),
    "dissolved_before_established": _p("problem", "dissolved ({dissolved}) before established ({established})"),
    "county_code": _p("problem", "{value} is not a county code: write two digits, e.g. '01' or '13'"),
    "party": _p("problem", "{value} is not a party abbreviation such as S, M, C, L, KD, V, MP or SD"),
    "negative": _p("problem", "must be 0 or more, not {value}"),
    "one_of": _p("problem", "give exactly one of: {fields}"),
    "empty": _p("problem", "give at least one of: {fields}"),
    "provenance_empty": _p("problem", "provenance needs an as_of date or at least one source"),
    "identifiers_empty": _p("problem", "give at least one identifier"),
    "decision_empty": _p("problem", "a decision needs at least who took it, when, or its diary number"),
    "seats_empty": _p("problem", "give a number of seats or of substitutes"),
    "represents_empty": _p("problem", "say what the members represent"),
    "rotation_parties": _p("problem", "a rotation needs at least two parties"),
    "evaluation_empty": _p("problem", "an evaluation needs a date, who made it, an address or a summary"),
    "change_empty": _p("problem", "a change needs what changed or a description"),
    "municipality_code": _p("problem", "{value} is not a municipality code: write SCB's four digits, e.g. '1880'"),
    "organisation_number": _p("problem", "{value} is not an organisation number: write NNNNNN-NNNN"),
    "wikidata": _p("problem", "{value} is not a Wikidata id: write Q and digits, e.g. 'Q104231'"),
    "diary_number": _p("problem", "{value} is not a diary number: it must not be blank or start or end with spaces"),
    "time_of_day": _p("problem", "{value} is not a time of day: write HH:MM or HH:MM–HH:MM"),
    "format_version": _p("problem", "the file is in format version {value}; this program reads version {supported}"),
    # across objects
    "duplicate_id": _p("problem", "the id {id} is used already, at {first}; give this one an id of its own"),
    "dangling_reference": _p("problem", "there is nothing with the id {target} in this structure; check the id"),
    "wrong_reference": _p("problem", "{target} must refer to {expected}, not {found}"),
    "unknown_field": _p("problem", "{field} is not a field here; the fields here are: {allowed}"),
    "unknown_field_suggest": _p(
        "problem", "{field} is not a field here; did you mean '{close}'? The fields here are: {allowed}"
    ),
    "part_of_cycle": _p("problem", "“Part of” goes round in a circle: {chain}"),
    "outside_lifetime": _p("problem", "{key} {when} lies outside the time {body} existed ({start}–{end})"),
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
