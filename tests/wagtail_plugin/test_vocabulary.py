"""Choice lists: built once per language (search indexing asks for them on every value), labels still per language."""

from __future__ import annotations

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.utils import translation

from kultursamverkan.vocab import Tier
from wagtail_kultursamverkan import vocabulary


def test_choices_are_built_once_per_language(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str | None] = []
    real = vocabulary.label

    def counting(member: object, lang: str | None = None) -> str:
        calls.append(lang)
        return real(member, lang)  # type: ignore[arg-type]

    monkeypatch.setattr(vocabulary, "label", counting)
    vocabulary.tier_choices.cache_clear()
    try:
        with translation.override("sv"):
            swedish = vocabulary.tier_choices()
            assert vocabulary.tier_choices() == swedish
        with translation.override("en"):
            english = vocabulary.tier_choices()
            assert vocabulary.tier_choices() == english
        with translation.override("sv"):
            assert vocabulary.tier_choices() == swedish
    finally:
        vocabulary.tier_choices.cache_clear()
    assert len(calls) == 2 * len(Tier)  # once per member and language, not per call
    assert swedish != english
    assert [value for value, _label in swedish] == [t.value for t in Tier]


def test_each_call_gives_a_list_of_its_own() -> None:
    first = vocabulary.participant_choices()
    first.append(("x", "x"))
    assert ("x", "x") not in vocabulary.participant_choices()


def test_months_are_named_in_the_active_language() -> None:
    with translation.override("en"):
        assert dict(vocabulary.month_choices())["1"] == "January"
    with translation.override("sv"):
        assert dict(vocabulary.month_choices())["1"].lower() == "januari"
