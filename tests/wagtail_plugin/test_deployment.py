"""A real deployment: gunicorn with three workers against PostgreSQL and Redis on this machine.

Each worker is warmed (it has the structure page cached), a change is published from this process
(in a transaction held open while the workers go on reading), and then the page is read through the
workers: no response may show the old content. The same with the per-process ``LocMemCache`` shows
what the shared cache is for (the figures are printed). An admin import is previewed on one worker
and confirmed on another, two regions are imported by two processes at once, and readers arriving on
every worker at once after the cache is emptied share the structure's stored reading.

Runs with ``KULTURSAMVERKAN_TEST_DB=postgres`` (the PostgreSQL tox envs), gunicorn installed and
Redis reachable (``KULTURSAMVERKAN_TEST_REDIS``, default ``redis://127.0.0.1:6379/5``); skipped
otherwise, and failed instead in CI. ``-m "not deployment"`` leaves it out.
"""

from __future__ import annotations

import importlib.util
import os
import re
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.db import transaction
from django.test import Client

import kultursamverkan
from wagtail_kultursamverkan.models import BodyPage, RegionIndexPage, StructurePage

from .deployment import REGIONS, WORKERS, Server
from .helpers import admin_user, site_root, structure_page

# serialized_rollback: each test starts with what the migrations made (the default locale and site).
pytestmark = [pytest.mark.deployment, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REDIS = os.environ.get("KULTURSAMVERKAN_TEST_REDIS", "redis://127.0.0.1:6379/5")
READS = 30


def _missing() -> str | None:
    if os.environ.get("KULTURSAMVERKAN_TEST_DB") != "postgres":
        return "needs PostgreSQL (KULTURSAMVERKAN_TEST_DB=postgres): the workers share the test database"
    for module in ("gunicorn", "redis"):
        if importlib.util.find_spec(module) is None:
            return f"needs {module}: pip install {module}"
    address = urlparse(REDIS)
    try:
        socket.create_connection((address.hostname or "127.0.0.1", address.port or 6379), timeout=2).close()
    except OSError as exc:
        return f"no Redis at {REDIS} ({exc}): redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ''"
    return None


@pytest.fixture(autouse=True)
def _requirements() -> None:
    reason = _missing()
    if reason is not None:
        # The SQLite envs never run it; a PostgreSQL env in CI without gunicorn or Redis is broken.
        on_postgres = os.environ.get("KULTURSAMVERKAN_TEST_DB") == "postgres"
        if on_postgres and os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def redis_settings(settings: Any) -> str:
    """This process shares the workers' Redis cache (its invalidations must reach them)."""
    prefix = f"ks-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS, "KEY_PREFIX": prefix}
    }
    return prefix


@pytest.fixture
def server(workdir: Path, redis_settings: str) -> Iterator[Server]:
    server = Server(REDIS, workdir, redis_settings)
    yield server
    server.stop()


def _stale_reads(server: Server, page: StructurePage, body: BodyPage) -> tuple[int, set[int]]:
    """Publish a new name for ``body`` in a transaction held open while the workers read the structure
    page and the body's own page (which reads its rendering from the structure page's cache); then read
    them ``READS`` times in turn: how many responses lack the new name, and which workers answered."""
    paths = [urlparse(page.get_url()).path, urlparse(body.get_url()).path]
    for path in paths:
        server.warm(path)
    name = f"Nytt namn {uuid.uuid4().hex[:8]}"
    with transaction.atomic():
        live = BodyPage.objects.get(pk=body.pk)
        live.name = name
        live.save_revision().publish()
        for i in range(12):  # readers see the old content and cache it, as before the commit
            assert name not in server.get(paths[i % 2])[1]
    stale, pids = 0, set()
    for i in range(READS):
        status, text, pid, _r = server.get(paths[i % 2])
        assert status == 200
        pids.add(pid)
        stale += name not in text
    return stale, pids


def test_no_worker_serves_a_stale_page_with_redis_but_each_does_with_locmem(
    workdir: Path, settings: Any, redis_settings: str
) -> None:
    page = structure_page(kultursamverkan.load(REGIONS / "stockholm.yaml"))
    body = BodyPage.objects.child_of(page).live().order_by("path").first()
    server = Server(REDIS, workdir, redis_settings)
    try:
        redis_stale, redis_pids = _stale_reads(server, page, body)
    finally:
        server.stop()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    server = Server("locmem", workdir, "")
    try:
        locmem_stale, _pids = _stale_reads(server, page, body)
    finally:
        server.stop()
    print(f"\nstale responses out of {READS} after a publish: Redis {redis_stale}, LocMemCache {locmem_stale}")
    assert len(redis_pids) == WORKERS  # every worker answered after the change
    assert redis_stale == 0
    assert locmem_stale > 0  # the measurement sees staleness where there is some


def _multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/yaml\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_an_import_previewed_on_one_worker_is_confirmed_on_another(server: Server) -> None:
    client = Client()
    client.force_login(admin_user())
    session = client.cookies["sessionid"].value
    url = "/admin/kultursamverkan/import/"
    data = (REGIONS / "halland.yaml").read_bytes()
    pairs = []
    for _ in range(8):  # gunicorn picks the worker: until a confirmation lands on another one
        status, text, _pid, response = server.get(url, headers={"Cookie": f"sessionid={session}"})
        assert status == 200
        csrf = re.search(r"csrftoken=([^;]+)", response.headers.get("Set-Cookie", "")).group(1)  # type: ignore[union-attr]
        cookies = {"Cookie": f"sessionid={session}; csrftoken={csrf}"}
        fields = {"csrfmiddlewaretoken": csrf, "parent": str(site_root().pk)}
        body, content_type = _multipart(fields, "halland.yaml", data)
        status, text, previewed_by, _r = server.request("POST", url, body, {**cookies, "Content-Type": content_type})
        assert status == 200, text[:2000]
        token = re.search(r'name="token" value="([0-9a-f]+)"', text).group(1)  # type: ignore[union-attr]
        form = f"csrfmiddlewaretoken={csrf}&token={token}&confirm=1".encode()
        status, _text, confirmed_by, response = server.request(
            "POST", url, form, {**cookies, "Content-Type": "application/x-www-form-urlencoded"}
        )
        assert status == 302
        assert "/admin/pages/" in response.headers["Location"]  # the explorer: imported, not "expired"
        pairs.append((previewed_by, confirmed_by))
        if previewed_by != confirmed_by:
            break
    assert any(a != b for a, b in pairs), pairs
    structure = StructurePage.objects.filter(identifier="halland", locale__language_code="sv").get()  # as a draft
    assert isinstance(structure.get_parent().specific, RegionIndexPage)


def test_two_regions_imported_at_once_by_two_processes(server: Server) -> None:
    command = [sys.executable, "-m", "django", "kultursamverkan_import", "--system"]
    processes = [
        subprocess.Popen(
            [*command, str(REGIONS / f"{name}.yaml")],
            env=server.env,
            cwd=server.workdir,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for name in ("norrbotten", "orebro")
    ]
    outputs = [p.communicate(timeout=120)[0].decode() for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    for region in ("norrbotten", "orebro"):
        structure = StructurePage.objects.get(identifier=region, locale__language_code="sv")
        status, text, _pid, _r = server.get(urlparse(structure.get_url()).path)
        assert status == 200
        assert structure.title in text


def test_after_the_cache_is_emptied_the_workers_share_stored_readings_and_never_an_old_one(server: Server) -> None:
    """Readers arriving at once on every worker after the cache is emptied (a restart with a new cache) each
    store the same reading, or read it; a publish made meanwhile by another process is shown by all."""
    from concurrent.futures import ThreadPoolExecutor

    from django.core.cache import caches

    from wagtail_kultursamverkan.models import StoredReading

    page = structure_page(kultursamverkan.load(REGIONS / "stockholm.yaml"))
    body = BodyPage.objects.child_of(page).live().order_by("path").first()
    path = urlparse(page.get_url()).path
    server.warm(path)

    def all_at_once() -> list[str]:
        caches["default"].clear()  # the workers' Redis: this process shares it
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _n: server.get(path), range(16)))
        assert [status for status, *_rest in answers] == [200] * 16
        return [text for _status, text, *_rest in answers]

    all_at_once()
    row = StoredReading.objects.get(translation_key=page.translation_key)
    assert row.stored_version == row.version
    name = f"Nytt namn {uuid.uuid4().hex[:8]}"
    live = BodyPage.objects.get(pk=body.pk)
    live.name = name
    live.save_revision().publish()  # committed here: the stored copy is forgotten, then stored anew
    assert all(name in text for text in all_at_once())
