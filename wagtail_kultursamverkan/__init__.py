"""Wagtail plugin for kultursamverkan: snippets, StreamField blocks and page types.

Not built yet; the core package ``kultursamverkan`` works without it.
"""
