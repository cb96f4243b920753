"""Reading the catalogue for the visualisations: networks, edges, timelines, places, formations.

Each answer is counted from the aggregate tables a build fills (graph/catalogue/recording.py), at
day precision when a bound names a day and from the smaller month tables otherwise. They are plain
functions of the Catalogue's reader: the Catalogue keeps their answers between builds, and the
SQL of one chart reads here in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from cablegraph.graph.catalogue.reading import CatalogueReading, memoised
from cablegraph.graph.catalogue.schema import Rows
from cablegraph.graph.catalogue.summary import RECEIVED, SENT

Network = list[tuple[str, str, int, list[str], list[str]]]
DescribedNetwork = list[tuple[str, str, int, list[str]]]
Edge = tuple[str, str, str | None, str, str, str]
Timeline = list[tuple[str, int, list[tuple[str, str, int]]]]


@dataclass(frozen=True)
class UnitCount:
    """Military formations of one type and affiliation in a month (or the whole range)."""

    type: str
    affiliation: str | None
    month: str | None
    formations: int  # each formation once per telegram naming it
    units: int  # the counts the texts give summed (a range's lower bound; no count is one)
    telegrams: int


def _network(rows: Rows, start: str | None, end: str | None, listed: int) -> Network:
    """(sender, recipient, telegrams, ids of the earliest `listed` of them, intermediaries) per pair."""
    if start or end:
        table, params = _by_precision("pair", start, end)
        dates = " AND ".join(_date_clauses("day", start, end, params))
        counts = rows(
            f"SELECT sender, recipient, SUM(n) FROM {table} WHERE {dates} GROUP BY sender, recipient ORDER BY sender, recipient",
            params,
        )
        relays = rows(f"SELECT DISTINCT sender, recipient, via FROM pair_via WHERE {dates} ORDER BY via", params)
    else:
        counts = rows("SELECT sender, recipient, n FROM pair_docs ORDER BY sender, recipient")
        relays = rows("SELECT sender, recipient, via FROM pair_via_total")
    via: dict[tuple[str, str], list[str]] = {}
    for sender, recipient, agent in relays:
        via.setdefault((sender, recipient), []).append(agent)
    docs: dict[tuple[str, str], list[str]] = {}
    if listed:
        docs = {
            (sender, recipient): ids.split()
            for sender, recipient, ids in rows("SELECT sender, recipient, docs FROM pair_docs")
        }
        if start or end:
            within = _docs_between(rows, start, end)
            docs = {pair: [d for d in ids if d in within] for pair, ids in docs.items()}
    return [(s, r, n, docs.get((s, r), [])[:listed], via.get((s, r), [])) for s, r, n in counts]


def _edges(rows: Rows, start: str | None, end: str | None, agent: str | None) -> list[Edge]:
    """(telegram IRI, doc id, date, sender, recipient, kind) per sender-recipient pair of each telegram
    (kind "telegram"), of each message quoted inside one (kind "embedded": the message's IRI and
    own date, else its telegram's, with the doc id of the telegram carrying it) and of each unseen
    telegram one refers to (kind "referenced": the description's IRI and own date, else the citing
    telegram's, with the citing telegram's doc id), dated within the bounds (any date when none),
    touching `agent` when given; by date, undated last."""
    params: list[object] = []
    clauses = _date_clauses("t.date", start, end, params)
    if agent:
        clauses.append("(s.agent = ? OR r.agent = ?)")
        params += [agent, agent]
    parts = [
        f"""SELECT t.iri, t.doc, t.date AS d, s.agent AS sender, r.agent AS recipient, 'telegram' AS kind FROM telegram t
          JOIN party s ON s.num = t.num AND s.role = '{SENT}' JOIN party r ON r.num = t.num AND r.role = '{RECEIVED}'
          WHERE {" AND ".join(clauses) or "1"}"""
    ]
    for kind, table, join in (
        ("embedded", "message", ""),
        ("referenced", "reference", "JOIN unseen u ON u.iri = m.iri"),
    ):
        clauses_m = _date_clauses("COALESCE(m.date, t.date)", start, end, params)
        if agent:
            clauses_m.append("(m.sender = ? OR m.recipient = ?)")
            params += [agent, agent]
        parts.append(f"""SELECT m.iri, t.doc, COALESCE(m.date, t.date), m.sender, m.recipient, '{kind}' FROM {table} m {join}
          JOIN telegram t ON t.num = m.num WHERE {" AND ".join(clauses_m) or "1"}""")
    return rows(
        f"SELECT * FROM ({' UNION ALL '.join(parts)}) ORDER BY d IS NULL, d, doc, kind DESC, sender, recipient", params
    )


def _embedded_network(rows: Rows, start: str | None, end: str | None, listed: int) -> DescribedNetwork:
    """(sender, recipient, messages, doc ids of the earliest `listed` telegrams carrying them) per
    pair of the messages quoted inside telegrams, dated by their own date, else their telegram's."""
    return _described_network(rows, "message", "", start, end, listed)


def _referenced_network(rows: Rows, start: str | None, end: str | None, listed: int) -> DescribedNetwork:
    """(sender, recipient, unseen telegrams, doc ids of the earliest `listed` telegrams citing them)
    per pair of the telegrams that telegrams refer to and the corpus lacks (`cg:unseen`), dated by
    their own date, else the citing telegram's. A reference that resolves to a telegram of the
    corpus is that telegram's own edge, and is not counted again here."""
    return _described_network(rows, "reference", "JOIN unseen u ON u.iri = m.iri", start, end, listed)


def _described_network(
    rows: Rows, table: str, join: str, start: str | None, end: str | None, listed: int
) -> DescribedNetwork:
    params: list[object] = []
    dates = " AND ".join(_date_clauses("COALESCE(m.date, t.date)", start, end, params)) or "1"
    pairs: dict[tuple[str, str], tuple[set[str], list[str]]] = {}
    for sender, recipient, message, doc in rows(
        f"""
        SELECT m.sender, m.recipient, m.iri, t.doc FROM {table} m {join} JOIN telegram t ON t.num = m.num WHERE {dates}
        ORDER BY COALESCE(m.date, t.date) IS NULL, COALESCE(m.date, t.date), t.doc""",
        params,
    ):
        messages, docs = pairs.setdefault((sender, recipient), (set(), []))
        messages.add(message)
        if doc not in docs:
            docs.append(doc)
    return [(s, r, len(messages), docs[:listed]) for (s, r), (messages, docs) in sorted(pairs.items())]


def _docs_between(rows: Rows, start: str | None, end: str | None) -> set[str]:
    params: list[object] = []
    dates = " AND ".join(_date_clauses("date", start, end, params)) or "1"
    return {doc for (doc,) in rows(f"SELECT doc FROM telegram WHERE {dates}", params)}


def _timeline(rows: Rows, granularity: str, start: str | None, end: str | None, by_pair: bool) -> Timeline:
    """(period, telegrams, [(sender, recipient, telegrams)] when `by_pair`) per day, month or year."""
    width = {"day": 10, "month": 7, "year": 4}[granularity]
    params: list[object] = []
    if start or end:
        dates = " AND ".join(_date_clauses("date", start, end, params))
        counts = rows(
            f"SELECT substr(date, 1, {width}) AS p, COUNT(*) FROM telegram WHERE length(date) >= {width} AND {dates} GROUP BY p ORDER BY p",
            params,
        )
    else:
        counts = rows("SELECT period, n FROM period WHERE granularity = ? ORDER BY period", (granularity,))
    pairs: dict[str, list[tuple[str, str, int]]] = {}
    if by_pair:
        table, params = _by_precision("pair", start, end, exact=granularity == "day")
        dates = " AND ".join(_date_clauses("day", start, end, params)) or "1"
        for period, sender, recipient, n in rows(
            f"""
            SELECT substr(day, 1, {width}) AS p, sender, recipient, SUM(n) FROM {table} WHERE length(day) >= {width} AND {dates}
            GROUP BY p, sender, recipient ORDER BY p, sender, recipient""",
            params,
        ):
            pairs.setdefault(period, []).append((sender, recipient, n))
    return [(period, n, pairs.get(period, [])) for period, n in counts]


def _places(rows: Rows, start: str | None, end: str | None, q: str | None) -> list[tuple[str, int]]:
    """(place, telegrams naming it) for every place named."""
    table, params = _by_precision("place", start, end)
    dates = " AND ".join(_date_clauses("day", start, end, params)) or "1"
    found = rows(f"SELECT place, SUM(n) FROM {table} WHERE {dates} GROUP BY place ORDER BY place", params)
    if q:
        wanted = q.casefold()
        named = {
            iri
            for iri, name in rows("SELECT iri, name FROM alias WHERE iri LIKE '%/id/place/%'")
            if wanted in name.casefold()
        }
        found = [row for row in found if row[0] in named]
    return found


def _unit_counts(
    rows: Rows, start: str | None, end: str | None, affiliation: str | None, by_month: bool
) -> list[UnitCount]:
    """Formations by type and affiliation, per month or over the whole range: each formation a
    telegram names counts once, however many of its versions and sentences name it."""
    params: list[object] = []
    clauses = _date_clauses("day", start, end, params)
    if affiliation:
        clauses.append("affiliation = ?")
        params.append(affiliation)
    condition = " AND ".join(clauses) or "1"
    month = "substr(day, 1, 7)" if by_month else "NULL"
    # each telegram has one date, so telegrams per day add up to telegrams per month or range
    found = rows(
        f"""
    SELECT type, affiliation, {month} AS m, SUM(formations), SUM(units), SUM(telegrams) FROM unit_month WHERE {condition}
    GROUP BY type, affiliation, m ORDER BY m IS NOT NULL, m, type, affiliation""",
        params,
    )
    return [UnitCount(*row) for row in found]


def _by_precision(prefix: str, start: str | None, end: str | None, exact: bool = False) -> tuple[str, list[object]]:
    """The day table when a bound names a day (or `exact`), else the smaller month table: a date
    compares with a month or year bound exactly as its month does."""
    daily = exact or any(bound and len(bound) > 7 for bound in (start, end))
    return f"{prefix}_{'day' if daily else 'month'}", []


def _date_clauses(column: str, start: str | None, end: str | None, params: list[object]) -> list[str]:
    """Dates compare as strings at their precision: "1950-10" sorts between "1950-09-30" and "1950-11"."""
    clauses = []
    if start:
        clauses.append(f"{column} >= ?")
        params.append(start)
    if end:
        clauses.append(f"{column} <= ?")
        params.append(end + "~")
    return clauses


class VisualisationCounts(CatalogueReading):
    """The Catalogue's answers for the charts, kept between builds (the functions above count them)."""

    @memoised
    def network(self, start: str | None = None, end: str | None = None, listed: int = 0) -> Network:
        """(sender, recipient, telegrams, ids of the earliest `listed` of them, intermediaries) per pair."""
        return _network(self._rows, start, end, listed)

    def edges(self, start: str | None = None, end: str | None = None, agent: str | None = None) -> list[Edge]:
        """(telegram IRI, doc id, date, sender, recipient, kind) per sender-recipient pair of each
        telegram, quoted message and unseen telegram referred to, by date, undated last."""
        return _edges(self._rows, start, end, agent)

    @memoised
    def embedded_network(self, start: str | None = None, end: str | None = None, listed: int = 0) -> DescribedNetwork:
        """Pairs of the messages quoted inside telegrams, with the earliest `listed` telegrams carrying them."""
        return _embedded_network(self._rows, start, end, listed)

    @memoised
    def referenced_network(self, start: str | None = None, end: str | None = None, listed: int = 0) -> DescribedNetwork:
        """Pairs of the unseen telegrams that telegrams refer to, with the earliest `listed` citing them."""
        return _referenced_network(self._rows, start, end, listed)

    @memoised
    def timeline(
        self, granularity: str = "month", start: str | None = None, end: str | None = None, by_pair: bool = False
    ) -> Timeline:
        """(period, telegrams, [(sender, recipient, telegrams)] when `by_pair`) per day, month or year."""
        return _timeline(self._rows, granularity, start, end, by_pair)

    @memoised
    def places(self, start: str | None = None, end: str | None = None, q: str | None = None) -> list[tuple[str, int]]:
        """(place, telegrams naming it) for every place named."""
        return _places(self._rows, start, end, q)

    def units(
        self, start: str | None = None, end: str | None = None, affiliation: str | None = None
    ) -> list[tuple[str, str | None, str | None, int]]:
        """(type, affiliation, month, formations) by month: each formation once per telegram naming it."""
        return [(u.type, u.affiliation, u.month, u.formations) for u in self.unit_counts(start, end, affiliation)]

    @memoised
    def unit_counts(
        self, start: str | None = None, end: str | None = None, affiliation: str | None = None, by_month: bool = True
    ) -> list[UnitCount]:
        """Formations by type and affiliation, per month or over the whole range."""
        return _unit_counts(self._rows, start, end, affiliation, by_month)
