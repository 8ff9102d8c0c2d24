"""Wagtail's reference index, updated once per object over an import rather than once per save.

An import saves each page several times (created, revised, published, copied for
translation), and Wagtail re-indexes its references after every save: a fifth of an
import's time. Inside ``batched_references`` those per-save updates are off
(Wagtail's own ``disable_reference_index_auto_update``) and each saved object is
indexed once at the end, inside the import's transaction, so the index never
disagrees with what was committed. Deletions are handled at once, as Wagtail does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from asgiref.local import Local
from django.apps import apps
from django.db import transaction
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

_batch = Local()


@contextmanager
def batched_references() -> Iterator[None]:
    """Within the block, each saved object's references are indexed once, when the block ends."""
    if getattr(_batch, "saved", None) is not None:  # nested: the outer block indexes
        yield
        return
    _batch.saved = saved = {}
    try:
        with disable_reference_index_auto_update():
            yield
        by_model: dict[str, set[Any]] = {}
        for label, pk in saved:
            by_model.setdefault(label, set()).add(pk)
        for label, pks in by_model.items():
            for obj in apps.get_model(label)._default_manager.filter(pk__in=pks):
                ReferenceIndex.create_or_update_for_object(obj)
    finally:
        del _batch.saved


def record_save(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """post_save: remember an indexed object saved inside a batch (connected in ``AppConfig.ready``)."""
    saved = getattr(_batch, "saved", None)
    if saved is None or raw or not ReferenceIndex.is_indexed(sender):
        return
    saved[sender._meta.label_lower, instance.pk] = None


def record_delete(sender: type, instance: Any, **kwargs: Any) -> None:
    """post_delete inside a batch: what Wagtail's own handler would have done, at once."""
    saved = getattr(_batch, "saved", None)
    if saved is None or not ReferenceIndex.is_indexed(sender):
        return
    saved.pop((sender._meta.label_lower, instance.pk), None)
    with transaction.atomic():
        ReferenceIndex.remove_for_object(instance)
        ReferenceIndex.remove_references_to(instance)
