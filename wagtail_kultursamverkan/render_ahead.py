"""Rendering ahead: a changed structure page is rendered as soon as its change commits, not by its next reader.

A publish renews the structure's render token (``invalidation``), so its next request would read the
structure from the database and render it: three times the work of serving a cached page, for a
large region five, and as many times over as readers arrive at once before the first finishes.
Instead, right after the commit, each live, public structure page of the changed structures (every
language) is rendered for its own site's address and stored in the shared cache, and so is the list of
upcoming events on each region page that lists one of them. The reader's first request after a
publish is then a cache hit.

It runs as a task of Wagtail's background tasks (``django_tasks``), as Wagtail's own reference index
and CDN purges do: with the default backend it runs at once, in the process that made the change;
with a task worker configured (``TASKS``), there. A change made while a request is served is rendered
once that request has finished: Wagtail's admin publishes and unpublishes outside a transaction, so
unpublishing a structure with its subpages commits, and notes its structure, once per page. A failure
is the task's and never the change's: a page it could not render is rendered by its next reader, as
without it.

``KULTURSAMVERKAN_RENDER_AHEAD = False`` turns it off.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from io import StringIO
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import close_old_connections
from django_tasks import task
from wagtail.models import Page

from kultursamverkan.model import Structure

from .models import RegionIndexPage, StructurePage

logger = logging.getLogger(__name__)
_local = threading.local()


def enabled() -> bool:
    return bool(getattr(settings, "KULTURSAMVERKAN_RENDER_AHEAD", True))


def render_ahead(structure_keys: Iterable[Any], region_paths: Iterable[str] = ()) -> None:
    """Render the live, public pages of these structures (translation keys) into the cache, with the
    region pages listing them and those at ``region_paths`` (the regions the change touched: a deleted
    or moved structure's former one, which the structure's pages no longer lead to): now, or when the
    request this thread serves has finished (``request_finished``), once for all its changes."""
    keys = {str(key) for key in structure_keys}
    if not keys or not enabled():
        return
    paths = {str(path) for path in region_paths}
    pending: tuple[set[str], set[str]] | None = getattr(_local, "pending", None)
    if pending is not None:
        pending[0].update(keys)
        pending[1].update(paths)
    else:
        _enqueue(keys, paths)


def request_started(**_kwargs: Any) -> None:
    _local.pending = (set(), set())


def request_finished(**_kwargs: Any) -> None:
    pending: tuple[set[str], set[str]] | None = getattr(_local, "pending", None)
    _local.pending = None
    if pending and pending[0]:
        _enqueue(*pending)
        # Django closed the request's connections before this receiver; the rendering opened one again.
        close_old_connections()


def _enqueue(keys: set[str], paths: set[str]) -> None:
    try:
        render_structures.enqueue(sorted(keys), sorted(paths))
    except Exception:  # a task backend that cannot take it: the change is made, and its readers render it
        logger.exception("could not enqueue rendering ahead for the structures %s", sorted(keys))


def connect() -> None:
    """Connect the request signals (``AppConfig.ready``)."""
    from django.core.signals import request_finished as finished
    from django.core.signals import request_started as started

    started.connect(request_started, dispatch_uid="ks-render-ahead-started")
    finished.connect(request_finished, dispatch_uid="ks-render-ahead-finished")


@task()
def render_structures(structure_keys: list[str], region_paths: list[str] | None = None) -> int:
    """The task: each live, public structure page with one of these translation keys, and each live,
    public region page that lists one of them (its upcoming events) or is at one of ``region_paths``,
    rendered as its site's readers ask for it. Returns how many pages were rendered."""
    structures = StructurePage.objects.live().public().filter(translation_key__in=structure_keys).specific()
    return render_pages([*structures, *regions_listing(structure_keys, region_paths or ())])


def regions_listing(structure_keys: Iterable[str], region_paths: Iterable[str] = ()) -> list[RegionIndexPage]:
    """The live, public region pages above the structure pages with these keys, in any state (an
    unpublished structure leaves its region's list too), and at ``region_paths`` (a deleted or moved
    structure left that region's list: its page no longer leads there)."""
    paths = StructurePage.objects.filter(translation_key__in=list(structure_keys)).values_list("path", flat=True)
    parents = {path[: -Page.steplen] for path in paths} | set(region_paths)
    return list(RegionIndexPage.objects.live().public().filter(path__in=parents).order_by("path"))


def render_pages(
    pages: Iterable[StructurePage | RegionIndexPage], read: dict[int, Structure | None] | None = None
) -> int:
    """Render ``pages`` into the cache for their sites' addresses (``manage.py kultursamverkan_render_ahead``
    does it for all of them after a deploy with an empty cache). Returns how many were rendered: a page
    without a reachable address, or a structure page whose structure does not validate, is not. A region
    page after the structure pages it lists takes their readings (kept in ``read``, by page id) instead
    of gathering them again."""
    done = 0
    read = {} if read is None else read
    for page in pages:
        try:
            request = request_for(page)
            if request is not None and page.render_ahead(request, read):
                done += 1
        except Exception:  # this page is rendered by its next reader; the others still are now
            logger.exception("could not render the page %s ahead", page.pk)
    return done


def request_for(page: Page) -> WSGIRequest | None:
    """A GET request for ``page`` at its site's address, as a reader's browser makes it: the rendering's
    links are relative on the page's own site, and its cache key holds that address. None when the
    page has no address or its host is not one ``ALLOWED_HOSTS`` lets readers reach."""
    url = page.get_full_url()
    if not url:
        return None
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    host = parts.hostname or ""
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": parts.path or "/",
            "SERVER_NAME": host,
            "SERVER_PORT": str(port),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": host if port == (443 if secure else 80) else f"{host}:{port}",
            "wsgi.version": (1, 0),
            "wsgi.input": StringIO(),
            "wsgi.errors": StringIO(),
            "wsgi.url_scheme": parts.scheme or "http",
        }
    )
    try:
        request.get_host()
    except DisallowedHost:
        return None
    return request
