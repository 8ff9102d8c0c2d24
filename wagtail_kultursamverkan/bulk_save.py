"""New model instances saved as ``Model.save`` saves them, in one INSERT per model.

An import creates hundreds of organisations and people: one query each. ``save_new`` inserts a
model's new objects together and sends, for each, the ``pre_save`` and ``post_save`` signals
``save`` would send (so search and reference indexing, cache invalidation and a host site's own
handlers see each save). Only for models whose ``save`` adds nothing but what ``before_save``
does (the snippets: an identifier made from the name when left empty), and on databases that
give the new keys back from a bulk insert (PostgreSQL, SQLite 3.35+); elsewhere each is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import router, transaction
from django.db.models.signals import post_save, pre_save


def save_new(objects: Sequence[Any], before_save: Callable[[Any], None] | None = None) -> None:
    """Insert ``objects`` (new instances of one model), each as its ``save()`` would."""
    if not objects:
        return
    model = type(objects[0])
    using = router.db_for_write(model, instance=objects[0])
    connection = transaction.get_connection(using)
    if not connection.features.can_return_rows_from_bulk_insert or model._meta.parents:
        for obj in objects:
            obj.save(using=using)
        return
    for obj in objects:
        if before_save is not None:
            before_save(obj)
        pre_save.send(sender=model, instance=obj, raw=False, using=using, update_fields=None)
    with transaction.atomic(using=using, savepoint=False):
        model._base_manager.using(using).bulk_create(objects)
        for obj in objects:
            post_save.send(sender=model, instance=obj, created=True, update_fields=None, raw=False, using=using)


__all__ = ["save_new"]
