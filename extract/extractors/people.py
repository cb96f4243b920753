"""People the authority data does not know, in Russian text: natasha's NER finds them,
pymorphy3 gives the nominative surname so that "Игнатьеву" and "Игнатьев" are one person.

They are kept as people mentioned with low confidence, never dropped. Known names,
clerical lines and names inside the addressing are left to the other extractors.
The models ship inside the natasha and pymorphy3 wheels; they load once per process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from cablegraph.extract.context import ExtractionContext, unknown_person_id
from cablegraph.extract.document import Document
from cablegraph.extract.extractors.addressing import on_clerical_line
from cablegraph.extract.facts import AgentFact, AgentRole, evidence_in

RULE = "people.v1"
CONFIDENCE = 0.5


@cache
def _models():
    with _one_blas_thread():
        from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter
        from pymorphy3 import MorphAnalyzer

    return Doc, Segmenter(), NewsNERTagger(NewsEmbedding()), MorphAnalyzer()


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


def nominative(name: str) -> str:
    """The nominative of a Russian name (each word), keeping capitalisation style.

    >>> nominative("Игнатьеву")
    'Игнатьев'
    """
    *_, morph = _models()
    words = []
    for word in name.split():
        parses = [p for p in morph.parse(word) if {"Surn", "Name", "Patr"} & set(p.tag.grammemes)]
        if not parses:
            words.append(word)
            continue
        parse = parses[0]
        form = parse.inflect({"nomn", parse.tag.gender} if parse.tag.gender else {"nomn"}) or parse
        lemma = form.word
        words.append(lemma.upper() if word.isupper() else lemma[:1].upper() + lemma[1:])
    return " ".join(words)


def looks_like_a_name(text: str) -> bool:
    """Every word a name, surname or patronymic, or an unknown noun-like word of four letters or more.

    natasha also tags "Вас", "Нач." or an OCR-damaged verb; pymorphy3 tells those apart.
    """
    *_, morph = _models()
    words = text.replace(".", " ").split()
    if not words:
        return False
    for word in words:
        parses = morph.parse(word)
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


def _spans(text: str, tagger) -> list[_Span]:
    """The spans natasha's `Doc(text)`, `.segment(...)`, `.tag_ner(tagger)` give (`doc.spans`).

    Why not Doc: tag_ner tags the raw text; the segmentation (a quarter of the time) only hangs
    sentences and tokens on the spans, which are never read here.
    """
    if not text.strip():
        return []
    return [_Span(span.start, span.stop, span.type, text[span.start : span.stop]) for span in tagger(text).spans]


def extract_unknown_people(document: Document, context: ExtractionContext) -> Iterator[AgentFact]:
    versions = [v for v in document.body_versions if v.language == "ru"]
    if not versions:
        return
    *_, tagger, _ = _models()
    for version in versions:
        text = version.text
        known = [(m.start, m.end) for m in context.names.find(text)]
        for span in _spans(text, tagger):
            if span.type != "PER" or any(s < span.stop and span.start < e for s, e in known):
                continue
            if on_clerical_line(text, span.start) or not span.text[:1].isupper() or len(span.text) < 3:
                continue
            if context.authority.candidates(span.text, fuzzy=True):
                continue  # a variant spelling of someone known: the name matcher's business
            if not looks_like_a_name(span.text):
                continue
            written = span.text
            evidence = evidence_in(version, span.start, span.stop, RULE, CONFIDENCE)
            yield AgentFact(AgentRole.MENTIONED, unknown_person_id(nominative(written)), (written,), None, None, (evidence,))
