"""Load benchmark: gunicorn with three workers, PostgreSQL and Redis, against a rich-text page.

A database of its own is created (and dropped at the end) and seeded with the five example regions
(sv and en), a comparison page and a rich-text page holding the same HTML as Halland's structure
page (``render_bench_app``, as in ``render_bench``); a body page of Halland is loaded too. gunicorn
serves it as the deployment test does (``tests/wagtail_plugin/deployment.py``), with Redis as the
shared cache (db 9 unless ``--redis``).
A small asyncio HTTP client keeps N connections busy for S seconds per URL, the URLs interleaved in
rounds so that a change in the machine's load falls on all of them alike, and prints requests a
second, errors, p50 and p99 and the ratio to the rich-text page (goal ≥ 0.9 each).

Run with ``tox -e bench-load`` (PostgreSQL at 127.0.0.1:5432 as user postgres, Redis at 127.0.0.1:6379).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(HERE), str(ROOT)]

DEFAULT_REDIS = os.environ.get("KULTURSAMVERKAN_BENCH_REDIS", "redis://127.0.0.1:6379/9")


# ------------------------------------------------------------------ the load generator


class Stats:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors = 0
        self.seconds = 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """One response's status, and whether the connection stays open (the body read and dropped)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    keep = headers.get("connection", "").lower() != "close"
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.read()
        keep = False
    return status, keep


async def _connection(port: int, path: str, until: float, stats: Stats) -> None:
    """Requests ``path`` one after the other until ``until``, on a kept-alive connection when the
    server keeps it (gunicorn's sync workers close it after each response: reconnected then)."""
    request = f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n".encode()
    reader = writer = None
    while time.monotonic() < until:
        start = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            status, keep = await _read_response(reader)  # type: ignore[arg-type]
        except (OSError, asyncio.IncompleteReadError, ValueError):
            stats.errors += 1
            keep, status = False, 0
        else:
            if status == 200:
                stats.latencies.append(time.perf_counter() - start)
            else:
                stats.errors += 1
        if not keep and writer is not None:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _load(port: int, path: str, connections: int, seconds: float, stats: Stats) -> None:
    start = time.monotonic()
    until = start + seconds
    await asyncio.gather(*(_connection(port, path, until, stats) for _ in range(connections)))
    stats.seconds += time.monotonic() - start


def run_load(port: int, urls: dict[str, str], connections: int, seconds: float, rounds: int) -> dict[str, Stats]:
    """Each URL under load for ``seconds`` in all, in ``rounds`` slices, the order turned each round."""
    stats = {name: Stats() for name in urls}
    names = list(urls)
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            asyncio.run(_load(port, urls[name], connections, seconds / rounds, stats[name]))
    return stats


# ------------------------------------------------------------------ the site


def _database(name: str, action: str) -> None:
    import psycopg

    host = os.environ.get("KULTURSAMVERKAN_PG_HOST", "127.0.0.1")
    port = os.environ.get("KULTURSAMVERKAN_PG_PORT", "5432")
    user = os.environ.get("KULTURSAMVERKAN_PG_USER", "postgres")
    with psycopg.connect(host=host, port=port, user=user, dbname="postgres", autocommit=True) as conn:
        if action == "create":
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        else:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _forget(url: str, prefix: str) -> None:
    """Deletes this run's cache keys (its own prefix), leaving the rest of the Redis database."""
    import redis

    client = redis.Redis.from_url(url)
    names = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    for start in range(0, len(names), 1000):
        client.delete(*names[start : start + 1000])


def seed() -> dict[str, str]:
    """The five example regions, a comparison page and the rich-text page: the paths to load (one of them a
    body's page, which serves its part of the structure from the structure page's cache)."""
    from bs4 import BeautifulSoup
    from django.test import Client
    from render_bench_app.models import RichTextPage
    from wagtail.models import Locale

    import kultursamverkan
    from tests.wagtail_plugin.deployment import REGIONS
    from tests.wagtail_plugin.helpers import site_root, structure_page
    from wagtail_kultursamverkan.models import BodyPage, ComparisonPage

    Locale.objects.get_or_create(language_code="en")
    pages = {path.stem: structure_page(kultursamverkan.load(path)) for path in sorted(REGIONS.glob("*.yaml"))}
    comparison = ComparisonPage(title="Jämför regionerna", slug="jamfor")
    site_root().add_child(instance=comparison)
    comparison.save_revision().publish()

    page = pages["halland"]
    region = page.get_parent()
    html = Client().get(page.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    start, end = html.index('<div class="ks-structure"'), html.rindex("</article>")
    baseline = RichTextPage(title=page.title, slug="rich-text")
    baseline.body = [{"type": "text", "value": html[start:end]}]
    region.add_child(instance=baseline)  # the same depth as the structure page: routing costs the same
    baseline.save_revision().publish()
    assert soup.find("h1") is not None
    return {
        "rich-text page": baseline.url,
        "structure page": page.url,
        "body page": BodyPage.objects.child_of(page).live().order_by("path").first().url,
        "region index": region.url,
        "API detail": f"/api/v2/pages/{page.pk}/",
        "API listing": "/api/v2/pages/?type=wagtail_kultursamverkan.StructurePage&fields=kultursamverkan",
        "comparison": comparison.url,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=15, help="seconds of load per URL (default 15)")
    parser.add_argument("--connections", type=int, default=64, help="concurrent connections (default 64)")
    parser.add_argument("--rounds", type=int, default=3, help="slices per URL, interleaved (default 3)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument("--redis", default=DEFAULT_REDIS, help=f"the shared cache (default {DEFAULT_REDIS})")
    parser.add_argument("--database", default=f"ks_load_bench_{os.getpid()}", help="created and dropped")
    args = parser.parse_args()

    prefix = f"ks-bench-{uuid.uuid4().hex[:8]}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.wagtail_plugin.deploy_settings",
        KULTURSAMVERKAN_TEST_DB="postgres",
        KULTURSAMVERKAN_PG_NAME=args.database,
        KULTURSAMVERKAN_DEPLOY_CACHE=args.redis,
        KULTURSAMVERKAN_DEPLOY_PREFIX=prefix,
        KULTURSAMVERKAN_DEPLOY_APPS="render_bench_app",
    )
    _database(args.database, "create")
    server = None
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        urls = seed()

        from django.db import connections

        connections.close_all()
        from tests.wagtail_plugin.deployment import Server

        with tempfile.TemporaryDirectory() as workdir:
            server = Server(
                args.redis,
                Path(workdir),
                prefix,
                database=args.database,
                workers=args.workers,
                apps=["render_bench_app"],
                paths=[HERE],
            )
            for path in urls.values():
                server.warm(path)
            stats = run_load(server.port, urls, args.connections, args.seconds, args.rounds)
            server.stop()
            server = None
    finally:
        if server is not None:
            server.stop()
        _forget(args.redis, prefix)
        from django.db import connections

        connections.close_all()
        _database(args.database, "drop")

    base = stats["rich-text page"].rate
    print(
        f"\ngunicorn {args.workers} workers, {args.connections} connections, {args.seconds:g} s per URL"
        f" in {args.rounds} rounds, Redis {args.redis}, PostgreSQL"
    )
    print(f"{'URL':16} {'requests':>9} {'req/s':>8} {'errors':>7} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6}")
    worst = float("inf")
    for name, s in stats.items():
        ratio = s.rate / base if base else float("nan")
        if name != "rich-text page":
            worst = min(worst, ratio)
        print(
            f"{name:16} {len(s.latencies):>9} {s.rate:>8.1f} {s.errors:>7} {s.percentile(50):>8.1f}"
            f" {s.percentile(99):>8.1f} {ratio:>6.2f}"
        )
    print(f"\nworst ratio {worst:.2f} (goal ≥ 0.9)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
