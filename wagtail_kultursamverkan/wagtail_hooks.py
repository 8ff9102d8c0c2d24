"""Admin registration: the organisation and person snippets, the cadence preview endpoint."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views  # noqa: F401  (registers the import view, its menu item and permission)
from .cadence_field import PREVIEW_URL_NAME, preview_view
from .models import Organisation, Person


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["__str__", "identifier", "kind"]
    search_fields = ["name_sv", "name_en", "identifier"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "identifier", "party"]
    search_fields = ["name", "identifier"]


class KultursamverkanGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, PersonViewSet)
    menu_icon = "group"
    menu_label = _("Culture collaboration")
    menu_name = "kultursamverkan"


register_snippet(KultursamverkanGroup)


@hooks.register("register_admin_urls")
def register_cadence_preview_url() -> list[Any]:
    """The cadence widget's live preview (``cadence_field.preview_view``), under the admin's login."""
    return [path("kultursamverkan/cadence-preview/", preview_view, name=PREVIEW_URL_NAME)]
