"""Errors of the graph layer.

GraphError
 ├── StoreError        the store cannot be opened, read or written (storage, locks)
 ├── QueryError        a SPARQL query is refused or fails; `kind` says why:
 │                     "syntax" (400), "refused" (400, e.g. SERVICE), "timeout" (503), "evaluation" (500)
 └── ValidationFailed  a document graph has SHACL violations (it is held back)
"""

from __future__ import annotations

from collections.abc import Sized
from typing import Protocol


class GraphError(Exception):
    """Base class of everything `cablegraph.graph` raises on purpose."""


class StoreError(GraphError):
    pass


class QueryError(GraphError):
    def __init__(
        self, message: str, kind: str = "evaluation", line: int | None = None, column: int | None = None
    ) -> None:
        self.kind = kind
        self.line = line
        self.column = column
        super().__init__(message)


class _Report(Protocol):
    """A SHACL report as graph/build/validate.py makes it (a layer above, so not imported here)."""

    @property
    def violations(self) -> Sized: ...


class ValidationFailed(GraphError):
    def __init__(self, report: _Report) -> None:
        self.report = report
        super().__init__(f"{len(report.violations)} SHACL violation(s)")
