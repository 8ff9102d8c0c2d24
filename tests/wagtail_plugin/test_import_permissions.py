"""The import does what its user could do by hand in the admin, or nothing: Wagtail's page and snippet permissions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")
pytest.importorskip("bs4", reason="the tests parse HTML with beautifulsoup4")

from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from wagtail.models import Locale, Page, Revision

from wagtail_kultursamverkan.models import Organisation, Person, PlanPage, StructurePage

from .helpers import site_root
from .readers import (
    ALL_PAGE_RIGHTS,
    ALL_SNIPPET_RIGHTS,
    EXAMPLE,
    REMOVED_PLAN,
    admin_preview,
    editor,
    halland_data,
    refused_import,
    run_import,
    without_plan,
    write,
)


@pytest.fixture
def english(db: None) -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def imported(english: Locale) -> None:
    """Halland as published by a system import, in Swedish and English."""
    run_import(EXAMPLE, system=True)


def _changed_file(tmp_path: Path) -> Path:
    """One plan fewer, the structure and every organisation renamed: edits, deletions and snippet changes."""
    data = without_plan(halland_data())
    data["name"]["sv"] += " (ny)"
    for org in data["organisations"]:
        org["name"]["sv"] = org["name"].get("sv", "") + " (ny)"
    return write(tmp_path, data)


def _snapshot() -> dict[str, Any]:
    """Everything an import may write."""
    return {
        "pages": list(
            Page.objects.order_by("path").values_list("pk", "path", "title", "live", "latest_revision_id", "locale_id")
        ),
        "revisions": Revision.objects.count(),
        "organisations": list(Organisation.objects.order_by("pk").values_list("pk", "locale_id", "name")),
        "people": list(Person.objects.order_by("pk").values_list("pk", "locale_id", "name")),
        "locales": list(Locale.objects.order_by("pk").values_list("language_code", flat=True)),
    }


def _english_home() -> Page:
    return site_root().get_translation(Locale.objects.get(language_code="en"))


# ------------------------------------------------------------------- command


@pytest.mark.django_db
def test_the_command_says_who_imports(imported, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _changed_file(tmp_path)
    before = _snapshot()
    for options in ({}, {"user": "nobody"}):
        with pytest.raises(CommandError):
            run_import(path, **options)
    inactive = editor("inactive", pages={Page.get_first_root_node(): ALL_PAGE_RIGHTS}, snippets=ALL_SNIPPET_RIGHTS)
    inactive.is_active = False
    inactive.save()
    with pytest.raises(CommandError):
        run_import(path, user="inactive")
    assert _snapshot() == before


@pytest.mark.django_db
def test_add_rights_on_the_swedish_home_page_alone_import_nothing(imported, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The issue's case: no edit, publish or delete right, no English tree, no snippet right."""
    editor("adder", pages={site_root(): ("add",)})
    before = _snapshot()
    for draft in (True, False):
        problems = refused_import(_changed_file(tmp_path), user="adder", draft=draft)
        assert "(en)" in problems  # the English translations are named too
        assert "Art Inside Out" in problems  # an organisation snippet
        assert "Hallands kulturplan" in problems or "Kulturstrategi" in problems  # an existing page
        assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rights", "named"),
    [
        # Every page right in the whole tree, none on the snippets: the organisations are named.
        (lambda: ({Page.get_first_root_node(): ALL_PAGE_RIGHTS}, ()), "Art Inside Out"),
        # Every right, but pages in the Swedish tree only: an English page is named.
        (lambda: ({site_root(): ALL_PAGE_RIGHTS}, ALL_SNIPPET_RIGHTS), "(en)"),
        # Edit and publish but no right to delete the published plan page the file no longer has.
        (lambda: ({Page.get_first_root_node(): ("change",)}, ALL_SNIPPET_RIGHTS), "Handlingsplan"),
        # Only the Swedish snippets' add right, not change.
        (lambda: ({Page.get_first_root_node(): ALL_PAGE_RIGHTS}, ("add_organisation", "add_person")), "(ny)"),
    ],
    ids=["no-snippet-rights", "swedish-tree-only", "no-delete", "snippets-add-only"],
)
def test_one_missing_right_refuses_the_whole_file(imported, tmp_path, rights, named) -> None:  # type: ignore[no-untyped-def]
    pages, snippets = rights()
    editor("partial", pages=pages, snippets=snippets)
    before = _snapshot()
    problems = refused_import(_changed_file(tmp_path), user="partial")
    assert named in problems, problems
    assert _snapshot() == before


@pytest.mark.django_db
def test_a_fresh_import_needs_the_english_tree_too(english) -> None:  # type: ignore[no-untyped-def]
    """Nothing there yet: the English home page would be created under the tree's root, where the user may not add."""
    editor("swedish", pages={site_root(): ALL_PAGE_RIGHTS}, snippets=ALL_SNIPPET_RIGHTS)
    before = _snapshot()
    problems = refused_import(EXAMPLE, user="swedish")
    assert "(en)" in problems
    assert _snapshot() == before


@pytest.mark.django_db
def test_a_user_with_every_needed_right_imports(imported, tmp_path) -> None:  # type: ignore[no-untyped-def]
    editor("trusted", pages={Page.get_first_root_node(): ALL_PAGE_RIGHTS}, snippets=ALL_SNIPPET_RIGHTS)
    run_import(_changed_file(tmp_path), user="trusted")
    assert not PlanPage.objects.filter(identifier=REMOVED_PLAN).exists()
    assert all(p.title.endswith("(ny)") for p in StructurePage.objects.filter(locale__language_code="sv"))
    assert Organisation.objects.filter(name__endswith="(ny)").exists()


@pytest.mark.django_db
def test_a_draft_needs_no_publish_right(english, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Creating drafts is what an editor without the publish right does by hand; publishing it is not."""
    editor("drafter", pages={Page.get_first_root_node(): ("add", "change")}, snippets=ALL_SNIPPET_RIGHTS)
    assert "Region Halland" in refused_import(EXAMPLE, user="drafter")  # it may not be published
    run_import(EXAMPLE, user="drafter", draft=True)
    assert StructurePage.objects.filter(identifier="halland").count() == 2
    assert not StructurePage.objects.filter(live=True).exists()


# --------------------------------------------------------------------- admin


def _stored_previews() -> list[str]:
    try:
        return default_storage.listdir("kultursamverkan-imports")[1]
    except FileNotFoundError:
        return []


@pytest.mark.django_db
def test_the_admin_refuses_at_the_preview_naming_what_the_user_may_not_touch(client, imported, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client.force_login(editor("adder", pages={site_root(): ("add",)}))
    before, stored = _snapshot(), _stored_previews()  # the storage is the process's: other tests' files stay
    response = admin_preview(client, _changed_file(tmp_path), site_root())
    assert response.status_code == 400
    problems = BeautifulSoup(response.content, "html.parser").find(role="alert")
    assert problems is not None
    assert "Art Inside Out" in problems.get_text()
    assert "(en)" in problems.get_text()
    assert "token" not in response.context or not response.context.get("token")  # nothing to confirm
    assert _stored_previews() == stored
    assert _snapshot() == before


@pytest.mark.django_db
def test_the_admin_confirmation_checks_again(client, imported, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Rights taken away between preview and confirmation: nothing is written."""
    user = editor("fading", pages={Page.get_first_root_node(): ALL_PAGE_RIGHTS}, snippets=ALL_SNIPPET_RIGHTS)
    client.force_login(user)
    preview = admin_preview(client, _changed_file(tmp_path), site_root())
    assert preview.status_code == 200
    user.groups.first().permissions.remove(Permission.objects.get(codename="change_organisation"))
    before = _snapshot()
    response = client.post("/admin/kultursamverkan/import/", {"confirm": "1", "token": preview.context["token"]})
    assert response.status_code == 400
    assert "Art Inside Out" in BeautifulSoup(response.content, "html.parser").find(role="alert").get_text()
    assert _snapshot() == before
