"""A structure page's data at its own address: its calendar, JSON-LD, diagram and data files.

Each format is served at ``<structure page>/export/<format>/`` (``StructurePage.export_urls``).
Wagtail serves no address with a dot in it, so the suffix cannot be the URL's; it is the
file name's, in ``Content-Disposition``. What a browser can show (the diagram, JSON-LD,
JSON) is sent ``inline``; a calendar, YAML and TOML are ``attachment``s, opened by another
program. Built from the core's exporters in the page's language; ``@id``s start from the page's
own address, calendar UIDs from the structure's translation key (``Addresses.uid_base``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from attrs import frozen
from django.utils.translation import gettext_lazy as _

from kultursamverkan import diagram, ical, io, jsonld
from kultursamverkan.model import Structure

#: The path below the structure page; a child page with this slug would be hidden by the routes.
ROUTE_PREFIX = "export"


@frozen
class ExportFormat:
    name: str
    media_type: str
    inline: bool
    label: str


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("ics", "text/calendar; charset=utf-8", False, _("Calendar (iCalendar)")),
        ExportFormat("jsonld", "application/ld+json", True, _("Linked data (JSON-LD)")),
        ExportFormat("svg", "image/svg+xml", True, _("Diagram (SVG)")),
        ExportFormat("yaml", "application/yaml", False, _("Data file (YAML)")),
        ExportFormat("json", "application/json", True, _("Data file (JSON)")),
        ExportFormat("toml", "application/toml", False, _("Data file (TOML)")),
    )
}


@frozen(kw_only=True)
class Addresses:
    """Where the structure and its objects are on the site: the base of ``@id``s and the links back."""

    page: str
    #: An object id → its page's full URL (published, public pages only).
    items: Mapping[str, str]
    last_published: dt.datetime | None = None
    #: What the structure is across languages and moves: its pages' translation key (None: use ``base``).
    key: str | None = None

    @property
    def base(self) -> str:
        """``@id``s: the page's address and a fragment, so no id is the address of another page."""
        return self.page + "#"

    @property
    def uid_base(self) -> str:
        """Calendar UIDs: ``urn:kultursamverkan:<translation key>:``. A calendar program knows an entry
        again by its UID, so it must not change when the page moves, its slug changes or it is read in
        the other language (the same meeting); ``base`` when the structure has no key."""
        return f"urn:kultursamverkan:{self.key}:" if self.key else self.base


def build(structure: Structure, name: str, lang: str, where: Addresses) -> str:
    """The export ``name`` (a key of ``FORMATS``) as text."""
    if name == "ics":
        return calendar(structure, lang, where).text
    if name == "jsonld":
        return jsonld.to_text(structure, **_jsonld_addresses(where))
    if name == "svg":
        return diagram.to_svg(structure, lang=lang, urls=dict(where.items))
    if name in ("yaml", "json", "toml"):
        return io.dumps(structure, name)  # type: ignore[arg-type]
    raise ValueError(f"unknown export {name!r}")


def calendar(structure: Structure, lang: str, where: Addresses) -> ical.CalendarExport:
    return ical.to_calendar(
        structure,
        lang=lang,
        base_url=where.uid_base,
        url=where.page,
        urls=where.items,
        last_modified=where.last_published,
    )


def jsonld_script(structure: Structure, where: Addresses) -> str:
    """The structure's JSON-LD (its @ids and links at ``where``) as the escaped ``<script>`` element a page embeds."""
    return jsonld.script(structure, **_jsonld_addresses(where))


def _jsonld_addresses(where: Addresses) -> dict[str, Any]:
    """The @ids' base and the pages' addresses, as the JSON-LD builder takes them."""
    return {"base_url": where.base, "pages": {"": where.page, **where.items}}


def webcal(url: str) -> str:
    """The calendar's subscription address: ``webcal:`` in place of ``http(s):``."""
    return "webcal:" + url.split(":", 1)[1]
