"""Who wrote to whom, read from a Russian heading by the grammatical case of each name.

Russian headings and address lines carry the roles in the case endings, not in the word order:

    ЛИЧНО И СЕКРЕТНО ОТ ПРЕМЬЕРА И. В. СТАЛИНА ПРЕМЬЕР-МИНИСТРУ г-ну УИНСТОНУ ЧЕРЧИЛЛЮ
        "от" + genitive: the sender; dative: the addressee
    И. В. СТАЛИН У. ЧЕРЧИЛЛЮ                          nominative: the sender; dative: the addressee
    Телеграмма Хрущева Микояну, 3 апреля 1956 г.      a document word + genitive: its writer
    ЛИЧНОЕ И СЕКРЕТНОЕ ПОСЛАНИЕ ПРЕМЬЕРА И. В. СТАЛИНА ПРЕМЬЕР-МИНИСТРУ г-ну У. ЧЕРЧИЛЛЮ   (with his title)
    ДИРЕКТИВА СТАВКИ ВГК № 202270 КОМАНДУЮЩЕМУ ... П.А. КУРОЧКИНУ
    Телеграмма Г.К. Жукову 12 февраля 1944 года
    ГОСПОДИНУ ФРАНКЛИНУ Д. РУЗВЕЛЬТУ, ПРЕЗИДЕНТУ СОЕДИНЕННЫХ ШТАТОВ АМЕРИКИ

Only heading lines are read: the document's title, and the lines before the message's prose
that are in capitals or open with a document word. Names come from the authority data (every
case form of each name is known) and organisations from the organisation list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from cablegraph.extract.context import ExtractionContext, document_date
from cablegraph.extract.document import Document
from cablegraph.extract.facts import AgentRole, Fact, evidence_in, evidence_in_field
from cablegraph.extract.morphology import analyzer
from cablegraph.extract.textutil import NOT_PROSE, Line, split_lines

RULE = "headings.v1"

_DOCUMENT_WORD = re.compile(
    r"(?i)^[\s№\d*«\"]*(?:(?:лично\w*|секретн\w*|совершенно|строго|и|срочн\w*|весьма)\s+)*"
    r"(?:телеграмм\w*|шифртелеграмм\w*|шифровк\w*|письм\w*|послани\w*|директив\w*|записк\w*|радиограмм\w*|приказ\w*|донесени\w*)\b"
)
# the writer's title between "от" or a document word and his name: "ПОСЛАНИЕ ПРЕМЬЕРА И. В. СТАЛИНА"
_TITLES = r"(?:(?:премьер(?:-министр)?а|президента|председателя|маршала|генерала|товарища|тов\.|г-на)\s+)*"
_FROM = re.compile(rf"(?i)(?<!\w)от\s+{_TITLES}$")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_PROSE_WORDS = 10


def extract_headings(document: Document, context: ExtractionContext) -> Iterator[Fact]:
    when = document_date(document)
    title = document.header.title
    if title is not None and _CYRILLIC.search(title.value):
        for role, start, end in _roles(title.value, context):
            evidence = evidence_in_field(document, title, start, end, RULE, 0.85)
            yield context.correspondent(role, title.value[start:end], evidence, when)
    for version in document.versions:  # the catalogue's too: a page may put the address above its date line
        if version.language != "ru" and not _CYRILLIC.search(version.text[:2000]):
            continue
        for line in _heading_lines(version.text):
            for role, start, end in _roles(line.text, context):
                evidence = evidence_in(version, line.start + start, line.start + end, RULE, 0.85)
                yield context.correspondent(role, line.text[start:end], evidence, when)


def _heading_lines(text: str) -> Iterator[Line]:
    """Heading lines: a line that opens with a document word ("Телеграмма Хрущева Микояну", wherever
    a published collection prints it), and, before the message's prose, lines in capitals."""
    in_prose = False
    for line in split_lines(text):
        stripped = line.text.strip()
        if not stripped or len(stripped) > 200:
            in_prose = in_prose or len(stripped) > 200
            continue
        words = re.findall(r"[^\W\d_]{2,}", stripped)
        letters = [ch for ch in stripped if ch.isalpha()]
        capitals = letters and sum(ch.isupper() for ch in letters) > 0.7 * len(letters)
        if _DOCUMENT_WORD.match(stripped):
            in_prose = False  # a published collection's next document: its address lines follow in capitals
            yield line
        elif capitals and not in_prose:
            yield line
        elif len(words) >= _PROSE_WORDS and not NOT_PROSE.search(stripped):
            in_prose = True  # the message has begun: capitals from here on are its text


def _roles(text: str, context: ExtractionContext) -> list[tuple[AgentRole, int, int]]:
    """(role, start, end) of each correspondent a heading names, by the case of the name."""
    found = []
    mentions = context.names.find(text)
    cases = [name_cases(m.text) for m in mentions]
    for index, mention in enumerate(mentions):
        before = text[: mention.start]
        if "datv" in cases[index] and not cases[index] & {"nomn", "gent"}:
            found.append((AgentRole.RECIPIENT, mention.start, mention.end))
        elif "gent" in cases[index] and (
            _FROM.search(before) or _DOCUMENT_WORD.fullmatch(before.strip() + " ") or _document_then(before)
        ):
            found.append((AgentRole.SENDER, mention.start, mention.end))
        elif cases[index] == {"nomn"} and index == 0 and any(c == {"datv"} for c in cases[1:]):
            found.append((AgentRole.SENDER, mention.start, mention.end))  # "И. В. СТАЛИН У. ЧЕРЧИЛЛЮ"
    for organ in context.organisations.find(text):  # "ДИРЕКТИВА СТАВКИ ВГК № ...": the organ that issues it
        before = text[: organ.start]
        if _FROM.search(before) or _document_then(before):
            found.append((AgentRole.SENDER, organ.start, organ.end))
    leading = re.match(
        r"\s*(?P<organ>[^,\d№]{6,80}?)\s*(?:,|$)", text
    )  # "ПОСОЛЬСТВО СОЕДИНЕННЫХ ШТАТОВ АМЕРИКИ, Москва"
    if leading and not found and (named := context.organisation(leading["organ"])) is not None and named.nation:
        found.append((AgentRole.SENDER, leading.start("organ"), leading.end("organ")))
    return found


def _document_then(before: str) -> bool:
    """ "Телеграмма Хрущева ...": the name follows the document word directly."""
    match = _DOCUMENT_WORD.match(before)
    return match is not None and re.fullmatch(rf"(?i)\s*{_TITLES}", before[match.end() :]) is not None


def name_cases(name: str) -> frozenset[str]:
    """The cases the last word of a written name can be in, as a name ("datv", "gent", "nomn", ...)."""
    words = re.findall(r"[А-Яа-яЁё][А-Яа-яЁё-]+", name)
    return _word_cases(words[-1].lower()) if words else frozenset()


@lru_cache(maxsize=4096)
def _word_cases(word: str) -> frozenset[str]:
    parses = analyzer().parse(word)
    named = [p for p in parses if {"Surn", "Name"} & set(p.tag.grammemes) and "femn" not in p.tag.grammemes]
    return frozenset(p.tag.case for p in (named or parses) if p.tag.case)
