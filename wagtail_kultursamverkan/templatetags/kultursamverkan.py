"""Template tags that render a structure through the core: ``{% load kultursamverkan %}``.

The HTML and JSON-LD come from ``kultursamverkan.render`` and ``kultursamverkan.jsonld``,
which escape what they write; templates add only layout.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from kultursamverkan import jsonld
from kultursamverkan.model import Structure
from kultursamverkan.render import render

register = template.Library()


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
