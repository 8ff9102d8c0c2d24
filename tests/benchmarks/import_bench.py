"""Import benchmark: time and database queries to import the synthetic 21-region national set.

On SQLite (in memory) and on PostgreSQL (a database of its own, created and dropped:
``--pg-name``, default ``bench_ks_imports`` on 127.0.0.1:5432), each in a process of
its own, with the Wagtail plugin, sv pages plus their en translations: 1, 5 and 21
fresh regions (queries per region, to show they grow linearly); the national set again
unchanged (no page writes); one region changed; the set with each region committed on
its own; then one region grown to ever more bodies. Run with ``tox -e bench-import``
(``-- --db sqlite``, ``--db postgres``, ``--quick`` to skip the growing region).
"""

from __future__ import annotations

import argparse
import copy
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import django
from django.conf import settings

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import national_set  # noqa: E402


def configure(db: str, pg_name: str) -> None:
    if db == "postgres":
        database = {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": os.environ.get("KULTURSAMVERKAN_PG_HOST", "127.0.0.1"),
            "PORT": os.environ.get("KULTURSAMVERKAN_PG_PORT", "5432"),
            "USER": os.environ.get("KULTURSAMVERKAN_PG_USER", "postgres"),
            "NAME": "postgres",
            "TEST": {"NAME": pg_name},
        }
    else:
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench",
        USE_TZ=True,
        LANGUAGE_CODE="sv",
        LANGUAGES=[("sv", "Svenska"), ("en", "English")],
        WAGTAIL_I18N_ENABLED=True,
        WAGTAIL_CONTENT_LANGUAGES=[("sv", "Svenska"), ("en", "English")],
        WAGTAIL_SITE_NAME="bench",
        STATIC_URL="/static/",
        DATABASES={"default": database},
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        INSTALLED_APPS=[
            "wagtail_kultursamverkan",
            "wagtail.sites",
            "wagtail.users",
            "wagtail.snippets",
            "wagtail.documents",
            "wagtail.images",
            "wagtail.search",
            "wagtail.admin",
            "wagtail.locales",
            "wagtail",
            "modelcluster",
            "taggit",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
        ],
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}],
    )
    django.setup()


def own_ids(data: dict[str, Any], batch: str = "") -> dict[str, Any]:
    """The region with its organisations' and people's ids prefixed, so that regions share no snippets.

    ``batch``: a prefix for the region's and structure's ids too, so that the batch is new to the database.
    """
    data = copy.deepcopy(data)
    if batch:
        data["id"] = f"{batch}-{data['id']}"
        data["region"]["id"] = f"{batch}-{data['region']['id']}"
    prefix = data["region"]["id"].removeprefix("region-")

    def rename(i: str) -> str:
        return f"{prefix}-{i}"

    for org in data["organisations"]:
        org["id"] = rename(org["id"])
    for person in data["people"]:
        person["id"] = rename(person["id"])
    for rep in data["representations"]:
        rep["person"] = rename(rep["person"])
        rep["on_behalf_of"] = rename(rep["on_behalf_of"])
    orgs = {o["id"].removeprefix(f"{prefix}-") for o in data["organisations"]}
    for body in data["bodies"]:
        for rel in body.get("relations", ()):
            if rel["target"] in orgs:
                rel["target"] = rename(rel["target"])
    return data


def with_bodies(data: dict[str, Any], n: int) -> dict[str, Any]:
    data = copy.deepcopy(data)
    template = data["bodies"][1]
    extra = []
    for i in range(len(data["bodies"]), n):
        body = copy.deepcopy(template)
        body["id"] = f"body-{i}"
        body["relations"] = [{"type": "reports_to", "target": "body-0"}]
        extra.append(body)
    data["bodies"] += extra
    data["id"] = f"{data['id']}-{n}"
    return data


def measure(structures: list[Any], parent: Any, main: Any, **options: Any) -> tuple[float, int, Any]:
    from django.db import connection

    from wagtail_kultursamverkan import importing

    sources = [importing.Source(f"{s.id}.yaml", s) for s in structures]
    count = 0

    def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    start, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        result = importing.run(sources, parent, main, **options)
    CPU[0] = time.process_time() - cpu
    return time.perf_counter() - start, count, result


#: The last ``measure``'s CPU time in this process (the import's Python and SQLite; not PostgreSQL's
#: server): on a busy machine, steadier than the wall clock.
CPU = [0.0]


def changed(data: dict[str, Any]) -> dict[str, Any]:
    """The region with one body renamed: one page per locale to update."""
    data = copy.deepcopy(data)
    data["bodies"][0]["name"] = {k: f"{v} (new)" for k, v in data["bodies"][0]["name"].items()}
    return data


def report(label: str, seconds: float, queries: int, regions: int, extra: str = "") -> None:
    print(
        f"  {label:34} {seconds:6.2f} s (cpu {CPU[0]:6.2f} s) {queries:7d} queries "
        f"({queries / regions:5.0f} per region){extra}"
    )


def bench(db: str, pg_name: str, quick: bool) -> int:
    configure(db, pg_name)
    from django.db import connection
    from wagtail.models import Locale, Revision, Site

    from kultursamverkan import converter

    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        Locale.objects.get_or_create(language_code="en")
        home = Site.objects.get(is_default_site=True).root_page
        home.copy_for_translation(Locale.objects.get(language_code="en")).save_revision().publish()
        main_locale = Locale.objects.get(language_code="sv")

        national = national_set()
        datas = [own_ids(d) for d in national]
        structures = [converter.structure(d) for d in datas]
        bodies = sum(len(s.bodies) for s in structures)
        snippets = sum(len(s.organisations) + len(s.people) for s in structures)
        load = os.getloadavg()[0]
        print(
            f"{db}: national set: {len(structures)} regions, {bodies} bodies, {snippets} organisations and people; "
            f"sv pages and en translations (load average {load:.1f} on {os.cpu_count()} CPUs)"
        )
        for n in (1, 5):
            batch = [converter.structure(own_ids(d, f"b{n}")) for d in national[:n]]
            seconds, queries, _r = measure(batch, home, main_locale)
            report(f"first import, {n} region{'s' if n > 1 else ''}", seconds, queries, n)
        seconds, queries, _r = measure(structures, home, main_locale)
        report("first import, 21 regions", seconds, queries, len(structures))
        revisions = Revision.objects.count()
        seconds, queries, _r = measure(structures, home, main_locale)
        written = Revision.objects.count() - revisions
        report("again, unchanged", seconds, queries, len(structures), f", {written} revisions written")
        one = converter.structure(changed(datas[0]))
        seconds, queries, _r = measure([one], home, main_locale)
        report("one region changed (alone)", seconds, queries, 1)
        batch = [converter.structure(own_ids(d, "each")) for d in national]
        seconds, queries, result = measure(batch, home, main_locale, per_region=True)
        ok = sum(1 for o in result.outcomes if o.ok)
        report("first import, per region", seconds, queries, len(batch), f", {ok} of {len(batch)} committed")
        print(f"  (load average {os.getloadavg()[0]:.1f} at the end)")

        if not quick:
            grow(datas[0], home, main_locale)
    finally:
        connection.creation.destroy_test_db(pg_name if db == "postgres" else ":memory:", verbosity=0)
    return 0


def grow(base: dict[str, Any], home: Any, main_locale: Any) -> None:
    from kultursamverkan import converter

    print("\none region, growing: queries against bodies (first import, sv + en)")
    print(f"{'bodies':>7} {'snippets':>9} {'queries':>8} {'seconds':>8}")
    rows = []
    for n in (12, 48, 192, 768):
        structure = converter.structure(with_bodies(base, n))
        seconds, queries, _r = measure([structure], home, main_locale)
        rows.append((n, queries))
        print(f"{n:7d} {len(structure.organisations) + len(structure.people):9d} {queries:8d} {seconds:8.2f}")
    (n0, q0), (n1, q1) = rows[0], rows[-1]
    print(f"queries per extra body: {(q1 - q0) / (n1 - n0):.3f} (bodies are blocks in one StreamField)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=("both", "sqlite", "postgres"), default="both")
    parser.add_argument("--pg-name", default="bench_ks_imports", help="the PostgreSQL database to create and drop")
    parser.add_argument("--quick", action="store_true", help="skip the growing region")
    args = parser.parse_args()
    if args.db != "both":
        return bench(args.db, args.pg_name, args.quick)
    status = 0
    for db in ("sqlite", "postgres"):  # each in a process of its own: Django is configured once per process
        quick = ["--quick"] if args.quick else []
        command = [sys.executable, __file__, "--db", db, "--pg-name", args.pg_name, *quick]
        status = status or subprocess.call(command)
        print()
    return status


if __name__ == "__main__":
    raise SystemExit(main())
