"""Checks on untrusted SPARQL text before any engine sees it.

Both engines in our stack make network calls for SERVICE, and pyoxigraph crashes the process
on deeply nested queries, so the query is lexed first with the terminals of the SPARQL 1.1
grammar (§19.8): comments end at CR or LF, strings follow the four quote forms and their
escapes, numbers, variables, prefixed names and blank-node labels are single tokens, and every
other run of letters is a keyword. The guard then looks for SERVICE, update operations and
bracket depth.

Where the grammar and an engine may read the same characters two ways, the guard takes the
stricter reading of both:
- codepoint escapes (``\\u0053ERVICE``) are expanded before parsing (§19.2), by some engines
  and not others, so both the text as sent and the text with escapes expanded are checked;
- ``<`` starts an IRI in a triple pattern but is an operator in an expression, so brackets
  inside an IRI token count towards the depth, and an IRI token that holds the word SERVICE
  and a later ``#`` (a comment in the operator reading, hiding the ``>``) is refused;
- a keyword glued to another word (``trueSERVICE``) is a syntax error for the grammar but may
  be read as two words by a parser without word boundaries, so any bare word containing
  SERVICE is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from cablegraph.graph.errors import QueryError

# §19.8 terminals, in the order a longest-match lexer needs them.
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_EXPONENT = r"[eE][+-]?[0-9]+"

_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<ws>[\x20\t\r\n]+)",
            r"(?P<comment>#[^\r\n]*)",
            r"(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)",
            # Long strings first; a string left open runs to the end (short ones to their line),
            # where the engine reports it: the rest is then never code.
            r"(?P<long_string>\"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|\\[\s\S]?))*?(?:\"\"\"|\Z)"
            r"|'''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]?))*?(?:'''|\Z))",
            r"(?P<string>\"(?:[^\"\\\r\n]|\\[^\r\n]?)*(?:\"|(?=[\r\n])|\Z)"
            r"|'(?:[^'\\\r\n]|\\[^\r\n]?)*(?:'|(?=[\r\n])|\Z))",
            rf"(?P<variable>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)",
            rf"(?P<blank>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)",
            rf"(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)",
            r"(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)",
            rf"(?P<number>[0-9]+\.[0-9]*{_EXPONENT}|\.[0-9]+{_EXPONENT}|[0-9]+{_EXPONENT}|[0-9]*\.[0-9]+|[0-9]+)",
            # Not a terminal: any other run of word characters. Keywords are ASCII letters, but a
            # run like "éSERVICE" must still be seen whole.
            rf"(?P<word>[{_PN_CHARS_U}0-9]+)",
            r"(?P<bracket>[(){}\[\]])",
            r"(?P<other>[\s\S])",
        ]
    )
)
_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPAQUE_KINDS = frozenset({"comment", "iri", "long_string", "string", "variable", "blank", "pname", "langtag"})
_UPDATES = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
_SERVICE_IN_IRI = re.compile(r"service[\s\S]*#", re.IGNORECASE)
_UNARY = frozenset("!+-")


@dataclass(frozen=True)
class QueryLimits:
    max_length: int = 65_536
    max_nesting: int = 100


@dataclass(frozen=True)
class Lexed:
    """What the guard needs from one reading of a query."""

    keywords: tuple[str, ...]  # the bare words, upper-cased, in order
    depth: int  # deepest nesting of brackets (and runs of unary operators)
    service_in_iri: bool  # an IRI token that reads as SERVICE + comment when "<" is an operator


def tokens(query: str) -> Iterator[tuple[str, str]]:
    """(kind, text) for every token of the query, whitespace and comments included."""
    for match in _TOKEN.finditer(query):
        assert match.lastgroup is not None  # every alternative of _TOKEN is a named group
        yield match.lastgroup, match.group()


@lru_cache(maxsize=64)
def lex(query: str) -> Lexed:
    """One reading of the query. Kept for the last queries, since clients repeat theirs."""
    keywords: list[str] = []
    depth = deepest = unary_run = 0
    service_in_iri = False
    for kind, text in tokens(query):
        if kind in {"ws", "comment"}:
            continue
        if kind == "bracket":
            unary_run = 0
            if text in "({[":
                depth += 1
                deepest = max(deepest, depth)
            else:
                depth = max(0, depth - 1)
            continue
        if kind == "other" and text in _UNARY:
            unary_run += 1
            deepest = max(deepest, depth + unary_run)
            continue
        unary_run = 0
        if kind == "word":
            keywords.append(text.upper())
        elif kind == "iri":
            opened = sum(text.count(b) for b in "([")
            deepest = max(deepest, depth + opened)
            service_in_iri = service_in_iri or bool(_SERVICE_IN_IRI.search(text))
    return Lexed(tuple(keywords), deepest, service_in_iri)


def expand_codepoint_escapes(query: str) -> str:
    r"""The query as a parser that applies §19.2 sees it: \uXXXX and \UXXXXXXXX replaced."""

    def char(match: re.Match[str]) -> str:
        point = int(match.group(1) or match.group(2), 16)
        return chr(point) if point <= 0x10FFFF and not 0xD800 <= point <= 0xDFFF else match.group()

    return _CODEPOINT_ESCAPE.sub(char, query)


def readings(query: str) -> list[Lexed]:
    """The query as sent and, when it has codepoint escapes, as expanded."""
    expanded = expand_codepoint_escapes(query) if "\\" in query else query
    return [lex(query)] if expanded == query else [lex(query), lex(expanded)]


@lru_cache(maxsize=64)
def code_of(query: str) -> str:
    """The query with strings, IRIs, comments, variables, prefixed names and language tags
    blanked (same length): the parts that are the query's own words and punctuation."""
    return "".join(" " * len(text) if kind in _OPAQUE_KINDS else text for kind, text in tokens(query))


def check_query(query: str, limits: QueryLimits = QueryLimits()) -> str:
    """Raise QueryError(kind="refused" | "too-large" | "update") for what must never reach an engine.

    Returns the query form ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") when one is found.
    """
    if len(query) > limits.max_length:
        raise QueryError(f"query is longer than {limits.max_length} characters", "too-large")
    views = readings(query)
    if max(view.depth for view in views) > limits.max_nesting:
        raise QueryError(f"query nesting too deep (limit {limits.max_nesting})", "refused")
    for view in views:
        if view.service_in_iri or any("SERVICE" in word for word in view.keywords):
            raise QueryError("SERVICE (federated query) is not allowed on this endpoint", "refused")
    for view in views:
        _refuse_update(view.keywords)
    return _form(views[0].keywords)


def _refuse_update(keywords: tuple[str, ...]) -> None:
    form = _form(keywords)
    update = next((word for word in keywords if word in _UPDATES), None)
    if update and (not form or keywords.index(update) < keywords.index(form)):
        raise QueryError(f"SPARQL Update ({update}) is not allowed: this endpoint is read-only", "update")


def _form(keywords: tuple[str, ...]) -> str:
    return next((word for word in keywords if word in _FORMS), "")


def query_form(query: str) -> str:
    """ "SELECT", "ASK", "CONSTRUCT" or "DESCRIBE" ("" when none is found)."""
    return _form(lex(query).keywords)
