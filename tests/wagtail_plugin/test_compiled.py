"""Compiled queries (``compiled``): the rows Django's queryset gives, for any values, with the SQL
compiled once per connection and shape; anything that cannot be put in safely is run as Django runs it."""

from __future__ import annotations

import gc
import threading
import weakref
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("wagtail", reason="the Wagtail plugin's tests need Wagtail: pip install 'kultursamverkan[wagtail]'")

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.sql.compiler import SQLCompiler
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page

import kultursamverkan
from wagtail_kultursamverkan import extract
from wagtail_kultursamverkan.compiled import Compiled, Values
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


# Review findings: each is a case where ``Compiled`` gave other rows than the queryset, or failed where it runs.


@pytest.mark.django_db
def test_a_finished_threads_connection_is_not_kept_alive_by_its_plans() -> None:
    """A plan kept its compiler, and the compiler its connection: the weak key was held by its own value,
    so each thread's connection (runserver: one thread per request; a thread pool's workers) lived for
    ever with its plans, and on PostgreSQL its database session stayed open."""
    by_pk = Compiled(lambda pks: Locale.objects.filter(pk__in=pks).values_list("pk"), (int,))
    pk = Locale.objects.values_list("pk", flat=True).first()
    seen: list[Any] = []

    def read(compiled: bool) -> None:
        rows = by_pk([pk]) if compiled else list(Locale.objects.filter(pk__in=[pk]).values_list("pk"))
        assert rows == [(pk,)]
        seen.append(weakref.ref(connections[DEFAULT_DB_ALIAS]))

    for compiled in (False, True):
        thread = threading.Thread(target=read, args=(compiled,))
        thread.start()
        thread.join()
    gc.collect()
    assert seen[0]() is None, "Django's own: the thread's connection goes with the thread"
    assert seen[1]() is None
    assert len(by_pk._plans) == 0


class _Replica:
    """A router sending reads to a replica (an alias this test has not: reading it fails)."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return "replica"


@pytest.mark.django_db
def test_a_build_that_chooses_its_database_is_read_there() -> None:
    """``QuerySet.db`` is the queryset's own ``using`` before the routers; ``Compiled`` asked the routers only."""
    by_pk = Compiled(lambda pks: Locale.objects.using(DEFAULT_DB_ALIAS).filter(pk__in=pks).values_list("pk"), (int,))
    pk = Locale.objects.values_list("pk", flat=True).first()
    with override_settings(DATABASE_ROUTERS=[_Replica()]):
        assert list(Locale.objects.using(DEFAULT_DB_ALIAS).filter(pk__in=[pk]).values_list("pk")) == [(pk,)]
        assert by_pk([pk]) == [(pk,)]


@pytest.mark.django_db
def test_texts_for_a_column_that_is_not_text_are_run_as_django_runs_them() -> None:
    """A stand-in text is no UUID and no number: building with it raised where Django takes the values."""
    root = Page.get_first_root_node()
    by_key = Compiled(lambda keys: Page.objects.filter(translation_key__in=keys).values_list("pk"), (str,))
    assert by_key([str(root.translation_key)]) == [(root.pk,)]
    by_text_pk = Compiled(lambda pks: Page.objects.filter(pk__in=pks).values_list("pk"), (str,))
    assert by_text_pk([str(root.pk)]) == [(root.pk,)]


@pytest.mark.django_db
def test_values_the_build_changes_are_not_left_as_stand_ins() -> None:
    """A build that puts a value in changed (a parent's path, a depth below) as well as unchanged: every
    stand-in was found, and the changed one stayed in the SQL as a constant (or took another value's place)."""
    root = Page.get_first_root_node()
    child = root.add_child(instance=Page(title="Barn", slug="barn"))
    grandchild = child.add_child(instance=Page(title="Barnbarn", slug="barnbarn"))

    def with_parents(paths: Values) -> Any:
        return (
            Page.objects.filter(path__in=[*paths, *(p[: -Page.steplen] for p in paths)])
            .values_list("pk")
            .order_by("path")
        )

    by_path = Compiled(with_parents, (str,))
    assert by_path([grandchild.path]) == list(with_parents([grandchild.path])) == [(child.pk,), (grandchild.pk,)]

    def and_below(depths: Values) -> Any:
        return Page.objects.filter(depth__in=[*depths, *(d + 1 for d in depths)]).values_list("pk").order_by("path")

    by_depth = Compiled(and_below, (int,))
    expected = list(and_below([child.depth]))
    assert {(child.pk,), (grandchild.pk,)} <= set(expected)
    assert by_depth([child.depth]) == expected

    def between(depths: Values) -> Any:  # d - 1 is the stand-in of the next value
        return Page.objects.filter(depth__gte=depths[0] - 1, depth__lte=depths[1]).values_list("pk").order_by("path")

    by_range = Compiled(between, (int,))
    expected = list(between([child.depth, grandchild.depth]))
    assert {(root.pk,), (child.pk,), (grandchild.pk,)} <= set(expected)
    assert by_range([child.depth, grandchild.depth]) == expected


@pytest.mark.django_db
def test_a_negative_number_for_a_positive_column_is_run_as_django_runs_it() -> None:
    """Django drops ``__gte`` below a positive column's range (every row, NULL ones too); the compiled
    SQL kept ``col >= -1``, which no NULL meets."""
    from wagtail.images.models import Image

    image = Image.objects.create(title="Bild", file="original_images/bild.png", width=1, height=1)
    assert image.focal_point_x is None
    at_least = Compiled(lambda xs: Image.objects.filter(focal_point_x__gte=xs[0]).values_list("pk"), (int,))
    assert at_least([5]) == [] == list(Image.objects.filter(focal_point_x__gte=5).values_list("pk"))
    assert at_least([-1]) == list(Image.objects.filter(focal_point_x__gte=-1).values_list("pk")) == [(image.pk,)]


@pytest.mark.django_db
def test_a_stand_in_out_of_a_small_columns_range_is_run_as_django_runs_it() -> None:
    """On PostgreSQL a number stand-in is beyond a ``SmallIntegerField``'s range: Django found the whole
    condition empty and ``as_sql`` raised ``EmptyResultSet`` out of ``Compiled``."""
    from wagtail.embeds.models import Embed

    embed = Embed.objects.create(url="https://example.org/v", max_width=100, type="video", html="", width=1, height=1)
    by_width = Compiled(lambda widths: Embed.objects.filter(max_width=widths[0]).values_list("pk"), (int,))
    assert by_width([100]) == [(embed.pk,)]
    assert by_width([101]) == []


@pytest.mark.django_db
def test_ordering_columns_unions_wrappers_and_a_closed_connection() -> None:
    """What ``execute_sql`` does around the SQL: the ordering's own columns dropped (``has_extra_select``),
    a union's rows, an ``execute_wrapper`` and a query count see the query, another thread's connection
    closed between readings."""
    root = Page.get_first_root_node()
    for title in ("B", "A", "B"):
        root.add_child(instance=Page(title=title, slug=f"t{title}{Page.objects.count()}"))
    pks = sorted(Page.objects.values_list("pk", flat=True))

    def distinct_titles(pks: Values) -> Any:
        return Page.objects.filter(pk__in=pks).values_list("title").distinct().order_by("-path")

    titles = Compiled(distinct_titles, (int,))
    titles(pks)
    plan = titles._plans[connections[DEFAULT_DB_ALIAS]][(len(pks),)]
    assert plan is not None
    assert plan.compiler.has_extra_select
    for some in (pks, pks[1:], pks[:1]):
        assert titles(some) == list(distinct_titles(some))

    def united(pks: Values, depths: Values) -> Any:
        # Each part without Page's own ordering: Django 5.2.0 leaves it in, which SQLite refuses in a union.
        below = Page.objects.filter(pk__in=pks).values_list("pk", "title").order_by()
        level = Page.objects.filter(depth__in=depths).values_list("pk", "title").order_by()
        return below.union(level, all=True).order_by("pk")

    union = Compiled(united, (int, int))
    for args in (([pks[0]], [2]), ([pks[-1]], [1]), (pks[:2], [1, 2])):
        assert union(*args) == list(united(*args))
        assert union._plans[connections[DEFAULT_DB_ALIAS]][tuple(map(len, args))] is not None

    seen: list[str] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append(sql)
        return execute(sql, params, many, context)

    connection = connections[DEFAULT_DB_ALIAS]
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(wrapper):
        assert titles(pks[:2]) == list(distinct_titles(pks[:2]))
    assert len(captured) == 2
    assert len(seen) == 2
    assert seen[0] == seen[1]
    with transaction.atomic():
        assert titles(pks[:2]) == list(distinct_titles(pks[:2]))

    # Another thread's connection (its own plans), closed between two readings as after a request.
    locales = Compiled(lambda pks: Locale.objects.filter(pk__in=pks).values_list("pk", "language_code"), (int,))
    locale_pks = list(Locale.objects.values_list("pk", flat=True))
    found: list[Any] = []

    def read() -> None:
        for _ in range(2):
            found.append(
                locales(locale_pks) == list(Locale.objects.filter(pk__in=locale_pks).values_list("pk", "language_code"))
            )
            connections[DEFAULT_DB_ALIAS].close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert found == [True, True]
