"""Reconciliation: which of our people, places and telegrams another project's name stands for.

Names are compared word by word in their search forms, so an inflected Russian form, a
pseudonym or an older spelling scores as high as the label itself; near-misses score by how much
of the name they share. Telegrams are found by the words of their titles and texts and scored by
title similarity, with a bonus when a given date or number agrees.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from cablegraph.extract.search_terms import words
from cablegraph.graph.catalogue.database import Catalogue
from cablegraph.graph.catalogue.search import word_forms

TYPES = {  # reconciliation type id -> (name, kind in the catalogue)
    "person": ("Person", "person"),
    "place": ("Place", "place"),
    "post": ("Post (office held)", "post"),
    "organisation": ("Organisation", "organisation"),
    "telegram": ("Telegram", "telegram"),
}
MATCH_SCORE = 90.0
MIN_SCORE = 40.0
# A name that shares no word with the query is a candidate only when it is spelt nearly alike ("Filipov"
# for "Filippov"); below this likeness it is noise ("Japan" for "Filippov" shares letters, not a name).
SPELLING_LIKENESS = 0.75
# What a type searches: a person may be named by the office held ("Soviet Ambassador, Peking"), so
# person queries are answered with posts too.
SEARCHED = {"person": ("person", "post")}


@dataclass(frozen=True)
class Candidate:
    id: str  # the IRI path after /id/, e.g. "person/mao-zedong"
    iri: str
    name: str
    type: str
    score: float
    match: bool = False


def reconcile(
    catalogue: Catalogue,
    query: str,
    type_id: str | None = None,
    limit: int = 5,
    properties: dict[str, str] | None = None,
) -> list[Candidate]:
    """The best candidates for `query`, best first; `match` is set on a clear winner."""
    types = [type_id] if type_id else ["person", "place", "post", "organisation"]
    found: list[Candidate] = []
    searched = dict.fromkeys(k for kind in types if kind in TYPES for k in SEARCHED.get(kind, (kind,)))
    for kind in searched:
        if kind == "telegram":
            found += _telegrams(catalogue, query, limit, properties or {})
        else:
            found += _named(catalogue, query, kind)
    found.sort(key=lambda c: (-c.score, c.name))
    found = found[:limit]
    if found and found[0].score >= MATCH_SCORE and (len(found) == 1 or found[1].score < found[0].score - 5):
        found[0] = Candidate(**{**found[0].__dict__, "match": True})
    return found


def suggest(catalogue: Catalogue, prefix: str, type_id: str | None = None, limit: int = 10) -> list[Candidate]:
    """Entities with a name starting with `prefix` (as typed into a search box), busiest first."""
    wanted = prefix.casefold().strip()
    if not wanted:
        return []
    kinds = (
        [TYPES[type_id][1]]
        if type_id in TYPES and type_id != "telegram"
        else ["person", "place", "post", "organisation"]
    )
    best: dict[str, Candidate] = {}
    for kind in kinds:
        labels: dict[str, str] = {}
        for iri, name, _ in catalogue.names(kind):
            labels.setdefault(iri, catalogue.label(iri) or name)
            folded = name.casefold()
            if folded.startswith(wanted) or any(word.casefold().startswith(wanted) for word in words(name)):
                score = 100.0 if folded.startswith(wanted) else 80.0
                if iri not in best or best[iri].score < score:
                    best[iri] = Candidate(_id(iri), iri, labels[iri], kind, score)
    ranked = sorted(best.values(), key=lambda c: (-c.score, -catalogue.mentions(c.iri), c.name))
    return ranked[:limit]


def _named(catalogue: Catalogue, query: str, kind: str) -> list[Candidate]:
    query_words = [word_forms(w) for w in words(query)]
    if not query_words:
        return []
    folded = " ".join(words(query)).casefold()
    scores: dict[str, float] = {}
    for iri, name, name_kind in catalogue.names(kind):
        score = _name_score(query_words, folded, name, name_kind)
        if score > scores.get(iri, 0.0):
            scores[iri] = score
    labels = catalogue.labels(scores)
    return [
        Candidate(_id(iri), iri, labels[iri], kind, round(score, 1))
        for iri, score in scores.items()
        if score >= MIN_SCORE
    ]


def _name_score(query_words: list[frozenset[str]], folded_query: str, name: str, name_kind: str) -> float:
    name_words = [word_forms(w) for w in words(name)]
    if not name_words:
        return 0.0
    if len(name_words) == len(query_words) and all(q & n for q, n in zip(query_words, name_words, strict=True)):
        return 100.0 if name_kind == "label" else 95.0
    shared = sum(1 for q in query_words if any(q & n for n in name_words))
    overlap = shared / max(len(query_words), len(name_words))
    similarity = difflib.SequenceMatcher(None, folded_query, " ".join(words(name)).casefold()).ratio()
    if not shared and similarity < SPELLING_LIKENESS:
        return 0.0
    return 85.0 * max(overlap, similarity)


def _telegrams(catalogue: Catalogue, query: str, limit: int, properties: dict[str, str]) -> list[Candidate]:
    found = []
    for row in catalogue.ranked_telegrams(query, max(limit * 4, 20)):
        title = row.title or row.doc
        title_forms = set().union(*(word_forms(w) for w in words(title))) if words(title) else set()
        query_words = [word_forms(w) for w in words(query)]
        coverage = sum(1 for forms in query_words if forms & title_forms) / max(len(query_words), 1)
        similarity = difflib.SequenceMatcher(None, query.casefold(), title.casefold()).ratio()
        score = 90.0 * (0.7 * coverage + 0.3 * similarity)
        if properties.get("date") and row.date and row.date.startswith(properties["date"]):
            score += 10.0
        if properties.get("id") == row.doc:
            score = 100.0
        found.append(Candidate(_id(row.iri), row.iri, title, "telegram", round(min(score, 100.0), 1)))
    return found


def _id(iri: str) -> str:
    return iri.split("/id/", 1)[-1]
