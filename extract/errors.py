"""Errors raised while reading and extracting documents.

    ExtractError
     ├── DocumentParseError   the file cannot be read as a telegram document
     └── AuthorityError       an authority data file is malformed

Each carries the file it concerns, so a batch can report it and go on.
"""

from __future__ import annotations


class ExtractError(Exception):
    """Base class of everything `cablegraph.extract` raises on purpose."""


class DocumentParseError(ExtractError):
    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class AuthorityError(ExtractError):
    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")
