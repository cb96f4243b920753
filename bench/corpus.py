"""A deterministic scale corpus: N telegrams in the archive's two layouts, with threads.

Why synthetic: the five seeds cannot show how cost grows to a whole archive, and archive
text may not be copied. Every document is made from the templates of `bench.vocab`, so the
same seed always gives the same files (byte for byte), and any one document can be written
again on its own (`render_document`) — the incremental-rebuild benchmark relies on that.

Planning runs once over the corpus in date order (who writes to whom, through whom, which
earlier telegram each one answers); rendering uses a generator seeded per document.

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

from bench import vocab
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


@dataclass
class _Pair:
    ru: str
    en: str


def render_document(corpus: Corpus, plan: Plan, revision: int = 0) -> str:
    """The text of one document; `revision` > 0 adds sentences (a changed document)."""
    rng = random.Random(corpus.spec.seed * 1_000_003 + plan.index)
    two_russian = rng.random() < 0.4
    target = int(2_400 * (3.6 ** rng.random()))  # log-uniform, about 2.4 to 8.6 KB
    filler = _Fillers(rng, corpus)
    body = _content(rng, corpus, plan, revision, filler)
    header_cost = 1_400

    def per_pair(pair: _Pair) -> int:
        return len(pair.ru.encode()) * (2 if two_russian else 1) + len(pair.en.encode()) + 3

    while len(body) > 2 and header_cost + sum(map(per_pair, body)) > target:
        body.pop(rng.randrange(1, len(body)))
    while header_cost + sum(map(per_pair, body)) < target:
        body.append(filler())
    for _ in range(40):
        text = _document(rng.getstate(), corpus, plan, body, two_russian)
        size = len(text.encode())
        if size > MAX_BYTES - 200 and len(body) > 2:
            body.pop()
        elif size < MIN_BYTES + 200:
            body.append(filler())
        else:
            return text
    return text


def _document(state, corpus: Corpus, plan: Plan, body: list[_Pair], two_russian: bool) -> str:
    rng = random.Random()
    rng.setstate(state)
    marks = rng.sample(vocab.MARKS, rng.randint(1, 2))
    versions = [_russian(rng, corpus, plan, body, marks, scan=True)]
    if two_russian:
        versions.append(_russian(rng, corpus, plan, body, marks, scan=False))
    versions.append(_english(rng, corpus, plan, body, marks))
    separator = "\n\n[...]\n\n" if rng.random() < 0.6 else "\n\n"
    text_body = separator.join(versions)
    contents = ["Original Scan", "Transcript - Russian", "Translation - English"]
    if plan.layout == "web":
        return _web_page(rng, corpus, plan, text_body)
    return _export(rng, corpus, plan, text_body, contents)


def _title(corpus: Corpus, plan: Plan) -> str:
    people = corpus.people
    sender = _title_name(corpus, plan.sender, plan)
    recipient = _title_name(corpus, plan.recipient, plan)
    if plan.via and not plan.via_post:
        recipient = f"{recipient} (via {people[plan.via].en})"
    elif plan.via_post:
        recipient = f"{recipient} (via the Soviet Ambassador)"
    if plan.second:
        recipient = f"{recipient} or {people[plan.second].en}"
    kind = "Ciphered Telegram" if plan.index % 3 else "Telegram"
    return f"{kind} No. {plan.cipher}, {sender} to {recipient}"


def _title_name(corpus: Corpus, person_id: str, plan: Plan) -> str:
    if person_id == "stalin":
        return f"{_pseudonym(plan.day, plan.index)[0]} [Stalin]"
    return corpus.people[person_id].en


def _pseudonym(day: date, roll: int) -> tuple[str, str]:
    """Stalin's signature: Filippov, or Feng Xi while it was in use."""
    if roll % 4 == 3 and day.year <= vocab.PSEUDONYMS[1][2]:
        return vocab.PSEUDONYMS[1][0], vocab.PSEUDONYMS[1][1]
    return vocab.PSEUDONYMS[0][0], vocab.PSEUDONYMS[0][1]


def _citation_units(rng: random.Random) -> list[str]:
    units = []
    for repo, fond, opis, (low, high) in rng.sample(vocab.ARCHIVES, rng.choice((1, 1, 2))):
        first = rng.randint(1, 180)
        folios = f"{first}-{first + rng.randint(1, 4)}" if rng.random() < 0.7 else str(first)
        style = rng.choice(vocab.CITATION_STYLES)
        units.append(style.format(repo=repo, fond=fond, opis=opis, delo=rng.randint(low, high), folios=folios))
    return units


def _long_date(day: date) -> str:
    return f"{vocab.MONTHS_EN[day.month - 1]} {day.day}, {day.year}"


def _summary(rng: random.Random, corpus: Corpus, plan: Plan) -> str:
    people = corpus.people
    topic = rng.choice(vocab.SUMMARY_TOPICS)
    return (
        f"{people[plan.sender].en} writes to {people[plan.recipient].en} about {topic}. A synthetic benchmark document."
    )


def _export(rng: random.Random, corpus: Corpus, plan: Plan, body: str, contents: list[str]) -> str:
    title = _title(corpus, plan)
    record = 800_000 + plan.index
    units = " and ".join(_citation_units(rng))
    translator = f" Translated by {rng.choice(vocab.TRANSLATORS)}." if rng.random() < 0.6 else ""
    return (
        f"**{_long_date(plan.day)}**\n\n**{title}**\n\n**Citation:**\n\n"
        f'"{title}", {_long_date(plan.day)}, Cablegraph Benchmark Archive, {units}.{translator} '
        f"<https://bench.invalid/document/{record}>\n\n"
        f"**Summary:**\n\n{_summary(rng, corpus, plan)}\n\n**Original Language:**\n\nRussian\n\n"
        f"**Contents:**\n\n" + "  \n".join(contents) + f"\n\n{body}\n"
    )


def _web_page(rng: random.Random, corpus: Corpus, plan: Plan, body: str) -> str:
    record = 800_000 + plan.index
    units = "; ".join(_citation_units(rng))
    return (
        f"Skip to content\n\n{_long_date(plan.day)}\n\n{_title(corpus, plan)}\n\n"
        "This document was made possible with support from the cablegraph benchmark generator\n\n"
        f"{body}\n\nAuthor(s):\n\nDocument Information\n\nSource\n\n{units}. Translated by {rng.choice(vocab.TRANSLATORS)}.\n\n"
        "Rights\n\nSynthetic benchmark document written by bench/corpus.py; free to reuse.\n\n"
        f"Original Uploaded Date\n\n2024-01-01\n\nType\n\nTelegram\n\nLanguage\n\nRussian\n\nSummary\n\n{_summary(rng, corpus, plan)}\n\n"
        f"Record ID\n\n{record}\n"
    )


def _ru_date(day: date, rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:
        return f"{day.day}.{day.month}.{day.year % 100:02d}"
    if style == 1:
        return f"{day.day}.{vocab.ROMAN[day.month - 1]}.{day.year % 100:02d}"
    return f"{day.day} {vocab.MONTHS_RU[day.month - 1]} {day.year} г."


def _en_date(day: date, rng: random.Random) -> str:
    return (
        f"{day.day} {vocab.MONTHS_EN[day.month - 1]} {day.year}"
        if rng.random() < 0.6
        else f"{day.day}.{day.month}.{day.year % 100:02d}"
    )


def _written(person: Person, day: date, roll: int) -> tuple[str, str, str, str]:
    """(Russian nominative, dative, genitive, English) as this person is written on that day."""
    if person.id == "stalin":
        en, ru = _pseudonym(day, roll)
        return ru, vocab.ru_case(ru, "dat"), vocab.ru_case(ru, "gen"), en
    return person.ru, person.dat, person.gen, person.en


def _reference_pair(corpus: Corpus, plan: Plan, rng: random.Random) -> _Pair | None:
    ref = plan.reference
    if ref is None:
        return None
    target = corpus.plans[ref.target]
    number = {"cipher": str(target.cipher), "outgoing": str(target.outgoing), "date": None}[ref.by]
    ru_day = f"{target.day.day} {vocab.MONTHS_RU[target.day.month - 1]}"
    en_day = f"{target.day.day} {vocab.MONTHS_EN[target.day.month - 1]}"
    ru_when = f" от {ru_day}" if ref.with_date else ""
    en_when = f" of {en_day}" if ref.with_date else ""
    if ref.voice == "my":
        ru_no = f" № {number}" if number else ""
        en_no = f" No. {number}" if number else ""
        return _Pair(
            f"В дополнение к моей телеграмме{ru_no}{ru_when} сообщаю следующее.",
            f"In addition to my telegram{en_no}{en_when}, I report the following.",
        )
    if number:
        return _Pair(
            f"Вашу телеграмму № {number}{ru_when} получил.", f"I have received your telegram No. {number}{en_when}."
        )
    return _Pair(f"Ваша телеграмма{ru_when} получена.", f"Your telegram{en_when} has been received.")


def _content(rng: random.Random, corpus: Corpus, plan: Plan, revision: int, filler: _Fillers) -> list[_Pair]:
    """The message's sentences, as Russian/English pairs (the reference first)."""
    pairs: list[_Pair] = []
    reference = _reference_pair(corpus, plan, rng)
    if reference:
        pairs.append(reference)
    for _ in range(rng.randint(3, 6)):
        pairs.append(filler())
    for number in range(revision):
        pairs.append(
            _Pair(
                f"Дополнение {number + 1}: прошу считать этот текст окончательным.",
                f"Addendum {number + 1}: please regard this text as final.",
            )
        )
    return pairs


class _Fillers:
    """Sentences for one document, no template twice: repeated paragraphs would look like a
    second text version to the reader, which splits versions where the message starts over."""

    def __init__(self, rng: random.Random, corpus: Corpus) -> None:
        self.rng, self.corpus = rng, corpus
        self.unused = {kind: list(range(len(pool))) for kind, pool in _POOLS.items()}

    def _template(self, kind: str) -> tuple[str, str]:
        left = self.unused[kind] or list(range(len(_POOLS[kind])))
        choice = left.pop(self.rng.randrange(len(left)))
        self.unused[kind] = left
        return _POOLS[kind][choice]

    def __call__(self) -> _Pair:
        rng = self.rng
        kind = rng.random()
        if kind < 0.45:
            ru, en = self._template("prose")
            return _Pair(ru, en)
        place = rng.choice(vocab.PLACES)
        slots = {"Pg": place.gen, "Pl": place.loc, "Pe": place.en}
        if kind < 0.65:
            unit_ru, unit_en = vocab.unit_phrase(rng)
            ru, en = self._template("unit")
            return _Pair(ru.format(U=unit_ru, **slots), en.format(U=unit_en, **slots))
        if kind < 0.82:
            ru, en = self._template("place")
            return _Pair(ru.format(**slots), en.format(**slots))
        person = self.corpus.people.get(rng.choice(vocab.MENTIONED)) or vocab.KNOWN[1]
        if rng.random() < 0.2:
            person = rng.choice(list(self.corpus.people.values()))
        ru, en = self._template("person")
        return _Pair(ru.format(Mn=person.ru, Mg=person.gen, Md=person.dat, Me=person.en), en.format(Me=person.en))


_POOLS = {
    "prose": vocab.PROSE,
    "unit": vocab.UNIT_SENTENCES,
    "place": vocab.PLACE_SENTENCES,
    "person": vocab.PERSON_SENTENCES,
}


def _paragraphs(pairs: list[_Pair], language: str, rng: random.Random, noise: bool) -> list[str]:
    paragraphs, current = [], []
    for pair in pairs:
        sentence = pair.ru if language == "ru" else pair.en
        current.append(_ocr(sentence, rng) if noise else sentence)
        if len(current) >= 2 and rng.random() < 0.5:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


_OCR = {"П": "Л", "н": "и", "ш": "щ", "е": "с", "о": "о", "т": "г", "л": "п", "к": "х"}


def _ocr(sentence: str, rng: random.Random) -> str:
    """Scan-transcript noise: a few letters misread inside ordinary (lower-case) words."""
    if rng.random() > 0.3:
        return sentence
    words = sentence.split(" ")
    for i, word in enumerate(words):
        if word[:1].islower() and len(word) > 4 and rng.random() < 0.08:
            j = rng.randrange(1, len(word) - 1)
            words[i] = word[:j] + _OCR.get(word[j], word[j]) + word[j + 1 :]
    return " ".join(words)


def _russian(rng: random.Random, corpus: Corpus, plan: Plan, body: list[_Pair], marks, scan: bool) -> str:
    people = corpus.people
    case = str.upper if scan else (lambda s: s)
    lines = [mark[0] for mark in marks]
    if rng.random() < 0.7:
        lines.append(f"ШИФРТЕЛЕГРАММА № {plan.cipher}")
    head = lines
    if plan.transmitted:
        head.append("Передано т. Булганину.")
    recipient = people[plan.recipient]
    _, r_dat, r_gen, _ = _written(recipient, plan.day, plan.index)
    city_ru = vocab.CITY_CAPS.get(recipient.city, vocab.CITY_CAPS["moscow"])[0]
    city = city_ru if scan else city_ru.capitalize()
    if plan.via_post:
        second = f" или {case(people[plan.second].dat)}" if plan.second else ""
        head += [f"{city} {'СОВПОСОЛ' if scan else 'Совпосол'}", f"Для немедленной передачи {case(r_dat)}{second}."]
    elif plan.via:
        head += [f"{city}, {case(people[plan.via].dat)}", f"Для тов. {case(r_gen)}"]
    elif plan.relayed:
        head.append(f"{city}, {case(r_dat)}")
    else:
        head.append(f"{city}, {'ТОВ.' if scan else 'тов.'} {case(r_dat)}")
    paragraphs = _paragraphs(body, "ru", rng, noise=scan)
    if plan.relayed:
        author = people[plan.author]
        inner_to = _written(people[plan.addressee], plan.day, plan.index)[0]
        ref = plan.reference
        number = f" на ваш № {corpus.plans[ref.target].cipher}" if ref and ref.by == "cipher" else ""
        intro = (
            f"Докладываю ответ {author.gen}{number}:"
            if number or rng.random() < 0.5
            else f"Передаю текст письма {author.gen} на ваше имя:"
        )
        quote = "\n\n".join([f"«Товарищ {inner_to}!", *paragraphs, f"{case(author.ru)}»"])
        paragraphs = [intro, quote]
    s_nom = _written(people[plan.sender], plan.day, plan.index)[0]
    tail = [case(s_nom), f"№ {plan.outgoing}", _ru_date(plan.day, rng)]
    clerical = []
    if recipient.city == "moscow" and rng.random() < 0.6:
        for number, copy in enumerate(rng.sample(vocab.COPY_LIST, rng.randint(2, 5)), start=1):
            clerical.append(f"Экз. № {number} — тов. {vocab.COPY_NAMES[copy][1]}")
    if scan and rng.random() < 0.5:
        clerical.append(
            f"Расп. {rng.choice(vocab.CLERKS)} {rng.randint(8, 23)}.{rng.randint(10, 59)} {plan.day.day}.{plan.day.month}"
        )
    blocks = ["\n".join(head), *paragraphs, "\n".join(tail)]
    if clerical:
        blocks.append("\n".join(clerical))
    return "\n\n".join(blocks)


def _english(rng: random.Random, corpus: Corpus, plan: Plan, body: list[_Pair], marks) -> str:
    people = corpus.people
    head = [mark[1].upper() for mark in marks]
    if rng.random() < 0.6:
        head.append(f"CIPHERED TELEGRAM No. {plan.cipher}")
    if plan.transmitted:
        head.append("Transmitted to Bulganin")
    recipient = people[plan.recipient]
    r_en = _written(recipient, plan.day, plan.index)[3].upper()
    city = vocab.CITY_CAPS.get(recipient.city, vocab.CITY_CAPS["moscow"])[1]
    if plan.via_post:
        second = f" or {people[plan.second].en.upper()}" if plan.second else ""
        head += [f"{city}, SOVIET AMBASSADOR", f"For immediate transmission to {r_en}{second}."]
    elif plan.via:
        head += [f"{city}, TO {people[plan.via].en.upper()}", f"For Comrade {r_en}."]
    else:
        head.append(f"{city}, TO {r_en}")
    paragraphs = _paragraphs(body, "en", rng, noise=False)
    if plan.relayed:
        author = people[plan.author]
        inner_to = _written(people[plan.addressee], plan.day, plan.index)[3]
        ref = plan.reference
        number = f" to your No. {corpus.plans[ref.target].cipher}" if ref and ref.by == "cipher" else ""
        intro = (
            f"I report the answer of {author.en}{number}:"
            if number
            else f"I transmit the text of the letter from {author.en} addressed to you:"
        )
        quote = "\n\n".join([f'"Comrade {inner_to}!', *paragraphs, f'{author.en.upper()}"'])
        paragraphs = [intro, quote]
    tail = [
        _written(people[plan.sender], plan.day, plan.index)[3].upper(),
        f"No. {plan.outgoing}",
        _en_date(plan.day, rng),
    ]
    blocks = ["\n".join(head), *paragraphs, "\n".join(tail)]
    if recipient.city == "moscow" and rng.random() < 0.5:
        names = [vocab.COPY_NAMES[c][0] for c in rng.sample(vocab.COPY_LIST, rng.randint(2, 6))]
        names[0] += " (2)"
        blocks.append("Copies: " + ", ".join(names))
    return "\n\n".join(blocks)


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


def manifest_entry(corpus: Corpus, plan: Plan) -> dict:
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


def generate(out: str | Path, size: int, seed: int = 1950) -> dict:
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
