"""PostgreSQL search entries for many objects in one statement, without compiling Django expressions per object.

modelsearch's PostgreSQL index (``PostgresIndex.add_items``, what ``add_bulk`` calls) builds three
``SearchVector`` expressions for each object (its title, autocomplete and body vectors), resolves and
compiles each of them, and reads each search field of the object five times (``ObjectIndexer``'s
``title``, ``body``, ``autocomplete``, ``title_text`` and ``body_text``): in a first import of the
national set, a tenth of the time. A vector's SQL depends only on its texts' weights and its search
configuration, so ``add_items`` compiles modelsearch's own expression once per list of weights, with a
placeholder for each text, and gives each object its texts as that SQL's parameters; it reads each field
once. It writes the rows modelsearch writes, with modelsearch's statement (``tests/wagtail_plugin/
test_search_entries.py`` compares the two), and only for modelsearch's own ``PostgresIndex``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from django.db.models.sql.subqueries import InsertQuery

Texts = list[tuple[str, str]]


@functools.cache
def _postgres() -> Any:
    """modelsearch's PostgreSQL backend module, or None (a Wagtail with search backends of its own, or no driver)."""
    try:
        from modelsearch.backends.database.postgres import postgres
    except ImportError:
        return None
    return postgres


def supports(index: Any) -> bool:
    """Whether ``add_items`` may stand in for ``index.add_items`` (modelsearch's PostgreSQL index itself)."""
    pg = _postgres()
    return pg is not None and type(index) is pg.PostgresIndex


def add_items(index: Any, model: Any, objs: Sequence[Any]) -> None:
    """What ``index.add_items(model, objs)`` does: one upsert of the objects' entries, then the title norms."""
    if not model.get_search_fields() or not objs:
        return
    pg = _postgres()
    IndexEntry = pg.IndexEntry
    connection = index.write_connection
    vectors = _Vectors(
        pg.ObjectIndexer(objs[0], index.backend), InsertQuery(IndexEntry).get_compiler(connection=connection)
    )
    content_type_pk = pg.get_content_type_pk(model)
    rows: list[str] = []
    params: list[Any] = []
    for obj in objs:
        indexer = pg.ObjectIndexer(obj, index.backend)
        prepared = [p for field in indexer.search_fields for p in indexer.prepare_field(obj, field)]
        title: Texts = []
        body: Texts = []
        autocomplete: Texts = []
        for field, weight, value in prepared:
            if isinstance(field, pg.SearchField):
                (title if field.field_name == "title" else body).append((value, weight))
            elif isinstance(field, pg.AutocompleteField):
                autocomplete.append((value, weight))
        params.extend((content_type_pk, indexer.id))
        sql = []
        for name, texts in (("title", title), ("autocomplete", autocomplete), ("body", body)):
            vector_sql, vector_params = vectors.sql(name, texts)
            sql.append(vector_sql)
            params.extend(vector_params)
        params.append(" ".join(text for text, _weight in _stripped(title)))
        params.append(" ".join(text for text, _weight in _stripped(body)))
        rows.append(f"(%s, %s, {sql[0]}, {sql[1]}, {sql[2]}, 1.0, %s, %s)")
    columns = "content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {IndexEntry._meta.db_table} ({columns})
            (VALUES {", ".join(rows)})
            ON CONFLICT (content_type_id, object_id)
            DO UPDATE SET title = EXCLUDED.title,
                          title_norm = 1.0,
                          autocomplete = EXCLUDED.autocomplete,
                          body = EXCLUDED.body,
                          title_text = EXCLUDED.title_text,
                          body_text = EXCLUDED.body_text
            """,
            params,
        )
    index._refresh_title_norms()


def _stripped(texts: Texts) -> Texts:
    """The texts a vector holds, as ``ObjectIndexer.as_vector`` keeps them: stripped, the empty ones left out."""
    return [(text, weight) for text, weight in ((text.strip(), weight) for text, weight in texts) if text]


class _Vectors:
    """Each kind of vector's SQL by its texts' weights, compiled once with modelsearch's expression."""

    def __init__(self, indexer: Any, compiler: Any) -> None:
        self.indexer, self.compiler = indexer, compiler
        self._compiled: dict[tuple[str, tuple[str, ...]], tuple[str, list[Any], list[int | None]]] = {}

    def sql(self, name: str, texts: Texts) -> tuple[str, list[Any]]:
        """The SQL of the ``name`` vector (title, autocomplete or body) of ``texts`` and its parameters."""
        texts = _stripped(texts)
        key = (name, tuple(weight for _text, weight in texts))
        if key not in self._compiled:
            self._compiled[key] = self._compile(name, key[1])
        sql, constants, slots = self._compiled[key]
        return sql, [
            constant if slot is None else texts[slot][0] for constant, slot in zip(constants, slots, strict=True)
        ]

    def _compile(self, name: str, weights: tuple[str, ...]) -> tuple[str, list[Any], list[int | None]]:
        """The SQL and parameters for placeholder texts; which parameter is which text (None: a constant)."""
        placeholders = [f"\x00text {i}\x00" for i in range(len(weights))]
        vector = self.indexer.as_vector(
            list(zip(placeholders, weights, strict=True)), for_autocomplete=name == "autocomplete"
        )
        value = self.compiler.prepare_value(_postgres().IndexEntry._meta.get_field(name), vector)
        sql, params = value.as_sql(self.compiler, self.compiler.connection)
        slots = [placeholders.index(p) if isinstance(p, str) and p in placeholders else None for p in params]
        if sorted(s for s in slots if s is not None) != list(range(len(weights))):
            raise RuntimeError(f"modelsearch's {name} vector does not pass each text once as a parameter: {sql}")
        return sql, list(params), slots


__all__ = ["add_items", "supports"]
