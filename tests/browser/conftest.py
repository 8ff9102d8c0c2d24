"""Chromium for the browser tests: Debian's binary, driven by Playwright; skipped when it is not here.

Nothing is downloaded: Playwright launches ``/usr/bin/chromium`` (``KULTURSAMVERKAN_CHROMIUM``
overrides it), and axe-core comes from ``npm ci`` in this folder (``tox -e browser`` runs it).
A machine without Chromium, Playwright or axe-core skips every test here with one message
saying what to install; CI installs all three.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .pages import ARTIFACTS

HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("KULTURSAMVERKAN_CHROMIUM", "/usr/bin/chromium")

#: The closed network refuses Chromium's own connections; these flags stop it making any.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
]


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if importlib.util.find_spec("playwright") is None:
        return "the browser tests need Playwright for Python: run them with `tox -e browser`"
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)) and shutil.which(CHROMIUM) is None:
        return f"no Chromium at {CHROMIUM}: `apt-get install chromium` (or set KULTURSAMVERKAN_CHROMIUM)"
    if not AXE_JS.is_file():
        return f"axe-core is not installed: `npm ci --prefix {HERE.relative_to(HERE.parents[1])}` (needs Node.js)"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session, with a fresh, empty profile."""
    reason = missing()
    if reason:
        pytest.skip(reason)
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source(browser: Any) -> str:
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots and axe reports go: ``artifacts/browser/`` (git-ignored, kept by CI)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def demo(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo site, set up on a fresh database and served on 127.0.0.1; its base URL."""
    if importlib.util.find_spec("wagtail") is None:
        pytest.skip("the demo needs Wagtail: pip install 'kultursamverkan[wagtail]' (tox -e browser does)")
    from .demo import demo_site

    with demo_site(tmp_path_factory.mktemp("demo")) as base:
        yield base


@pytest.fixture(scope="session")
def admin_state(browser: Any, demo: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A logged-in admin session (cookies) in Swedish, for new browser contexts: ``storage_state=``."""
    from .demo import log_in

    context = browser.new_context(locale="sv-SE")
    try:
        page = context.new_page()
        log_in(page, demo)
        path = tmp_path_factory.mktemp("admin") / "state.json"
        context.storage_state(path=str(path))
    finally:
        context.close()
    return str(path)
