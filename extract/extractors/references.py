"""References to earlier telegrams: "your telegram of 8 September", "ваш № 4581",
"Ваша телеграмма от 1.10.50", "your telegrams of January 31", "In addition to my Nº 2390".

The pronoun gives the direction: "your" was written by the addressee of the message
that says it, "my"/"our" by its writer. Inside an embedded message the addressee and
writer are those of the embedded message. Who they are is filled in after extraction
(`assign_reference_parties`), from the senders and recipients found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from cablegraph.extract.context import ExtractionContext, document_date
from cablegraph.extract.dates import PartialDate, find_dates
from cablegraph.extract.document import Document
from cablegraph.extract.extractors.addressing import embedded_quotes
from cablegraph.extract.facts import (
    AgentFact,
    AgentRole,
    EmbeddedMessageFact,
    Fact,
    ReferenceFact,
    evidence_in,
)

RULE = "references.v1"

_NUMBER = r"(?:№|N[º°o]?\.?|No\.?|Nº|#)\s*(?P<num>\d[\d/\-]*[\wА-Яа-я]*)"
_REFERENCE = re.compile(
    r"(?P<pron>[Вв]аш[уаеи]?|[Вв]ашей|[Мм]о[юяей]|[Мм]оей|[Нн]аш[уаеи]?|[Нн]ашей|\b[Yy]our|\b[Mm]y|\b[Oo]ur)\s+"
    r"(?:\[?(?P<noun>телеграмм\w*|шифртелеграмм\w*|телеграфн\w+\s+сообщени\w+|письм\w+|telegrams?|cables?|messages?|letters?)\]?\s*)?"
    rf"(?:{_NUMBER})?"
    r"(?:\s*(?:от|of|dated|from)\s+(?P<date>[^,;:\n]{3,30}))?"
)


def extract_references(document: Document, context: ExtractionContext) -> Iterator[Fact]:
    when = document_date(document)
    for version in document.body_versions:
        text = version.text
        quotes = embedded_quotes(text, context.names.find(text))
        for match in _REFERENCE.finditer(text):
            if not (match["noun"] or match["num"]):
                continue
            number = match["num"].rstrip("/-.") if match["num"] else None
            dates = _dates(match, when)
            if number is None and not dates:
                continue
            voice = "addressee" if match["pron"].lower().startswith(("ваш", "your")) else "writer"
            quote = next((q for q in quotes if q.start <= match.start() < q.end), None)
            within = quote.sender.candidates[0].target if quote else None
            for date, date_end in dates or [(None, None)]:
                end = date_end if date_end is not None else match.end("num") if match["num"] else match.end("noun")
                evidence = evidence_in(version, match.start(), end, RULE, 0.85)
                yield ReferenceFact(number, date, None, None, (evidence,), voice, within)


_TWO_DAYS = re.compile(r"^(?P<first>\d{1,2})\s*(?:и|and|,|&)\s*(?P<second>\d{1,2})\s+(?P<rest>\S+(?:\s+\d{4})?)")


def _dates(match: re.Match[str], when: PartialDate | None) -> list[tuple[PartialDate, int]]:
    """The date(s) of a reference: "of 8 September", "от 11 и 12 июня" (two telegrams)."""
    if not match["date"]:
        return []
    text = match["date"]
    two = _TWO_DAYS.match(text)
    if two:
        first = find_dates(f"{two['first']} {two['rest']}")
        second = find_dates(f"{two['second']} {two['rest']}")
        if first and second:
            end = match.start("date") + two.end()
            return [(_complete(first[0].date, when), end), (_complete(second[0].date, when), end)]
    found = [m for m in find_dates(text) if m.start <= 2]
    if not found:
        return []
    return [(_complete(found[0].date, when), match.start("date") + found[0].end)]


def _complete(date: PartialDate, when: PartialDate | None) -> PartialDate:
    """A date without a year takes the document's year, or the year before if it would fall later."""
    if date.year is None and when is not None and when.year is not None:
        date = date.with_year(when.year)
        if (date.month, date.day or 0) > (when.month or 12, when.day or 31):
            date = date.with_year(when.year - 1)  # "your telegram of 28 December" in a January telegram
    return date


def assign_reference_parties(facts: list[Fact]) -> list[Fact]:
    """Name who wrote each referenced telegram and to whom, from the voice of the reference."""
    senders = [f.person for f in facts if isinstance(f, AgentFact) and f.role is AgentRole.SENDER and f.person]
    recipients = [f.person for f in facts if isinstance(f, AgentFact) and f.role is AgentRole.RECIPIENT and f.person]
    embedded = {f.sender.person: f for f in facts if isinstance(f, EmbeddedMessageFact) and f.sender}
    result: list[Fact] = []
    for fact in facts:
        if not isinstance(fact, ReferenceFact) or fact.sender or fact.recipient:
            result.append(fact)
            continue
        writer, addressee = (senders[:1] or [None])[0], (recipients[:1] or [None])[0]
        if fact.within is not None:
            message = embedded.get(fact.within)
            writer = message.sender.person if message and message.sender else fact.within
            addressee = message.recipient.person if message and message.recipient else None
        sender, recipient = (addressee, writer) if fact.voice == "addressee" else (writer, addressee)
        result.append(replace(fact, sender=sender, recipient=recipient))
    return result


def join_number_and_date(facts: list[Fact]) -> list[Fact]:
    """One telegram referred to once by number and once by date is one reference.

    "the answer of MAO ZEDONG to your No. 4581: \"I received your telegram of 1.10.50 ...\""
    names the same telegram twice; when exactly one number-only and one date-only reference
    share the same writer, they become one reference with both, and the one made inside the
    quoted message (which knows its own addressee) gives the recipient.
    """
    references = [f for f in facts if isinstance(f, ReferenceFact)]
    by_sender: dict[str | None, list[ReferenceFact]] = {}
    for reference in references:
        by_sender.setdefault(reference.sender, []).append(reference)
    joined: dict[int, ReferenceFact] = {}
    dropped: set[int] = set()
    for sender, group in by_sender.items():
        numbers = [r for r in group if r.number and r.date is None]
        dates = [r for r in group if r.date is not None and not r.number]
        if sender is None or len(numbers) != 1 or len(dates) != 1:
            continue
        number, dated = numbers[0], dates[0]
        inner = dated if dated.within else number
        joined[id(number)] = replace(
            number,
            date=dated.date,
            recipient=inner.recipient or number.recipient,
            evidence=tuple(dict.fromkeys((*number.evidence, *dated.evidence))),
            within=inner.within,
        )
        dropped.add(id(dated))
    return [joined.get(id(f), f) for f in facts if id(f) not in dropped]
