"""One term per concept in both packages' catalogs (locales/terms.toml)."""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
TERMS = ROOT / "locales" / "terms.toml"
CATALOGS = {
    ("core", "sv"): ROOT / "locales" / "sv" / "LC_MESSAGES" / "kultursamverkan.po",
    ("core", "en"): ROOT / "locales" / "en" / "LC_MESSAGES" / "kultursamverkan.po",
    ("plugin", "sv"): ROOT / "wagtail_kultursamverkan" / "locale" / "sv" / "LC_MESSAGES" / "django.po",
    ("plugin", "en"): ROOT / "wagtail_kultursamverkan" / "locale" / "en" / "LC_MESSAGES" / "django.po",
}
_PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)[sd]")


@cache
def concepts() -> list[dict]:
    return tomllib.loads(TERMS.read_text(encoding="utf-8"))["concept"]


@cache
def translations(package: str, lang: str) -> list[tuple[str, str]]:
    """(msgid, translation) pairs, plural forms each on their own, placeholders removed."""
    with CATALOGS[package, lang].open("rb") as handle:
        catalog = read_po(handle)
    out = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            out.extend((msgid, _PLACEHOLDER.sub(" ", s)) for s in strings)
    return out


def test_every_concept_has_one_term_in_each_language() -> None:
    names = [c["concept"] for c in concepts()]
    assert len(names) == len(set(names))
    for concept in concepts():
        assert concept["sv"].strip()
        assert concept["en"].strip()
        assert concept["msgids"], concept["concept"]


@pytest.mark.parametrize("package", ["core", "plugin"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_catalogs_use_the_terms(package: str, lang: str) -> None:
    wrong = []
    for concept in concepts():
        term = concept[lang].lower()
        for msgid, text in translations(package, lang):
            if msgid in concept["msgids"] and term not in text.lower():
                wrong.append(f"{msgid!r} → {text!r} does not use {concept[lang]!r} ({concept['concept']})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_each_term_is_used_somewhere(lang: str) -> None:
    """A term whose msgids no catalog has any more is a stale entry in the list."""
    all_ids = {msgid for package in ("core", "plugin") for msgid, _ in translations(package, lang)}
    stale = [c["concept"] for c in concepts() if not set(c["msgids"]) & all_ids]
    assert not stale


@pytest.mark.parametrize("package", ["core", "plugin"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_catalogs_avoid_the_forbidden_variants(package: str, lang: str) -> None:
    wrong = []
    for concept in concepts():
        for variant in concept.get(f"{lang}_not", []):
            pattern = re.compile(rf"(?<!\w){re.escape(variant)}", re.IGNORECASE)
            wrong.extend(
                f"{msgid!r} → {text!r} uses {variant!r}; the term is {concept[lang]!r}"
                for msgid, text in translations(package, lang)
                if pattern.search(text)
            )
    assert not wrong, "\n".join(sorted(set(wrong)))
