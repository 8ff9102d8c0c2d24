"""``manage.py demo_setup``: migrate, an admin user, the home page in sv and en, the five example regions,
and a page comparing them (sv and en).

Safe to run again: the home page and the regions are written only into a database without
structure pages, so what an editor changed in the admin stays; ``--reimport`` (or
``KULTURSAMVERKAN_DEMO_REIMPORT=1``) imports the regions again over such changes. An
existing admin user is kept.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from wagtail.models import Locale, Page, Site

from wagtail_kultursamverkan import importing
from wagtail_kultursamverkan.models import ComparisonPage, StructurePage

EXAMPLES = Path(__file__).resolve().parents[4] / "regions"
USERNAME = "admin"
PASSWORD = "kultursamverkan"  # noqa: S105 (a local demo; the README says so)
TITLES = {"sv": "Kultursamverkan i Sveriges regioner", "en": "Culture collaboration in Sweden's regions"}
#: The comparison page: (title, slug, introduction) per language.
COMPARISON = {
    "sv": (
        "Jämför regionerna",
        "jamfor-regionerna",
        "<p>Regionernas samverkansstrukturer sida vid sida: organ per nivå, möten per år och vilka som deltar.</p>",
    ),
    "en": (
        "Compare the regions",
        "compare-the-regions",
        "<p>The regions' collaboration structures side by side: bodies per tier, meetings a year "
        "and who takes part.</p>",
    ),
}


class Command(BaseCommand):
    help = "Set up the demo site: migrate, create the admin user, import the five example regions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--examples", default=str(EXAMPLES), help="directory of structure files to import")
        parser.add_argument(
            "--port",
            default=os.environ.get("KULTURSAMVERKAN_DEMO_PORT", "8000"),
            help="the port runserver serves on, for absolute URLs (default: $KULTURSAMVERKAN_DEMO_PORT or 8000)",
        )
        parser.add_argument(
            "--reimport",
            action="store_true",
            default=os.environ.get("KULTURSAMVERKAN_DEMO_REIMPORT", "").lower() in ("1", "true", "yes"),
            help="import the example regions again, over what editors changed in their pages "
            "(default: only into a database without structure pages; or KULTURSAMVERKAN_DEMO_REIMPORT=1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        port = str(options["port"]).strip()
        if not port.isdigit() or not 1 <= int(port) <= 65535:
            raise CommandError(f"the port must be a number from 1 to 65535, not {port!r}")
        url = f"http://127.0.0.1:{port}"
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database: migrated")
        created = self._admin()
        site = self._site(int(port))
        if StructurePage.objects.exists() and not options["reimport"]:
            self.stdout.write(
                "regions: not imported, the database has structure pages already (changes made in the admin stay).\n"
                "  To import the example regions again over such changes: KULTURSAMVERKAN_DEMO_REIMPORT=1 tox -e demo"
            )
        else:
            self._import(site, options["examples"])
        if not ComparisonPage.objects.exists():
            self._comparison(self._home(site))
            self.stdout.write("comparison page: created")
        self.stdout.write(
            self.style.SUCCESS(
                "\nThe demo site is ready.\n"
                f"  Site:   {url}/ (Swedish at /sv/, English at /en/)\n"
                f"  Admin:  {url}/admin/\n"
                f"  Login:  user {USERNAME!r}, password {PASSWORD!r}"
                + ("" if created else " (the user existed already; its password was not changed)")
                + f"\n  API:    {url}/api/v2/pages/?type=wagtail_kultursamverkan.StructurePage\n"
            )
        )

    def _import(self, site: Site, examples: str) -> None:
        files = sorted(Path(examples).glob("*.yaml"))
        if not files:
            raise CommandError(f"no .yaml files in {examples}")
        home = self._home(site)
        try:
            sources = importing.read_files(files)
            result = importing.run(sources, home, home.locale, progress=self._progress)
        except importing.ImportFailed as failed:
            raise CommandError("\n".join(failed.problems)) from None
        self.stdout.write(
            f"imported {len(files)} regions: {result.count(importing.CREATE)} created, "
            f"{result.count(importing.UPDATE)} updated, {result.count(importing.UNCHANGED)} unchanged"
        )

    @transaction.atomic
    def _comparison(self, home: Page) -> None:
        """The comparison of the regions under the home page, published, with its English translation."""
        title, slug, intro = COMPARISON["sv"]
        page = ComparisonPage(title=title, slug=slug, intro=intro)
        home.add_child(instance=page)
        page.save_revision().publish()
        translation = page.copy_for_translation(Locale.objects.get(language_code="en"))
        translation.title, translation.slug, translation.intro = COMPARISON["en"]
        translation.save_revision().publish()

    def _progress(self, index: int, total: int, source: importing.Source) -> None:
        self.stdout.write(f"[{index}/{total}] {Path(source.name).name}")

    def _admin(self) -> bool:
        users = get_user_model().objects
        if users.filter(username=USERNAME).exists():
            return False
        users.create_superuser(USERNAME, "admin@example.org", PASSWORD)
        return True

    def _site(self, port: int) -> Site:
        """The default site, at runserver's address: absolute URLs (API, sitemap) point there."""
        site = Site.objects.get(is_default_site=True)
        if (site.hostname, site.port) != ("127.0.0.1", port):
            site.hostname, site.port = "127.0.0.1", port
            site.save()
        return site

    @transaction.atomic
    def _home(self, site: Site) -> Page:
        """The default site's home page, titled in Swedish, with an English translation."""
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
