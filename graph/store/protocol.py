"""What readers above the store ask of one, whichever it is: SELECT rows as dicts of plain values.

The embedded store (embedded.py) and a store over HTTP (remote.py) share no base class; the
catalogue and the base-IRI lookup (build_base.py) need only their `select`, so they are typed
against this Protocol and work with either.
"""

from __future__ import annotations

from typing import Any, Protocol


class SelectingStore(Protocol):
    """A store that answers SELECT queries. A value's Python type is what its literal's datatype
    converts to (graph/store/convert.py: str, int, float or bool), so the rows are typed loosely."""

    def select(self, sparql: str, *, union_default_graph: bool = ...) -> list[dict[str, Any]]: ...
