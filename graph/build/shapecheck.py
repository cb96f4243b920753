"""A compiled checker for the SHACL Core subset our shapes use, with pySHACL's results.

Why: pySHACL re-reads the shapes graph and rebuilds every constraint for every focus and
value node; on a document graph of ~1,000 triples that costs 50-130 ms, more than the rest
of the build. Our shapes use a small part of SHACL Core, so they are compiled once per
process into plain Python checks over a dictionary index of the data graph (a few ms).

The checks give the results pySHACL gives (same focus node, path, message, value, source
shape, severity and count): tests/graph/build/test_shapecheck.py compares both engines on every
document and shape case, and on thousands of mutated graphs. Anything the compiler does not
know (another constraint component, a path expression, a missing message, ...) makes
`compile_shapes` return None, and the caller uses pySHACL instead.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from pyshacl.rdfutil import compare_literal
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
# Made once: a namespace attribute is a new URIRef at every use.
_TYPE, _SUBCLASS_OF, _STRING, _LANG_STRING = RDF.type, RDFS.subClassOf, XSD.string, RDF.langString
_RDFS_LITERAL, _RDFS_DATATYPE = RDFS.Literal, RDFS.Datatype
# Predicates on a shape node that carry no constraint (descriptions, ordering, grouping).
_INERT = {RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description, SH.order, SH.group, SH.defaultValue}
_PARAMETERS = {
    SH.path, SH.property, SH.severity, SH.message, SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH["class"],
    SH.minLength, SH.maxLength, SH.pattern, SH["in"], SH["or"], SH.minInclusive, SH.maxInclusive, SH.lessThan,
    SH.lessThanOrEquals, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, *_TARGETS,
}  # fmt: skip
_NODE_KINDS = {
    BNode: (SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI),
    Literal: (SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral),
    URIRef: (SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI),
}
_VALUE_TYPES = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}  # fmt: skip


class Unsupported(Exception):
    """The shapes or the data need something this checker does not do: use pySHACL."""


@dataclass(frozen=True)
class Failure:
    """One validation result, before it is turned into the caller's result type."""

    severity: str
    focus: object
    path: object  # URIRef, "(complex path)" or None
    message: object  # the sh:message literal, or None
    shape: object
    value: object = None


class DataIndex:
    """Subject -> predicate -> objects, plus the reverse lookups the shapes need."""

    def __init__(self, triples: Iterable[tuple], inverse_predicates: frozenset) -> None:
        out: dict = defaultdict(lambda: defaultdict(list))
        inverse: dict = {p: defaultdict(list) for p in inverse_predicates}
        by_predicate: dict = defaultdict(list)
        for s, p, o in triples:
            out[s][p].append(o)
            by_predicate[p].append((s, o))
            if p in inverse:
                inverse[p][o].append(s)
        self.out, self.inverse, self.by_predicate = out, inverse, by_predicate
        self._supers: dict = {}
        self._own = {term: term for term in by_predicate} | {o: o for s, o in by_predicate.get(_TYPE, ())}
        self._by_id: dict[int, object] = {}

    def own(self, term):
        """The data's own instance of a (long-lived) shapes term: a lookup with it is decided by identity,
        where an equal but distinct rdflib term costs a Python-level __eq__ call."""
        found = self._by_id.get(id(term))
        if found is None:
            found = self._by_id[id(term)] = self._own.get(term, term)
        return found

    def objects(self, subject, predicate) -> list:
        found = self.out.get(subject)
        return found.get(self.own(predicate), ()) if found else ()

    def superclasses(self, cls) -> set:
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

    def instances(self, cls) -> set:
        """Subjects typed `cls` or a data-graph subclass of it."""
        classes = {s for s, o in self.by_predicate.get(_SUBCLASS_OF, ()) if cls in self.superclasses(s)} | {cls}
        return {s for s, o in self.by_predicate.get(_TYPE, ()) if o in classes}


@dataclass(eq=False)
class Shape:
    node: object
    severity: str = "Violation"
    message: object = None
    path: object = None  # predicate IRI
    inverse: bool = False
    complex_path: bool = False
    checks: list = field(default_factory=list)  # (kind, argument)
    properties: list = field(default_factory=list)
    targets: dict = field(default_factory=dict)

    def values(self, data: DataIndex, focus) -> list:
        if self.path is None:
            return [focus]
        if self.inverse:
            return data.inverse[self.path].get(focus, [])
        return list(data.objects(focus, self.path))

    def result_path(self):
        if self.path is None:
            return None
        return "(complex path)" if self.complex_path else self.path


class CompiledShapes:
    def __init__(self, top: list[Shape], inverse_predicates: frozenset) -> None:
        self.top, self.inverse_predicates = top, inverse_predicates

    def check(self, triples: Iterable[tuple]) -> list[Failure]:
        data = DataIndex(triples, self.inverse_predicates)
        failures: list[Failure] = []
        for shape in self.top:
            for focus in _focus_nodes(shape, data):
                _evaluate(shape, focus, data, failures)
        return failures


def _focus_nodes(shape: Shape, data: DataIndex) -> set:
    found = set(shape.targets.get(SH.targetNode, ()))
    for cls in shape.targets.get(SH.targetClass, ()):
        found |= data.instances(cls)
    for predicate in shape.targets.get(SH.targetSubjectsOf, ()):
        found.update(s for s, o in data.by_predicate.get(predicate, ()))
    for predicate in shape.targets.get(SH.targetObjectsOf, ()):
        found.update(o for s, o in data.by_predicate.get(predicate, ()))
    return found


def _evaluate(shape: Shape, focus, data: DataIndex, failures: list[Failure] | None) -> bool:
    """Check `shape` on one focus node; append its results to `failures` (None: just say whether it conforms)."""
    values = shape.values(data, focus)
    conforms = True
    for kind, argument in shape.checks:
        for value in _CHECKS[kind](argument, focus, values, data):
            if failures is None:
                return False
            conforms = False
            failures.append(Failure(shape.severity, focus, shape.result_path(), shape.message, shape.node, value))
    for nested in shape.properties:
        for value in values:
            if not _evaluate(nested, value, data, failures):
                if failures is None:
                    return False
                conforms = False
    return conforms


def _min_count(n, focus, values, data):
    return [None] if n > 0 and len(values) < n else []


def _max_count(n, focus, values, data):
    return [None] if len(values) > n else []


def _datatype(datatype, focus, values, data):
    return [v for v in values if not _has_datatype(v, datatype)]


def _has_datatype(value, datatype) -> bool:
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


def _value_fits(value: Literal, datatype) -> bool:
    """The parsed Python value has the type the datatype promises (an ill-formed date stays a string)."""
    expected = _VALUE_TYPES.get(datatype)
    return expected is None or isinstance(value.value, expected)


def _node_kind(kind, focus, values, data):
    return [v for v in values if kind not in _NODE_KINDS.get(type(v), _kinds_of(v))]


def _kinds_of(value) -> tuple:
    for cls, kinds in _NODE_KINDS.items():
        if isinstance(value, cls):
            return kinds
    return ()


def _class(cls, focus, values, data):
    cls = data.own(cls)
    return [v for v in values if isinstance(v, Literal) or not any(cls in data.superclasses(t) for t in data.objects(v, _TYPE))]


def _lexical(value) -> str:
    if isinstance(value, Literal) and value.value is not None and value.datatype in (None, _LANG_STRING, _STRING):
        return str(value.value)
    return str(value)


def _min_length(n, focus, values, data):
    if n == 0:
        return []
    return [v for v in values if isinstance(v, BNode) or len(_lexical(v)) < n]


def _max_length(n, focus, values, data):
    return [v for v in values if isinstance(v, BNode) or len(_lexical(v)) > n]


def _pattern(pattern, focus, values, data):
    return [v for v in values if isinstance(v, BNode) or not pattern.search(_lexical(v))]


def _in(allowed, focus, values, data):
    return [v for v in values if v not in allowed]


def _bound(argument, focus, values, data):
    limit, accept = argument
    limit_is_string = isinstance(limit.value, str)
    failed = []
    for v in values:
        ok = False
        if isinstance(v, Literal) and isinstance(v.value, str) == limit_is_string:
            try:
                ok = accept(compare_literal(v, limit))
            except (TypeError, NotImplementedError):
                ok = False
        elif not isinstance(v, (BNode, URIRef, Literal)):
            raise Unsupported("a value node of an unknown kind")
        if not ok:
            failed.append(v)
    return failed


def _pair(argument, focus, values, data):
    """sh:lessThan / sh:lessThanOrEquals: one result per value and compared value out of order."""
    predicate, strict = argument
    failed = []
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


def _comparable(node) -> tuple[object, bool]:
    if isinstance(node, URIRef):
        return str(node), True
    if isinstance(node, Literal) and isinstance(node.value, str):
        return node.value, True
    return node, False


def _or(alternatives, focus, values, data):
    return [v for v in values if not any(_evaluate(shape, v, data, None) for shape in alternatives)]


def _qualified(argument, focus, values, data):
    shape, least, most = argument
    conforming = sum(1 for v in values if _evaluate(shape, v, data, None))
    failed = []
    if most is not None and conforming > most:
        failed.append(None)
    if least is not None and conforming < least:
        failed.append(None)
    return failed


_CHECKS = {
    "minCount": _min_count, "maxCount": _max_count, "datatype": _datatype, "nodeKind": _node_kind, "class": _class,
    "minLength": _min_length, "maxLength": _max_length, "pattern": _pattern, "in": _in, "bound": _bound,
    "pair": _pair, "or": _or, "qualified": _qualified,
}  # fmt: skip


# --- compiling the shapes graph -------------------------------------------------------------


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
        self.inverse_predicates: set = set()
        self._stack: list = []

    def targeted(self) -> list:
        nodes = {s for target in _TARGETS for s in self.graph.subjects(target, None)}
        for cls in (RDFS.Class, URIRef("http://www.w3.org/2002/07/owl#Class")):
            for node in self.graph.subjects(RDF.type, cls):
                if (node, RDF.type, SH.NodeShape) in self.graph or (node, RDF.type, SH.PropertyShape) in self.graph:
                    raise Unsupported("implicit class targets")
        return sorted(nodes, key=str)

    def one(self, node, predicate, default=None):
        values = list(self.graph.objects(node, predicate))
        if len(values) > 1:
            raise Unsupported(f"several {predicate} on one shape")
        return values[0] if values else default

    def integer(self, node, predicate):
        value = self.one(node, predicate)
        if value is None:
            return None
        if not (isinstance(value, Literal) and value.datatype == XSD.integer and isinstance(value.value, int) and value.value >= 0):
            raise Unsupported(f"{predicate} is not a non-negative xsd:integer")
        return value.value

    def shape(self, node, reporting: bool) -> Shape:
        """`reporting`: its results reach the report (else only whether it conforms matters)."""
        if node in self._stack:
            raise Unsupported("recursive shapes")
        self._stack.append(node)
        try:
            return self._shape(node, reporting)
        finally:
            self._stack.pop()

    def _shape(self, node, reporting: bool) -> Shape:
        graph = self.graph
        predicates = set(graph.predicates(node, None))
        if predicates - _PARAMETERS - _INERT:
            raise Unsupported(f"{sorted(map(str, predicates - _PARAMETERS - _INERT))} on {node}")
        severity = self.one(node, SH.severity, SH.Violation)
        if severity not in _SEVERITIES or (not reporting and severity != SH.Violation):
            raise Unsupported("a severity other than Violation, Warning, Info (or not Violation in a nested shape)")
        shape = Shape(node, _SEVERITIES[severity], self.one(node, SH.message))
        shape.targets = {t: list(graph.objects(node, t)) for t in _TARGETS if (node, t, None) in graph}
        self._path(shape)
        checks = shape.checks
        for predicate, kind in ((SH.minCount, "minCount"), (SH.maxCount, "maxCount"), (SH.minLength, "minLength"), (SH.maxLength, "maxLength")):
            value = self.integer(node, predicate)
            if value is not None:
                if kind in ("minCount", "maxCount") and shape.path is None:
                    raise Unsupported(f"{predicate} on a node shape")
                checks.append((kind, value))
        if (datatype := self.one(node, SH.datatype)) is not None:
            checks.append(("datatype", datatype))
        if (kind := self.one(node, SH.nodeKind)) is not None:
            checks.append(("nodeKind", kind))
        for cls in graph.objects(node, SH["class"]):
            checks.append(("class", cls))
        for pattern in graph.objects(node, SH.pattern):
            if not isinstance(pattern, Literal) or pattern.datatype not in (None, XSD.string) or pattern.language:
                raise Unsupported("a sh:pattern that is not a plain string")
            checks.append(("pattern", re.compile(str(pattern))))
        if (allowed := self.one(node, SH["in"])) is not None:
            checks.append(("in", set(graph.items(allowed))))
        for predicate, accept in ((SH.minInclusive, lambda c: c >= 0), (SH.maxInclusive, lambda c: c <= 0)):
            for limit in graph.objects(node, predicate):
                if not isinstance(limit, Literal):
                    raise Unsupported(f"a {predicate} that is not a literal")
                checks.append(("bound", (limit, accept)))
        for predicate, strict in ((SH.lessThan, True), (SH.lessThanOrEquals, False)):
            for other in graph.objects(node, predicate):
                if not isinstance(other, URIRef) or shape.path is None:
                    raise Unsupported(f"{predicate} on a node shape or with a path expression")
                checks.append(("pair", (other, strict)))
        for alternatives in graph.objects(node, SH["or"]):
            members = set(graph.items(alternatives))
            if not members:
                raise Unsupported("an empty sh:or")
            checks.append(("or", [self.shape(member, reporting=False) for member in sorted(members, key=str)]))
        self._qualified(node, shape)
        if reporting and checks and shape.message is None:
            raise Unsupported(f"no sh:message on {node}: pySHACL would write its own")
        for nested in graph.objects(node, SH.property):
            if (nested, SH.path, None) not in graph:
                raise Unsupported("sh:property pointing at a shape without a path")
            shape.properties.append(self.shape(nested, reporting))
        return shape

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

    def _qualified(self, node, shape: Shape) -> None:
        value_shapes = list(self.graph.objects(node, SH.qualifiedValueShape))
        least, most = self.integer(node, SH.qualifiedMinCount), self.integer(node, SH.qualifiedMaxCount)
        if not value_shapes:
            if least is not None or most is not None:
                raise Unsupported("a qualified count without sh:qualifiedValueShape")
            return
        if shape.path is None or (least is None and most is None):
            raise Unsupported("sh:qualifiedValueShape on a node shape or without counts")
        for value_shape in sorted(value_shapes, key=str):
            shape.checks.append(("qualified", (self.shape(value_shape, reporting=False), least, most)))
