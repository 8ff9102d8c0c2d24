"""The five seed regions as example files: they load, round-trip, and say what the seeds say."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import TypeVar

import attrs
import pytest

import kultursamverkan
from kultursamverkan.cadence import AsNeeded, Count, Interval, Ongoing, Regular
from kultursamverkan.model import Body, Organisation, Plan, Relation, Structure
from kultursamverkan.values import LocalizedText, PartialDate, Period
from kultursamverkan.vocab import (
    ActivityArea,
    AgreementKind,
    BodyKind,
    CollaborationKind,
    EventKind,
    NationalMinority,
    OrganisationKind,
    ParticipantCategory,
    PlanKind,
    PlanStatus,
    RelationType,
    Renewal,
    Role,
    Scope,
    Tier,
    TimeUnit,
)

P = ParticipantCategory
T = TypeVar("T")
REGIONS = ("norrbotten", "stockholm", "skane", "orebro", "halland")


def load(examples_dir: Path, region: str) -> Structure:
    return kultursamverkan.load(examples_dir / f"{region}.yaml")


def date(text: str) -> PartialDate:
    return PartialDate.parse(text)


def texts(obj: object) -> Iterator[LocalizedText]:
    """Every LocalizedText anywhere inside ``obj``."""
    if isinstance(obj, LocalizedText):
        yield obj
    elif attrs.has(type(obj)):
        for field in attrs.fields(type(obj)):
            yield from texts(getattr(obj, field.name))
    elif isinstance(obj, tuple):
        for item in obj:
            yield from texts(item)


def body(s: Structure, id: str) -> Body:
    found = s.by_id()[id]
    assert isinstance(found, Body), f"{id} is not a body"
    return found


def org(s: Structure, id: str) -> Organisation:
    found = s.by_id()[id]
    assert isinstance(found, Organisation), f"{id} is not an organisation"
    return found


def plan(s: Structure, id: str) -> Plan:
    found = s.by_id()[id]
    assert isinstance(found, Plan), f"{id} is not a plan"
    return found


def one(items: Iterable[T], **attrs_equal: object) -> T:
    """The single item whose attributes equal the given values."""
    matches = [i for i in items if all(getattr(i, k) == v for k, v in attrs_equal.items())]
    assert len(matches) == 1, f"expected one match for {attrs_equal}, found {len(matches)}"
    return matches[0]


# ------------------------------------------------------------------ every file


def test_there_is_one_file_per_seed_region(examples_dir: Path) -> None:
    assert sorted(p.stem for p in examples_dir.glob("*.yaml")) == sorted(REGIONS)


@pytest.mark.parametrize("region", REGIONS)
def test_example_loads_and_names_itself_after_its_file(examples_dir: Path, region: str) -> None:
    s = load(examples_dir, region)
    assert s.id == region
    assert s.region.id.startswith("region-")


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
def test_example_round_trips(examples_dir: Path, region: str, fmt: str) -> None:
    s = load(examples_dir, region)
    assert kultursamverkan.loads(kultursamverkan.dumps(s, fmt), fmt) == s


@pytest.mark.parametrize("region", REGIONS)
def test_every_text_is_in_swedish_and_english(examples_dir: Path, region: str) -> None:
    s = load(examples_dir, region)
    missing = [t for t in texts(s) if t.sv is None or t.en is None]
    assert missing == []


@pytest.mark.parametrize("region", REGIONS)
def test_every_source_has_a_url_and_a_date(examples_dir: Path, region: str) -> None:
    s = load(examples_dir, region)
    assert s.sources
    for source in s.sources:
        assert source.url.startswith("https://")
        assert source.as_of == s.as_of


@pytest.mark.parametrize("region", REGIONS)
def test_body_names_are_distinct(examples_dir: Path, region: str) -> None:
    s = load(examples_dir, region)
    assert s.bodies
    for lang in ("sv", "en"):
        names = [b.name.text(lang) for b in s.bodies]
        assert len(set(names)) == len(names)


EXPECTED_REGIONS = {
    "norrbotten": ("region-norrbotten", "Region Norrbotten", "25", 14),
    "stockholm": ("region-stockholm", "Region Stockholm", "01", 26),
    "skane": ("region-skane", "Region Skåne", "12", 33),
    "orebro": ("region-orebro-lan", "Region Örebro län", "18", 12),
    "halland": ("region-halland", "Region Halland", "13", 6),
}


@pytest.mark.parametrize("region", REGIONS)
def test_region_facts(examples_dir: Path, region: str) -> None:
    r = load(examples_dir, region).region
    assert (r.id, r.name.sv, r.county_code, r.municipality_count) == EXPECTED_REGIONS[region]


# ------------------------------------------------------------------ Halland


def test_halland_four_tier_structure(examples_dir: Path) -> None:
    s = load(examples_dir, "halland")
    political = body(s, "kulturpolitiskt-samverkansmote")
    assert political.name.sv == "Kulturpolitiskt samverkansmöte"
    assert political.kind is BodyKind.POLITICAL_FORUM
    assert political.tier is Tier.POLITICAL
    assert political.cadence == Count(times=2, per=TimeUnit.YEAR)
    assert political.participants == (P.ELECTED_REPRESENTATIVES, P.PRESIDIA)
    assert political.participants_note.sv == "med ansvar för kulturfrågor"
    assert "Vanligtvis deltar presidierna" in political.description.sv

    strategic = body(s, "strategiskt-natverk")
    assert (strategic.kind, strategic.tier) == (BodyKind.NETWORK, Tier.STRATEGIC)
    assert strategic.cadence == Count(times=4, per=TimeUnit.YEAR)
    assert strategic.participants == (P.HEADS_OF_ADMINISTRATION,)

    operative = body(s, "operativa-grupper")
    assert operative.tier is Tier.OPERATIVE
    assert operative.cadence == AsNeeded()
    assert operative.permanent is False

    library = body(s, "bibliotekschefsgruppen")
    assert library.name.sv == "Bibliotekschefsgruppen"
    assert library.permanent is True
    assert library.tier is Tier.OPERATIVE
    assert library.participants == (P.LIBRARY_HEADS,)
    assert library.relations == (Relation(type=RelationType.PART_OF, target="operativa-grupper"),)

    tiers = [b.tier for b in s.bodies if b.tier is not None]
    assert set(tiers) == {Tier.POLITICAL, Tier.STRATEGIC, Tier.TACTICAL, Tier.OPERATIVE}


def test_halland_tactical_network_is_steering_group_for_art_inside_out(examples_dir: Path) -> None:
    s = load(examples_dir, "halland")
    tactical = body(s, "taktiskt-natverk")
    assert tactical.tier is Tier.TACTICAL
    assert tactical.cadence == Count(times=4, per=TimeUnit.YEAR)
    assert tactical.cadence.meetings_per_year().exact == Fraction(4)
    assert tactical.participants == (P.DEPARTMENT_HEADS,)
    steering = one(tactical.relations, type=RelationType.STEERING_GROUP_FOR)
    target = org(s, steering.target)
    assert target.name.sv == "Art Inside Out"
    assert target.kind is OrganisationKind.INSTITUTION


def test_halland_consultation_of_professional_cultural_creators(examples_dir: Path) -> None:
    s = load(examples_dir, "halland")
    c = body(s, "samrad-professionella-kulturskapare")
    assert c.kind is BodyKind.CONSULTATION
    assert c.established == date("2017")
    assert c.renewal is Renewal.EACH_PLAN_PERIOD
    assert c.cadence == Regular()
    assert c.participants == (P.PROFESSIONAL_CULTURAL_CREATORS,)
    assert "utvalda av Region Halland" in c.participants_note.sv
    assert "Hallands kulturplan" in c.purpose.sv


def test_halland_agreement_with_civil_society(examples_dir: Path) -> None:
    s = load(examples_dir, "halland")
    a = one(s.agreements, id="hallandska-overenskommelsen")
    assert a.name.sv == "Halländska överenskommelsen"
    assert a.kind is AgreementKind.AGREEMENT
    assert a.date == date("2018")
    assert a.parties == ("region-halland",)
    assert P.CIVIL_SOCIETY in a.party_categories
    assert a.purpose.sv.startswith("Att stärka det civila samhällets självständighet")


def test_halland_regionsamverkan_sydsverige(examples_dir: Path) -> None:
    s = load(examples_dir, "halland")
    c = one(s.collaborations, id="regionsamverkan-sydsverige")
    assert c.kind is CollaborationKind.INTERREGIONAL_PARTNERSHIP
    assert c.scope is Scope.INTERREGIONAL
    index = s.by_id()
    names = sorted(index[m].name.sv for m in c.members)
    assert names == [
        "Region Blekinge",
        "Region Halland",
        "Region Jönköpings län",
        "Region Kalmar län",
        "Region Kronoberg",
        "Region Skåne",
    ]
    others = [index[m] for m in c.members if m != s.region.id]
    assert all(isinstance(o, Organisation) and o.kind is OrganisationKind.REGION for o in others)
    docs = [plan(s, d) for d in c.documents]
    assert [d.kind for d in docs] == [PlanKind.POSITION_PAPER, PlanKind.ACTION_PLAN]
    assert docs[0].name.sv == "Ett enat Sydsverige skapar ett starkt Kultursverige"
    assert docs[1].based_on == docs[0].id


def test_halland_levels_local_to_international(examples_dir: Path) -> None:
    s = load(examples_dir, "halland")
    assert "lokalt, regionalt, interregionalt, nationellt och internationellt" in s.description.sv
    assert "local, regional, interregional, national and international" in s.description.en
    scopes = {b.scope for b in s.bodies} | {c.scope for c in s.collaborations}
    assert {Scope.REGIONAL, Scope.INTERREGIONAL, Scope.INTERNATIONAL} <= scopes


# ------------------------------------------------------------------ Stockholm


def test_stockholmstinget_two_events(examples_dir: Path) -> None:
    s = load(examples_dir, "stockholm")
    events = sorted(s.events, key=lambda e: e.date.earliest())
    assert [e.date for e in events] == [date("2019-11-14"), date("2020-11-19")]
    assert {e.kind for e in events} == {EventKind.MEETING_PLACE}
    # Format 2: Stockholmstinget is a recurring meeting place, an event series whose editions are the events.
    assert {e.series for e in events} == {"stockholmstinget"}
    assert all(b.id != "stockholmstinget" for b in s.bodies)
    [place] = s.event_series
    assert place.id == "stockholmstinget"
    assert place.kind is EventKind.MEETING_PLACE
    assert place.established == date("2019-11-14")


def test_stockholm_dialogue_meetings(examples_dir: Path) -> None:
    s = load(examples_dir, "stockholm")
    d = body(s, "dialogmoten")
    assert d.kind is BodyKind.DIALOGUE
    assert d.established == date("2019")
    assert d.cadence == Ongoing()
    assert d.participants == (P.CIVIL_SOCIETY, P.PROFESSIONAL_CULTURAL_CREATORS, P.MUNICIPALITIES)
    assert "övergripande färdplan" in d.purpose.sv


def test_stockholm_culture_strategy(examples_dir: Path) -> None:
    s = load(examples_dir, "stockholm")
    strategy = plan(s, "kulturstrategi-stockholmsregionen")
    assert strategy.name.sv == "Kulturstrategi för Stockholmsregionen"
    assert strategy.kind is PlanKind.CULTURE_STRATEGY
    assert strategy.owner == "region-stockholm"
    assert len(strategy.goals) == 1
    administration = org(s, "kulturforvaltningen")
    assert administration.part_of == "region-stockholm"


# ------------------------------------------------------------------ Skåne


def test_skane_annual_deliberations(examples_dir: Path) -> None:
    s = load(examples_dir, "skane")
    annual = body(s, "arliga-kulturpolitiska-overlaggningar")
    assert annual.kind is BodyKind.DELIBERATION
    assert annual.tier is Tier.POLITICAL
    assert annual.cadence == Interval(every=1, unit=TimeUnit.YEAR)
    assert annual.cadence.meetings_per_year().exact == Fraction(1)
    assert {P.MUNICIPAL_POLITICIANS, P.REGIONAL_POLITICIANS, P.NON_PROFIT_SECTOR} <= set(annual.participants)
    skanes_kommuner = one(annual.organisations, organisation="skanes-kommuner")
    assert skanes_kommuner.invited is False


def test_skane_subregional_deliberations(examples_dir: Path) -> None:
    s = load(examples_dir, "skane")
    sub = body(s, "delregionala-kulturpolitiska-overlaggningar")
    assert sub.kind is BodyKind.DELIBERATION
    assert sub.instances == 4
    assert sub.scope is Scope.SUBREGIONAL
    invited = one(sub.organisations, organisation="skanes-kommuner")
    assert invited.invited is True
    assert org(s, "skanes-kommuner").kind is OrganisationKind.ASSOCIATION_OF_MUNICIPALITIES


def test_skane_other_deliberations_and_conversations(examples_dir: Path) -> None:
    s = load(examples_dir, "skane")
    thematic = body(s, "tematiska-kulturpolitiska-overlaggningar")
    assert thematic.kind is BodyKind.DELIBERATION
    assert "kommunövergripande samarbeten" in thematic.purpose.sv
    special = body(s, "overlaggningar-samfinansierade-institutioner")
    assert special.kind is BodyKind.DELIBERATION
    assert "samfinansierade kulturinstitutionerna" in special.name.sv
    talks = body(s, "samtal-enskilda-kommuner")
    assert talks.cadence == AsNeeded()
    deliberations = [b for b in s.bodies if b.kind is BodyKind.DELIBERATION]
    assert len(deliberations) == 4


def test_skane_officials_level_networks(examples_dir: Path) -> None:
    s = load(examples_dir, "skane")
    heads = body(s, "regionalt-natverk-kulturchefer")
    assert heads.kind is BodyKind.NETWORK
    assert heads.participants == (P.HEADS_OF_CULTURE,)
    assert heads.scope is Scope.REGIONAL
    thematic = body(s, "tematiska-natverk")
    assert thematic.kind is BodyKind.NETWORK
    assert thematic.participants == (P.OFFICIALS,)
    assert "tjänstemannanivå" in thematic.description.sv


def test_skane_regional_development_strategy(examples_dir: Path) -> None:
    s = load(examples_dir, "skane")
    rus = plan(s, "det-oppna-skane-2030")
    assert rus.name.sv == "Det öppna Skåne 2030"
    assert rus.kind is PlanKind.REGIONAL_DEVELOPMENT_STRATEGY
    assert rus.period == Period(end=date("2030"))


# ------------------------------------------------------------------ Örebro


def test_orebro_representatives(examples_dir: Path) -> None:
    s = load(examples_dir, "orebro")
    people = {p.id: p for p in s.people}
    seats = {
        (people[r.person].name, people[r.person].party, r.body, r.on_behalf_of)
        for r in s.representations
        if r.on_behalf_of == "lindesbergs-kommun"
    }
    assert seats == {
        ("Jonas Kleber", "C", "specifika-samverkansradet-kultur", "lindesbergs-kommun"),
        ("Irja Gustavsson", "S", "regionala-samverkansradet", "lindesbergs-kommun"),
        ("Pär-Ove Lindqvist", "M", "regionala-samverkansradet", "lindesbergs-kommun"),
    }
    lindesberg = org(s, "lindesbergs-kommun")
    assert (lindesberg.name.sv, lindesberg.kind) == ("Lindesbergs kommun", OrganisationKind.MUNICIPALITY)
    assert body(s, "specifika-samverkansradet-kultur").name.sv == "Specifika samverkansrådet för kultur"
    assert body(s, "regionala-samverkansradet").name.sv == "Regionala samverkansrådet"


def test_orebro_head_of_culture(examples_dir: Path) -> None:
    s = load(examples_dir, "orebro")
    rep = one(s.representations, person="katarina-stromgren-sandh")
    assert rep.body == "specifika-samverkansradet-kultur"
    assert rep.on_behalf_of == s.region.id
    assert rep.role is Role.OFFICIAL
    katarina = one(s.people, id="katarina-stromgren-sandh")
    assert katarina.name == "Katarina Strömgren-Sandh"
    assert katarina.title.sv == "kulturchef i Region Örebro län"


def test_orebro_council_mandate(examples_dir: Path) -> None:
    s = load(examples_dir, "orebro")
    council = body(s, "specifika-samverkansradet-kultur")
    assert council.kind is BodyKind.COUNCIL
    assert [m.sv.split()[0] for m in council.mandate] == ["Initiera", "Samordna", "Vara"]
    assert "Kulturplanen" in council.mandate[0].sv


def test_orebro_culture_plan_goals(examples_dir: Path) -> None:
    s = load(examples_dir, "orebro")
    culture_plan = plan(s, "kulturplan-2020-2023")
    assert culture_plan.kind is PlanKind.CULTURE_PLAN
    assert culture_plan.period == Period(start=date("2020"), end=date("2023"))
    assert len(culture_plan.goals) == 3
    children, health, county = culture_plan.goals
    assert "alla barn i länet" in children.text.sv
    assert [f.sv for f in health.focus_areas] == [
        "psykisk ohälsa",
        "funktionshinder",
        "äldreomsorg",
        "kultur som förebyggande",
    ]
    assert [t.sv for t in health.target_groups] == ["unga", "äldre"]
    assert [t.en for t in health.target_groups] == ["young people", "older people"]
    assert "Nätverket för regional kulturutveckling" in county.text.sv
    assert county.target_groups == ()


def test_orebro_action_plan_and_its_milestone(examples_dir: Path) -> None:
    s = load(examples_dir, "orebro")
    action = plan(s, "handlingsplan-region-kommun")
    assert action.kind is PlanKind.ACTION_PLAN
    assert action.status is PlanStatus.IN_PREPARATION
    assert action.based_on == "kulturplan-2020-2023"
    (milestone,) = action.milestones
    assert milestone.date == date("2020-05-15")
    event = one(s.events, id=milestone.event)
    assert event.date == milestone.date
    assert event.body == "specifika-samverkansradet-kultur"
    assert set(event.participants) == {P.HEADS_OF_CULTURE, P.DEVELOPMENT_LEADS, P.CULTURAL_INSTITUTIONS}


def test_orebro_interest_areas(examples_dir: Path) -> None:
    s = load(examples_dir, "orebro")
    assert len(s.interest_areas) == 8
    names = [a.name.sv for a in s.interest_areas]
    assert names[0] == "Kulturella kreativa näringar"
    assert names[-1] == "Integration"
    assert "En fungerande kollektivtrafik för skolan" in names
    libraries = one(s.interest_areas, id="bibliotekens-roll")
    assert libraries.activity_areas == (ActivityArea.LIBRARIES_READING_LITERATURE,)


def test_orebro_network_for_regional_cultural_development(examples_dir: Path) -> None:
    s = load(examples_dir, "orebro")
    network = org(s, "natverket-for-regional-kulturutveckling")
    assert network.kind is OrganisationKind.NETWORK
    assert [n.sv for n in network.former_names] == ["Kulturkonsulentnätverket i Örebro län"]
    assert "barn och unga" in network.description.sv
    assert "children and young people" in network.description.en


# ------------------------------------------------------------------ Norrbotten


def test_norrbotten_political_and_officials_forums(examples_dir: Path) -> None:
    s = load(examples_dir, "norrbotten")
    assert s.region.municipality_count == 14
    committee = body(s, "kulturberedningen")
    assert committee.kind is BodyKind.POLITICAL_FORUM
    assert committee.tier is Tier.POLITICAL
    assert committee.participants == (P.REGIONAL_POLITICIANS, P.MUNICIPAL_POLITICIANS)
    officials = body(s, "samverkansforum-tjanstepersonniva")
    assert officials.kind is BodyKind.OFFICIALS_FORUM
    assert P.OFFICIALS in officials.participants
    assert "14 kommuner" in officials.description.sv


def test_norrbotten_youth(examples_dir: Path) -> None:
    s = load(examples_dir, "norrbotten")
    lur = body(s, "lur")
    assert lur.kind is BodyKind.YOUTH_COUNCIL
    assert "(LUR)" in lur.name.sv
    assert lur.participants == (P.CHILDREN_AND_YOUNG_PEOPLE,)
    crew = body(s, "kulturcrew")
    assert crew.name.sv == "KulturCrew"
    assert "arrangörskap" in crew.purpose.sv
    youth = body(s, "ungt-samrad")
    assert youth.kind is BodyKind.CONSULTATION
    assert [o.organisation for o in youth.organisations] == ["met-nuoret", "saminuorra"]
    assert org(s, "met-nuoret").minorities == (NationalMinority.TORNEDALIANS,)
    sami = org(s, "saminuorra")
    assert sami.name.sv == "Sáminuorra"
    assert sami.kind is OrganisationKind.YOUTH_ORGANISATION
    assert sami.minorities == (NationalMinority.SAMI,)


def test_norrbotten_minorities_consultation(examples_dir: Path) -> None:
    s = load(examples_dir, "norrbotten")
    c = body(s, "samrad-nationella-minoriteter-samer")
    assert c.kind is BodyKind.CONSULTATION
    assert c.participants == (P.NATIONAL_MINORITIES, P.SAMI)


def test_norrbotten_northern_counties_and_international(examples_dir: Path) -> None:
    s = load(examples_dir, "norrbotten")
    north = one(s.collaborations, id="samarbete-norrlanen")
    assert north.scope is Scope.INTERREGIONAL
    assert len(north.members) == 4
    assert s.region.id in north.members
    (position,) = (plan(s, d) for d in north.documents)
    assert position.kind is PlanKind.POSITION_PAPER
    assert one(s.collaborations, id="barentsomradet").scope is Scope.INTERNATIONAL
    assert one(s.collaborations, id="interreg").kind is CollaborationKind.CROSS_BORDER_PROGRAMME
    exchanges = one(s.collaborations, id="internationella-utbyten")
    assert exchanges.kind is CollaborationKind.INTERNATIONAL_EXCHANGE
    assert set(exchanges.activity_areas) == {ActivityArea.THEATRE_DANCE_MUSIC, ActivityArea.VISUAL_ARTS_DESIGN}


def test_norrbotten_ongoing_work_for_professional_creators(examples_dir: Path) -> None:
    s = load(examples_dir, "norrbotten")
    work = body(s, "stod-professionella-kulturskapare")
    assert work.cadence == Ongoing()
    assert work.participants == (P.PROFESSIONAL_CULTURAL_CREATORS,)


def test_facts_held_by_the_fields_added_for_the_seeds(examples_dir: Path) -> None:
    halland = load(examples_dir, "halland")
    assert halland.levels == tuple(Scope)[:1] + tuple(Scope)[2:]  # all but sub-regional
    assert {p.id: p.owner for p in halland.plans if p.id.endswith("sydsverige")} == {
        "ett-enat-sydsverige": "regionsamverkan-sydsverige",
        "handlingsplan-sydsverige": "regionsamverkan-sydsverige",
    }
    assert "idéburen sektor" in halland.agreements[0].description.sv
    orebro = load(examples_dir, "orebro")
    assert len(orebro.interest_areas) == 8
    assert all(a.raised_by == (ParticipantCategory.MUNICIPALITIES,) for a in orebro.interest_areas)
    stockholm = load(examples_dir, "stockholm")
    assert one(stockholm.bodies, id="dialogmoten").convener == "kulturforvaltningen"


def test_facts_held_by_the_vocabulary_added_for_the_seeds(examples_dir: Path) -> None:
    stockholm = load(examples_dir, "stockholm")
    assert org(stockholm, "kulturforvaltningen").kind is OrganisationKind.ADMINISTRATION
    dialogues = one(stockholm.bodies, id="dialogmoten")
    assert Relation(type=RelationType.IMPLEMENTS, target="kulturstrategi-stockholmsregionen") in dialogues.relations
    assert ParticipantCategory.SPORTS_MOVEMENT in one(stockholm.event_series, id="stockholmstinget").participants
    skane = load(examples_dir, "skane")
    assert org(skane, "region-skanes-kulturnamnd").kind is OrganisationKind.REGIONAL_BOARD
    for network in ("regionalt-natverk-kulturchefer", "tematiska-natverk"):
        assert one(skane.bodies, id=network).relations[0] == Relation(
            type=RelationType.IMPLEMENTS, target="kulturplanen"
        )


def test_facts_held_by_format_2(examples_dir: Path) -> None:
    """What the seeds say that format 1 could only put in prose, or not at all."""
    norrbotten = load(examples_dir, "norrbotten")
    assert (norrbotten.region.joined, norrbotten.region.pilot) == (date("2011"), True)
    officials = body(norrbotten, "samverkansforum-tjanstepersonniva")
    assert officials.organisations[0].category is ParticipantCategory.MUNICIPALITIES
    assert norrbotten.region.municipality_count == 14
    [grant] = norrbotten.funding
    assert (grant.funder, grant.year, grant.decision.by, grant.decision.date) == (
        "region-norrbotten",
        2023,
        "regionala-utvecklingsnamnden",
        date("2022-11-29"),
    )
    assert ParticipantCategory.SAMI in body(norrbotten, "ungt-samrad").target_groups
    skane = load(examples_dir, "skane")
    network = body(skane, "regionalt-natverk-kulturchefer")
    assert Relation(type=RelationType.FOLLOWS_UP, target="arliga-kulturpolitiska-overlaggningar") in network.relations
    halland = load(examples_dir, "halland")
    consultation = body(halland, "samrad-professionella-kulturskapare")
    assert consultation.renewal is Renewal.EACH_PLAN_PERIOD
    [creators] = consultation.organisations
    assert creators.category is ParticipantCategory.PROFESSIONAL_CULTURAL_CREATORS
    assert creators.appointment.by == "region-halland"
    assert creators.represents.art_forms[0].sv == "olika konstområden"
    assert consultation.founded.by == "region-halland"
    orebro = load(examples_dir, "orebro")
    council = body(orebro, "regionala-samverkansradet")
    assert council.organisations[0].seats.count == 2
    assert council.not_exhaustive == ("organisations",)
    assert council.provenance[0].fields == ("description", "purpose")
    assert org(orebro, "lindesbergs-kommun").identifiers.municipality_code == "1885"
    stockholm = load(examples_dir, "stockholm")
    assert stockholm.sources[0].diary_number == "AKTNR 2907-16298"
