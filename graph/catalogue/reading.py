"""What the Catalogue's reading parts share: rows under its lock, and aggregate answers kept.

The Catalogue (graph/catalogue/database.py) is one class made of parts: the entity pages' reads
(entities.py) and the charts' counts (visualisations.py) are mixins of it. This base says what
those parts may ask of the class (its rows, its lock, its kept answers), so each part type-checks
on its own, and memoises the aggregates the same way for all of them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar, cast

from cablegraph.graph.catalogue.schema import Row

MEMO_SIZE = 512  # aggregate answers kept per process
_P = ParamSpec("_P")
_R = TypeVar("_R")
_Reader = TypeVar("_Reader", bound="CatalogueReading")


class CatalogueReading:
    """The part of the Catalogue its reading mixins rely on; the Catalogue provides each."""

    _lock: threading.RLock
    _memo: OrderedDict[tuple[object, ...], object]

    def _follow(self) -> None:
        """Pick up what a build has written since (read-only catalogues)."""
        raise NotImplementedError

    def _rows(self, sql: str, params: Iterable[object] = (), /) -> list[Row]:
        """The rows of one query, under the lock, after following the file."""
        raise NotImplementedError


def memoised(method: Callable[Concatenate[_Reader, _P], _R]) -> Callable[Concatenate[_Reader, _P], _R]:
    """Aggregates are answered once per build and argument list: the catalogue changes only in
    refresh(), which forgets them. The answers are shared, so callers must not change them."""
    name = method.__name__

    @wraps(method)
    def wrapper(self: _Reader, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        key = (name, args, tuple(sorted(kwargs.items())))
        self._follow()
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return cast(_R, self._memo[key])  # kept under this method's name and arguments: its own answer
        value = method(self, *args, **kwargs)
        with self._lock:
            self._memo[key] = value
            while len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
        return value

    return wrapper
