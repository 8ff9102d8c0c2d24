"""Every field of the core model has a place in the plugin, so conversion cannot drop one silently.

The mapping's specs list each core field once (``test_tree``); here the blocks built from the core's
type hints carry every field of the nested structs, and every cadence form has its block.
"""

from __future__ import annotations

import typing

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

import attrs
from wagtail import blocks as wagtail_blocks

from kultursamverkan import model
from wagtail_kultursamverkan import blocks, mapping

NESTED = [
    (mapping.BODY, "organisations", model.Participation),
    (mapping.BODY, "relations", model.Relation),
    (mapping.BODY, "chair", model.Post),
    (mapping.BODY, "meetings", model.Meeting),
    (mapping.BODY, "reporting", model.ReportingDuty),
    (mapping.BODY, "seats", model.Seats),
    (mapping.BODY, "appointment", model.Appointment),
    (mapping.BODY, "history", model.ChangeEvent),
    (mapping.PLAN, "goals", model.Goal),
    (mapping.PLAN, "milestones", model.Milestone),
    (mapping.STRUCTURE, "sources", model.Source),
    (mapping.STRUCTURE, "funding", model.Funding),
    (mapping.STRUCTURE, "interest_areas", model.InterestArea),
    (mapping.BODY, "provenance", model.Provenance),
]


@pytest.mark.parametrize(("spec", "name", "cls"), NESTED, ids=lambda x: getattr(x, "__name__", str(x)))
def test_nested_struct_blocks_have_every_core_field(spec: mapping.Spec, name: str, cls: type) -> None:
    stream = blocks.field_block(spec.core, name)
    child = stream.child_blocks[name]
    assert isinstance(child, wagtail_blocks.StructBlock)
    assert set(child.child_blocks) == set(attrs.fields_dict(cls))


def test_text_in_blocks_is_one_language() -> None:
    """A nested text is one text input, in the page's language: no Swedish/English pair."""
    child = blocks.field_block(model.Body, "relations").child_blocks["relations"]
    goal = blocks.field_block(model.Plan, "goals").child_blocks["goals"]
    assert isinstance(goal.child_blocks["text"], wagtail_blocks.TextBlock)
    assert not isinstance(goal.child_blocks["text"], wagtail_blocks.StructBlock)
    assert "type" in child.child_blocks


def test_every_cadence_form_has_a_block() -> None:
    from kultursamverkan.cadence import CADENCE_KINDS
    from wagtail_kultursamverkan.blocks import CadenceBlock

    cadence = CadenceBlock()  # inside structs (a body's history); a page's own cadence is one line of words
    # Besides one block per form, "phrase" takes typed words and becomes one of the forms on saving.
    assert set(cadence.child_blocks) == {*CADENCE_KINDS, "phrase"}
    for kind, cls in CADENCE_KINDS.items():
        child = cadence.child_blocks[kind]
        fields = set(getattr(child, "child_blocks", {}))
        assert fields == set(attrs.fields_dict(cls)), kind


def test_every_structure_collection_has_a_home() -> None:
    """Each list of the core's structure is a page type, a snippet, a StreamField or the body pages' rows."""
    homes = set(mapping.BY_COLLECTION) | {f.name for f in mapping.STRUCTURE.fields} | {"representations"}
    lists = {
        a.name for a in attrs.fields(model.Structure) if typing.get_origin(a.type) is tuple or "tuple" in str(a.type)
    }
    assert lists <= homes, lists - homes
