"""Rendering whole structures: the five example regions in Swedish and English, as text, Markdown and HTML."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, given, settings

import kultursamverkan
from kultursamverkan import converter, i18n
from kultursamverkan.cli import main
from kultursamverkan.io import from_data
from kultursamverkan.model import Structure
from kultursamverkan.render import render_item
from kultursamverkan.values import LocalizedText
from kultursamverkan.vocab import VOCABULARIES

from . import strategies

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "regions"
REGIONS = ("norrbotten", "stockholm", "skane", "orebro", "halland")
LANGS = ("sv", "en")
FORMATS = ("text", "markdown", "html")


@cache
def region(name: str) -> Structure:
    return kultursamverkan.load(EXAMPLES / f"{name}.yaml")


@cache
def rendered(name: str, lang: str, format: str) -> str:
    return kultursamverkan.render(region(name), lang=lang, format=format)


def soup(name: str, lang: str) -> BeautifulSoup:
    return BeautifulSoup(rendered(name, lang, "html"), "html.parser")


def squash(text: str) -> str:
    return " ".join(text.split())


def body_summary(name: str, lang: str, body_id: str) -> str:
    section = soup(name, lang).find(id=f"ks-body-{body_id}")
    assert isinstance(section, Tag), f"no body {body_id}"
    summary = section.find(class_="ks-body__summary")
    assert summary is not None
    return squash(summary.get_text())


# ---------------------------------------------------------------- every region, language, format


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", REGIONS)
def test_renders(name: str, lang: str, format: str) -> None:
    out = rendered(name, lang, format)
    title = region(name).name.text(lang)
    assert squash(title) in squash(out.replace("\\", ""))
    assert out.endswith("\n")
    assert not out.endswith("\n\n")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", REGIONS)
def test_html_is_a_semantic_fragment(name: str, lang: str) -> None:
    doc = soup(name, lang)
    roots = [child for child in doc.children if isinstance(child, Tag)]
    assert len(roots) == 1
    root = roots[0]
    assert root.name == "div"
    assert root["lang"] == lang
    assert "ks-structure" in root["class"]
    levels = [int(h.name[1]) for h in doc.find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 2
    assert levels.count(2) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading level skips from h{before} to h{after}"
    for tag in doc.find_all(True):
        for cls in tag.get("class", []):
            assert cls.startswith("ks-"), f"class {cls!r} is not namespaced"
        if tag.name in ("ul", "ol"):
            assert all(child.name == "li" for child in tag.children if isinstance(child, Tag))
        if tag.name == "dl":
            assert {child.name for child in tag.children if isinstance(child, Tag)} <= {"dt", "dd"}
    for time in doc.find_all("time"):
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", time["datetime"])
    assert doc.find(class_="ks-structure__as-of").find("time") is not None


class _Nesting(HTMLParser):
    """Checks that every end tag closes the element opened last, and collects the roots and body sections."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.roots = 0
        self.bodies: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.roots += not self.open
        self.open.append(tag)
        if tag == "section" and dict(attrs).get("class") == "ks-body":
            self.bodies.append(dict(attrs).get("id"))

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        opened = self.open.pop()
        assert opened == tag, f"</{tag}> closes <{opened}>"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.structures())
def test_any_structure_renders_one_nested_fragment_with_a_section_per_body(structure: Structure) -> None:
    """The writer's shortcuts (plain lists and facts as one string, spans remembered) keep any data escaped
    and every element closed where it opened, whatever the text (the strategies' text has markup in it)."""
    for lang in LANGS:
        parser = _Nesting()
        parser.feed(kultursamverkan.render(structure, lang=lang, format="html"))
        parser.close()
        assert not parser.open
        assert parser.roots == 1
        assert sorted(map(str, parser.bodies)) == sorted(f"ks-body-{b.id}" for b in structure.bodies)


def test_heading_level_is_configurable() -> None:
    doc = BeautifulSoup(kultursamverkan.render(region("halland"), lang="sv", heading_level=3), "html.parser")
    levels = [int(h.name[1]) for h in doc.find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 3
    assert min(levels) == 3
    assert max(levels) <= 6
    with pytest.raises(ValueError, match="heading_level"):
        kultursamverkan.render(region("halland"), heading_level=5)
    with pytest.raises(ValueError, match="format"):
        kultursamverkan.render(region("halland"), format="pdf")  # type: ignore[arg-type]


# ---------------------------------------------------------------- what the regions say


def test_halland() -> None:
    assert body_summary("halland", "sv", "strategiskt-natverk") == (
        "Strategiskt nätverk: förvaltningschefer med ansvar för kultur möts fyra gånger per år."
    )
    assert body_summary("halland", "en", "strategiskt-natverk") == (
        "Strategic network: heads of administration responsible for culture meet four times a year."
    )
    assert "fyra gånger per år" in body_summary("halland", "sv", "taktiskt-natverk")
    assert "twice a year" in body_summary("halland", "en", "kulturpolitiskt-samverkansmote")
    assert "två gånger per år" in body_summary("halland", "sv", "kulturpolitiskt-samverkansmote")
    assert body_summary("halland", "sv", "operativa-grupper") == "Operativa grupper: möten hålls vid behov."
    sv, en = squash(soup("halland", "sv").get_text()), squash(soup("halland", "en").get_text())
    assert "styrgrupp för Art Inside Out" in sv
    assert "steering group for Art Inside Out" in en
    assert "Region Halland har sex kommuner." in sv
    assert "Region Halland has six municipalities." in en
    assert "Samverkan sker på lokal, regional, interregional, nationell och internationell nivå." in sv
    assert "Collaboration takes place at local, regional, interregional, national and international level." in en
    tiers = [squash(h.get_text()) for h in soup("halland", "sv").find_all(class_="ks-tier__title")]
    assert tiers == ["Politisk nivå", "Strategisk nivå", "Taktisk nivå", "Operativ nivå", "Övriga organ"]
    assert "permanent arbetsgrupp" in sv
    assert "permanent working group" in en


def test_stockholm_dates_are_time_elements() -> None:
    doc = soup("stockholm", "sv")
    times = {t["datetime"]: squash(t.get_text()) for t in doc.find_all("time")}
    assert times["2019-11-14"] == "14 november 2019"
    assert times["2020-11-19"] == "19 november 2020"
    en = {t["datetime"]: squash(t.get_text()) for t in soup("stockholm", "en").find_all("time")}
    assert en["2019-11-14"] == "14 November 2019"


def test_skane_invited_and_as_needed() -> None:
    sv, en = squash(soup("skane", "sv").get_text()), squash(soup("skane", "en").get_text())
    assert "Skånes Kommuner (inbjuden)" in sv
    assert "(Association of Skåne's municipalities; invited)" in en
    assert "möts vid behov" in sv
    assert "meet as needed" in en


def test_norrbotten() -> None:
    sv, en = squash(soup("norrbotten", "sv").get_text()), squash(soup("norrbotten", "en").get_text())
    assert "Region Norrbotten har 14 kommuner." in sv
    assert "has 14 municipalities." in en
    assert "Met Nuoret och Sáminuorra" in sv
    assert "Met Nuoret and Sáminuorra" in en


def test_orebro() -> None:
    sv, en = squash(soup("orebro", "sv").get_text()), squash(soup("orebro", "en").get_text())
    assert "2020–2023" in sv
    assert "2020–2023" in en
    assert "Irja Gustavsson (S) företräder Lindesbergs kommun." in sv
    assert "Irja Gustavsson (S) represents Lindesberg Municipality." in en
    assert "15 maj 2020" in sv
    assert "15 May 2020" in en
    assert soup("orebro", "sv").find("time", datetime="2020-05-15") is not None


# ---------------------------------------------------------------- no label in the wrong language


def _data_strings(value: Any) -> Iterator[str]:
    """Every human string in the data (names, descriptions …), in both languages."""
    if isinstance(value, LocalizedText):
        yield from (t for t in (value.sv, value.en) if t)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _data_strings(item)
    elif hasattr(value, "__attrs_attrs__"):
        for field in value.__attrs_attrs__:
            if field.name == "name" and isinstance(value.name, str):
                yield value.name
            yield from _data_strings(getattr(value, field.name))


def _generated(name: str, lang: str) -> str:
    """The text output without the data's own text: what the library wrote."""
    text = squash(rendered(name, lang, "text"))
    for data in sorted({squash(s) for s in _data_strings(region(name))}, key=len, reverse=True):
        text = text.replace(data, " ")
    return text


def _labels(lang: str) -> dict[str, str]:
    other = "en" if lang == "sv" else "sv"
    found = {}
    for vocabulary in VOCABULARIES:
        for member in vocabulary:
            mine, theirs = i18n.label(member, lang), i18n.label(member, other)
            if mine != theirs:
                found[mine] = f"{vocabulary.__name__}.{member.name}"
    return found


@pytest.mark.parametrize(("lang", "other"), [("sv", "en"), ("en", "sv")])
@pytest.mark.parametrize("name", REGIONS)
def test_no_label_of_the_other_language(name: str, lang: str, other: str) -> None:
    text = _generated(name, lang)
    own = set(_labels(lang))
    for label, member in _labels(other).items():
        if any(re.search(rf"(?<!\w){re.escape(label)}(?!\w)", mine, re.IGNORECASE) for mine in own):
            continue  # contained in a label of this language too (e.g. "regional")
        assert not re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text, re.IGNORECASE), (
            f"{other} label {label!r} ({member}) in the {lang} output of {name}"
        )


# ---------------------------------------------------------------- fallback and other languages


def test_text_that_fell_back_is_marked() -> None:
    data = converter.unstructure(region("halland"))
    data["bodies"][1]["name"] = {"sv": "Strategiskt nätverk"}
    structure = from_data(data)
    doc = BeautifulSoup(kultursamverkan.render(structure, lang="en"), "html.parser")
    title = doc.find(id="ks-body-strategiskt-natverk").find(class_="ks-body__title")
    marked = title.find("span", lang="sv")
    assert marked is not None
    assert marked.get_text() == "Strategiskt nätverk"
    summary = doc.find(id="ks-body-strategiskt-natverk").find(class_="ks-body__summary")
    assert summary.find("span", lang="sv").get_text() == "Strategiskt nätverk"
    # Nothing else in the English output claims to be Swedish.
    assert len(doc.find_all(lang="sv")) == 2


def test_unknown_language_renders_english() -> None:
    out = kultursamverkan.render(region("halland"), lang="fr")
    assert out == kultursamverkan.render(region("halland"), lang="en")
    assert 'lang="en"' in out.splitlines()[0]


def test_render_item_renders_a_body_as_a_fragment() -> None:
    structure = region("halland")
    body = next(b for b in structure.bodies if b.id == "taktiskt-natverk")
    doc = BeautifulSoup(render_item(body, structure, lang="sv", heading_level=3), "html.parser")
    root = next(child for child in doc.children if isinstance(child, Tag))
    assert root.name == "section"
    assert root["lang"] == "sv"
    assert root["class"] == ["ks-body"]
    assert root.find("h3").get_text() == "Taktiskt nätverk"
    assert "styrgrupp för Art Inside Out" in squash(root.get_text())
    assert "Ingår i" in [dt.get_text() for dt in root.find_all("dt")]
    markdown = render_item(body, structure, lang="en", format="markdown", heading_level=2)
    assert markdown.startswith("## Tactical network\n")
    # Without the structure, references show their ids rather than failing.
    assert "art-inside-out" in render_item(body, None, lang="en")


# ---------------------------------------------------------------- hostile input

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>\"' & [x](javascript:alert(3)) *b* # h"


def _poison(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        if value.keys() <= {"sv", "en"} and value and all(isinstance(v, str) for v in value.values()):
            return {lang: f"{lang}{PAYLOAD}" for lang in value}
        return {k: _poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, key) for v in value]
    if key == "url":
        return "javascript:alert(4)"
    return value


@pytest.fixture(scope="module")
def hostile() -> Structure:
    data: dict[str, Any] = {}
    seen: set[str] = set()
    for name in REGIONS:  # one structure with every kind of object the examples have
        part = converter.unstructure(region(name))
        other = part["region"]
        part.setdefault("organisations", []).append({"id": other["id"], "name": other["name"], "kind": "region"})
        for key, value in part.items():
            if isinstance(value, list):
                fresh = [v for v in value if not isinstance(v, dict) or v.get("id") not in seen]
                seen.update(v["id"] for v in fresh if isinstance(v, dict) and "id" in v)
                data.setdefault(key, []).extend(fresh)
            else:
                data.setdefault(key, value)
    seen.add(data["region"]["id"])
    data["organisations"] = [o for o in data["organisations"] if o["id"] != data["region"]["id"]]
    data = _poison(data)
    for person in data.get("people", []):
        person["name"] = PAYLOAD
    return from_data(data)


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_strings_are_escaped_in_html(hostile: Structure, lang: str) -> None:
    out = kultursamverkan.render(hostile, lang=lang, format="html")
    doc = BeautifulSoup(out, "html.parser")
    assert not doc.find_all(["script", "img", "iframe", "style"])
    for tag in doc.find_all(True):
        assert not [a for a in tag.attrs if a.startswith("on")], tag
        assert tag.name in {
            "div",
            "section",
            "h2",
            "h3",
            "h4",
            "h5",
            "p",
            "ul",
            "ol",
            "li",
            "dl",
            "dt",
            "dd",
            "span",
            "time",
            "a",
        }
        if tag.name == "a":
            assert re.match(r"^(https?://|mailto:)", tag["href"]), tag
    text = doc.get_text()
    assert text.count(PAYLOAD) >= 20  # the payload is shown as text, not swallowed
    assert "javascript:" not in " ".join(str(a.get("href", "")) for a in doc.find_all("a"))


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_strings_are_escaped_in_markdown(hostile: Structure, lang: str) -> None:
    out = kultursamverkan.render(hostile, lang=lang, format="markdown")
    for match in re.finditer(r"<", out):
        before = out[max(0, match.start() - 1) : match.start()]
        assert before in ("\\", "("), out[max(0, match.start() - 40) : match.start() + 40]
    assert not re.search(r"(?<!\\)\]\(javascript", out)
    assert not re.search(r"(?<!\\)\[x\]", out)
    assert not any(line.startswith("# h") for line in out.splitlines())


# ---------------------------------------------------------------- command line


def test_cli_render(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(EXAMPLES / "halland.yaml"), "--lang", "sv", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Kulturstrategi och samverkan i Halland\n")
    assert "Strategiskt nätverk: förvaltningschefer med ansvar för kultur möts fyra gånger per år." in out
    assert main(["render", str(EXAMPLES / "halland.yaml"), "--lang", "en", "--format", "html"]) == 0
    assert (
        '<h1 class="ks-structure__title">Culture strategy and collaboration in Halland</h1>' in capsys.readouterr().out
    )


def test_cli_render_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n", encoding="utf-8")
    assert main(["render", str(bad)]) == 1
    assert capsys.readouterr().err


def test_public_pieces_for_cms_blocks() -> None:
    """The plugin's blocks render through these; each is a fragment with the core's wording."""
    from bs4 import BeautifulSoup

    from kultursamverkan.render import (
        render_bodies,
        render_event_summary,
        render_plan,
        render_representatives,
        section_heading,
    )

    halland = kultursamverkan.load(EXAMPLES / "halland.yaml")
    soup = BeautifulSoup(render_bodies(halland, "sv", 2, hidden_heading=True), "html.parser")
    title = soup.find("h2")
    assert title.get_text() == section_heading("bodies", "sv")
    assert "ks-visually-hidden" in title["class"]
    assert [h.get_text() for h in soup.find_all("h3")][:2] == ["Politisk nivå", "Strategisk nivå"]
    assert "fyra gånger per år" in soup.get_text()

    orebro = kultursamverkan.load(EXAMPLES / "orebro.yaml")
    plan = next(p for p in orebro.plans if p.kind.value == "culture_plan")
    plan_soup = BeautifulSoup(render_plan(plan, orebro, "en", 3), "html.parser")
    assert plan_soup.find("h3") is not None
    assert "2020–2023" in plan_soup.get_text()

    reps = BeautifulSoup(
        render_representatives(orebro, "sv", 2, body_ids=["specifika-samverkansradet-kultur"]), "html.parser"
    )
    assert "Jonas Kleber (C) företräder Lindesbergs kommun." in reps.get_text()
    assert "Irja Gustavsson" not in reps.get_text()

    stockholm = kultursamverkan.load(EXAMPLES / "stockholm.yaml")
    line = render_event_summary(stockholm.events[0], stockholm, "sv")
    assert line.startswith('<time datetime="2019-11-14">14 november 2019</time>: Stockholmstinget')
    assert render_event_summary(stockholm.events[0], stockholm, "en", format="text").startswith("14 November 2019: ")
    with pytest.raises(ValueError, match="heading_level"):
        render_bodies(halland, "sv", 7)


@pytest.mark.parametrize("lang", LANGS)
def test_participants_note_beside_named_organisations_is_kept(lang: str) -> None:
    """A note that stands apart from the organisations a body names is said, not dropped: whether it
    restates the participants depends on those organisations, so it is judged with the structure."""
    import attrs

    from kultursamverkan.model import Participation

    halland = region("halland")
    note = LocalizedText(sv="Kulturchefer i länet", en="Heads of culture in the county")
    body = attrs.evolve(
        halland.bodies[0],
        participants=(),
        participants_note=note,
        organisations=(Participation(organisation=halland.organisations[0].id),),
    )
    assert note.text(lang) in render_item(body, halland, lang, format="text")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_render_bodies_links_references_to_the_pages_it_is_given(lang: str) -> None:
    """``render_bodies(urls=...)`` links a reference as ``render_overview`` does; an unsafe URL is no link."""
    from kultursamverkan.render import render_bodies

    halland = kultursamverkan.load(EXAMPLES / "halland.yaml")
    plain = BeautifulSoup(render_bodies(halland, lang), "html.parser")
    assert not plain.find_all("a")
    urls = {"operativa-grupper": "/halland/operativa-grupper/", "art-inside-out": "javascript:alert(1)"}
    linked = BeautifulSoup(render_bodies(halland, lang, urls=urls), "html.parser")
    assert {a["href"] for a in linked.find_all("a")} == {"/halland/operativa-grupper/"}
    assert linked.get_text() == plain.get_text()
