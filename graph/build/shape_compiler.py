"""Compiling the shapes graph into the checks of graph/build/shapecheck.py, once per process.

Why separate: compiling reads the shapes graph (rdflib, SHACL's vocabulary) and decides whether
our checker can stand in for pySHACL at all; checking (shapecheck.py) runs on every document graph
and needs none of that. Anything the compiler does not know raises `Unsupported`, and
`compile_shapes` answers None: the caller then validates with pySHACL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from cablegraph.graph.build.shapecheck import (
    CompiledShapes,
    DataIndex,
    Failed,
    Shape,
    Unsupported,
    any_of,
    bound,
    datatype,
    max_count,
    max_length,
    min_count,
    min_length,
    node_kind,
    of_class,
    one_of,
    pair,
    pattern,
    qualified,
)

_SEVERITIES: dict[Node | None, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
# Predicates on a shape node that carry no constraint (descriptions, ordering, grouping).
_INERT = {RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description, SH.order, SH.group, SH.defaultValue}
_PARAMETERS = {
    SH.path, SH.property, SH.severity, SH.message, SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH["class"],
    SH.minLength, SH.maxLength, SH.pattern, SH["in"], SH["or"], SH.minInclusive, SH.maxInclusive, SH.lessThan,
    SH.lessThanOrEquals, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, *_TARGETS,
}  # fmt: skip
_COUNTS: tuple[tuple[URIRef, Callable[[int, Node, list[Node], DataIndex], Failed], bool], ...] = (
    (SH.minCount, min_count, True), (SH.maxCount, max_count, True),
    (SH.minLength, min_length, False), (SH.maxLength, max_length, False),
)  # fmt: skip  # (parameter, check, whether it counts values: then not on a node shape)


def compile_shapes(shapes: Graph) -> CompiledShapes | None:
    """The shapes as checks, or None when they use something this checker does not know."""
    try:
        compiler = _Compiler(shapes)
        top = [compiler.shape(node, reporting=True) for node in compiler.targeted()]
    except Unsupported:
        return None
    return CompiledShapes(top, frozenset(compiler.inverse_predicates))


class _Compiler:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.inverse_predicates: set[Node] = set()
        self._stack: list[Node] = []

    def targeted(self) -> list[Node]:
        nodes = {s for target in _TARGETS for s in self.graph.subjects(target, None)}
        for cls in (RDFS.Class, URIRef("http://www.w3.org/2002/07/owl#Class")):
            for node in self.graph.subjects(RDF.type, cls):
                if (node, RDF.type, SH.NodeShape) in self.graph or (node, RDF.type, SH.PropertyShape) in self.graph:
                    raise Unsupported("implicit class targets")
        return sorted(nodes, key=str)

    def one(self, node: Node, predicate: URIRef, default: Node | None = None) -> Node | None:
        values = list(self.graph.objects(node, predicate))
        if len(values) > 1:
            raise Unsupported(f"several {predicate} on one shape")
        return values[0] if values else default

    def integer(self, node: Node, predicate: URIRef) -> int | None:
        value = self.one(node, predicate)
        if value is None:
            return None
        if not (
            isinstance(value, Literal)
            and value.datatype == XSD.integer
            and isinstance(value.value, int)
            and value.value >= 0
        ):
            raise Unsupported(f"{predicate} is not a non-negative xsd:integer")
        return value.value

    def shape(self, node: Node, reporting: bool) -> Shape:
        """`reporting`: its results reach the report (else only whether it conforms matters)."""
        if node in self._stack:
            raise Unsupported("recursive shapes")
        self._stack.append(node)
        try:
            return self._shape(node, reporting)
        finally:
            self._stack.pop()

    def _shape(self, node: Node, reporting: bool) -> Shape:
        graph = self.graph
        predicates = set(graph.predicates(node, None))
        if predicates - _PARAMETERS - _INERT:
            raise Unsupported(f"{sorted(map(str, predicates - _PARAMETERS - _INERT))} on {node}")
        severity = _SEVERITIES.get(self.one(node, SH.severity, SH.Violation))
        if severity is None or (not reporting and severity != "Violation"):
            raise Unsupported("a severity other than Violation, Warning, Info (or not Violation in a nested shape)")
        shape = Shape(node, severity, self.one(node, SH.message))
        shape.targets = {t: list(graph.objects(node, t)) for t in _TARGETS if (node, t, None) in graph}
        self._path(shape)
        self._value_checks(node, shape)
        self._comparisons(node, shape)
        self._qualified(node, shape)
        if reporting and shape.checks and shape.message is None:
            raise Unsupported(f"no sh:message on {node}: pySHACL would write its own")
        for nested in graph.objects(node, SH.property):
            if (nested, SH.path, None) not in graph:
                raise Unsupported("sh:property pointing at a shape without a path")
            shape.properties.append(self.shape(nested, reporting))
        return shape

    def _value_checks(self, node: Node, shape: Shape) -> None:
        """Counts, lengths, datatype, node kind, class, pattern and sh:in, in the order pySHACL reports them."""
        graph, checks = self.graph, shape.checks
        for predicate, check, counts_values in _COUNTS:
            value = self.integer(node, predicate)
            if value is not None:
                if counts_values and shape.path is None:
                    raise Unsupported(f"{predicate} on a node shape")
                checks.append(partial(check, value))
        if (expected := self.one(node, SH.datatype)) is not None:
            checks.append(partial(datatype, expected))
        if (kind := self.one(node, SH.nodeKind)) is not None:
            checks.append(partial(node_kind, kind))
        for cls in graph.objects(node, SH["class"]):
            checks.append(partial(of_class, cls))
        for written in graph.objects(node, SH.pattern):
            if not isinstance(written, Literal) or written.datatype not in (None, XSD.string) or written.language:
                raise Unsupported("a sh:pattern that is not a plain string")
            checks.append(partial(pattern, re.compile(str(written))))
        if (allowed := self.one(node, SH["in"])) is not None:
            checks.append(partial(one_of, set(graph.items(allowed))))

    def _comparisons(self, node: Node, shape: Shape) -> None:
        """Bounds (sh:minInclusive, sh:maxInclusive), pairs (sh:lessThan, sh:lessThanOrEquals) and sh:or."""
        graph, checks = self.graph, shape.checks
        accepts: tuple[tuple[URIRef, Callable[[int], bool]], ...] = (
            (SH.minInclusive, lambda c: c >= 0), (SH.maxInclusive, lambda c: c <= 0),
        )  # fmt: skip
        for predicate, accept in accepts:
            for limit in graph.objects(node, predicate):
                if not isinstance(limit, Literal):
                    raise Unsupported(f"a {predicate} that is not a literal")
                checks.append(partial(bound, limit, accept))
        for predicate, strict in ((SH.lessThan, True), (SH.lessThanOrEquals, False)):
            for other in graph.objects(node, predicate):
                if not isinstance(other, URIRef) or shape.path is None:
                    raise Unsupported(f"{predicate} on a node shape or with a path expression")
                checks.append(partial(pair, other, strict))
        for alternatives in graph.objects(node, SH["or"]):
            members = set(graph.items(alternatives))
            if not members:
                raise Unsupported("an empty sh:or")
            checks.append(partial(any_of, [self.shape(member, reporting=False) for member in sorted(members, key=str)]))

    def _path(self, shape: Shape) -> None:
        path = self.one(shape.node, SH.path)
        if path is None:
            return
        if isinstance(path, URIRef):
            shape.path = path
            return
        inverse = list(self.graph.predicate_objects(path))
        if len(inverse) == 1 and inverse[0][0] == SH.inversePath and isinstance(inverse[0][1], URIRef):
            shape.path, shape.inverse, shape.complex_path = inverse[0][1], True, True
            self.inverse_predicates.add(inverse[0][1])
            return
        raise Unsupported("a path expression other than an IRI or sh:inversePath of an IRI")

    def _qualified(self, node: Node, shape: Shape) -> None:
        value_shapes = list(self.graph.objects(node, SH.qualifiedValueShape))
        least, most = self.integer(node, SH.qualifiedMinCount), self.integer(node, SH.qualifiedMaxCount)
        if not value_shapes:
            if least is not None or most is not None:
                raise Unsupported("a qualified count without sh:qualifiedValueShape")
            return
        if shape.path is None or (least is None and most is None):
            raise Unsupported("sh:qualifiedValueShape on a node shape or without counts")
        for value_shape in sorted(value_shapes, key=str):
            shape.checks.append(partial(qualified, self.shape(value_shape, reporting=False), least, most))
