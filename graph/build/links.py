"""Corpus-level step: resolve references to telegrams of the corpus.

A document's graph describes the telegrams it refers to ("your No. 4581", "your telegram
of 1.10.50"); this step, run after every build over the whole store, says which corpus
telegram each description is (`owl:sameAs`), or that none is (`cg:unseen true`). It lives in a
graph of its own, so rebuilding one document never leaves a stale link inside another document's
graph. There is one way to ask: `?t dcterms:references ?ref . ?ref owl:sameAs ?target` (or
`?ref cg:unseen true`); no shortcut edge from telegram to telegram doubles the references' count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TypeAlias

from rdflib import OWL, Graph, Literal, URIRef

from cablegraph.graph.store.either import AnyStore
from cablegraph.ontology import CG, IriMinter, sparql_prefixes

_REFERENCES = """
SELECT ?t ?ref ?num ?date ?sender WHERE { GRAPH ?g {
  ?t dcterms:references ?ref . ?ref a cg:DescribedTelegram .
  OPTIONAL { ?ref cg:referencedNumber ?num } OPTIONAL { ?ref schema:dateCreated ?date } OPTIONAL { ?ref schema:sender ?sender } } }
"""
# A join, not the path rico:hasOrHadIdentifier/rico:textualValue: the same rows, in half the time or less.
_NUMBERS = "SELECT ?t ?num WHERE { GRAPH ?g { ?t rico:hasOrHadIdentifier ?id . ?id rico:textualValue ?num . ?t a cg:Telegram } }"
_DATES = """
SELECT ?t ?date WHERE { GRAPH ?g { ?t a cg:Telegram . { ?t dcterms:date ?date } UNION { ?t schema:dateCreated ?date }
  UNION { ?t schema:dateSent ?date } } }
"""
_SENDERS = "SELECT ?t ?sender WHERE { GRAPH ?g { ?t a cg:Telegram ; schema:sender ?sender } }"


@dataclass(frozen=True)
class LinkReport:
    resolved: int
    unseen: int


_Row: TypeAlias = dict[str, object]  # a SELECT row: IRIs as str, literals as plain values
_Index: TypeAlias = dict[object, set[object]]


def link_references(store: AnyStore, minter: IriMinter) -> LinkReport:
    prefixes = sparql_prefixes()

    def rows(query: str) -> list[_Row]:
        return store.select(prefixes + query, union_default_graph=False)

    by_number: _Index = defaultdict(set)
    for row in rows(_NUMBERS):
        by_number[row["num"]].add(row["t"])
    dates: _Index = defaultdict(set)
    for row in rows(_DATES):
        dates[row["date"]].add(row["t"])
    senders: _Index = defaultdict(set)
    for row in rows(_SENDERS):
        senders[row["t"]].add(row["sender"])
    references: dict[tuple[str, str], _Row] = {}
    for row in rows(_REFERENCES):
        references.setdefault((str(row["t"]), str(row["ref"])), row)  # IRIs: str already
    graph = Graph(identifier=minter.links_graph())
    resolved = unseen = 0
    for (referrer, ref), row in sorted(references.items()):
        match = _match(row, referrer, by_number, dates, senders)
        if match is not None:
            graph.add((URIRef(ref), OWL.sameAs, URIRef(str(match))))
            resolved += 1
        else:
            graph.add((URIRef(ref), CG.unseen, Literal(True)))
            unseen += 1
    store.replace_graph(graph)
    return LinkReport(resolved, unseen)


def _match(row: _Row, referrer: str, by_number: _Index, dates: _Index, senders: _Index) -> object | None:
    """The one corpus telegram the description fits: by number, else by date and sender."""
    if "num" in row:
        found = by_number.get(row["num"], set()) - {referrer}
        if len(found) == 1:
            return next(iter(found))
    if "date" in row:
        found = dates.get(row["date"], set()) - {referrer}
        if "sender" in row:
            found = {t for t in found if row["sender"] in senders.get(t, set())}
        if len(found) == 1:
            return next(iter(found))
    return None


_UNLABELLED = """
SELECT DISTINCT ?agent WHERE { GRAPH ?g { ?t ?role ?agent } VALUES ?role { schema:sender schema:recipient cg:viaIntermediary schema:mentions }
  FILTER NOT EXISTS { GRAPH ?h { ?agent rdfs:label ?label } } }
"""
_DANGLING = """
SELECT DISTINCT ?target WHERE { GRAPH <%s> { ?ref owl:sameAs ?target } FILTER NOT EXISTS { GRAPH ?g { ?target a cg:Telegram } } }
"""


def corpus_checks(store: AnyStore, minter: IriMinter) -> list[str]:
    """Checks across documents, after loading: every agent has a label; resolved references
    point at loaded telegrams."""
    issues = []
    prefixes = sparql_prefixes()
    for row in store.select(prefixes + _UNLABELLED, union_default_graph=False):
        issues.append(f"Warning: agent <{row['agent']}> has no label in any graph")
    for row in store.select(prefixes + _DANGLING % minter.links_graph(), union_default_graph=False):
        issues.append(f"Violation: a reference resolves to <{row['target']}>, which is not a loaded telegram")
    return issues
