"""Remembering phrases and labels of model values, which are almost always hashable.

The renderers phrase the same few cadences and category lists body after body, so they
keep the answers (``functools.lru_cache``, bounded: a long-running site renders many
structures). The model's types say tuple, but attrs does not insist: an object built or
``attrs.evolve``-d by hand may hold a list, which cannot be a key. Such a call is simply
answered afresh, as before the cache.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Generic, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
K = TypeVar("K")
V = TypeVar("V")


def memo(maxsize: int) -> Callable[[F], F]:
    """``lru_cache(maxsize)`` that calls the function itself when an argument cannot be hashed."""

    def decorate(fn: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(fn)

        @functools.wraps(fn)
        def call(*args: Any) -> Any:
            try:
                return cached(*args)
            except TypeError:
                try:
                    hash(args)
                except TypeError:  # a list where the model says tuple
                    return fn(*args)
                raise

        return call  # type: ignore[return-value]

    return decorate


class Remembered(dict[K, V], Generic[K, V]):
    """The answers of a one-argument pure function, by argument: call ``remembered.__getitem__``.

    For the writers' most frequent steps (a span's or a text's HTML, some ten thousand a page, a
    few hundred distinct): a hit is a plain dictionary look-up, in C, a third cheaper than an
    ``lru_cache`` hit (no key tuple, no recency list). The key is the value itself, so an answer
    cannot go stale; bounded for a long-running site by starting afresh when full.
    """

    def __init__(self, fn: Callable[[K], V], maxsize: int) -> None:
        super().__init__()
        self.fn = fn
        self.maxsize = maxsize

    def recall(self, key: K) -> V:
        """``self[key]``, or the answer afresh when ``key`` holds a list where the model says tuple."""
        try:
            return self[key]
        except TypeError:
            try:
                hash(key)
            except TypeError:
                return self.fn(key)
            raise

    def __missing__(self, key: K) -> V:
        if len(self) >= self.maxsize:
            self.clear()
        value = self[key] = self.fn(key)
        return value
