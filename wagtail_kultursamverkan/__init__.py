"""Wagtail plugin for kultursamverkan: snippets, StreamField blocks and page types.

Add ``"wagtail_kultursamverkan"`` to ``INSTALLED_APPS``. Pages store exactly what the
core ``kultursamverkan.Structure`` holds, so a page converts to the core model (and
back) without loss; see ``convert``.
"""
