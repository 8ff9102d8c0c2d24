"""What readers and editors get over HTTP, for the tests of issue 12 (drafts, permissions, privacy, input).

Kept to behaviour (the test client, the management command, parsed HTML, the API's JSON)
so that the tests hold through a redesign of the plugin's internals.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import GroupPagePermission, Page

import kultursamverkan
from kultursamverkan import converter

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "regions" / "halland.yaml"
#: A plan of halland.yaml that only its collaboration's ``documents`` refers to.
REMOVED_PLAN = "handlingsplan-sydsverige"


def halland_data() -> dict[str, Any]:
    return converter.unstructure(kultursamverkan.load(EXAMPLE))


def write(tmp_path: Path, data: dict[str, Any], name: str = "halland.yaml") -> Path:
    """``data`` as a core file (validated on the way)."""
    path = tmp_path / name
    path.write_text(kultursamverkan.dumps(converter.structure(data, kultursamverkan.Structure), "yaml"))
    return path


def without_plan(data: dict[str, Any], plan_id: str = REMOVED_PLAN) -> dict[str, Any]:
    """The structure without one plan and without the mentions of it in ``documents``."""
    data = json.loads(json.dumps(data))
    data["plans"] = [p for p in data["plans"] if p["id"] != plan_id]
    for collaboration in data.get("collaborations", ()):
        if "documents" in collaboration:
            collaboration["documents"] = [d for d in collaboration["documents"] if d != plan_id]
    return data


def run_import(*paths: Path, **options: Any) -> tuple[str, str]:
    """``manage.py kultursamverkan_import`` under the site's home page: (stdout, stderr); raises CommandError."""
    out, err = StringIO(), StringIO()
    call_command("kultursamverkan_import", *map(str, paths), parent="/", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def refused_import(*paths: Path, **options: Any) -> str:
    """The problems printed by an import that must be refused."""
    err = StringIO()
    try:
        call_command("kultursamverkan_import", *map(str, paths), parent="/", stdout=StringIO(), stderr=err, **options)
    except CommandError as exc:
        return err.getvalue() + str(exc)
    raise AssertionError("the import was not refused")


def reader_view(client: Any, page: Page) -> dict[str, Any]:
    """What an anonymous reader gets for ``page``: its status, text, JSON-LD and API data."""
    client.logout()
    response = client.get(page.url)
    soup = BeautifulSoup(response.content, "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    api = client.get(f"/api/v2/pages/{page.pk}/?fields=kultursamverkan")
    return {
        "status": response.status_code,
        "text": " ".join(soup.get_text(" ").split()),
        "jsonld": [json.loads(s.string) for s in scripts],
        "api_status": api.status_code,
        "api": api.json().get("kultursamverkan") if api.status_code == 200 else None,
    }


def editor(name: str, *, pages: dict[Page, tuple[str, ...]] = {}, snippets: tuple[str, ...] = ()) -> Any:  # noqa: B006
    """An admin user allowed to import, with ``pages``' page permissions (add, change, publish, …) and ``snippets``'."""
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
    group = Group.objects.create(name=f"group-{name}")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtail_kultursamverkan", codename="import_structures")
    )
    for page, actions in pages.items():
        for action in actions:
            GroupPagePermission.objects.create(
                group=group, page=page, permission=Permission.objects.get(codename=f"{action}_page")
            )
    for codename in snippets:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtail_kultursamverkan", codename=codename)
        )
    user.groups.add(group)
    return user


ALL_SNIPPET_RIGHTS = ("add_organisation", "change_organisation", "add_person", "change_person")
ALL_PAGE_RIGHTS = ("add", "change", "publish", "bulk_delete")


IMPORT_URL = "/admin/kultursamverkan/import/"


def admin_preview(client: Any, path: Path, parent: Page) -> Any:
    """Upload ``path`` to the admin's import view: the preview (or the form with its problems)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/yaml")
    return client.post(IMPORT_URL, {"parent": parent.pk, "file": upload})


def admin_import(client: Any, path: Path, parent: Page) -> Any:
    """Upload ``path`` and confirm it, as an editor does: the import as drafts."""
    preview = admin_preview(client, path, parent)
    assert preview.status_code == 200, preview.content.decode()[:2000]
    return client.post(IMPORT_URL, {"confirm": "1", "token": preview.context["token"]})
