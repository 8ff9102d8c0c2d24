"""Diagram arrows run through the gaps: no arrow segment crosses a box other than its own two ends."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kultursamverkan import diagram
from kultursamverkan.model import Relation, Structure
from kultursamverkan.vocab import RelationType, Tier

from .conftest import REGIONS, load_region
from .strategies import structures

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> str:
    return " ".join(" ".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text"))


def hits(structure: Structure) -> list[tuple[str, str, str]]:
    return diagram.crossings(structure, "sv") + diagram.crossings(structure, "en")


@pytest.mark.parametrize("region", REGIONS)
def test_no_arrow_crosses_a_box_in_the_examples(region: str) -> None:
    assert hits(load_region(region)) == []


@given(structures())
def test_no_arrow_crosses_a_box_in_generated_structures(structure: Structure) -> None:
    assert hits(structure) == []


@st.composite
def crowded(draw: st.DrawFn) -> Structure:
    """Halland's bodies on random tiers, many side by side, with relations between any two of them."""
    base = load_region("halland")
    bodies = list(base.bodies)
    copies = draw(st.integers(1, 3))
    many = []
    for n in range(copies):
        for body in bodies:
            ident = f"{body.id}-{n}"
            many.append(attrs.evolve(body, id=ident, tier=draw(st.none() | st.sampled_from(list(Tier))), relations=()))
    ids = [b.id for b in many]
    pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=12))
    relations: dict[str, list[Relation]] = {}
    for source, target in pairs:
        if source != target:
            relations.setdefault(source, []).append(Relation(type=RelationType.PREPARES_FOR, target=target))
    many = [attrs.evolve(b, relations=tuple(relations.get(b.id, ()))) for b in many]
    return attrs.evolve(base, bodies=tuple(many), representations=(), events=(), event_series=())


@settings(max_examples=25)
@given(crowded())
def test_no_arrow_crosses_a_box_when_tiers_are_crowded(structure: Structure) -> None:
    assert hits(structure) == []


def test_a_relation_across_a_tier_goes_around_the_box_in_between() -> None:
    """Political → operative with a strategic body between them: the old straight drop hit that box."""
    base = load_region("halland")
    top, middle, low = base.bodies[0], base.bodies[1], base.bodies[3]
    assert (top.tier, middle.tier, low.tier) == (Tier.POLITICAL, Tier.STRATEGIC, Tier.OPERATIVE)
    top = attrs.evolve(top, relations=(Relation(type=RelationType.PREPARES_FOR, target=low.id),))
    structure = attrs.evolve(base, bodies=(top, middle, low), representations=(), events=(), event_series=())
    _, boxes, _relations, routes = diagram._planned(structure, "sv")
    (points,) = routes
    assert len(points) == 6  # down into the gap, across to a free channel, down, across, into the target
    straight = [(boxes[top.id].x + boxes[top.id].w / 2, boxes[top.id].y), (boxes[low.id].x + 1, boxes[low.id].y)]
    middle_box = boxes[middle.id]
    assert middle_box.x < straight[0][0] < middle_box.x + middle_box.w  # a straight line would cross it
    assert diagram.crossings(structure) == []


def test_boxes_link_to_their_pages_and_stay_named() -> None:
    structure = load_region("halland")
    urls = {b.id: f"/sv/halland/{b.id}/" for b in structure.bodies}
    urls[structure.bodies[0].id] = "javascript:alert(1)"  # never a link
    root = ET.fromstring(diagram.to_svg(structure, lang="sv", urls=urls))
    assert root.get("role") == "group"  # an image would hide its links
    links = root.findall(f"{SVG}a")
    assert {a.get("href") for a in links} == {urls[b.id] for b in structure.bodies[1:]}
    for a in links:
        assert "".join(a.itertext()).strip()  # the box's text names the link
    assert root.find(f"{SVG}style") is not None  # the focus ring
    plain = ET.fromstring(diagram.to_svg(structure, lang="sv"))
    assert plain.get("role") == "img"
    assert plain.findall(f"{SVG}a") == []


def test_scope_and_convener_shown_where_they_tell_bodies_apart() -> None:
    base = load_region("halland")
    a, b = base.bodies[1], base.bodies[2]
    org = base.organisations[0]
    a = attrs.evolve(a, scope=None, convener=org.id)
    b = attrs.evolve(b, kind=a.kind, convener=None)
    structure = attrs.evolve(base, bodies=(a, b), representations=(), events=(), event_series=())
    words = texts(diagram.to_svg(structure, lang="en"))
    assert f"convened by {org.name.text('en')}" in words
    assert "· regional" in words
    same = attrs.evolve(structure, bodies=(a, attrs.evolve(b, convener=org.id, scope=None)))
    assert "convened by" not in diagram.to_svg(same, lang="en")
