"""Who may change which region's content: one place for the admin, the import view and the command.

Pages need nothing of ours: Wagtail's page permissions (``GroupPagePermission`` on a
region index page) already bound an editor to that region's subtree. Organisations and
people are snippets, which Wagtail only knows model-wide; each names the region that
owns it (``region``, a region index page), or none when it is shared (municipalities,
national bodies). This module narrows the model-wide permissions by that field:

* a region's snippet: the model permission for the action (``change_organisation``, …)
  and the right to edit the region's index page (or one of its translations: a snippet's
  translations are one object to Wagtail's snippet permissions, which know no locale);
* a shared snippet: the model permission and ``change_shared_<model>``;
* viewing: the region's own snippets and the shared ones;
* an active superuser may do anything, an inactive user nothing.

It imports no model of the plugin (the region index page model is looked up by name),
so the forms below the models can use it too.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

APP_LABEL = "wagtail_kultursamverkan"
#: The snippet field naming the owning region (a region index page); NULL means shared.
REGION_FIELD = "region"
#: The one read-only action on a snippet; every other action on an existing snippet
#: needs its region's (or, for a shared one, the shared) right.
VIEW = "view"


def region_page_model() -> type[Page]:
    return apps.get_model(APP_LABEL, "RegionIndexPage")


def shared_codename(model: type[models.Model]) -> str:
    """``change_shared_organisation`` / ``change_shared_person`` (the models' ``Meta.permissions``)."""
    return f"change_shared_{model._meta.model_name}"


def shared_permission(model: type[models.Model]) -> str:
    """The permission a user needs to change or delete a shared snippet of ``model``."""
    return f"{model._meta.app_label}.{shared_codename(model)}"


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _superuser(user: Any) -> bool:
    return _active(user) and bool(user.is_superuser)


def editable_regions(user: Any) -> QuerySet:
    """The region index pages ``user`` may edit (Wagtail's page permissions, any locale)."""
    model = region_page_model()
    if not _active(user):
        return model.objects.none()
    if user.is_superuser:
        return model.objects.all()
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return model.objects.filter(pk__in=pages.values("pk"))


def region_choices(user: Any) -> QuerySet:
    """The region index pages a snippet of ``user``'s may name: those they may edit and their translations."""
    model = region_page_model()
    if _superuser(user):
        return model.objects.all()
    return model.objects.filter(translation_key__in=_editable_region_keys(user))


def _editable_region_keys(user: Any) -> set[Any]:
    """The translation keys of the regions ``user`` may edit, cached on the user for the request."""
    cached = getattr(user, "_ks_editable_region_keys", None)
    if cached is None:
        cached = set(editable_regions(user).values_list("translation_key", flat=True))
        user._ks_editable_region_keys = cached  # as Wagtail caches page permissions on the user
    return cached


def can_edit_region(user: Any, region: Page | None) -> bool:
    """Whether ``user`` may edit ``region`` (a region index page) or one of its translations."""
    if region is None or not _active(user):
        return False
    if user.is_superuser:
        return True
    return region.translation_key in _editable_region_keys(user)


def may_import_under(user: Any, parent: Page) -> bool:
    """Whether the import view may take ``parent``: the user may add pages there, or edit a region below it.

    The import itself then refuses (naming what) every change the user could not make by hand.
    """
    if parent.permissions_for_user(user).can_add_subpage():
        return True
    parents = Page.objects.filter(translation_key=parent.translation_key) if parent.depth > 1 else [parent]
    below = Q()
    for page in parents:
        below |= Q(path__startswith=page.path, depth=page.depth + 1)
    return editable_regions(user).filter(below).exists()


def region_of(snippet: models.Model) -> Page | None:
    """The region index page owning ``snippet``; None for a shared one."""
    return getattr(snippet, REGION_FIELD, None)


def is_shared(snippet: models.Model) -> bool:
    return getattr(snippet, f"{REGION_FIELD}_id", None) is None


def may_change_snippet(user: Any, snippet: models.Model) -> bool:
    """Whether ``user``'s region (or shared) rights cover changing or deleting ``snippet``.

    Only the region side: the model permission for the action is checked as well by
    the policy (``RegionSnippetPermissionPolicy``).
    """
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    if is_shared(snippet):
        return user.has_perm(shared_permission(type(snippet)))
    return can_edit_region(user, region_of(snippet))


def may_view_snippet(user: Any, snippet: models.Model) -> bool:
    """Whether ``user`` may see ``snippet``: a shared one, or one of a region they may edit."""
    return _active(user) and (is_shared(snippet) or may_change_snippet(user, snippet))


def changeable_snippets(user: Any, model: type[models.Model]) -> QuerySet:
    """``model``'s snippets whose region (or shared) rights ``user`` holds."""
    objects = model._default_manager.all()
    if not _active(user):
        return objects.none()
    if user.is_superuser:
        return objects
    condition = Q(**{f"{REGION_FIELD}__translation_key__in": _editable_region_keys(user)})
    if user.has_perm(shared_permission(model)):
        condition |= Q(**{f"{REGION_FIELD}__isnull": True})
    return objects.filter(condition)


def viewable_snippets(user: Any, model: type[models.Model]) -> QuerySet:
    """``model``'s snippets ``user`` may see: the shared ones and those of regions they may edit."""
    objects = model._default_manager.all()
    if not _active(user):
        return objects.none()
    if user.is_superuser:
        return objects
    return objects.filter(
        Q(**{f"{REGION_FIELD}__isnull": True})
        | Q(**{f"{REGION_FIELD}__translation_key__in": _editable_region_keys(user)})
    )


def viewable_condition(user: Any) -> Q:
    """``viewable_snippets`` as a condition on the region field alone: search backends filter on it
    (declared as the snippets' ``index.FilterField("region")``), not on joins or keys."""
    if _superuser(user):
        return Q()
    regions = list(region_choices(user).values_list("pk", flat=True)) if _active(user) else []
    if not _active(user):
        return Q(**{f"{REGION_FIELD}__in": regions})
    return Q(**{f"{REGION_FIELD}__isnull": True}) | Q(**{f"{REGION_FIELD}__in": regions})


def snippet_refusal(user: Any, snippet: models.Model) -> str | None:
    """Why ``user`` may not change ``snippet`` for its region, or None if they may (for messages)."""
    if may_change_snippet(user, snippet):
        return None
    if is_shared(snippet):
        return str(_("it is shared by all regions, and you may not change shared ones"))
    region = region_of(snippet)
    return str(_("it belongs to “%(region)s”, which you may not edit") % {"region": getattr(region, "title", "")})


class RegionSnippetPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's model permissions for a snippet, narrowed per object by its ``region``.

    Model-wide questions (may the user add organisations at all, show the menu) stay
    Wagtail's; per-object ones (``user_has_permission_for_instance``,
    ``instances_user_has_permission_for``) also need the region or shared right, and
    "view" needs only that the object is shared or the user's region's.
    """

    def user_has_permission_for_instance(self, user: Any, action: str, instance: models.Model) -> bool:
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user: Any, actions: Any, instance: models.Model) -> bool:
        if not _active(user):
            return False
        if user.is_superuser:
            return True
        for action in actions:
            if action == VIEW:
                if self._may_see_model(user) and may_view_snippet(user, instance):
                    return True
            elif self.user_has_permission(user, action) and may_change_snippet(user, instance):
                return True
        return False

    def instances_user_has_any_permission_for(self, user: Any, actions: Any) -> QuerySet:
        objects = self.model._default_manager.all()
        if not _active(user):
            return objects.none()
        if user.is_superuser:
            return objects
        result = objects.none()
        changing = [a for a in actions if a not in (VIEW, "add")]
        if any(self.user_has_permission(user, a) for a in changing):
            result = result | changeable_snippets(user, self.model)
        if VIEW in actions and self._may_see_model(user):
            result = result | viewable_snippets(user, self.model)
        return result

    def _may_see_model(self, user: Any) -> bool:
        return self.user_has_any_permission(user, ["add", "change", "delete", VIEW])


class RegionChoiceField(forms.ModelChoiceField):
    """A region choice that refuses an out-of-range number as an invalid choice (SQLite raises on it)."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except OverflowError:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class RegionFieldFormMixin:
    """For a snippet's admin form: the region may only be one the user may edit.

    Shared (empty) only for users with the shared permission; a user who may edit
    exactly one region gets it preset. Wagtail passes the user as ``for_user``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get(REGION_FIELD)  # type: ignore[attr-defined]
        user = getattr(self, "for_user", None)
        if field is None or user is None:
            return
        model = self._meta.model  # type: ignore[attr-defined]
        field = self.fields[REGION_FIELD] = RegionChoiceField(  # type: ignore[attr-defined]
            queryset=field.queryset,
            label=field.label,
            help_text=_("The region whose editors may change this. Empty: shared by all regions."),
        )  # a plain select, not a page chooser: only the regions offered
        regions = region_choices(user).select_related("locale").order_by("path")
        field.queryset = regions
        field.label_from_instance = lambda page: f"{page.title} ({page.locale.language_code})"
        field.required = not (_superuser(user) or user.has_perm(shared_permission(model)))
        field.empty_label = str(_("Shared by all regions"))
        instance = self.instance  # type: ignore[attr-defined]
        if instance.pk is None and not self.is_bound and field.required:  # type: ignore[attr-defined]
            own = editable_regions(user)
            if instance.locale_id is not None:
                own = own.filter(locale_id=instance.locale_id)
            only = list(own[:2])
            if len(only) == 1:
                self.initial[REGION_FIELD] = only[0].pk  # type: ignore[attr-defined]


__all__ = [
    "RegionChoiceField",
    "RegionFieldFormMixin",
    "RegionSnippetPermissionPolicy",
    "can_edit_region",
    "changeable_snippets",
    "editable_regions",
    "is_shared",
    "may_change_snippet",
    "may_import_under",
    "may_view_snippet",
    "region_choices",
    "region_of",
    "shared_permission",
    "snippet_refusal",
    "viewable_condition",
    "viewable_snippets",
]
