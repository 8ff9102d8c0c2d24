"""``manage.py kultursamverkan_cleanup_imports``: delete the uploads of import previews never confirmed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ...admin_views import PREVIEW_MAX_AGE, STORAGE_DIR, expire_previews


class Command(BaseCommand):
    help = (
        f"Delete the files that the admin's import view keeps in the default storage ({STORAGE_DIR}/) between "
        "preview and confirmation, once they are older than --hours. Each new upload does the same; run this "
        "from cron where uploads are rare."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=float,
            default=PREVIEW_MAX_AGE.total_seconds() / 3600,
            help="delete previews older than this many hours (default: %(default)s, when a preview expires)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = expire_previews(dt.timedelta(hours=options["hours"]))
        self.stdout.write(f"deleted {deleted} expired import preview{'s' if deleted != 1 else ''}")
