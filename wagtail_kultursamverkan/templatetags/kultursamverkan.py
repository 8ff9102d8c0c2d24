"""Template tags that render through the core: ``{% load kultursamverkan %}``.

The HTML and JSON-LD come from ``kultursamverkan.render`` and ``kultursamverkan.jsonld``,
which escape what they write; templates add only layout. The functions below the
tags are the plugin's one adapter to the core renderer's document tree, for the
pieces the core has no public function for yet (one plan, the bodies by tier, the
representatives): they build the core's own blocks and write them with the core's
HTML writer, so the wording, escaping and classes are the core's.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from django import template
from django.utils.safestring import SafeString, mark_safe

from kultursamverkan import i18n, jsonld
from kultursamverkan.model import Plan, Structure
from kultursamverkan.phrases import Span
from kultursamverkan.render import render

# The module, not the function the package re-exports under the same name.
core = importlib.import_module("kultursamverkan.render")
register = template.Library()

#: The class that hides text visually but keeps it for screen readers (host sites may restyle it).
VISUALLY_HIDDEN = "ks-visually-hidden"


# ---------------------------------------------------------------- the core's tree


def _heading_cls(cls: str, hidden: bool) -> str:
    return f"{cls} {VISUALLY_HIDDEN}" if hidden else cls


def core_heading(lang: str, key: str) -> str:
    """One of the core renderer's section headings ("Collaboration bodies", …) in ``lang``."""
    return core._t(i18n.normalize_lang(lang), key)


def plan_html(plan: Plan, structure: Structure | None, lang: str, heading_level: int = 2) -> str:
    """One plan as the core renders it in a structure: name, facts, goals and milestones."""
    lang = i18n.normalize_lang(lang)
    root = core._Builder(structure, lang).plan(plan, heading_level)
    return core._write(root, lang, "html", heading_level)


def bodies_html(
    structure: Structure, lang: str, heading_level: int = 2, heading: str | None = None, hide_heading: bool = False
) -> str:
    """Every body of ``structure``, grouped by tier (political first), under one heading."""
    lang = i18n.normalize_lang(lang)
    builder = core._Builder(structure, lang)
    title = heading or core._t(lang, "bodies")
    children = [
        builder.heading(heading_level, [Span(title)], _heading_cls("ks-section__title", hide_heading)),
        *builder.bodies_blocks(structure.bodies, heading_level + 1),
    ]
    root = core.Section("ks-section ks-section--bodies", tuple(children), id=f"ks-bodies-{structure.id}")
    return core._write(root, lang, "html", heading_level)


def representatives_html(
    structure: Structure,
    lang: str,
    heading_level: int = 2,
    heading: str | None = None,
    body_ids: Sequence[str] = (),
    hide_heading: bool = False,
) -> str:
    """The people in the structure's bodies, body by body, in the core's wording ("X, representing Y")."""
    lang = i18n.normalize_lang(lang)
    builder = core._Builder(structure, lang)
    title = heading or core._t(lang, "representatives")
    children: list[core.Block] = [
        builder.heading(heading_level, [Span(title)], _heading_cls("ks-section__title", hide_heading))
    ]
    for body in structure.bodies:
        if body_ids and body.id not in body_ids:
            continue
        reps = [r for r in structure.representations if r.body == body.id]
        if not reps:
            continue
        items = core.Items(tuple(core.Item(builder.representation(r)) for r in reps), "ks-list ks-representatives")
        body_heading = builder.heading(heading_level + 1, builder.text(body.name), "ks-body__title")
        children.append(core.Section("ks-body", (body_heading, items), id=f"ks-representatives-{body.id}"))
    root = core.Section(
        "ks-section ks-section--representatives", tuple(children), id=f"ks-representatives-{structure.id}"
    )
    return core._write(root, lang, "html", heading_level)


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
    document["@graph"].append({k: v for k, v in node.items() if v is not None})
    return document


# ---------------------------------------------------------------- tags


@register.simple_tag
def kultursamverkan_html(structure: Structure | None, lang: str = "sv", heading_level: int = 2) -> SafeString:
    """The structure as accessible HTML in ``lang``; empty when there is no structure."""
    if structure is None:
        return mark_safe("")
    return mark_safe(render(structure, lang=lang, format="html", heading_level=int(heading_level)))  # noqa: S308


@register.simple_tag
def kultursamverkan_jsonld(structure: Structure | None, base_url: str | None = None) -> SafeString:
    """``<script type="application/ld+json">`` for the structure, escaped so it cannot end the element."""
    if structure is None:
        return mark_safe("")
    return mark_safe(jsonld.script_tag(jsonld.to_jsonld(structure, base_url=base_url)))  # noqa: S308


@register.simple_tag
def kultursamverkan_plan_html(
    plan: Plan | None, structure: Structure | None = None, lang: str = "sv", heading_level: int = 2
) -> SafeString:
    """One plan as accessible HTML in ``lang``; names of its owner etc. come from ``structure``."""
    if plan is None:
        return mark_safe("")
    return mark_safe(plan_html(plan, structure, lang, int(heading_level)))  # noqa: S308


@register.simple_tag
def kultursamverkan_plan_jsonld(
    plan: Plan | None, structure: Structure | None = None, base_url: str | None = None
) -> SafeString:
    """``<script type="application/ld+json">`` for a plan page: the plan in its structure's graph."""
    if plan is None or structure is None:
        return mark_safe("")
    return mark_safe(jsonld.script_tag(plan_jsonld(plan, structure, base_url)))  # noqa: S308


@register.simple_tag
def kultursamverkan_event_html(event: object, structure: Structure | None, lang: str = "sv") -> SafeString:
    """An event's date, name and place in the core's wording, for lists such as the index page's."""
    lang = i18n.normalize_lang(lang)
    builder = core._Builder(structure, lang)
    from kultursamverkan.phrases import date_spans, period_spans
    from kultursamverkan.values import Period

    when = (
        period_spans(Period(start=event.date, end=event.end), lang)  # type: ignore[attr-defined]
        if event.end  # type: ignore[attr-defined]
        else date_spans(event.date, lang)  # type: ignore[attr-defined]
    )
    spans = [*when, Span(": "), *builder.text(event.name)]  # type: ignore[attr-defined]
    if event.location is not None:  # type: ignore[attr-defined]
        spans = [*spans, Span(", "), *builder.text(event.location)]  # type: ignore[attr-defined]
    return mark_safe(core._html_spans(spans))  # noqa: S308
