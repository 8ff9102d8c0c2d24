"""Admin registration: the organisation and person snippets."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from . import admin_views  # noqa: F401  (registers the import view, its menu item and permission)
from .models import Organisation, Person
from .permissions import RegionSnippetPermissionPolicy
from .snippet_views import RegionSnippetViewSet

# Before the viewsets: they, the bulk actions and the choosers find the policy in Wagtail's registry.
for _model in (Organisation, Person):
    register_permission_policy(_model, RegionSnippetPermissionPolicy(_model), exact_class=True)


class OrganisationViewSet(RegionSnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["__str__", "identifier", "kind"]
    search_fields = ["name_sv", "name_en", "identifier"]


class PersonViewSet(RegionSnippetViewSet):
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
