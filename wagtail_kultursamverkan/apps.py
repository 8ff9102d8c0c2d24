"""Django app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KultursamverkanConfig(AppConfig):
    name = "wagtail_kultursamverkan"
    label = "wagtail_kultursamverkan"
    verbose_name = _("Culture collaboration")
    default_auto_field = "django.db.models.BigAutoField"
