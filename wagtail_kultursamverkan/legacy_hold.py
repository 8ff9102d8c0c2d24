"""Where an old structure page's content waits between migration 0007 and its new page tree.

Migration ``0007_one_language_page_tree`` drops the ``*_sv``/``*_en`` columns that the
StreamField design kept both languages in. The page tree that replaces a structure page's
``content`` must be built with the real models (treebeard, revisions, translations), which
a migration does not have; so ``0007_hold_old_structure_pages`` reads each old structure
page, with its region, plan pages and snippets, through ``legacy.page_rows`` while the old
columns still exist, and keeps those raw rows here. After the migrations,
``tree_build.build_pending`` (``post_migrate`` and ``manage.py kultursamverkan_build_tree``)
builds the tree from them and deletes each row it has built. ``PendingSnippet`` does the same for every
organisation and person snippet, whether a structure page chooses it or not.
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


class PendingSnippet(models.Model):
    """One old organisation or person snippet's raw row, waiting for its one-language texts per locale.

    Kept for every snippet, chosen by a structure page or not, so that a snippet no structure page
    chooses keeps its other language's text too (in a translation into that locale).
    """

    kind = models.CharField(max_length=20, choices=[("organisation", "organisation"), ("person", "person")])
    snippet_id = models.BigIntegerField()
    #: The row as ``legacy.organisation_data``/``person_data`` read it; ``{"error": …}`` when unreadable.
    row = models.JSONField(encoder=DjangoJSONEncoder, verbose_name=_("stored row"))

    class Meta:
        verbose_name = _("snippet waiting for its one-language texts")
        verbose_name_plural = _("snippets waiting for their one-language texts")
        constraints = [models.UniqueConstraint(fields=["kind", "snippet_id"], name="ks_pending_snippet_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.snippet_id}"
