"""A graph's triples indexed for the two lookups a telegram record is built from.

Separate from `records` because it is a small general structure (no vocabulary, no record
shapes): the record builder takes it or an rdflib `Graph` alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class TripleIndex:
    """A graph's triples by subject and predicate, and by predicate and object: the lookups a record
    is built from, without rdflib's general store (adding to it was half of a record's time)."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self._out: dict[Node | None, dict[Node, list[Node]]] = {}
        self._in: dict[tuple[Node, Node | None], list[Node]] = {}
        self._size = 0
        for s, p, o in triples:
            self._out.setdefault(s, {}).setdefault(p, []).append(o)
            self._in.setdefault((p, o), []).append(s)
            self._size += 1

    def __len__(self) -> int:
        return self._size

    def __contains__(self, triple: Triple) -> bool:
        s, p, o = triple
        return o in self._out.get(s, {}).get(p, ())

    def objects(self, subject: Node | None, predicate: Node) -> Iterator[Node]:
        return iter(self._out.get(subject, {}).get(predicate, ()))

    def subjects(self, predicate: Node, obj: Node | None) -> Iterator[Node]:
        return iter(self._in.get((predicate, obj), ()))

    def value(self, subject: Node | None, predicate: Node) -> Node | None:
        found = self._out.get(subject, {}).get(predicate)
        return found[0] if found else None
