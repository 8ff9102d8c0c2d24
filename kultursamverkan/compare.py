"""Comparing regions: what bodies they have, how often their tiers meet, who takes part, where.

``compare(structures, lang)`` gives a ``Comparison``: sections of rows with one
cell per region. Numbers are honest about what the sources leave open:

* meetings per year add up each body's ``meetings_per_year()`` (times its
  ``instances``: four sub-regional deliberations held yearly are four meetings);
* a range stays a range ("3–4"), a lower bound shows as "≥ 1";
* bodies whose rate is not known ("as needed", "regularly", no cadence given)
  add "+ ?" rather than being silently counted as zero;
* dissolved bodies are left out: the comparison is of what exists as of each file.

Also registers the ``compare`` subcommand (Markdown or CSV, Swedish or English).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections.abc import Sequence
from fractions import Fraction

from attrs import frozen

from .cadence import Rate
from .cli import command, print_problems
from .errors import ValidationError
from .model import Body, Structure
from .vocab import BodyKind, BodyStatus, ParticipantCategory, Scope, Tier

YES = "\u2713"
NO = "\u2013"
UNKNOWN = "?"


def _p(context: str, message: str) -> tuple[str, str]:
    """Mark a message for extraction (keyword ``_p:1c,2``, as in ``phrases``)."""
    return context, message


BODIES_PER_TIER = _p("export", "Bodies per tier")
BODIES_PER_KIND = _p("export", "Bodies per kind")
MEETINGS_PER_TIER = _p("export", "Meetings per year per tier")
PARTICIPANTS = _p("export", "Participant categories in bodies")
SCOPES = _p("export", "Scopes covered")
ALL_BODIES = _p("export", "all bodies")
WITHOUT_TIER = _p("export", "without tier")
MEETINGS_NOTE = _p(
    "export",
    "“?”: some bodies meet with no number given (as needed, regularly, ongoing or not stated). "
    "“≥”: at least. “3–4”: between.",
)


@frozen
class Section:
    title: str
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    note: str | None = None


@frozen
class Comparison:
    regions: tuple[str, ...]
    sections: tuple[Section, ...]


def _t(lang: str, message: tuple[str, str]) -> str:
    from . import i18n

    return i18n.pgettext(lang, *message)


def _active(structure: Structure) -> list[Body]:
    return [b for b in structure.bodies if b.status is not BodyStatus.DISSOLVED]


def _number(value: Fraction, lang: str) -> str:
    from babel.numbers import format_decimal

    from . import i18n

    if value.denominator == 1:
        return str(value.numerator)
    return format_decimal(round(float(value), 2), locale=i18n.locale(lang))


def body_rate(body: Body) -> Rate:
    """Meetings a year of one body, all its instances together."""
    if body.cadence is None:
        return Rate()
    rate = body.cadence.meetings_per_year()
    k = body.instances or 1
    return Rate(
        low=None if rate.low is None else rate.low * k,
        high=None if rate.high is None else rate.high * k,
    )


def format_total(rates: Sequence[Rate], lang: str) -> str:
    """Sum of rates, shown honestly: "4", "3–4", "≥ 1", "2 + ?", "?"; empty for no bodies."""
    if not rates:
        return NO
    known = [r for r in rates if r.known]
    unknown = len(rates) - len(known)
    if not known:
        return UNKNOWN
    low: Fraction = Fraction(0)
    high: Fraction | None = Fraction(0)
    for rate in known:
        low += rate.low or 0
        high = None if high is None or rate.high is None else high + rate.high
    if high is None:
        text = f"\u2265 {_number(low, lang)}"
    elif high == low:
        text = _number(low, lang)
    else:
        text = f"{_number(low, lang)}\u2013{_number(high, lang)}"
    return f"{text} + {UNKNOWN}" if unknown else text


def compare(structures: Sequence[Structure], lang: str = "sv") -> Comparison:
    """The comparison table of ``structures``, one column each, in ``lang``."""
    from . import i18n, phrases

    lang = i18n.normalize_lang(lang)
    names = tuple(phrases.localized(s.region.name, lang)[0] for s in structures)
    bodies = [_active(s) for s in structures]
    tiers: list[Tier | None] = [t for t in Tier if any(b.tier is t for bs in bodies for b in bs)]
    if any(b.tier is None for bs in bodies for b in bs):
        tiers.append(None)

    def tier_label(tier: Tier | None) -> str:
        return phrases.capitalize(i18n.label(tier, lang) if tier else _t(lang, WITHOUT_TIER))

    per_tier = [(tier_label(t), tuple(str(sum(b.tier is t for b in bs)) for bs in bodies)) for t in tiers]
    per_tier.append((phrases.capitalize(_t(lang, ALL_BODIES)), tuple(str(len(bs)) for bs in bodies)))
    kinds = [k for k in BodyKind if any(b.kind is k for bs in bodies for b in bs)]
    per_kind = [
        (phrases.capitalize(i18n.label(k, lang)), tuple(str(sum(b.kind is k for b in bs)) for bs in bodies))
        for k in kinds
    ]
    meetings = [
        (tier_label(t), tuple(format_total([body_rate(b) for b in bs if b.tier is t], lang) for bs in bodies))
        for t in tiers
    ]
    taking_part = [{c for b in bs for c in b.participants} for bs in bodies]
    categories = [c for c in ParticipantCategory if any(c in found for found in taking_part)]
    participants = [
        (phrases.capitalize(i18n.label(c, lang)), tuple(YES if c in found else NO for found in taking_part))
        for c in categories
    ]
    covered = [
        {b.scope for b in bs if b.scope} | {c.scope for c in s.collaborations}
        for s, bs in zip(structures, bodies, strict=False)
    ]
    scopes = [
        (phrases.capitalize(i18n.label(sc, lang)), tuple(YES if sc in found else NO for found in covered))
        for sc in Scope
    ]
    return Comparison(
        regions=names,
        sections=(
            Section(_t(lang, BODIES_PER_TIER), tuple(per_tier)),
            Section(_t(lang, BODIES_PER_KIND), tuple(per_kind)),
            Section(_t(lang, MEETINGS_PER_TIER), tuple(meetings), _t(lang, MEETINGS_NOTE)),
            Section(_t(lang, PARTICIPANTS), tuple(participants)),
            Section(_t(lang, SCOPES), tuple(scopes)),
        ),
    )


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(comparison: Comparison) -> str:
    out: list[str] = []
    for section in comparison.sections:
        out.append(f"## {_md_cell(section.title)}\n")
        out.append("| | " + " | ".join(_md_cell(r) for r in comparison.regions) + " |")
        out.append("|---|" + "---:|" * len(comparison.regions))
        for label, cells in section.rows:
            out.append(f"| {_md_cell(label)} | " + " | ".join(_md_cell(c) for c in cells) + " |")
        if section.note:
            out.append(f"\n{_md_cell(section.note)}")
        out.append("")
    return "\n".join(out)


#: What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula (a name an editor typed as
    ``=HYPERLINK(…)``, say) gets a leading apostrophe; numbers such as ``-1`` or ``2,5`` stay numbers."""
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def to_csv(comparison: Comparison) -> str:
    """One row per measure: section, measure, then one column per region; no cell runs as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["", "", *(_csv_cell(r) for r in comparison.regions)])
    for section in comparison.sections:
        for label, cells in section.rows:
            writer.writerow([_csv_cell(section.title), _csv_cell(label), *(_csv_cell(c) for c in cells)])
    return buffer.getvalue()


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="structure files (.yaml, .yml, .json, .toml)")
    parser.add_argument("--lang", default="sv", help="language of labels: sv or en (default sv)")
    parser.add_argument("--format", choices=("markdown", "csv"), default="markdown", help="default markdown")


@command("compare", "compare regions: bodies per tier and kind, meetings a year, participants, scopes", _arguments)
def _compare_command(args: argparse.Namespace) -> int:
    from .io import load

    structures = []
    failed = False
    for name in args.files:
        try:
            structures.append(load(name))
        except ValidationError as error:
            print_problems(error, name, sys.stderr)
            failed = True
        except (OSError, ValueError) as error:
            print(f"{name}: {error}", file=sys.stderr)
            failed = True
    if failed:
        return 1
    comparison = compare(structures, args.lang)
    sys.stdout.write(to_markdown(comparison) if args.format == "markdown" else to_csv(comparison))
    return 0
