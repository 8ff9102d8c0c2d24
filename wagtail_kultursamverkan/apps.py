"""Django app configuration: the one place where signal handlers and late-bound services are connected."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KultursamverkanConfig(AppConfig):
    name = "wagtail_kultursamverkan"
    label = "wagtail_kultursamverkan"
    verbose_name = _("Culture collaboration")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.signals import page_published

        from . import extract, forms, indexing, invalidation, pages, render_ahead
        from .checks import check_render_cache
        from .importing import apply_pending
        from .models import ITEM_PAGES, RegionIndexPage, StructurePage
        from .tree_build import build_after_migrate

        # The pages render the structure their subtree makes, and the forms check it on save:
        # both need ``extract``, which sits above the models.
        pages.set_gatherer(extract.structure_for, extract.structures_for, extract.read_live)
        forms.VALIDATOR = extract.page_errors

        # A draft import's removals wait in the structure page's draft revision until it is published.
        page_published.connect(apply_pending, sender=StructurePage, dispatch_uid="kultursamverkan-apply-pending")

        # Ids, kinds, dates, lists and the cadence are one value for every language: a translation made with
        # Wagtail's Translate action (simple_translation) is kept in step when any of its pages is published.
        for model in (RegionIndexPage, StructurePage, *ITEM_PAGES.values()):
            page_published.connect(pages.copy_synchronised, sender=model, dispatch_uid=f"ks-sync-{model.__name__}")

        # Rendered structure pages and CDN copies are forgotten after a change that readers see commits.
        invalidation.connect()
        # ... and rendered anew at once: a change made in a request, when the request has finished.
        render_ahead.connect()
        checks.register(check_render_cache, checks.Tags.caches)

        # An import indexes each saved object's references once, at its end.
        post_save.connect(indexing.record_save, dispatch_uid="ks-reference-batch-save")
        post_delete.connect(indexing.record_delete, dispatch_uid="ks-reference-batch-delete")

        # Structure pages kept from the StreamField design (0.x) get their page tree once the schema is today's.
        post_migrate.connect(build_after_migrate, sender=self, dispatch_uid="kultursamverkan-build-tree")
