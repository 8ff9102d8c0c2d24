"""Snippets belong to a region (``region``; empty = shared), and two permissions for shared ones.

Existing organisations and people are given the region whose structure pages list them
(the pages' ``organisations`` and ``people`` choosers), when that is exactly one region;
those listed by several regions, or by none, stay shared.
"""

from collections import defaultdict
from typing import Any

import django.db.models.deletion
from django.db import migrations, models

APP = "wagtail_kultursamverkan"
#: Wagtail's page tree (treebeard) spends four characters of ``path`` per level.
STEPLEN = 4


def _raw(stream: Any) -> list[Any]:
    raw = getattr(stream, "raw_data", stream)
    return list(raw or ())


def assign_owners(apps: Any, schema_editor: Any) -> None:
    """Each snippet that one region's structure pages list belongs to that region."""
    regions = {page.path: page.pk for page in apps.get_model(APP, "RegionIndexPage").objects.only("path")}
    owners: dict[str, dict[int, set[int]]] = {"Organisation": defaultdict(set), "Person": defaultdict(set)}
    for page in apps.get_model(APP, "StructurePage").objects.only("path", "organisations", "people"):
        region = regions.get(page.path[:-STEPLEN])
        if region is None:
            continue
        for field, model in (("organisations", "Organisation"), ("people", "Person")):
            for item in _raw(getattr(page, field)):
                value = item.get("value") if isinstance(item, dict) else None
                if isinstance(value, int):
                    owners[model][value].add(region)
    for model, found in owners.items():
        objects = apps.get_model(APP, model).objects
        for pk, owning in found.items():
            if len(owning) == 1:
                objects.filter(pk=pk, region__isnull=True).update(region=next(iter(owning)))


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_kultursamverkan", "0006_format_2"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="organisation",
            options={
                "ordering": ["name_sv", "name_en"],
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
        migrations.AddField(
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
        migrations.AddField(
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
