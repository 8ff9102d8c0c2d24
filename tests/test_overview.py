"""A structure's page in brief (``overview``) and the body pages it links to: each fact said once."""

from __future__ import annotations

import itertools
import re

import pytest
from bs4 import BeautifulSoup

from kultursamverkan.overview import render_overview
from kultursamverkan.phrases import body_summary_spans, plain
from kultursamverkan.render import render_item

from .conftest import REGIONS, load_region
from .test_export import EVIL, build_hostile

LANGS = ("sv", "en")
#: The facts a body's summary sentence can say: its kind (in its name), who takes part, how often it meets.
SENTENCE_FACTS = {"Typ", "Kind", "Deltagare", "Participants", "Möten", "Meets", "Arbetar", "Works"}
WORD = re.compile(r"\w+")


def urls_for(structure) -> dict[str, str]:  # type: ignore[no-untyped-def]
    objects = [*structure.bodies, *structure.collaborations, *structure.agreements, *structure.plans]
    objects += [*structure.events, *structure.event_series]
    return {o.id: f"/sv/{structure.id}/{o.id}/" for o in objects}


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("region", REGIONS)
def test_overview_has_contents_diagram_and_linked_bodies(region: str, lang: str) -> None:
    structure = load_region(region)
    urls = urls_for(structure)
    soup = BeautifulSoup(render_overview(structure, lang, urls=urls), "html.parser")
    root = soup.find("div", class_="ks-structure")
    assert root["lang"] == lang
    assert [h.get_text() for h in soup.find_all("h1")] == [structure.name.text(lang)]
    levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))  # no level skipped
    toc = soup.find("nav", class_="ks-toc")
    assert soup.find(id=toc["aria-labelledby"]) is not None
    targets = [a["href"] for a in toc.find_all("a")]
    assert targets[:2] == ["#ks-diagram", "#ks-bodies"]
    for target in targets:
        assert soup.find(id=target[1:]) is not None, target
    svg = soup.find("div", class_="ks-diagram").find("svg")
    assert svg["role"] == "group"
    boxed = [*structure.bodies, *structure.collaborations]
    assert {a["href"] for a in svg.find_all("a")} == {urls[o.id] for o in boxed}
    listed = soup.find("section", id="ks-bodies")
    links = {a["href"]: a.get_text() for a in listed.find_all("a")}
    for body in structure.bodies:
        assert links[urls[body.id]] == body.name.text(lang)
    item = listed.find("a", href=urls[structure.bodies[0].id]).parent
    assert item.get_text() == plain(body_summary_spans(structure.bodies[0], lang, structure))
    for plan in structure.plans:
        assert soup.find("a", href=urls[plan.id]) is not None


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("region", REGIONS)
def test_a_body_page_says_each_fact_once(region: str, lang: str) -> None:
    """No fact is all in the summary sentence above it; no cadence note says the cadence again."""
    structure = load_region(region)
    for body in structure.bodies:
        soup = BeautifulSoup(render_item(body, structure, lang, 1), "html.parser")
        summary = soup.find("p", class_="ks-body__summary")
        said = set(words(summary.get_text())) if summary else set()
        for term, value in zip(soup.find_all("dt"), soup.find_all("dd"), strict=True):
            if value.find(["ul", "ol"]) or term.get_text() not in SENTENCE_FACTS:
                continue
            text = value.get_text()
            assert not (said and set(words(text)) <= said), f"{body.id}: {term.get_text()}: {text} (said: {said})"
            pairs = list(zip(words(text), words(text)[1:], strict=False))
            if term.get_text() in ("Möten", "Meets", "Arbetar", "Works"):
                assert len(pairs) == len(set(pairs)), f"{body.id}: {text}"


def test_halland_no_longer_says_its_facts_twice() -> None:
    structure = load_region("halland")
    text = " ".join(render_item(b, structure, "sv", 1, "text") for b in structure.bodies)
    for repeated in ("Vid behov. Skapas vid behov.", "Regelbundet. Samrådsmöten", "Typ: nätverk"):
        assert repeated not in text
    assert "Skapas vid behov." in text  # the note stays: it says more than the cadence


def test_relations_link_to_pages_and_only_safe_urls_become_links() -> None:
    structure = load_region("halland")
    part = next(
        b for b in structure.bodies if b.relations and b.relations[0].target in {x.id for x in structure.bodies}
    )
    target = part.relations[0].target
    urls = {target: "/sv/halland/target/"}
    soup = BeautifulSoup(render_item(part, structure, "sv", 1, urls=urls), "html.parser")
    assert soup.find("a", href="/sv/halland/target/") is not None
    for bad in ("javascript:alert(1)", "//evil.example/", "/a b"):
        html = render_item(part, structure, "sv", 1, urls={target: bad})
        assert "href" not in html.split("ks-facts", 1)[1] or bad not in html


def test_hostile_text_stays_inert() -> None:
    structure = build_hostile()
    html = render_overview(structure, "sv", urls={b.id: "javascript:alert(1)" for b in structure.bodies})
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert not soup.find_all(attrs={"href": re.compile("javascript", re.I)})
    assert EVIL not in html or "<" not in EVIL
