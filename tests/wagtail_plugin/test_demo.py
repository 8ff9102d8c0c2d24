"""Smoke test of the demo site (``tox -e demo``): its setup step against a fresh database, then every page.

Runs in a subprocess, since the demo has its own settings. On PostgreSQL
(``KULTURSAMVERKAN_TEST_DB=postgres``) it uses a throwaway database on the test server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

#: The demo's setup migrates a database of its own from nothing.
pytestmark = pytest.mark.migrations

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo"
EXAMPLES = sorted((ROOT / "examples" / "regions").glob("*.yaml"))

# Run demo_setup; edit a page as an editor would and run it again (the edit must stay); then with
# --reimport (the file wins again); then fetch pages with Django's test client.
SCRIPT = r"""
import io, json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "demo.settings"
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page
from wagtail_kultursamverkan.models import ComparisonPage, Organisation, StructurePage

out = io.StringIO()
call_command("demo_setup", "--port", "8123", stdout=out)
first = (Page.objects.count(), Organisation.objects.count())
edited = StructurePage.objects.filter(locale__language_code="sv").order_by("path").first()
original_title = edited.title
edited.title = "Ändrad i redigeringsgränssnittet"
edited.save_revision().publish()
again = io.StringIO()
call_command("demo_setup", "--port", "8123", stdout=again)
kept_title = StructurePage.objects.get(pk=edited.pk).title
counts_again = (Page.objects.count(), Organisation.objects.count())
reimport = io.StringIO()
call_command("demo_setup", "--port", "8123", "--reimport", stdout=reimport)
reimported_title = StructurePage.objects.get(pk=edited.pk).title
from wagtail.models import Site
site = Site.objects.get(is_default_site=True)
client = Client()
pages = {}
for page in StructurePage.objects.live().select_related("locale"):
    response = client.get(page.url)
    body = response.content.decode()
    pages[f"{page.identifier}/{page.locale.language_code}"] = {
        "status": response.status_code, "url": page.url, "title": page.title, "in_body": page.title in body,
        "lang": f'<html lang="{page.locale.language_code}"' in body,
    }
comparisons = {}
for page in ComparisonPage.objects.live().select_related("locale"):
    response = client.get(page.url)
    body = response.content.decode()
    comparisons[page.locale.language_code] = {
        "status": response.status_code, "title": page.title, "columns": body.count('<th scope="col">'),
        "csv": client.get(page.url + "export/csv/").status_code,
    }
api = client.get("/api/v2/pages/?type=wagtail_kultursamverkan.StructurePage&fields=kultursamverkan&limit=20")
home = client.get("/", follow=True)

# The README's manage.py commands, as written (they run in examples/demo).
import glob, re, shlex
readme = open(os.path.join("..", "..", "README.md"), encoding="utf-8").read()
commands = []
for line in re.findall(r"^\S*python manage\.py (kultursamverkan_\S+.*)$", readme, re.M):
    words = []
    for word in shlex.split(line):
        words.extend(sorted(glob.glob(word)) if "*" in word else [word])
    buffer = io.StringIO()
    try:
        call_command(*words, stdout=buffer, stderr=buffer)
        commands.append([line, 0, buffer.getvalue()[-500:]])
    except BaseException as exc:
        commands.append([line, 1, repr(exc) + buffer.getvalue()[-500:]])
print(json.dumps({
    "setup": out.getvalue(), "again": again.getvalue(), "reimport": reimport.getvalue(),
    "titles": [original_title, kept_title, reimported_title], "site": [site.hostname, site.port],
    "counts": [first, counts_again, (Page.objects.count(), Organisation.objects.count())],
    "pages": pages, "comparisons": comparisons,
    "api": [api.status_code, api.json()["meta"]["total_count"] if api.status_code == 200 else None],
    "home": [home.status_code, home.redirect_chain], "commands": commands,
}))
"""


def _postgres_url() -> Iterator[str]:
    import psycopg

    host = os.environ.get("KULTURSAMVERKAN_PG_HOST", "127.0.0.1")
    port = os.environ.get("KULTURSAMVERKAN_PG_PORT", "5432")
    user = os.environ.get("KULTURSAMVERKAN_PG_USER", "postgres")
    name = f"test_demo_{uuid.uuid4().hex[:8]}"
    admin = f"host={host} port={port} user={user} dbname={os.environ.get('KULTURSAMVERKAN_PG_NAME', 'test')}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{user}@{host}:{port}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if os.environ.get("KULTURSAMVERKAN_TEST_DB") == "postgres":
        yield from _postgres_url()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}"


@pytest.fixture(scope="module")
def demo(database_url: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(DEMO), os.environ.get("PYTHONPATH")])),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=DEMO, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_setup_prints_the_admin_login_at_the_chosen_port(demo: dict) -> None:
    assert "user 'admin', password 'kultursamverkan'" in demo["setup"]
    assert "Admin:  http://127.0.0.1:8123/admin/" in demo["setup"]
    assert demo["site"] == ["127.0.0.1", 8123]
    assert "[5/5]" in demo["setup"]


def test_setup_again_keeps_what_an_editor_changed(demo: dict) -> None:
    original, kept, reimported = demo["titles"]
    assert kept == "Ändrad i redigeringsgränssnittet"
    assert "regions: not imported, the database has structure pages already" in demo["again"]
    assert "[1/5]" not in demo["again"]
    first, again, after_reimport = demo["counts"]
    assert first == again == after_reimport
    # Only with --reimport do the files win again: the one edited page is updated, in its one language.
    assert reimported == original
    assert "imported 5 regions: 0 created, 1 updated" in demo["reimport"]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_each_region_page_is_served_in_both_languages(demo: dict, path: Path, language: str) -> None:
    import kultursamverkan

    structure = kultursamverkan.load(path)
    page = demo["pages"][f"{structure.id}/{language}"]
    assert page["status"] == 200, page
    assert page["url"].startswith(f"/{language}/")
    assert page["title"] == structure.name.text(language)
    assert page["in_body"]
    assert page["lang"]


def test_the_comparison_page_shows_every_region_in_both_languages(demo: dict) -> None:
    assert "comparison page: created" in demo["setup"]
    assert "comparison page" not in demo["again"]  # made once
    assert demo["comparisons"] == {
        "sv": {"status": 200, "title": "Jämför regionerna", "columns": len(EXAMPLES), "csv": 200},
        "en": {"status": 200, "title": "Compare the regions", "columns": len(EXAMPLES), "csv": 200},
    }


def test_the_api_lists_the_structure_pages(demo: dict) -> None:
    assert demo["api"] == [200, 2 * len(EXAMPLES)]


def test_the_home_page_redirects_to_a_language(demo: dict) -> None:
    status, chain = demo["home"]
    assert status == 200
    assert chain[0][0] in ("/sv/", "/en/")


def test_the_readme_manage_py_commands_run_as_written(demo: dict) -> None:
    assert len(demo["commands"]) >= 2
    for line, status, output in demo["commands"]:
        assert status == 0, (line, output)
    exported = next(out for line, _, out in demo["commands"] if "export" in line)
    assert '\nid = "' in exported  # TOML, cut to its end
