"""The app's migrations match its models."""

from __future__ import annotations

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from io import StringIO

from django.core.management import call_command

from wagtail_kultursamverkan.models import Organisation, StructurePage


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


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_migration_0007_keeps_the_old_bilingual_data() -> None:
    """Each row gets its own language's text; every old value and the old content stay in legacy fields."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    app = "wagtail_kultursamverkan"
    ContentType.objects.clear_cache()  # ids cached before an earlier test flushed the database
    executor = MigrationExecutor(connection)
    executor.migrate([(app, "0006_format_2")])
    old = executor.loader.project_state([(app, "0006_format_2")]).apps
    locale_model = old.get_model("wagtailcore", "Locale")
    sv = locale_model.objects.get_or_create(language_code="sv")[0]
    en = locale_model.objects.get_or_create(language_code="en")[0]
    organisation = old.get_model(app, "Organisation").objects.create(
        identifier="orten", name_sv="Ortens kommun", name_en="Orten Municipality", kind="municipality", locale=en
    )
    content = [{"type": "body", "value": {"id": "radet", "name": {"sv": "Rådet", "en": "The council"}}, "id": "b1"}]
    structure_model = old.get_model(app, "StructurePage")
    content_type = ContentType.objects.get_for_model(StructurePage)
    page = structure_model.objects.create(
        title="Struktur",
        slug="struktur",
        path="000100019999",
        depth=3,
        numchild=0,
        url_path="/home/struktur/",
        content_type_id=content_type.pk,
        locale=sv,
        structure_identifier="strukturen",
        name_sv="",
        name_en="The structure",
        as_of="2024",
        content=content,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes(app))

    new_page = StructurePage.objects.get(pk=page.pk)
    assert new_page.identifier == "strukturen"
    assert new_page.name == "The structure"  # no Swedish text: the other language's, until translated
    assert new_page.legacy_content == content  # the old bodies, as they were, for the data migration
    assert new_page.legacy_text["name_en"] == "The structure"
    new_organisation = Organisation.objects.get(pk=organisation.pk)
    assert new_organisation.name == "Orten Municipality"  # an English row gets the English text
    assert new_organisation.legacy_text["name_sv"] == "Ortens kommun"  # and the Swedish is kept


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_migration_0008_turns_stored_ids_into_chosen_pages_and_snippets() -> None:
    """Each id becomes the page (same structure, same locale) or snippet it names; an id that names
    nothing is kept in the reference, for the core to report."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from wagtail_kultursamverkan.models import BodyPage

    app = "wagtail_kultursamverkan"
    before = "0007_one_language_page_tree"
    ContentType.objects.clear_cache()  # ids cached before an earlier test flushed the database
    executor = MigrationExecutor(connection)
    executor.migrate([(app, before)])
    old = executor.loader.project_state([(app, before)]).apps
    sv = old.get_model("wagtailcore", "Locale").objects.get_or_create(language_code="sv")[0]
    organisation = old.get_model(app, "Organisation").objects.create(
        identifier="orten", name="Ortens kommun", kind="municipality", locale=sv
    )

    def page(model: str, path: str, identifier: str, **fields: object) -> object:
        content_type = ContentType.objects.get_by_natural_key(app, model.lower())
        return old.get_model(app, model).objects.create(
            title=identifier,
            slug=identifier,
            path=path,
            depth=len(path) // 4,
            numchild=0,
            url_path=f"/{identifier}/",
            content_type_id=content_type.pk,
            locale=sv,
            identifier=identifier,
            **fields,
        )

    page("StructurePage", "000100019998", "strukturen", name="Strukturen", as_of="2024")
    target = page("BodyPage", "0001000199980001", "radet", name="Rådet", kind="council")
    relations = [
        {"type": "relations", "value": {"type": "part_of", "target": "radet"}, "id": "r1"},
        {"type": "relations", "value": {"type": "collaborates_with", "target": "saknas"}, "id": "r2"},
    ]
    referring = page(
        "BodyPage",
        "0001000199980002",
        "natverket",
        name="Nätverket",
        kind="network",
        convener="orten",
        relations=relations,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes(app))

    body = BodyPage.objects.get(pk=referring.pk)
    [convener] = body.convener.raw_data
    assert convener["value"]["organisation"] == organisation.pk
    assert convener["value"]["kept_id"] == "orten"
    chosen, missing = (item["value"]["target"] for item in body.relations.raw_data)
    assert chosen["page"] == target.pk
    assert missing.get("page") is None
    assert missing["kept_id"] == "saknas"
