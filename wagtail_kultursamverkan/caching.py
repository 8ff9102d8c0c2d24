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

import datetime as dt
import hashlib
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import transaction
from django.utils.cache import patch_cache_control

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


def tokens(translation_keys: Iterable[Any]) -> dict[Any, str]:
    """Many structures' tokens with one cache read (``token`` for one missing, which is rare)."""
    wanted = {_token_key(key): key for key in translation_keys}
    found = store().get_many(list(wanted)) if wanted else {}
    return {key: str(found[name]) if name in found else token(key) for name, key in wanted.items()}


def renew(translation_keys: Iterable[Any]) -> None:
    """Give each structure a new token: every entry under the old one is unreachable from now on."""
    tokens = {_token_key(key): _new_token() for key in translation_keys}
    if tokens:
        store().set_many(tokens, None)


def page_key(page: Any, part: str) -> str:
    """The key of what a live page shows: ``part`` names it (a rendering or export, with its language)."""
    return f"{PREFIX}{page.pk}:{page.live_revision_id}:{part}:{token(page.translation_key)}"


def page_keys(pages: Sequence[Any], part: str) -> dict[Any, str]:
    """``page_key`` of many live pages by id, their tokens read with one ``get_many``."""
    current = tokens({page.translation_key for page in pages})
    return {
        page.pk: f"{PREFIX}{page.pk}:{page.live_revision_id}:{part}:{current[page.translation_key]}" for page in pages
    }


def get(key: str) -> Any:
    return store().get(key)


def get_many(keys: Iterable[str]) -> dict[str, Any]:
    keys = list(keys)
    return store().get_many(keys) if keys else {}


def put(key: str, value: Any) -> None:
    store().set(key, value, seconds())


def put_many(values: dict[str, Any]) -> None:
    if values:
        store().set_many(values, seconds())


T = TypeVar("T")


def address_digest(url: str | None) -> str:
    """A short, key-safe stand-in for an address a cached rendering depends on."""
    return hashlib.sha256((url or "").encode("utf-8")).hexdigest()[:16]


def cached_for_page(
    page: Any, part: str, build: Callable[[], T | None], *, current: Callable[[T], bool] | None = None
) -> T | None:
    """``build()`` for a live page, cached until what the page shows changes.

    The one place that decides how a page's renderings and exports are cached: ``part`` names
    what is built (with its language). The key, with its token, is read before the content: a
    change committed after that renews the token, so what is stored here is never found again.
    None (a structure that does not validate) is not cached. A transaction that changed the
    structure and has not committed (``hold``) builds it afresh and keeps it to itself: what it
    reads back shows its change at once, and nothing it has not committed is cached under the
    old token, where other processes would find it (and keep it if the transaction rolls back).
    ``current``: whether a cached value still holds (``still_current``: one written for days gone).
    """
    if not (page.live and page.pk) or held([page.translation_key]):
        return build()
    key = page_key(page, part)
    hit = get(key)
    if hit is not None and (current is None or current(hit)):
        return hit
    value = build()
    if value is not None:
        put(key, value)
    return value


def dated(value: dict[str, Any], through: dt.date | None) -> dict[str, Any]:
    """A rendering to be cached, with the last day it reads the same (``overview.unchanged_through``)."""
    return {**value, "through": through.isoformat() if through is not None else None}


def still_current(value: dict[str, Any]) -> bool:
    """Whether a rendering ``dated`` holds today: a meeting it calls coming may have been held since.
    One kept before renderings were dated (no "through") may say so too: it does not hold."""
    if not isinstance(value, dict) or "through" not in value:
        return False
    through = value["through"]
    return through is None or dt.date.fromisoformat(through) >= dt.date.today()


def note_through(request: Any, through: str | None) -> None:
    """Note on ``request`` that what it shows reads the same through ``through`` (an ISO date, ``dated``'s;
    None: whatever the day): of several renderings on one page, the earliest day counts."""
    if request is None or through is None:
        return
    noted = getattr(request, "_ks_through", None)
    if noted is None or through < noted:  # ISO dates order as strings
        request._ks_through = through


def keep_no_later_than(request: Any, response: Any) -> Any:
    """``response`` kept by browsers and shared caches no later than the end of the day ``note_through``
    noted for ``request``: a CDN keeping it longer would go on calling a held meeting coming.

    The lifetime is also no longer than a rendering is kept (``seconds()``): a page with no meeting for
    months is not handed to a CDN for months, past whatever else its template shows. Where the site set a
    shorter lifetime, that stands; a signed-in reader's page (a user bar, say) is for that browser only
    (``private``); a preview's response is never kept (Wagtail's own headers). Only the page itself (200):
    an error or redirect made after the renderings noted their day (a template failing after its blocks
    rendered) is not kept that long."""
    through = getattr(request, "_ks_through", None)
    if through is None or response.status_code != 200 or getattr(request, "is_preview", False):
        return response
    end = dt.datetime.combine(dt.date.fromisoformat(through) + dt.timedelta(days=1), dt.time())
    max_age = max(0, int((end - dt.datetime.now()).total_seconds()))
    longest = seconds()
    if longest is not None:
        max_age = min(max_age, longest)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        patch_cache_control(response, private=True, max_age=max_age)
    else:
        patch_cache_control(response, max_age=max_age)
    return response


# ------------------------------------------- what the transaction being made has changed

_local = threading.local()


def _outer() -> Any:
    connection = transaction.get_connection()
    return connection.atomic_blocks[0] if connection.in_atomic_block else None


def hold(translation_keys: Iterable[Any]) -> None:
    """Structures this thread's open transaction has changed (``invalidation`` notes them): until it
    commits, their tokens are the old ones, so what it reads of them is neither read from nor put in
    the cache (other processes still see the committed content, under the old token, rightly)."""
    outer = _outer()
    if outer is None:
        return
    held = getattr(_local, "held", None)
    if held is None or held[0] is not outer:
        held = _local.held = (outer, set())
    held[1].update(translation_keys)


_commits = 0


def release() -> None:
    """The transaction committed (and the tokens are renewed) or is gone: nothing is held."""
    global _commits
    _local.held = None
    _commits += 1


def commits() -> int:
    """How many changes this process has committed: what was read ahead of use (a listing's data) is
    used only while this stays the same."""
    return _commits


def held(translation_keys: Iterable[Any]) -> bool:
    """Whether this thread's open transaction has changed any of these structures (see ``hold``)."""
    state = getattr(_local, "held", None)
    if state is None or state[0] is not _outer():
        return False
    return not state[1].isdisjoint(translation_keys)


def listing_key(owner: Any, part: str, pages: Sequence[tuple[Any, Any, Any]]) -> str | None:
    """The key of what a live page (``owner``) shows of many structures: ``pages``, each a page's
    (id, live revision, translation key of its structure, or None for a page that has no token).

    Over the owner's live revision and, in order, each page's id, live revision and its structure's
    token, read with one ``get_many``: a page published, unpublished, moved, added or made private
    changes the list at once, a change below a structure renews its token after the commit. None
    when this thread's open transaction has changed one of them (``held``): not cached then.
    """
    structure_keys = [key for _pk, _revision, key in pages if key is not None]
    if held(structure_keys):
        return None
    current = tokens(structure_keys)
    listing = ";".join(f"{pk}.{revision}.{current.get(key, '')}" for pk, revision, key in pages)
    digest = hashlib.sha256(listing.encode()).hexdigest()[:32]
    return f"{PREFIX}{owner.pk}:{owner.live_revision_id}:{part}:{digest}"
