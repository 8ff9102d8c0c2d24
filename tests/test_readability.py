"""Readable Swedish: the sentences the library writes for the example regions have LIX ≤ 45 and ≤ 25 words.

LIX (Björnsson): words per sentence plus the percentage of long words (more than six
letters). A sentence ends at ".", ":", "!" or "?". The measure is taken over what the
library writes, the summary, region, levels and as-of sentences, with every name that
comes from the data (bodies, organisations, the region, people) counted as one short
word: a writer can shorten the sentence around "Kulturpolitiska samtal med enskilda
kommuner eller grupper av kommuner", not the name.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import kultursamverkan
from kultursamverkan.model import Structure

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "regions"
REGIONS = ("norrbotten", "stockholm", "skane", "orebro", "halland")
GENERATED = ["ks-body__summary", "ks-structure__region", "ks-structure__levels", "ks-structure__as-of"]
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
SENTENCE_END = re.compile(r"(?<=[.:!?])\s+")


def lix(text: str) -> float:
    sentences = [s for s in SENTENCE_END.split(text.strip()) if WORD.search(s)]
    words = [w for s in sentences for w in WORD.findall(s)]
    long = [w for w in words if len(w) > 6]
    return len(words) / len(sentences) + 100 * len(long) / len(words)


def test_lix_is_computed_as_bjornsson_defines_it() -> None:
    # 14 words, 2 sentences, 3 long words ("meningen", "innehåller", "betydligt"): 7 + 300/14
    text = "Det här är en kort mening. Den här meningen innehåller betydligt fler långa ord."
    assert lix(text) == pytest.approx(7 + 300 / 14)
    assert lix("Samverkansorgan: möten hålls.") == pytest.approx(3 / 2 + 100 / 3)


@cache
def structure(name: str) -> Structure:
    return kultursamverkan.load(EXAMPLES / f"{name}.yaml")


def generated(name: str, lang: str) -> list[str]:
    doc = BeautifulSoup(kultursamverkan.render(structure(name), lang=lang, format="html"), "html.parser")
    return [p.get_text() for p in doc.find_all("p", class_=GENERATED)]


def names(s: Structure) -> list[str]:
    found = {s.region.name.get("sv")[0], *(p.name for p in s.people)}
    for item in (*s.bodies, *s.organisations, *s.collaborations, *s.plans):
        found.add(item.name.get("sv")[0])
    return sorted(found, key=len, reverse=True)


@pytest.mark.parametrize("name", REGIONS)
def test_generated_swedish_has_lix_at_most_45(name: str) -> None:
    text = " ".join(generated(name, "sv"))
    for proper in names(structure(name)):
        text = text.replace(proper, "X")
    assert lix(text) <= 45, text


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", REGIONS)
def test_no_generated_sentence_has_more_than_25_words(name: str, lang: str) -> None:
    for paragraph in generated(name, lang):
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
            assert len(WORD.findall(sentence)) <= 25, sentence
