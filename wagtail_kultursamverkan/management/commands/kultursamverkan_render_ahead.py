"""``manage.py kultursamverkan_render_ahead``: render every live, public structure and region page into the cache."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kultursamverkan.model import Structure

from ... import caching, stored_readings
from ...models import RegionIndexPage, StructurePage
from ...render_ahead import render_pages


class Command(BaseCommand):
    help = (
        "Render every live, public structure page (each language) and each region page's upcoming events into "
        "the cache for its site's address, as a publish does for the pages it changes. Run it after a deploy that "
        "starts with an empty cache: readers are then served from the cache instead of each first reader "
        "rendering a page."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--reread",
            action="store_true",
            help="Read every structure from its pages again, not from its stored copy or the cache: after pages "
            "or snippets were changed other than through Wagtail (SQL, QuerySet.update).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reread"]:
            forgotten = stored_readings.forget_all()
            caching.renew(set(StructurePage.objects.values_list("translation_key", flat=True)))
            self.stdout.write(f"forgot {forgotten} stored cop{'ies' if forgotten != 1 else 'y'} of structures")
        pages = StructurePage.objects.live().public().order_by("path")
        total = pages.count()
        read: dict[int, Structure | None] = {}  # the region pages take the structure pages' readings
        done = render_pages(pages, read)
        self.stdout.write(f"rendered {done} of {total} structure page{'s' if total != 1 else ''}")
        if done < total:
            self.stdout.write(
                f"{total - done} not rendered: a site address that ALLOWED_HOSTS does not allow, "
                "or a structure that does not validate (its page shows why to editors)"
            )
        regions = RegionIndexPage.objects.live().public().order_by("path")
        count = regions.count()
        rendered = render_pages(regions, read)
        self.stdout.write(f"rendered {rendered} of {count} region page{'s' if count != 1 else ''}")
        if rendered < count:
            self.stdout.write(f"{count - rendered} not rendered: a site address that ALLOWED_HOSTS does not allow")
