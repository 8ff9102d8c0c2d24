"""Every Wagtail hook of the plugin: the snippets' admin, the import view, its menu item and permission,
the cadence widget's preview endpoint."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .admin_views import APP_LABEL, PERMISSION_CODENAME, can_import, import_view
from .cadence_field import PREVIEW_URL_NAME, preview_view
from .models import Organisation, Person
from .permissions import RegionSnippetPermissionPolicy
from .snippet_views import RegionSnippetViewSet

try:  # Wagtail 8: the viewsets, bulk actions and choosers find the policy in Wagtail's registry
    from wagtail.permissions import register_permission_policy
except ImportError:  # Wagtail 7.4: RegionSnippetViewSet.permission_policy gives it
    register_permission_policy = None
if register_permission_policy is not None:
    for _model in (Organisation, Person):
        register_permission_policy(_model, RegionSnippetPermissionPolicy(_model), exact_class=True)


class OrganisationViewSet(RegionSnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["__str__", "identifier", "kind"]


class PersonViewSet(RegionSnippetViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "identifier", "party"]


class KultursamverkanGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, PersonViewSet)
    menu_icon = "group"
    menu_label = _("Culture collaboration")
    menu_name = "kultursamverkan"


register_snippet(KultursamverkanGroup)


class ImportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_import(request.user)


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    return [path("kultursamverkan/import/", import_view, name="wagtail_kultursamverkan_import")]


@hooks.register("register_admin_menu_item")
def register_import_menu_item() -> MenuItem:
    return ImportMenuItem(
        _("Import structures"),
        reverse("wagtail_kultursamverkan_import"),
        name="kultursamverkan-import",
        icon_name="upload",
        order=1100,
    )


@hooks.register("register_permissions")
def register_permissions() -> Any:
    """Offer the import permission under Settings → Groups."""
    return Permission.objects.filter(content_type__app_label=APP_LABEL, codename=PERMISSION_CODENAME)


@hooks.register("register_admin_urls")
def register_cadence_preview_url() -> list[Any]:
    """The cadence widget's live preview (``cadence_field.preview_view``), under the admin's login."""
    return [path("kultursamverkan/cadence-preview/", preview_view, name=PREVIEW_URL_NAME)]


def _edited_page(request: HttpRequest) -> Any:
    """The page whose editor opened the chooser (from the Referer: its edit or add view), or None."""
    from urllib.parse import urlparse

    from django.urls import Resolver404, resolve
    from wagtail.models import Page

    referer = request.headers.get("referer") or ""
    try:
        match = resolve(urlparse(referer).path)
    except Resolver404:
        return None
    pk = match.kwargs.get("page_id") or match.kwargs.get("parent_page_id")
    if match.url_name not in ("edit", "add") or not pk:
        return None
    return Page.objects.filter(pk=pk).first()


@hooks.register("construct_page_chooser_queryset")
def limit_page_choosers_to_the_structure(pages: Any, request: HttpRequest) -> Any:
    """A reference chooser opened from a structure's page offers the pages of that structure (and its
    region index), not every region's. Best effort: without a Referer every page of the allowed types
    is offered, and saving refuses one from another structure (``extract.page_errors``)."""
    from django.apps import apps as django_apps
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q
    from wagtail.models import Page

    from .blocks import PAGE_TYPES
    from .extract import structure_page_of

    edited = _edited_page(request)
    structure = structure_page_of(edited) if edited is not None else None
    if structure is None or not structure.path:
        return pages
    # Content type ids, not a lookup through the content type: the chooser's search filters on the
    # page's own search FilterFields (content_type, path), and refuses a related lookup.
    ours = [ContentType.objects.get_for_model(django_apps.get_model(label)).pk for label in PAGE_TYPES.values()]
    inside = Q(path__startswith=structure.path) | Q(path=structure.path[: -Page.steplen])
    return pages.filter(inside | ~Q(content_type__in=ours))


@hooks.register("before_bulk_action")
def refuse_bulk_actions_on_snippets_the_user_may_not_change(
    request: HttpRequest, action_type: str, objects: Any, action: Any
) -> Any:
    """A bulk action on organisations or people (delete …) goes ahead only if the region policy allows it for
    every object: Wagtail 7.4's bulk actions ask the model-wide permission only."""
    from django.core.exceptions import PermissionDenied

    objects = list(objects)
    if not objects or not isinstance(objects[0], (Organisation, Person)):
        return None
    policy = RegionSnippetPermissionPolicy(type(objects[0]))
    verb = "delete" if "delete" in str(action_type) else "change"
    if not all(policy.user_has_permission_for_instance(request.user, verb, obj) for obj in objects):
        raise PermissionDenied
    return None
