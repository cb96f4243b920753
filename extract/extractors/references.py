"""References to earlier telegrams, messages, letters and reports.

Forms read (English and Russian):

- a pronoun and a message noun, a number and/or a date: "your telegram of 8 September",
  "ваш № 4581", "Ваша телеграмма от 1.10.50", "Your No. 811, 812-813", "yours 384",
  "our [cables] 390 and 392", "моего предыдущего послания", "из сегодняшнего Вашего доклада";
- a cue word and a number: "In response to your no. 4676", "Reply to No. 1", "To No. 1726",
  "RE: 1405/sh", "Referencing the no. 73 cipher telegram", "На вашу шифровку от 23.03.1944 г. за № 135/к";
- a message noun with a date and a receipt: "The cables dated September 26 and October 3 were
  received", "Сообщение от 19 января 1950 года мной получено", "the two cables, respectively
  sent on 29 October and 1 November";
- someone else's message: "Comrade Shtykov's telegram #1405/sh dated 5 October", "the letter to
  U Thant", "two letters from Khrushchev, respectively on 27 October and 28 October, to Kennedy",
  "получена телеграмма от Мао Цзэдуна";
- batches ("We received 48 telegrams between ...") and forward references ("on a separate telegram").

The pronoun gives the direction (`voice`): "your" was written by the addressee of the message
that says it, "my"/"our" by its writer; a received message without a pronoun came from the
addressee; someone else's message ("his letter", "Mao's telegram") has the voice "other" and
keeps the parties named in the mention. Inside an embedded message the addressee and writer
are those of the embedded message. Who they are is filled in after extraction
(`assign_reference_parties`), from the senders and recipients found.

A mention with several numbers or several dates gives one reference per number or date.
Every pattern is linear: whitespace runs are bounded, and each anchor reads a bounded window.

The words are in `reference_patterns`, each form's reading in `reference_forms`, the numbers and
dates after a mention in `reference_parts`; this module tries the forms in order, turns mentions
into facts and, after extraction, names their parties.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from cablegraph.extract.context import ExtractionContext, document_date
from cablegraph.extract.dates import PartialDate, find_dates
from cablegraph.extract.document import Document
from cablegraph.extract.extractors.quoted_messages import embedded_quotes
from cablegraph.extract.extractors.reference_forms import (
    ADDRESSEE,
    OTHER,
    WRITER,
    Mention,
    Names,
    cue_mention,
    noun_phrase_mention,
    possessive_mention,
    pronoun_mention,
    ru_noun_mention,
)
from cablegraph.extract.extractors.reference_parts import clean_number, looks_like_date, under_address
from cablegraph.extract.extractors.reference_patterns import (
    ANSWERED_LINE,
    CUE,
    NOUN_PHRASE,
    POSSESSIVE,
    PRONOUN_PHRASE,
    RU_NOUN,
    SEPARATE,
    TO_LINE,
)
from cablegraph.extract.facts import (
    AgentFact,
    AgentRole,
    EmbeddedMessageFact,
    Fact,
    ReferenceFact,
    evidence_in,
)

RULE = "references.v1"

# Mentions without a number or a date ("your letter", "Your conversations with ...", "the letter to
# U Thant", "48 telegrams") are references too; the shape of a described telegram warns that such
# a one cannot be linked (shapes/telegram.ttl), and the document loads.
IMPLICIT_REFERENCES = True


def extract_references(document: Document, context: ExtractionContext) -> Iterator[Fact]:
    when = _when(document)
    facts: list[ReferenceFact] = []
    for version in document.body_versions:
        text = version.text
        names = Names(context, text)
        mentions = []
        for mention in _mentions(text, when, names):
            if not IMPLICIT_REFERENCES:
                # a date without a year (the document's year unknown) cannot stand alone either
                if not mention.numbers and not any(d.year is not None for d in mention.dates):
                    continue
                mention.dates = [d for d in mention.dates if d.year is not None]
            mentions.append(mention)
        quotes = embedded_quotes(text, context.names.find(text)) if mentions else []
        for mention in mentions:
            quote = next((q for q in quotes if q.start <= mention.start < q.end), None)
            within = quote.sender.candidates[0].target if quote and mention.voice != OTHER else None
            evidence = evidence_in(version, mention.start, mention.end, RULE, 0.85 if not mention.bare else 0.6)
            numbers: list[str | None] = [*mention.numbers] or [None]
            dates: list[PartialDate | None] = [*mention.dates] or [None]
            for number in numbers:
                for date in dates:
                    facts.append(
                        ReferenceFact(
                            number, date, mention.sender, mention.recipient, (evidence,), mention.voice, within
                        )
                    )
    yield from _collapse(facts)


def _when(document: Document) -> PartialDate | None:
    """The document's date, else the first dated line of its title or the head of its text
    ("Телеграмма Г.К. Жукову 12 февраля 1944 года"): what completes "of 5 January"."""
    when = document_date(document)
    if when is not None and when.year is not None:
        return when
    heads = [document.header.title.value] if document.header.title is not None else []
    heads += [version.text[:1500] for version in document.body_versions]
    for head in heads:
        for match in find_dates(head):
            if match.date.year is not None:
                return match.date
    for version in document.body_versions:  # the date under the signature ("7 января 1944 года.")
        dated = [m.date for m in find_dates(version.text[-600:]) if m.date.year is not None]
        if dated:
            return dated[-1]
    return when


MAX_MENTIONS = 400  # per text version; no telegram cites more, and it bounds the work on junk
MAX_ANCHORS = 3000  # candidate anchors of one form read per text version, for the same reason


class _Found:
    """The mentions kept so far, none overlapping another; their spans indexed by start."""

    def __init__(self) -> None:
        self.mentions: list[Mention] = []
        self._starts: list[int] = []
        self._ends: dict[int, int] = {}

    def full(self) -> bool:
        return len(self.mentions) >= MAX_MENTIONS

    def free(self, start: int, end: int) -> bool:
        at = bisect.bisect_right(self._starts, start)
        if at and self._ends[self._starts[at - 1]] > start:
            return False
        return not (at < len(self._starts) and self._starts[at] < end)

    def add(self, mention: Mention | None) -> None:
        if mention is None or mention.end <= mention.start or self.full():
            return
        if not self.free(mention.start, mention.end):
            return
        bisect.insort(self._starts, mention.start)
        self._ends[mention.start] = mention.end
        self.mentions.append(mention)


def _read_anchored(
    found: _Found, anchors: Iterator[re.Match[str]], read: Callable[[re.Match[str]], Mention | None]
) -> None:
    """Read a mention at each anchor not inside one already found, within the bounds on work."""
    for tried, match in enumerate(anchors):
        if found.full() or tried >= MAX_ANCHORS:
            break
        if not found.free(match.start(), match.start() + 1):
            continue
        found.add(read(match))


def _mentions(text: str, when: PartialDate | None, names: Names) -> list[Mention]:
    found = _Found()
    # Most specific first: a cue with a number, the pronoun phrases, then the looser forms.
    _read_anchored(found, CUE.finditer(text), lambda match: cue_mention(text, match, when))
    for match in TO_LINE.finditer(text):
        if match["mark"] or not looks_like_date(text, match.start("num")):
            found.add(Mention(match.start("cue"), match.end("num"), [clean_number(match["num"])], [], ADDRESSEE))
    _read_anchored(found, PRONOUN_PHRASE.finditer(text), lambda match: pronoun_mention(text, match, when))
    _read_anchored(found, POSSESSIVE.finditer(text), lambda match: possessive_mention(text, match, when, names))
    _read_anchored(found, NOUN_PHRASE.finditer(text), lambda match: noun_phrase_mention(text, match, when, names))
    _read_anchored(found, RU_NOUN.finditer(text), lambda match: ru_noun_mention(text, match, when, names))
    for match in SEPARATE.finditer(text):
        found.add(Mention(match.start(), match.end(), [], [], WRITER, bare=True))
    for match in ANSWERED_LINE.finditer(text):
        if under_address(text, match.start()):
            found.add(Mention(match.start("num"), match.end("num"), [clean_number(match["num"])], [], ADDRESSEE))
    mentions = sorted(found.mentions, key=lambda m: m.start)
    return _drop_repeated_bare(mentions)


def _drop_repeated_bare(mentions: list[Mention]) -> list[Mention]:
    """A bare "your telegram" next to a numbered or dated one of the same voice repeats it."""
    cited = {m.voice for m in mentions if not m.bare and (m.numbers or m.dates) and m.voice != OTHER}
    return [m for m in mentions if not (m.bare and m.voice in cited and m.voice != OTHER and not m.sender)]


# --- after extraction -----------------------------------------------------------------------


def _collapse(facts: list[ReferenceFact]) -> list[ReferenceFact]:
    """One telegram cited twice by number ("RE: 1405/sh", "Shtykov's telegram #1405/sh dated 5 October")
    is one reference: the fuller mention stays, with every piece of evidence."""
    by_number: dict[str, ReferenceFact] = {}
    result: list[ReferenceFact] = []
    for fact in facts:
        if fact.number is None:
            result.append(fact)
            continue
        key = fact.number.lower()
        kept = by_number.get(key)
        if kept is None:
            by_number[key] = fact
            result.append(fact)
            continue
        fuller, other = (fact, kept) if _fullness(fact) > _fullness(kept) else (kept, fact)
        merged = replace(fuller, evidence=tuple(dict.fromkeys((*fuller.evidence, *other.evidence))))
        result[result.index(kept)] = merged
        by_number[key] = merged
    return result


def _fullness(fact: ReferenceFact) -> int:
    return (fact.date is not None) * 2 + (fact.sender is not None) + (fact.recipient is not None)


def assign_reference_parties(facts: list[Fact]) -> list[Fact]:
    """Name who wrote each referenced telegram and to whom, from the voice of the reference.

    References in the voice "other" keep the parties their mention named (or none)."""
    senders = [f.person for f in facts if isinstance(f, AgentFact) and f.role is AgentRole.SENDER and f.person]
    recipients = [f.person for f in facts if isinstance(f, AgentFact) and f.role is AgentRole.RECIPIENT and f.person]
    embedded = {f.sender.person: f for f in facts if isinstance(f, EmbeddedMessageFact) and f.sender}
    result: list[Fact] = []
    for fact in facts:
        if not isinstance(fact, ReferenceFact) or fact.sender or fact.recipient or fact.voice == OTHER:
            result.append(fact)
            continue
        writer: str | None = senders[0] if senders else None
        addressee: str | None = recipients[0] if recipients else None
        if fact.within is not None:
            message = embedded.get(fact.within)
            writer = message.sender.person if message and message.sender else fact.within
            addressee = message.recipient.person if message and message.recipient else None
        sender, recipient = (addressee, writer) if fact.voice == ADDRESSEE else (writer, addressee)
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
        if OTHER in (number.voice, dated.voice) and number.voice != dated.voice:
            continue
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
