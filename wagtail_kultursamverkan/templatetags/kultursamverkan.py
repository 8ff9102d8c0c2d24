"""Template tags that render through the core: ``{% load kultursamverkan %}``.

The HTML and JSON-LD come from ``kultursamverkan.render`` and ``kultursamverkan.jsonld``,
which escape what they write; templates add only layout.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import template
from django.utils.functional import LazyObject, empty
from django.utils.safestring import SafeString, mark_safe

from kultursamverkan import i18n, jsonld
from kultursamverkan.model import Plan, Structure
from kultursamverkan.render import (
    render,
    render_bodies,
    render_event_summary,
    render_plan,
    render_representatives,
    section_heading,
)

register = template.Library()


def _unwrapped(value: Any) -> Any:
    """What a page's lazy context value (``item``, ``plan``, ``plan_structure``, …) stands for: None where
    there is none, as the tags took such a value before it was lazy."""
    if isinstance(value, LazyObject):
        if value._wrapped is empty:  # type: ignore[attr-defined]
            value._setup()  # type: ignore[attr-defined]
        return value._wrapped  # type: ignore[attr-defined]
    return value


# ---------------------------------------------------------------- the core's renderer


def core_heading(lang: str, key: str) -> str:
    """One of the core renderer's section headings ("Collaboration bodies", …) in ``lang``."""
    return section_heading(key, lang)


def plan_html(plan: Plan, structure: Structure | None, lang: str, heading_level: int = 2) -> str:
    """One plan as the core renders it in a structure: name, facts, goals and milestones."""
    return render_plan(plan, structure, lang, heading_level)


def bodies_html(
    structure: Structure,
    lang: str,
    heading_level: int = 2,
    heading: str | None = None,
    hide_heading: bool = False,
    urls: Mapping[str, str] | None = None,
) -> str:
    """Every body of ``structure``, grouped by tier (political first), under one heading; ``urls``: links."""
    return render_bodies(structure, lang, heading_level, heading=heading, hidden_heading=hide_heading, urls=urls)


def representatives_html(
    structure: Structure,
    lang: str,
    heading_level: int = 2,
    heading: str | None = None,
    body_ids: Sequence[str] = (),
    hide_heading: bool = False,
) -> str:
    """The people in the structure's bodies, body by body, in the core's wording ("X represents Y.")."""
    return render_representatives(
        structure, lang, heading_level, heading=heading, body_ids=body_ids, hidden_heading=hide_heading
    )


def plan_jsonld(plan: Plan, structure: Structure | None, base_url: str | None = None) -> dict:
    """The plan as a schema.org ``CreativeWork``, in the JSON-LD of the structure it belongs to."""
    if structure is None:
        return {}
    document = jsonld.to_jsonld(structure, base_url=base_url)
    base = base_url or jsonld.default_base(structure)

    def ref(ident: str | None) -> dict | None:
        return {"@id": jsonld.iri(base, ident)} if ident else None

    period = None
    if plan.period is not None:
        start, end = plan.period.start, plan.period.end
        period = f"{start.isoformat() if start else '..'}/{end.isoformat() if end else '..'}"
    node = {
        "@id": jsonld.iri(base, plan.id),
        "@type": "CreativeWork",
        "name": jsonld.text_map(plan.name),
        "description": jsonld.text_map(plan.description),
        "genre": i18n.label(plan.kind, "en"),
        "creativeWorkStatus": i18n.label(plan.status, "en"),
        "temporalCoverage": period,
        "publisher": ref(plan.owner),
        "isBasedOn": ref(plan.based_on),
        "url": plan.url,
    }
    node = {k: v for k, v in node.items() if v is not None}
    # The core's graph has the structure's plans: the plan page's terms complete that node, not a second one.
    existing = next((n for n in document["@graph"] if n.get("@id") == node["@id"]), None)
    if existing is None:
        document["@graph"].append(node)
    else:
        existing.update({k: v for k, v in node.items() if k not in existing})
    return document


# ---------------------------------------------------------------- tags


@register.simple_tag
def kultursamverkan_html(structure: Structure | None, lang: str = "sv", heading_level: int = 2) -> SafeString:
    """The structure as accessible HTML in ``lang``; empty when there is no structure."""
    structure = _unwrapped(structure)
    if structure is None:
        return mark_safe("")
    return mark_safe(render(structure, lang=lang, format="html", heading_level=int(heading_level)))  # noqa: S308


@register.simple_tag
def kultursamverkan_jsonld(structure: Structure | None, base_url: str | None = None) -> SafeString:
    """``<script type="application/ld+json">`` for the structure, escaped so it cannot end the element."""
    structure = _unwrapped(structure)
    if structure is None:
        return mark_safe("")
    return mark_safe(jsonld.script_tag(jsonld.to_jsonld(structure, base_url=base_url)))  # noqa: S308


@register.simple_tag
def kultursamverkan_plan_html(
    plan: Plan | None, structure: Structure | None = None, lang: str = "sv", heading_level: int = 2
) -> SafeString:
    """One plan as accessible HTML in ``lang``; names of its owner etc. come from ``structure``."""
    plan, structure = _unwrapped(plan), _unwrapped(structure)
    if plan is None:
        return mark_safe("")
    return mark_safe(plan_html(plan, structure, lang, int(heading_level)))  # noqa: S308


@register.simple_tag
def kultursamverkan_plan_jsonld(
    plan: Plan | None, structure: Structure | None = None, base_url: str | None = None
) -> SafeString:
    """``<script type="application/ld+json">`` for a plan page: the plan in its structure's graph."""
    plan, structure = _unwrapped(plan), _unwrapped(structure)
    if plan is None or structure is None:
        return mark_safe("")
    return mark_safe(jsonld.script_tag(plan_jsonld(plan, structure, base_url)))  # noqa: S308


@register.simple_tag
def kultursamverkan_event_html(event: object, structure: Structure | None, lang: str = "sv") -> SafeString:
    """An event's date, name and place in the core's wording, for lists such as the index page's."""
    return mark_safe(render_event_summary(event, _unwrapped(structure), lang))  # type: ignore[arg-type]  # noqa: S308
