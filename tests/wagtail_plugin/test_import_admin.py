"""The admin import view: permission, preview before writing, drafts on confirmation, upload limits."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail.users.models import UserProfile

import kultursamverkan
from wagtail_kultursamverkan import admin_views
from wagtail_kultursamverkan.models import Organisation, RegionIndexPage, StructurePage

from .helpers import site_root

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "regions" / "halland.yaml"
URL = "/admin/kultursamverkan/import/"


def _user(name: str, *, can_import: bool, superuser: bool = False):  # type: ignore[no-untyped-def]
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw", is_superuser=superuser)
    group = Group.objects.create(name=f"editors-{name}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    # Rights in the whole tree (the English one too) and on the snippets: what the import needs.
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=Page.get_first_root_node(), permission=Permission.objects.get(codename=codename)
        )
    for codename in ("add_organisation", "change_organisation", "add_person", "change_person"):
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtail_kultursamverkan", codename=codename)
        )
    if can_import:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtail_kultursamverkan", codename="import_structures")
        )
    user.groups.add(group)
    return user


def _upload(client, name: str = "halland.yaml", data: bytes | None = None, parent: Page | None = None):  # type: ignore[no-untyped-def]
    data = EXAMPLE.read_bytes() if data is None else data
    file = SimpleUploadedFile(name, data, content_type="application/yaml")
    return client.post(URL, {"parent": (parent or site_root()).pk, "file": file})


def _written() -> tuple[int, int]:
    return Page.objects.count(), Organisation.objects.count()


@pytest.fixture
def english(db: None) -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def importer(client, english):  # type: ignore[no-untyped-def]
    client.force_login(_user("importer", can_import=True))
    return client


def test_the_url_is_where_the_docs_say() -> None:
    assert reverse("wagtail_kultursamverkan_import") == URL


@pytest.mark.django_db
def test_the_permission_comes_with_the_migrations_and_is_offered_under_groups() -> None:
    from wagtail import hooks

    permission = Permission.objects.get(codename="import_structures")  # no view has run: migrate made it
    assert permission.content_type.model_class() is StructurePage
    assert permission.name == "Can import structure files"
    assert admin_views.import_permission() == permission
    offered = [p for hook in hooks.get_hooks("register_permissions") for p in hook()]
    assert permission in offered


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_log_in(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert _upload(client).status_code == 302


@pytest.mark.django_db
def test_editors_without_the_permission_get_403(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(_user("editor", can_import=False))
    assert client.get(URL).status_code == 403
    before = _written()
    assert _upload(client).status_code == 403
    assert client.post(URL, {"confirm": "1", "token": "x"}).status_code == 403
    assert _written() == before
    menu = client.get("/admin/")
    assert URL not in menu.content.decode()


@pytest.mark.django_db
def test_importers_see_the_menu_item_and_the_form(importer) -> None:  # type: ignore[no-untyped-def]
    assert URL in importer.get("/admin/").content.decode()
    response = importer.get(URL)
    assert response.status_code == 200
    assert b'type="file"' in response.content


@pytest.mark.django_db
def test_superusers_may_import(client, english) -> None:  # type: ignore[no-untyped-def]
    client.force_login(_user("root", can_import=False, superuser=True))
    assert client.get(URL).status_code == 200


@pytest.mark.django_db
def test_an_invalid_file_shows_its_problems_and_writes_nothing(importer) -> None:  # type: ignore[no-untyped-def]
    before = _written()
    bad = EXAMPLE.read_bytes().replace(b'as_of: "2020"', b"as_of: [2020]", 1)
    response = _upload(importer, data=bad)
    assert response.status_code == 400
    text = response.content.decode()
    assert "halland.yaml" in text
    # Located by the field's label and said in the admin's Swedish, not as "$.as_of: expected …".
    assert "Uppgifterna aktuella per: ska vara" in html.unescape(text)
    assert "$.as_of" not in text
    assert "expected" not in text
    assert _written() == before
    assert _upload(importer, name="halland.txt").status_code == 400


@pytest.mark.django_db
def test_preview_then_confirm_creates_drafts(importer) -> None:  # type: ignore[no-untyped-def]
    before = _written()
    structure = kultursamverkan.load(EXAMPLE)
    preview = _upload(importer)
    assert preview.status_code == 200
    assert _written() == before  # the preview writes nothing
    text = preview.content.decode()
    assert structure.name.text("sv") in text
    assert "<table" in text
    token = preview.context["token"]
    response = importer.post(URL, {"confirm": "1", "token": token})
    assert response.status_code == 302
    pages = StructurePage.objects.filter(identifier=structure.id)
    assert {p.locale.language_code for p in pages} == {"sv", "en"}
    assert not any(p.live for p in pages)
    assert not any(p.live for p in RegionIndexPage.objects.all())
    assert all(p.latest_revision_id for p in pages)
    assert not default_storage.listdir(admin_views.STORAGE_DIR)[1]  # the upload is gone
    # A second confirmation of the same token does nothing.
    again = importer.post(URL, {"confirm": "1", "token": token})
    assert again.status_code == 302
    assert StructurePage.objects.filter(identifier=structure.id).count() == 2


@pytest.mark.django_db
def test_cancel_writes_nothing(importer) -> None:  # type: ignore[no-untyped-def]
    before = _written()
    preview = _upload(importer)
    importer.post(URL, {"cancel": "1", "token": preview.context["token"]})
    assert _written() == before
    assert not default_storage.listdir(admin_views.STORAGE_DIR)[1]


@pytest.mark.django_db
def test_another_session_cannot_confirm(importer, client, english) -> None:  # type: ignore[no-untyped-def]
    token = _upload(importer).context["token"]
    other = client.__class__()
    other.force_login(_user("other", can_import=True))
    before = _written()
    other.post(URL, {"confirm": "1", "token": token})
    assert _written() == before


@pytest.mark.django_db
def test_too_large_uploads_are_refused(importer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(admin_views, "UPLOAD_LIMIT", 1024 * 1024)
    before = _written()
    response = _upload(importer, data=EXAMPLE.read_bytes() + b"#" * (1024 * 1024))
    assert response.status_code == 400
    assert "Filen är större än 1 MiB." in response.content.decode()  # the admin speaks Swedish by default
    assert _written() == before


@pytest.mark.django_db
def test_uploads_stay_in_memory(importer, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1  # Django's own handlers would write a temporary file
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    assert _upload(importer).status_code == 200
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_a_parent_the_user_may_not_add_to_is_refused(client, english) -> None:  # type: ignore[no-untyped-def]
    user = _user("limited", can_import=True)
    GroupPagePermission.objects.filter(group__user=user).delete()
    client.force_login(user)
    before = _written()
    assert _upload(client).status_code == 400
    assert _written() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("en", "Structure file"),
        ("sv", "Strukturfil"),
    ],
)
def test_labels_follow_the_admin_language(importer, language: str, label: str) -> None:  # type: ignore[no-untyped-def]
    response = importer.get(URL)
    profile = UserProfile.get_for_user(response.wsgi_request.user)
    profile.preferred_language = language
    profile.save()
    assert label in importer.get(URL).content.decode()


@pytest.mark.django_db
def test_the_preview_lists_plan_pages_and_confirming_makes_them_drafts(importer) -> None:  # type: ignore[no-untyped-def]
    from wagtail_kultursamverkan.models import PlanPage

    structure = kultursamverkan.load(EXAMPLE)
    preview = _upload(importer)
    plans = [c for c in preview.context["changes"] if c.kind == "plan"]
    assert sorted((c.identifier, c.locale) for c in plans) == sorted(
        (p.id, code) for p in structure.plans for code in ("sv", "en")
    )
    text = preview.content.decode()
    for plan in structure.plans:
        assert plan.name.text("sv") in text
    importer.post(URL, {"confirm": "1", "token": preview.context["token"]})
    pages = PlanPage.objects.all()
    assert len(pages) == 2 * len(structure.plans)
    assert not any(p.live for p in pages)
    assert all(p.get_parent().specific_class is StructurePage for p in pages)
