"""What a host site declares to show structures on its own pages (as the README shows)."""

from __future__ import annotations

from wagtail.blocks import RichTextBlock
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_kultursamverkan.blocks import KULTURSAMVERKAN_BLOCKS


class ArticlePage(Page):
    body = StreamField([("text", RichTextBlock()), *KULTURSAMVERKAN_BLOCKS], blank=True)

    #: Made by the tests only: not offered in the admin, where page type lists are tested.
    parent_page_types: list[str] = []
