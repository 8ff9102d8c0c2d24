"""Import benchmark: time and database queries to import the synthetic 21-region national set.

Imports into a fresh in-memory SQLite database with the Wagtail plugin, sv pages
plus their en translations, all 21 regions in one transaction; then again (nothing
changes); then one region grown to ever more bodies, to show how queries grow with
bodies. Run with ``tox -e bench-import``.
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path
from typing import Any

import django
from django.conf import settings

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import national_set  # noqa: E402


def configure() -> None:
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
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
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


def own_ids(data: dict[str, Any]) -> dict[str, Any]:
    """The region with its organisations' and people's ids prefixed, so that regions share no snippets."""
    data = copy.deepcopy(data)
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


def measure(structures: list[Any], parent: Any, main: Any) -> tuple[float, int]:
    from django.db import connection

    from wagtail_kultursamverkan import importing

    sources = [importing.Source(f"{s.id}.yaml", s) for s in structures]
    count = 0

    def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    start = time.perf_counter()
    with connection.execute_wrapper(counter):
        importing.run(sources, parent, main)
    return time.perf_counter() - start, count


def main() -> int:
    argparse.ArgumentParser(description=__doc__).parse_args()
    configure()
    from django.core.management import call_command
    from wagtail.models import Locale, Site

    from kultursamverkan import converter

    call_command("migrate", verbosity=0)
    Locale.objects.get_or_create(language_code="en")
    home = Site.objects.get(is_default_site=True).root_page
    home.copy_for_translation(Locale.objects.get(language_code="en")).save_revision().publish()
    main_locale = Locale.objects.get(language_code="sv")

    datas = [own_ids(d) for d in national_set()]
    structures = [converter.structure(d) for d in datas]
    bodies = sum(len(s.bodies) for s in structures)
    snippets = sum(len(s.organisations) + len(s.people) for s in structures)
    print(
        f"national set: {len(structures)} regions, {bodies} bodies, {snippets} organisations and people; "
        "sv pages and en translations, one transaction"
    )
    seconds, queries = measure(structures, home, main_locale)
    print(f"  first import: {seconds:6.2f} s, {queries:6d} queries ({queries / len(structures):.0f} per region)")
    seconds, queries = measure(structures, home, main_locale)
    print(f"  again (no changes): {seconds:6.2f} s, {queries:6d} queries ({queries / len(structures):.0f} per region)")

    print("\none region, growing: queries against bodies (first import, sv + en)")
    print(f"{'bodies':>7} {'snippets':>9} {'queries':>8} {'seconds':>8}")
    rows = []
    base = datas[0]
    for n in (12, 48, 192, 768):
        structure = converter.structure(with_bodies(base, n))
        seconds, queries = measure([structure], home, main_locale)
        rows.append((n, queries))
        print(f"{n:7d} {len(structure.organisations) + len(structure.people):9d} {queries:8d} {seconds:8.2f}")
    (n0, q0), (n1, q1) = rows[0], rows[-1]
    print(f"queries per extra body: {(q1 - q0) / (n1 - n0):.3f} (bodies are blocks in one StreamField)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
