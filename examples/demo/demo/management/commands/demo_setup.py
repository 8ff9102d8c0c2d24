"""``manage.py demo_setup``: migrate, an admin user, the home page in sv and en, the five example regions.

Safe to run again: migrations and the import are idempotent, and an existing admin user is kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from wagtail.models import Locale, Page, Site

from wagtail_kultursamverkan import importing

EXAMPLES = Path(__file__).resolve().parents[4] / "regions"
USERNAME = "admin"
PASSWORD = "kultursamverkan"  # noqa: S105 (a local demo; the README says so)
TITLES = {"sv": "Kultursamverkan i Sveriges regioner", "en": "Culture collaboration in Sweden's regions"}


class Command(BaseCommand):
    help = "Set up the demo site: migrate, create the admin user, import the five example regions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--examples", default=str(EXAMPLES), help="directory of structure files to import")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database: migrated")
        created = self._admin()
        home = self._home()
        files = sorted(Path(options["examples"]).glob("*.yaml"))
        if not files:
            raise CommandError(f"no .yaml files in {options['examples']}")
        try:
            sources = importing.read_files(files)
            result = importing.run(sources, home, home.locale, progress=self._progress)
        except importing.ImportFailed as failed:
            raise CommandError("\n".join(failed.problems)) from None
        self.stdout.write(
            f"imported {len(files)} regions: {result.count(importing.CREATE)} created, "
            f"{result.count(importing.UPDATE)} updated, {result.count(importing.UNCHANGED)} unchanged"
        )
        self.stdout.write(
            self.style.SUCCESS(
                "\nThe demo site is ready.\n"
                "  Site:   http://127.0.0.1:8000/ (Swedish at /sv/, English at /en/)\n"
                "  Admin:  http://127.0.0.1:8000/admin/\n"
                f"  Login:  user {USERNAME!r}, password {PASSWORD!r}"
                + ("" if created else " (the user existed already; its password was not changed)")
                + "\n  API:    http://127.0.0.1:8000/api/v2/pages/?type=wagtail_kultursamverkan.StructurePage\n"
            )
        )

    def _progress(self, index: int, total: int, source: importing.Source) -> None:
        self.stdout.write(f"[{index}/{total}] {Path(source.name).name}")

    def _admin(self) -> bool:
        users = get_user_model().objects
        if users.filter(username=USERNAME).exists():
            return False
        users.create_superuser(USERNAME, "admin@example.org", PASSWORD)
        return True

    @transaction.atomic
    def _home(self) -> Page:
        """The default site's home page, titled in Swedish, with an English translation."""
        site = Site.objects.get(is_default_site=True)
        if (site.hostname, site.port) != ("127.0.0.1", 8000):  # absolute URLs (API, sitemap) point at runserver
            site.hostname, site.port = "127.0.0.1", 8000
            site.save()
        home = site.root_page.specific
        if home.title != TITLES["sv"]:
            home.title = TITLES["sv"]
            home.save_revision().publish()
        english, _created = Locale.objects.get_or_create(language_code="en")
        translation = home.get_translation_or_none(english)
        if translation is None:
            translation = home.copy_for_translation(english)
            translation.title = TITLES["en"]
            translation.save_revision().publish()
        return home
