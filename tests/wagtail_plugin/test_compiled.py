"""Compiled queries (``compiled``): the rows Django's queryset gives, for any values, with the SQL
compiled once per connection and shape; anything that cannot be put in safely is run as Django runs it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.sql.compiler import SQLCompiler
from wagtail.models import Locale, Page

import kultursamverkan
from wagtail_kultursamverkan import extract
from wagtail_kultursamverkan.compiled import Compiled
from wagtail_kultursamverkan.models import Organisation, Person, StructurePage

from .helpers import structure_page

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = ROOT / "examples" / "complete.yaml"
HALLAND = ROOT / "examples" / "regions" / "halland.yaml"


@pytest.fixture
def two(db: None) -> list[StructurePage]:
    """Two structures, the complete example in sv and en and Halland in sv: four parents in all."""
    Locale.objects.get_or_create(language_code="en")
    complete = structure_page(kultursamverkan.load(COMPLETE))
    halland = structure_page(kultursamverkan.load(HALLAND))
    pages = [p.specific for p in complete.get_translations(inclusive=True).order_by("pk")]
    return [*pages, halland]


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A count of Django's compilations (``SQLCompiler.as_sql``), subqueries included."""
    count = [0]
    original = SQLCompiler.as_sql

    def as_sql(self: SQLCompiler, *args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", as_sql)
    return count


def _django(paths: list[str], depths: list[int]) -> list[tuple[Any, ...]]:
    return list(extract._stored_item_pages()[0].filter(extract._children_of(paths, depths)))


def test_the_stored_children_are_djangos_rows_for_each_set_of_parents(two: list[StructurePage]) -> None:
    sets = [two[:1], two[1:2], two[2:], two[:2], [two[2], two[0]], two]
    for parents in sets:
        paths, depths = extract._places(parents)
        rows = extract._STORED_CHILDREN(paths, depths)
        assert rows == _django(paths, depths)
        assert rows, "each structure has item pages"
        assert {row[3][: -Page.steplen] for row in rows} == set(paths)  # the values put in, not the first call's
    plans = extract._STORED_CHILDREN._plans[connections[DEFAULT_DB_ALIAS]]
    assert all(plans[(n, n)] is not None for n in (1, 2, 3))


def test_a_shape_is_compiled_once_and_each_reading_is_one_query(
    two: list[StructurePage], compiles: list[int], django_assert_num_queries: Any
) -> None:
    extract._STORED_CHILDREN._plans.clear()
    paths, depths = extract._places(two[:1])
    extract._STORED_CHILDREN(paths, depths)
    assert compiles[0] > 0
    compiles[0] = 0
    for parent in two:
        with django_assert_num_queries(1):
            rows = extract._STORED_CHILDREN(*extract._places([parent]))
        assert {row[3][: -Page.steplen] for row in rows} == {parent.path}
    assert compiles[0] == 0


def test_reference_rows_and_snippets_are_djangos(two: list[StructurePage], compiles: list[int]) -> None:
    regions = [p.get_parent() for p in two]
    locales = sorted({p.locale_id for p in two})
    for chosen in (regions[:1], regions[2:], regions):
        paths = [r.path for r in chosen]
        rows = extract._REFERENCE_ROWS(paths, locales)
        assert sorted(rows) == sorted(extract._references_in(paths, locales))
        assert {row[3][: len(paths[0])] for row in rows if row[0] == "page"} <= set(paths)
    for model in (Organisation, Person):
        pks = sorted(model.objects.values_list("pk", flat=True))
        assert len(pks) >= 2
        for some in (pks[:1], pks[1:], pks):
            stored = extract._stored_snippets(model, some)
            assert sorted(stored) == some
            assert {pk: s.stored for pk, s in stored.items()} == {
                pk: tuple(rest) for pk, _key, _locale, *rest in extract._stored_snippet_rows(model).filter(pk__in=some)
            }
    compiles[0] = 0
    extract._REFERENCE_ROWS([regions[0].path], locales)
    assert compiles[0] == 0


@pytest.mark.django_db
def test_values_a_pattern_escapes_and_unused_values_are_run_as_django_runs_them(compiles: list[int]) -> None:
    root = Page.get_first_root_node()
    for title in ("50% rabatt", "50 kronor", "5_0", "Åsa"):
        root.add_child(instance=Page(title=title, slug=f"s{len(title)}-{ord(title[1])}"))
    by_title = Compiled(lambda titles: Page.objects.filter(title__startswith=titles[0]).values_list("title"), (str,))
    assert sorted(by_title(["50"])) == [("50 kronor",), ("50% rabatt",)]
    compiles[0] = 0
    assert by_title(["Ås"]) == [("Åsa",)]
    assert compiles[0] == 0  # the compiled plan, with the new value
    assert by_title(["50%"]) == [("50% rabatt",)]  # "%" escaped by Django, not a wildcard
    assert by_title(["5_"]) == [("5_0",)]
    assert compiles[0] > 0  # those two ran as Django runs them

    # A build that leaves a value out: nothing to put it in, so every reading is Django's.
    first_only = Compiled(lambda titles: Page.objects.filter(title=titles[0]).values_list("title"), (str,))
    assert first_only(["Åsa", "50 kronor"]) == [("Åsa",)]
    assert first_only._plans[connections[DEFAULT_DB_ALIAS]][(2,)] is None
    assert first_only(["50 kronor", "Åsa"]) == [("50 kronor",)]
    # No values, or values of another kind: Django's.
    by_pk = Compiled(lambda pks: Page.objects.filter(pk__in=pks).values_list("title"), (int,))
    assert by_pk([]) == []
    with pytest.raises((TypeError, ValueError)):
        by_pk(["nine"])
    assert by_pk([True]) == list(Page.objects.filter(pk__in=[True]).values_list("title"))
    assert by_pk([2**31]) == list(Page.objects.filter(pk__in=[2**31]).values_list("title")) == []
    assert by_pk([root.pk]) == [(root.title,)]


@pytest.mark.django_db
def test_a_connection_keeps_a_bounded_number_of_shapes() -> None:
    by_pk = Compiled(lambda pks: Page.objects.filter(pk__in=pks).values_list("pk"), (int,), shapes=3)
    root = Page.get_first_root_node()
    for n in range(1, 6):
        assert by_pk([root.pk] * n) == [(root.pk,)]
    assert list(by_pk._plans[connections[DEFAULT_DB_ALIAS]]) == [(3,), (4,), (5,)]


def test_a_first_render_reads_the_same_structure(two: list[StructurePage], monkeypatch: pytest.MonkeyPatch) -> None:
    """``read_live`` through the compiled queries and through Django's own: the same structure and links."""
    page = two[0]
    compiled = page.read_live()
    monkeypatch.setattr(extract, "_STORED_CHILDREN", lambda *args: _django(*args))
    monkeypatch.setattr(extract, "_REFERENCE_ROWS", lambda *args: list(extract._references_in(*args)))
    plain = StructurePage.objects.get(pk=page.pk).read_live()
    assert kultursamverkan.dumps(compiled.structure, "json") == kultursamverkan.dumps(plain.structure, "json")
    assert compiled.links == plain.links
