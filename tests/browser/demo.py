"""The demo site (``examples/demo``) for the browser tests: its setup step on a fresh SQLite database, then runserver.

``demo_setup`` migrates, creates the admin user and imports the five regions in sv and en,
exactly as ``tox -e demo`` does; ``runserver`` serves it on a free port of 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .pages import ROOT

DEMO = ROOT / "examples" / "demo"
USERNAME, PASSWORD = "admin", "kultursamverkan"
#: Base URL of a running demo → the environment its manage.py runs with (its database).
RUNNING: dict[str, dict[str, str]] = {}
#: Base URL of a running demo → its runserver log, for a failing test to quote.
RUNNING_LOGS: dict[str, Path] = {}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def demo_site(workdir: Path) -> Iterator[str]:
    """Set the demo up in ``workdir`` and serve it; yields its base URL, stops the server after."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}", "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, "manage.py"]
    setup = subprocess.run([*manage, "demo_setup"], cwd=DEMO, env=env, capture_output=True, text=True, check=False)
    if setup.returncode:
        raise RuntimeError(f"demo_setup failed:\n{setup.stdout}\n{setup.stderr}")
    port = free_port()
    log = (workdir / "runserver.log").open("w")
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], cwd=DEMO, env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/sv/", timeout=5).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"runserver did not start: {(workdir / 'runserver.log').read_text()}") from None
                time.sleep(0.5)
        RUNNING[base] = env
        RUNNING_LOGS[base] = workdir / "runserver.log"
        yield base
    finally:
        RUNNING.pop(base, None)
        RUNNING_LOGS.pop(base, None)
        server.terminate()
        server.wait(timeout=20)
        log.close()


def manage_shell(base: str, code: str) -> str:
    """Run Python in ``manage.py shell`` against the demo served at ``base``; its output."""
    command = [sys.executable, "manage.py", "shell", "-c", code]
    done = subprocess.run(command, cwd=DEMO, env=RUNNING[base], capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"manage.py shell failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def pages_by_type(base: str) -> dict[str, list[str]]:
    """Every live page's path (``/sv/…``), by Wagtail page type, from the demo's API."""
    out: dict[str, list[str]] = {}
    offset = 0
    while True:
        url = f"{base}/api/v2/pages/?limit=20&offset={offset}"
        with urllib.request.urlopen(url, timeout=30) as response:
            data: dict[str, Any] = json.load(response)
        for item in data["items"]:
            path = "/" + item["meta"]["html_url"].split("/", 3)[3]
            out.setdefault(item["meta"]["type"], []).append(path)
        offset += len(data["items"])
        if not data["items"] or offset >= data["meta"]["total_count"]:
            return out


def log_in(page: Any, base: str) -> None:
    """Log in to the Wagtail admin as the demo's admin user."""
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", USERNAME)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
