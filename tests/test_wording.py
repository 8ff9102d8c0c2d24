"""Published wording a Swedish communicator would let through: each defect found in review, pinned in sv and en.

Every test states the corrected text in both languages, so a catalog change that
brings a defect back fails here with the sentence that was wrong.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import kultursamverkan
from kultursamverkan import diagram, phrases
from kultursamverkan.cadence import AsNeeded, Count, Dates, Interval, Ongoing
from kultursamverkan.model import (
    Body,
    Collaboration,
    Event,
    InterestArea,
    Organisation,
    OrganisationParticipation,
    Person,
    Region,
    Relation,
    Representation,
    Structure,
)
from kultursamverkan.render import render, render_item
from kultursamverkan.values import LocalizedText, PartialDate, Period
from kultursamverkan.vocab import (
    BodyKind,
    CollaborationKind,
    EventKind,
    OrganisationKind,
    ParticipantCategory,
    RelationType,
    Role,
    Scope,
    Tier,
)

from .conftest import load_region

D = PartialDate.parse
P = ParticipantCategory
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "regions"
REGIONS = ("norrbotten", "stockholm", "skane", "orebro", "halland")


def text(sv: str, en: str | None = None) -> LocalizedText:
    return LocalizedText(sv=sv, en=en if en is not None else sv)


def body(**kwargs: object) -> Body:
    fields = {"id": "b", "name": text("Dialogmöten", "Dialogue meetings"), "kind": BodyKind.DIALOGUE}
    return Body(**{**fields, **kwargs})  # type: ignore[arg-type]


def structure(**kwargs: object) -> Structure:
    fields = {
        "id": "s",
        "name": text("Samverkan i Halland", "Collaboration in Halland"),
        "region": Region(id="region-halland", name=text("Region Halland")),
        "as_of": D("2022-12"),
    }
    return Structure(**{**fields, **kwargs})  # type: ignore[arg-type]


def both(function, *args, **kwargs) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    return function(*args, "sv", **kwargs), function(*args, "en", **kwargs)


def squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def page(s: Structure, lang: str) -> str:
    return squash(render(s, lang=lang, format="text"))


# ---------------------------------------------------------------- dates


def test_years_take_their_own_preposition() -> None:
    """ "träffas i 2020 och 2021" → "under 2020 och 2021"; months keep "i"."""
    years = [D("2030"), D("2031")]
    assert phrases.plain(phrases.dates_in_sentence(years, "sv")) == "under 2030 och 2031"
    assert phrases.plain(phrases.dates_in_sentence(years, "en")) == "in 2030 and 2031"
    months = [D("2030-03")]
    assert phrases.plain(phrases.dates_in_sentence(months, "sv")) == "i mars 2030"
    assert phrases.plain(phrases.dates_in_sentence(months, "en")) == "in March 2030"


def test_no_den_before_dates_and_no_repeated_years_or_months() -> None:
    days = [D("2021-03-25"), D("2021-03-29")]
    assert phrases.plain(phrases.dates_in_sentence(days, "sv")) == "25 och 29 mars 2021"
    assert phrases.plain(phrases.dates_in_sentence(days, "en")) == "on 25 and 29 March 2021"
    mixed = Dates(dates=(D("2021-03-25"), D("2021-04-02"), D("2022-01-10")))
    assert both(phrases.cadence, mixed) == (
        "25 mars, 2 april 2021 och 10 januari 2022",
        "25 March, 2 April 2021 and 10 January 2022",
    )


@pytest.mark.parametrize(
    ("start", "end", "sv", "en"),
    [
        ("2020-10-10", "2020-10-11", "10–11 oktober 2020", "10–11 October 2020"),
        ("2020-10-10", "2020-11-02", "10 oktober – 2 november 2020", "10 October – 2 November 2020"),
        ("2020-03", "2020-05", "mars–maj 2020", "March–May 2020"),
        ("2019", "2019", "2019", "2019"),
        ("2019-11-14", "2019-11-14", "14 november 2019", "14 November 2019"),
        ("2024-01-01", "2027", "från 1 januari 2024 t.o.m. 2027", "from 1 January 2024 to 2027 inclusive"),
        (None, "2030", "t.o.m. 2030", "until 2030"),
        ("2023-05-01", None, "från 1 maj 2023", "from 1 May 2023"),
    ],
)
def test_periods_say_each_part_once(start: str | None, end: str | None, sv: str, en: str) -> None:
    p = Period(start=D(start) if start else None, end=D(end) if end else None)
    assert both(phrases.period, p) == (sv, en)


def test_information_is_current_as_of() -> None:
    s = structure()
    assert "Uppgifterna är aktuella per december 2022." in page(s, "sv")
    assert "Information as of December 2022." in page(s, "en")


def test_every_year_in_a_month() -> None:
    assert both(phrases.cadence, Interval(months=(11,))) == ("varje år i november", "every year in November")


def test_past_meetings_in_the_past_tense() -> None:
    past = body(participants=(P.OFFICIALS,), cadence=Dates(dates=(D("2019-11-14"), D("2020-11-19"))))
    assert both(phrases.body_summary, past) == (
        "Dialogmöten: tjänstepersoner möttes 14 november 2019 och 19 november 2020.",
        "Dialogue meetings: officials met on 14 November 2019 and 19 November 2020.",
    )
    years = body(cadence=Dates(dates=(D("2020"), D("2021"))))
    assert both(phrases.body_summary, years) == (
        "Dialogmöten: möten hölls under 2020 och 2021.",
        "Dialogue meetings: meetings were held in 2020 and 2021.",
    )
    split = body(participants=(P.OFFICIALS,), cadence=Dates(dates=(D("2020-05-15"), D("2031-05-15"))))
    today = date(2026, 1, 1)
    sv = phrases.plain(phrases.body_summary_spans(split, "sv", today=today))
    en = phrases.plain(phrases.body_summary_spans(split, "en", today=today))
    assert sv == "Dialogmöten: tjänstepersoner möttes 15 maj 2020 och möts 15 maj 2031."
    assert en == "Dialogue meetings: officials met on 15 May 2020 and will meet on 15 May 2031."
    coming = body(cadence=Dates(dates=(D("2031"),)))
    assert [phrases.plain(phrases.body_summary_spans(coming, lang, today=today)) for lang in ("sv", "en")] == [
        "Dialogmöten: möten hålls under 2031.",
        "Dialogue meetings: meetings are held in 2031.",
    ]


def test_events_in_date_order() -> None:
    def event(id: str, when: str) -> Event:
        return Event(id=id, name=text(f"Möte {when}", f"Meeting {when}"), kind=EventKind.MEETING, date=D(when))

    s = structure(events=(event("c", "2021-05"), event("a", "2019-11-14"), event("b", "2020")))
    for lang, word in (("sv", "Möte"), ("en", "Meeting")):
        shown = re.findall(rf"{word} ([\d-]+)", page(s, lang))
        assert shown == ["2019-11-14", "2020", "2021-05"], lang


def test_sub_bodies_follow_their_parent() -> None:
    parent = body(id="operativa", name=text("Operativa grupper", "Operational groups"), tier=Tier.OPERATIVE)
    other = body(id="annan", name=text("Annan grupp", "Other group"), tier=Tier.OPERATIVE)
    child = body(
        id="bibliotek",
        name=text("Bibliotekschefsgruppen", "Library heads' group"),
        tier=Tier.OPERATIVE,
        relations=(Relation(type=RelationType.PART_OF, target="operativa"),),
    )
    s = structure(bodies=(child, other, parent))
    for lang, names in (
        ("sv", ["Annan grupp", "Operativa grupper", "Bibliotekschefsgruppen"]),
        ("en", ["Other group", "Operational groups", "Library heads' group"]),
    ):
        doc = BeautifulSoup(render(s, lang=lang, format="html"), "html.parser")
        assert [h.get_text() for h in doc.find_all(class_="ks-body__title")] == names


# ---------------------------------------------------------------- summaries and subjects


def test_a_body_does_not_meet_its_members_do() -> None:
    assert both(phrases.body_summary, body(cadence=Count(times=2))) == (
        "Dialogmöten: möten hålls två gånger per år.",
        "Dialogue meetings: meetings are held twice a year.",
    )
    network = body(name=text("Taktiskt nätverk", "Tactical network"), cadence=AsNeeded())
    assert both(phrases.body_summary, network) == (
        "Taktiskt nätverk: möten hålls vid behov.",
        "Tactical network: meetings are held as needed.",
    )


def test_ongoing_is_work_not_meetings() -> None:
    assert both(phrases.body_summary, body(cadence=Ongoing())) == (
        "Dialogmöten: arbetet pågår hela tiden.",
        "Dialogue meetings: the work is ongoing.",
    )
    assert both(phrases.body_summary, body(participants=(P.MUNICIPALITIES,), cadence=Ongoing())) == (
        "Dialogmöten: kommuner deltar i ett arbete som pågår hela tiden.",
        "Dialogue meetings: municipalities take part in ongoing work.",
    )
    b = body(cadence=Ongoing())
    rows = {lang: squash(render_item(b, None, lang, format="text")) for lang in ("sv", "en")}
    assert "Arbetar: löpande" in rows["sv"]
    assert "Möten" not in rows["sv"]
    assert "Works: on an ongoing basis" in rows["en"]
    assert "Meets" not in rows["en"]


def test_collective_subjects_agree_in_english() -> None:
    one = body(participants=(P.CIVIL_SOCIETY,))
    assert both(phrases.body_summary, one) == (
        "Dialogmöten: det civila samhället deltar.",
        "Dialogue meetings: civil society takes part.",
    )
    meets = body(participants=(P.CIVIL_SOCIETY,), cadence=Count(times=1))
    assert phrases.body_summary(meets, "en") == "Dialogue meetings: civil society meets once a year."
    many = body(participants=(P.CIVIL_SOCIETY, P.MUNICIPALITIES))
    assert phrases.body_summary(many, "en") == "Dialogue meetings: civil society and municipalities take part."


def test_no_empty_summary_repeating_the_kind() -> None:
    b = body(
        name=text("Styrgrupp för kulturplanen", "Steering group for the culture plan"), kind=BodyKind.STEERING_GROUP
    )
    assert both(phrases.body_summary, b) == ("", "")
    for lang in ("sv", "en"):
        doc = BeautifulSoup(render_item(b, None, lang), "html.parser")
        assert doc.find(class_="ks-body__summary") is None
        assert "(styrgrupp)." not in doc.get_text()
        assert "(steering group)." not in doc.get_text()


def test_representation_lines_have_a_subject() -> None:
    people = (
        Person(id="irja", name="Irja Gustavsson", party="S"),
        Person(id="katarina", name="Katarina Strömgren-Sandh", title=text("kulturchef", "head of culture")),
        Person(id="jonas", name="Jonas Kleber", party="C"),
    )
    kommun = Organisation(id="lindesberg", name=text("Lindesbergs kommun"), kind=OrganisationKind.MUNICIPALITY)
    reps = (
        Representation(person="irja", body="b", on_behalf_of="lindesberg"),
        Representation(person="katarina", body="b", on_behalf_of="region-halland", role=Role.OFFICIAL),
        Representation(person="jonas", body="b", role=Role.CHAIR, start=D("2019"), end=D("2022")),
    )
    s = structure(bodies=(body(),), organisations=(kommun,), people=people, representations=reps)
    sv, en = page(s, "sv"), page(s, "en")
    assert "Irja Gustavsson (S) företräder Lindesbergs kommun." in sv
    assert "Irja Gustavsson (S) represents Lindesbergs kommun." in en
    assert "Katarina Strömgren-Sandh, kulturchef, deltar som tjänsteperson för Region Halland." in sv
    assert "Katarina Strömgren-Sandh, head of culture, takes part as an official of Region Halland." in en
    assert "Jonas Kleber (C) är ordförande (2019–2022)." in sv
    assert "Jonas Kleber (C) is the chair (2019–2022)." in en


# ---------------------------------------------------------------- participants


def test_proper_nouns_keep_their_capital_in_participant_notes() -> None:
    b = body(participants_note=text("Region Hallands kulturchefer", "Region Halland's heads of culture"))
    assert both(phrases.participants, b) == ("Region Hallands kulturchefer", "Region Halland's heads of culture")
    common = body(participants_note=text("Kulturchefer i länet", "Heads of culture in the county"))
    assert both(phrases.participants, common) == ("kulturchefer i länet", "heads of culture in the county")


def test_a_note_starting_with_a_digit_is_not_pasted_mid_sentence() -> None:
    b = body(participants=(P.OFFICIALS,), participants_note=text("14 kommuner och regionen", "14 municipalities"))
    assert both(phrases.body_summary, b) == (
        "Dialogmöten: tjänstepersoner deltar.",
        "Dialogue meetings: officials take part.",
    )
    assert phrases.plain(phrases.participants_note(b, "sv") or []) == "14 kommuner och regionen"
    alone = body(participants_note=text("14 kommuner och regionen", "14 municipalities and the region"))
    assert both(phrases.body_summary, alone) == (
        "Dialogmöten: 14 kommuner och regionen deltar.",
        "Dialogue meetings: 14 municipalities and the region take part.",
    )


def test_the_one_region_is_not_a_plural() -> None:
    s = structure()
    regional = body(participants=(P.REGIONS, P.MUNICIPALITIES), scope=Scope.REGIONAL)
    assert (phrases.participants(regional, "sv", s), phrases.participants(regional, "en", s)) == (
        "kommuner samt Region Halland",
        "municipalities as well as Region Halland",
    )
    interregional = body(participants=(P.REGIONS,), scope=Scope.INTERREGIONAL)
    assert (phrases.participants(interregional, "sv", s), phrases.participants(interregional, "en", s)) == (
        "regioner",
        "regions",
    )


def test_categories_and_organisations_are_not_one_flat_list() -> None:
    org = Organisation(id="met-nuoret", name=text("Met Nuoret"), kind=OrganisationKind.YOUTH_ORGANISATION)
    b = body(
        participants=(P.CHILDREN_AND_YOUNG_PEOPLE, P.SAMI),
        organisations=(OrganisationParticipation(organisation="met-nuoret"),),
    )
    s = structure(organisations=(org,), bodies=(b,))
    assert (phrases.participants(b, "sv", s), phrases.participants(b, "en", s)) == (
        "barn och unga och samer samt Met Nuoret",
        "children and young people and the Sami as well as Met Nuoret",
    )


def test_organisation_participation_note_is_shown() -> None:
    orgs = (
        Organisation(id="kfvn", name=text("Kommunförbundet Västernorrland (KFVN)"), kind=OrganisationKind.FEDERATION),
        Organisation(id="sk", name=text("Skånes Kommuner"), kind=OrganisationKind.FEDERATION),
    )
    b = body(
        organisations=(
            OrganisationParticipation(organisation="kfvn", invited=True, note=text("adjungerad", "co-opted")),
            OrganisationParticipation(
                organisation="sk", note=text("Skånes Kommuner är en aktiv part.", "Skånes Kommuner is an active party.")
            ),
        )
    )
    s = structure(organisations=orgs, bodies=(b,))
    assert (phrases.participants(b, "sv", s), phrases.participants(b, "en", s)) == (
        "Kommunförbundet Västernorrland (KFVN; inbjuden; adjungerad) och Skånes Kommuner",
        "Kommunförbundet Västernorrland (KFVN; invited; co-opted) and Skånes Kommuner",
    )
    assert "Skånes Kommuner är en aktiv part." in page(s, "sv")
    assert "Skånes Kommuner is an active party." in page(s, "en")


def test_invited_reads_inbjuden() -> None:
    org = Organisation(id="sk", name=text("Skånes Kommuner"), kind=OrganisationKind.FEDERATION)
    b = body(organisations=(OrganisationParticipation(organisation="sk", invited=True),))
    s = structure(organisations=(org,), bodies=(b,))
    assert (phrases.participants(b, "sv", s), phrases.participants(b, "en", s)) == (
        "Skånes Kommuner (inbjuden)",
        "Skånes Kommuner (invited)",
    )


# ---------------------------------------------------------------- labels


def structure_with_labels() -> Structure:
    kfvn = Organisation(id="kfvn", name=text("Kommunförbundet Västernorrland (KFVN)"), kind=OrganisationKind.FEDERATION)
    lur = body(
        id="lur",
        name=text("Länsungdomsrådet (LUR)", "County youth council (LUR)"),
        kind=BodyKind.YOUTH_COUNCIL,
        tier=Tier.STRATEGIC,
        scope=Scope.REGIONAL,
        instances=4,
        cadence=Count(times=2),
    )
    utskott = body(id="au", name=text("Arbetsutskottet", "Working committee"), kind=BodyKind.COMMITTEE)
    collab = Collaboration(
        id="norr",
        name=text("Norrlänen", "Northern counties"),
        kind=CollaborationKind.PARTNERSHIP,
        scope=Scope.INTERREGIONAL,
    )
    area = InterestArea(id="film", name=text("Film"), raised_by=(P.MUNICIPALITIES,))
    return structure(organisations=(kfvn,), bodies=(lur, utskott), collaborations=(collab,), interest_areas=(area,))


def facts(s: Structure, lang: str) -> list[str]:
    doc = BeautifulSoup(render(s, lang=lang, format="html"), "html.parser")
    return [f"{dt.get_text()}: {squash(dt.find_next_sibling('dd').get_text(' '))}" for dt in doc.find_all("dt")]


def test_labels_say_what_they_count_and_scope_is_one_term() -> None:
    s = structure_with_labels()
    sv, en = facts(s, "sv"), facts(s, "en")
    assert "Antal parallella organ: fyra" in sv
    assert "Number of parallel bodies: four" in en
    assert sv.count("Geografisk omfattning: regional") == 1
    assert "Geografisk omfattning: interregional" in sv
    assert en.count("Geographic scope: regional") == 1
    assert "Geographic scope: interregional" in en
    assert not [f for f in sv if f.startswith("Geografisk nivå")]
    assert "Intresse från: Kommuner" in sv
    assert "Raised by: Municipalities" in en


def test_tier_row_does_not_repeat_level() -> None:
    b = body(tier=Tier.STRATEGIC)
    sv = squash(render_item(b, None, "sv", format="text"))
    en = squash(render_item(b, None, "en", format="text"))
    assert "Ingår i: strategisk nivå" in sv
    assert "Nivå: strategisk nivå" not in sv
    assert "Belongs to: strategic level" in en
    assert "Level: strategic level" not in en


def test_committee_is_utskott() -> None:
    s = structure_with_labels()
    assert "Typ: utskott" in facts(s, "sv")
    assert "Kind: committee" in facts(s, "en")


def test_no_double_parentheses() -> None:
    s = structure_with_labels()
    sv, en = page(s, "sv"), page(s, "en")
    assert "Kommunförbundet Västernorrland (KFVN; förbund)" in sv
    assert "Kommunförbundet Västernorrland (KFVN; federation)" in en
    for lang in ("sv", "en"):
        alternative = diagram.text_alternative(s, lang)
        assert ") (" not in alternative
        assert ")(" not in alternative
    assert "Länsungdomsrådet (LUR; ungdomsråd, fyra parallella; två gånger per år)" in diagram.text_alternative(s, "sv")
    assert "County youth council (LUR; youth council, four in parallel; twice a year)" in diagram.text_alternative(
        s, "en"
    )


def test_times_sign_is_not_read_aloud() -> None:
    """The box shows "×4"; the text alternative, which a screen reader reads, says it in words."""
    s = structure_with_labels()
    for lang in ("sv", "en"):
        svg = diagram.to_svg(s, lang=lang)
        assert "\u00d74" in svg  # seen in the box
        assert "\u00d7" not in diagram.text_alternative(s, lang)


def test_cadence_note_repeating_the_cadence_is_not_shown_twice() -> None:
    b = body(cadence=Ongoing(), cadence_note=text("Löpande.", "On an ongoing basis"))
    assert "Arbetar: löpande" in squash(render_item(b, None, "sv", format="text"))
    assert "löpande, löpande" not in squash(render_item(b, None, "sv", format="text")).lower()
    assert "on an ongoing basis, on an ongoing basis" not in squash(render_item(b, None, "en", format="text")).lower()


# ---------------------------------------------------------------- English terms and the examples


def test_professional_cultural_creators() -> None:
    b = body(participants=(P.PROFESSIONAL_CULTURAL_CREATORS,))
    assert both(phrases.participants, b) == ("professionella kulturskapare", "professional cultural creators")


@cache
def example(name: str, lang: str) -> str:
    return kultursamverkan.render(kultursamverkan.load(EXAMPLES / f"{name}.yaml"), lang=lang, format="text")


@pytest.mark.parametrize("name", REGIONS)
def test_examples_are_free_of_the_reviewed_defects(name: str) -> None:
    sv, en = example(name, "sv"), example(name, "en")
    for wrong in ("löpande, löpande", "(bjuds in)", "Geografisk nivå", "Antal parallella:", "träffas den ", " den 1"):
        assert wrong not in sv, wrong
    assert not re.search(r"\) \(", sv)
    assert not re.search(r"\) \(", en)
    assert not re.search(r"\b(\d{4})\u2013\1\b", sv)
    for wrong in ("professional artists", "Of interest to", "Level: ", "on an ongoing basis, on an ongoing basis"):
        assert wrong not in en, wrong
    # A representation line has its person as subject ("X (S) företräder Y"), never "X (S), företräder Y".
    # (A participating category may well be "…, representing different art forms": that is no representation.)
    people = "|".join(re.escape(person.name) for person in load_region(name).people) or "(?!)"
    assert not re.search(rf"^\s*- (?:{people})\b[^\n]*?, (företräder|representing) ", sv + en, re.MULTILINE)


def test_stockholm_ongoing_dialogues() -> None:
    assert "Arbetar: löpande\n" in example("stockholm", "sv")
    assert "Works: on an ongoing basis\n" in example("stockholm", "en")
    assert (
        "Dialogmöten: det civila samhället, professionella kulturskapare och kommuner "
        "deltar i ett arbete som pågår hela tiden." in (example("stockholm", "sv"))
    )
    assert (
        "Dialogue meetings: civil society, professional cultural creators and municipalities take part in ongoing work."
        in (example("stockholm", "en"))
    )


def test_a_long_participant_list_leaves_the_summary_short() -> None:
    many = (P.MUNICIPAL_POLITICIANS, P.SENIOR_OFFICIALS, P.REGIONAL_POLITICIANS, P.OFFICIALS)
    many += (P.PROFESSIONAL_CULTURAL_CREATORS, P.NON_PROFIT_SECTOR, P.CIVIL_SOCIETY, P.POPULAR_EDUCATION)
    many += (P.BUSINESS, P.SPORTS_MOVEMENT)  # 27 words in English: too many for one sentence
    b = body(participants=many, cadence=Interval())
    assert both(phrases.body_summary, b) == (
        "Dialogmöten: möten hålls årligen.",
        "Dialogue meetings: meetings are held annually.",
    )
    few = body(participants=many[:2], cadence=Interval())
    assert both(phrases.body_summary, few) == (
        "Dialogmöten: kommunpolitiker och ledande tjänstepersoner möts årligen.",
        "Dialogue meetings: municipal politicians and senior officials meet annually.",
    )


def test_a_role_without_its_own_sentence_still_has_a_subject(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    # as for a role a later format adds
    monkeypatch.setattr(importlib.import_module("kultursamverkan.render"), "_ROLES", {})
    people = (Person(id="jonas", name="Jonas Kleber", party="C"),)
    kommun = Organisation(id="lindesberg", name=text("Lindesbergs kommun"), kind=OrganisationKind.MUNICIPALITY)
    reps = (Representation(person="jonas", body="b", on_behalf_of="lindesberg", role=Role.CHAIR),)
    s = structure(bodies=(body(),), organisations=(kommun,), people=people, representations=reps)
    assert "Jonas Kleber (C) deltar som ordförande för Lindesbergs kommun." in page(s, "sv")
    assert "Jonas Kleber (C) takes part as chair for Lindesbergs kommun." in page(s, "en")
