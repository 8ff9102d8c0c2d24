"""A body's and an event series' cadence: from a StreamField of cadence forms to one line of words.

The cadence is now a ``CadenceModelField`` (the core's plain data in a JSON column, typed as a
phrase with a live preview). The stored stream is converted with the same function that read it
for the core (``blocks.block_to_data`` on a ``CadenceBlock``), in the pages and in their
revisions, so drafts and history open in the new field too. Backwards, the plain data becomes a
one-entry stream again (``blocks.data_to_block``).
"""

from __future__ import annotations

import json
from typing import Any

from django.db import migrations

import wagtail_kultursamverkan.cadence_field

MODELS = ("bodypage", "eventseriespage")


def _to_data(raw: Any) -> Any:
    """A stored cadence stream (JSON text or list) as plain cadence data; None when empty or unreadable."""
    from wagtail_kultursamverkan.blocks import CadenceBlock, block_to_data

    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else []
        except ValueError:
            return None
    if isinstance(raw, dict) or raw is None:  # already plain data (or none)
        return raw
    try:
        data = block_to_data(CadenceBlock(), list(raw))
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    return _canonical(data)


def _canonical(data: Any) -> Any:
    """The core's own plain data for the cadence (defaults left out, as a typed phrase saves it); as read if invalid."""
    from kultursamverkan import converter
    from kultursamverkan.cadence import Cadence

    if data is None:
        return None
    try:
        return converter.unstructure(converter.structure(data, Cadence))
    except Exception:  # noqa: BLE001 - a cadence the core refuses is kept for the editor to fix, not dropped
        return data


def _to_stream(data: Any) -> Any:
    from wagtail_kultursamverkan.blocks import CadenceBlock, data_to_block

    if isinstance(data, list):  # already a stream
        return data
    return data_to_block(CadenceBlock(), data) if data else []


def _revisions(apps: Any, model: str) -> Any:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    try:
        ct = ContentType.objects.get(app_label="wagtail_kultursamverkan", model=model)
    except ContentType.DoesNotExist:
        return Revision.objects.none()
    return Revision.objects.filter(base_content_type=ct) | Revision.objects.filter(content_type=ct)


def forwards(apps: Any, schema_editor: Any) -> None:
    for model in MODELS:
        Model = apps.get_model("wagtail_kultursamverkan", model)
        for page in Model.objects.all().only("pk", "cadence"):
            raw = page.cadence.raw_data if hasattr(page.cadence, "raw_data") else page.cadence
            Model.objects.filter(pk=page.pk).update(cadence_data=_to_data(list(raw or ())))
        for revision in _revisions(apps, model):
            content = revision.content or {}
            if "cadence" in content:
                content["cadence"] = _to_data(content["cadence"])
                revision.content = content
                revision.save(update_fields=["content"])


def backwards(apps: Any, schema_editor: Any) -> None:
    for model in MODELS:
        Model = apps.get_model("wagtail_kultursamverkan", model)
        for page in Model.objects.all().only("pk", "cadence_data"):
            Model.objects.filter(pk=page.pk).update(cadence=_to_stream(page.cadence_data))
        for revision in _revisions(apps, model):
            content = revision.content or {}
            if "cadence" in content:
                content["cadence"] = json.dumps(_to_stream(content["cadence"]))
                revision.content = content
                revision.save(update_fields=["content"])


def _field() -> Any:
    return wagtail_kultursamverkan.cadence_field.CadenceModelField(blank=True, null=True, verbose_name="cadence")


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_kultursamverkan", "0008_snippet_region"),
        ("wagtailcore", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        *(migrations.AddField(model, "cadence_data", _field()) for model in MODELS),
        migrations.RunPython(forwards, backwards),
        *(migrations.RemoveField(model, "cadence") for model in MODELS),
        *(migrations.RenameField(model, "cadence_data", "cadence") for model in MODELS),
    ]
