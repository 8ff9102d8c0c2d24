"""One entry point for every export format, and the ``export`` subcommand.

``kultursamverkan.export(structure, format="jsonld"|"ics"|"svg", lang=..., base_url=...)``
returns text. The format modules hold the detail: ``jsonld`` (schema.org and W3C
ORG), ``ical`` (RFC 5545), ``diagram`` (SVG). ``lang`` chooses the words of the
calendar and the diagram; JSON-LD always carries every language the data has.
``base_url`` prefixes the JSON-LD ``@id``s and the calendar's UIDs.

Note: the package re-exports the function under this module's own name, so
``kultursamverkan.export`` is the function; import the module's other names
with ``from kultursamverkan.export import FORMATS``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import diagram, ical, jsonld
from .cli import command
from .model import Structure

#: Format name → (file suffix, media type).
FORMATS: dict[str, tuple[str, str]] = {
    "jsonld": (".jsonld", "application/ld+json"),
    "ics": (".ics", "text/calendar"),
    "svg": (".svg", "image/svg+xml"),
}


def export(structure: Structure, format: str = "jsonld", *, lang: str = "sv", base_url: str | None = None) -> str:
    """``structure`` as text in ``format``: ``jsonld``, ``ics`` or ``svg``."""
    # The format modules are imported with this one: importing inside the call cost a tenth of a small export.
    if format == "jsonld":
        return jsonld.to_text(structure, base_url=base_url)
    if format == "ics":
        return ical.to_calendar(structure, lang=lang, base_url=base_url).text
    if format == "svg":
        return diagram.to_svg(structure, lang=lang)
    raise ValueError(f"unknown export format {format!r}; use one of: {', '.join(FORMATS)}")


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a structure file (.yaml, .yml, .json, .toml)")
    parser.add_argument("--format", choices=tuple(FORMATS), default="jsonld", help="default jsonld")
    parser.add_argument("--lang", default="sv", help="language of the calendar and diagram text: sv or en (default sv)")
    parser.add_argument(
        "--base-url", help="prefix of JSON-LD @ids and calendar UIDs (default: a urn:kultursamverkan: URN)"
    )
    parser.add_argument("-o", "--output", metavar="PATH", help="write here instead of standard output")


@command("export", "export a structure as JSON-LD, iCalendar or an SVG diagram", _arguments)
def _export_command(args: argparse.Namespace) -> int:
    from .io import load

    structure = load(args.file)
    if args.format == "ics":
        result = ical.to_calendar(structure, lang=args.lang, base_url=args.base_url)
        text = result.text
        for item in result.omitted:
            print(f"{args.file}: not in the calendar, no date: {item.name} ({item.when})", file=sys.stderr)
    else:
        text = export(structure, args.format, lang=args.lang, base_url=args.base_url)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
    else:
        sys.stdout.write(text)
    return 0
