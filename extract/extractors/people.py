"""People the authority data does not know, in Russian text: natasha's NER finds them,
pymorphy3 gives the nominative surname so that "Игнатьеву" and "Игнатьев" are one person.

They are kept as people mentioned with low confidence, never dropped. Known names,
clerical lines and names inside the addressing are left to the other extractors.
The models ship inside the natasha and pymorphy3 wheels; they load once per process.
English text is read by `people_english`; the models, the excerpts they read and the
per-line verdicts both readers use are in `people_reading`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from cablegraph.extract.context import ExtractionContext, document_date, unknown_person_id
from cablegraph.extract.dates import PartialDate
from cablegraph.extract.document import Document, TextVersion
from cablegraph.extract.extractors.people_english import english_people
from cablegraph.extract.extractors.people_reading import (
    RULE,
    Excerpt,
    Lines,
    model_budget,
    morph_parses,
    ner_models,
    overlaps,
    read_excerpt,
)
from cablegraph.extract.facts import AgentFact, AgentRole, Evidence, evidence_in

CONFIDENCE = 0.5


@lru_cache(maxsize=4096)
def nominative(name: str) -> str:
    """The nominative of a Russian name (each word), keeping capitalisation style.

    >>> nominative("Игнатьеву")
    'Игнатьев'
    """
    words = []
    for word in name.split():
        parses = [p for p in morph_parses(word) if {"Surn", "Name", "Patr"} & set(p.tag.grammemes)]
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
    *_, morph = ner_models()
    words = text.replace(".", " ").split()
    if not words:
        return False
    first = morph_parses(words[0])
    if first and first[0].tag.POS in ("ADJF", "ADJS") and not {"Surn", "Name"} & set(first[0].tag.grammemes):
        return False  # "Корсуньскую группировку": an adjective
    grammemes = [set(morph_parses(w)[0].tag.grammemes) if morph_parses(w) else set() for w in words]
    if len(words) == 2 and "Name" in grammemes[0] and "Patr" in grammemes[1]:
        return False  # "Анастас Иванович": the addressee spoken to by name and patronymic
    for word in words:
        parses = morph_parses(word)
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


def _spans(excerpt: Excerpt, original: str, tagger: Any) -> list[_Span]:
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
            facts.extend(english_people(version, context, when))
        elif version.language == "ru":
            facts.extend(_russian_people(version, context))
    yield from _one_per_person(facts)


def _one_per_person(facts: list[AgentFact]) -> list[AgentFact]:
    """One fact per person in the document, with every mention (in every version) as evidence."""
    first: dict[str, AgentFact] = {}
    written: dict[str, dict[str, None]] = {}
    evidence: dict[str, dict[Evidence, None]] = {}
    for fact in facts:
        key = fact.person or fact.post or fact.as_written[0]
        first.setdefault(key, fact)
        written.setdefault(key, {}).update(dict.fromkeys(fact.as_written))
        evidence.setdefault(key, {}).update(dict.fromkeys(fact.evidence))
    return [replace(fact, as_written=tuple(written[key]), evidence=tuple(evidence[key])) for key, fact in first.items()]


def _clerical_people(version: TextVersion, context: ExtractionContext, when: PartialDate | None) -> Iterator[AgentFact]:
    """Copy holders and handling staff the authority knows ("Экз.N 3—тов.Молотову"): people
    the document names, which the addressing extractor leaves out of its reading."""
    text = version.text
    lines = Lines(text)
    for mention in context.names.find(text):
        if not lines.clerical(mention.start) or lines.boilerplate(mention.start):
            continue
        evidence = evidence_in(version, mention.start, mention.end, f"{RULE}+clerical", 0.8)
        fact = context.agent(AgentRole.MENTIONED, mention.text, evidence, when)
        if fact.label is None:  # known to the authority; unknown forms on such lines are cover names or noise
            yield fact


def _russian_people(version: TextVersion, context: ExtractionContext) -> Iterator[AgentFact]:
    *_, tagger, _ = ner_models()
    text = version.text
    known = sorted((m.start, m.end) for m in context.names.find(text))
    lines = Lines(text)
    excerpt = read_excerpt(text[: model_budget(text)], text, context, frozenset())
    for span in _spans(excerpt, text, tagger):
        if span.type != "PER" or overlaps(known, span.start, span.stop):
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


_RUSSIAN_CUE = re.compile(
    r"(?i)(?:тов\.|товарищ\w*|т\.|г-н\w*|господин\w*|генерал\w*|маршал\w*|полковник\w*|посол\w*|министр\w*)\s*$"
)


def _russian_name_evidence(text: str, span: _Span) -> bool:
    """Two words or more, or one the dictionary knows as a surname or given name, or one after
    "тов.", "генерал"...: "Хильки" (a village) and "Аэрокобр" (aircraft) are not people."""
    if len(span.text.split()) > 1 or _RUSSIAN_CUE.search(text[max(0, span.start - 20) : span.start]):
        return True
    return any({"Surn", "Name"} & set(p.tag.grammemes) for p in morph_parses(span.text)[:3])
