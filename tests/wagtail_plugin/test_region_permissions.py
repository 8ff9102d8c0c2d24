"""Regions edit only their own (issue 13, item 8): tried as the wrong user everywhere.

Halland and Örebro are imported by the system; Halland's editor holds every page right
on Halland's region index page and Wagtail's model permissions on the snippets. One of
Halland's organisations, Region Blekinge, is made shared (no region).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")
pytest.importorskip("bs4", reason="the tests parse HTML with beautifulsoup4")

from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse
from wagtail.models import Page, Revision

from wagtail_kultursamverkan import permissions
from wagtail_kultursamverkan.models import (
    AgreementPage,
    BodyPage,
    CollaborationPage,
    EventPage,
    Organisation,
    Person,
    PlanPage,
    RegionIndexPage,
    StructurePage,
)

from .helpers import admin_user
from .readers import (
    ALL_PAGE_RIGHTS,
    ALL_SNIPPET_RIGHTS,
    EXAMPLE,
    admin_preview,
    editor,
    halland_data,
    refused_import,
    run_import,
    write,
)

OREBRO = EXAMPLE.parent / "orebro.yaml"
SHARED = "region-blekinge"
SNIPPET_RIGHTS = (*ALL_SNIPPET_RIGHTS, "delete_organisation", "delete_person")


@pytest.fixture
def regions(db: None) -> dict[str, RegionIndexPage]:
    run_import(EXAMPLE, system=True)
    run_import(OREBRO, system=True)
    Organisation.objects.filter(identifier=SHARED).update(region=None)
    return {"halland": _region("region-halland"), "orebro": _region("region-orebro-lan")}


def _region(identifier: str) -> RegionIndexPage:
    """The region's index page in Swedish (the import's main locale); English has a translation."""
    return RegionIndexPage.objects.get(identifier=identifier, locale__language_code="sv")


def _in_every_locale(page: Page, rights: tuple[str, ...]) -> dict[Page, tuple[str, ...]]:
    return dict.fromkeys(Page.objects.filter(translation_key=page.translation_key), rights)


def _org(identifier: str) -> Organisation:
    return Organisation.objects.get(identifier=identifier, locale__language_code="sv")


def _halland_editor(*extra: str, name: str = "halland") -> Any:
    """Every page right on Halland's region index page, in Swedish and English; the snippets' model rights."""
    pages = _in_every_locale(_region("region-halland"), ALL_PAGE_RIGHTS)
    return editor(name, pages=pages, snippets=(*SNIPPET_RIGHTS, *extra))


def _url(model: type, view: str, *args: Any) -> str:
    return reverse(f"wagtailsnippets_wagtail_kultursamverkan_{model._meta.model_name}:{view}", args=args)


def _row(obj: Any) -> tuple[Any, ...]:
    obj = type(obj).objects.filter(pk=obj.pk).first()
    if obj is None:
        return ("deleted",)
    return tuple(getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields)


def _refused(response: Any) -> bool:
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard (or 403)."""
    return response.status_code == 403 or (response.status_code == 302 and response.url.rstrip("/") == "/admin")


# ------------------------------------------------------------------ policy


@pytest.mark.django_db
def test_the_import_gives_new_snippets_their_region(regions) -> None:  # type: ignore[no-untyped-def]
    assert {o.region_id for o in Organisation.objects.exclude(identifier=SHARED)} == {
        regions["halland"].pk,
        regions["orebro"].pk,
    }
    assert _org("art-inside-out").region_id == regions["halland"].pk
    assert set(Person.objects.values_list("region_id", flat=True)) == {regions["orebro"].pk}


@pytest.mark.django_db
def test_the_policy_per_object(regions) -> None:  # type: ignore[no-untyped-def]
    user = _halland_editor()
    policy = permissions.RegionSnippetPermissionPolicy(Organisation)
    own = _org("art-inside-out")
    other = _org("lindesbergs-kommun")
    shared = _org(SHARED)
    assert policy.user_has_permission_for_instance(user, "change", own)
    assert policy.user_has_permission_for_instance(user, "delete", own)
    assert not policy.user_has_permission_for_instance(user, "change", other)
    assert not policy.user_has_permission_for_instance(user, "view", other)
    assert not policy.user_has_permission_for_instance(user, "change", shared)
    assert policy.user_has_permission_for_instance(user, "view", shared)
    changeable = set(policy.instances_user_has_permission_for(user, "change"))
    assert changeable == set(Organisation.objects.filter(region=regions["halland"]))
    assert other not in set(policy.instances_user_has_permission_for(user, "view"))

    sharer = _halland_editor("change_shared_organisation", name="sharer")
    assert policy.user_has_permission_for_instance(sharer, "change", shared)
    assert not policy.user_has_permission_for_instance(sharer, "change", other)

    superuser = admin_user()
    assert policy.user_has_permission_for_instance(superuser, "delete", other)
    superuser.is_active = False
    assert not policy.user_has_permission_for_instance(superuser, "view", shared)
    # The region right alone is not enough: Wagtail's model permission still gates each action.
    pages_only = editor("pages-only", pages={regions["halland"]: ALL_PAGE_RIGHTS})
    assert not policy.user_has_permission_for_instance(pages_only, "change", own)


@pytest.mark.django_db
def test_the_shared_permissions_are_offered_under_settings_groups(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user())
    response = client.get(reverse("wagtailusers_groups:add"))
    assert response.status_code == 200
    boxes = BeautifulSoup(response.content, "html.parser").select("input[type=checkbox]")
    offered = {tag.get("value") for tag in boxes}
    for codename in ("change_shared_organisation", "change_shared_person"):
        assert str(Permission.objects.get(codename=codename).pk) in offered, codename


# ------------------------------------------------------------- snippet admin


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Organisation, Person], ids=lambda m: m.__name__)
def test_the_listing_shows_own_and_shared_rows_only(client, regions, model) -> None:  # type: ignore[no-untyped-def]
    client.force_login(_halland_editor())
    response = client.get(_url(model, "list"))
    assert response.status_code == 200
    listed = set(response.context["paginator"].object_list.values_list("pk", flat=True))
    rows = model.objects.all()  # the listing shows every locale's
    expected = set(rows.filter(region=regions["halland"]).values_list("pk", flat=True))
    expected |= set(rows.filter(region=None).values_list("pk", flat=True))
    assert listed == expected
    others = rows.filter(region=regions["orebro"])
    if model is Organisation:
        assert others.exists()
        assert expected
    links = {a["href"] for a in BeautifulSoup(response.content, "html.parser").find_all("a", href=True)}
    for obj in others:
        assert _url(model, "edit", obj.pk) not in links
    for obj in rows.filter(region=None):  # shared: read-only, linked to its inspect view
        assert _url(model, "edit", obj.pk) not in links
        assert _url(model, "inspect", obj.pk) in links


@pytest.mark.django_db
def test_a_superuser_lists_everything(client, regions) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user())
    response = client.get(_url(Organisation, "list"))
    assert response.context["paginator"].count == Organisation.objects.count()


def _org_form(obj: Organisation, region: Any, name: str) -> dict[str, Any]:
    """The snippet form's data: the object's plain fields, ``name`` and ``region`` as given, streams emptied."""
    from wagtail.fields import StreamField

    data: dict[str, Any] = {"region": region.pk if region is not None else "", "name": name}
    for f in Organisation._meta.concrete_fields:
        if isinstance(f, StreamField):
            data[f"{f.name}-count"] = "0"
        elif f.name in ("identifier", "kind", "part_of", "abbreviation", "description", "web_address"):
            data[f.name] = getattr(obj, f.name) or ""
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["other-region", "shared"])
def test_another_regions_or_a_shared_snippet_cannot_be_edited_or_deleted(client, regions, which) -> None:  # type: ignore[no-untyped-def]
    obj = _org("lindesbergs-kommun" if which == "other-region" else SHARED)
    before = _row(obj)
    client.force_login(_halland_editor())
    assert _refused(client.get(_url(Organisation, "edit", obj.pk)))
    assert _refused(client.post(_url(Organisation, "edit", obj.pk), _org_form(obj, regions["halland"], "Kapad")))
    bulk = reverse("wagtail_bulk_action", args=["wagtail_kultursamverkan", "organisation", "delete"])
    client.post(f"{bulk}?id={obj.pk}", {})
    assert _row(obj) == before  # the bulk delete asks the policy object by object
    assert _refused(client.get(_url(Organisation, "delete", obj.pk)))
    assert _refused(client.post(_url(Organisation, "delete", obj.pk)))
    assert _row(obj) == before
    inspect = client.get(_url(Organisation, "inspect", obj.pk))
    assert _refused(inspect) if which == "other-region" else inspect.status_code == 200


@pytest.mark.django_db
def test_the_shared_permission_opens_shared_snippets(client, regions) -> None:  # type: ignore[no-untyped-def]
    obj = _org(SHARED)
    client.force_login(_halland_editor("change_shared_organisation"))
    response = client.post(_url(Organisation, "edit", obj.pk), _org_form(obj, None, "Region Blekinge (delad)"))
    assert response.status_code == 302, response.content.decode()[:500]
    assert not _refused(response)
    obj.refresh_from_db()
    assert (obj.name, obj.region_id) == ("Region Blekinge (delad)", None)


@pytest.mark.django_db
def test_the_own_regions_snippet_is_edited_and_deleted(client, regions) -> None:  # type: ignore[no-untyped-def]
    obj = _org("art-inside-out")
    client.force_login(_halland_editor())
    response = client.post(_url(Organisation, "edit", obj.pk), _org_form(obj, regions["halland"], "Art Inside Out 2"))
    assert response.status_code == 302, response.content.decode()[:500]
    assert not _refused(response)
    obj.refresh_from_db()
    assert obj.name == "Art Inside Out 2"
    # Moving it to a region the editor may not edit is refused at the field.
    response = client.post(_url(Organisation, "edit", obj.pk), _org_form(obj, regions["orebro"], "Flyttad"))
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    obj.refresh_from_db()
    assert (obj.name, obj.region_id) == ("Art Inside Out 2", regions["halland"].pk)
    client.post(_url(Organisation, "delete", obj.pk))
    assert not Organisation.objects.filter(pk=obj.pk).exists()


@pytest.mark.django_db
def test_a_new_snippet_belongs_to_a_region_the_editor_may_edit(client, regions) -> None:  # type: ignore[no-untyped-def]
    client.force_login(_halland_editor())
    form = client.get(_url(Organisation, "add")).context["form"]
    halland_everywhere = set(RegionIndexPage.objects.filter(translation_key=regions["halland"].translation_key))
    assert set(form.fields["region"].queryset) == halland_everywhere  # Swedish and English
    assert form.fields["region"].required  # no shared permission: no "shared" choice
    assert form.initial["region"] == regions["halland"].pk
    template = Organisation(identifier="ny-forening", kind="civil_society_organisation")
    for region, name in ((regions["orebro"], "Fel region"), (None, "Delad")):
        response = client.post(_url(Organisation, "add"), _org_form(template, region, name))
        assert response.status_code == 200
        assert "region" in response.context["form"].errors
    assert not Organisation.objects.filter(identifier="ny-forening").exists()
    response = client.post(_url(Organisation, "add"), _org_form(template, regions["halland"], "Ny förening"))
    assert response.status_code == 302, response.content.decode()[:500]
    assert _org("ny-forening").region_id == regions["halland"].pk


# ------------------------------------------------------------------ chooser


def _chooser(view: str, model: type = Organisation) -> str:
    return reverse(f"wagtailsnippetchoosers_wagtail_kultursamverkan_{model._meta.model_name}:{view}")


def _offered(client: Any, view: str, model: type, **params: Any) -> set[int]:
    response = client.get(_chooser(view, model), params)
    assert response.status_code == 200
    return {obj.pk for obj in response.context["results"].paginator.object_list}  # every page of results


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Organisation, Person], ids=lambda m: m.__name__)
def test_the_chooser_offers_only_the_own_regions_and_shared_snippets(client, regions, model) -> None:  # type: ignore[no-untyped-def]
    """What a page's organisation or person chooser lists and finds, for Halland's editor and a superuser."""
    shared = model.objects.filter(region=regions["orebro"]).order_by("pk").first()
    model.objects.filter(translation_key=shared.translation_key).update(region=None)  # one of Örebro's, shared
    client.force_login(admin_user())
    everything = _offered(client, "choose", model)
    query = shared.name.split()[0]
    found = _offered(client, "choose_results", model, q=query)
    assert shared.pk in found
    assert model.objects.filter(pk__in=everything, region=regions["orebro"]).exists()
    allowed = set(model.objects.filter(Q(region=regions["halland"]) | Q(region=None)).values_list("pk", flat=True))
    client.force_login(_halland_editor())
    assert _offered(client, "choose", model) == everything & allowed
    assert _offered(client, "choose_results", model, q=query) == found & allowed


@pytest.mark.django_db
def test_the_chooser_returns_no_other_regions_snippet(client, regions) -> None:  # type: ignore[no-untyped-def]
    """A hand-made "chosen" request for Örebro's organisation gives nothing to Halland's editor."""
    other, own, shared = _org("lindesbergs-kommun"), _org("art-inside-out"), _org(SHARED)
    client.force_login(_halland_editor())
    chosen = "wagtailsnippetchoosers_wagtail_kultursamverkan_organisation:chosen"
    assert client.get(reverse(chosen, args=[other.pk]), follow=True).status_code == 404
    for obj in (own, shared):
        response = client.get(reverse(chosen, args=[obj.pk]), follow=True)
        assert response.status_code == 200
        assert response.json()["result"]["id"] == str(obj.pk)
    response = client.get(_chooser("chosen_multiple"), {"id": [other.pk, own.pk]}, follow=True)
    assert [item["id"] for item in response.json()["result"]] == [str(own.pk)]


# -------------------------------------------------------------------- pages


def _page_row(page: Page) -> tuple[Any, ...]:
    page = Page.objects.get(pk=page.pk)
    return (page.title, page.live, page.latest_revision_id, page.has_unpublished_changes, Revision.objects.count())


def _orebro_editor() -> Any:
    return editor(
        "orebro", pages=_in_every_locale(_region("region-orebro-lan"), ALL_PAGE_RIGHTS), snippets=SNIPPET_RIGHTS
    )


#: Each page type, and the region whose page another region's editor tries (the examples have
#: collaborations and agreements only in Halland, events only in Örebro).
PAGE_CASES = [
    (StructurePage, "orebro"),
    (PlanPage, "orebro"),
    (RegionIndexPage, "orebro"),
    (BodyPage, "orebro"),
    (EventPage, "orebro"),
    (CollaborationPage, "halland"),
    (AgreementPage, "halland"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "owner"), PAGE_CASES, ids=lambda c: getattr(c, "__name__", c))
def test_another_regions_pages_cannot_be_edited_or_published(client, regions, model, owner) -> None:  # type: ignore[no-untyped-def]
    own_region = "halland" if owner == "orebro" else "orebro"
    page = model.objects.descendant_of(regions[owner], inclusive=True).first()
    own = model.objects.descendant_of(regions[own_region], inclusive=True).first()
    assert page is not None
    before = _page_row(page)
    client.force_login(_halland_editor() if owner == "orebro" else _orebro_editor())
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert _refused(client.get(edit))
    assert _refused(client.post(edit, {"title": "Kapad", "slug": page.slug, "action-publish": "action-publish"}))
    assert _refused(client.post(reverse("wagtailadmin_pages:delete", args=[page.pk])))
    assert _refused(client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk])))
    assert _page_row(page) == before
    # The same editor may open their own region's page of that type (when their region has one).
    if own is not None:
        assert client.get(reverse("wagtailadmin_pages:edit", args=[own.pk])).status_code == 200


# ------------------------------------------------------------------- import


def _orebro_changed(tmp_path: Path) -> Path:
    import kultursamverkan
    from kultursamverkan import converter

    data = converter.unstructure(kultursamverkan.load(OREBRO))
    data["organisations"][0]["name"]["sv"] += " (ny)"
    return write(tmp_path, data, "orebro.yaml")


def _halland_with(tmp_path: Path, *, shared_renamed: bool = False, new_org: bool = False) -> Path:
    data = halland_data()
    if shared_renamed:
        org = next(o for o in data["organisations"] if o["id"] == SHARED)
        org["name"]["sv"] += " (ny)"
    if new_org:
        new = {"id": "ny-forening", "name": {"sv": "Ny förening"}, "kind": "civil_society_organisation"}
        data["organisations"].append(new)
    return write(tmp_path, data)


def _snippet_rows() -> list[tuple[Any, ...]]:
    return [_row(o) for o in Organisation.objects.order_by("pk")] + [_row(p) for p in Person.objects.order_by("pk")]


@pytest.mark.django_db
def test_the_command_refuses_another_regions_file(regions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _halland_editor()
    before = (_snippet_rows(), _page_row(regions["orebro"]), Page.objects.count())
    problems = refused_import(_orebro_changed(tmp_path), user="halland")
    assert "Lindesbergs kommun (ny)" in problems, problems
    assert "Region Örebro län" in problems  # the region it belongs to
    assert (_snippet_rows(), _page_row(regions["orebro"]), Page.objects.count()) == before


@pytest.mark.django_db
def test_the_command_refuses_a_shared_snippet_without_the_shared_permission(regions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _halland_editor()
    path = _halland_with(tmp_path, shared_renamed=True)
    before = (_snippet_rows(), Page.objects.count(), Revision.objects.count())
    problems = refused_import(path, user="halland")
    assert "Region Blekinge (ny)" in problems, problems
    assert "Art Inside Out" not in problems  # Halland's own snippets are not the problem
    assert (_snippet_rows(), Page.objects.count(), Revision.objects.count()) == before

    _halland_editor("change_shared_organisation", name="sharer")
    run_import(path, user="sharer")
    shared = _org(SHARED)
    assert (shared.name, shared.region_id) == ("Region Blekinge (ny)", None)


@pytest.mark.django_db
def test_an_import_by_the_regions_editor_creates_snippets_for_the_region(regions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _halland_editor()
    run_import(_halland_with(tmp_path, new_org=True), user="halland")
    assert _org("ny-forening").region_id == regions["halland"].pk
    assert _org(SHARED).region_id is None  # unchanged, still shared


@pytest.mark.django_db
def test_a_new_snippet_for_a_region_the_user_may_not_edit_is_refused(regions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Snippet rights everywhere, page rights only on Örebro: Halland's new organisation is not theirs to add."""
    editor("orebro", pages=_in_every_locale(regions["orebro"], ALL_PAGE_RIGHTS), snippets=SNIPPET_RIGHTS)
    before = _snippet_rows()
    problems = refused_import(_halland_with(tmp_path, new_org=True), user="orebro")
    assert "Ny förening" in problems, problems
    assert "Region Halland" in problems
    assert _snippet_rows() == before


@pytest.mark.django_db
def test_the_command_creates_no_page_outside_the_users_region(regions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A new region, and a new structure in another region: the pages would go where the user may not add."""
    _halland_editor()
    before = (_snippet_rows(), Page.objects.count(), Revision.objects.count())
    problems = refused_import(EXAMPLE.parent / "stockholm.yaml", user="halland")
    assert "Region Stockholm" in problems, problems  # (the messages are in the site's language, Swedish)
    import kultursamverkan
    from kultursamverkan import converter

    data = converter.unstructure(kultursamverkan.load(OREBRO))
    data["id"] = "orebro-ny"
    problems = refused_import(write(tmp_path, data, "orebro-ny.yaml"), user="halland")
    assert "Region Örebro län" in problems, problems
    assert "Region Halland" not in problems
    assert (_snippet_rows(), Page.objects.count(), Revision.objects.count()) == before


@pytest.mark.django_db
def test_the_import_view_refuses_another_regions_file(client, regions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    user = _halland_editor()
    client.force_login(user)
    before = (_snippet_rows(), _page_row(regions["orebro"]), Page.objects.count())
    response = admin_preview(client, _orebro_changed(tmp_path), regions["halland"].get_parent())
    assert response.status_code == 400, BeautifulSoup(response.content, "html.parser").get_text(" ")[-3000:]
    alert = BeautifulSoup(response.content, "html.parser").find(role="alert")
    assert alert is not None
    assert "Lindesbergs kommun (ny)" in alert.get_text()
    assert not response.context.get("token")
    assert (_snippet_rows(), _page_row(regions["orebro"]), Page.objects.count()) == before


@pytest.mark.django_db
def test_the_import_view_confirmation_checks_the_region_again(client, regions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The region right taken away between preview and confirmation: nothing is written."""
    user = _halland_editor("change_shared_organisation")
    client.force_login(user)
    preview = admin_preview(client, _halland_with(tmp_path, shared_renamed=True), regions["halland"].get_parent())
    assert preview.status_code == 200, BeautifulSoup(preview.content, "html.parser").get_text(" ")[-3000:]
    user.groups.first().permissions.remove(Permission.objects.get(codename="change_shared_organisation"))
    before = _snippet_rows()
    response = client.post("/admin/kultursamverkan/import/", {"confirm": "1", "token": preview.context["token"]})
    assert response.status_code == 400
    assert "Region Blekinge" in BeautifulSoup(response.content, "html.parser").find(role="alert").get_text()
    assert _snippet_rows() == before


# ---------------------------------------------------------------- migration


@pytest.mark.django_db
def test_the_migration_gives_existing_snippets_the_one_region_that_names_them(regions) -> None:  # type: ignore[no-untyped-def]
    """Snippets saved before regions owned them: one region's are its own, those two regions name stay shared.

    A structure names a snippet in its page's choosers or in its child pages' references (here:
    Örebro's people only as body representatives); every translation gets the same region.
    """
    import importlib

    from django.apps import apps

    migration = importlib.import_module("wagtail_kultursamverkan.migrations.0008_snippet_region")
    Organisation.objects.update(region=None)  # as before the migration
    Person.objects.update(region=None)
    orebro_pages = StructurePage.objects.filter(
        translation_key=StructurePage.objects.child_of(regions["orebro"]).get().translation_key
    )
    assert orebro_pages.count() == 2  # Swedish and English
    both = _org("art-inside-out")
    for page in orebro_pages:  # Örebro's structure names Halland's Art Inside Out too, in Swedish
        organisations = list(page.organisations.raw_data)
        if page.locale.language_code == "sv":
            organisations.append({"type": "organisation", "value": both.pk})
        StructurePage.objects.filter(pk=page.pk).update(organisations=organisations, people=[])
    assert BodyPage.objects.exclude(representatives=[]).exists()
    migration.assign_owners(apps, None)
    for identifier, region in (("region-blekinge", "halland"), ("lindesbergs-kommun", "orebro")):
        rows = Organisation.objects.filter(identifier=identifier)
        assert {o.region_id for o in rows} == {regions[region].pk}, identifier
    assert Organisation.objects.filter(identifier=identifier).count() == 2  # Swedish and English
    assert set(Person.objects.values_list("region_id", flat=True)) == {regions["orebro"].pk}
    assert set(Organisation.objects.filter(identifier="art-inside-out").values_list("region_id", flat=True)) == {
        None
    }  # named by both: shared
