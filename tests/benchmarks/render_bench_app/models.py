"""The baseline page: the same HTML as a structure page, stored in one rich-text block."""

from __future__ import annotations

from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page


class RichTextPage(Page):
    body = StreamField([("text", blocks.RichTextBlock())], blank=True)
    template = "render_bench_app/rich_text_page.html"

    class Meta:
        app_label = "render_bench_app"
