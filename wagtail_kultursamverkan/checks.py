"""System checks: the render cache must be shared by every process that serves pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from . import caching

#: Backends that keep entries in each process's memory: another process never sees an invalidation.
PER_PROCESS = ("django.core.cache.backends.locmem.LocMemCache",)


def check_render_cache(app_configs: Any = None, **_kwargs: Any) -> list[checks.CheckMessage]:
    alias = caching.alias()
    config = getattr(settings, "CACHES", {}).get(alias)
    if config is None:
        return [
            checks.Error(
                f"KULTURSAMVERKAN_CACHE_ALIAS names the cache {alias!r}, which CACHES does not define.",
                hint="Add it to CACHES or set KULTURSAMVERKAN_CACHE_ALIAS to one of its aliases.",
                id="wagtail_kultursamverkan.E001",
            )
        ]
    if config.get("BACKEND") in PER_PROCESS:
        return [
            checks.Warning(
                f"The cache {alias!r} that kultursamverkan renders structure pages into is local to each process: "
                "with several processes (gunicorn workers, servers), a change invalidates it in one of them only "
                "and the others keep showing the old content.",
                hint=(
                    "Use a shared cache, e.g. CACHES = {'default': {'BACKEND': "
                    "'django.core.cache.backends.redis.RedisCache', 'LOCATION': 'redis://127.0.0.1:6379/0'}}, "
                    "or a cache of its own named by KULTURSAMVERKAN_CACHE_ALIAS. A single process (runserver) "
                    "may silence this with SILENCED_SYSTEM_CHECKS = ['wagtail_kultursamverkan.W001']."
                ),
                id="wagtail_kultursamverkan.W001",
            )
        ]
    return []
