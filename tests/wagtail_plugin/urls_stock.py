"""The tests' URLs with Wagtail's own pages endpoint at the same address: what the plugin's endpoint
(``wagtail_kultursamverkan.api``) is compared with."""

from __future__ import annotations

from wagtail.api.v2.views import PagesAPIViewSet

from .urls import url_patterns

urlpatterns = url_patterns(PagesAPIViewSet)
