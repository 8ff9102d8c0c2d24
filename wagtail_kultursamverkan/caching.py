"""The render cache: rendered structure pages in a cache that every process shares.

An entry's key holds the structure page, its live revision, the language and a *token*: a random
value kept per structure (its translation key, so all languages of a structure share one token).
``invalidation`` renews the token after a change commits; readers then miss and render anew.
A token is never derived from a counter, so an evicted token comes back as a new random value and
can never make an old entry valid again.

Settings: ``KULTURSAMVERKAN_CACHE_ALIAS`` (default ``"default"``), the cache in ``CACHES`` to use,
and ``KULTURSAMVERKAN_CACHE_SECONDS`` (default one day), how long an entry is kept. With several
processes the cache must be shared (``RedisCache``): ``checks`` warns about a per-process one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches

PREFIX = "kultursamverkan:render2:"
DEFAULT_SECONDS = 24 * 60 * 60


def alias() -> str:
    return getattr(settings, "KULTURSAMVERKAN_CACHE_ALIAS", "default")


def seconds() -> int | None:
    return getattr(settings, "KULTURSAMVERKAN_CACHE_SECONDS", DEFAULT_SECONDS)


def store() -> BaseCache:
    return caches[alias()]


def _token_key(translation_key: Any) -> str:
    return f"{PREFIX}token:{translation_key}"


def _new_token() -> str:
    return uuid.uuid4().hex


def token(translation_key: Any) -> str:
    """The structure's current token; a new random one when there is none (never cached or evicted)."""
    return str(store().get_or_set(_token_key(translation_key), _new_token, None))


def renew(translation_keys: Iterable[Any]) -> None:
    """Give each structure a new token: every entry under the old one is unreachable from now on."""
    tokens = {_token_key(key): _new_token() for key in translation_keys}
    if tokens:
        store().set_many(tokens, None)


def page_key(page: Any, part: str) -> str:
    """The key of what a live page shows: ``part`` names it (a rendering or export, with its language)."""
    return f"{PREFIX}{page.pk}:{page.live_revision_id}:{part}:{token(page.translation_key)}"


def get(key: str) -> Any:
    return store().get(key)


def put(key: str, value: Any) -> None:
    store().set(key, value, seconds())
