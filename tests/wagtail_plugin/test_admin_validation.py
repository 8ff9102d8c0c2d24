"""Saving or publishing a structure page runs the core's validation; problems show at their fields."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.urls import reverse
from django.utils import translation
from wagtail import blocks
from wagtail.blocks.base import get_error_json_data

import kultursamverkan
from wagtail_kultursamverkan.forms import core_errors
from wagtail_kultursamverkan.models import StructurePage

from .helpers import admin_user, structure_page

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "regions" / "halland.yaml"


def _break_second_body(page: StructurePage) -> int:
    """Point the second body's relation at nothing; return that body's index in the stream."""
    content = page.content.get_prep_value()
    second = [i for i, child in enumerate(content) if child["type"] == "body"][1]
    content[second]["value"]["relations"] = [
        {"type": "item", "value": {"type": "part_of", "target": "no-such-thing"}, "id": "r1"}
    ]
    page.content = content
    return second


def _post_data(block: blocks.Block, prefix: str, value: object) -> dict:
    """A block value as the admin's form fields, the way the editor's browser sends them."""
    out: dict = {}
    if isinstance(block, blocks.StreamBlock):
        items = list(value)  # type: ignore[call-overload]
        out[f"{prefix}-count"] = len(items)
        for i, child in enumerate(items):
            out.update({f"{prefix}-{i}-type": child.block_type, f"{prefix}-{i}-deleted": "", f"{prefix}-{i}-order": i})
            out[f"{prefix}-{i}-id"] = child.id or ""
            out.update(_post_data(child.block, f"{prefix}-{i}-value", child.value))
    elif isinstance(block, blocks.ListBlock):
        items = list(value.bound_blocks)  # type: ignore[attr-defined]
        out[f"{prefix}-count"] = len(items)
        for i, child in enumerate(items):
            out.update({f"{prefix}-{i}-deleted": "", f"{prefix}-{i}-order": i, f"{prefix}-{i}-id": child.id})
            out.update(_post_data(block.child_block, f"{prefix}-{i}-value", child.value))
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            out.update(_post_data(child, f"{prefix}-{name}", value.get(name)))  # type: ignore[attr-defined]
    elif isinstance(block, blocks.StaticBlock):
        pass
    elif isinstance(block, blocks.BooleanBlock):
        if value:
            out[prefix] = "on"
    elif isinstance(block, blocks.MultipleChoiceBlock):
        out[prefix] = list(value or [])  # type: ignore[call-overload]
    elif isinstance(block, blocks.ChooserBlock):
        out[prefix] = value.pk if value is not None else ""  # type: ignore[attr-defined]
    else:
        out[prefix] = "" if value is None else value
    return out


def _page_post(page: StructurePage, **extra: object) -> dict:
    data: dict = {"title": page.title, "slug": page.slug}
    for name in ("structure_identifier", "name_sv", "name_en", "as_of", "description_sv", "description_en"):
        data[name] = getattr(page, name)
    data["levels"] = list(page.levels)
    for name in ("content", "organisations", "people", "sources"):
        value = getattr(page, name)
        data.update(_post_data(value.stream_block, name, value))
    data.update(extra)
    return data


@pytest.mark.django_db
def test_core_problems_become_nested_block_errors() -> None:
    page = StructurePage.objects.get(pk=structure_page(kultursamverkan.load(EXAMPLE)).pk)
    assert core_errors(page) == []
    second = _break_second_body(page)
    with translation.override("en"):
        [(field, error)] = core_errors(page)
    assert field == "content"
    assert isinstance(error, blocks.StreamBlockValidationError)
    target = error.block_errors[second].block_errors["relations"].block_errors[0].block_errors["target"]
    assert "there is nothing with the id 'no-such-thing'" in target.messages[0]


@pytest.mark.django_db
def test_invalid_content_is_neither_saved_nor_published(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user("en"))
    page = StructurePage.objects.get(pk=structure_page(kultursamverkan.load(EXAMPLE)).pk)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    unchanged = client.post(url, _page_post(page, **{"action-publish": "publish"}))
    assert unchanged.status_code == 302, unchanged.context["form"].errors  # the valid page publishes

    revisions = page.revisions.count()
    _break_second_body(page)
    for action in ({}, {"action-publish": "publish"}):
        response = client.post(url, _page_post(page, **action))
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert "content" in errors
        # What the editor's browser receives to draw the error at the relation's target field:
        shown = json.dumps(get_error_json_data(errors["content"].as_data()[0]))
        assert "there is nothing with the id" in shown
    assert page.revisions.count() == revisions


@pytest.mark.django_db
def test_a_problem_with_the_whole_page_is_a_form_error(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user("en"))
    page = StructurePage.objects.get(pk=structure_page(kultursamverkan.load(EXAMPLE)).pk)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(url, _page_post(page, as_of="2024-13"))
    assert response.status_code == 200
    assert "as_of" in response.context["form"].errors
