"""A structure's page in brief (``overview``) and the body pages it links to: each fact said once."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import attrs
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kultursamverkan.cadence import Dates
from kultursamverkan.model import Structure
from kultursamverkan.overview import render_overview, unchanged_through
from kultursamverkan.phrases import body_summary_spans, plain
from kultursamverkan.render import render_item
from kultursamverkan.values import PartialDate

from .conftest import REGIONS, load_region
from .strategies import structures
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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structure=structures(), today=st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31)))
def test_a_rendering_reads_the_same_through_the_day_unchanged_through_gives(
    structure: Structure, today: dt.date
) -> None:
    """What a site keeps a rendering for (``unchanged_through``): any later day up to it writes the same,
    the overview and an item page's rendering of each body and event alike."""
    through = unchanged_through(structure, today)
    later = through if through is not None else today + dt.timedelta(days=3650)
    assert through is None or through >= today
    for lang in ("sv", "en"):
        first = render_overview(structure, lang, with_diagram=False, today=today)
        assert render_overview(structure, lang, with_diagram=False, today=later) == first
        for item in (*structure.bodies, *structure.events):
            assert render_item(item, structure, lang, today=later) == render_item(item, structure, lang, today=today)


def test_a_rendering_changes_the_day_after_unchanged_through() -> None:
    """A body meeting on two dates: the first passed, its summary says it was held."""
    structure = load_region("halland")
    dates = Dates(dates=(PartialDate.parse("2030-05-14"), PartialDate.parse("2030-09-03")))
    body = attrs.evolve(structure.bodies[0], cadence=dates)
    structure = attrs.evolve(structure, bodies=(body, *structure.bodies[1:]), events=())
    through = unchanged_through(structure, dt.date(2030, 4, 1))
    assert through == dt.date(2030, 5, 14)
    before = render_overview(structure, "sv", with_diagram=False, today=through)
    after = render_overview(structure, "sv", with_diagram=False, today=through + dt.timedelta(days=1))
    assert before != after
    day_after = through + dt.timedelta(days=1)
    assert render_item(body, structure, "sv", today=through) != render_item(body, structure, "sv", today=day_after)
    assert unchanged_through(structure, dt.date(2030, 9, 4)) is None
