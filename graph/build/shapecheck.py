"""A compiled checker for the SHACL Core subset our shapes use, with pySHACL's results.

Why: pySHACL re-reads the shapes graph and rebuilds every constraint for every focus and
value node; on a document graph of ~1,000 triples that costs 50-130 ms, more than the rest
of the build. Our shapes use a small part of SHACL Core, so they are compiled once per
process into plain Python checks over a dictionary index of the data graph (a few ms).

The checks give the results pySHACL gives (same focus node, path, message, value, source
shape, severity and count): tests/graph/build/test_shapecheck.py compares both engines on every
document and shape case, and on thousands of mutated graphs. Anything the compiler
(graph/build/shape_compiler.py) does not know (another constraint component, a path expression,
a missing message, ...) makes `compile_shapes` return None, and the caller uses pySHACL instead.
This module holds what runs on every graph: the data index, the shapes as checks, the checks.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, TypeAlias

from pyshacl.rdfutil.compare import compare_literal
from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from cablegraph.graph.build.ntriples import Triple

# Made once: a namespace attribute is a new URIRef at every use.
_TYPE, _SUBCLASS_OF, _STRING, _LANG_STRING = RDF.type, RDFS.subClassOf, XSD.string, RDF.langString
_RDFS_LITERAL, _RDFS_DATATYPE = RDFS.Literal, RDFS.Datatype
_NODE_KINDS: dict[type[Node], tuple[URIRef, ...]] = {
    BNode: (SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI),
    Literal: (SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral),
    URIRef: (SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI),
}
_VALUE_TYPES: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}  # fmt: skip

# A check's failures on one focus node: each value node that fails, or None for a failure of the
# focus node itself (a count).
Failed: TypeAlias = list[Node | None]
# A constraint of a shape, compiled: (focus node, its value nodes, the data) -> failures.
Check: TypeAlias = Callable[[Node, list[Node], "DataIndex"], Failed]


class Unsupported(Exception):
    """The shapes or the data need something this checker does not do: use pySHACL."""


@dataclass(frozen=True)
class Failure:
    """One validation result, before it is turned into the caller's result type."""

    severity: str
    focus: Node
    path: Node | str | None  # URIRef, "(complex path)" or None
    message: Node | None  # the sh:message literal, or None
    shape: Node
    value: Node | None = None


class DataIndex:
    """Subject -> predicate -> objects, plus the reverse lookups the shapes need."""

    def __init__(self, triples: Iterable[Triple], inverse_predicates: frozenset[Node]) -> None:
        out: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        inverse: dict[Node, dict[Node, list[Node]]] = {p: defaultdict(list) for p in inverse_predicates}
        by_predicate: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        for s, p, o in triples:
            out[s][p].append(o)
            by_predicate[p].append((s, o))
            if p in inverse:
                inverse[p][o].append(s)
        self.out, self.inverse, self.by_predicate = out, inverse, by_predicate
        self._supers: dict[Node, set[Node]] = {}
        self._own = {term: term for term in by_predicate} | {o: o for s, o in by_predicate.get(_TYPE, ())}
        self._by_id: dict[int, Node] = {}

    def own(self, term: Node) -> Node:
        """The data's own instance of a (long-lived) shapes term: a lookup with it is decided by identity,
        where an equal but distinct rdflib term costs a Python-level __eq__ call."""
        found = self._by_id.get(id(term))
        if found is None:
            found = self._by_id[id(term)] = self._own.get(term, term)
        return found

    def objects(self, subject: Node, predicate: Node) -> Sequence[Node]:
        found = self.out.get(subject)
        return found.get(self.own(predicate), ()) if found else ()

    def superclasses(self, cls: Node) -> set[Node]:
        """`cls` and everything it is an rdfs:subClassOf of, transitively, in the data graph."""
        cached = self._supers.get(cls)
        if cached is None:
            cached, todo = {cls}, [cls]
            while todo:
                for parent in self.objects(todo.pop(), _SUBCLASS_OF):
                    if parent not in cached:
                        cached.add(parent)
                        todo.append(parent)
            self._supers[cls] = cached
        return cached

    def instances(self, cls: Node) -> set[Node]:
        """Subjects typed `cls` or a data-graph subclass of it."""
        classes = {s for s, o in self.by_predicate.get(_SUBCLASS_OF, ()) if cls in self.superclasses(s)} | {cls}
        return {s for s, o in self.by_predicate.get(_TYPE, ()) if o in classes}


@dataclass(eq=False)
class Shape:
    node: Node
    severity: str = "Violation"
    message: Node | None = None
    path: URIRef | None = None  # predicate IRI
    inverse: bool = False
    complex_path: bool = False
    checks: list[Check] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    targets: dict[URIRef, list[Node]] = field(default_factory=dict)

    def values(self, data: DataIndex, focus: Node) -> list[Node]:
        if self.path is None:
            return [focus]
        if self.inverse:
            return data.inverse[self.path].get(focus, [])
        return list(data.objects(focus, self.path))

    def result_path(self) -> URIRef | str | None:
        if self.path is None:
            return None
        return "(complex path)" if self.complex_path else self.path


class CompiledShapes:
    def __init__(self, top: list[Shape], inverse_predicates: frozenset[Node]) -> None:
        self.top, self.inverse_predicates = top, inverse_predicates

    def check(self, triples: Iterable[Triple]) -> list[Failure]:
        data = DataIndex(triples, self.inverse_predicates)
        failures: list[Failure] = []
        for shape in self.top:
            for focus in _focus_nodes(shape, data):
                evaluate(shape, focus, data, failures)
        return failures


def _focus_nodes(shape: Shape, data: DataIndex) -> set[Node]:
    found = set(shape.targets.get(SH.targetNode, ()))
    for cls in shape.targets.get(SH.targetClass, ()):
        found |= data.instances(cls)
    for predicate in shape.targets.get(SH.targetSubjectsOf, ()):
        found.update(s for s, o in data.by_predicate.get(predicate, ()))
    for predicate in shape.targets.get(SH.targetObjectsOf, ()):
        found.update(o for s, o in data.by_predicate.get(predicate, ()))
    return found


def evaluate(shape: Shape, focus: Node, data: DataIndex, failures: list[Failure] | None) -> bool:
    """Check `shape` on one focus node; append its results to `failures` (None: just say whether it conforms)."""
    values = shape.values(data, focus)
    conforms = True
    for check in shape.checks:
        for value in check(focus, values, data):
            if failures is None:
                return False
            conforms = False
            failures.append(Failure(shape.severity, focus, shape.result_path(), shape.message, shape.node, value))
    for nested in shape.properties:
        for value in values:
            if not evaluate(nested, value, data, failures):
                if failures is None:
                    return False
                conforms = False
    return conforms


# --- the checks, one a constraint component; the compiler binds each to its argument -------------


def min_count(n: int, focus: Node, values: list[Node], data: DataIndex) -> Failed:
    return [None] if n > 0 and len(values) < n else []


def max_count(n: int, focus: Node, values: list[Node], data: DataIndex) -> Failed:
    return [None] if len(values) > n else []


def datatype(datatype: Node, focus: Node, values: list[Node], data: DataIndex) -> Failed:
    return [v for v in values if not _has_datatype(v, datatype)]


def _has_datatype(value: Node, datatype: Node) -> bool:
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        return value.ill_typed is not True and _value_fits(value, datatype)
    if datatype == _RDFS_LITERAL:
        return True
    if datatype == _RDFS_DATATYPE and value.datatype:
        return True
    if value.datatype is None and value.language is None and datatype == _STRING:
        return _value_fits(value, datatype)
    if datatype == _LANG_STRING and value.language:
        return _value_fits(value, datatype)
    return False


def _value_fits(value: Literal, datatype: Node) -> bool:
    """The parsed Python value has the type the datatype promises (an ill-formed date stays a string)."""
    expected = _VALUE_TYPES.get(datatype)
    return expected is None or isinstance(value.value, expected)


def node_kind(kind: Node, focus: Node, values: list[Node], data: DataIndex) -> Failed:
    return [v for v in values if kind not in _NODE_KINDS.get(type(v), _kinds_of(v))]


def _kinds_of(value: Node) -> tuple[URIRef, ...]:
    for cls, kinds in _NODE_KINDS.items():
        if isinstance(value, cls):
            return kinds
    return ()


def of_class(cls: Node, focus: Node, values: list[Node], data: DataIndex) -> Failed:
    cls = data.own(cls)
    return [
        v
        for v in values
        if isinstance(v, Literal) or not any(cls in data.superclasses(t) for t in data.objects(v, _TYPE))
    ]


def _lexical(value: Node) -> str:
    if isinstance(value, Literal) and value.value is not None and value.datatype in (None, _LANG_STRING, _STRING):
        return str(value.value)
    return str(value)


def min_length(n: int, focus: Node, values: list[Node], data: DataIndex) -> Failed:
    if n == 0:
        return []
    return [v for v in values if isinstance(v, BNode) or len(_lexical(v)) < n]


def max_length(n: int, focus: Node, values: list[Node], data: DataIndex) -> Failed:
    return [v for v in values if isinstance(v, BNode) or len(_lexical(v)) > n]


def pattern(pattern: re.Pattern[str], focus: Node, values: list[Node], data: DataIndex) -> Failed:
    return [v for v in values if isinstance(v, BNode) or not pattern.search(_lexical(v))]


def one_of(allowed: set[Node], focus: Node, values: list[Node], data: DataIndex) -> Failed:
    return [v for v in values if v not in allowed]


def bound(limit: Literal, accept: Callable[[int], bool], focus: Node, values: list[Node], data: DataIndex) -> Failed:
    """sh:minInclusive / sh:maxInclusive: `accept` says whether pySHACL's order of value and limit is in range."""
    limit_is_string = isinstance(limit.value, str)
    failed: Failed = []
    for v in values:
        ok = False
        if isinstance(v, Literal) and isinstance(v.value, str) == limit_is_string:
            try:
                ok = accept(_compare(v, limit))
            except (TypeError, NotImplementedError):
                ok = False
        elif not isinstance(v, (BNode, URIRef, Literal)):
            raise Unsupported("a value node of an unknown kind")
        if not ok:
            failed.append(v)
    return failed


def _compare(value: Literal, limit: Literal) -> int:
    """pySHACL's order of two literals: negative, 0 or positive."""
    order: int = compare_literal(value, limit)  # type: ignore[no-untyped-call]  # pySHACL leaves it unannotated
    return order


def pair(predicate: URIRef, strict: bool, focus: Node, values: list[Node], data: DataIndex) -> Failed:
    """sh:lessThan / sh:lessThanOrEquals: one result per value and compared value out of order."""
    failed: Failed = []
    others = set(data.objects(focus, predicate))
    for v in set(values):
        if isinstance(v, BNode):
            raise Unsupported("a blank node compared by sh:lessThan")
        left, left_is_string = _comparable(v)
        for other in others:
            if isinstance(other, BNode):
                raise Unsupported("a blank node compared by sh:lessThan")
            right, right_is_string = _comparable(other)
            if left_is_string != right_is_string:
                failed.append(v)
                continue
            try:
                in_order = left < right if strict else left <= right
            except TypeError as error:  # pySHACL stops with an error here: let it say so
                raise Unsupported("incomparable values") from error
            if not in_order:
                failed.append(v)
    return failed


def _comparable(node: Node) -> tuple[Any, bool]:
    """The node as Python compares it (an IRI or a string literal as str, any other literal as itself), and
    whether that is a string. Any: a str with a str, an rdflib Literal with a Literal; a TypeError otherwise."""
    if isinstance(node, URIRef):
        return str(node), True
    if isinstance(node, Literal) and isinstance(node.value, str):
        return node.value, True
    return node, False


def any_of(alternatives: list[Shape], focus: Node, values: list[Node], data: DataIndex) -> Failed:
    return [v for v in values if not any(evaluate(shape, v, data, None) for shape in alternatives)]


def qualified(
    shape: Shape, least: int | None, most: int | None, focus: Node, values: list[Node], data: DataIndex
) -> Failed:
    conforming = sum(1 for v in values if evaluate(shape, v, data, None))
    failed: Failed = []
    if most is not None and conforming > most:
        failed.append(None)
    if least is not None and conforming < least:
        failed.append(None)
    return failed
