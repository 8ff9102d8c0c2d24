"""One test per construct of issue 11: written in a file, validated (model and JSON Schema), round-tripped
in YAML, JSON and TOML, and rendered in Swedish and English with the words that say it."""

from __future__ import annotations

import jsonschema
import pytest

import kultursamverkan
from kultursamverkan import converter
from kultursamverkan.schema import json_schema

BASE = """format_version: 2
id: x
name: {sv: Exempel, en: Example}
as_of: "2024"
region: {id: region-x, name: {sv: Region X}%(region)s}
organisations:
  - {id: org, name: {sv: Förbundet, en: The Association}, kind: association_of_municipalities%(org)s}
  - {id: kommun, name: {sv: Kommunen, en: The Municipality}, kind: municipality}
  - {id: namnd, name: {sv: Nämnden, en: The Committee}, kind: regional_board}
plans:
  - {id: plan, name: {sv: Kulturplanen, en: The culture plan}, kind: culture_plan%(plan)s}
event_series:
  - {id: forum, name: {sv: Forumet, en: The forum}, kind: meeting_place%(series)s}
events:
  - {id: motet, name: {sv: Mötet, en: The meeting}, kind: meeting, date: "2023-05-04"%(event)s}
bodies:
  - {id: radet, name: {sv: Rådet, en: The council}, kind: %(kind)s%(body)s}
%(rest)s"""

# construct → (where it goes, its YAML, words in the Swedish rendering, words in the English one)
CONSTRUCTS: dict[str, tuple[str, str, list[str], list[str]]] = {
    "seats per member and substitutes": (
        "body",
        "organisations: [{category: municipalities, seats: {count: 1, per_member: true, substitutes: 1}}]",
        ["Kommuner, en per medlem och en ersättare"],
        ["Municipalities, one per member, and one substitute"],
    ),
    "seats in total, approximate": (
        "body",
        "seats: {count: 20, approximate: true}",
        ["Platser: omkring 20"],
        ["Seats: about 20"],
    ),
    "appointment": (
        "body",
        "appointment: {by: org, term_years: 2, extension_years: 1, staggered: true,"
        " remuneration: {paid: true, basis: {sv: arvodesreglerna, en: the fee rules}}}",
        [
            "Utses: av Förbundet, på två år, kan förlängas med ett år, förnyas växelvis,"
            " arvoderas enligt arvodesreglerna"
        ],
        [
            "Appointed: by The Association, for two years, renewable by one year, renewed in turn,"
            " paid following the fee rules"
        ],
    ),
    "appointed by each member": (
        "body",
        "appointment: {by_each_member: true}",
        ["varje medlem för sig"],
        ["each member for itself"],
    ),
    "represents": (
        "body",
        "organisations: [{category: professional_cultural_creators, represents: {activity_areas: [film]}}]",
        ["som företräder filmkulturell verksamhet"],
        ["representing film"],
    ),
    "not exhaustive": (
        "body",
        "participants: [officials]\n    not_exhaustive: [participants]",
        ["Listor som bara ger exempel: Deltagare"],
        ["Lists that name examples only: Participants"],
    ),
    "invited to every meeting": (
        "body",
        "organisations: [{organisation: org, invited: true}]",
        ["Förbundet (inbjuden)"],
        ["The Association (invited)"],
    ),
    "invited to the spring meeting": (
        "body",
        "organisations: [{organisation: org, invited_to: {season: spring}}]",
        ["inbjuden till vårmötet"],
        ["invited to the spring meeting"],
    ),
    "target group": (
        "body",
        "target_groups: [children_and_young_people]",
        ["Målgrupper", "barn och unga"],
        ["Target groups", "children and young people"],
    ),
    "chair held by an organisation": (
        "body",
        "chair: {organisation: org}",
        ["Ordförande: Förbundet"],
        ["Chair: The Association"],
    ),
    "vice chair held by a role": (
        "body",
        "vice_chair: {category: heads_of_culture}",
        ["Vice ordförande: kulturchefer"],
        ["Vice chair: heads of culture"],
    ),
    "rotating chair": (
        "body",
        "chair: {rotation: {between: [region-x, org], years: 2}}",
        ["Ordförande: växelvis mellan Region X och Förbundet, två år vardera"],
        ["Chair: in turn between Region X and The Association, two years each"],
    ),
    "secretariat by whoever chairs": (
        "body",
        "secretariat: {whoever_chairs: true}",
        ["Sekretariat: den som är ordförande"],
        ["Secretariat: whoever chairs"],
    ),
    "rules of procedure": (
        "body",
        "rules_of_procedure: {adopted: {by: namnd, date: '2019-05'}, url: 'https://example.org/ao'}",
        ["Arbetsordning: antagen av Nämnden, maj 2019"],
        ["Rules of procedure: adopted by The Committee, May 2019"],
    ),
    "decision power": (
        "body",
        "decision_power: advisory",
        ["rådgivande, utan egen beslutsrätt"],
        ["advisory, without power to decide"],
    ),
    "body kind: presidium": ("kind", "presidium", ["Typ: presidium"], ["Kind: presidium"]),
    "body kind: preparatory group": ("kind", "preparatory_group", ["beredningsgrupp"], ["preparatory group"]),
    "body kind: council committee": ("kind", "council_committee", ["nämnd"], ["council committee"]),
    "body kind: working committee": ("kind", "working_committee", ["arbetsutskott"], ["working committee"]),
    "body kind: reference group": ("kind", "reference_group", ["referensgrupp"], ["reference group"]),
    "body kind: umbrella": ("kind", "umbrella", ["paraplystruktur"], ["umbrella structure"]),
    "body kind: project": ("kind", "project", ["projekt"], ["project"]),
    "body kind: unknown": ("kind", "unknown", ["organ av okänt slag"], ["body of unknown kind"]),
    "multi-tier body": (
        "body",
        "tier: political\n    also_tiers: [strategic]",
        ["Även på nivån", "strategisk"],
        ["Also at level", "strategic"],
    ),
    "relation to a plan": (
        "body",
        "relations: [{type: consulted_on, target: plan}]",
        ["lämnar synpunkter på Kulturplanen"],
        ["consulted on The culture plan"],
    ),
    "relation: follows up, at an event": (
        "body",
        "relations: [{type: follows_up, target: plan, at: forum}]",
        ["följer upp Kulturplanen"],
        ["follows up The culture plan"],
    ),
    "relation: organises an event series": (
        "body",
        "relations: [{type: organises, target: forum}]",
        ["arrangerar Forumet"],
        ["organises The forum"],
    ),
    "relation: prepares for": (
        "body",
        "relations: [{type: prepares_for, target: namnd}]",
        ["bereder ärenden för Nämnden"],
        ["prepares matters for The Committee"],
    ),
    "organisation kinds": (
        "rest",
        "",
        ["kommunalförbund", "regional styrelse eller nämnd"],
        ["association of municipalities", "regional board or committee"],
    ),
    "membership of organisations": (
        "org",
        ", member_of: [namnd]",
        ["Medlem i", "Nämnden"],
        ["Member of", "The Committee"],
    ),
    "abbreviation and alternative names": (
        "org",
        ", abbreviation: EKF, alternative_names: [{sv: Kommunförbundet, en: The Federation}]",
        ["Förkortning: EKF", "Kallas även", "Kommunförbundet"],
        ["Abbreviation: EKF", "Also called", "The Federation"],
    ),
    "identifiers": (
        "org",
        ", identifiers: {organisation_number: '222000-0000', wikidata: Q42}",
        ["Identifierare: organisationsnummer 222000-0000, Wikidata Q42"],
        ["Identifiers: organisation number 222000-0000, Wikidata Q42"],
    ),
    "municipality code": (
        "region",
        ", identifiers: {municipality_code: '0180'}",
        ["kommunkod 0180"],
        ["municipality code 0180"],
    ),
    "organisation mandate": (
        "org",
        ", mandate: [{sv: Samordna, en: Coordinate}]",
        ["Uppdrag", "Samordna"],
        ["Mandate", "Coordinate"],
    ),
    "participant categories": (
        "body",
        "participants: [independent_arts_sector, amateur_culture, culture_consultants, party_representatives,"
        " disability_organisations]",
        [
            "det fria kulturlivet",
            "amatörkulturen",
            "kulturkonsulenter",
            "partiföreträdare",
            "funktionsrättsorganisationer",
        ],
        [
            "the independent arts sector",
            "amateur culture",
            "culture consultants",
            "party representatives",
            "disability organisations",
        ],
    ),
    "date: season": ("event", ", end: '2023-autumn'", ["hösten 2023"], ["autumn 2023"]),
    "date: approximate": ("body", "established: '~2015'", ["omkring 2015"], ["around 2015"]),
    "date: split year": ("body", "planned_end: '2023/24'", ["Planerat slut: 2023/24"], ["Planned end: 2023/24"]),
    "region joined, pilot": (
        "region",
        ", joined: '2011', pilot: true",
        ["Gick med i kultursamverkansmodellen: 2011", "Försöksregion: ja"],
        ["Joined the cultural cooperation model: 2011", "Pilot region: yes"],
    ),
    "plan adopted, extended, focus areas": (
        "plan",
        ", adopted: {by: namnd, date: '2019-06', diary_number: RS 2019/233}, extended_to: '2024',"
        " focus_areas: [{sv: barn och unga, en: children and young people}]",
        ["Antagen: av Nämnden, juni 2019, diarienummer RS 2019/233", "Förlängd till: 2024", "Fokusområden"],
        ["Adopted: by The Committee, June 2019, diary number RS 2019/233", "Extended to: 2024", "Focus areas"],
    ),
    "plan kinds and plan within plan": (
        "rest",
        "  - {id: vp, name: {sv: Verksamhetsplan 2024}, kind: annual_activity_plan, part_of: plan}",
        ["årlig verksamhetsplan", "Del av: Kulturplanen"],
        ["annual activity plan", "Part of: The culture plan"],
    ),
    "agreement offered to each, parties' status, period, implements": (
        "rest",
        "agreements:\n  - {id: avtal, name: {sv: Avtalet, en: The agreement}, offered_to_each: [municipalities],"
        " party_status: [{party: kommun, status: signed}], period: {start: '2023', end: '2026'}, implements: plan}",
        [
            "Erbjuds enskilt till",
            "kommuner",
            "Parternas ställning",
            "Kommunen",
            "har undertecknat",
            "2023–2026",
            "Genomför: Kulturplanen",
        ],
        [
            "Offered to each of",
            "municipalities",
            "Parties' status",
            "The Municipality",
            "signed",
            "2023–2026",
            "Implements: The culture plan",
        ],
    ),
    "body planned end, founded, evaluation": (
        "body",
        "founded: {by: namnd, date: '2017'}\n    evaluations: [{date: '2021', by: org, summary: {sv: Bra, en: Good}}]",
        ["Inrättad genom beslut: av Nämnden, 2017", "Utvärderingar", "Bra"],
        ["Set up by decision: by The Committee, 2017", "Evaluations", "Good"],
    ),
    "per-object sources and as-of": (
        "body",
        "provenance: [{fields: [cadence], as_of: '2022', sources: [{url: 'https://example.org/r'}]}]",
        ["Källor till uppgifterna", "uppgifter per 2022"],
        ["Sources of these facts", "as of 2022"],
    ),
    "change history": (
        "body",
        "history: [{date: '2020', changed: [cadence], cadence: {kind: count, times: 1, seasons: [spring]}}]",
        ["Historik", "mötesfrekvens", "en gång per år, på våren"],
        ["History", "meeting frequency", "once a year, in spring"],
    ),
    "cadence qualifier": (
        "body",
        "cadence: {kind: count, times: 2, qualifier: as_a_rule}",
        ["som regel två gånger per år"],
        ["as a rule twice a year"],
    ),
    "seasonal meetings": (
        "body",
        "cadence: {kind: count, times: 2, seasons: [spring, autumn]}",
        ["på våren och hösten"],
        ["in spring and autumn"],
    ),
    "own dated meetings": (
        "body",
        "meetings: [{date: '2023-05-12'}]",
        ["Hållna möten", "12 maj 2023"],
        ["Meetings held", "12 May 2023"],
    ),
    "range of intervals": (
        "body",
        "cadence: {kind: interval, every: 3, every_max: 4}",
        ["vart tredje till fjärde år"],
        ["every third to fourth year"],
    ),
    "cadence tied to a phase": (
        "body",
        "cadence: {kind: as_needed, during: plan_dialogue}",
        ["vid behov under dialogperioden inför varje ny kulturplan"],
        ["as needed, during the dialogue period before each new culture plan"],
    ),
    "reporting duty": (
        "body",
        "reporting: [{to: namnd, cadence: {kind: interval, every: 1}}]",
        ["Rapporterar", "till Nämnden, årligen"],
        ["Reports", "to The Committee, annually"],
    ),
    "event series": (
        "series",
        ", organisers: [region-x, org], theme: {sv: Läsning, en: Reading}, cadence: {kind: interval, every: 1}",
        ["Återkommande evenemang", "Arrangörer", "Förbundet", "Tema: Läsning"],
        ["Recurring events", "Organisers", "The Association", "Theme: Reading"],
    ),
    "event edition, attendance, time, venue, url": (
        "event",
        ", series: forum, attendance: 200, attendance_approximate: true, time: '18:00',"
        " location: {sv: Kulturhuset, en: The culture house}, url: 'https://example.org/m'",
        ["Upplaga av: Forumet", "Antal deltagare: 200", "Tid: kl. 18.00", "Kulturhuset"],
        ["Edition of: The forum", "Attendance: 200", "Time: 18:00", "The culture house"],
    ),
    "funding per year in SEK": (
        "rest",
        "funding: [{funder: region-x, recipient: org, year: 2024, amount_sek: 1500000}]",
        ["Finansiering", "Region X till Förbundet, 2024", "1 500 000 kronor"],
        ["Funding", "Region X to The Association, 2024", "1,500,000 kronor"],
    ),
    "diary numbers of decisions": (
        "rest",
        "funding: [{funder: region-x, recipient_category: civil_society, year: 2023,"
        " decision: {by: namnd, diary_number: KN 2022/88}}]",
        ["diarienummer KN 2022/88"],
        ["diary number KN 2022/88"],
    ),
}


def _file(where: str, text: str) -> str:
    parts = dict.fromkeys(("region", "org", "plan", "series", "event", "body", "rest"), "")
    parts["kind"] = "council"
    if where == "kind":
        parts["kind"] = text
    elif where == "body":
        return _body(text, parts)
    elif where == "rest" and text.startswith("  - "):
        parts["rest"] = ""
        return (BASE % parts).replace("plans:\n", "plans:\n" + text + "\n", 1)
    else:
        parts[where] = text
    return BASE % parts


def _body(text: str, parts: dict[str, str]) -> str:
    """The council written as a block mapping, so that the construct can span lines."""
    parts["body"] = ""
    out = BASE % parts
    return out.replace(
        "  - {id: radet, name: {sv: Rådet, en: The council}, kind: council}\n",
        "  - id: radet\n    name: {sv: Rådet, en: The council}\n    kind: council\n    " + text + "\n",
    )


@pytest.mark.parametrize("construct", list(CONSTRUCTS))
def test_construct(construct: str) -> None:
    where, text, swedish, english = CONSTRUCTS[construct]
    source = _file(where, text)
    structure = kultursamverkan.loads(source)  # validates: shape and cross-object rules
    jsonschema.validate(converter.unstructure(structure), json_schema())
    for fmt in ("yaml", "json", "toml"):
        assert kultursamverkan.loads(kultursamverkan.dumps(structure, fmt), fmt) == structure, fmt
    for lang, words in (("sv", swedish), ("en", english)):
        rendered = " ".join(kultursamverkan.render(structure, lang=lang, format="text").split())
        missing = [w for w in words if w not in rendered]
        assert not missing, (lang, missing)
