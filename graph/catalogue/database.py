"""The catalogue: a SQLite summary of the served telegrams, kept beside the store.

Lists, filters, full-text search and the aggregates behind the visualisations must answer in
milliseconds at archive scale, where SPARQL aggregates over the on-disk store take seconds. So
every build ends by bringing the catalogue level with the store — only graphs whose checksum,
fingerprint or build time changed are read again — and the JSON API reads the catalogue.
The store stays the one source of truth: delete the catalogue and the next refresh rebuilds it.
What is kept of each graph, and how it is read from RDF, is graph/catalogue/summary.py; the tables
are schema.py, writing them recording.py, free-text search search.py, the charts' counts
visualisations.py. The entity pages' reads are entities.py and the
chart answers' cache visualisations.py, both mixins of the Catalogue; this module holds the
connection, its lock, the following of a served file and the answers kept between builds.

In front of a remote store the catalogue is the build's file, opened read-only by every server
(`open_read_only`): reading it back from an engine holding millions of telegrams is a build's
job, never a server's start-up. A read-only catalogue follows the builds that write it (or a copy
renamed over it), so servers started at different times answer alike.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cablegraph.graph.catalogue import recording
from cablegraph.graph.catalogue.entities import EntityReading
from cablegraph.graph.catalogue.recording import chunks
from cablegraph.graph.catalogue.schema import SCHEMA_VERSION, Row, create, read_meta
from cablegraph.graph.catalogue.search import (
    NAMED_ENTITIES,
    NameIndex,
    TelegramFilter,
    TelegramRow,
    match_expression,
    telegram_page,
    telegram_row,
)
from cablegraph.graph.catalogue.summary import Summary, stamps_of
from cablegraph.graph.catalogue.visualisations import VisualisationCounts
from cablegraph.graph.errors import GraphError
from cablegraph.graph.store.protocol import SelectingStore
from cablegraph.ontology import IriMinter

_RECORD_BATCH = 500  # summaries written per transaction during a build
FOLLOW_S = 1.0  # how often a read-only catalogue looks whether a build has changed it


class CatalogueError(GraphError):
    """The catalogue file cannot be served: missing, not built to the end, or of another schema."""


@dataclass
class RefreshReport:
    updated: int = 0
    removed: int = 0
    seconds: float = 0.0


class Catalogue(EntityReading, VisualisationCounts):
    """One SQLite database; safe to share between the server's threads (one lock, short queries)."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._lock = threading.RLock()
        self._names: NameIndex | None = None
        self._person_slugs: dict[str, set[str]] | None = None
        self._memo: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self._pending: list[Summary] = []
        self._recorded: list[str] = []  # graphs written by record() since the last refresh
        self._version: str | None = None  # set by refresh() (or read from the file): names the store's content
        if read_only:
            self._connect_read_only()
            return
        self._db = sqlite3.connect(
            str(self.path) if self.path else ":memory:", check_same_thread=False, isolation_level=None
        )
        self._db.execute("PRAGMA busy_timeout=30000")  # two builds, or a build and a start-up refresh, take turns
        self._db.execute("PRAGMA journal_mode=WAL" if self.path else "PRAGMA journal_mode=MEMORY")
        self._db.execute("PRAGMA synchronous=NORMAL")
        if read_meta(self._db, "schema") != SCHEMA_VERSION:
            with self._lock:
                create(self._db)

    @classmethod
    def open_read_only(cls, path: str | Path) -> Catalogue:
        """A catalogue a build has written, for serving: never written to, never rebuilt. Raises
        CatalogueError when the file is missing, was never brought level with a store, or has
        another schema than this cablegraph's."""
        return cls(path, read_only=True)

    def _connect_read_only(self) -> None:
        if self.path is None or not self.path.is_file():
            raise CatalogueError(f"no catalogue at {self.path}")
        self._file = self.path
        self._inode = self.path.stat().st_ino
        uri = "file:" + self.path.resolve().as_posix().replace("?", "%3f").replace("#", "%23") + "?mode=ro"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA busy_timeout=30000")
        self._data_version = self._db.execute("PRAGMA data_version").fetchone()[0]
        self._checked = time.monotonic()
        self._read_state()

    def _read_state(self) -> None:
        """The schema and content version the file says it has; an error when it cannot be served."""
        schema = read_meta(self._db, "schema")
        if schema is None:
            raise CatalogueError(f"{self.path} is not a cablegraph catalogue (or is empty)")
        if schema != SCHEMA_VERSION:
            raise CatalogueError(
                f"the catalogue {self.path} has schema {schema}; this cablegraph reads schema {SCHEMA_VERSION}"
            )
        version = read_meta(self._db, "version")
        if read_meta(self._db, "summarised") != "1":
            raise CatalogueError(
                f"the catalogue {self.path} was never brought level with a store (a build stopped before its end?)"
            )
        if version is None:
            raise CatalogueError(
                f"the catalogue {self.path} was written by an earlier cablegraph, which kept no version in it"
            )
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
                replaced = self._file.stat().st_ino != self._inode
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
            self._forget_answers()

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

    def refresh(self, store: SelectingStore, minter: IriMinter) -> RefreshReport:
        """Bring the catalogue level with `store`: read changed graphs again, forget removed ones."""
        if self.read_only:
            raise CatalogueError(f"the catalogue {self.path} is open read-only: a build brings it level with the store")
        started = time.monotonic()
        report = RefreshReport(updated=self._flush())
        recorded, self._recorded = self._recorded, []
        current = stamps_of(store)
        self._version = hashlib.sha256(
            "\n".join(sorted(f"{g} {stamp}" for g, stamp in current.items())).encode("utf-8")
        ).hexdigest()[:20]
        with self._lock:
            removed, changed = recording.changes(self._db, current)
            self._db.execute("BEGIN")
            try:
                recording.bring_level(self._db, store, minter, current, (removed, changed), recorded)
                if read_meta(self._db, "version") != self._version:  # what servers reading the file give as their ETag
                    self._db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (self._version,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._forget_answers()
        report.updated += len(changed)
        report.removed = len(removed)
        report.seconds = time.monotonic() - started
        return report

    def _forget_answers(self) -> None:
        self._names = None
        self._person_slugs = None
        self._memo.clear()

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
                    recording.forget(self._db, summary.graph)
                    recording.insert(self._db, summary)
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

    # --- reading ----------------------------------------------------------------------------

    def _rows(self, sql: str, params: Iterable[object] = (), /) -> list[Row]:
        self._follow()
        with self._lock:
            return self._db.execute(sql, tuple(params)).fetchall()

    def count(self) -> int:
        return int(self._rows("SELECT COUNT(*) FROM telegram")[0][0])

    def has(self, doc: str) -> bool:
        return bool(self._rows("SELECT 1 FROM telegram WHERE doc = ?", (doc,)))

    def date_range(self) -> tuple[str | None, str | None]:
        low, high = self._rows("SELECT MIN(date), MAX(date) FROM telegram")[0]
        return low, high

    def telegrams(
        self, where: TelegramFilter, sort: str = "date", limit: int = 50, offset: int = 0
    ) -> tuple[list[TelegramRow], int]:
        """One page of telegrams matching `where`, and how many match in all."""
        return telegram_page(self._rows, where, self.match_expression, sort, limit, offset)

    def match_expression(self, q: str, any_word: bool = False) -> str | None:
        """An FTS5 query for free text (graph/catalogue/search.py says how words and names match)."""
        return match_expression(q, self._name_index, any_word)

    def _name_index(self) -> NameIndex:
        if self._names is None:
            self._names = NameIndex(self._rows(NAMED_ENTITIES))
        return self._names

    def rows(self, docs: list[str]) -> list[TelegramRow]:
        """The telegrams among `docs` that the catalogue holds."""
        found: list[TelegramRow] = []
        for chunk in chunks(list(dict.fromkeys(docs)), 500):
            marks = ",".join("?" * len(chunk))
            found += map(
                telegram_row,
                self._rows(f"SELECT doc, iri, title, date, languages FROM telegram WHERE doc IN ({marks})", chunk),
            )
        return found

    def matching_iris(self, q: str, limit: int) -> list[str]:
        """IRIs of the telegrams whose texts match `q` (as /api/telegrams?q= does), by date."""
        match = self.match_expression(q)
        if match is None:
            return []
        rows = self._rows(
            """SELECT iri FROM telegram WHERE num IN (SELECT rowid FROM text WHERE text MATCH ?)
                             ORDER BY date IS NULL, date, doc LIMIT ?""",
            (match, limit),
        )
        return [iri for (iri,) in rows]

    def ranked_telegrams(self, q: str, limit: int) -> list[TelegramRow]:
        """Telegrams sharing any word or name with `q`, the most relevant (BM25) first."""
        match = self.match_expression(q, any_word=True)
        if match is None:
            return []
        rows = self._rows(
            """SELECT t.doc, t.iri, t.title, t.date, t.languages FROM text JOIN telegram t ON t.num = text.rowid
                             WHERE text MATCH ? ORDER BY rank LIMIT ?""",
            (match, limit),
        )
        return [telegram_row(row) for row in rows]
