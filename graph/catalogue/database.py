"""The catalogue: a SQLite summary of the served telegrams, kept beside the store.

Lists, filters, full-text search and the aggregates behind the visualisations must answer in
milliseconds at archive scale, where SPARQL aggregates over the on-disk store take seconds. So
every build ends by bringing the catalogue level with the store — only graphs whose checksum,
fingerprint or build time changed are read again — and the JSON API reads the catalogue.
The store stays the one source of truth: delete the catalogue and the next refresh rebuilds it.
What is kept of each graph, and how it is read from RDF, is graph/catalogue/summary.py.

In front of a remote store the catalogue is the build's file, opened read-only by every server
(`open_read_only`): reading it back from an engine holding millions of telegrams is a build's
job, never a server's start-up. A read-only catalogue follows the builds that write it (or a copy
renamed over it), so servers started at different times answer alike.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, wraps
from pathlib import Path

from cablegraph.extract.search_terms import term, terms, words
from cablegraph.extract.textutil import key_slug
from cablegraph.graph.catalogue.summary import (  # noqa: F401 (ROLES, role_named, summary_of: the catalogue's vocabulary, imported from here)
    RECEIVED, RELAYED, ROLE_ALIASES, ROLES, SENT, Summary, role_named, stamps_of, summaries_of, summary_of, unseen_of,
)
from cablegraph.graph.errors import GraphError
from cablegraph.ontology import IriMinter, sparql_prefixes

SCHEMA_VERSION = "14"
_DDL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE telegram(num INTEGER PRIMARY KEY, doc TEXT UNIQUE NOT NULL, graph TEXT UNIQUE NOT NULL, iri TEXT NOT NULL,
  stamp TEXT NOT NULL, title TEXT, date TEXT, languages TEXT NOT NULL DEFAULT '');
CREATE INDEX telegram_date ON telegram(date);
CREATE INDEX telegram_order ON telegram(date IS NULL, date, doc);
CREATE TABLE party(num INTEGER NOT NULL, role TEXT NOT NULL, agent TEXT NOT NULL);
CREATE INDEX party_num ON party(num);
CREATE INDEX party_agent ON party(agent, role, num);
CREATE TABLE place(num INTEGER NOT NULL, place TEXT NOT NULL);
CREATE INDEX place_num ON place(num);
CREATE INDEX place_place ON place(place, num);
CREATE TABLE unit(num INTEGER NOT NULL, iri TEXT NOT NULL, type TEXT NOT NULL, affiliation TEXT, size INTEGER, PRIMARY KEY (num, iri));
CREATE INDEX unit_num ON unit(num);
CREATE INDEX unit_type ON unit(type, num);
CREATE TABLE message(num INTEGER NOT NULL, iri TEXT NOT NULL, sender TEXT NOT NULL, recipient TEXT NOT NULL, date TEXT);
CREATE INDEX message_num ON message(num);
CREATE TABLE reference(num INTEGER NOT NULL, iri TEXT NOT NULL, sender TEXT NOT NULL, recipient TEXT NOT NULL, date TEXT);
CREATE INDEX reference_num ON reference(num);
CREATE TABLE unseen(iri TEXT PRIMARY KEY);
CREATE TABLE label(iri TEXT PRIMARY KEY, label TEXT NOT NULL, kind TEXT NOT NULL, authority INTEGER NOT NULL);
CREATE TABLE alias(iri TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, authority INTEGER NOT NULL);
CREATE INDEX alias_iri ON alias(iri);
CREATE TABLE point(iri TEXT PRIMARY KEY, lat REAL NOT NULL, lon REAL NOT NULL);
CREATE TABLE pair_day(sender TEXT NOT NULL, recipient TEXT NOT NULL, day TEXT, n INTEGER NOT NULL);
CREATE INDEX pair_day_day ON pair_day(day);
CREATE TABLE pair_month(sender TEXT NOT NULL, recipient TEXT NOT NULL, day TEXT, n INTEGER NOT NULL);
CREATE INDEX pair_month_day ON pair_month(day);
CREATE TABLE pair_docs(sender TEXT NOT NULL, recipient TEXT NOT NULL, n INTEGER NOT NULL, docs TEXT NOT NULL, PRIMARY KEY (sender, recipient));
CREATE TABLE pair_via(sender TEXT NOT NULL, recipient TEXT NOT NULL, via TEXT NOT NULL, day TEXT);
CREATE INDEX pair_via_day ON pair_via(day);
CREATE TABLE pair_via_total(sender TEXT NOT NULL, recipient TEXT NOT NULL, via TEXT NOT NULL);
CREATE TABLE period(granularity TEXT NOT NULL, period TEXT NOT NULL, n INTEGER NOT NULL);
CREATE TABLE place_day(place TEXT NOT NULL, day TEXT, n INTEGER NOT NULL);
CREATE INDEX place_day_day ON place_day(day);
CREATE TABLE place_month(place TEXT NOT NULL, day TEXT, n INTEGER NOT NULL);
CREATE TABLE unit_month(type TEXT NOT NULL, affiliation TEXT, day TEXT, formations INTEGER NOT NULL, units INTEGER NOT NULL, telegrams INTEGER NOT NULL);
CREATE TABLE agent_role(agent TEXT NOT NULL, role TEXT NOT NULL, n INTEGER NOT NULL);
CREATE VIRTUAL TABLE text USING fts5(terms, seq, tokenize="porter unicode61 tokenchars '_'");
"""
_CHUNK = 200  # graphs per SPARQL query while refreshing
_RECORD_BATCH = 500  # summaries written per transaction during a build
MEMO_SIZE = 512  # aggregate answers kept per process
_ORDER_INDEXES = {"date": "telegram_order", "id": "sqlite_autoindex_telegram_1", "-id": "sqlite_autoindex_telegram_1"}  # what each order walks
_DENSE_SEARCH = 50  # words found in at least 1 telegram in 50 are looked for along the list's order
PAIR_DOCS = 100  # telegram ids kept per correspondent pair (the earliest); counts are always whole
FOLLOW_S = 1.0  # how often a read-only catalogue looks whether a build has changed it


class CatalogueError(GraphError):
    """The catalogue file cannot be served: missing, not built to the end, or of another schema."""


def kind_of(iri: str) -> str:
    """person, post, place, organisation, ... from a minted IRI's path."""
    match = re.search(r"/id/([a-z-]+)/", iri)
    return match.group(1) if match else "other"


def entity_token(iri: str) -> str:
    """The index token standing for a resolved entity ("…/id/person/mao-zedong" → "person_mao_zedong")."""
    path = iri.split("/id/", 1)[-1]
    return re.sub(r"[^0-9a-z]+", "_", path.lower()).strip("_")


@lru_cache(maxsize=400_000)
def word_forms(word: str) -> frozenset[str]:
    """Forms under which a word is indexed and looked up: its dictionary form, and for a Russian
    word also its bare stem ("Сену" → "сен"), so surnames pymorphy does not know still meet."""
    forms = {term(word)}
    low = word.lower().replace("ё", "е")
    if re.search(r"[а-я]", low):
        forms.add(low)
        for ending in _RUSSIAN_ENDINGS:
            if low.endswith(ending) and len(low) - len(ending) >= 3:
                forms.add(low[: -len(ending)])
                break
    return frozenset(forms)


_RUSSIAN_ENDINGS = ("ому", "ему", "ого", "его", "ыми", "ими", "ой", "ом", "ем", "ым", "им", "ую", "ая", "яя", "ов", "ев", "у", "ю", "а", "я", "е", "ы", "и")


@dataclass(frozen=True)
class TelegramFilter:
    """What /api/telegrams narrows by; every field is optional and they combine with AND."""

    start: str | None = None
    end: str | None = None
    person: str | None = None  # IRI
    role: str | None = None  # one of ROLES' values, with person
    place: str | None = None  # IRI
    unit_type: str | None = None
    language: str | None = None
    q: str | None = None


@dataclass(frozen=True)
class TelegramRow:
    doc: str
    iri: str
    title: str | None
    date: str | None
    languages: tuple[str, ...]


@dataclass(frozen=True)
class UnitCount:
    """Military formations of one type and affiliation in a month (or the whole range)."""

    type: str
    affiliation: str | None
    month: str | None
    formations: int  # each formation once per telegram naming it
    units: int  # the counts the texts give summed (a range's lower bound; no count is one)
    telegrams: int


@dataclass
class RefreshReport:
    updated: int = 0
    removed: int = 0
    seconds: float = 0.0


def _memoised(method):
    """Aggregates are answered once per build and argument list: the catalogue changes only in
    refresh(), which forgets them. The answers are shared, so callers must not change them."""
    name = method.__name__

    @wraps(method)
    def wrapper(self, *args, **kwargs):
        key = (name, args, tuple(sorted(kwargs.items())))
        self._follow()
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        value = method(self, *args, **kwargs)
        with self._lock:
            self._memo[key] = value
            while len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
        return value

    return wrapper


class Catalogue:
    """One SQLite database; safe to share between the server's threads (one lock, short queries)."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._lock = threading.RLock()
        self._aliases: dict[str, list[tuple[tuple[frozenset[str], ...], str]]] | None = None
        self._person_slugs: dict[str, set[str]] | None = None
        self._memo: OrderedDict[tuple, object] = OrderedDict()
        self._pending: list[Summary] = []
        self._recorded: list[str] = []  # graphs written by record() since the last refresh
        self._version: str | None = None  # set by refresh() (or read from the file): names the store's content
        if read_only:
            self._connect_read_only()
            return
        self._db = sqlite3.connect(str(self.path) if self.path else ":memory:", check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA busy_timeout=30000")  # two builds, or a build and a start-up refresh, take turns
        self._db.execute("PRAGMA journal_mode=WAL" if self.path else "PRAGMA journal_mode=MEMORY")
        self._db.execute("PRAGMA synchronous=NORMAL")
        if self._meta("schema") != SCHEMA_VERSION:
            self._create()

    @classmethod
    def open_read_only(cls, path: str | Path) -> Catalogue:
        """A catalogue a build has written, for serving: never written to, never rebuilt. Raises
        CatalogueError when the file is missing, was never brought level with a store, or has
        another schema than this cablegraph's."""
        return cls(path, read_only=True)

    def _connect_read_only(self) -> None:
        if self.path is None or not self.path.is_file():
            raise CatalogueError(f"no catalogue at {self.path}")
        self._inode = self.path.stat().st_ino
        uri = "file:" + self.path.resolve().as_posix().replace("?", "%3f").replace("#", "%23") + "?mode=ro"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA busy_timeout=30000")
        self._data_version = self._db.execute("PRAGMA data_version").fetchone()[0]
        self._checked = time.monotonic()
        self._read_state()

    def _read_state(self) -> None:
        """The schema and content version the file says it has; an error when it cannot be served."""
        schema = self._meta("schema")
        if schema is None:
            raise CatalogueError(f"{self.path} is not a cablegraph catalogue (or is empty)")
        if schema != SCHEMA_VERSION:
            raise CatalogueError(f"the catalogue {self.path} has schema {schema}; this cablegraph reads schema {SCHEMA_VERSION}")
        version = self._meta("version")
        if self._meta("summarised") != "1":
            raise CatalogueError(f"the catalogue {self.path} was never brought level with a store (a build stopped before its end?)")
        if version is None:
            raise CatalogueError(f"the catalogue {self.path} was written by an earlier cablegraph, which kept no version in it")
        self._version = version

    @property
    def version(self) -> str | None:
        """Names the store's content as the catalogue last saw it (every graph's checksum and build
        fingerprint): the servers' ETag. The same file gives every server the same version."""
        self._follow()
        return self._version

    def _follow(self) -> None:
        """A read-only catalogue picks up what a build committed since (SQLite's data_version), or a
        new file renamed over it, at most every FOLLOW_S: answers kept from before are forgotten."""
        if not self.read_only or time.monotonic() - self._checked < FOLLOW_S:
            return
        with self._lock:
            self._checked = time.monotonic()
            try:
                replaced = self.path.stat().st_ino != self._inode
            except OSError:
                replaced = False  # being replaced right now: keep the open file until the new one is there
            if replaced:
                self._db.close()
                self._connect_read_only()
            elif (data_version := self._db.execute("PRAGMA data_version").fetchone()[0]) != self._data_version:
                self._data_version = data_version
                self._read_state()
            else:
                return
            self._aliases = None
            self._person_slugs = None
            self._memo.clear()

    @classmethod
    def beside(cls, store_path: str | Path) -> Catalogue:
        """The catalogue file that belongs to an on-disk store."""
        store_path = Path(store_path)
        return cls(store_path.parent / f"{store_path.name}.catalogue.sqlite")

    def close(self) -> None:
        if not self.read_only:
            self._flush()
            if self.path is not None:  # the file alone is then the whole catalogue, ready to copy to other machines
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._db.close()

    # --- building ---------------------------------------------------------------------------

    def _create(self) -> None:
        with self._lock:
            tables = [row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'text_%'")]
            for table in tables:
                self._db.execute(f'DROP TABLE IF EXISTS "{table}"')
            self._db.executescript("BEGIN;" + _DDL + "COMMIT;")
            self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))

    def _meta(self, key: str) -> str | None:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:
            return None
        return row[0] if row else None

    def refresh(self, store, minter: IriMinter) -> RefreshReport:
        """Bring the catalogue level with `store`: read changed graphs again, forget removed ones."""
        if self.read_only:
            raise CatalogueError(f"the catalogue {self.path} is open read-only: a build brings it level with the store")
        started = time.monotonic()
        report = RefreshReport(updated=self._flush())
        recorded, self._recorded = self._recorded, []
        current = stamps_of(store)
        self._version = hashlib.sha256("\n".join(sorted(f"{g} {stamp}" for g, stamp in current.items())).encode("utf-8")).hexdigest()[:20]
        with self._lock:
            known = dict(self._db.execute("SELECT graph, stamp FROM telegram"))
            removed = [graph for graph in known if graph not in current]
            changed = [graph for graph, stamp in current.items() if known.get(graph) != stamp]
            self._db.execute("BEGIN")
            try:
                for graph in removed:
                    self._forget(graph)
                for chunk in _chunks(changed, _CHUNK):
                    for summary in summaries_of(store, minter, chunk, current):
                        self._forget(summary.graph)
                        self._insert(summary)
                behind = self._meta("summarised") != "1"
                if removed or changed or behind:
                    # a build that stopped between recording and this refresh left no list: look at every graph
                    everything = behind and not recorded and not changed
                    self._load_entities(store, minter, None if everything else [*recorded, *changed])
                    # the links graph is written afresh by every build that changes a graph: a reference
                    # unseen before may now resolve to a telegram just added, in a graph that did not change
                    self._db.execute("DELETE FROM unseen")
                    self._db.executemany("INSERT OR IGNORE INTO unseen VALUES (?)", ((iri,) for iri in unseen_of(store, minter)))
                    self._summarise()
                    self._db.execute("INSERT OR REPLACE INTO meta VALUES ('summarised', '1')")
                if self._meta("version") != self._version:  # what servers reading the file give as their ETag
                    self._db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (self._version,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._aliases = None
            self._person_slugs = None
            self._memo.clear()
        report.updated += len(changed)
        report.removed = len(removed)
        report.seconds = time.monotonic() - started
        return report

    def record(self, summary: Summary) -> None:
        """Keep the summary of a graph the build has just loaded; written in batches, and
        refresh() finishes the job (removed graphs, anything not recorded, the aggregates)."""
        self._pending.append(summary)
        if len(self._pending) >= _RECORD_BATCH:
            self._flush()

    def _flush(self) -> int:
        if not self._pending:
            return 0
        with self._lock:
            self._db.execute("BEGIN")
            try:
                for summary in self._pending:
                    self._forget(summary.graph)
                    self._insert(summary)
                    self._recorded.append(summary.graph)
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('summarised', '0')")  # aggregates are now behind
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            written = len(self._pending)
            self._pending.clear()
            self._memo.clear()
        return written

    def _forget(self, graph: str) -> None:
        row = self._db.execute("SELECT num FROM telegram WHERE graph = ?", (graph,)).fetchone()
        if row is None:
            return
        num = row[0]
        for table in ("party", "place", "unit", "message", "reference"):
            self._db.execute(f"DELETE FROM {table} WHERE num = ?", (num,))
        self._db.execute("DELETE FROM text WHERE rowid = ?", (num,))
        self._db.execute("DELETE FROM telegram WHERE num = ?", (num,))

    def _insert(self, s: Summary) -> None:
        cursor = self._db.execute(
            "INSERT INTO telegram(doc, graph, iri, stamp, title, date, languages) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (s.doc, s.graph, s.iri, s.stamp, s.title, s.date, " ".join(sorted(s.languages))),
        )
        num = cursor.lastrowid
        self._db.executemany("INSERT INTO party VALUES (?, ?, ?)", [(num, role, agent) for role, agent in sorted(s.parties)])
        self._db.executemany("INSERT INTO place VALUES (?, ?)", [(num, place) for place in sorted(s.places)])
        self._db.executemany("INSERT INTO unit VALUES (?, ?, ?, ?, ?)",
                             [(num, iri, kind, affiliation, size) for iri, (kind, affiliation, size) in sorted(s.units.items())])
        self._db.executemany("INSERT INTO message VALUES (?, ?, ?, ?, ?)", [(num, *message) for message in sorted(s.messages, key=str)])
        self._db.executemany("INSERT INTO reference VALUES (?, ?, ?, ?, ?)", [(num, *described) for described in sorted(s.references, key=str)])
        tokens = {form for text in s.texts for word in set(words(text)) for form in word_forms(word)}
        tokens |= {entity_token(iri) for iri in {agent for _, agent in s.parties} | s.places}
        # the words in order, as search forms, for phrases; a break token keeps versions apart
        sequence = f" {_VERSION_BREAK} ".join(" ".join(terms(text)) for text in s.texts)
        self._db.execute("INSERT INTO text(rowid, terms, seq) VALUES (?, ?, ?)", (num, " ".join(sorted(tokens)), sequence))

    def _load_entities(self, store, minter: IriMinter, graphs: list[str] | None) -> None:
        """Labels, aliases and coordinates of everything a telegram names: the authority graph's
        afresh, the document graphs' from `graphs` only (None: from every graph)."""
        self._db.execute("DELETE FROM label WHERE authority = 1")
        self._db.execute("DELETE FROM alias WHERE authority = 1")
        self._db.execute("DELETE FROM point")
        prefixes = sparql_prefixes()
        authority = store.select(prefixes + f"""
        SELECT ?e ?label ?alias ?pseudonym WHERE {{ GRAPH <{minter.authority_graph()}> {{ ?e rdfs:label ?label
          OPTIONAL {{ ?e skos:prefLabel|skos:altLabel ?alias }} OPTIONAL {{ ?e cg:pseudonym ?pseudonym }} }} }}""", union_default_graph=False)
        # A name that is both an alias and a pseudonym is a pseudonym, whatever order the engine
        # gives the rows in (engines differ).
        rank = {"pseudonym": 0, "label": 1, "alias": 2}
        kinds: dict[tuple[str, str], str] = {}
        for row in authority:
            iri = row["e"]
            self._db.execute("INSERT OR REPLACE INTO label VALUES (?, ?, ?, 1)", (iri, row["label"], kind_of(iri)))
            for name, kind in ((row["label"], "label"), (row.get("alias"), "alias"), (row.get("pseudonym"), "pseudonym")):
                if name and ((iri, name) not in kinds or rank[kind] < rank[kinds[(iri, name)]]):
                    kinds[(iri, name)] = kind
        ordered = sorted(kinds.items(), key=lambda item: (item[0][0], rank[item[1]] if item[1] != "label" else -1, item[0][1]))
        self._db.executemany("INSERT INTO alias VALUES (?, ?, ?, 1)", [(iri, name, kind) for (iri, name), kind in ordered])
        # FILTER(isIRI(?e)): Virtuoso 7.2.5's SELECT DISTINCT drops rows of this pattern without it
        named = prefixes + "SELECT DISTINCT ?e ?label WHERE {{ {values} GRAPH ?g {{ ?t a cg:Telegram ; ?p ?e . ?e rdfs:label ?label FILTER(isIRI(?e)) }} }}"
        chunks = [named.format(values="")] if graphs is None else [
            named.format(values="VALUES ?g { " + " ".join(f"<{g}>" for g in chunk) + " }") for chunk in _chunks(graphs, _CHUNK)]
        for query in chunks:
            for row in store.select(query, union_default_graph=False):
                iri = row["e"]
                if self._db.execute("INSERT OR IGNORE INTO label VALUES (?, ?, ?, 0)", (iri, row["label"], kind_of(iri))).rowcount:
                    self._db.execute("INSERT INTO alias VALUES (?, ?, 'label', 0)", (iri, row["label"]))
        points = store.select(prefixes + "SELECT ?e ?lat ?lon WHERE { GRAPH ?g { ?e wgs84:lat ?lat ; wgs84:long ?lon } }", union_default_graph=False)
        self._db.executemany("INSERT OR IGNORE INTO point VALUES (?, ?, ?)", [(r["e"], float(r["lat"]), float(r["lon"])) for r in points])

    def _summarise(self) -> None:
        """The aggregates behind the visualisations, counted once per build rather than per request."""
        for table in ("pair_day", "pair_month", "pair_docs", "pair_via", "pair_via_total", "period", "place_day", "place_month", "unit_month", "agent_role"):
            self._db.execute(f"DELETE FROM {table}")
        sent_to = f"""FROM party s JOIN party r ON r.num = s.num AND r.role = '{RECEIVED}' JOIN telegram t ON t.num = s.num WHERE s.role = '{SENT}'"""
        self._db.execute(f"INSERT INTO pair_day SELECT s.agent, r.agent, t.date, COUNT(*) {sent_to} GROUP BY s.agent, r.agent, t.date")
        through = sent_to.replace("WHERE", f"JOIN party v ON v.num = s.num AND v.role = '{RELAYED}' WHERE")
        self._db.execute(f"INSERT INTO pair_via SELECT DISTINCT s.agent, r.agent, v.agent, t.date {through}")
        self._db.execute("INSERT INTO pair_via_total SELECT DISTINCT sender, recipient, via FROM pair_via ORDER BY via")
        for granularity, width in (("day", 10), ("month", 7), ("year", 4)):
            self._db.execute(f"""INSERT INTO period SELECT ?, substr(date, 1, {width}) AS p, COUNT(*) FROM telegram
                                 WHERE length(date) >= {width} GROUP BY p ORDER BY p""", (granularity,))
        docs: dict[tuple[str, str], list[str]] = {}
        for sender, recipient, doc in self._db.execute(f"SELECT s.agent, r.agent, t.doc {sent_to} ORDER BY t.date IS NULL, t.date, t.doc"):
            listed = docs.setdefault((sender, recipient), [])
            if len(listed) < PAIR_DOCS:
                listed.append(doc)
        self._db.execute("INSERT INTO pair_month SELECT sender, recipient, substr(day, 1, 7), SUM(n) FROM pair_day GROUP BY sender, recipient, substr(day, 1, 7)")
        totals = {(s, r): n for s, r, n in self._db.execute("SELECT sender, recipient, SUM(n) FROM pair_day GROUP BY sender, recipient")}
        self._db.executemany("INSERT INTO pair_docs VALUES (?, ?, ?, ?)", [(s, r, totals[(s, r)], " ".join(d)) for (s, r), d in docs.items()])
        self._db.execute("INSERT INTO place_day SELECT p.place, t.date, COUNT(*) FROM place p JOIN telegram t ON t.num = p.num GROUP BY p.place, t.date")
        self._db.execute("INSERT INTO place_month SELECT place, substr(day, 1, 7), SUM(n) FROM place_day GROUP BY place, substr(day, 1, 7)")
        # a formation is one row per telegram (one node per document, however many versions name it);
        # `units` sums the counts the texts give (the lower bound of a range; a formation without one is one)
        self._db.execute("""INSERT INTO unit_month SELECT u.type, u.affiliation, t.date, COUNT(*), SUM(COALESCE(u.size, 1)), COUNT(DISTINCT u.num)
                            FROM unit u JOIN telegram t ON t.num = u.num GROUP BY u.type, u.affiliation, t.date""")
        self._db.execute("INSERT INTO agent_role SELECT agent, role, COUNT(*) FROM party GROUP BY agent, role")

    # --- reading ----------------------------------------------------------------------------

    def _rows(self, sql: str, params: Iterable = ()) -> list[tuple]:
        self._follow()
        with self._lock:
            return self._db.execute(sql, tuple(params)).fetchall()

    def count(self) -> int:
        return self._rows("SELECT COUNT(*) FROM telegram")[0][0]

    def has(self, doc: str) -> bool:
        return bool(self._rows("SELECT 1 FROM telegram WHERE doc = ?", (doc,)))

    def date_range(self) -> tuple[str | None, str | None]:
        low, high = self._rows("SELECT MIN(date), MAX(date) FROM telegram")[0]
        return low, high

    def label(self, iri: str) -> str | None:
        rows = self._rows("SELECT label FROM label WHERE iri = ?", (iri,))
        return rows[0][0] if rows else None

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(iris))
        found: dict[str, str] = {}
        for chunk in _chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            found.update(self._rows(f"SELECT iri, label FROM label WHERE iri IN ({marks})", chunk))
        return {iri: found.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1] for iri in wanted}

    def in_authority(self, iri: str) -> bool:
        return bool(self._rows("SELECT 1 FROM label WHERE iri = ? AND authority = 1", (iri,)))

    def place_telegrams(self, iri: str) -> list[str]:
        return [doc for (doc,) in self._rows("SELECT t.doc FROM place p JOIN telegram t ON t.num = p.num WHERE p.place = ? ORDER BY t.date, t.doc", (iri,))]

    def parties(self, docs: list[str]) -> dict[str, list[tuple[str, str]]]:
        """doc id -> (role, agent) pairs, for a page of telegrams."""
        found: dict[str, list[tuple[str, str]]] = {doc: [] for doc in docs}
        for chunk in _chunks(docs, 500):
            marks = ",".join("?" * len(chunk))
            for doc, role, agent in self._rows(f"SELECT t.doc, p.role, p.agent FROM party p JOIN telegram t ON t.num = p.num WHERE t.doc IN ({marks}) ORDER BY p.rowid", chunk):
                found[doc].append((role, agent))
        return found

    def aliases(self, iri: str) -> list[tuple[str, str]]:
        """(name, kind) pairs: label, aliases and pseudonyms."""
        return self._rows("SELECT name, kind FROM alias WHERE iri = ? ORDER BY rowid", (iri,))

    def point(self, iri: str) -> tuple[float, float] | None:
        rows = self._rows("SELECT lat, lon FROM point WHERE iri = ?", (iri,))
        return (rows[0][0], rows[0][1]) if rows else None

    def telegrams(self, where: TelegramFilter, sort: str = "date", limit: int = 50, offset: int = 0) -> tuple[list[TelegramRow], int]:
        """One page of telegrams matching `where`, and how many match in all."""
        clauses, params = self._conditions(where)
        condition = " AND ".join(clauses) or "1"
        order = {"date": "date IS NULL, date, doc", "-date": "date IS NULL, date DESC, doc", "id": "doc", "-id": "doc DESC"}[sort]
        if not clauses:  # the whole list: the count is known, the order is an index
            rows = self._rows(f"SELECT doc, iri, title, date, languages, NULL FROM telegram t ORDER BY {order} LIMIT ? OFFSET ?", [limit, offset])
            total = self.count()
        elif where == TelegramFilter(q=where.q) and params and sort in _ORDER_INDEXES:  # words alone, the commonest search
            total = self._rows("SELECT COUNT(*) FROM text WHERE text MATCH ?", params)[0][0]
            # A common word: walk the list in order and keep the matches, a page is found at once. A rare
            # one: fetch its few telegrams and sort them (the walk would read the whole list).
            walk = f"INDEXED BY {_ORDER_INDEXES[sort]}" if total * _DENSE_SEARCH >= self.count() else "NOT INDEXED"
            rows = self._rows(f"""SELECT doc, iri, title, date, languages, NULL FROM telegram t {walk} WHERE {condition}
                                  ORDER BY {order} LIMIT ? OFFSET ?""", [*params, limit, offset]) if total else []
        else:  # one pass over the matches gives the page and their number
            rows = self._rows(f"""SELECT doc, iri, title, date, languages, COUNT(*) OVER () FROM telegram t WHERE {condition}
                                  ORDER BY {order} LIMIT ? OFFSET ?""", [*params, limit, offset])
            total = rows[0][5] if rows else self._rows(f"SELECT COUNT(*) FROM telegram t WHERE {condition}", params)[0][0]
        return [_telegram_row(row[:5]) for row in rows], total

    def _conditions(self, where: TelegramFilter) -> tuple[list[str], list]:
        clauses: list[str] = []
        params: list = []
        clauses += _overlap_clauses("t.date", where.start, where.end, params)
        if where.person:
            role = " AND role = ?" if where.role else ""
            clauses.append(f"t.num IN (SELECT num FROM party WHERE agent = ?{role})")
            params += [where.person, *([role_named(where.role) or where.role] if where.role else [])]
        if where.place:
            clauses.append("t.num IN (SELECT num FROM place WHERE place = ?)")
            params.append(where.place)
        if where.unit_type:
            clauses.append("t.num IN (SELECT num FROM unit WHERE type = ?)")
            params.append(where.unit_type)
        if where.language:
            clauses.append("(' ' || t.languages || ' ') LIKE ?")
            params.append(f"% {where.language} %")
        if where.q:
            match = self.match_expression(where.q)
            if match is None:
                clauses.append("0")
            else:
                clauses.append("t.num IN (SELECT rowid FROM text WHERE text MATCH ?)")
                params.append(match)
        return clauses, params

    def match_expression(self, q: str, any_word: bool = False) -> str | None:
        """An FTS5 query for free text: each word must occur in some form (with `any_word`, one is
        enough); a run of words that names a known person or place also matches the telegrams in
        which it was resolved, however spelled; `доброволь*` is a prefix; a "quoted phrase" must
        occur with its words in that order, each in any form."""
        parts = [_phrase_match(phrase) for phrase in _PHRASE.findall(q) if words(phrase)]
        parts += [_prefix_match(prefix) for prefix in _PREFIX_WORD.findall(_PHRASE.sub(" ", q))]
        rest = _PREFIX_WORD.sub(" ", _PHRASE.sub(" ", q))
        plain = self._plain_match(rest, any_word)
        parts += [plain] if plain else []
        if not parts:
            return None
        return (" OR " if any_word else " AND ").join(f"({part})" for part in parts)

    def _plain_match(self, q: str, any_word: bool) -> str | None:
        written = words(q)
        if not written:
            return None
        parts = []
        i = 0
        while i < len(written):
            entity, used = self._entity_at(written, i)
            phrase = " AND ".join(_word_match(w) for w in written[i : i + max(used, 1)])
            if entity:
                alternatives = " OR ".join(f'"{token}"' for token in sorted(entity))
                parts.append(f"({alternatives} OR ({phrase}))")
                i += used
            else:
                parts.append(phrase)
                i += 1
        return (" OR " if any_word else " AND ").join(parts)

    def rows(self, docs: list[str]) -> list[TelegramRow]:
        """The telegrams among `docs` that the catalogue holds."""
        found = []
        for chunk in _chunks(list(dict.fromkeys(docs)), 500):
            marks = ",".join("?" * len(chunk))
            found += map(_telegram_row, self._rows(f"SELECT doc, iri, title, date, languages FROM telegram WHERE doc IN ({marks})", chunk))
        return found

    def matching_iris(self, q: str, limit: int) -> list[str]:
        """IRIs of the telegrams whose texts match `q` (as /api/telegrams?q= does), by date."""
        match = self.match_expression(q)
        if match is None:
            return []
        rows = self._rows("""SELECT iri FROM telegram WHERE num IN (SELECT rowid FROM text WHERE text MATCH ?)
                             ORDER BY date IS NULL, date, doc LIMIT ?""", (match, limit))
        return [iri for (iri,) in rows]

    def ranked_telegrams(self, q: str, limit: int) -> list[TelegramRow]:
        """Telegrams sharing any word or name with `q`, the most relevant (BM25) first."""
        match = self.match_expression(q, any_word=True)
        if match is None:
            return []
        rows = self._rows("""SELECT t.doc, t.iri, t.title, t.date, t.languages FROM text JOIN telegram t ON t.num = text.rowid
                             WHERE text MATCH ? ORDER BY rank LIMIT ?""", (match, limit))
        return [_telegram_row(row) for row in rows]

    def _entity_at(self, written: list[str], i: int) -> tuple[set[str], int]:
        """The entities whose name starts at word `i` (longest name wins), and how many words it spans."""
        index = self._alias_index()
        best: set[str] = set()
        best_length = 0
        for form in word_forms(written[i]):
            for name_forms, iri in index.get(form, ()):
                length = len(name_forms)
                if length < best_length or i + length > len(written):
                    continue
                if all(name_forms[k] & word_forms(written[i + k]) for k in range(length)):
                    if length > best_length:
                        best, best_length = set(), length
                    best.add(entity_token(iri))
        return best, best_length

    def person_called(self, slug: str) -> str | None:
        """The person whose name or pseudonym reads as `slug` in an id ("filippov" → Stalin), when
        exactly one does: a historian may filter by the name the telegrams use."""
        if self._person_slugs is None:
            index: dict[str, set[str]] = {}
            for iri, name in self._rows("SELECT iri, name FROM alias WHERE iri LIKE '%/id/person/%'"):
                index.setdefault(key_slug(name), set()).add(iri)
            self._person_slugs = index
        found = self._person_slugs.get(slug, set())
        return next(iter(found)) if len(found) == 1 else None

    def _alias_index(self) -> dict[str, list[tuple[tuple[frozenset[str], ...], str]]]:
        if self._aliases is None:
            index: dict[str, list] = {}
            for iri, name in self._rows("SELECT iri, name FROM alias WHERE iri LIKE '%/id/person/%' OR iri LIKE '%/id/place/%' OR iri LIKE '%/id/post/%'"):
                name_forms = tuple(word_forms(w) for w in words(name))
                if not name_forms or (len(name_forms) == 1 and len(words(name)[0]) < 3):
                    continue
                for form in name_forms[0]:
                    index.setdefault(form, []).append((name_forms, iri))
            self._aliases = index
        return self._aliases

    @_memoised
    def people(self, q: str | None = None) -> list[tuple[str, str, dict[str, int]]]:
        """(iri, label, counts by role) for every person in a telegram, busiest first."""
        counts: dict[str, dict[str, int]] = {}
        for agent, role, n in self._rows("SELECT agent, role, n FROM agent_role WHERE agent LIKE '%/id/person/%'"):
            counts.setdefault(agent, {})[role] = n
        labels = self.labels(counts)
        found = [(iri, labels[iri], c) for iri, c in counts.items()]
        if q:
            wanted = q.casefold()
            named = {iri for iri, name in self._rows("SELECT iri, name FROM alias") if wanted in name.casefold()}
            found = [p for p in found if wanted in p[1].casefold() or p[0] in named]
        return sorted(found, key=lambda p: (-sum(p[2].values()), p[1]))

    def roles_of(self, iri: str) -> dict[str, list[str]]:
        """The telegrams (doc ids, by date) in which `iri` has each role."""
        found: dict[str, list[str]] = {}
        for role, doc in self._rows("SELECT p.role, t.doc FROM party p JOIN telegram t ON t.num = p.num WHERE p.agent = ? ORDER BY t.date, t.doc", (iri,)):
            found.setdefault(role, []).append(doc)
        return found

    def correspondents(self, iri: str) -> list[tuple[str, int, int]]:
        """(other party, telegrams `iri` sent them, telegrams they sent `iri`), busiest first."""
        rows = self._rows(f"""
        SELECT other, SUM(outgoing), SUM(incoming) FROM (
          SELECT r.agent AS other, COUNT(DISTINCT s.num) AS outgoing, 0 AS incoming FROM party s JOIN party r ON r.num = s.num AND r.role = '{RECEIVED}'
            WHERE s.agent = ? AND s.role = '{SENT}' AND r.agent != ? GROUP BY r.agent
          UNION ALL
          SELECT s.agent, 0, COUNT(DISTINCT r.num) FROM party r JOIN party s ON s.num = r.num AND s.role = '{SENT}'
            WHERE r.agent = ? AND r.role = '{RECEIVED}' AND s.agent != ? GROUP BY s.agent)
        GROUP BY other ORDER BY SUM(outgoing) + SUM(incoming) DESC, other""", (iri, iri, iri, iri))
        return [(other, outgoing, incoming) for other, outgoing, incoming in rows]

    @_memoised
    def network(self, start: str | None = None, end: str | None = None, listed: int = 0) -> list[tuple[str, str, int, list[str], list[str]]]:
        """(sender, recipient, telegrams, ids of the earliest `listed` of them, intermediaries) per pair."""
        if start or end:
            table, params = _by_precision("pair", start, end)
            dates = " AND ".join(_date_clauses("day", start, end, params))
            counts = self._rows(f"SELECT sender, recipient, SUM(n) FROM {table} WHERE {dates} GROUP BY sender, recipient ORDER BY sender, recipient", params)
            relays = self._rows(f"SELECT DISTINCT sender, recipient, via FROM pair_via WHERE {dates} ORDER BY via", params)
        else:
            counts = self._rows("SELECT sender, recipient, n FROM pair_docs ORDER BY sender, recipient")
            relays = self._rows("SELECT sender, recipient, via FROM pair_via_total")
        via: dict[tuple[str, str], list[str]] = {}
        for sender, recipient, agent in relays:
            via.setdefault((sender, recipient), []).append(agent)
        docs: dict[tuple[str, str], list[str]] = {}
        if listed:
            docs = {(sender, recipient): ids.split() for sender, recipient, ids in self._rows("SELECT sender, recipient, docs FROM pair_docs")}
            if start or end:
                within = self._docs_between(start, end)
                docs = {pair: [d for d in ids if d in within] for pair, ids in docs.items()}
        return [(s, r, n, docs.get((s, r), [])[:listed], via.get((s, r), [])) for s, r, n in counts]

    def edges(self, start: str | None = None, end: str | None = None, agent: str | None = None) -> list[tuple[str, str, str | None, str, str, str]]:
        """(telegram IRI, doc id, date, sender, recipient, kind) per sender-recipient pair of each telegram
        (kind "telegram"), of each message quoted inside one (kind "embedded": the message's IRI and
        own date, else its telegram's, with the doc id of the telegram carrying it) and of each unseen
        telegram one refers to (kind "referenced": the description's IRI and own date, else the citing
        telegram's, with the citing telegram's doc id), dated within the bounds (any date when none),
        touching `agent` when given; by date, undated last."""
        params: list = []
        clauses = _date_clauses("t.date", start, end, params)
        if agent:
            clauses.append("(s.agent = ? OR r.agent = ?)")
            params += [agent, agent]
        parts = [f"""SELECT t.iri, t.doc, t.date AS d, s.agent AS sender, r.agent AS recipient, 'telegram' AS kind FROM telegram t
              JOIN party s ON s.num = t.num AND s.role = '{SENT}' JOIN party r ON r.num = t.num AND r.role = '{RECEIVED}'
              WHERE {" AND ".join(clauses) or "1"}"""]
        for kind, table, join in (("embedded", "message", ""), ("referenced", "reference", "JOIN unseen u ON u.iri = m.iri")):
            clauses_m = _date_clauses("COALESCE(m.date, t.date)", start, end, params)
            if agent:
                clauses_m.append("(m.sender = ? OR m.recipient = ?)")
                params += [agent, agent]
            parts.append(f"""SELECT m.iri, t.doc, COALESCE(m.date, t.date), m.sender, m.recipient, '{kind}' FROM {table} m {join}
              JOIN telegram t ON t.num = m.num WHERE {" AND ".join(clauses_m) or "1"}""")
        return self._rows(f"SELECT * FROM ({' UNION ALL '.join(parts)}) ORDER BY d IS NULL, d, doc, kind DESC, sender, recipient", params)

    @_memoised
    def embedded_network(self, start: str | None = None, end: str | None = None, listed: int = 0) -> list[tuple[str, str, int, list[str]]]:
        """(sender, recipient, messages, doc ids of the earliest `listed` telegrams carrying them) per
        pair of the messages quoted inside telegrams, dated by their own date, else their telegram's."""
        return self._described_network("message", "", start, end, listed)

    @_memoised
    def referenced_network(self, start: str | None = None, end: str | None = None, listed: int = 0) -> list[tuple[str, str, int, list[str]]]:
        """(sender, recipient, unseen telegrams, doc ids of the earliest `listed` telegrams citing them)
        per pair of the telegrams that telegrams refer to and the corpus lacks (`cg:unseen`), dated by
        their own date, else the citing telegram's. A reference that resolves to a telegram of the
        corpus is that telegram's own edge, and is not counted again here."""
        return self._described_network("reference", "JOIN unseen u ON u.iri = m.iri", start, end, listed)

    def _described_network(self, table: str, join: str, start: str | None, end: str | None, listed: int) -> list[tuple[str, str, int, list[str]]]:
        params: list = []
        dates = " AND ".join(_date_clauses("COALESCE(m.date, t.date)", start, end, params)) or "1"
        pairs: dict[tuple[str, str], list] = {}
        for sender, recipient, message, doc in self._rows(f"""
            SELECT m.sender, m.recipient, m.iri, t.doc FROM {table} m {join} JOIN telegram t ON t.num = m.num WHERE {dates}
            ORDER BY COALESCE(m.date, t.date) IS NULL, COALESCE(m.date, t.date), t.doc""", params):
            messages, docs = pairs.setdefault((sender, recipient), [set(), []])
            messages.add(message)
            if doc not in docs:
                docs.append(doc)
        return [(s, r, len(messages), docs[:listed]) for (s, r), (messages, docs) in sorted(pairs.items())]

    def _docs_between(self, start: str | None, end: str | None) -> set[str]:
        params: list = []
        dates = " AND ".join(_date_clauses("date", start, end, params)) or "1"
        return {doc for (doc,) in self._rows(f"SELECT doc FROM telegram WHERE {dates}", params)}

    @_memoised
    def timeline(self, granularity: str = "month", start: str | None = None, end: str | None = None, by_pair: bool = False
                 ) -> list[tuple[str, int, list[tuple[str, str, int]]]]:
        """(period, telegrams, [(sender, recipient, telegrams)] when `by_pair`) per day, month or year."""
        width = {"day": 10, "month": 7, "year": 4}[granularity]
        params: list = []
        if start or end:
            dates = " AND ".join(_date_clauses("date", start, end, params))
            counts = self._rows(f"SELECT substr(date, 1, {width}) AS p, COUNT(*) FROM telegram WHERE length(date) >= {width} AND {dates} GROUP BY p ORDER BY p", params)
        else:
            counts = self._rows("SELECT period, n FROM period WHERE granularity = ? ORDER BY period", (granularity,))
        pairs: dict[str, list[tuple[str, str, int]]] = {}
        if by_pair:
            table, params = _by_precision("pair", start, end, exact=granularity == "day")
            dates = " AND ".join(_date_clauses("day", start, end, params)) or "1"
            for period, sender, recipient, n in self._rows(f"""
                SELECT substr(day, 1, {width}) AS p, sender, recipient, SUM(n) FROM {table} WHERE length(day) >= {width} AND {dates}
                GROUP BY p, sender, recipient ORDER BY p, sender, recipient""", params):
                pairs.setdefault(period, []).append((sender, recipient, n))
        return [(period, n, pairs.get(period, [])) for period, n in counts]

    @_memoised
    def places(self, start: str | None = None, end: str | None = None, q: str | None = None) -> list[tuple[str, int]]:
        """(place, telegrams naming it) for every place named."""
        table, params = _by_precision("place", start, end)
        dates = " AND ".join(_date_clauses("day", start, end, params)) or "1"
        rows = self._rows(f"SELECT place, SUM(n) FROM {table} WHERE {dates} GROUP BY place ORDER BY place", params)
        if q:
            wanted = q.casefold()
            named = {iri for iri, name in self._rows("SELECT iri, name FROM alias WHERE iri LIKE '%/id/place/%'") if wanted in name.casefold()}
            rows = [row for row in rows if row[0] in named]
        return rows

    def units(self, start: str | None = None, end: str | None = None, affiliation: str | None = None) -> list[tuple[str, str | None, str | None, int]]:
        """(type, affiliation, month, formations) by month: each formation once per telegram naming it."""
        return [(u.type, u.affiliation, u.month, u.formations) for u in self.unit_counts(start, end, affiliation)]

    @_memoised
    def unit_counts(self, start: str | None = None, end: str | None = None, affiliation: str | None = None,
                    by_month: bool = True) -> list[UnitCount]:
        """Formations by type and affiliation, per month or over the whole range: each formation a
        telegram names counts once, however many of its versions and sentences name it."""
        params: list = []
        clauses = _date_clauses("day", start, end, params)
        if affiliation:
            clauses.append("affiliation = ?")
            params.append(affiliation)
        condition = " AND ".join(clauses) or "1"
        month = "substr(day, 1, 7)" if by_month else "NULL"
        # each telegram has one date, so telegrams per day add up to telegrams per month or range
        rows = self._rows(f"""
        SELECT type, affiliation, {month} AS m, SUM(formations), SUM(units), SUM(telegrams) FROM unit_month WHERE {condition}
        GROUP BY type, affiliation, m ORDER BY m IS NOT NULL, m, type, affiliation""", params)
        return [UnitCount(*row) for row in rows]

    def names(self, kind: str) -> list[tuple[str, str, str]]:
        """(iri, name, name kind) for every entity of `kind` (person, place, ...), for reconciliation."""
        return self._rows("SELECT a.iri, a.name, a.kind FROM alias a JOIN label l ON l.iri = a.iri WHERE l.kind = ?", (kind,))

    def mentions(self, iri: str) -> int:
        return self._rows("SELECT COUNT(DISTINCT num) FROM (SELECT num FROM party WHERE agent = ? UNION SELECT num FROM place WHERE place = ?)", (iri, iri))[0][0]


def _telegram_row(row: tuple) -> TelegramRow:
    """A row of (doc, iri, title, date, languages) as the catalogue selects it."""
    doc, iri, title, date, languages = row
    return TelegramRow(doc, iri, title, date, tuple(languages.split()))


_PHRASE = re.compile(r'"([^"]*)"')
_PREFIX_WORD = re.compile(r"([^\W_]+)\*")
_VERSION_BREAK = "zzversionbreakzz"


def _phrase_match(phrase: str) -> str:
    """ "Chinese volunteers" in order: the search forms of its words, next to each other."""
    return "seq : \"" + " ".join(terms(phrase)) + "\""


def _prefix_match(prefix: str) -> str:
    """ `доброволь*`: any indexed form that starts so (written forms and dictionary forms both)."""
    low = term(prefix) if not re.search(r"[а-яё]", prefix.lower()) else prefix.lower().replace("ё", "е")
    return f'"{low}" *'


def _word_match(word: str) -> str:
    forms = sorted(word_forms(word))
    quoted = [f'"{form}"' for form in forms if form]
    return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"


def _by_precision(prefix: str, start: str | None, end: str | None, exact: bool = False) -> tuple[str, list]:
    """The day table when a bound names a day (or `exact`), else the smaller month table: a date
    compares with a month or year bound exactly as its month does."""
    daily = exact or any(bound and len(bound) > 7 for bound in (start, end))
    return f"{prefix}_{'day' if daily else 'month'}", []


def _overlap_clauses(column: str, start: str | None, end: str | None, params: list) -> list[str]:
    """A date overlaps the bounds when its last day is on or after `start` and its first day on or
    before `end`: "1950" and "1950-08" are both found between 1950-07-01 and 1950-10-31. As strings,
    "1950~" sorts after every day of 1950, and "1950" before them."""
    clauses = []
    if start:
        clauses.append(f"{column} || '~' >= ?")
        params.append(start)
    if end:
        clauses.append(f"{column} <= ?")
        params.append(end + "~")
    return clauses


def _date_clauses(column: str, start: str | None, end: str | None, params: list) -> list[str]:
    """Dates compare as strings at their precision: "1950-10" sorts between "1950-09-30" and "1950-11"."""
    clauses = []
    if start:
        clauses.append(f"{column} >= ?")
        params.append(start)
    if end:
        clauses.append(f"{column} <= ?")
        params.append(end + "~")
    return clauses


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
