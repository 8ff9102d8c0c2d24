"""``manage.py kultursamverkan_build_tree``: the page tree of structure pages made before the page tree (0.x)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from ... import tree_build


class Command(BaseCommand):
    help = (
        "Build the page tree (body, collaboration, agreement, event series and event pages; plan pages, region "
        "and snippets with one language per locale) of every structure page that migration "
        "0007_hold_old_structure_pages kept from the StreamField design. `migrate` runs this too. Each "
        "structure page is built all or nothing, published if it was live; one that cannot be built is named "
        "with the reason and waits, the others are built. Building again does nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--page", type=int, action="append", metavar="ID", help="only this structure page (repeatable)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            if not tree_build.fully_migrated("default"):
                raise CommandError(_("Run manage.py migrate first: the page tree is built with today's schema."))
            outcomes = tree_build.build_pending(options["page"], report=self.stdout.write)
            if not outcomes:
                self.stdout.write(_("No structure page waits for its page tree."))
                return
            failed = [o for o in outcomes if not o.built]
            if failed:
                raise CommandError(
                    _("%(count)s of %(total)s structure pages were not built; fix what is said above and run again.")
                    % {"count": len(failed), "total": len(outcomes)}
                )
