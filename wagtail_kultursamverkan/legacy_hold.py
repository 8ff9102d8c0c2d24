"""Where an old structure page's content waits between migration 0007 and its new page tree.

Migration ``0007_one_language_page_tree`` drops the ``*_sv``/``*_en`` columns that the
StreamField design kept both languages in. The page tree that replaces a structure page's
``content`` must be built with the real models (treebeard, revisions, translations), which
a migration does not have; so ``0007_hold_old_structure_pages`` reads each old structure
page, with its region, plan pages and snippets, through ``legacy.page_rows`` while the old
columns still exist, and keeps those raw rows here. After the migrations,
``tree_build.build_pending`` (``post_migrate`` and ``manage.py kultursamverkan_build_tree``)
builds the tree from them and deletes each row it has built.
"""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingTree(models.Model):
    """One old structure page's raw rows (``legacy.PageRows.plain()``), waiting for its page tree."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("structure page")
    )
    #: ``legacy.PageRows.plain()``; dates as ISO text. ``{"error": …}`` when the rows could not be read.
    rows = models.JSONField(encoder=DjangoJSONEncoder, verbose_name=_("stored rows"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("structure page waiting for its page tree")
        verbose_name_plural = _("structure pages waiting for their page tree")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.page_id}"
