"""Wagtail's reference and search indexes, updated once per object over an import rather than once per save.

An import saves each page several times (created, revised, published, copied for
translation), and Wagtail re-indexes its references and its search entry after every
save: together about half of an import's time. Inside ``batched_indexes`` those
per-save updates are off and each saved object is indexed once at the end, inside the
import's transaction, so neither index disagrees with what was committed. Deletions
are handled at once, as Wagtail does.

References: Wagtail's own ``disable_reference_index_auto_update``, then the rows of every saved
object written together (``reference_index.update_for_objects``: Wagtail's rows, in a few queries). Search: Wagtail
(7.4 and 8.x alike) connects ``wagtail.search.signal_handlers.post_save_signal_handler``
to each indexed model's ``post_save``; ``install_search_deferral`` swaps it, once, for
a handler that does exactly the same outside a batch and only records the object
inside one. The batch is per thread (and per async context), so other requests served
meanwhile keep indexing each save as before.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from asgiref.local import Local
from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_save
from wagtail.models import ReferenceIndex
from wagtail.search import index as search_index
from wagtail.search.backends import get_search_backends_with_name
from wagtail.search.signal_handlers import post_save_signal_handler as wagtail_search_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from . import reference_index, search_entries

logger = logging.getLogger(__name__)
_batch = Local()
_install_lock = threading.Lock()
_installed = False


#: Told how many of the saved objects are indexed so far, and of how many: ``(done, total)``.
Progress = Callable[[int, int], None]


@contextmanager
def batched_indexes(progress: Progress | None = None) -> Iterator[None]:
    """Within the block, each saved object's references and search entry are indexed once, when the block ends.

    ``progress``: called after each model's objects are in the search index (a national import
    indexes thousands of objects at the end, which takes a while).
    """
    if getattr(_batch, "saved", None) is not None:  # nested: the outer block indexes
        yield
        return
    install_search_deferral()
    _batch.saved = saved = {}
    _batch.searched = searched = {}
    try:
        with disable_reference_index_auto_update():
            yield
        recorded = _by_model(searched)
        indexed = _indexed_objects(recorded)
        loaded = {(label, obj.pk): obj for label, objs in indexed.items() for obj in objs}
        unread = {key: None for key in saved if key not in loaded}
        reference_index.update_for_objects([*(loaded[key] for key in saved if key in loaded), *_objects(unread)])
        _index_for_search(indexed, recorded, progress)
    finally:
        del _batch.saved
        del _batch.searched


def _objects(keys: dict[tuple[str, Any], None]) -> Iterator[Any]:
    for label, pks in _by_model(keys).items():
        yield from apps.get_model(label)._default_manager.filter(pk__in=pks)


def _by_model(keys: dict[tuple[str, Any], None]) -> dict[str, set[Any]]:
    by_model: dict[str, set[Any]] = {}
    for label, pk in keys:
        by_model.setdefault(label, set()).add(pk)
    return by_model


def _indexed_objects(by_model: dict[str, set[Any]]) -> dict[str, list[Any]]:
    """The recorded objects each model indexes (``get_indexed_objects``), read once: the reference index
    takes them too (any instance of the row will do for it), rather than reading them again."""
    return {
        label: list(apps.get_model(label).get_indexed_objects().filter(pk__in=pks)) for label, pks in by_model.items()
    }


def _index_for_search(
    indexed: dict[str, list[Any]], recorded: dict[str, set[Any]], progress: Progress | None = None
) -> None:
    """Each model's objects once, one bulk call per model and backend (what ``update_index`` does);
    modelsearch's PostgreSQL index in fewer steps (``search_entries``). ``recorded``: the keys saved."""
    backends = list(get_search_backends_with_name(with_auto_update=True))
    done, total = 0, sum(len(pks) for pks in recorded.values())
    for label, objs in indexed.items():
        model = apps.get_model(label)
        for name, backend in backends if objs else ():
            try:
                index = backend.get_index_for_model(model)
                if search_entries.supports(index):
                    search_entries.add_items(index, model, objs)
                else:
                    backend.add_bulk(model, objs)
            except Exception:
                logger.exception("Exception raised while adding %s objects into the '%s' search backend", label, name)
                if not backend.catch_indexing_errors:  # a database backend: the transaction is broken anyway
                    raise
        done += len(recorded[label])
        if progress is not None:
            progress(done, total)


def install_search_deferral() -> None:
    """Put ``deferred_search_save`` in place of Wagtail's search handler on every indexed model (once)."""
    global _installed
    if _installed:
        return
    with _install_lock:
        if _installed:
            return
        for model in search_index.get_indexed_models():
            if post_save.disconnect(wagtail_search_handler, sender=model):
                post_save.connect(deferred_search_save, sender=model, dispatch_uid="ks-search-deferred")
        _installed = True


def deferred_search_save(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """Wagtail's search handler, or, inside a batch, a note to index ``instance`` once at the end."""
    searched = getattr(_batch, "searched", None)
    if searched is None:
        wagtail_search_handler(instance=instance, sender=sender, raw=raw, **kwargs)
    elif not raw:
        searched[sender._meta.label_lower, instance.pk] = None


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
