"""Settings for the deployment test's gunicorn workers: the tests' site on the test database.

Shared by the deployment test and the load benchmark (``deployment.Server`` starts them). The
cache comes from ``KULTURSAMVERKAN_DEPLOY_CACHE`` (a ``redis://`` URL, or ``locmem`` for the
per-process cache whose staleness the test measures), uploads go to ``KULTURSAMVERKAN_DEPLOY_MEDIA``
(storage every worker shares), and each response names the worker that served it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from .settings import *  # noqa: F403
from .settings import INSTALLED_APPS, MIDDLEWARE

# Wagtail's database search on PostgreSQL uses GIN indexes: Django's system checks want this app.
if "django.contrib.postgres" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.postgres"]
# Apps besides the tests' (the load benchmark's rich-text page), comma-separated.
INSTALLED_APPS = [*INSTALLED_APPS, *filter(None, os.environ.get("KULTURSAMVERKAN_DEPLOY_APPS", "").split(","))]

_cache = os.environ.get("KULTURSAMVERKAN_DEPLOY_CACHE", "locmem")
if _cache.startswith("redis://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache,
            "KEY_PREFIX": os.environ.get("KULTURSAMVERKAN_DEPLOY_PREFIX", ""),
        }
    }
    SILENCED_SYSTEM_CHECKS: list[str] = []  # a shared cache: the check has nothing to say
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # the per-process cache, measured on purpose (settings.py silences its warning)

MEDIA_ROOT = os.environ.get("KULTURSAMVERKAN_DEPLOY_MEDIA", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def worker_pid(get_response: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Adds ``X-Worker-Pid`` to every response: the test checks that every worker answered."""

    def middleware(request: Any) -> Any:
        response = get_response(request)
        response["X-Worker-Pid"] = str(os.getpid())
        return response

    return middleware


MIDDLEWARE = [f"{__name__}.worker_pid", *MIDDLEWARE]
