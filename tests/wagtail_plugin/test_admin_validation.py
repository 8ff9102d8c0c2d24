"""Saving or publishing a page of a structure runs the core's validation on the whole structure; every
problem shows at once, at the field it comes from, or naming the other page it is in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.urls import reverse
from django.utils import translation
from wagtail import blocks
from wagtail.blocks.base import get_error_json_data

import kultursamverkan
from wagtail_kultursamverkan import mapping
from wagtail_kultursamverkan.cadence_field import phrase_for
from wagtail_kultursamverkan.extract import page_errors
from wagtail_kultursamverkan.models import BodyPage, StructurePage

from .helpers import admin_user, structure_page

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "regions" / "halland.yaml"


def _body(structure: StructurePage, index: int = 1) -> BodyPage:
    return list(BodyPage.objects.child_of(structure).order_by("path"))[index]


def _break(body: BodyPage, target: str = "no-such-thing") -> None:
    """Point the body's relations at nothing."""
    body.relations = [{"type": "relations", "value": {"type": "part_of", "target": target}}]


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


def _page_post(page: Any, **extra: object) -> dict:
    """The page's edit form as the browser posts it, field by field from the page's mapping spec."""
    data: dict = {"title": page.title, "slug": page.slug}
    names = [(f.attr, f.kind) for f in page.spec.fields]
    names += [(n, mapping.STREAM) for n in ("organisations", "people", "representatives") if hasattr(page, n)]
    for name, kind in names:
        value = getattr(page, name)
        if kind == mapping.STREAM:
            data.update(_post_data(value.stream_block, name, value))
        elif kind == mapping.ENUMS:
            data[name] = list(value or ())
        elif kind == mapping.CADENCE:
            data[name] = phrase_for(value) if value else ""  # the line of words the editor sees
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    data.update(extra)
    return data


@pytest.mark.django_db
def test_core_problems_become_nested_block_errors_at_the_body_pages_field() -> None:
    structure = structure_page(kultursamverkan.load(EXAMPLE))
    body = _body(structure)
    assert page_errors(body, structure) == []
    _break(body)
    with translation.override("en"):
        [(field, error)] = page_errors(body, structure)
    assert field == "relations"
    assert isinstance(error, blocks.StreamBlockValidationError)
    target = error.block_errors[0].block_errors["target"]  # a reference: its choosers' error
    assert "there is nothing with the id 'no-such-thing'" in json.dumps(get_error_json_data(target))


@pytest.mark.django_db
def test_every_problem_of_one_save_is_shown_at_once() -> None:
    structure = structure_page(kultursamverkan.load(EXAMPLE))
    body = _body(structure)
    _break(body)
    body.convener = [{"type": "convener", "value": "nobody-at-all"}]  # a second problem in the same save
    with translation.override("en"):
        errors = dict(page_errors(body, structure))
    assert sorted(errors) == ["convener", "relations"]
    assert "nobody-at-all" in json.dumps(get_error_json_data(errors["convener"]))


@pytest.mark.django_db
def test_a_problem_in_another_page_names_that_page() -> None:
    structure = structure_page(kultursamverkan.load(EXAMPLE))
    body = _body(structure)
    _break(body)
    body.save_revision().publish()
    with translation.override("en"):
        errors = page_errors(structure, None)
    [(field, message)] = errors
    assert field is None
    assert body.title in message
    assert "no-such-thing" in message


@pytest.mark.django_db
def test_invalid_content_is_neither_saved_nor_published(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user("en"))
    structure = structure_page(kultursamverkan.load(EXAMPLE))
    body = _body(structure)
    url = reverse("wagtailadmin_pages:edit", args=[body.pk])

    unchanged = client.post(url, _page_post(body, **{"action-publish": "publish"}))
    assert unchanged.status_code == 302, unchanged.context["form"].errors  # the valid page publishes

    body = BodyPage.objects.get(pk=body.pk)
    revisions = body.revisions.count()
    _break(body)
    for action in ({}, {"action-publish": "publish"}):
        response = client.post(url, _page_post(body, **action))
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert "relations" in errors
        # What the editor's browser receives to draw the error at the relation's target field:
        shown = json.dumps(get_error_json_data(errors["relations"].as_data()[0]))
        assert "there is nothing with the id" in shown
    assert body.revisions.count() == revisions


@pytest.mark.django_db
def test_a_problem_with_a_plain_field_is_shown_at_it(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user("en"))
    page = StructurePage.objects.get(pk=structure_page(kultursamverkan.load(EXAMPLE)).pk)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(url, _page_post(page, as_of="2024-13"))
    assert response.status_code == 200
    assert "as_of" in response.context["form"].errors
