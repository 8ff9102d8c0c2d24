"""The cadence input takes a typed phrase, turns it into the form it was understood as, and refuses guesses."""

from __future__ import annotations

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail import blocks

import kultursamverkan
from kultursamverkan import converter
from kultursamverkan.cadence import AsNeeded, Count, Dates, Interval, Range
from kultursamverkan.values import PartialDate
from kultursamverkan.vocab import Phase, Qualifier, Season
from wagtail_kultursamverkan.blocks import CadenceBlock, block_to_data, data_to_block
from wagtail_kultursamverkan.cadence_field import CadenceModelField
from wagtail_kultursamverkan.extract import page_errors
from wagtail_kultursamverkan.models import BodyPage

from .helpers import structure_page

BLOCK = CadenceBlock()
AS_A_RULE = Qualifier.AS_A_RULE
DATES = Dates(dates=(PartialDate.parse("2019-11-14"), PartialDate.parse("2020-11-19")), qualifier=AS_A_RULE)


def typed(text: str) -> blocks.StreamValue:
    return BLOCK.to_python([{"type": "phrase", "value": text}])


def as_data(value: blocks.StreamValue) -> dict:
    return block_to_data(BLOCK, BLOCK.get_prep_value(value))


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("sv", "tre till fyra gånger om året", Range(min=3, max=4)),
        ("sv", "varannan månad", Interval(every=2, unit=kultursamverkan.vocab.TimeUnit.MONTH)),
        ("sv", "every year in November", Interval(months=(11,))),  # English typed in a Swedish admin
        ("en", "twice a year", Count(times=2)),
        ("en", "en gång i månaden", Count(times=1, per=kultursamverkan.vocab.TimeUnit.MONTH)),
        # Format 2: a qualifier, seasons, a phase, a range of intervals.
        ("sv", "som regel två gånger per år", Count(times=2, qualifier=AS_A_RULE)),
        ("en", "as a rule twice a year", Count(times=2, qualifier=AS_A_RULE)),
        (
            "sv",
            "normalt två gånger per år, på våren och hösten",
            Count(times=2, seasons=(Season.SPRING, Season.AUTUMN), qualifier=Qualifier.NORMALLY),
        ),
        ("en", "twice a year, in spring and autumn", Count(times=2, seasons=(Season.SPRING, Season.AUTUMN))),
        (
            "sv",
            "vid behov under dialogperioden inför varje ny kulturplan",
            AsNeeded(during=Phase.PLAN_DIALOGUE),
        ),
        ("en", "as a rule every three to four years", Interval(every=3, every_max=4, qualifier=AS_A_RULE)),
        ("sv", "som regel den 14 november 2019 och 19 november 2020", DATES),
    ],
)
def test_a_typed_phrase_becomes_the_form_it_was_understood_as(lang: str, text: str, expected: object) -> None:
    with translation.override(lang):
        cleaned = BLOCK.clean(typed(text))
    [child] = list(cleaned)
    assert child.block_type == expected.kind  # type: ignore[attr-defined]
    assert as_data(cleaned) == as_data(BLOCK.to_python(data_to_block(BLOCK, converter.unstructure(expected))))
    # What the blocks hold is the whole cadence: qualifier, seasons, phase and every_max included.
    assert converter.structure(as_data(cleaned), kultursamverkan.cadence.Cadence) == expected


@pytest.mark.parametrize(
    ("text", "sv", "en"),
    [
        (
            "två gånger per år som regel",
            "En mötesfrekvens kan bara inledas med ”som regel” eller ”normalt”",
            "A frequency can only begin with “as a rule” or “normally”",
        ),
        ("cirka 3–4 gånger per år", "Ett spann kan inte vara ungefärligt", "A range cannot be approximate"),
        ("fyra gånger", "Skriv per vad", "Say per what"),
        ("ibland", "Det gick inte att förstå som en mötesfrekvens", "Not understood as a meeting frequency"),
    ],
)
def test_a_phrase_not_understood_is_refused_at_the_field(text: str, sv: str, en: str) -> None:
    for lang, expected in (("sv", sv), ("en", en)):
        with translation.override(lang):
            with pytest.raises(ValidationError) as caught:
                BLOCK.clean(typed(text))
            # at the phrase itself, the stream's first child, in the admin's language
            assert expected in " ".join(caught.value.block_errors[0].messages), lang


def test_the_body_pages_cadence_field_saves_the_understood_form() -> None:
    field = BodyPage._meta.get_field("cadence")
    assert isinstance(field, CadenceModelField)
    with translation.override("sv"):
        cleaned = field.formfield().clean("3-4 ggr/år")
    assert converter.structure(cleaned, kultursamverkan.cadence.Cadence) == Range(min=3, max=4)


@pytest.mark.django_db
def test_a_cadence_the_core_refuses_is_a_problem_at_the_cadence() -> None:
    structure = structure_page(kultursamverkan.load(kultursamverkan_example()))
    body = BodyPage.objects.child_of(structure).order_by("path").first()
    body.cadence = {"kind": "count", "times": 0, "per": "year"}
    with translation.override("sv"):
        [(field, error)] = page_errors(body, structure)
    assert field == "cadence"
    assert "0" in str(error)


def kultursamverkan_example():  # type: ignore[no-untyped-def]
    from pathlib import Path

    return Path(__file__).resolve().parents[2] / "examples" / "regions" / "halland.yaml"


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        (
            "sv",
            [
                "Ett bestämt antal gånger",
                "Ett spann, t.ex. 3–4 gånger",
                "Minst ett bestämt antal gånger",
                "Med ett bestämt intervall, t.ex. varannan månad",
                "Vid behov",
                "Löpande",
                "Regelbundet",
                "På angivna datum",
                "Med ord",
            ],
        ),
        (
            "en",
            [
                "A set number of times",
                "A range, e.g. 3–4 times",
                "At least a set number of times",
                "At a fixed interval, e.g. every other month",
                "As needed",
                "Ongoing",
                "Regularly",
                "On given dates",
                "In words",
            ],
        ),
    ],
)
def test_cadence_forms_are_labelled_for_what_they_mean(lang: str, labels: list[str]) -> None:
    with translation.override(lang):
        assert [str(child.label) for child in BLOCK.child_blocks.values()] == labels


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("sv", "som regel två gånger per år, på våren och hösten"),
        ("en", "as a rule twice a year, in spring and autumn"),
    ],
)
def test_a_typed_qualified_phrase_is_kept_on_the_published_page(client, lang: str, words: str) -> None:  # type: ignore[no-untyped-def]
    from bs4 import BeautifulSoup
    from wagtail.models import Locale

    structure = kultursamverkan.load(kultursamverkan_example())
    sv_page = structure_page(structure)
    body = BodyPage.objects.child_of(sv_page).order_by("path").first()
    with translation.override(lang):
        body.cadence = BodyPage._meta.get_field("cadence").formfield().clean(words)  # as the admin's form does
    body.save_revision().publish()  # the cadence is kept in step across translations by the Swedish page
    page = sv_page.get_translation(Locale.objects.get(language_code=lang))
    response = client.get(page.url)
    assert response.status_code == 200
    text = " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())
    assert words in text
    qualifier = words.split(" två")[0].split(" twice")[0]
    svg = BeautifulSoup(response.content, "html.parser").find("svg")
    assert svg is None or qualifier in " ".join(svg.get_text(" ").split())
