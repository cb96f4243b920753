"""A graph's triples indexed for the two lookups a telegram record is built from.

Separate from `records` because it is a small general structure (no vocabulary, no record
shapes): the record builder takes it or an rdflib `Graph` alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator


class TripleIndex:
    """A graph's triples by subject and predicate, and by predicate and object: the lookups a record
    is built from, without rdflib's general store (adding to it was half of a record's time)."""

    def __init__(self, triples: Iterable[tuple]) -> None:
        self._out: dict = {}
        self._in: dict = {}
        self._size = 0
        for s, p, o in triples:
            self._out.setdefault(s, {}).setdefault(p, []).append(o)
            self._in.setdefault((p, o), []).append(s)
            self._size += 1

    def __len__(self) -> int:
        return self._size

    def __contains__(self, triple: tuple) -> bool:
        s, p, o = triple
        return o in self._out.get(s, {}).get(p, ())

    def objects(self, subject, predicate) -> Iterator:
        return iter(self._out.get(subject, {}).get(predicate, ()))

    def subjects(self, predicate, obj) -> Iterator:
        return iter(self._in.get((predicate, obj), ()))

    def value(self, subject, predicate):
        found = self._out.get(subject, {}).get(predicate)
        return found[0] if found else None
