"""The snippet admin's search finds organisations and people by name and by id (a 500 before: field-limited
search over the SQLite full-text index asked for columns the index does not have)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from wagtail.models import Locale

from wagtail_kultursamverkan.models import Organisation, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):  # type: ignore[no-untyped-def]
    User.objects.create_superuser("admin", "admin@example.se", "pw")
    client.login(username="admin", password="pw")
    return client


@pytest.mark.parametrize(
    ("model", "fields", "query", "found", "not_found"),
    [
        (Organisation, {"identifier": "halmstads-kommun", "name": "Halmstads kommun", "kind": "municipality"},
         "Halmstad", "Halmstads kommun", "Kungsbacka kommun"),
        (Organisation, {"identifier": "halmstads-kommun", "name": "Halmstads kommun", "kind": "municipality"},
         "halmstads-kommun", "Halmstads kommun", "Kungsbacka kommun"),
        (Person, {"identifier": "anna-andersson", "name": "Anna Andersson"},
         "Anna", "Anna Andersson", "Kungsbacka kommun"),
    ],
)  # fmt: skip
def test_search_finds_by_name_and_id(admin_client, model, fields, query, found, not_found) -> None:  # type: ignore[no-untyped-def]
    locale = Locale.get_default()
    model.objects.create(locale=locale, **fields)
    Organisation.objects.create(
        locale=locale, identifier="kungsbacka-kommun", name="Kungsbacka kommun", kind="municipality"
    )
    url = f"/admin/snippets/wagtail_kultursamverkan/{model._meta.model_name}/"
    response = admin_client.get(url, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert found in html
    assert not_found not in html
