"""Checks on untrusted SPARQL text before any engine sees it.

Both engines in our stack make network calls for SERVICE, and pyoxigraph
crashes the process on deeply nested queries, so a cheap lexer looks at the
query first: it blanks out strings, IRIs, comments, variables and prefixed
names, then looks for SERVICE, update operations and bracket depth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablegraph.graph.errors import QueryError

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_VARIABLE = re.compile(r"[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+")
_PNAME = re.compile(r"[\w.-]*:[\w.%:-]*")
_UPDATE = re.compile(r"(?<![\w:?$])(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)(?![\w:])", re.IGNORECASE)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:])", re.IGNORECASE)
_QUERY_FORM = re.compile(r"(?<![\w:?$])(SELECT|CONSTRUCT|DESCRIBE|ASK)(?![\w:])", re.IGNORECASE)


@dataclass(frozen=True)
class QueryLimits:
    max_length: int = 65_536
    max_nesting: int = 100


def code_of(query: str) -> str:
    """The query with strings, IRIs, comments, variables and prefixed names blanked (same length)."""
    out: list[str] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch == "#":
            end = query.find("\n", i)
            end = n if end == -1 else end
            out.append(" " * (end - i))
            i = end
        elif ch in "\"'":
            end = _string_end(query, i)
            out.append(" " * (end - i))
            i = end
        elif ch == "<" and (match := _IRI.match(query, i)):
            out.append(" " * (match.end() - i))
            i = match.end()
        else:
            out.append(ch)
            i += 1
    code = "".join(out)
    code = _VARIABLE.sub(lambda m: " " * len(m.group()), code)
    return _PNAME.sub(lambda m: " " * len(m.group()) if ":" in m.group() else m.group(), code)


def _string_end(query: str, start: int) -> int:
    quote = query[start]
    long_quote = query.startswith(quote * 3, start)
    delimiter = quote * 3 if long_quote else quote
    i = start + len(delimiter)
    while i < len(query):
        if query[i] == "\\":
            i += 2
            continue
        if query.startswith(delimiter, i):
            return i + len(delimiter)
        if not long_quote and query[i] == "\n":
            return i  # unterminated short string: let the parser report it
        i += 1
    return len(query)


def check_query(query: str, limits: QueryLimits = QueryLimits()) -> str:
    """Raise QueryError(kind="refused" | "too-large") for what must never reach an engine.

    Returns the query form ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") when one is found.
    """
    if len(query) > limits.max_length:
        raise QueryError(f"query is longer than {limits.max_length} characters", "too-large")
    code = code_of(query)
    depth = deepest = 0
    for ch in code:
        if ch in "({[":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limits.max_nesting:
                raise QueryError(f"query nesting too deep (limit {limits.max_nesting})", "refused")
        elif ch in ")}]":
            depth = max(0, depth - 1)
    if _SERVICE.search(code):
        raise QueryError("SERVICE (federated query) is not allowed on this endpoint", "refused")
    form = _QUERY_FORM.search(code)
    update = _UPDATE.search(code)
    if update and (form is None or update.start() < form.start()):
        raise QueryError(f"SPARQL Update ({update.group(1).upper()}) is not allowed: this endpoint is read-only", "update")
    return form.group(1).upper() if form else ""


def query_form(query: str) -> str:
    """ "SELECT", "ASK", "CONSTRUCT" or "DESCRIBE" ("" when none is found)."""
    form = _QUERY_FORM.search(code_of(query))
    return form.group(1).upper() if form else ""
