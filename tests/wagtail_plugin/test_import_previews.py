"""Unconfirmed import previews expire after a day: the next upload and a management command delete them."""

from __future__ import annotations

import datetime as dt
import time
from io import StringIO
from typing import Any
from unittest import mock

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale

from wagtail_kultursamverkan.models import StructurePage

from .helpers import admin_user, site_root
from .readers import EXAMPLE, IMPORT_URL, admin_preview

DIR = "kultursamverkan-imports"
LATER = dt.timedelta(hours=25)


def _stored() -> set[str]:
    try:
        return set(default_storage.listdir(DIR)[1])
    except FileNotFoundError:
        return set()


def _preview(client: Any) -> tuple[str, set[str]]:
    """Upload the example: the preview's token and the file names it stored."""
    before = _stored()
    response = admin_preview(client, EXAMPLE, site_root())
    assert response.status_code == 200
    return response.context["token"], _stored() - before


@pytest.fixture
def editors(client, db):  # type: ignore[no-untyped-def]
    Locale.objects.get_or_create(language_code="en")
    client.force_login(admin_user())
    from django.test import Client

    other = Client()
    other.force_login(admin_user(username="other"))
    return client, other


def _a_day_later() -> Any:
    """The clock a day and an hour on: Django's (``timezone.now``) and the system's (``time.time``)."""
    now, wall = timezone.now(), time.time()
    return mock.patch.multiple("django.utils.timezone", now=mock.Mock(return_value=now + LATER)), mock.patch(
        "time.time", return_value=wall + LATER.total_seconds()
    )


@pytest.mark.django_db
def test_the_next_upload_deletes_previews_older_than_a_day(editors) -> None:  # type: ignore[no-untyped-def]
    first, second = editors
    _token, stale = _preview(first)
    assert stale
    _token, fresh = _preview(second)
    assert fresh
    assert stale <= _stored()  # not a day old yet: kept
    clock, wall = _a_day_later()
    with clock, wall:
        _token, newest = _preview(second)
    assert not (stale & _stored())
    assert newest <= _stored()


@pytest.mark.django_db
def test_an_expired_preview_cannot_be_confirmed(editors) -> None:  # type: ignore[no-untyped-def]
    client, _other = editors
    token, stored = _preview(client)
    clock, wall = _a_day_later()
    with clock, wall:
        response = client.post(IMPORT_URL, {"confirm": "1", "token": token}, follow=True)
    assert response.status_code == 200
    assert not StructurePage.objects.exists()
    assert not (stored & _stored())


@pytest.mark.django_db
def test_the_cleanup_command_deletes_expired_previews_only(editors) -> None:  # type: ignore[no-untyped-def]
    client, other = editors
    _token, old = _preview(client)
    out = StringIO()
    call_command("kultursamverkan_cleanup_imports", stdout=out)
    assert old <= _stored()  # younger than a day
    clock, wall = _a_day_later()
    with clock, wall:
        call_command("kultursamverkan_cleanup_imports", stdout=out)
    assert not (old & _stored())
    assert out.getvalue().splitlines()[-1].startswith("deleted ")
    _token, young = _preview(other)
    call_command("kultursamverkan_cleanup_imports", hours=0, stdout=out)
    assert not (young & _stored())
