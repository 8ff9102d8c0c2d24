"""Every field of the core model has a place in the plugin, so conversion cannot drop one silently.

When the core gains a field, these tests name it; add it to the block, snippet or page.
"""

from __future__ import annotations

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

import attrs

from kultursamverkan import model
from kultursamverkan.values import Period
from wagtail_kultursamverkan import blocks, convert
from wagtail_kultursamverkan.models import Organisation, Person, RegionIndexPage

BLOCKS = [
    (blocks.BodyBlock, model.Body),
    (blocks.CollaborationBlock, model.Collaboration),
    (blocks.AgreementBlock, model.Agreement),
    (blocks.PlanBlock, model.Plan),
    (blocks.GoalBlock, model.Goal),
    (blocks.MilestoneBlock, model.Milestone),
    (blocks.PeriodBlock, Period),
    (blocks.InterestAreaBlock, model.InterestArea),
    (blocks.EventBlock, model.Event),
    (blocks.RepresentationBlock, model.Representation),
    (blocks.RelationBlock, model.Relation),
    (blocks.ParticipationBlock, model.OrganisationParticipation),
    (blocks.SourceBlock, model.Source),
    (blocks.EventSeriesBlock, model.EventSeries),
    (blocks.FundingBlock, model.Funding),
]


@pytest.mark.parametrize(("block", "cls"), BLOCKS, ids=lambda x: x.__name__)
def test_block_children_are_the_core_fields(block: type, cls: type) -> None:
    assert set(block().child_blocks) == set(attrs.fields_dict(cls))


def test_every_cadence_form_has_a_block() -> None:
    from kultursamverkan.cadence import CADENCE_KINDS

    cadence = blocks.CadenceBlock()
    # Besides one block per form, "phrase" takes typed words and becomes one of the forms on saving.
    assert set(cadence.child_blocks) == {*CADENCE_KINDS, "phrase"}
    for kind, cls in CADENCE_KINDS.items():
        child = cadence.child_blocks[kind]
        fields = set(getattr(child, "child_blocks", {}))
        assert fields == set(attrs.fields_dict(cls)), kind


def test_every_collection_has_a_block() -> None:
    collections = {
        a.name for a in attrs.fields(model.Structure) if a.name not in ("organisations", "people", "sources")
    } & {
        "bodies",
        "collaborations",
        "agreements",
        "plans",
        "interest_areas",
        "event_series",
        "events",
        "representations",
        "funding",
    }
    tuple_fields = {
        a.name
        for a in attrs.fields(model.Structure)
        if str(a.type).startswith("tuple[") and a.name not in ("organisations", "people", "sources", "levels")
    }
    assert tuple_fields == collections == set(blocks.DATA_BLOCKS)


def _filled(instance: object) -> object:
    for field in instance._meta.concrete_fields:  # type: ignore[attr-defined]
        if field.name in ("id", "locale", "translation_key") or field.is_relation:
            continue
        if hasattr(instance, field.name) and getattr(instance, field.name) in ("", None, []):
            setattr(instance, field.name, "x" if field.get_internal_type() != "PositiveIntegerField" else 1)
    return instance


#: One made-up value per format-2 field of the snippets and the region, in the core's plain data.
DETAILS = {
    "member_of": ["x"],
    "abbreviation": "X",
    "alternative_names": [{"sv": "x"}],
    "identifiers": {"wikidata": "Q1"},
    "mandate": [{"sv": "x"}],
    "provenance": [{"as_of": "2020"}],
    "not_exhaustive": ["member_of"],
    "joined": "2011",
    "pilot": True,
}


def _with_details(instance: object, field: str, cls: type) -> object:
    stream = getattr(instance, field)
    names = set(stream.stream_block.child_blocks)
    setattr(instance, field, convert.details_stream({k: v for k, v in DETAILS.items() if k in names}, stream, cls))
    return instance


@pytest.mark.django_db  # a page's constructor looks up its content type
def test_snippets_and_region_carry_every_core_field() -> None:
    org = _with_details(_filled(Organisation(minorities=["sami"])), "details", model.Organisation)
    org.former_names = [{"type": "name", "value": {"sv": "x", "en": "x"}}]
    assert set(convert.organisation_data(org)) == set(attrs.fields_dict(model.Organisation))
    person = _with_details(_filled(Person()), "details", model.Person)
    assert set(convert.person_data(person)) == set(attrs.fields_dict(model.Person))
    region = _with_details(_filled(RegionIndexPage()), "region_details", model.Region)
    assert set(convert.region_data(region)) == set(attrs.fields_dict(model.Region))
    data = convert.organisation_data(org)
    assert {k: data[k] for k in blocks_of(org.details)} == {k: DETAILS[k] for k in blocks_of(org.details)}


def blocks_of(stream: object) -> list[str]:
    return list(stream.stream_block.child_blocks)  # type: ignore[attr-defined]
