"""Keep each old structure page's content before ``0007_one_language_page_tree`` drops its columns.

Reads every structure page with ``legacy.page_rows`` while the StreamField design's fields
(``content``, ``*_sv``/``*_en``) still exist, and stores the raw rows (the page, its region
index page, all its plan pages and the snippets its choosers hold) in ``PendingTree``. The
new page tree is built from them after the migrations, with the real models
(``tree_build.build_pending``: ``post_migrate``, or ``manage.py kultursamverkan_build_tree``).
A page whose rows cannot be read is kept with the reason, which the build reports by name. Every
organisation and person snippet's row is kept too (``PendingSnippet``), so that each gets its
one-language text in each locale, whether a structure page chooses it or not.
"""

import django.core.serializers.json
import django.db.models.deletion
from django.db import migrations, models

from wagtail_kultursamverkan import legacy


def hold_old_structure_pages(apps, schema_editor):
    pages = apps.get_model("wagtail_kultursamverkan", "StructurePage")
    held = apps.get_model("wagtail_kultursamverkan", "PendingTree")
    for pk, title in pages.objects.order_by("path").values_list("pk", "title"):
        try:
            # "all": a draft or restricted plan page is kept as it is (the build leaves it unpublished).
            rows = legacy.page_rows(apps, pk, plan_pages="all").plain()
        except (ValueError, TypeError) as exc:  # LegacyDataError is a ValueError
            rows = {"error": str(exc) or exc.__class__.__name__, "title": title}
        held.objects.update_or_create(page_id=pk, defaults={"rows": rows})
    snippets = apps.get_model("wagtail_kultursamverkan", "PendingSnippet")
    for kind, model_name, fields in (
        ("organisation", "Organisation", legacy.ORGANISATION_FIELDS),
        ("person", "Person", legacy.PERSON_FIELDS),
    ):
        model = apps.get_model("wagtail_kultursamverkan", model_name)
        for row in legacy._stored(model.objects.order_by("pk"), fields):
            snippets.objects.update_or_create(
                kind=kind, snippet_id=row["id"], defaults={"row": legacy._plain(row, fields)}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_kultursamverkan", "0006_format_2"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]
    run_before = [("wagtail_kultursamverkan", "0007_one_language_page_tree")]

    operations = [
        migrations.CreateModel(
            name="PendingTree",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "rows",
                    models.JSONField(
                        encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name="stored rows"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.page",
                        verbose_name="structure page",
                    ),
                ),
            ],
            options={
                "verbose_name": "structure page waiting for its page tree",
                "verbose_name_plural": "structure pages waiting for their page tree",
            },
        ),
        migrations.CreateModel(
            name="PendingSnippet",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(choices=[("organisation", "organisation"), ("person", "person")], max_length=20),
                ),
                ("snippet_id", models.BigIntegerField()),
                (
                    "row",
                    models.JSONField(encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name="stored row"),
                ),
            ],
            options={
                "verbose_name": "snippet waiting for its one-language texts",
                "verbose_name_plural": "snippets waiting for their one-language texts",
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "snippet_id"), name="ks_pending_snippet_unique")
                ],
            },
        ),
        migrations.RunPython(hold_old_structure_pages, migrations.RunPython.noop, elidable=False),
    ]
