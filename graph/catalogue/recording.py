"""Writing into the catalogue: a telegram's summary into its rows, and the aggregates after.

What a build knows of a graph (its Summary) becomes rows of telegram, party, place, unit, message,
reference and the full-text index; the labels, aliases and coordinates of what the telegrams name
are read from the store; the per-day and per-month counts behind the visualisations are counted
once, at the end. These are the Catalogue's writes, kept apart from the class that holds the
connection and the lock: each function here runs inside a transaction the Catalogue opened.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from typing import TypeVar

from cablegraph.extract.search_terms import terms, words
from cablegraph.graph.catalogue.schema import read_meta
from cablegraph.graph.catalogue.search import entity_token, word_forms
from cablegraph.graph.catalogue.summary import RECEIVED, RELAYED, SENT, Summary, summaries_of, unseen_of
from cablegraph.graph.store.protocol import SelectingStore
from cablegraph.ontology import IriMinter, sparql_prefixes

CHUNK = 200  # graphs per SPARQL query while refreshing
PAIR_DOCS = 100  # telegram ids kept per correspondent pair (the earliest); counts are always whole
_VERSION_BREAK = "zzversionbreakzz"
_AGGREGATES = (
    "pair_day",
    "pair_month",
    "pair_docs",
    "pair_via",
    "pair_via_total",
    "period",
    "place_day",
    "place_month",
    "unit_month",
    "agent_role",
)
_T = TypeVar("_T")


def kind_of(iri: str) -> str:
    """person, post, place, organisation, ... from a minted IRI's path."""
    match = re.search(r"/id/([a-z-]+)/", iri)
    return match.group(1) if match else "other"


def chunks(items: list[_T], size: int) -> Iterator[list[_T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def changes(db: sqlite3.Connection, current: dict[str, str]) -> tuple[list[str], list[str]]:
    """The graphs the catalogue holds that the store no longer has, and those new or changed since."""
    known = dict(db.execute("SELECT graph, stamp FROM telegram"))
    removed = [graph for graph in known if graph not in current]
    changed = [graph for graph, stamp in current.items() if known.get(graph) != stamp]
    return removed, changed


def bring_level(
    db: sqlite3.Connection,
    store: SelectingStore,
    minter: IriMinter,
    current: dict[str, str],
    moved: tuple[list[str], list[str]],
    recorded: list[str],
) -> None:
    """Forget the removed graphs, read the changed ones again, and when anything moved (or the
    aggregates are behind) the entities, the unseen references and the aggregates afresh."""
    removed, changed = moved
    for graph in removed:
        forget(db, graph)
    for chunk in chunks(changed, CHUNK):
        for summary in summaries_of(store, minter, chunk, current):
            forget(db, summary.graph)
            insert(db, summary)
    behind = read_meta(db, "summarised") != "1"
    if removed or changed or behind:
        # a build that stopped between recording and this refresh left no list: look at every graph
        everything = behind and not recorded and not changed
        load_entities(db, store, minter, None if everything else [*recorded, *changed])
        # the links graph is written afresh by every build that changes a graph: a reference
        # unseen before may now resolve to a telegram just added, in a graph that did not change
        db.execute("DELETE FROM unseen")
        db.executemany("INSERT OR IGNORE INTO unseen VALUES (?)", ((iri,) for iri in unseen_of(store, minter)))
        summarise(db)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('summarised', '1')")


def forget(db: sqlite3.Connection, graph: str) -> None:
    row = db.execute("SELECT num FROM telegram WHERE graph = ?", (graph,)).fetchone()
    if row is None:
        return
    num = row[0]
    for table in ("party", "place", "unit", "message", "reference"):
        db.execute(f"DELETE FROM {table} WHERE num = ?", (num,))
    db.execute("DELETE FROM text WHERE rowid = ?", (num,))
    db.execute("DELETE FROM telegram WHERE num = ?", (num,))


def insert(db: sqlite3.Connection, s: Summary) -> None:
    cursor = db.execute(
        "INSERT INTO telegram(doc, graph, iri, stamp, title, date, languages) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (s.doc, s.graph, s.iri, s.stamp, s.title, s.date, " ".join(sorted(s.languages))),
    )
    num = cursor.lastrowid
    db.executemany("INSERT INTO party VALUES (?, ?, ?)", [(num, role, agent) for role, agent in sorted(s.parties)])
    db.executemany("INSERT INTO place VALUES (?, ?)", [(num, place) for place in sorted(s.places)])
    db.executemany(
        "INSERT INTO unit VALUES (?, ?, ?, ?, ?)",
        [(num, iri, kind, affiliation, size) for iri, (kind, affiliation, size) in sorted(s.units.items())],
    )
    db.executemany(
        "INSERT INTO message VALUES (?, ?, ?, ?, ?)", [(num, *message) for message in sorted(s.messages, key=str)]
    )
    db.executemany(
        "INSERT INTO reference VALUES (?, ?, ?, ?, ?)",
        [(num, *described) for described in sorted(s.references, key=str)],
    )
    tokens = {form for text in s.texts for word in set(words(text)) for form in word_forms(word)}
    tokens |= {entity_token(iri) for iri in {agent for _, agent in s.parties} | s.places}
    # the words in order, as search forms, for phrases; a break token keeps versions apart
    sequence = f" {_VERSION_BREAK} ".join(" ".join(terms(text)) for text in s.texts)
    db.execute("INSERT INTO text(rowid, terms, seq) VALUES (?, ?, ?)", (num, " ".join(sorted(tokens)), sequence))


def load_entities(db: sqlite3.Connection, store: SelectingStore, minter: IriMinter, graphs: list[str] | None) -> None:
    """Labels, aliases and coordinates of everything a telegram names: the authority graph's
    afresh, the document graphs' from `graphs` only (None: from every graph)."""
    db.execute("DELETE FROM label WHERE authority = 1")
    db.execute("DELETE FROM alias WHERE authority = 1")
    db.execute("DELETE FROM point")
    _load_authority(db, store, minter)
    prefixes = sparql_prefixes()
    # FILTER(isIRI(?e)): Virtuoso 7.2.5's SELECT DISTINCT drops rows of this pattern without it
    named = (
        prefixes
        + "SELECT DISTINCT ?e ?label WHERE {{ {values} GRAPH ?g {{ ?t a cg:Telegram ; ?p ?e . ?e rdfs:label ?label FILTER(isIRI(?e)) }} }}"
    )
    queries = (
        [named.format(values="")]
        if graphs is None
        else [
            named.format(values="VALUES ?g { " + " ".join(f"<{g}>" for g in chunk) + " }")
            for chunk in chunks(graphs, CHUNK)
        ]
    )
    for query in queries:
        for row in store.select(query, union_default_graph=False):
            iri = row["e"]
            if db.execute(
                "INSERT OR IGNORE INTO label VALUES (?, ?, ?, 0)", (iri, row["label"], kind_of(iri))
            ).rowcount:
                db.execute("INSERT INTO alias VALUES (?, ?, 'label', 0)", (iri, row["label"]))
    points = store.select(
        prefixes + "SELECT ?e ?lat ?lon WHERE { GRAPH ?g { ?e wgs84:lat ?lat ; wgs84:long ?lon } }",
        union_default_graph=False,
    )
    db.executemany(
        "INSERT OR IGNORE INTO point VALUES (?, ?, ?)", [(r["e"], float(r["lat"]), float(r["lon"])) for r in points]
    )


def _load_authority(db: sqlite3.Connection, store: SelectingStore, minter: IriMinter) -> None:
    """The authority graph's labels, aliases and pseudonyms."""
    authority = store.select(
        sparql_prefixes()
        + f"""
        SELECT ?e ?label ?alias ?pseudonym WHERE {{ GRAPH <{minter.authority_graph()}> {{ ?e rdfs:label ?label
          OPTIONAL {{ ?e skos:prefLabel|skos:altLabel ?alias }} OPTIONAL {{ ?e cg:pseudonym ?pseudonym }} }} }}""",
        union_default_graph=False,
    )
    # A name that is both an alias and a pseudonym is a pseudonym, whatever order the engine
    # gives the rows in (engines differ).
    rank = {"pseudonym": 0, "label": 1, "alias": 2}
    kinds: dict[tuple[str, str], str] = {}
    for row in authority:
        iri = row["e"]
        db.execute("INSERT OR REPLACE INTO label VALUES (?, ?, ?, 1)", (iri, row["label"], kind_of(iri)))
        for name, kind in ((row["label"], "label"), (row.get("alias"), "alias"), (row.get("pseudonym"), "pseudonym")):
            if name and ((iri, name) not in kinds or rank[kind] < rank[kinds[(iri, name)]]):
                kinds[(iri, name)] = kind
    ordered = sorted(
        kinds.items(), key=lambda item: (item[0][0], rank[item[1]] if item[1] != "label" else -1, item[0][1])
    )
    db.executemany("INSERT INTO alias VALUES (?, ?, ?, 1)", [(iri, name, kind) for (iri, name), kind in ordered])


def summarise(db: sqlite3.Connection) -> None:
    """The aggregates behind the visualisations, counted once per build rather than per request."""
    for table in _AGGREGATES:
        db.execute(f"DELETE FROM {table}")
    sent_to = f"""FROM party s JOIN party r ON r.num = s.num AND r.role = '{RECEIVED}' JOIN telegram t ON t.num = s.num WHERE s.role = '{SENT}'"""
    db.execute(
        f"INSERT INTO pair_day SELECT s.agent, r.agent, t.date, COUNT(*) {sent_to} GROUP BY s.agent, r.agent, t.date"
    )
    through = sent_to.replace("WHERE", f"JOIN party v ON v.num = s.num AND v.role = '{RELAYED}' WHERE")
    db.execute(f"INSERT INTO pair_via SELECT DISTINCT s.agent, r.agent, v.agent, t.date {through}")
    db.execute("INSERT INTO pair_via_total SELECT DISTINCT sender, recipient, via FROM pair_via ORDER BY via")
    for granularity, width in (("day", 10), ("month", 7), ("year", 4)):
        db.execute(
            f"""INSERT INTO period SELECT ?, substr(date, 1, {width}) AS p, COUNT(*) FROM telegram
                       WHERE length(date) >= {width} GROUP BY p ORDER BY p""",
            (granularity,),
        )
    docs: dict[tuple[str, str], list[str]] = {}
    for sender, recipient, doc in db.execute(
        f"SELECT s.agent, r.agent, t.doc {sent_to} ORDER BY t.date IS NULL, t.date, t.doc"
    ):
        listed = docs.setdefault((sender, recipient), [])
        if len(listed) < PAIR_DOCS:
            listed.append(doc)
    db.execute(
        "INSERT INTO pair_month SELECT sender, recipient, substr(day, 1, 7), SUM(n) FROM pair_day GROUP BY sender, recipient, substr(day, 1, 7)"
    )
    totals = {
        (s, r): n for s, r, n in db.execute("SELECT sender, recipient, SUM(n) FROM pair_day GROUP BY sender, recipient")
    }
    db.executemany(
        "INSERT INTO pair_docs VALUES (?, ?, ?, ?)", [(s, r, totals[(s, r)], " ".join(d)) for (s, r), d in docs.items()]
    )
    db.execute(
        "INSERT INTO place_day SELECT p.place, t.date, COUNT(*) FROM place p JOIN telegram t ON t.num = p.num GROUP BY p.place, t.date"
    )
    db.execute(
        "INSERT INTO place_month SELECT place, substr(day, 1, 7), SUM(n) FROM place_day GROUP BY place, substr(day, 1, 7)"
    )
    # a formation is one row per telegram (one node per document, however many versions name it);
    # `units` sums the counts the texts give (the lower bound of a range; a formation without one is one)
    db.execute("""INSERT INTO unit_month SELECT u.type, u.affiliation, t.date, COUNT(*), SUM(COALESCE(u.size, 1)), COUNT(DISTINCT u.num)
                  FROM unit u JOIN telegram t ON t.num = u.num GROUP BY u.type, u.affiliation, t.date""")
    db.execute("INSERT INTO agent_role SELECT agent, role, COUNT(*) FROM party GROUP BY agent, role")
