"""What the unknown-people finders share: the NER models and pymorphy3, loaded once per process
with one BLAS thread; the budget of text a model reads; the excerpt of sentences that may name
someone new (and the way back to the text's offsets); and per-line verdicts (copy and handling
lines, the page's boilerplate, a name alone on its line).

Separate from `people` (Russian) and `people_english` because both readers use all of it, and
it is where the cost of the models is bounded.
"""

from __future__ import annotations

import os
import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice
from typing import Any

from cablegraph.extract.context import ExtractionContext
from cablegraph.extract.correspondents import Nations
from cablegraph.extract.extractors.addressing import on_clerical_line
from cablegraph.extract.morphology import analyzer
from cablegraph.extract.textutil import LineVerdicts

RULE = "people.v1"


@cache
def ner_models() -> tuple[Any, Any, Any, Any]:
    """natasha's Doc, Segmenter and NER tagger, and pymorphy3's analyzer (neither library ships types)."""
    with one_blas_thread():
        from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    return Doc, Segmenter(), NewsNERTagger(NewsEmbedding()), analyzer()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Load numpy (under natasha) with a single OpenBLAS thread, unless the user chose a number.

    Why: the NER's matrices are small; OpenBLAS's helper threads spin-wait for work and, with one
    build worker per core, take CPU from the other worker: the tagger ran 3x slower. OpenBLAS
    reads the variable once, when numpy loads; it is set back afterwards for child processes.
    """
    if "numpy" in sys.modules or "OPENBLAS_NUM_THREADS" in os.environ:
        yield
        return
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    try:
        yield
    finally:
        del os.environ["OPENBLAS_NUM_THREADS"]


@lru_cache(maxsize=8192)
def morph_parses(word: str) -> tuple[Any, ...]:
    """pymorphy3's parses of a word, remembered: a page of names asks about the same few words
    thousands of times, and one parse costs ~0.2 ms."""
    *_, morph = ner_models()
    return tuple(morph.parse(word))


# Each NER model reads the first 32,000 characters of a version, and no more than 8,000 words and
# marks (a telegram is 1-20 KB, some 4,000 tokens; the models' time goes by the token, ~0.1 ms
# each for spaCy): an adversarial megabyte ("No. No. ...", two tokens in four characters) stays
# within a second, and the rules after the models still read all of it.
MODEL_BUDGET = 32_000
MODEL_TOKENS = 8_000
_TOKEN = re.compile(r"\w+|[^\w\s]")


def model_budget(text: str) -> int:
    """Where the models' reading of `text` stops: at MODEL_BUDGET characters or MODEL_TOKENS tokens,
    cut back to a space so that no name is read in half."""
    cut = min(len(text), MODEL_BUDGET)
    past_budget = next(islice(_TOKEN.finditer(text, 0, cut), MODEL_TOKENS, None), None)
    if past_budget is not None:
        cut = past_budget.start()
    if cut == len(text):
        return cut
    space = max(text.rfind(" ", max(0, cut - 200), cut), text.rfind("\n", max(0, cut - 200), cut))
    return space if space > 0 else cut


# Words that make a span an organisation, an event, a document or a thing, never a person.
NOT_A_PERSON_WORD = re.compile(
    r"(?i)^(?:foundation|fund|ministry|ministries|embassy|committee|commission|council|party|agency|university|press|"
    r"institute|archives?|library|government|department|office|front|army|navy|corps|division|republic|union|pact|treaty|"
    r"conference|convention|church|plan|doctrine|line|river|sea|street|square|hall|palace|bridge|airport|station|"
    r"bank|company|corporation|news|radio|times|post|review|journal|academy|school|college|centre|center|museum|"
    r"program|programme|project|operation|declaration|accords?|agreement|charter|assembly|congress|parliament|senate|"
    r"politburo|presidium|secretariat|directorate|bureau|group|forces|brigade|regiment|battalion|fleet|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|telegram|ciphergram|cable|memorandum|note|letter|top|secret|copy|"
    r"comrade|comrades|cde|cdes|ambassador|minister|premier|president|chairman|secretary|general|marshal|deputy|mr|mrs|dear|"
    r"translator|interpreter|staff|portfolio|ciphered|deciphered|copying|special|personal|priority|urgent|immediate|guomindang|kuomintang|ribao|pravda|izvestia|xinhua|tass|reuters|"
    r"god|lord|allah|christ|buddha|buddhist|catholic|communist|socialist|herald|tribune|gazette)$"
)
# Lines that are the page's or a book's, not the telegram's: credits, citations, editors, boilerplate.
_BOILERPLATE_LINE = re.compile(
    r"(?im)(?:made\s+possible|supported\s+by|support\s+from|foundation|translated\s+by|translation\s+by|edited\s+by|"
    r"\beditors?\b|\beds?\.\s|compiled\s+by|citation|source:|skip\s+to|share\s+document|copyright|rights|"
    r"\bpublished\b|\bpress\b|\bvol\.|\bpp?\.\s*\d|\bisbn\b|obtained\s+(?:and|by)|wilson\s+center|digital\s+archive|"
    r"^\s*(?:from|to|fm|ref)\s*[:.]|decoding\s+department)"
)


class Lines:
    """Per-line verdicts computed once per line: a megabyte on one line is scanned once, not per name."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.copy_or_handling = LineVerdicts(text, on_clerical_line)  # on_clerical_line's verdict, at any length
        self._bounds = self.copy_or_handling.bounds
        self._cache: dict[tuple[str, int], bool] = {}

    def boilerplate(self, position: int) -> bool:
        start, end = self._bounds(position)
        key = ("boilerplate", start)
        if key not in self._cache:
            self._cache[key] = bool(_BOILERPLATE_LINE.search(self.text, start, end)) if end - start < 2000 else False
        return self._cache[key]

    def clerical(self, position: int) -> bool:
        start, end = self._bounds(position)
        key = ("clerical", start)
        if key not in self._cache:
            self._cache[key] = end - start < 2000 and on_clerical_line(self.text, position)
        return self._cache[key]

    def alone(self, position: int, name: str) -> bool:
        start, end = self._bounds(position)
        return end - start <= len(name) + 30 and _alone_on_line(self.text[start:end], name)


def _alone_on_line(line: str, name: str) -> bool:
    """A name on a line of its own is a signature or an address: the correspondents' extractors own it."""
    return bool(
        re.fullmatch(
            r"[\s\[\]().,;:/-]*(?:(?:Comrade|Cde\.|Ambassador|Mr\.?)\s+)?" + re.escape(name) + r"[\s\[\]().,;:/-]*",
            line,
        )
    )


def overlaps(spans: list[tuple[int, int]], start: int, stop: int) -> bool:
    """Whether [start, stop) overlaps one of `spans` (sorted, not nested): a bisection, not a scan."""
    index = bisect_left(spans, (stop, -1))
    return any(spans[i][1] > start for i in range(max(0, index - 3), index))


# Sentences the models need not read: every capitalised word in them is a name, place or
# organisation the gazetteers know (their facts come from the rules), a nation, a word that is
# never a person ("Comrade", "Ministry", "June"), or an ordinary word opening the sentence. A
# person the model could find there would be dropped after it anyway (known, or not name-shaped).
_SENTENCE = re.compile(r"[^\n]+?(?:(?<=[^\W\d_]{3}[.!?])(?=\s)|(?=\n)|$)")
_CAPITALISED_WORD = re.compile(r"(?<![\w'’-])[A-ZÀ-ÞА-ЯЁ][\w'’-]*")


def _known_spans(text: str, context: ExtractionContext) -> list[tuple[int, int]]:
    """Where `text` names someone or something the gazetteers know, in order."""
    spans = [(m.start, m.end) for m in context.names.find(text)]
    spans += [(m.start, m.end) for m in context.gazetteer.find(text)]
    spans += [(m.start, m.end) for m in context.organisations.find(text)]
    return sorted(spans)


@dataclass(frozen=True)
class Excerpt:
    """The sentences of a text a model should read, joined by a space, and the way back to the
    text's own offsets. Joined, not blanked: a model reads the words around each one, and a run
    of blanks before a sentence changed what spaCy saw in it."""

    text: str
    starts: tuple[int, ...]  # where each sentence starts in `text`
    origins: tuple[int, ...]  # and in the original

    def span(self, start: int, stop: int) -> tuple[int, int] | None:
        """The original offsets of text[start:stop], None when it runs across a join."""
        index = bisect_right(self.starts, start) - 1
        if index < 0 or (index + 1 < len(self.starts) and stop > self.starts[index + 1] - 1):
            return None
        shift = self.origins[index] - self.starts[index]
        return start + shift, stop + shift


def read_excerpt(text: str, original: str, context: ExtractionContext, starters: frozenset[str]) -> Excerpt:
    """The sentences of `text` that hold an unknown capitalised word, each with the sentence before
    it (a model reads a sentence's opening word by what precedes it: "Find a way..." alone is a
    person to spaCy). `text` is the start of the version's `original` text, or a copy of it with
    marks blanked, offsets kept: the names known in the original (found once for all extractors)
    are known there."""
    known = [span for span in _known_spans(original, context) if span[1] <= len(text)]
    ends = [end for _, end in known]
    runs: list[list[int]] = []  # [start, end] of the stretches read, in order
    previous: re.Match[str] | None = None
    for sentence in _SENTENCE.finditer(text):
        if _may_name_someone(text, sentence, known, ends, starters, context.nations):
            read = [previous.span(), sentence.span()] if previous else [sentence.span()]
            for start, end in read:
                if runs and start <= runs[-1][1]:
                    runs[-1][1] = max(runs[-1][1], end)
                elif runs and not text[runs[-1][1] : start].strip():
                    runs[-1][1] = end  # only blanks and line breaks between: read them as written
                else:
                    runs.append([start, end])
        previous = sentence
    starts, length = [], 0
    for start, end in runs:
        starts.append(length)
        length += end - start + 1
    return Excerpt(" ".join(text[start:end] for start, end in runs), tuple(starts), tuple(start for start, _ in runs))


def _may_name_someone(
    text: str,
    sentence: re.Match[str],
    known: list[tuple[int, int]],
    ends: list[int],
    starters: frozenset[str],
    nations: Nations,
) -> bool:
    opening = True
    for word in _CAPITALISED_WORD.finditer(text, sentence.start(), sentence.end()):
        first, opening = opening and not text[sentence.start() : word.start()].strip(' \t"“‘([«-'), False
        index = bisect_left(ends, word.end())
        if index < len(known) and known[index][0] <= word.start():
            continue  # inside a known name, place or organisation
        bare = word.group().strip("'’-")
        if NOT_A_PERSON_WORD.match(bare) or bare in ("No", "Nos") or nations.of(bare) is not None:
            continue
        if (first or bare.isupper()) and _ordinary(bare.lower(), starters):
            continue
        return True
    return False


def _ordinary(word: str, starters: frozenset[str]) -> bool:
    """A word that opens a sentence (or is written in capitals) without being a name: English
    function words; Russian words the dictionary knows, not as a name, a place or an organisation."""
    if word in starters:
        return True
    if not ("а" <= word[:1] <= "я" or word[:1] == "ё"):
        return False
    parses = morph_parses(word)
    return bool(parses) and analyzer().word_is_known(word) and not any(_NAME_TAGS & p.tag.grammemes for p in parses)


_NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Init"})
