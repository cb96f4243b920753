"""Triples as N-Triples text, written the way rdflib's "nt" serializer writes them, without a Graph.

Why separate: the mapping (graph/build/mapping.py) decides which triples a document has; how they are
written out for the store is a serialization concern that the build pipeline and the benchmarks
use on their own, and `Triple` is the shape every build step passes around.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

from rdflib import Literal
from rdflib.term import Node

Triple: TypeAlias = tuple[Node, Node, Node]


def to_ntriples(triples: Iterable[Triple]) -> str:
    """N-Triples for `triples`, written as rdflib's "nt" serializer writes them, without a Graph."""
    written: dict[Node, str] = {}  # each term is written once: most recur (predicates, classes, the telegram)

    def term(node: Node) -> str:
        text = written.get(node)
        if text is None:
            text = written[node] = _nt_literal(node) if isinstance(node, Literal) else node.n3()
        return text

    return "".join([f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in triples])


def _nt_literal(literal: Literal) -> str:
    quoted = '"' + literal.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r") + '"'
    if literal.language:
        if literal.datatype:
            raise ValueError(f"literal with a datatype and a language: {literal!r}")
        return f"{quoted}@{literal.language}"
    return f"{quoted}^^<{literal.datatype}>" if literal.datatype else quoted
