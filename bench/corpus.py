"""A deterministic scale corpus: N telegrams in the archive's two layouts, with threads.

Why synthetic: the five seeds cannot show how cost grows to a whole archive, and archive
text may not be copied. Every document is made from the templates of `bench.vocab`, so the
same seed always gives the same files (byte for byte), and any one document can be written
again on its own (`render_document`) — the incremental-rebuild benchmark relies on that.

Planning runs once over the corpus in date order (who writes to whom, through whom, which
earlier telegram each one answers); rendering uses a generator seeded per document. What a
message says comes from `bench.corpus_sentences`, the forms and layouts around it from
`bench.corpus_forms`.

    python -m bench.corpus --size 1000 --out var/bench/corpus-1000
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import defaultdict, deque
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

from bench import vocab
from bench.corpus_forms import document_text
from bench.corpus_sentences import Fillers, Pair, message_pairs
from bench.vocab import Person

GENERATOR_VERSION = "1"
FIRST_DAY = date(1949, 10, 1)
LAST_DAY = date(1952, 12, 31)
MIN_BYTES, MAX_BYTES = 2_000, 10_000
WEB_SHARE = 0.3  # documents in the web-page layout; the rest in the export layout
AMBASSADORS = {  # city -> [(last day in post, person id)]
    "beijing": [(date(1952, 6, 1), "roshchin"), (date(1953, 3, 31), "panyushkin")],
    "pyongyang": [(date(1950, 11, 20), "shtykov"), (date(1953, 3, 31), "razuvaev")],
}
ADVISERS = ("krasovsky", "kotov", "zakharov", "kovalev")


@dataclass(frozen=True)
class CorpusSpec:
    size: int
    seed: int = 1950
    correspondents: int = 200


@dataclass(frozen=True)
class Reference:
    target: int  # index of the referenced document
    voice: str  # "your" (written by this telegram's addressee) or "my" (by its writer)
    by: str  # "cipher" | "outgoing" | "date"
    with_date: bool


@dataclass
class Plan:
    """Who, when, how routed, and what it answers: everything rendering needs besides wording."""

    index: int
    day: date
    author: str  # writer of the message (quoted inside when relayed)
    addressee: str
    sender: str  # signs the telegram
    recipient: str  # final recipient
    via: str | None = None  # intermediary named on the form
    via_post: bool = False  # written as the post ("СОВПОСОЛ") rather than the name
    second: str | None = None  # "X or Y" second final recipient
    relayed: bool = False
    transmitted: bool = False  # "Передано т. Булганину"
    cipher: int = 0
    outgoing: int = 0
    reference: Reference | None = None
    layout: str = "export"

    @property
    def doc_id(self) -> str:
        return f"tg{self.index:06d}"

    @property
    def relpath(self) -> str:
        return f"{self.index // 1000:03d}/{self.doc_id}.txt"


@dataclass
class Corpus:
    spec: CorpusSpec
    people: dict[str, Person]
    plans: list[Plan] = field(default_factory=list)


# --- planning ---------------------------------------------------------------------------


def correspondents(count: int) -> tuple[Person, ...]:
    """Known people first (by activity), then invented ones: about `count` in all."""
    known = vocab.KNOWN
    return known + vocab.invented_people(max(0, count - len(known)))


def plan_corpus(spec: CorpusSpec) -> Corpus:
    rng = random.Random(spec.seed)
    ranked = correspondents(spec.correspondents)
    people = {p.id: p for p in ranked}
    cumulative = list(accumulate(1.0 / rank for rank in range(1, len(ranked) + 1)))  # Zipf, s = 1
    ids = [p.id for p in ranked]

    def pick(exclude: set[str]) -> str:
        while True:
            chosen = rng.choices(ids, cum_weights=cumulative)[0]
            if chosen not in exclude:
                return chosen

    span = (LAST_DAY - FIRST_DAY).days
    days = sorted(FIRST_DAY + timedelta(days=int(rng.triangular(0, span, span * 0.35))) for _ in range(spec.size))
    ciphers = rng.sample(range(10_000, 10_000 + max(90_000, 3 * spec.size)), spec.size)
    counters: dict[str, int] = {}
    inbox: dict[str, deque[int]] = defaultdict(lambda: deque(maxlen=30))
    outbox: dict[str, deque[int]] = defaultdict(lambda: deque(maxlen=10))
    corpus = Corpus(spec, people)
    for index, day in enumerate(days):
        author = pick(set())
        roll = rng.random()
        reference = None
        if roll < 0.40 and inbox[author]:
            target = rng.choice(inbox[author])
            addressee = corpus.plans[target].author
            reference = _reference(rng, target, "your")
        elif roll < 0.50 and outbox[author]:
            target = rng.choice(outbox[author])
            addressee = corpus.plans[target].addressee
            reference = _reference(rng, target, "my")
        else:
            addressee = pick({author})
        plan = Plan(index, day, author, addressee, author, addressee, reference=reference, cipher=ciphers[index])
        _route(plan, people, rng)
        counters[plan.sender] = counters.get(plan.sender, rng.randint(100, 5000)) + rng.randint(1, 15)
        plan.outgoing = counters[plan.sender]
        plan.layout = "web" if rng.random() < WEB_SHARE else "export"
        corpus.plans.append(plan)
        inbox[addressee].append(index)
        outbox[author].append(index)
    return corpus


def _reference(rng: random.Random, target: int, voice: str) -> Reference:
    by = rng.choices(("cipher", "outgoing", "date"), weights=(55, 30, 15))[0]
    return Reference(target, voice, by, by == "date" or rng.random() < 0.7)


def ambassador(city: str, day: date) -> str | None:
    for last, person in AMBASSADORS.get(city, ()):
        if day <= last:
            return person
    return None


def _route(plan: Plan, people: dict[str, Person], rng: random.Random) -> None:
    """Intermediaries, posts, relays: Moscow writes to Beijing through the ambassador or an
    adviser; Beijing and Pyongyang answer Moscow through the ambassador, who quotes them."""
    author, addressee = people[plan.author], people[plan.addressee]
    overseas = {"beijing", "pyongyang", "shenyang", "harbin"}
    if author.city == "moscow" and addressee.side != "soviet" and addressee.city in overseas and rng.random() < 0.7:
        envoy = ambassador(addressee.city, plan.day) if addressee.city in AMBASSADORS else None
        if envoy is None or rng.random() < 0.3:
            envoy = rng.choice(ADVISERS)
        if envoy not in (plan.author, plan.addressee):
            plan.via = envoy
            plan.via_post = envoy == ambassador(addressee.city, plan.day) and rng.random() < 0.4
            if plan.via_post and addressee.side == "chinese" and rng.random() < 0.3:
                plan.second = "zhou-enlai" if plan.addressee != "zhou-enlai" else "mao-zedong"
    elif author.side != "soviet" and addressee.city == "moscow" and author.city in AMBASSADORS and rng.random() < 0.6:
        envoy = ambassador(author.city, plan.day)
        if envoy and envoy not in (plan.author, plan.addressee):
            plan.sender, plan.relayed = envoy, True
    plan.transmitted = plan.author == "stalin" and not plan.relayed and rng.random() < 0.1


# --- rendering --------------------------------------------------------------------------


def render_document(corpus: Corpus, plan: Plan, revision: int = 0) -> str:
    """The text of one document; `revision` > 0 adds sentences (a changed document)."""
    rng = random.Random(corpus.spec.seed * 1_000_003 + plan.index)
    two_russian = rng.random() < 0.4
    target = int(2_400 * (3.6 ** rng.random()))  # log-uniform, about 2.4 to 8.6 KB
    filler = Fillers(rng, corpus)
    body = message_pairs(rng, corpus, plan, revision, filler)
    header_cost = 1_400

    def per_pair(pair: Pair) -> int:
        return len(pair.ru.encode()) * (2 if two_russian else 1) + len(pair.en.encode()) + 3

    while len(body) > 2 and header_cost + sum(map(per_pair, body)) > target:
        body.pop(rng.randrange(1, len(body)))
    while header_cost + sum(map(per_pair, body)) < target:
        body.append(filler())
    for _ in range(40):
        text = document_text(rng.getstate(), corpus, plan, body, two_russian)
        size = len(text.encode())
        if size > MAX_BYTES - 200 and len(body) > 2:
            body.pop()
        elif size < MIN_BYTES + 200:
            body.append(filler())
        else:
            return text
    return text


# --- writing ----------------------------------------------------------------------------


def authority_toml(corpus: Corpus) -> str:
    """The invented correspondents as an authority file (CABLEGRAPH_AUTHORITY_FILES)."""
    lines = ["# Invented correspondents of the benchmark corpus (bench/corpus.py); not historical people.", ""]
    for person in corpus.people.values():
        if person.known:
            continue
        lines += [
            "[[person]]",
            f'id = "{person.id}"',
            f'label = "{person.label or person.en}"',
            f'names_en = ["{person.en}"]',
            f'names_ru = ["{person.ru}"]',
            "",
        ]
    return "\n".join(lines)


def manifest_entry(corpus: Corpus, plan: Plan) -> dict[str, str | bool | None]:
    ref = plan.reference
    return {
        "id": plan.doc_id,
        "path": plan.relpath,
        "layout": plan.layout,
        "date": plan.day.isoformat(),
        "author": plan.author,
        "addressee": plan.addressee,
        "sender": plan.sender,
        "recipient": plan.recipient,
        "via": plan.via,
        "relayed": plan.relayed,
        "cipher": str(plan.cipher),
        "outgoing": str(plan.outgoing),
        "refers_to": corpus.plans[ref.target].doc_id if ref else None,
        "reference_by": ref.by if ref else None,
    }


def generate(out: str | Path, size: int, seed: int = 1950) -> dict[str, Any]:
    """Write `size` documents under `out` (sharded by thousands), authority.toml and manifest.json."""
    started = time.monotonic()
    out = Path(out)
    spec = CorpusSpec(size, seed)
    corpus = plan_corpus(spec)
    docs = out / "docs"
    total = 0
    for plan in corpus.plans:
        path = docs / plan.relpath
        if plan.index % 1000 == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
        data = render_document(corpus, plan).encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    (out / "authority.toml").write_text(authority_toml(corpus), encoding="utf-8")
    manifest = {
        "spec": asdict(spec),
        "generator": GENERATOR_VERSION,
        "bytes": total,
        "seconds": round(time.monotonic() - started, 2),
        "documents": [manifest_entry(corpus, plan) for plan in corpus.plans],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=0), encoding="utf-8")
    return manifest


def revise(out: str | Path, size: int, indices: list[int], seed: int = 1950, revision: int = 1) -> None:
    """Rewrite the given documents with `revision` extra sentences (0 puts the originals back)."""
    corpus = plan_corpus(CorpusSpec(size, seed))
    for index in indices:
        plan = corpus.plans[index]
        (Path(out) / "docs" / plan.relpath).write_text(render_document(corpus, plan, revision), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic telegram corpus for benchmarks.")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1950)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    manifest = generate(args.out, args.size, args.seed)
    print(f"{args.size} documents, {manifest['bytes'] / 1e6:.1f} MB in {manifest['seconds']} s -> {args.out}")


if __name__ == "__main__":
    main()
