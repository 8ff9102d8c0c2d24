"""The app's migrations match its models."""

from __future__ import annotations

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from io import StringIO

from django.core.management import call_command


@pytest.mark.django_db
def test_makemigrations_check_is_clean() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "wagtail_kultursamverkan", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"models and migrations differ (exit {exit_.code}):\n{out.getvalue()}")


@pytest.mark.django_db
def test_migrations_apply_and_system_checks_pass() -> None:
    call_command("check", "--fail-level", "WARNING")
