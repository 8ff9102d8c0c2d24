"""Response headers for a site behind a CDN: pages showing our renderings kept no longer than they hold.

The plugin's own pages set their lifetime themselves. A page of the host site showing a display block
(overview, diagram, representatives) is rendered after its ``serve`` has returned, so only a middleware
sees what its blocks noted (``caching.note_through``). Add it to ``MIDDLEWARE`` where a CDN or the
browsers keep pages::

    MIDDLEWARE = [..., "wagtail_kultursamverkan.middleware.KeepNoLaterThan"]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import caching


class KeepNoLaterThan:
    """Gives a response ``Cache-Control: max-age`` up to the end of the last day the renderings it shows
    read the same (an upcoming meeting held, an event over), keeping any shorter lifetime the site set."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        return caching.keep_no_later_than(request, self.get_response(request))
