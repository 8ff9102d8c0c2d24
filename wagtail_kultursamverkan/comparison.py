"""A page comparing the site's published structures side by side, with the table as a CSV file.

The table is the core's ``compare``: bodies per tier and kind, meetings a year per tier
(by cadence only: a body's dated meetings are never added to it), who takes part and
the scopes covered. The table is cached over the compared structures (``cached_for_listing``),
so a rendering costs the same queries whatever the number of regions.
"""

from __future__ import annotations

from typing import Any

from attrs import frozen
from django.db import models
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.search import index

from kultursamverkan.compare import Comparison, compare, to_csv
from kultursamverkan.model import Structure

from .exports import ROUTE_PREFIX
from .language import page_language
from .pages import PAGE_TEXT, StructurePage, address_digest, cached_for_listing, gather_live, listed, public

CSV_TYPE = "text/csv; charset=utf-8"


def _translatable_fields() -> list:
    try:
        from wagtail_localize.fields import TranslatableField
    except ImportError:  # pragma: no cover - exercised by the environments without it
        return []
    return [TranslatableField(n) for n in [*PAGE_TEXT, "intro"]]


@frozen
class Column:
    """One region's column: its structure page's address and the structure."""

    url: str
    page: StructurePage
    structure: Structure


class ComparisonPage(RoutablePageMixin, Page):
    """Every published, public structure of the site in the page's language, as one table."""

    intro = RichTextField(blank=True, verbose_name=_("introduction"))

    template = "wagtail_kultursamverkan/comparison_page.html"
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types: list[str] = []
    translatable_fields = _translatable_fields()

    def structure_pages(self, request: Any = None) -> models.QuerySet:
        """The live structure pages readers may see, in the page's locale and site, in tree order; one
        query (view restrictions included: ``public``)."""
        depth = self.site_root_depth(request)
        return public(
            StructurePage.objects.live().filter(
                locale_id=self.locale_id, path__startswith=self.path[: Page.steplen * depth]
            )
        ).order_by("path")

    def site_root_depth(self, request: Any = None) -> int:
        """The depth of the root of the page's site (``get_site()``'s), without a query when it is the
        site the request came through (Wagtail keeps that one on the request, its root page with it)."""
        parts = self.get_url_parts(request)
        if parts is None:
            return 2
        site = Site.find_for_request(request) if request is not None else None
        if site is None or site.pk != parts[0]:
            site = Site.objects.select_related("root_page").filter(pk=parts[0]).first()
        return site.root_page.depth if site is not None else 2

    def columns(self, request: Any = None) -> list[Column]:
        """A column per structure page that validates (the structures gathered together: not cached)."""
        out = []
        pages = list(self.structure_pages(request))
        found = gather_live(pages)  # all together: the same queries for one region or twenty
        for page in pages:
            structure = found.get(page.pk)
            if structure is not None:
                out.append(Column(url=page.get_url(request) or "", page=page, structure=structure))
        return out

    def comparison(self, columns: list[Column]) -> Comparison:
        return compare([c.structure for c in columns], page_language(self))

    def compared(self, request: Any = None) -> tuple[list[tuple[str, str]], Comparison, str]:
        """The columns' (address, region name), the comparison and the table as HTML, cached until this
        page or one of the structures changes (``cached_for_listing``): one query and two cache reads
        when cached. The page's own address is in the key: the table links to the structure pages."""
        pages = list(self.structure_pages(request))
        lang = page_language(self)
        urls = {page.pk: page.get_url(request) or "" for page in pages}

        def build() -> tuple[list[tuple[str, str]], Comparison, str]:
            columns = self.columns(request)
            comparison = self.comparison(columns)
            heads = [(urls.get(c.page.pk, ""), name) for c, name in zip(columns, comparison.regions, strict=True)]
            context = {"columns": heads, "comparison": comparison, "width": len(heads) + 1}
            with translation.override(lang):
                html = render_to_string("wagtail_kultursamverkan/includes/comparison_table.html", context)
            return heads, comparison, html

        part = f"comparison:{lang}:{address_digest(self.get_full_url(request))}"
        return cached_for_listing(self, part, listed(pages), build, request)

    def export_urls(self, request: Any = None) -> dict[str, str]:
        """The CSV file's full URL by format name, as ``StructurePage.export_urls``."""
        page = self.get_full_url(request)
        return {"csv": page + self.reverse_subpage("csv")} if page else {}

    def get_cached_paths(self) -> list[str]:
        """The page and its CSV file: what a CDN purge covers, after this page is published or any
        structure it compares changes (``invalidation``)."""
        return ["/", "/" + self.reverse_subpage("csv").lstrip("/")]

    @re_path(rf"^{ROUTE_PREFIX}/csv/$", name="csv")
    def csv(self, request: Any) -> HttpResponse:
        """The table as CSV: a row per measure (section, measure, a column per region)."""
        text = to_csv(self.compared(request)[1])
        response = HttpResponse(text.encode("utf-8"), content_type=CSV_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, f"{self.slug}.csv")
        if self.get_view_restrictions():  # let through by Wagtail's check: no shared cache may keep it
            patch_cache_control(response, private=True)
        return response

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        columns, comparison, html = self.compared(request)
        context.update(
            lang=page_language(self),
            columns=columns,
            comparison=comparison,
            width=len(columns) + 1,
            table_html=mark_safe(html),  # noqa: S308 - our template's output, its values escaped there
        )
        url = self.get_url(request) if self.live and not getattr(request, "is_preview", False) else None
        context["csv_url"] = url + self.reverse_subpage("csv") if url else ""
        return context

    class Meta:
        verbose_name = _("comparison of regions")
        verbose_name_plural = _("comparisons of regions")
