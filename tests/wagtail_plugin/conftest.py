"""Set up Django for the plugin's tests, or skip them when Django/Wagtail are not installed.

The core's own tests run without Django, so nothing here may import it unguarded;
each test module starts with ``pytest.importorskip`` for the same reason.
"""

from __future__ import annotations

import importlib.util
import os
import socket

import pytest

FAIL_IN_CI = False
_MISSING = [name for name in ("django", "wagtail", "pytest_django") if importlib.util.find_spec(name) is None]
SKIP_REASON = (
    f"the Wagtail plugin's tests need {', '.join(_MISSING)}: pip install 'kultursamverkan[wagtail]' pytest-django"
    if _MISSING
    else None
)


def _postgres_unreachable() -> str | None:
    if os.environ.get("KULTURSAMVERKAN_TEST_DB") != "postgres":
        return None
    host = os.environ.get("KULTURSAMVERKAN_PG_HOST", "127.0.0.1")
    port = int(os.environ.get("KULTURSAMVERKAN_PG_PORT", "5432"))
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError as exc:
        return f"no PostgreSQL server is reachable at {host}:{port} ({exc})"
    return None


if SKIP_REASON is None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"{__name__.rpartition('.')[0]}.settings")
    import django

    django.setup()  # needs no database: test modules can import models either way
    SKIP_REASON = _postgres_unreachable()
    #: In CI (CI=true) a PostgreSQL env without its server fails instead of skipping.
    FAIL_IN_CI = SKIP_REASON is not None and os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    in_marker = marker is not None and bool(marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    return in_marker or bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def _serialized(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return marker is not None and bool(marker.kwargs.get("serialized_rollback"))


def _serialized_first(items: list[pytest.Item]) -> None:
    """Among the transactional tests (pytest-django has put them after the others), those with
    ``serialized_rollback`` first: each reloads the migrations' rows by id, which fails once another
    transactional test's flush has made the content types again under new ids."""
    start = next((i for i, item in enumerate(items) if _transactional(item)), len(items))
    end = max((i + 1 for i, item in enumerate(items) if _transactional(item)), default=start)
    items[start:end] = sorted(items[start:end], key=lambda item: not _serialized(item))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SKIP_REASON is None:
        _serialized_first(items)
        return
    if FAIL_IN_CI:
        raise pytest.UsageError(f"KULTURSAMVERKAN_TEST_DB=postgres, but {SKIP_REASON}")
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))
