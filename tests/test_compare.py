"""Comparison across regions: honest figures, Markdown and CSV, from the API and the CLI."""

from __future__ import annotations

import csv
import io
from fractions import Fraction

import pytest

import kultursamverkan
from kultursamverkan import cli
from kultursamverkan.cadence import Rate
from kultursamverkan.compare import compare, format_total, to_csv, to_markdown

from .conftest import EXAMPLES, REGIONS, load_region


def load_all() -> list[kultursamverkan.Structure]:
    return [load_region(r) for r in REGIONS]


def section(comparison, index: int) -> dict[str, tuple[str, ...]]:
    return dict(comparison.sections[index].rows)


def test_halland_meetings_per_year_per_tier() -> None:
    structures = load_all()
    halland = REGIONS.index("halland")
    for lang, political, strategic, tactical in (
        ("en", "Political level", "Strategic level", "Tactical level"),
        ("sv", "Politisk nivå", "Strategisk nivå", "Taktisk nivå"),
    ):
        meetings = section(compare(structures, lang), 2)
        assert meetings[political][halland] == "2"
        assert meetings[strategic][halland] == "4"
        assert meetings[tactical][halland] == "4"


def test_counts_and_unknowns_are_honest() -> None:
    structures = load_all()
    comparison = compare(structures, "en")
    skane = REGIONS.index("skane")
    halland = REGIONS.index("halland")
    per_tier = section(comparison, 0)
    assert per_tier["All bodies"][halland] == "6"
    meetings = section(comparison, 2)
    # Skåne: annual deliberations (1) plus bodies with no number ("as needed", none given).
    assert meetings["Political level"][skane] == "1 + ?"
    assert meetings["Operational level"][halland] == "?"
    assert meetings["Strategic level"][skane] == "\u2013"
    participants = section(comparison, 3)
    assert participants["Heads of libraries"][halland] == "\u2713"
    scopes = section(comparison, 4)
    assert scopes["Sub-regional"][skane] == "\u2713"


@pytest.mark.parametrize(
    ("rates", "expected"),
    [
        ([], "\u2013"),
        ([Rate(low=Fraction(2), high=Fraction(2))], "2"),
        ([Rate(low=Fraction(3), high=Fraction(4)), Rate(low=Fraction(1), high=Fraction(1))], "4\u20135"),
        ([Rate(low=Fraction(1), high=None)], "\u2265 1"),
        ([Rate(), Rate()], "?"),
        ([Rate(low=Fraction(1, 4), high=Fraction(1, 4)), Rate()], "0.25 + ?"),
    ],
)
def test_format_total(rates: list[Rate], expected: str) -> None:
    assert format_total(rates, "en") == expected


def test_swedish_decimals_use_a_comma() -> None:
    assert format_total([Rate(low=Fraction(1, 2), high=Fraction(1, 2))], "sv") == "0,5"


def test_markdown_and_csv_have_a_column_per_region() -> None:
    comparison = compare(load_all(), "sv")
    markdown = to_markdown(comparison)
    assert markdown.startswith("## ")
    header = next(line for line in markdown.splitlines() if line.startswith("| |"))
    assert header.count("|") == len(REGIONS) + 2
    rows = list(csv.reader(io.StringIO(to_csv(comparison))))
    assert rows[0][2:] == list(comparison.regions)
    assert all(len(row) == len(REGIONS) + 2 for row in rows)


def test_cli_compare(capsys) -> None:
    files = [str(EXAMPLES / f"{r}.yaml") for r in REGIONS]
    load_all()
    assert cli.main(["compare", *files, "--lang", "en", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith(",,Region Norrbotten")
    assert cli.main(["compare", *files, "--lang", "sv"]) == 0
    assert "| Politisk nivå |" in capsys.readouterr().out


def test_cli_compare_reports_bad_files(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [\n", encoding="utf-8")
    assert cli.main(["compare", str(bad)]) == 1
    assert "bad.yaml" in capsys.readouterr().err


def test_dated_meetings_are_never_added_to_the_cadence() -> None:
    import attrs

    from kultursamverkan.model import Meeting
    from kultursamverkan.values import PartialDate

    halland = load_region("halland")
    body = next(b for b in halland.bodies if b.cadence is not None and b.cadence.meetings_per_year().known)
    dated = attrs.evolve(body, meetings=tuple(Meeting(date=PartialDate.parse(f"2026-0{m}-10")) for m in (2, 5, 9)))
    with_meetings = attrs.evolve(halland, bodies=tuple(dated if b is body else b for b in halland.bodies))
    assert compare([with_meetings], "en") == compare([halland], "en")


def test_csv_cells_never_run_as_formulas() -> None:
    """A region name an editor typed as a formula reaches a spreadsheet as text (CSV injection)."""
    from kultursamverkan.compare import Comparison, Section

    hostile = ('=HYPERLINK("http://example.invalid")', "+1+2", "@SUM(A1)", "-3+cmd")
    comparison = Comparison(
        regions=hostile,
        sections=(Section("=Möten", (("-Antal", ("-1", "2,5", "=1+1", "fyra")),)),),
    )
    rows = list(csv.reader(io.StringIO(to_csv(comparison))))
    assert rows[0][2:] == ["'" + name for name in hostile]
    assert rows[1] == ["'=Möten", "'-Antal", "-1", "2,5", "'=1+1", "fyra"]
