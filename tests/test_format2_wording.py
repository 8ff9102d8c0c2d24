"""How format 2's constructs read in the rendered text, pinned in Swedish and English from the complete example:
no machine names, no nested "Label: Label:", numbers in words, one parenthesis, the verb a bare "av" lacks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kultursamverkan

COMPLETE = Path(__file__).resolve().parents[1] / "examples" / "complete.yaml"


def rendered(lang: str) -> str:
    return kultursamverkan.render(kultursamverkan.load(COMPLETE), lang=lang, format="text")


READS = {
    "sv": [
        # a participation's appointment says its verb; år is neuter: "ett år"
        "Kommuner, två per medlem och en ersättare, utses av varje medlem för sig, på två år,"
        " kan förlängas med ett år, förnyas växelvis, arvoderas enligt regionens arvodesregler",
        # a bare number says what it counts
        "Professionella kulturskapare, 3–5 platser,",
        # the appointment and the note of a post in one parenthesis
        "Vice ordförande: Exempelby kommun (utses av Exempelby kommun, på fyra år, för mandatperioden)",
        "Ordförande: växelvis mellan Region Exempel och kommuner, två år vardera",
        # records read as phrases, not "Datum: …; Av: …"
        "Arbetsordning: antagen av Kulturnämnden, maj 2019, diarienummer KN 2019/17. Reviderad 2022.",
        "  - 12 maj 2023, Exempelby, https://www.example.org/protokoll-2023-05-12",
        "  - 20 oktober 2023: Höstmöte om kulturplanen",
        "  - hösten 2021, av Kulturnämnden. Rådet fungerar väl. https://www.example.org/utvardering",
        "  - en verksamhetsberättelse till Kulturnämnden, årligen",
        "Beslut: av Kulturnämnden, 14 december 2022, diarienummer KN 2022/88, https://www.example.org/beslut",
        # field names in words, only the first capitalised in running text
        "Listor som bara ger exempel: Medlemmar",
        "Listor som bara ger exempel: Parter",
        "  - Deltagande organisationer och platser: Rådets sida",
        "Erbjuds enskilt till:",
        "Tid: kl. 09.30–16.00",
        "Identifierare: kommunkod 9901",
        # qualified ongoing work is still work, not meetings
        "Löpande dialog: arbetet pågår som regel löpande.",
    ],
    "en": [
        "Municipalities, two per member, and one substitute, appointed by each member for itself, for two years,"
        " renewable by one year, renewed in turn, paid following the region's fee rules",
        "Professional cultural creators, 3–5 seats,",
        "Vice chair: Exempelby Municipality (appointed by Exempelby Municipality, for four years,"
        " for the term of office)",
        "Chair: in turn between Region Exempel and municipalities, two years each",
        "Rules of procedure: adopted by Culture Committee, May 2019, diary number KN 2019/17. Revised in 2022.",
        "  - 12 May 2023, Exempelby, https://www.example.org/protokoll-2023-05-12",
        "  - 20 October 2023: Autumn meeting on the culture plan",
        "  - autumn 2021, by Culture Committee. The council works well. https://www.example.org/utvardering",
        "Lists that name examples only: Members",
        "Lists that name examples only: Parties",
        "  - Organisations taking part and seats: Rådets sida",
        "Time: 09:30–16:00",
        "Identifiers: municipality code 9901",
        "Löpande dialog: the work goes on as a rule on an ongoing basis.",
    ],
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_format2_constructs_read_as_phrases(lang: str) -> None:
    text = rendered(lang)
    missing = [line for line in READS[lang] if line not in text]
    assert not missing, missing


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_machine_names_nested_labels_or_double_parentheses(lang: str) -> None:
    text = rendered(lang)
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), re.findall(r"\b[a-z]+_[a-z_]+\b", text)
    assert not re.search(r"\) \(", text)
    assert not re.search(r"^\s*- (?:Datum|Date|Part|Party): ", text, re.MULTILINE)
    assert not re.search(r"\w\.\.[ \n]", text)
    assert "; Webbplats:" not in text
    assert "; Website:" not in text


def test_named_organisations_are_not_listed_twice() -> None:
    """The "Deltagare" row names an organisation, whether it is invited and its note; "Deltagande
    organisationer" adds only seats, appointment, representation or the meeting it is invited to."""
    skane = Path(__file__).resolve().parents[1] / "examples" / "regions" / "skane.yaml"
    text = kultursamverkan.render(kultursamverkan.load(skane), lang="sv", format="text")
    assert text.count("Skånes Kommuner är en aktiv part i detta sammanhang.") == 2  # description and participants
    assert "Deltagande organisationer" not in text
    assert "Region Skånes kulturnämnd och Skånes Kommuner (inbjuden)" in text
    complete = rendered("sv")
    assert "  - Exempelkommunernas förbund, bjuds in" not in complete  # said in "Deltagare" already
    assert "Exempelkommunernas förbund (inbjuden)" in complete
    assert "  - Pensionärsförbundet Exempel, inbjuden till vårmötet" in complete  # the meeting is new
