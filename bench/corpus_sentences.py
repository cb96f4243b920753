"""The message inside a benchmark telegram: its sentences as Russian/English pairs, and paragraphs.

Separate from `bench.corpus` (planning and writing the corpus) and `bench.corpus_forms` (the
telegram forms and page layouts around a message) because what a message says is chosen on its
own: the reference to an earlier telegram, filler sentences that never repeat a template within a
document, and the scan's OCR noise.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bench import vocab, vocab_wording

if TYPE_CHECKING:
    from bench.corpus import Corpus, Plan


@dataclass
class Pair:
    ru: str
    en: str


def _reference_pair(corpus: Corpus, plan: Plan, rng: random.Random) -> Pair | None:
    ref = plan.reference
    if ref is None:
        return None
    target = corpus.plans[ref.target]
    number = {"cipher": str(target.cipher), "outgoing": str(target.outgoing), "date": None}[ref.by]
    ru_day = f"{target.day.day} {vocab_wording.MONTHS_RU[target.day.month - 1]}"
    en_day = f"{target.day.day} {vocab_wording.MONTHS_EN[target.day.month - 1]}"
    ru_when = f" от {ru_day}" if ref.with_date else ""
    en_when = f" of {en_day}" if ref.with_date else ""
    if ref.voice == "my":
        ru_no = f" № {number}" if number else ""
        en_no = f" No. {number}" if number else ""
        return Pair(
            f"В дополнение к моей телеграмме{ru_no}{ru_when} сообщаю следующее.",
            f"In addition to my telegram{en_no}{en_when}, I report the following.",
        )
    if number:
        return Pair(
            f"Вашу телеграмму № {number}{ru_when} получил.", f"I have received your telegram No. {number}{en_when}."
        )
    return Pair(f"Ваша телеграмма{ru_when} получена.", f"Your telegram{en_when} has been received.")


def message_pairs(rng: random.Random, corpus: Corpus, plan: Plan, revision: int, filler: Fillers) -> list[Pair]:
    """The message's sentences, as Russian/English pairs (the reference first)."""
    pairs: list[Pair] = []
    reference = _reference_pair(corpus, plan, rng)
    if reference:
        pairs.append(reference)
    for _ in range(rng.randint(3, 6)):
        pairs.append(filler())
    for number in range(revision):
        pairs.append(
            Pair(
                f"Дополнение {number + 1}: прошу считать этот текст окончательным.",
                f"Addendum {number + 1}: please regard this text as final.",
            )
        )
    return pairs


class Fillers:
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

    def __call__(self) -> Pair:
        rng = self.rng
        kind = rng.random()
        if kind < 0.45:
            ru, en = self._template("prose")
            return Pair(ru, en)
        place = rng.choice(vocab.PLACES)
        slots = {"Pg": place.gen, "Pl": place.loc, "Pe": place.en}
        if kind < 0.65:
            unit_ru, unit_en = vocab.unit_phrase(rng)
            ru, en = self._template("unit")
            return Pair(ru.format(U=unit_ru, **slots), en.format(U=unit_en, **slots))
        if kind < 0.82:
            ru, en = self._template("place")
            return Pair(ru.format(**slots), en.format(**slots))
        person = self.corpus.people.get(rng.choice(vocab.MENTIONED)) or vocab.KNOWN[1]
        if rng.random() < 0.2:
            person = rng.choice(list(self.corpus.people.values()))
        ru, en = self._template("person")
        return Pair(ru.format(Mn=person.ru, Mg=person.gen, Md=person.dat, Me=person.en), en.format(Me=person.en))


_POOLS = {
    "prose": vocab_wording.PROSE,
    "unit": vocab_wording.UNIT_SENTENCES,
    "place": vocab_wording.PLACE_SENTENCES,
    "person": vocab_wording.PERSON_SENTENCES,
}


def split_paragraphs(pairs: list[Pair], language: str, rng: random.Random, noise: bool) -> list[str]:
    """The sentences in one language, grouped at random into paragraphs; `noise` misreads letters as a scan does."""
    paragraphs: list[str] = []
    current: list[str] = []
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
