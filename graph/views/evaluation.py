"""Accuracy harness: compare telegram records with hand-written gold files.

A gold file (`<doc id>.json`) lists, per fact type, the items a historian would write
down; each record item is reduced to the same comparable key (a person id, "value|kind"
for a number, ...). Precision, recall and F1 are micro-averaged per fact type over
all gold documents; every miss and false positive is listed with its document.
Types a gold file leaves out are not scored for that document.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cablegraph.graph.views.record_models import AgentOut, TelegramRecord

FACT_TYPES = (
    "senders",
    "recipients",
    "intermediaries",
    "date",
    "numbers",
    "references",
    "embedded_messages",
    "places",
    "military_units",
    "persons",
    "archive_refs",
    "classification",
)


def _agents(items: Iterable[AgentOut]) -> set[str]:
    return {a.id for a in items}


KEYS: dict[str, Callable[[TelegramRecord], set[str]]] = {
    "senders": lambda r: _agents(r.senders),
    "recipients": lambda r: _agents(r.recipients),
    "intermediaries": lambda r: _agents(r.intermediaries),
    "date": lambda r: {r.date} if r.date else set(),
    "numbers": lambda r: {f"{n.value}|{n.kind}" for n in r.numbers},
    "references": lambda r: {
        f"{x.number or ''}|{x.date or ''}|{x.from_.id if x.from_ else ''}|{x.resolved or ''}" for x in r.references
    },
    "embedded_messages": lambda r: {
        f"{x.from_.id if x.from_ else ''}|{x.to.id if x.to else ''}|{x.date or ''}" for x in r.embedded_messages
    },
    "places": lambda r: {p.id for p in r.places},
    "military_units": lambda r: {
        f"{u.type or ''}|{u.count if u.count is not None else ''}|{u.count_max if u.count_max is not None else ''}|{u.affiliation or ''}"
        for u in r.military_units
    },
    "persons": lambda r: _agents(r.persons),
    "archive_refs": lambda r: {f"{a.repository} {a.fond}/{a.opis}/{a.delo}/{a.folios}" for a in r.archive_refs},
    "classification": lambda r: set(r.classification),
}


@dataclass
class TypeScore:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)  # (doc id, item)
    extras: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    scores: dict[str, TypeScore]
    documents: int
    missing_records: list[str]

    def lowest_f1(self) -> float:
        return min((s.f1 for s in self.scores.values()), default=1.0)


def load_gold(gold_dir: Path) -> dict[str, dict[str, Any]]:  # parsed JSON
    gold = {}
    for path in sorted(Path(gold_dir).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        gold[data.get("id", path.stem)] = data
    return gold


def evaluate(records: dict[str, TelegramRecord], gold: dict[str, dict[str, Any]]) -> Evaluation:
    scores = {name: TypeScore() for name in FACT_TYPES}
    missing = []
    for doc_id, expected in gold.items():
        record = records.get(doc_id)
        if record is None:
            missing.append(doc_id)
        for name in FACT_TYPES:
            if name not in expected:
                continue
            want = expected[name]
            want_set = {want} if isinstance(want, str) else set(want or ())
            got = KEYS[name](record) if record is not None else set()
            score = scores[name]
            score.true_positives += len(want_set & got)
            score.false_positives += len(got - want_set)
            score.false_negatives += len(want_set - got)
            score.misses += [(doc_id, item) for item in sorted(want_set - got)]
            score.extras += [(doc_id, item) for item in sorted(got - want_set)]
    return Evaluation(scores, len(gold), missing)
