"""The catalogue's reads behind the pages of people, places and other entities.

Labels, aliases, coordinates, the roles a person has in which telegrams, whom they wrote to: the
questions an entity page and reconciliation ask, each one query. They are a mixin of the
Catalogue (graph/catalogue/database.py), kept apart from its connection and its search, since
they read the entity tables (label, alias, point, agent_role) and party, never the text index.
"""

from __future__ import annotations

from collections.abc import Iterable

from cablegraph.extract.textutil import key_slug
from cablegraph.graph.catalogue.reading import CatalogueReading, memoised
from cablegraph.graph.catalogue.recording import chunks
from cablegraph.graph.catalogue.summary import RECEIVED, SENT


class EntityReading(CatalogueReading):
    """Labels, names and roles of what the telegrams name."""

    _person_slugs: dict[str, set[str]] | None

    def label(self, iri: str) -> str | None:
        rows = self._rows("SELECT label FROM label WHERE iri = ?", (iri,))
        return str(rows[0][0]) if rows else None

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(iris))
        found: dict[str, str] = {}
        for chunk in chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            found.update(self._rows(f"SELECT iri, label FROM label WHERE iri IN ({marks})", chunk))
        return {iri: found.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1] for iri in wanted}

    def in_authority(self, iri: str) -> bool:
        return bool(self._rows("SELECT 1 FROM label WHERE iri = ? AND authority = 1", (iri,)))

    def place_telegrams(self, iri: str) -> list[str]:
        return [
            doc
            for (doc,) in self._rows(
                "SELECT t.doc FROM place p JOIN telegram t ON t.num = p.num WHERE p.place = ? ORDER BY t.date, t.doc",
                (iri,),
            )
        ]

    def parties(self, docs: list[str]) -> dict[str, list[tuple[str, str]]]:
        """doc id -> (role, agent) pairs, for a page of telegrams."""
        found: dict[str, list[tuple[str, str]]] = {doc: [] for doc in docs}
        for chunk in chunks(docs, 500):
            marks = ",".join("?" * len(chunk))
            for doc, role, agent in self._rows(
                f"SELECT t.doc, p.role, p.agent FROM party p JOIN telegram t ON t.num = p.num WHERE t.doc IN ({marks}) ORDER BY p.rowid",
                chunk,
            ):
                found[doc].append((role, agent))
        return found

    def aliases(self, iri: str) -> list[tuple[str, str]]:
        """(name, kind) pairs: label, aliases and pseudonyms."""
        return [
            (name, kind)
            for name, kind in self._rows("SELECT name, kind FROM alias WHERE iri = ? ORDER BY rowid", (iri,))
        ]

    def point(self, iri: str) -> tuple[float, float] | None:
        rows = self._rows("SELECT lat, lon FROM point WHERE iri = ?", (iri,))
        return (rows[0][0], rows[0][1]) if rows else None

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

    @memoised
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
        for role, doc in self._rows(
            "SELECT p.role, t.doc FROM party p JOIN telegram t ON t.num = p.num WHERE p.agent = ? ORDER BY t.date, t.doc",
            (iri,),
        ):
            found.setdefault(role, []).append(doc)
        return found

    def names(self, kind: str) -> list[tuple[str, str, str]]:
        """(iri, name, name kind) for every entity of `kind` (person, place, ...), for reconciliation."""
        return [
            (iri, name, name_kind)
            for iri, name, name_kind in self._rows(
                "SELECT a.iri, a.name, a.kind FROM alias a JOIN label l ON l.iri = a.iri WHERE l.kind = ?", (kind,)
            )
        ]

    def mentions(self, iri: str) -> int:
        return int(
            self._rows(
                "SELECT COUNT(DISTINCT num) FROM (SELECT num FROM party WHERE agent = ? UNION SELECT num FROM place WHERE place = ?)",
                (iri, iri),
            )[0][0]
        )

    def correspondents(self, iri: str) -> list[tuple[str, int, int]]:
        """(other party, telegrams `iri` sent them, telegrams they sent `iri`), busiest first."""
        found = self._rows(
            f"""
        SELECT other, SUM(outgoing), SUM(incoming) FROM (
          SELECT r.agent AS other, COUNT(DISTINCT s.num) AS outgoing, 0 AS incoming FROM party s JOIN party r ON r.num = s.num AND r.role = '{RECEIVED}'
            WHERE s.agent = ? AND s.role = '{SENT}' AND r.agent != ? GROUP BY r.agent
          UNION ALL
          SELECT s.agent, 0, COUNT(DISTINCT r.num) FROM party r JOIN party s ON s.num = r.num AND s.role = '{SENT}'
            WHERE r.agent = ? AND r.role = '{RECEIVED}' AND s.agent != ? GROUP BY s.agent)
        GROUP BY other ORDER BY SUM(outgoing) + SUM(incoming) DESC, other""",
            (iri, iri, iri, iri),
        )
        return [(other, outgoing, incoming) for other, outgoing, incoming in found]
