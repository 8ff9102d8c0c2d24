"""``manage.py kultursamverkan_import FILE... --parent PAGE``: core files to pages and snippets, all or nothing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from ... import importing


class Command(BaseCommand):
    help = (
        "Create or update region index pages, structure pages, their plan pages and their organisation and "
        "person snippets from kultursamverkan files (YAML, JSON or TOML), with a translation in each other "
        "content language. Pages are matched on the files' ids, so importing again changes only what changed; "
        "plan pages of a structure that its file no longer has are deleted (with --draft, when the structure "
        "page is published). One invalid file, or any failure, imports nothing. It does what --user could do in "
        "the admin, or refuses the whole import; --system imports without that check."
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
        who = parser.add_mutually_exclusive_group()
        who.add_argument(
            "--user",
            metavar="USERNAME",
            help="import as this user: every page and snippet change is checked against their Wagtail permissions, "
            "and the import is refused as a whole if it needs more",
        )
        who.add_argument(
            "--system",
            action="store_true",
            help="a system import (deployment, fixtures): no user, no permission checks",
        )
        parser.add_argument("--dry-run", action="store_true", help="show what would change, and write nothing")
        parser.add_argument("--draft", action="store_true", help="save new content as drafts instead of publishing it")
        parser.add_argument(
            "--per-region",
            action="store_true",
            help="commit each file (region) in a transaction of its own and report each as imported or failed, "
            "so that one bad file does not hold back the others (default: all files or nothing)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options)
        # Problems are said in the importing user's admin language, else the site's: never in whatever
        # language an earlier request in this process happened to leave active.
        with translation.override(_language_of(user)):
            self._import(user, options)

    def _import(self, user: Any, options: dict[str, Any]) -> None:
        if options["per_region"] and not options["dry_run"]:
            self._import_per_region(user, options)
            return
        verbosity = options["verbosity"]
        publish = not options["draft"]
        try:
            sources = importing.read_files(options["files"])
            main = importing.main_locale(options["locale"])
            parent = importing.resolve_page(options["parent"], main)
            changes = importing.plan(sources, parent, main, user=user, publish=publish)
            for change in changes:
                if change.action == importing.NOT_KEPT:  # always said: the site has no page for this text
                    self.stderr.write(f"not kept: {change.identifier}: {change.label} ({change.source})")
            if options["dry_run"] or verbosity >= 2:
                for change in changes:
                    if change.action == importing.NOT_KEPT:
                        continue
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
                publish=publish,
                user=user,
                progress=self._progress if verbosity >= 1 else None,
                indexed=self._indexed if verbosity >= 1 else None,
            )
        except importing.ImportFailed as failed:
            for problem in failed.problems:
                self.stderr.write(problem)
            count = len(failed.problems)
            raise CommandError(
                f"nothing imported: {count} problem{'s' if count != 1 else ''}; fix them and run the import again"
            ) from None
        self._summary(result.changes, prefix="")

    def _import_per_region(self, user: Any, options: dict[str, Any]) -> None:
        """Each file on its own: unreadable files and files that contradict an earlier one fail alone."""
        sources: list[importing.Source] = []
        failed: dict[str, list[str]] = {}
        for path in options["files"]:
            try:
                (source,) = importing.read_files([path])
                importing.check_sources([*sources, source])
            except importing.ImportFailed as exc:
                failed[str(path)] = exc.problems
                continue
            sources.append(source)
        try:
            main = importing.main_locale(options["locale"])
            parent = importing.resolve_page(options["parent"], main)
            result = importing.run(
                sources,
                parent,
                main,
                publish=not options["draft"],
                user=user,
                progress=self._progress if options["verbosity"] >= 1 else None,
                indexed=self._indexed if options["verbosity"] >= 2 else None,
                per_region=True,
            )
        except importing.ImportFailed as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError("nothing imported") from None
        outcomes = {o.source: o.problems for o in result.outcomes}
        outcomes.update(failed)
        for path in options["files"]:
            problems = outcomes.get(str(path), [])
            if problems:
                self.stderr.write(f"failed: {path}")
                for problem in problems:
                    self.stderr.write(f"  {problem}")
            else:
                self.stdout.write(f"ok: {path}")
        self._summary(result.changes, prefix="")
        bad = sum(1 for p in outcomes.values() if p)
        if bad:
            raise CommandError(f"{bad} of {len(options['files'])} files not imported; the others were")

    def _user(self, options: dict[str, Any]) -> Any:
        """The user named by ``--user`` (None for ``--system``); one of the two is required."""
        if options["system"]:
            return None
        username = options["user"]
        if not username:
            raise CommandError("say who imports: --user USERNAME (checked against their permissions), or --system")
        user_model = get_user_model()
        user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"there is no user {username!r}; nothing imported")
        if not user.is_active:
            raise CommandError(f"the user {username!r} is not active; nothing imported")
        return user

    def _progress(self, index: int, total: int, source: importing.Source) -> None:
        self.stdout.write(f"[{index}/{total}] {source.name}: {source.structure.id}")

    def _indexed(self, done: int, total: int) -> None:
        self.stdout.write(f"  search index: {done}/{total} objects")

    def _summary(self, changes: list[importing.Change], prefix: str) -> None:
        counts = {a: sum(1 for c in changes if c.action == a) for a in importing.ACTION_LABELS}
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}create {counts['create']}, update {counts['update']}, delete {counts['delete']}; "
                f"{counts['unchanged']} unchanged (pages and snippets, all locales)"
                + (
                    f"; {counts[importing.NOT_KEPT]} texts not kept (the site has no pages in their language)"
                    if counts[importing.NOT_KEPT]
                    else ""
                )
            )
        )


def _language_of(user: Any) -> str:
    """The user's preferred admin language (Wagtail's user profile), or the site's ``LANGUAGE_CODE``."""
    profile = getattr(user, "wagtail_userprofile", None) if user is not None else None
    return getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE
