"""Django app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KultursamverkanConfig(AppConfig):
    name = "wagtail_kultursamverkan"
    label = "wagtail_kultursamverkan"
    verbose_name = _("Culture collaboration")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import page_published

        from .importing import apply_pending
        from .models import StructurePage

        # A draft import's removals wait in the structure page's draft revision until it is published.
        page_published.connect(apply_pending, sender=StructurePage, dispatch_uid="kultursamverkan-apply-pending")
