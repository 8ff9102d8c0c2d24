"""``manage.py kultursamverkan_export PAGE``: a structure page back to a core file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kultursamverkan.io import FORMATS, format_for

from ... import importing


class Command(BaseCommand):
    help = "Write a structure page as a kultursamverkan file (YAML, JSON or TOML), to standard output or a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("page", help="the structure page: its id, or its URL path from the default site's root")
        parser.add_argument(
            "--format", choices=FORMATS, default=None, help="yaml, json or toml (default: from --output, else yaml)"
        )
        parser.add_argument("-o", "--output", default=None, help="write to this file instead of standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"]
        try:
            fmt = options["format"] or (format_for(output) if output else "yaml")
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        try:
            text = importing.export(importing.resolve_page(options["page"]), fmt)
        except importing.ImportFailed as failed:
            raise CommandError("\n".join(failed.problems)) from None
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
