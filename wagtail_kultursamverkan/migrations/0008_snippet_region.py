"""Snippets belong to a region (``region``; empty = shared), and two permissions for shared ones.

Existing organisations and people are given the region whose structures name them, when
that is exactly one region; those named by several regions, or by none, stay shared. A
structure names a snippet in its page's ``organisations``/``people`` choosers (by key) and
in its child pages' references (body representatives, conveners, organisers, …: by
identifier). A snippet's translations are one object: they all get the same region.
(The other field changes are labels of the page tree's id lists.)
"""

from collections import defaultdict
from typing import Any

import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models

APP = "wagtail_kultursamverkan"
#: Wagtail's page tree (treebeard) spends four characters of ``path`` per level.
STEPLEN = 4
#: The pages below a structure page whose references may name an organisation or a person.
CHILD_PAGES = ("BodyPage", "CollaborationPage", "AgreementPage", "PlanPage", "EventSeriesPage", "EventPage")


def _raw(stream: Any) -> list[Any]:
    raw = getattr(stream, "raw_data", stream)
    return list(raw or ())


def _strings(value: Any) -> Any:
    """Every string in a stream's raw data (ids, and text, which never matches an identifier)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("id", "type"):  # a block's own uuid and type name
                yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _references(page: Any) -> set[str]:
    """The identifiers a child page may refer to: its id-like columns and its streams' strings."""
    found: set[str] = set()
    for field in page._meta.local_fields:
        if field.name in ("identifier", "legacy_text") or field.is_relation:
            continue
        value = getattr(page, field.attname)
        if isinstance(field, wagtail.fields.StreamField):
            found.update(_strings(_raw(value)))
        elif isinstance(value, str) and value:
            found.add(value)
    return found


def assign_owners(apps: Any, schema_editor: Any) -> None:
    """Each snippet that exactly one region's structures name belongs to that region."""
    regions = apps.get_model(APP, "RegionIndexPage").objects.only("path", "translation_key")
    region_key = {page.path: page.translation_key for page in regions}
    region_page: dict[Any, int] = {}  # a region's translation key → its first page (the original)
    for page in sorted(regions, key=lambda p: p.pk):
        region_page.setdefault(page.translation_key, page.pk)
    structures: dict[str, Any] = {}  # a structure page's path → its region's translation key
    by_pk: dict[str, dict[int, set[Any]]] = {"Organisation": defaultdict(set), "Person": defaultdict(set)}
    for page in apps.get_model(APP, "StructurePage").objects.only("path", "organisations", "people"):
        key = region_key.get(page.path[:-STEPLEN])
        if key is None:
            continue
        structures[page.path] = key
        for field, model in (("organisations", "Organisation"), ("people", "Person")):
            for item in _raw(getattr(page, field)):
                value = item.get("value") if isinstance(item, dict) else None
                if isinstance(value, int):
                    by_pk[model][value].add(key)
    by_identifier: dict[str, set[Any]] = defaultdict(set)
    for name in CHILD_PAGES:
        for page in apps.get_model(APP, name).objects.all():
            key = structures.get(page.path[:-STEPLEN])
            if key is not None:
                for identifier in _references(page):
                    by_identifier[identifier].add(key)
    for model, found in by_pk.items():
        objects = apps.get_model(APP, model).objects
        owners: dict[Any, set[Any]] = defaultdict(set)  # a snippet's translation key → regions naming it
        for pk, identifier, key in objects.values_list("pk", "identifier", "translation_key"):
            owners[key] |= found.get(pk, set()) | by_identifier.get(identifier, set())
        for key, owning in owners.items():
            if len(owning) == 1:
                region = region_page[next(iter(owning))]
                objects.filter(translation_key=key, region__isnull=True).update(region=region)


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_kultursamverkan", "0007_one_language_page_tree"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="organisation",
            options={
                "ordering": ["name"],
                "permissions": [("change_shared_organisation", "Can change and delete shared organisations")],
                "verbose_name": "organisation",
                "verbose_name_plural": "organisations",
            },
        ),
        migrations.AlterModelOptions(
            name="person",
            options={
                "ordering": ["name"],
                "permissions": [("change_shared_person", "Can change and delete shared people")],
                "verbose_name": "person",
                "verbose_name_plural": "people",
            },
        ),
        migrations.AlterField(
            model_name="agreementpage",
            name="parties",
            field=wagtail.fields.StreamField(
                [("parties", 0)],
                blank=True,
                block_lookup={
                    0: ("wagtail_kultursamverkan.blocks.IdBlock", (), {"label": "Parties (ids)", "required": True})
                },
                verbose_name="parties",
            ),
        ),
        migrations.AlterField(
            model_name="collaborationpage",
            name="documents",
            field=wagtail.fields.StreamField(
                [("documents", 0)],
                blank=True,
                block_lookup={
                    0: (
                        "wagtail_kultursamverkan.blocks.IdBlock",
                        (),
                        {"label": "Documents (plan ids)", "required": True},
                    )
                },
                verbose_name="documents",
            ),
        ),
        migrations.AlterField(
            model_name="collaborationpage",
            name="members",
            field=wagtail.fields.StreamField(
                [("members", 0)],
                blank=True,
                block_lookup={
                    0: ("wagtail_kultursamverkan.blocks.IdBlock", (), {"label": "Members (ids)", "required": True})
                },
                verbose_name="members",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="region",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtail_kultursamverkan.regionindexpage",
                verbose_name="Region",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="region",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtail_kultursamverkan.regionindexpage",
                verbose_name="Region",
            ),
        ),
        migrations.RunPython(assign_owners, migrations.RunPython.noop),
    ]
