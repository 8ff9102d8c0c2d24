"""The export entry point and CLI: every example through every format, determinism, hostile text.

``hostile_structure`` (a fixture used by the format tests too) puts markup, script
terminators, comment openers, CDATA ends, control characters and line separators
into every text field that an export writes.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings

import kultursamverkan
from kultursamverkan import cli
from kultursamverkan.cadence import Count, Dates, Interval
from kultursamverkan.export import FORMATS
from kultursamverkan.model import (
    Body,
    Collaboration,
    Event,
    Organisation,
    OrganisationParticipation,
    Region,
    Relation,
    Structure,
)
from kultursamverkan.values import LocalizedText, PartialDate
from kultursamverkan.vocab import (
    BodyKind,
    CollaborationKind,
    EventKind,
    OrganisationKind,
    RelationType,
    Scope,
    Tier,
    TimeUnit,
)

from .conftest import EXAMPLES, REGIONS, load_region
from .strategies import structures

EVIL = '</script><script>alert("x")</script> <!-- ]]> &amp; <svg onload=alert(1)> \x01\x1f \u2028\u2029 {name} %s'


def evil(tag: str) -> LocalizedText:
    return LocalizedText(sv=f"{tag} {EVIL}", en=f"{tag}-en {EVIL}")


def build_hostile() -> Structure:
    return Structure(
        id="evil",
        name=evil("structure"),
        region=Region(id="region-evil", name=evil("region")),
        as_of=PartialDate(year=2024),
        description=evil("description"),
        organisations=(Organisation(id="org", name=evil("org"), kind=OrganisationKind.INSTITUTION),),
        bodies=(
            Body(
                id="top",
                name=evil("top"),
                kind=BodyKind.POLITICAL_FORUM,
                tier=Tier.POLITICAL,
                scope=Scope.REGIONAL,
                cadence=Count(times=2, months=(3, 9)),
                cadence_note=evil("note"),
                organisations=(OrganisationParticipation(organisation="org", invited=True),),
            ),
            Body(
                id="mid",
                name=evil("mid"),
                kind=BodyKind.NETWORK,
                tier=Tier.TACTICAL,
                cadence=Interval(every=2, unit=TimeUnit.MONTH),
                relations=(
                    Relation(type=RelationType.STEERING_GROUP_FOR, target="org"),
                    Relation(type=RelationType.REPORTS_TO, target="top"),
                ),
            ),
            Body(
                id="dated",
                name=evil("dated"),
                kind=BodyKind.MEETING_PLACE,
                cadence=Dates(dates=(PartialDate(year=2024, month=5, day=2),)),
            ),
        ),
        collaborations=(
            Collaboration(
                id="collab",
                name=evil("collab"),
                kind=CollaborationKind.PARTNERSHIP,
                scope=Scope.INTERNATIONAL,
                members=("region-evil", "org"),
                purpose=evil("purpose"),
            ),
        ),
        events=(
            Event(
                id="event",
                name=evil("event"),
                kind=EventKind.CONFERENCE,
                date=PartialDate(year=2024, month=10, day=1),
                location=evil("location"),
                description=evil("event description"),
            ),
        ),
    )


@pytest.fixture
def hostile_structure() -> Structure:
    return build_hostile()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("region", REGIONS)
def test_every_example_exports_in_every_format(region: str, lang: str, fmt: str) -> None:
    structure = load_region(region)
    text = kultursamverkan.export(structure, format=fmt, lang=lang, base_url="https://kultur.example/")
    assert text == kultursamverkan.export(structure, format=fmt, lang=lang, base_url="https://kultur.example/")
    if fmt == "jsonld":
        assert json.loads(text)["@graph"]
    elif fmt == "svg":
        ET.fromstring(text)
    else:
        assert text.startswith("BEGIN:VCALENDAR\r\n")


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        kultursamverkan.export(build_hostile(), format="pdf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_writes_every_format(tmp_path, capsys, fmt: str) -> None:
    path = EXAMPLES / "halland.yaml"
    out = tmp_path / f"halland.{fmt}"
    code = cli.main(
        ["export", str(path), "--format", fmt, "--lang", "en", "--base-url", "https://k.example/h/", "-o", str(out)]
    )
    assert code == 0
    expected = kultursamverkan.export(
        kultursamverkan.load(path), format=fmt, lang="en", base_url="https://k.example/h/"
    )
    assert out.read_bytes().decode("utf-8") == expected
    assert capsys.readouterr().out == ""


def test_cli_prints_to_stdout_and_reports_what_the_calendar_leaves_out(capsys) -> None:
    assert cli.main(["export", str(EXAMPLES / "halland.yaml"), "--format", "ics"]) == 0
    captured = capsys.readouterr()
    assert "BEGIN:VCALENDAR" in captured.out
    assert "Operativa grupper (vid behov)" in captured.err
    assert "not_a_rule" not in captured.err


def test_cli_reports_a_bad_file_without_a_traceback(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n", encoding="utf-8")
    assert cli.main(["export", str(bad), "--format", "svg"]) == 1
    assert "bad.yaml" in capsys.readouterr().err


@settings(max_examples=25, deadline=None)
@given(structures())
def test_any_valid_structure_exports(structure: Structure) -> None:
    for fmt in FORMATS:
        for lang in ("sv", "en"):
            text = kultursamverkan.export(structure, format=fmt, lang=lang)
            if fmt == "svg":
                ET.fromstring(text)
            elif fmt == "jsonld":
                json.loads(text)
