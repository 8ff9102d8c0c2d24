"""Display blocks for host sites: rendered by the core, in the page's language, with the core's data in the API."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from bs4 import BeautifulSoup
from django.utils import translation
from wagtail import blocks as wagtail_blocks

import kultursamverkan
from wagtail_kultursamverkan.blocks import (
    KULTURSAMVERKAN_BLOCKS,
    PREVIEW_TEMPLATE,
    RepresentativesBlock,
    StructureDiagramBlock,
    StructureOverviewBlock,
)

from .helpers import structure_page

REGIONS = Path(__file__).resolve().parents[2] / "examples" / "regions"
DISPLAY_BLOCKS = [StructureOverviewBlock, StructureDiagramBlock, RepresentativesBlock]


class _Locale:
    def __init__(self, code: str) -> None:
        self.language_code = code


class _Page:
    """Stands in for the host page: blocks read only its locale."""

    def __init__(self, code: str) -> None:
        self.locale = _Locale(code)


def _render(block: wagtail_blocks.StructBlock, page, lang: str = "sv", **values) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    value = block.to_python({"page": page.pk, **values})
    return BeautifulSoup(block.render(value, context={"page": _Page(lang)}), "html.parser")


@pytest.fixture
def orebro():  # type: ignore[no-untyped-def]
    structure = kultursamverkan.load(REGIONS / "orebro.yaml")
    return structure, structure_page(structure)


#: What the editor sees of each block: icon, label, description, and the form's main and settings fields.
DESCRIBED = {
    StructureOverviewBlock: (
        "list-ul",
        "Structure overview",
        "All collaboration bodies of a structure, grouped by political, strategic and other levels.",
        ["page", "heading"],
        ["heading_level", "hide_heading"],
    ),
    StructureDiagramBlock: (
        "image",
        "Structure diagram",
        "A diagram of the bodies and how they relate, with a description in words.",
        ["page", "heading"],
        ["heading_level", "hide_heading", "show_text_alternative"],
    ),
    RepresentativesBlock: (
        "user",
        "Representatives",
        "The people in a structure's bodies and whom they represent.",
        ["page", "heading", "bodies"],
        ["heading_level", "hide_heading"],
    ),
}


@pytest.mark.parametrize("cls", DISPLAY_BLOCKS, ids=lambda c: c.__name__)
def test_every_display_block_is_described_for_the_editor(cls: type) -> None:
    from django.template.loader import get_template

    block = cls()
    icon, label, description, children, settings = DESCRIBED[cls]
    with translation.override("en"):
        assert (block.meta.icon, str(block.meta.label), str(block.meta.description)) == (icon, label, description)
    # Every field of the block is in the form, once: in the main part or in the settings.
    assert (block.meta.form_layout.children, block.meta.form_layout.settings) == (children, settings)
    assert sorted(children + settings) == sorted(block.child_blocks)
    get_template(block.meta.template)  # the template exists
    assert block.meta.preview_template == PREVIEW_TEMPLATE
    assert block.meta.preview_value["heading_level"] == "2"
    assert block.is_previewable
    assert [(n, type(b)) for n, b in KULTURSAMVERKAN_BLOCKS] == [
        ("kultursamverkan_overview", StructureOverviewBlock),
        ("kultursamverkan_diagram", StructureDiagramBlock),
        ("kultursamverkan_representatives", RepresentativesBlock),
    ]


#: What each block's preview shows of the sample structure.
PREVIEWED = {
    StructureOverviewBlock: ["Politiskt samråd"],
    StructureDiagramBlock: ["Region Exempel", "Politiskt samråd"],
    RepresentativesBlock: ["Anna Andersson"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("cls", DISPLAY_BLOCKS, ids=lambda c: c.__name__)
def test_previews_render_a_sample_without_a_chosen_page(cls: type) -> None:
    block = cls()
    value = block.get_preview_value()
    with translation.override("sv"):  # the preview speaks the active language; an earlier request may have set another
        html = block.render(value, context=block.get_preview_context(value))
    text = " ".join(BeautifulSoup(html, "html.parser").get_text().split())
    for expected in PREVIEWED[cls]:
        assert expected in text


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_overview_groups_bodies_by_tier_through_the_core(orebro, lang: str) -> None:  # type: ignore[no-untyped-def]
    structure, page = orebro
    soup = _render(StructureOverviewBlock(), page, lang, heading_level="3")
    root = soup.find(class_="ks-block--overview")
    assert root["lang"] == lang
    assert soup.find("h3", class_="ks-section__title")
    assert soup.find_all(class_="ks-tier")  # the core's tier sections
    text = soup.get_text(" ")
    for body in structure.bodies:
        assert body.name.text(lang) in text
    expected = {"sv": "Samverkansorgan", "en": "Collaboration bodies"}[lang]
    assert soup.find("h3").get_text(strip=True).lower() == expected.lower()


@pytest.mark.django_db
def test_heading_can_be_renamed_and_kept_for_screen_readers_only(orebro) -> None:  # type: ignore[no-untyped-def]
    _structure, page = orebro
    soup = _render(
        StructureOverviewBlock(),
        page,
        heading={"sv": "Så samverkar vi", "en": ""},
        heading_level="4",
        hide_heading=True,
    )
    heading = soup.find("h4")
    assert heading.get_text(strip=True) == "Så samverkar vi"
    assert "ks-visually-hidden" in heading["class"]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_diagram_has_its_text_alternative(orebro, lang: str) -> None:  # type: ignore[no-untyped-def]
    structure, page = orebro
    soup = _render(StructureDiagramBlock(), page, lang, show_text_alternative=True)
    svg = soup.find("svg")
    assert svg["role"] == "group"  # its boxes link to the body pages: a group of links, not one image
    assert svg.get("aria-labelledby") or svg.get("aria-label")
    assert svg["lang"] == lang
    assert soup.find("figure").find("h2")
    details = soup.find("details")
    assert details.summary.get_text(strip=True) == {"sv": "Vad diagrammet visar", "en": "What the diagram shows"}[lang]
    assert structure.bodies[0].name.text(lang) in details.get_text(" ")


@pytest.mark.django_db
def test_overview_and_diagram_link_to_the_live_public_pages_as_the_structure_page_does() -> None:
    """A block on another page links references and diagram boxes to the structure's item pages, as
    the structure page itself does; a body page readers cannot see is no link."""
    structure = kultursamverkan.load(REGIONS / "halland.yaml")
    page = structure_page(structure)
    urls = page.page_urls()
    target = "operativa-grupper"  # the target of a relation ("part of"), and a box in the diagram
    assert target in urls

    def hrefs(block: wagtail_blocks.StructBlock) -> set[str]:
        return {a["href"] for a in _render(block, page).find_all("a", href=True)}

    overview, diagram = hrefs(StructureOverviewBlock()), hrefs(StructureDiagramBlock())
    assert urls[target] in overview
    assert overview <= set(urls.values())
    assert {urls[b.id] for b in structure.bodies if b.id in urls} <= diagram <= set(urls.values())
    assert _render(StructureDiagramBlock(), page).find("svg")["role"] == "group"  # links, so not one image

    body = _body_page(page, target)
    for translation_ in type(body).objects.filter(translation_key=body.translation_key):
        translation_.unpublish()
    assert urls[target] not in hrefs(StructureOverviewBlock()) | hrefs(StructureDiagramBlock())


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_representatives_in_the_cores_words(orebro, lang: str) -> None:  # type: ignore[no-untyped-def]
    structure, page = orebro
    soup = _render(RepresentativesBlock(), page, lang)
    text = soup.get_text(" ")
    for person in structure.people:
        assert person.name in text
    assert soup.find_all("ul", class_="ks-representatives")


@pytest.mark.django_db
def test_api_representation_is_the_cores_data(orebro) -> None:  # type: ignore[no-untyped-def]
    structure, page = orebro
    overview = StructureOverviewBlock()
    data = overview.get_api_representation(overview.to_python({"page": page.pk}))
    assert data["structure"]["id"] == structure.id
    assert [b["id"] for b in data["bodies"]] == [b.id for b in structure.bodies]
    assert page.pk not in data.values()
    reps = RepresentativesBlock()
    data = reps.get_api_representation(reps.to_python({"page": page.pk}))
    assert {r["person"]["name"] for r in data["representations"]} == {p.name for p in structure.people}
    diagram = StructureDiagramBlock()
    data = diagram.get_api_representation(diagram.to_python({"page": page.pk}))
    assert data["svg"]["sv"].startswith("<svg")
    assert data["text_alternative"]["en"]


@pytest.mark.django_db
def test_blocks_work_in_a_host_sites_streamfield(orebro) -> None:  # type: ignore[no-untyped-def]
    _structure, page = orebro
    stream = wagtail_blocks.StreamBlock(KULTURSAMVERKAN_BLOCKS)
    value = stream.to_python([{"type": name, "value": {"page": page.pk}} for name, _block in KULTURSAMVERKAN_BLOCKS])
    html = stream.render(value, context={"page": _Page("sv")})
    assert "ks-block--overview" in html
    assert "ks-block--diagram" in html
    assert "ks-block--representatives" in html


def _people_of(structure, body_id: str) -> set[str]:  # type: ignore[no-untyped-def]
    index = structure.by_id()
    return {index[r.person].name for r in structure.representations if r.body == body_id}


def _body_page(page, body_id: str):  # type: ignore[no-untyped-def]
    from wagtail_kultursamverkan.models import BodyPage

    return BodyPage.objects.child_of(page).get(identifier=body_id)


@pytest.mark.django_db
def test_representatives_of_chosen_body_pages_only(orebro) -> None:  # type: ignore[no-untyped-def]
    structure, page = orebro
    chosen = "regionala-samverkansradet"
    body = _body_page(page, chosen)
    block = RepresentativesBlock()
    soup = _render(block, page, bodies=[{"page": body.pk, "kept_id": ""}])
    text = soup.get_text(" ")
    assert _people_of(structure, chosen)
    for name in _people_of(structure, chosen):
        assert name in text
    for name in _people_of(structure, "specifika-samverkansradet-kultur"):
        assert name not in text
    data = block.get_api_representation(block.to_python({"page": page.pk, "bodies": [{"page": body.pk}]}))
    assert {r["body"]["id"] for r in data["representations"]} == {chosen}
    # An unpublished body (in every language) is not shown, and choosing it does not fall back to every body.
    for translation_ in type(body).objects.filter(translation_key=body.translation_key):
        translation_.unpublish()
    text = _render(block, page, bodies=[{"page": body.pk, "kept_id": ""}]).get_text(" ")
    for name in {p.name for p in structure.people}:
        assert name not in text


@pytest.mark.django_db
def test_bodies_stored_as_typed_ids_are_chosen_when_the_block_loads_and_unknown_ones_kept(orebro) -> None:  # type: ignore[no-untyped-def]
    _structure, page = orebro
    body = _body_page(page, "regionala-samverkansradet")
    block = RepresentativesBlock()
    # As a host page stored the block before choosers: a list of ids, in both of ListBlock's formats.
    for stored in (
        ["regionala-samverkansradet", "no-such-body"],
        [
            {"type": "item", "value": "regionala-samverkansradet", "id": "a"},
            {"type": "item", "value": "no-such-body", "id": "b"},
        ],
    ):
        value = block.to_python({"page": page.pk, "bodies": stored})
        rows = list(value["bodies"])
        assert rows[0]["page"].pk == body.pk
        assert rows[1]["page"] is None
        assert rows[1]["kept_id"] == "no-such-body"  # never lost
        [bulk] = block.bulk_to_python([{"page": page.pk, "bodies": stored}])
        assert [r["page"].pk if r["page"] else None for r in bulk["bodies"]] == [body.pk, None]
        # Saved again, the row that names nothing is refused at its place, with the id it kept.
        with pytest.raises(wagtail_blocks.StructBlockValidationError) as caught:
            block.clean(value)
        errors = caught.value.block_errors["bodies"].block_errors
        assert set(errors) == {1}
        assert "no-such-body" in " ".join(errors[1].messages)
    # The stored shape after a save: the chosen page, and its id kept.
    cleaned = block.clean(block.to_python({"page": page.pk, "bodies": [{"page": body.pk}]}))
    raw = block.get_prep_value(cleaned)
    assert raw["bodies"][0]["value"]["page"] == body.pk
    assert raw["bodies"][0]["value"]["kept_id"] == "regionala-samverkansradet"


@pytest.mark.django_db
def test_a_body_of_another_structure_is_refused_at_its_row(orebro) -> None:  # type: ignore[no-untyped-def]
    _structure, page = orebro
    other = structure_page(kultursamverkan.load(REGIONS / "halland.yaml"))
    from wagtail_kultursamverkan.models import BodyPage

    foreign = BodyPage.objects.child_of(other).first()
    block = RepresentativesBlock()
    with pytest.raises(wagtail_blocks.StructBlockValidationError) as caught:
        block.clean(block.to_python({"page": page.pk, "bodies": [{"page": foreign.pk}]}))
    assert set(caught.value.block_errors["bodies"].block_errors) == {0}


def test_raw_items_read_loaded_and_edited_streams_alike() -> None:
    """``raw_items`` takes the loaded JSON as it is, and asks Wagtail for an item built from a value."""
    from wagtail.blocks import StreamValue

    from wagtail_kultursamverkan.blocks import raw_items

    block = wagtail_blocks.StreamBlock([("line", wagtail_blocks.CharBlock())])
    loaded = [{"type": "line", "value": "one", "id": "a"}, {"type": "line", "value": "two", "id": "b"}]
    stream = StreamValue(block, loaded, is_lazy=True)
    assert list(raw_items(stream)) == loaded
    stream.insert(1, ("line", "three"))  # a value: not raw JSON until Wagtail makes it so
    items = raw_items(stream)
    assert [(i["type"], i["value"]) for i in items] == [("line", "one"), ("line", "three"), ("line", "two")]
    assert list(items) == list(stream.raw_data)
    built = StreamValue(block, [("line", "four")])
    assert [i["value"] for i in raw_items(built)] == ["four"]
