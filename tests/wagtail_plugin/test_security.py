"""Whatever an editor types renders inert, and editors without permission cannot change the snippets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

import kultursamverkan
from kultursamverkan import converter
from wagtail_kultursamverkan.blocks import KULTURSAMVERKAN_BLOCKS
from wagtail_kultursamverkan.models import Organisation, Person, PlanPage, RegionIndexPage, StructurePage

from .helpers import region_page, structure_page

REGIONS = Path(__file__).resolve().parents[2] / "examples" / "regions"
HOSTILE = "\"'><script>alert(1)</script><img src=x onerror=alert(2)></script><!--"
BAD_URL = "javascript:alert(3)"


def _hostile(data: Any, key: str = "") -> Any:
    """Every piece of text an editor types replaced by markup that tries to break out."""
    if isinstance(data, dict):
        if set(data) <= {"sv", "en"} and data:
            return dict.fromkeys(data, HOSTILE)
        return {k: _hostile(v, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_hostile(v, key) for v in data]
    if key == "url":
        return BAD_URL
    if key == "name" and isinstance(data, str):  # a person's name
        return HOSTILE
    return data


def _hostile_structure() -> kultursamverkan.Structure:
    data = _hostile(converter.unstructure(kultursamverkan.load(REGIONS / "orebro.yaml")))
    return converter.structure(data)


def _assert_inert(content: bytes) -> BeautifulSoup:
    soup = BeautifulSoup(content, "html.parser")
    scripts = soup.find_all("script")
    assert all(s.get("type") == "application/ld+json" for s in scripts), [str(s)[:80] for s in scripts]
    for script in scripts:
        assert "</" not in script.string
        assert "<!--" not in script.string
        json.loads(script.string)  # still valid JSON
    assert not soup.find_all("img")
    for tag in soup.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on")], tag.name
        for attr in ("href", "src", "action", "formaction", "xlink:href"):
            assert not str(tag.get(attr, "")).strip().lower().startswith("javascript:"), tag
    assert HOSTILE not in content.decode()  # never written raw
    return soup


@pytest.mark.django_db
def test_every_editor_typed_field_renders_inert_on_every_page(client) -> None:  # type: ignore[no-untyped-def]
    structure = _hostile_structure()
    index = region_page(structure)
    index.title = HOSTILE
    index.save_revision().publish()
    page = structure_page(structure, RegionIndexPage.objects.get(pk=index.pk))
    page.title = HOSTILE
    page.seo_title = HOSTILE
    page.save_revision().publish()
    plan = PlanPage.objects.child_of(page).first()  # structure_page made a plan page per plan
    for target in (RegionIndexPage, StructurePage, PlanPage):
        live = target.objects.live().first()
        response = client.get(live.url)
        assert response.status_code == 200, target
        soup = _assert_inert(response.content)
        assert HOSTILE in soup.get_text(), target  # shown as text
    ld = json.loads(
        BeautifulSoup(client.get(plan.url).content, "html.parser").find("script", type="application/ld+json").string
    )
    assert HOSTILE in json.dumps(ld, ensure_ascii=False)  # kept as data


@pytest.mark.django_db
def test_display_blocks_render_hostile_data_and_headings_inert() -> None:
    page = structure_page(_hostile_structure())
    for _name, block in KULTURSAMVERKAN_BLOCKS:
        value = block.to_python({"page": page.pk, "heading": {"sv": HOSTILE, "en": HOSTILE}})
        html = block.render(value, context={})
        _assert_inert(html.encode())
        assert HOSTILE in BeautifulSoup(html, "html.parser").get_text()


# ------------------------------------------------------------------ permissions


def _editor(*codenames: str) -> Any:
    """An admin user in a group that may use the admin and holds only ``codenames`` on the snippets."""
    group = Group.objects.create(name="Redaktörer " + "-".join(codenames))
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in codenames:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtail_kultursamverkan", codename=codename)
        )
    user = get_user_model().objects.create_user(f"editor{len(codenames)}", "e@example.org", "pw")
    user.groups.add(group)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Organisation, Person], ids=lambda m: m.__name__)
def test_an_editor_without_permission_cannot_change_the_snippets(client, model: type) -> None:  # type: ignore[no-untyped-def]
    structure_page(kultursamverkan.load(REGIONS / "orebro.yaml"))
    obj = model.objects.first()
    model.objects.filter(pk=obj.pk).update(region=None)  # shared: no region's editor owns it
    obj.refresh_from_db()
    before = {f.name: getattr(obj, f.name) for f in model._meta.concrete_fields}
    name = model._meta.model_name
    edit = reverse(f"wagtailsnippets_wagtail_kultursamverkan_{name}:edit", args=[obj.pk])
    delete = reverse(f"wagtailsnippets_wagtail_kultursamverkan_{name}:delete", args=[obj.pk])
    client.force_login(_editor())
    assert client.get(edit).status_code in (302, 403)
    client.post(edit, {"identifier": "changed", "name": "changed", "kind": "municipality"})
    client.post(delete)
    obj.refresh_from_db()
    assert {f.name: getattr(obj, f.name) for f in model._meta.concrete_fields} == before

    # A shared snippet: editing it also needs the shared permission.
    client.force_login(_editor(f"change_{name}", f"change_shared_{name}"))
    assert client.get(edit).status_code == 200  # the permission is what made the difference
