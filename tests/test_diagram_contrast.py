"""Every text in the SVG diagram has WCAG AA contrast (4.5:1) against what is painted under it.

axe-core's color-contrast rule does not look inside SVG, so this test does: for each
``<text>``, it composites the rects under the text's middle in paint order (with their
``fill-opacity``) and compares the text's fill with the result.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import kultursamverkan

SVG = "{http://www.w3.org/2000/svg}"
REGIONS = ("norrbotten", "stockholm", "skane", "orebro", "halland")

Colour = tuple[float, float, float]


def rgb(value: str) -> Colour:
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def luminance(colour: Colour) -> float:
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Colour, b: Colour) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_contrasts(svg: str) -> list[tuple[float, str]]:
    """(contrast ratio, text) for every text element, against the composited rects beneath it."""
    rects: list[tuple[float, float, float, float, Colour, float]] = []
    out = []
    for element in ET.fromstring(svg).iter():
        if element.tag == SVG + "rect":
            x, y = float(element.get("x", 0)), float(element.get("y", 0))
            w, h = float(element.get("width", 0)), float(element.get("height", 0))
            rects.append((x, y, w, h, rgb(element.get("fill", "#ffffff")), float(element.get("fill-opacity", 1))))
        elif element.tag == SVG + "text":
            x, baseline, size = float(element.get("x", 0)), float(element.get("y", 0)), float(element.get("font-size"))
            y = baseline - size * 0.35  # the middle of the x-height
            under: Colour = (1.0, 1.0, 1.0)
            for rx, ry, rw, rh, fill, opacity in rects:
                if rx <= x <= rx + rw and ry <= y <= ry + rh:
                    under = tuple(opacity * f + (1 - opacity) * u for f, u in zip(fill, under, strict=True))  # type: ignore[assignment]
            out.append((contrast(rgb(element.get("fill", "#000000")), under), element.text or ""))
    return out


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("region", REGIONS)
def test_diagram_text_contrast(region: str, lang: str, examples_dir: Path) -> None:
    svg = kultursamverkan.export(kultursamverkan.load(examples_dir / f"{region}.yaml"), format="svg", lang=lang)
    contrasts = text_contrasts(svg)
    assert len(contrasts) >= 6  # title, region, a tier and a body's kind, name and cadence: the test saw text
    low = [(round(ratio, 2), text) for ratio, text in contrasts if ratio < 4.5]
    assert low == []


def test_contrast_formula() -> None:
    assert contrast(rgb("#000000"), rgb("#ffffff")) == pytest.approx(21)
    assert contrast(rgb("#767676"), rgb("#ffffff")) == pytest.approx(4.54, abs=0.01)
