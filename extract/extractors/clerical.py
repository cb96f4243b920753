"""Clerical marks: classification and precedence, and the copy distribution list.

Совершенно секретно / TOP SECRET / ПЕРСОНАЛЬНО / ОСОБАЯ / ВНЕОЧЕРЕДНАЯ / TOP PRIORITY
Только проводом, шифром / Only by landline and cipher / Снятие копий воспрещается
Copies: Stalin (2), Molotov, ... / Экз. № 3 — тов. Молотову / | Экз. № 1 | Тов. Сталину |
Copy N1 to Cde. Stalin / copies NºNº 1-2 to Cde. Poskrebyshev / отп. один экз. для тов. Сталина
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cablegraph.extract.context import ExtractionContext, document_date
from cablegraph.extract.dates import PartialDate
from cablegraph.extract.document import Document, TextVersion
from cablegraph.extract.facts import AgentRole, ClassificationFact, CopyFact, Fact, evidence_in
from cablegraph.extract.textutil import split_lines

RULE = "clerical.v1"

MARKS: list[tuple[str, re.Pattern[str]]] = [
    ("top secret", re.compile(r"(?i)совершенно\s+секретно|\btop\s+secret\b|\bстрого\s+секретно")),
    ("secret", re.compile(r"(?i)(?<!совершенно\s)(?<!строго\s)(?<![а-я])секретно(?![а-я])|(?<!top\s)\bsecret\b")),
    ("personal", re.compile(r"(?i)(?<![а-я])персонально(?![а-я])|\bpersonal(?:ly)?\b")),
    ("special", re.compile(r"(?i)(?<![а-я])особая(?![а-я])|особой\s+важности|\bspecial\b")),
    ("top priority", re.compile(r"(?i)внеочередная|вне\s+очереди|\btop\s+priority\b|\bout\s+of\s+turn\b")),
    ("urgent", re.compile(r"(?i)(?<![а-я])срочн(?:о|ая)(?![а-я])|\burgent\b")),
    (
        "landline and cipher only",
        re.compile(r"(?i)только\s+проводом,?\s+шифром|only\s+by\s+(?:land\s?line|wire)\s+and\s+cipher"),
    ),
    (
        "copying prohibited",
        re.compile(
            r"(?i)снятие\s+копий\s+воспрещается|copying\s+(?:is\s+)?prohibited|no\s+copies\s+(?:to\s+be\s+)?made"
        ),
    ),
]
_MARK_LINE_MAX = 80  # marks stand on short lines; "secret" in a sentence is not a mark

_COPY_NUMBER = (
    r"(?:экз\.?|copy|copies|экземпляр\w*)\s*(?:№|N[º°o]?|No\.?|Nº)+\s*(?P<num>\d+(?:\s*[-–]\s*\d+)?)(?![\d/])"
)
_TABLE_NUMBER = re.compile(r"^\s*(?:экз\.?\s*)?(?:№|N)\s*(?P<num>\d+)\s*$", re.IGNORECASE)
_COPY_TO = re.compile(rf"(?i){_COPY_NUMBER}\s*(?:[-–—:]|to)?\s*(?P<who>[^|\n]*)")
_COPIES_LIST = re.compile(r"(?i)^\s*copies\s*:\s*(?P<list>.+)$")
_COUNT_FOR = re.compile(r"(?i)отп\.\s*(?P<count>один|одна|два|две|три|\d+)\s*экз\.?\s*(?P<who>[^\n]*)")
_WORD_NUMBERS = {"один": 1, "одна": 1, "два": 2, "две": 2, "три": 3}


def extract_clerical(document: Document, context: ExtractionContext) -> Iterator[Fact]:
    for version in document.body_versions:
        yield from _marks(version)
        yield from _copies(version, context, document)


def _marks(version: TextVersion) -> Iterator[ClassificationFact]:
    for line in split_lines(version.text):
        stripped = len(line.text.strip())
        if not stripped or stripped > _MARK_LINE_MAX:
            continue  # a blank line holds no mark (a megabyte of line breaks is a million of them)
        for mark, pattern in MARKS:
            for match in pattern.finditer(line.text):
                start = line.start + match.start()
                yield ClassificationFact(mark, (evidence_in(version, start, line.start + match.end(), RULE, 0.9),))


def _copies(version: TextVersion, context: ExtractionContext, document: Document) -> Iterator[CopyFact]:
    when = document_date(document)
    for line in split_lines(version.text):
        if line.text.isspace() or not line.text:
            continue  # a blank line lists no copy
        listed = _COPIES_LIST.match(line.text)
        if listed:
            offset = line.start + listed.start("list")
            for item in re.finditer(r"[^,]+", listed["list"]):
                count = re.search(r"\((\d+)\)", item.group())
                for mention in context.names.find(item.group()):
                    start = offset + item.start() + mention.start
                    evidence = evidence_in(version, start, offset + item.end(), RULE, 0.85)
                    holder = context.agent(AgentRole.COPY_HOLDER, mention.text, evidence, when)
                    yield CopyFact(holder, None, int(count.group(1)) if count else 1, (evidence,))
            continue
        cells = line.text.split("|") if "|" in line.text else [line.text]
        position = line.start
        table = len(cells) > 1
        for index, cell in enumerate(cells):
            copy = _COPY_TO.search(cell) or (_TABLE_NUMBER.match(cell) if table else None)
            if copy:
                who = copy["who"] if "who" in copy.re.groupindex else ""
                who_offset = position + (copy.start("who") if who else len(cell))
                if not who.strip() and table and index + 1 < len(cells):  # the holder is in the next cell
                    who = cells[index + 1]
                    who_offset = position + len(cell) + 1
                if who.strip(" .,;-–—()"):  # a numbered copy with nobody named is only this copy's own number
                    number = re.sub(r"\s*[-–]\s*", "-", copy["num"])
                    yield from _copy(version, context, when, position + copy.start(), who_offset, who, number, None)
            position += len(cell) + 1
        counted = _COUNT_FOR.search(line.text)
        if counted:
            raw = counted["count"].lower()
            copies = _WORD_NUMBERS.get(raw) or (int(raw) if raw.isdigit() else None)
            start = line.start + counted.start()
            yield from _copy(
                version, context, when, start, line.start + counted.start("who"), counted["who"], None, copies
            )


def _copy(
    version: TextVersion,
    context: ExtractionContext,
    when: PartialDate | None,
    start: int,
    who_offset: int,
    who: str,
    number: str | None,
    count: int | None,
) -> Iterator[CopyFact]:
    mentions = context.names.find(who)
    if not mentions:
        if number is not None or count is not None:
            end = who_offset + len(who.rstrip())
            yield CopyFact(None, number, count, (evidence_in(version, start, max(end, start + 1), RULE, 0.7),))
        return
    mention = mentions[0]
    end = who_offset + mention.end
    evidence = evidence_in(version, start, end, RULE, 0.85)
    holder_evidence = evidence_in(version, who_offset + mention.start, end, RULE, 0.85)
    holder = context.agent(AgentRole.COPY_HOLDER, mention.text, holder_evidence, when)
    yield CopyFact(holder, number, count, (evidence,))
