from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter

from wagtail_kultursamverkan.api import PagesAPIViewSet


# As the demo (and a host site) sets it up: the admin and the API without a language prefix,
# pages at /sv/… and /en/…, so that each locale's pages are tested at their own address.
def url_patterns(pages_endpoint: type) -> list:
    """The admin, the API with ``pages_endpoint`` as its pages endpoint, and the pages."""
    api_router = WagtailAPIRouter("wagtailapi")
    api_router.register_endpoint("pages", pages_endpoint)
    return [
        path("admin/", include(wagtailadmin_urls)),
        path("api/v2/", api_router.urls),
        *i18n_patterns(path("", include(wagtail_urls))),
    ]


urlpatterns = url_patterns(PagesAPIViewSet)
