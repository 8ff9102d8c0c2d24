"""The organisation and person snippets' admin views, bounded by region (``permissions``).

Wagtail's generic snippet views ask the permission policy model-wide questions only
(may this user change organisations at all?). These subclasses put the per-object
answers of the registered policy (``RegionSnippetPermissionPolicy``) where Wagtail
leaves them out: the listing holds only the objects the user may see, and each view
of one object refuses (PermissionDenied: Wagtail's admin redirects with a message)
unless the policy allows its action on that object. Shared objects the user may not
change are listed with a link to their read-only inspect view. The chooser (a page's
organisation and person choosers) offers, and returns, only the objects the user may
see: their regions' and the shared ones.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import reverse
from wagtail.snippets.views import chooser, snippets

from . import permissions

try:  # Wagtail 8 keeps permission policies in a registry (wagtail_hooks.py registers ours there)
    from wagtail.permissions import policy_registry
except ImportError:  # Wagtail 7.4: the viewset's own ``permission_policy`` (below) is the policy
    policy_registry = None


def _policy(model: type) -> Any:
    if policy_registry is not None:
        return policy_registry.get_by_type(model)
    return permissions.RegionSnippetPermissionPolicy(model)


class _ObjectChecked:
    """Refuse the view unless the policy allows ``object_action`` on the object it shows."""

    object_action = "change"
    model: Any
    request: Any

    def get_object(self, *args: Any, **kwargs: Any) -> Any:
        obj = super().get_object(*args, **kwargs)  # type: ignore[misc]
        if not _policy(self.model).user_has_permission_for_instance(self.request.user, self.object_action, obj):
            raise PermissionDenied
        return obj


class IndexView(snippets.IndexView):
    def get_base_queryset(self) -> QuerySet:
        # The listing needs a model permission (Wagtail checks it); then the region decides what is seen.
        return super().get_base_queryset().filter(permissions.viewable_condition(self.request.user))

    def get_edit_url(self, instance: Any) -> str | None:
        if _policy(self.model).user_has_permission_for_instance(self.request.user, "change", instance):
            return super().get_edit_url(instance)
        if self.inspect_url_name:  # read-only: a shared object the user may not change
            return reverse(self.inspect_url_name, args=(quote(instance.pk),))
        return None

    def get_delete_url(self, instance: Any) -> str | None:
        if _policy(self.model).user_has_permission_for_instance(self.request.user, "delete", instance):
            return super().get_delete_url(instance)
        return None


class EditView(_ObjectChecked, snippets.EditView):
    object_action = "change"


class DeleteView(_ObjectChecked, snippets.DeleteView):
    object_action = "delete"


class UsageView(_ObjectChecked, snippets.UsageView):
    object_action = "view"


class HistoryView(_ObjectChecked, snippets.HistoryView):
    object_action = "view"


class InspectView(_ObjectChecked, snippets.InspectView):
    object_action = "view"


def _visible(model: type, user: Any) -> QuerySet:
    """What a chooser offers: the user's regions' and the shared snippets.

    No model permission is asked: choosing an organisation for a page is part of editing the
    page, as in Wagtail's own snippet chooser.
    """
    return model._default_manager.filter(permissions.viewable_condition(user))


class _VisibleChoices:
    """The chooser's list and search results: only those the user may see."""

    model_class: Any
    request: Any

    def get_object_list(self) -> QuerySet:
        objects = super().get_object_list()  # type: ignore[misc]
        return objects.filter(permissions.viewable_condition(self.request.user))


class ChooseView(_VisibleChoices, chooser.ChooseView):
    pass


class ChooseResultsView(_VisibleChoices, chooser.ChooseResultsView):
    pass


class ChosenView(chooser.SnippetChosenView):
    def get_object(self, pk: Any) -> Any:
        return _visible(self.model_class, self.request.user).get(pk=pk)  # DoesNotExist: a 404


class ChosenMultipleView(chooser.SnippetChosenMultipleView):
    def get_objects(self, pks: Any) -> QuerySet:
        return _visible(self.model_class, self.request.user).filter(pk__in=pks)


class RegionSnippetChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView


class RegionSnippetViewSet(snippets.SnippetViewSet):
    """A snippet viewset whose views respect the object's region (register the policy for the model)."""

    index_view_class = IndexView
    edit_view_class = EditView
    delete_view_class = DeleteView
    usage_view_class = UsageView
    history_view_class = HistoryView
    inspect_view_class = InspectView
    inspect_view_enabled = True
    chooser_viewset_class = RegionSnippetChooserViewSet

    @property
    def permission_policy(self) -> Any:
        """The region policy, also on Wagtail 7.4, whose viewsets and bulk actions ask the viewset for it."""
        return _policy(self.model)
