"""Read queries compiled once per database connection and shape, then run with new values.

A structure's first render reads it in a handful of queries over Wagtail's page table joined
to every item page type, forty-odd columns. Django compiles a queryset anew each time it
runs it, and for these that was about half the reading. ``Compiled`` keeps the SQL a
``values_list`` queryset compiles to, by connection and by the number of values of each
argument (the shape), and runs it again with the new values in place.

Where the values sit among the SQL's parameters is found once, by building the queryset
with stand-ins and looking for them: a parameter that is a stand-in is replaced by the
value, one that holds a stand-in (``path__startswith``'s ``"…%"``) has it replaced in the
text. A plan is kept only if a second set of stand-ins, put in the same way, gives exactly
the SQL and parameters Django compiles for them (a build that changes a value, ``p[:-4]``,
is caught so). Whatever cannot be done safely is run as Django runs it: a shape whose
stand-ins are not found, are found in the SQL itself, fail that check or cannot be built or
compiled at all (a UUID column, a small integer column); an empty argument; a text with a
character a ``LIKE`` pattern escapes; a number below 0 or beyond 32 bits. The rows come
back through Django's own conversion (``results_iter``), so they are what the queryset gives.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, router
from django.db.models import QuerySet

#: An argument: the values of one kind the query takes (paths, keys), in the caller's order.
Values = Sequence[Any]

#: Characters a ``LIKE`` pattern escapes: a text holding one is not put where a stand-in was.
_LIKE_SPECIAL = frozenset("%_\\")
#: Stand-ins: letters only (no escaping changes them), and numbers within a 32-bit column's range
#: (Django drops a condition on a number out of range: then no plan) that no constant of a query equals.
_MARK = "kscompiledstandin"
#: Numbers of one argument apart from another's by this much, so that no two stand-ins are equal.
_STRIDE = 1_000_000
#: The two sets of stand-ins, as (text by argument and position, first number, apart by argument,
#: apart by position). The second checks a plan against Django's own compilation with it: other
#: letters from the first on, other numbers three apart (a value the build changes, ``p[:-4]``,
#: ``d - 1``, is then found changed, where with one set it stayed as a constant or looked like another).
_FIRST = (_MARK + "{}y{}x", 1_700_000_000, _STRIDE, 1)
_CHECK = ("zqverify{}q{}w", 2_100_000_000, 4 * _STRIDE, 3)
#: Numbers beyond a 32-bit column's range are Django's to deal with (it drops the condition).
_INT32 = 2**31


class _Plan:
    """A shape's compiled query, its SQL and parameters, and where in them the values go."""

    __slots__ = ("compiler", "params", "places", "sql")

    def __init__(
        self, compiler: Any, sql: str, params: tuple[Any, ...], places: list[tuple[int, int, int, str | None]]
    ) -> None:
        self.compiler = compiler
        self.sql = sql
        self.params = params
        #: (parameter index, argument, position in it, the stand-in text it holds or None: it is the stand-in).
        self.places = places

    def params_for(self, args: Sequence[Values]) -> list[Any]:
        params = list(self.params)
        for index, arg, position, held in self.places:
            value = args[arg][position]
            if held is None:  # of the parameter's own type (psycopg's ``Int4`` is an int marked for its column)
                params[index] = type(params[index])(value)
            else:
                params[index] = params[index].replace(held, value)
        return params


class Compiled:
    """``build(*args)``, a ``values_list`` queryset, as rows; compiled once per connection and shape.

    ``kinds`` says what each argument of ``build`` holds, ``str`` or ``int``: a sequence of such
    values, which ``build`` puts where the queryset takes them (a filter, ``__in``,
    ``__startswith``); it must use every value it is given, and depend on nothing else that may
    change between calls (the active language, the time, a setting): every other parameter is the
    first build's, per connection and shape.
    """

    def __init__(self, build: Callable[..., QuerySet[Any, Any]], kinds: tuple[type, ...], *, shapes: int = 16) -> None:
        if shapes < 1:
            raise ValueError("shapes: at least one")
        self.build = build
        self.kinds = kinds
        #: Shapes kept per connection: a listing of many structures has a shape of its own.
        self.shapes = shapes
        self._plans: weakref.WeakKeyDictionary[Any, dict[tuple[int, ...], _Plan | None]] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()
        self._model: type | None = None
        self._using: str | None = None
        self._hints: dict[str, Any] = {}

    def __call__(self, *args: Values) -> list[tuple[Any, ...]]:
        values = tuple(tuple(a) for a in args)
        if not all(values) or not all(_fits(a, kind) for a, kind in zip(values, self.kinds, strict=True)):
            return list(self.build(*values))
        connection = connections[self._database(values)]
        plans = self._plans_of(connection)
        shape = tuple(len(a) for a in values)
        if shape not in plans:
            if len(plans) >= self.shapes:
                plans.pop(next(iter(plans)))
            plans[shape] = _plan(self.build, self._stand_ins(shape, _FIRST), self._stand_ins(shape, _CHECK), connection)
        plan = plans[shape]
        if plan is None:
            return list(self.build(*values))
        compiler = plan.compiler
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, plan.params_for(values))
            raw = cursor.fetchall()
        if compiler.has_extra_select:  # as Django's ``execute_sql``: the ordering's own columns dropped
            raw = [row[: compiler.col_count] for row in raw]
        return list(compiler.results_iter(results=[raw], tuple_expected=True))

    def _stand_ins(self, shape: tuple[int, ...], kind_of: tuple[str, int, int, int]) -> list[tuple[Any, ...]]:
        """Stand-ins of one set (``_FIRST``, ``_CHECK``) for arguments of ``shape``."""
        text, first, by_argument, by_position = kind_of
        return [
            tuple(text.format(arg, i) if kind is str else first - by_argument * arg - by_position * i for i in range(n))
            for arg, (n, kind) in enumerate(zip(shape, self.kinds, strict=True))
        ]

    def _database(self, values: Sequence[Values]) -> str:
        """The database the queryset reads from, as ``QuerySet.db``: its own (``using``), or the routers'
        asked each time (a router may send reads to the primary after a write). Learnt from a build with
        the caller's values (a stand-in may be no value for the column: a UUID)."""
        if self._model is None:
            queryset = self.build(*values)
            self._using, self._hints = queryset._db, dict(queryset._hints)
            self._model = queryset.model
        return self._using or router.db_for_read(self._model, **self._hints)

    def _plans_of(self, connection: Any) -> dict[tuple[int, ...], _Plan | None]:
        # A connection object is its thread's own (Django's), so only the outer map is shared.
        with self._lock:
            plans = self._plans.get(connection)
            if plans is None:
                plans = self._plans[connection] = {}
            return plans


def _fits(values: tuple[Any, ...], kind: type) -> bool:
    """Whether ``values`` can go where stand-ins of ``kind`` were: of that kind; texts without a
    character that a ``LIKE`` pattern escapes (the stand-ins had none), numbers in every column's range."""
    if kind is str:
        return all(type(v) is str and not (_LIKE_SPECIAL & set(v)) and _MARK not in v for v in values)
    # Not below 0: Django drops ``__gte`` below a positive column's range (NULL rows match), SQL does not.
    return len(values) < _STRIDE and all(type(v) is int and 0 <= v < _INT32 for v in values)


def _same_kind(param: Any, stand_in: Any) -> bool:
    if isinstance(stand_in, str):
        return type(param) is str
    return isinstance(param, int) and not isinstance(param, bool)


def _compile(build: Callable[..., QuerySet[Any, Any]], stand_ins: list[tuple[Any, ...]], connection: Any) -> Any:
    """The compiler and its SQL and parameters for ``build(*stand_ins)``; None where Django cannot build or
    compile it with stand-ins (a text for a UUID or number column; a number out of a small column's range,
    the whole condition empty)."""
    try:
        compiler = build(*stand_ins).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
    except Exception:  # noqa: BLE001 - any: the values themselves are then Django's to run
        return None
    return compiler, sql, params


def _plan(
    build: Callable[..., QuerySet[Any, Any]],
    stand_ins: list[tuple[Any, ...]],
    check: list[tuple[Any, ...]],
    connection: Any,
) -> _Plan | None:
    """The SQL of ``build(*stand_ins)`` and where the values go; None if that is not safely found. The plan
    with ``check`` put in must be what Django compiles with them: the same SQL and parameters."""
    compiled = _compile(build, stand_ins, connection)
    if compiled is None:
        return None
    compiler, sql, params = compiled
    places: list[tuple[int, int, int, str | None]] = []
    found = set()
    for arg, values in enumerate(stand_ins):
        for position, stand_in in enumerate(values):
            if str(stand_in) in sql:  # put into the SQL text itself: no parameter to replace
                return None
            for index, param in enumerate(params):
                if _same_kind(param, stand_in) and param == stand_in:
                    places.append((index, arg, position, None))
                    found.add((arg, position))
                elif isinstance(stand_in, str) and isinstance(param, str) and stand_in in param:
                    places.append((index, arg, position, stand_in))
                    found.add((arg, position))
    if len(found) != sum(map(len, stand_ins)):
        return None
    plan = _Plan(compiler, sql, tuple(params), places)
    checked = _compile(build, check, connection)
    if checked is None or checked[1] != sql or _typed(plan.params_for(check)) != _typed(checked[2]):
        return None
    # The compiler is kept for ``results_iter``: not its connection, which the plans are kept by (weakly).
    compiler.connection = weakref.proxy(connection)
    return plan


def _typed(params: Sequence[Any]) -> list[tuple[type, Any]]:
    return [(type(p), p) for p in params]
