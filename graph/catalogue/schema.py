"""The catalogue's tables, and the one way its readers ask them for rows.

The DDL and its version sit apart from the code that fills and reads the tables: a change here is
a new SCHEMA_VERSION, which makes every catalogue of the old schema be rebuilt (or, read-only,
refused), while the writing and reading modules change without touching the file's format.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any, Protocol

SCHEMA_VERSION = "14"
DDL = """
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

# A row as SQLite gives it: the column types are the schema's, which Python's sqlite3 does not carry.
Row = tuple[Any, ...]


class Rows(Protocol):
    """The catalogue's reader: rows of one SQL query, under its lock, after following the file."""

    def __call__(self, sql: str, params: Iterable[object] = ..., /) -> list[Row]: ...


def create(db: sqlite3.Connection) -> None:
    """Drop whatever tables the file holds and make this schema's, empty."""
    tables = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'text_%'"
        )
    ]
    for table in tables:
        db.execute(f'DROP TABLE IF EXISTS "{table}"')
    db.executescript("BEGIN;" + DDL + "COMMIT;")
    db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))


def read_meta(db: sqlite3.Connection, key: str) -> str | None:
    """A value of the meta table; None when absent, or when the file has no meta table yet."""
    try:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    except sqlite3.OperationalError:
        return None
    value: str | None = row[0] if row else None
    return value
