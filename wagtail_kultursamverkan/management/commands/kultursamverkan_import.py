"""``manage.py kultursamverkan_import FILE... --parent PAGE``: core files to pages and snippets, all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ... import importing


class Command(BaseCommand):
    help = (
        "Create or update region index pages, structure pages, their plan pages and their organisation and "
        "person snippets from kultursamverkan files (YAML, JSON or TOML), with a translation in each other "
        "content language. Pages are matched on the files' ids, so importing again changes only what changed; "
        "plan pages of a structure that its file no longer has are deleted. One invalid file, or any failure, "
        "imports nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="structure files (.yaml, .yml, .json, .toml)")
        parser.add_argument(
            "--parent",
            default="/",
            help="the page to put region index pages under: a page id, or a URL path from the default "
            "site's root (default: /, the site's home page)",
        )
        parser.add_argument(
            "--locale",
            default=None,
            help="language code of the pages to create; translations follow in the other content languages "
            "(default: the site's default locale)",
        )
        parser.add_argument("--dry-run", action="store_true", help="show what would change, and write nothing")
        parser.add_argument("--draft", action="store_true", help="save new content as drafts instead of publishing it")

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        try:
            sources = importing.read_files(options["files"])
            main = importing.main_locale(options["locale"])
            parent = importing.resolve_page(options["parent"], main)
            changes = importing.plan(sources, parent, main)
            if options["dry_run"] or verbosity >= 2:
                for change in changes:
                    self.stdout.write(
                        f"{change.action:9} {change.kind:12} {change.locale:3} {change.identifier} ({change.source})"
                    )
            if options["dry_run"]:
                self._summary(changes, prefix="dry run, nothing written: would ")
                return
            result = importing.run(
                sources,
                parent,
                main,
                publish=not options["draft"],
                progress=self._progress if verbosity >= 1 else None,
            )
        except importing.ImportFailed as failed:
            for problem in failed.problems:
                self.stderr.write(problem)
            count = len(failed.problems)
            raise CommandError(
                f"nothing imported: {count} problem{'s' if count != 1 else ''}; fix them and run the import again"
            ) from None
        self._summary(result.changes, prefix="")

    def _progress(self, index: int, total: int, source: importing.Source) -> None:
        self.stdout.write(f"[{index}/{total}] {source.name}: {source.structure.id}")

    def _summary(self, changes: list[importing.Change], prefix: str) -> None:
        counts = {a: sum(1 for c in changes if c.action == a) for a in importing.ACTION_LABELS}
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}create {counts['create']}, update {counts['update']}, delete {counts['delete']}; "
                f"{counts['unchanged']} unchanged (pages and snippets, all locales)"
            )
        )
