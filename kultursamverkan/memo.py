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
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


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
