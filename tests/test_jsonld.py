"""JSON-LD export: valid after expansion by a real processor, with no network, and safe in HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from pyld import jsonld as ld

import kultursamverkan
from kultursamverkan import i18n, jsonld
from kultursamverkan.cadence import AsNeeded, AtLeast, Count, Interval, Range
from kultursamverkan.values import LocalizedText, PartialDate
from kultursamverkan.vocab import BodyKind, OrganisationKind, TimeUnit
from tests import strategies

from .conftest import EXAMPLES, REGIONS, load_region
from .test_export import build_hostile

SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
BASE = "https://kultur.example/halland/"
CONTEXT_URL = "https://kultur.example/ns/kultursamverkan.jsonld"


def _loader(url: str, _options: dict) -> dict:
    """Serve the packaged context at CONTEXT_URL; refuse every other URL."""
    if url == CONTEXT_URL:
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": jsonld.context_document(),
        }
    raise AssertionError(f"the processor tried to load {url}")


def _dropped(prop: str | None) -> None:
    raise AssertionError(f"JSON-LD processing dropped the property {prop!r}")


def expand(document: dict) -> list[dict]:
    return ld.expand(document, {"documentLoader": _loader}, on_property_dropped=_dropped)


def by_id(expanded: list[dict]) -> dict[str, dict]:
    return {node["@id"]: node for node in expanded if "@id" in node}


def values(node: dict, prop: str) -> list:
    return node.get(prop, [])


@pytest.mark.parametrize("region", REGIONS)
def test_every_region_expands_without_network_or_dropped_terms(region: str) -> None:
    structure = load_region(region)
    document = jsonld.to_jsonld(structure, base_url=BASE)
    expanded = expand(document)
    nodes = by_id(expanded)
    for body in structure.bodies:
        assert BASE + body.id in nodes
    assert json.loads(jsonld.dumps(document)) == document


@pytest.mark.parametrize("region", REGIONS)
def test_context_by_url_means_the_same_as_the_inline_context(region: str) -> None:
    structure = load_region(region)
    inline = expand(jsonld.to_jsonld(structure, base_url=BASE))
    by_url = expand(jsonld.to_jsonld(structure, base_url=BASE, context_url=CONTEXT_URL))
    assert by_url == inline


def test_halland_tactical_network_has_schedule_p3m_and_two_names() -> None:
    nodes = by_id(expand(jsonld.to_jsonld(load_region("halland"), base_url=BASE)))
    network = nodes[BASE + "taktiskt-natverk"]
    assert SCHEMA + "Organization" in network["@type"]
    names = {v["@language"]: v["@value"] for v in values(network, SCHEMA + "name")}
    assert names == {"sv": "Taktiskt nätverk", "en": "Tactical network"}
    events = [v["@id"] for v in values(network, SCHEMA + "event")]
    assert events == [BASE + "taktiskt-natverk/meetings"]
    meetings = nodes[events[0]]
    assert SCHEMA + "Event" in meetings["@type"]
    (schedule,) = values(meetings, SCHEMA + "eventSchedule")
    assert schedule["@type"] == [SCHEMA + "Schedule"]
    assert values(schedule, SCHEMA + "repeatFrequency") == [{"@value": "P3M"}]
    languages = {v["@language"] for v in values(schedule, SCHEMA + "description")}
    assert languages == {"sv", "en"}


def test_halland_key_triples() -> None:
    nodes = by_id(expand(jsonld.to_jsonld(load_region("halland"), base_url=BASE)))
    root = nodes[BASE]
    assert root["@type"] == [ORG + "OrganizationalCollaboration"]
    assert {"@id": BASE + "region-halland"} in values(root, SCHEMA + "member")
    region = nodes[BASE + "region-halland"]
    assert region["@type"] == [SCHEMA + "GovernmentOrganization"]
    assert {"@id": BASE + "regionsamverkan-sydsverige"} in values(region, SCHEMA + "memberOf")
    collab = nodes[BASE + "regionsamverkan-sydsverige"]
    assert ORG + "OrganizationalCollaboration" in collab["@type"]
    assert len(values(collab, SCHEMA + "member")) == 6
    assert {v["@language"] for v in values(collab, ORG + "purpose")} == {"sv", "en"}
    # The library heads' group is part of the operative groups, both ways round.
    group = nodes[BASE + "bibliotekschefsgruppen"]
    assert values(group, SCHEMA + "parentOrganization") == [{"@id": BASE + "operativa-grupper"}]
    assert {"@id": BASE + "bibliotekschefsgruppen"} in values(
        nodes[BASE + "operativa-grupper"], SCHEMA + "subOrganization"
    )
    # "As needed" has a schedule with words but no frequency.
    (schedule,) = values(nodes[BASE + "operativa-grupper/meetings"], SCHEMA + "eventSchedule")
    assert SCHEMA + "repeatFrequency" not in schedule
    # The steering-group relation is an org:Membership of the institution.
    (membership,) = values(nodes[BASE + "taktiskt-natverk"], ORG + "hasMembership")
    assert values(membership, ORG + "organization") == [{"@id": BASE + "art-inside-out"}]


def test_ids_are_stable_and_follow_the_base() -> None:
    structure = load_region("halland")
    first = jsonld.dumps(jsonld.to_jsonld(structure, base_url="https://a.example/x"))
    assert first == jsonld.dumps(jsonld.to_jsonld(structure, base_url="https://a.example/x"))
    ids = [node["@id"] for node in json.loads(first)["@graph"]]
    assert all(i.startswith("https://a.example/x/") for i in ids[1:])
    assert len(ids) == len(set(ids))
    default = jsonld.to_jsonld(structure)
    assert default["@graph"][0]["@id"] == "urn:kultursamverkan:halland:"


@pytest.mark.parametrize(
    ("cadence", "expected"),
    [
        (Count(times=2), "P6M"),
        (Count(times=4), "P3M"),
        (Count(times=12), "P1M"),
        (Count(times=1), "P1Y"),
        (Count(times=5), None),
        (Count(times=4, approximate=True), None),
        (Count(times=1, per=TimeUnit.MONTH), "P1M"),
        (Count(times=1, per=TimeUnit.TERM), "P6M"),
        (Count(times=1, per=TimeUnit.WEEK), "P1W"),
        (Interval(every=2, unit=TimeUnit.MONTH), "P2M"),
        (Interval(every=4, unit=TimeUnit.YEAR), "P4Y"),
        (Interval(every=1, unit=TimeUnit.QUARTER), "P3M"),
        (Interval(every=3, unit=TimeUnit.WEEK), "P3W"),
        (Range(min=3, max=4), None),
        (AtLeast(times=1), None),
        (AsNeeded(), None),
    ],
)
def test_repeat_frequency(cadence: object, expected: str | None) -> None:
    assert jsonld.repeat_frequency(cadence) == expected  # type: ignore[arg-type]


HOSTILE = [
    "</script><script>alert(1)</script>",
    "</SCRIPT >",
    "<!-- <script>",
    "]]>",
    "line\u2028separator\u2029paragraph",
    "&amp; \" ' \\ \x00",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_script_tag_cannot_be_broken_out_of(text: str) -> None:
    data = {"@context": {"name": "https://schema.org/name"}, "name": text, text: [text]}
    tag = jsonld.script_tag(data)
    assert tag.startswith('<script type="application/ld+json">')
    assert tag.endswith("</script>")
    inner = tag[len('<script type="application/ld+json">') : -len("</script>")]
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in inner
    assert json.loads(inner) == data
    assert jsonld.script_tag(json.dumps(data)) == tag


def test_hostile_structure_text_stays_inside_the_script_element() -> None:
    hostile_structure = build_hostile()
    tag = jsonld.script_tag(jsonld.to_jsonld(hostile_structure))
    assert len(re.findall(r"</script", tag, flags=re.IGNORECASE)) == 1
    assert "<!--" not in tag
    inner = tag[len('<script type="application/ld+json">') : -len("</script>")]
    document = json.loads(inner)
    assert document["@graph"][0]["name"]["sv"] == hostile_structure.name.sv
    expand(document)


def test_context_is_packaged_data() -> None:
    packaged = Path(jsonld.__file__).with_name(jsonld.CONTEXT_RESOURCE)
    assert json.loads(packaged.read_text(encoding="utf-8")) == jsonld.context_document()


def test_format_2_constructs_use_schema_org_and_org_terms() -> None:
    structure = kultursamverkan.load(EXAMPLES.parent / "complete.yaml")
    nodes = by_id(expand(jsonld.to_jsonld(structure, base_url=BASE)))
    council = nodes[BASE + "samverkansradet"]
    [chair, vice, secretariat] = council[ORG + "hasPost"]
    assert chair["@type"] == [ORG + "Post"]
    assert vice[ORG + "heldBy"] == [{"@id": BASE + "exempelby-kommun"}]
    assert ORG + "heldBy" not in secretariat  # whoever chairs: no one organisation
    [change, _] = council[ORG + "changedBy"]
    assert change["@type"] == [ORG + "ChangeEvent"]
    assert change[SCHEMA + "startDate"] == [{"@value": "2020"}]
    association = nodes[BASE + "exempelkommunerna"]
    assert {"@value": "EKF", "@language": "sv"} in association[SCHEMA + "alternateName"]
    assert {"@id": BASE + "exempelkommunerna"} in nodes[BASE + "exempelby-kommun"][SCHEMA + "memberOf"]
    [number] = association[SCHEMA + "identifier"]
    assert number[SCHEMA + "value"] == [{"@value": "222000-0000"}]
    region = nodes[BASE + "region-exempel"]
    assert region[SCHEMA + "sameAs"] == [{"@id": "http://www.wikidata.org/entity/Q99999999"}]
    series = nodes[BASE + "kulturforum"]
    assert series["@type"] == [SCHEMA + "EventSeries"]
    assert nodes[BASE + "kulturforum-2023"][SCHEMA + "superEvent"] == [{"@id": BASE + "kulturforum"}]
    grant = nodes[BASE + "funding/0"]
    assert grant["@type"] == [SCHEMA + "MonetaryGrant"]
    assert grant[SCHEMA + "funder"] == [{"@id": BASE + "region-exempel"}]
    assert grant[SCHEMA + "amount"][0][SCHEMA + "currency"] == [{"@value": "SEK"}]
    # A season is written in ISO 8601-2 (EDTF), not bent to a whole year.
    assert nodes[BASE + "varmote-2021"][SCHEMA + "startDate"] == [{"@value": "2021-21"}]


@pytest.mark.parametrize("indent", [2, 4])
@pytest.mark.parametrize("msgspec", [True, False], ids=["msgspec", "pure-python"])
def test_dumps_writes_what_json_dumps_writes(indent: int, msgspec: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The writers behind ``dumps`` (faster before Python 3.13) are character for character json.dumps:
    msgspec indenting the C encoder's text, and without msgspec (or for NaN) the direct writer."""
    if msgspec and jsonld._format is None:
        pytest.skip("needs msgspec")
    if not msgspec:
        monkeypatch.setattr(jsonld, "_format", None)
    tricky = {
        "a": [1, -2, 3.5, 1e300, 1e-7, 10**30, True, False, None, "", 'ö\u2028"\\\n\t\x01', [], {}, [[]], [{}]],
        "b": {"c": {"d": []}, "e": "Region Skåne"},
        "f": (1, "tuple"),
    }
    documents = [tricky, [], {}, "text", 7, {"nan": [float("nan"), float("inf")]}] + [
        jsonld.to_jsonld(kultursamverkan.load(EXAMPLES / f"{name}.yaml")) for name in REGIONS
    ]
    for document in documents:
        expected = json.dumps(document, ensure_ascii=False, indent=indent) + "\n"
        assert jsonld.dumps(document, indent=indent) == expected


def _with_lone_surrogate() -> kultursamverkan.Structure:
    """Text JSON can carry (``"\\ud800"``) but UTF-8 cannot: json.dumps writes it as it is."""
    return attrs.evolve(build_hostile(), name=LocalizedText(sv="a\ud800b"))


@pytest.mark.parametrize("msgspec", [True, False], ids=["msgspec", "pure-python"])
def test_to_text_writes_what_dumps_of_to_jsonld_writes(msgspec: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """``to_text`` (what ``export`` serves) encodes the builder's document directly: the same text."""
    if msgspec and jsonld._encode is None:
        pytest.skip("needs msgspec")
    if not msgspec:
        monkeypatch.setattr(jsonld, "_encode", None)
    structures = [load_region(name) for name in REGIONS]
    structures += [kultursamverkan.load(EXAMPLES.parent / "complete.yaml"), build_hostile(), _with_lone_surrogate()]
    for structure in structures:
        pages = {"": "https://kultur.example/", structure.region.id: "https://kultur.example/region/"}
        for options in ({}, {"base_url": BASE, "context_url": CONTEXT_URL, "pages": pages}):
            expected = jsonld.dumps(jsonld.to_jsonld(structure, **options))  # type: ignore[arg-type]
            assert jsonld.to_text(structure, **options) == expected  # type: ignore[arg-type]
    assert "\ud800" in jsonld.to_text(_with_lone_surrogate())
    assert jsonld.to_jsonld(structures[0])["@context"] is not jsonld.to_jsonld(structures[0])["@context"]


@pytest.mark.parametrize("nodes", [0, 1, 31, 32, 33, 64, 65, 200])
def test_written_in_pieces_is_the_text_written_whole(nodes: int) -> None:
    """``to_text`` formats a large graph a few nodes at a time (``_CHUNK``): byte for byte the text written at
    once, at and around the size of a piece, with line breaks, quotes and non-ASCII inside the strings."""
    if jsonld._encode is None:
        pytest.skip("needs msgspec")
    graph = [
        {"@id": f"#n{i}", "name": {"sv": f'Råd {i}\n"två"', "en": "x"}, "list": [i, {"a": []}, {}], "e": []}
        for i in range(nodes)
    ]
    document = {"@context": {"@vocab": "https://schema.org/", "k": {"@id": "x"}}, "@graph": graph}
    assert jsonld._written(document) == jsonld._format(jsonld._encode(document), indent=2).decode() + "\n"
    assert jsonld._written(document) == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    after = {"@graph": graph, "@id": "#after"}  # a key after the graph: written whole
    assert jsonld._written(after) == jsonld._format(jsonld._encode(after), indent=2).decode() + "\n"


@settings(max_examples=25, deadline=None)
@given(strategies.structures())
def test_to_text_writes_what_dumps_of_to_jsonld_writes_for_any_structure(structure: kultursamverkan.Structure) -> None:
    assert jsonld.to_text(structure) == jsonld.dumps(jsonld.to_jsonld(structure))


@settings(max_examples=25, deadline=None)
@given(strategies.structures())
def test_to_jsonld_hands_out_every_part_once(structure: kultursamverkan.Structure) -> None:
    """``to_text`` shares the nodes' constant parts (labels, properties, roles, phrases), as its document is
    written out and dropped; ``to_jsonld``'s caller may change any part, so no dict or list of its document is
    in two places, nor in the document of another call."""
    seen: set[int] = set()

    def walk(value: object) -> None:
        if isinstance(value, (dict, list)):
            assert id(value) not in seen, value
            seen.add(id(value))
            for item in value.values() if isinstance(value, dict) else value:
                walk(item)

    first, second = jsonld.to_jsonld(structure), jsonld.to_jsonld(structure)
    walk(first)
    walk(second)


def test_members_of_two_vocabularies_with_one_value_keep_their_own_labels() -> None:
    """``BodyKind.COMMITTEE`` and ``OrganisationKind.COMMITTEE`` are equal strings with one hash, but a
    committee body is an "utskott" and a committee organisation a "nämnd": the remembered labels tell them apart."""
    hostile = build_hostile()
    committee_org = attrs.evolve(hostile.organisations[0], kind=OrganisationKind.COMMITTEE)
    committee_body = attrs.evolve(hostile.bodies[0], kind=BodyKind.COMMITTEE)
    structure = attrs.evolve(hostile, organisations=(committee_org,), bodies=(committee_body, *hostile.bodies[1:]))
    assert BodyKind.COMMITTEE == OrganisationKind.COMMITTEE  # why a cache must be typed
    nodes = {node["@id"]: node for node in jsonld.to_jsonld(structure, base_url=BASE)["@graph"]}
    for obj in (committee_org, committee_body):
        [kind] = [p for p in nodes[BASE + obj.id]["additionalProperty"] if p["propertyID"] == "kind"]
        assert kind["name"] == {"sv": i18n.label(obj.kind, "sv"), "en": i18n.label(obj.kind, "en")}
    assert i18n.label(BodyKind.COMMITTEE, "sv") != i18n.label(OrganisationKind.COMMITTEE, "sv")


def _defined_and_referenced(expanded: list[dict]) -> tuple[set[str], set[str]]:
    """Node ids the graph describes, and ids it points at (a bare ``{"@id": …}`` or an ``@id``-typed value)."""
    defined: set[str] = set()
    referenced: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            if "@id" in value:
                (referenced if set(value) == {"@id"} else defined).add(value["@id"])
            for key, item in value.items():
                if key != "@id":
                    walk(item)

    walk(expanded)
    return defined, referenced


@pytest.mark.parametrize("region", REGIONS)
def test_every_relation_points_at_a_node_of_the_graph(region: str) -> None:
    structure = load_region(region)
    expanded = expand(jsonld.to_jsonld(structure, base_url=BASE))
    defined, referenced = _defined_and_referenced(expanded)
    ours = {ref for ref in referenced if ref.startswith(BASE)}
    assert ours - defined == set()
    for collection in (structure.plans, structure.agreements, structure.events, structure.bodies):
        for item in collection:
            assert BASE + item.id in defined


def test_plans_goals_milestones_agreements_and_body_texts_are_in_the_graph() -> None:
    structure = load_region("orebro")
    nodes = by_id(expand(jsonld.to_jsonld(structure, base_url=BASE)))
    plan = next(p for p in structure.plans if p.goals)
    assert any(p.milestones for p in structure.plans)
    plan_node = nodes[BASE + plan.id]
    assert plan_node["@type"] == [SCHEMA + "CreativeWork"]
    assert len(values(plan_node, SCHEMA + "hasPart")) == len(plan.goals)
    for i, goal in enumerate(plan.goals):
        texts = {v["@language"]: v["@value"] for v in nodes[f"{BASE}{plan.id}/goals/{i}"][SCHEMA + "text"]}
        assert texts["sv"] == goal.text.sv
    for other in structure.plans:
        for i, milestone in enumerate(other.milestones):
            node = nodes[f"{BASE}{other.id}/milestones/{i}"]
            assert node[SCHEMA + "startDate"] == [{"@value": milestone.date.edtf()}]
    assert sum(len(b.mandate) for b in structure.bodies) == 3
    for body in structure.bodies:
        props = values(nodes[BASE + body.id], SCHEMA + "additionalProperty")
        ids = [v["@value"] for p in props for v in p.get(SCHEMA + "propertyID", [])]
        assert ids.count("mandate") == len(body.mandate)
        assert ids.count("activity_area") == len(body.activity_areas)
        assert ("participants_note" in ids) == (body.participants_note is not None)
    halland = load_region("halland")
    agreement = halland.agreements[0]
    nodes = by_id(expand(jsonld.to_jsonld(halland, base_url=BASE)))
    assert {p["@id"] for p in values(nodes[BASE + agreement.id], SCHEMA + "creator")} == {
        BASE + p for p in agreement.parties
    }


def test_pages_become_main_entity_of_page() -> None:
    structure = load_region("halland")
    body = structure.bodies[0]
    page = "https://kultur.example/halland/"
    document = jsonld.to_jsonld(structure, base_url=page + "#", pages={"": page, body.id: page + body.id + "/"})
    nodes = by_id(expand(document))
    assert nodes[page + "#"][SCHEMA + "mainEntityOfPage"] == [{"@id": page}]
    assert nodes[page + "#" + body.id][SCHEMA + "mainEntityOfPage"] == [{"@id": page + body.id + "/"}]


@settings(max_examples=200, deadline=None)
@given(strategies.partial_dates())
def test_edtf_is_the_iso_form_with_its_approximation_mark_at_the_end(date: PartialDate) -> None:
    """``edtf`` writes the exact forms itself (no copy of the date): ``isoformat`` of the date made exact, then "~"."""
    exact = attrs.evolve(date, approximate=False)
    if date.season is None and not date.split_year:
        assert date.edtf() == exact.isoformat() + ("~" if date.approximate else "")
    assert date.edtf().rstrip("~") == exact.edtf()


def _made_afresh(obj: object, cls: type, skip: str) -> object:
    """``obj`` as a ``cls``: a subclass whose ``skip`` is a property giving a new object on each reading."""
    made = object.__new__(cls)
    for field in attrs.fields(type(obj)):
        if field.name != skip:
            object.__setattr__(made, field.name, getattr(obj, field.name))
    return made


def test_dates_made_afresh_on_each_reading_keep_their_own_text() -> None:
    """The builder remembers each date's EDTF by the date's identity; a date object freed at once
    (a property of a hand-made subclass) must not lend its id, and its text, to the next body's."""
    from kultursamverkan.model import Body, Representation

    class LiveBody(Body):
        __slots__ = ()

        @property
        def established(self) -> PartialDate:  # type: ignore[override]
            return PartialDate(year=1990 + len(self.id) % 20)

    class LiveRepresentation(Representation):
        __slots__ = ()

        @property
        def start(self) -> PartialDate:  # type: ignore[override]
            return PartialDate(year=2000 + len(self.person) % 20)

    s = kultursamverkan.load(Path(__file__).parent.parent / "examples" / "complete.yaml")
    live = attrs.evolve(s)
    object.__setattr__(live, "bodies", tuple(_made_afresh(b, LiveBody, "established") for b in s.bodies))
    object.__setattr__(
        live, "representations", tuple(_made_afresh(r, LiveRepresentation, "start") for r in s.representations)
    )
    plain = attrs.evolve(
        s,
        bodies=tuple(attrs.evolve(b, established=b2.established) for b, b2 in zip(s.bodies, live.bodies, strict=True)),
        representations=tuple(
            attrs.evolve(r, start=r2.start) for r, r2 in zip(s.representations, live.representations, strict=True)
        ),
    )
    assert len({b.established for b in live.bodies}) > 1
    assert jsonld.to_text(live) == jsonld.to_text(plain)


@pytest.mark.parametrize("fast", [True, False], ids=["msgspec", "json"])
def test_script_is_script_tag_of_the_document(fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's element, written from shared parts, is the document's element exactly, hostile text too."""
    if not fast:
        monkeypatch.setattr(jsonld, "_encode", None)
    elif jsonld._encode is None:
        pytest.skip("msgspec (the fast extra) is not installed")
    structures = [load_region(name) for name in REGIONS]
    structures += [kultursamverkan.load(EXAMPLES.parent / "complete.yaml"), build_hostile(), _with_lone_surrogate()]
    for structure in structures:
        where = {"base_url": BASE, "pages": {"": BASE, structure.bodies[0].id: BASE + "organ/"}}
        assert jsonld.script(structure, **where) == jsonld.script_tag(jsonld.to_jsonld(structure, **where))
