"""The data blocks (body, collaboration, agreement, plan, interest area, event): rendered by the core."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from bs4 import BeautifulSoup

import kultursamverkan
from kultursamverkan import converter
from wagtail_kultursamverkan.blocks import (
    AgreementBlock,
    BodyBlock,
    CollaborationBlock,
    EventBlock,
    InterestAreaBlock,
    PlanBlock,
)
from wagtail_kultursamverkan.convert import data_to_block

REGIONS = Path(__file__).resolve().parents[2] / "examples" / "regions"
ITEM_BLOCKS = [BodyBlock, CollaborationBlock, AgreementBlock, PlanBlock, InterestAreaBlock, EventBlock]


class _Locale:
    def __init__(self, code: str) -> None:
        self.language_code = code


class _Page:
    """Stands in for a host page: the blocks read its locale."""

    def __init__(self, code: str) -> None:
        self.locale = _Locale(code)


def _block_value(block, item):  # type: ignore[no-untyped-def]
    return block.to_python(data_to_block(block, converter.unstructure(item)))


@pytest.mark.parametrize("cls", ITEM_BLOCKS, ids=lambda c: c.__name__)
def test_every_data_block_is_described_and_previewable(cls: type) -> None:
    block = cls()
    for option in ("icon", "template", "label", "description"):
        assert getattr(block.meta, option, None), option
    assert block.is_previewable
    html = block.render(block.get_preview_value(), context={"page": _Page("sv"), "heading_level": 2})
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("h2") is not None
    assert soup.find(class_="ks-block")["lang"] == "sv"


def test_a_body_block_says_its_cadence_from_the_core_catalog() -> None:
    halland = kultursamverkan.load(REGIONS / "halland.yaml")
    network = next(b for b in halland.bodies if b.id == "taktiskt-natverk")
    block = BodyBlock()
    value = _block_value(block, network)
    sv = BeautifulSoup(block.render(value, context={"page": _Page("sv")}), "html.parser").get_text(" ", strip=True)
    en = BeautifulSoup(block.render(value, context={"page": _Page("en")}), "html.parser").get_text(" ", strip=True)
    assert "Taktiskt nätverk: avdelningschefer med ansvar för kultur möts fyra gånger per år." in sv
    assert "four times a year" in en
    assert block.get_api_representation(value) == converter.unstructure(network)


@pytest.mark.parametrize(
    ("region", "collection", "cls"),
    [
        ("halland", "collaborations", CollaborationBlock),
        ("halland", "agreements", AgreementBlock),
        ("orebro", "plans", PlanBlock),
        ("orebro", "interest_areas", InterestAreaBlock),
        ("stockholm", "events", EventBlock),
    ],
)
def test_api_representation_is_the_core_data(region: str, collection: str, cls: type) -> None:
    structure = kultursamverkan.load(REGIONS / f"{region}.yaml")
    block = cls()
    for item in getattr(structure, collection):
        value = _block_value(block, item)
        assert block.get_api_representation(value) == converter.unstructure(item)
        html = block.render(value, context={"page": _Page("en")})
        assert BeautifulSoup(html, "html.parser").find(class_="ks-block") is not None


def test_hostile_text_in_a_data_block_renders_inert() -> None:
    block = EventBlock()
    value = block.to_python(
        data_to_block(
            block,
            {
                "id": "e",
                "name": {"sv": '<script>alert(1)</script>"><img src=x onerror=alert(1)>'},
                "kind": "meeting",
                "date": "2020-05-15",
                "url": "javascript:alert(1)",
            },
        )
    )
    soup = BeautifulSoup(block.render(value, context={"page": _Page("sv")}), "html.parser")
    assert soup.find("script") is None
    assert soup.find("img") is None
    assert not any("javascript:" in (a.get("href") or "") for a in soup.find_all("a"))
