"""Who wrote to whom, through whom, in the telegram text itself (every body version).

The forms telegrams take, in Russian and English:

    ПЕКИН / Тов. Красовскому / для тов. Мао Цзе-дуна.         addressee on the form, final recipient
    ПЕКИН СОВПОСОЛ / Для немедленной передачи МАО ЦЗЕ-ДУНУ    a post at a place, then the recipients
    BEIJING, TO KRASOVSKY. / For Comrade MAO ZEDONG.
    Pass the following to either Zhou Enlai or Mao Zedong:
    Передано т.Булганину. / Transmitted to Bulganin            transmitted through someone
    TO FILIPPOV [STALIN] / ФИЛИППОВУ / Тов. Мао Цзе-дун!        addressee, salutation
    ФИЛИППОВ. / F I L I P P O V [STALIN] / ...ответа. Филиппов».   signature
    I report the answer of MAO ZEDONG to your No. 4581: "..."   an embedded message (its own sender)

The person behind an addressee is an intermediary when a final recipient follows
("для", "for", "pass the following to"), else the recipient. Everything else named
in the text is a person mentioned. Clerical lines (copies, handling) are left to
the clerical extractor.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from cablegraph.extract.context import ExtractionContext, document_date
from cablegraph.extract.dates import PartialDate, find_dates
from cablegraph.extract.document import Document, TextVersion
from cablegraph.extract.extractors.headings import name_cases
from cablegraph.extract.extractors.quoted_messages import QUOTE_CLOSE, embedded_quotes
from cablegraph.extract.facts import AgentFact, AgentRole, EmbeddedMessageFact, Evidence, Fact, evidence_in
from cablegraph.extract.names import NameMention
from cablegraph.extract.spans import SpanSet
from cablegraph.extract.textutil import NOT_PROSE, Line, LineVerdicts, split_lines

RULE = "addressing.v1"
# Evidence kept per written form of a name in one text version: a historian needs where a name
# stands, not its ten-thousandth repetition, and a megabyte of one name must not cost minutes.
MENTIONS_KEPT = 500

_FINAL = re.compile(
    r"(?:[Vv]isit\s+(?:[Cc]de\.\s*|[Cc]omrade\s+)?|[Cc]all\s+on\s+(?:[Cc]de\.\s*|[Cc]omrade\s+)?|[Cc]onvey\s+(?:the\s+following\s+)?to|"
    r"[Пп]осетите\s+(?:тов\.\s*|товарища\s+)?|[Дд]ля\s+(?:немедленной\s+|срочной\s+)?передачи|[Пп]ередайте(?:\s+следующее)?|[Пп]рошу\s+передать(?:\s+товарищу|\s+тов\.)?|[Дд]ля\s+(?:тов\.|товарища|т\.)|"
    r"[Ff]or\s+(?:immediate\s+|urgent\s+)?(?:transmission|delivery)\s+to|[Ff]or\s+(?:Cde\.|Comrade|Comrades|Cdes\.)|"
    r"[Pp]ass\s+(?:the\s+following\s+)?(?:on\s+)?to(?:\s+either)?|[Tt]ransmit\s+(?:the\s+following\s+)?to(?:\s+either)?)\s*"
)
_VISIT = re.compile(r"(?i)visit|call\s+on|посетите")
# what makes a visit a relay: "Visit Zhou Enlai and transmit to him the reply", "Посетите ... и передайте"
_RELAY = re.compile(
    r"(?i)\b(?:pass|transmit|convey|hand|deliver|read\s+(?:out\s+)?to|following)|передай|вручите|зачитайте|следующее"
)
_TRANSMITTED = re.compile(
    r"(?:[Пп]ередано|[Пп]ередал[аи]?:?|[Tt]ransmitted\s+(?:to|by)|[Ff]orwarded\s+(?:to|by)|[Pp]assed\s+on\s+by:?)\s*(?:т\.|тов\.|Cde\.|Comrade)?\s*"
)
_POST = re.compile(r"(?i:совпосол\w*|сов\.\s?посол\w*|послу\s+ссср|soviet\s+ambassador|ambassador\s+of\s+the\s+ussr)")
_PREFIX_WORDS = re.compile(
    r"(?i)\b(?:to|the|cde|cdes|comrade|comrades|тов|товарищ|товарищу|товарищам|т|для|for|и|and|or|или|either|from|of|вам|you|"
    r"dear|respected|дорогой|уважаемый)\b\.?"
)
_CLERICAL = re.compile(
    r"(?i)экз\.|copies|copy\s+n|отп\.|расп\.|typ\[|dec\[|верно|certified|typed|deciphered|подлежит|возврат|"
    r"продолжение|вх\.|incoming|шифртелеграмм|ciphered\s+telegram|[пл]оступил[аи]?\s+\d|получена\s|received\s+\d|\||"
    # the site's credit lines, and the numbered items of a distribution list ("5. - cde. Beria")
    r"publication\s+of\s+this\s+document|this\s+document\s+was\s+made\s+possible|distribution\s+list|рассылк|"
    # a word starts the item (and nothing backtracks into it): a long run of letters is read once, not once a letter
    r"(?:(?<![^\W\d])[^\W\d]++\.?\s*+[-–]\s*+\d++\s*+[,.]\s*+){2,}|"
    r"^\s*\d+\s*\.?\s*[-–—]\s*(?:cde\.?|comrade|тов\.?|т\.)?\s*[^\W\d]+\S*\s*$"
)
_ADDRESSED = re.compile(
    r"(?i)^\W*(?:to|для|товарищу|тов\.|dear)\b"
)  # "“To Comrade Zhou Enlai.": whom a quoted message is for
_VOCATIVE = re.compile(r"(?i)(?:dear\s+|дорогой\s+|уважаемый\s+)?(?:comrade|cde\.|товарищ|тов\.)\s*$")


@dataclass
class _Reading:
    """What one version says about the addressing, before facts are made."""

    final: list[tuple[NameMention, float]]
    addressees: list[tuple[str, int, int, float]]  # written, start, end, confidence (names or posts)
    transmitted: list[NameMention]
    signatures: list[NameMention]
    embedded: list[tuple[NameMention, int, int, PartialDate | None, bool]]  # sender, quote span, date, to-you
    consumed: set[int]  # starts of mentions already given a role


def extract_addressing(document: Document, context: ExtractionContext) -> Iterator[Fact]:
    when = document_date(document)
    for version in document.body_versions:
        yield from _version_facts(document, version, context, when)


def _version_facts(
    document: Document, version: TextVersion, context: ExtractionContext, when: PartialDate | None
) -> Iterator[Fact]:
    text = version.text
    mentions = context.names.find(text)
    lines = split_lines(text)
    header_end = _header_end(lines)
    reading = _read(text, lines, mentions, header_end, context)
    place = _destination(text[:header_end], context)

    def agent(
        role: AgentRole, written: str, start: int, end: int, confidence: float, place_id: str | None = None
    ) -> AgentFact:
        evidence = evidence_in(version, start, end, RULE, confidence)
        return context.agent(role, _clean(written), evidence, when, place_id)

    recipients = [agent(AgentRole.RECIPIENT, m.text, m.start, m.end, c) for m, c in reading.final]
    final_people = {r.person for r in recipients}
    yield from recipients
    for written, start, end, confidence in reading.addressees:
        fact = agent(AgentRole.RECIPIENT, written, start, end, confidence, place)
        if final_people and fact.person not in final_people:
            fact = AgentFact(
                AgentRole.INTERMEDIARY, fact.person, fact.as_written, fact.post, fact.pseudonym, fact.evidence
            )
        yield fact
    for mention in reading.transmitted:
        yield agent(AgentRole.INTERMEDIARY, mention.text, mention.start, mention.end, 0.85)
    for mention in reading.signatures:
        yield agent(AgentRole.SENDER, mention.text, mention.start, mention.end, 0.9)
    outer_recipients = list(recipients) or [agent(AgentRole.RECIPIENT, w, s, e, c) for w, s, e, c in reading.addressees]
    for sender, start, end, date, to_you in reading.embedded:
        from_fact = agent(AgentRole.SENDER, sender.text, sender.start, sender.end, 0.85)
        to_fact = outer_recipients[0] if to_you and outer_recipients else None
        quote_evidence = Evidence(version.key, start, end, text[start:end], RULE, 0.85)
        yield EmbeddedMessageFact(
            from_fact, to_fact, date.with_year(when.year) if date and when and when.year else date, (quote_evidence,)
        )
    addressed = final_people | {f.person for f in outer_recipients}
    seen: dict[str, int] = {}
    clerical = LineVerdicts(text, on_clerical_line)  # once per line, not per name on a long line
    for mention in mentions:
        if mention.start in reading.consumed or clerical(mention.start):
            continue
        seen[mention.text] = seen.get(mention.text, 0) + 1
        if seen[mention.text] > MENTIONS_KEPT:
            continue
        if (
            _VOCATIVE.search(text[max(0, mention.start - 20) : mention.start])
            and text[mention.end : mention.end + 1] in ",!"
        ):
            fact = agent(AgentRole.MENTIONED, mention.text, mention.start, mention.end, 0.8)
            if fact.person in addressed:
                continue  # "We ask you, dear Comrade Stalin, ...": the addressee spoken to, not a mention
        yield agent(AgentRole.MENTIONED, mention.text, mention.start, mention.end, 0.8)


def _header_end(lines: list[Line]) -> int:
    """Where the message prose starts: the first line of eight words or more, mostly lower case."""
    for line in lines:
        if line.text.isspace() or not line.text:
            continue  # a blank line is never prose
        words = re.findall(r"[^\W\d_]{2,}", line.text)
        final = _FINAL.search(line.text)
        # "Pass the following to X:" / "Reply to No. 1. Convey to Mao Zedong the following:" address, not prose
        cue_line = final and (final.start() <= 3 or line.text.rstrip().endswith(":")) and len(words) < 12
        if (
            len(words) < 8
            or _has_clerical_mark(line.text)
            or NOT_PROSE.search(line.text)
            or cue_line
            or _POST.search(line.text)
        ):
            continue
        letters = [ch for ch in line.text if ch.isalpha()]
        if sum(ch.islower() for ch in letters) > len(letters) / 2:
            return line.start
    return lines[-1].end if lines else 0


def _read(
    text: str, lines: list[Line], mentions: list[NameMention], header_end: int, context: ExtractionContext
) -> _Reading:
    reading = _Reading([], [], [], [], [], set())
    embedded_spans = _embedded(text, mentions, reading)
    embedded = SpanSet([(start, end) for start, end in embedded_spans if end > start])

    def inside(pos: int) -> bool:
        return embedded.overlaps(pos, pos + 1)

    by_line = _by_line(lines, mentions)
    for line in lines:
        line_mentions = [m for m in by_line[line.start] if not inside(m.start)]
        if not line.text.strip() or _has_clerical_mark(line.text) or inside(line.start):
            continue
        final = _FINAL.search(line.text)
        if final and _VISIT.match(final.group()) and not _RELAY.search(line.text[final.end() :].split(".", 1)[0]):
            final = None  # "Visit cde. Ho Chi Minh and inform him of ...": an instruction, not a message to pass on
        if final and (line.start < header_end or final.start() == 0):
            after = _listed(
                text, line.start + final.end(), [m for m in line_mentions if m.start >= line.start + final.end()]
            )
            for mention in after:
                reading.final.append((mention, 0.9))
                reading.consumed.add(mention.start)
            if after:
                # "Штыкову для товарища Ким Ир Сена.": the names before the cue are the addressee who relays it
                before = Line(line.text[: final.start()], line.start)
                _addressee_line(text, before, [m for m in line_mentions if m.end <= before.end], reading, context)
                continue
        transmitted = _TRANSMITTED.match(line.text.strip())
        if transmitted and line_mentions:
            reading.transmitted.append(line_mentions[0])
            reading.consumed.add(line_mentions[0].start)
            continue
        if line.start < header_end:
            _addressee_line(text, line, line_mentions, reading, context)
        elif (
            line_mentions
            and not _ADDRESSED.match(line.text)
            and _standalone(text, line, line_mentions)
            and not _dative(line_mentions[0])
        ):
            reading.signatures.append(line_mentions[0])
            reading.consumed.update(m.start for m in line_mentions)
    # "...ответа. Филиппов»." — a signature closing the quoted message text
    for mention in mentions:
        if mention.start in reading.consumed or inside(mention.start):
            continue
        text_before = text[max(0, mention.start - 3) : mention.start]
        text_after = text[mention.end : mention.end + 3]
        possessive = re.match(r"['’]s\b", text_after)  # "Fidel Castro's speech"
        if re.search(r"[.!]\s*$", text_before) and text_after[:1] in QUOTE_CLOSE and text_after[:1] and not possessive:
            reading.signatures.append(mention)
            reading.consumed.add(mention.start)
    return reading


def _by_line(lines: list[Line], mentions: list[NameMention]) -> dict[int, list[NameMention]]:
    """Each line's mentions, by the line's start: each mention placed by bisection, not every line
    tested against every mention (a megabyte of short lines and names took hours)."""
    by_line: dict[int, list[NameMention]] = {line.start: [] for line in lines}
    starts = [line.start for line in lines]
    for mention in mentions:
        index = bisect_right(starts, mention.start) - 1
        if index >= 0 and mention.start < lines[index].end:
            by_line[lines[index].start].append(mention)
    return by_line


def _dative(mention: NameMention) -> bool:
    """A Russian name only in the dative ("П.А. КУРОЧКИНУ") is an address, never a signature."""
    return name_cases(mention.text) == frozenset({"datv"})


_LIST_GLUE = re.compile(r"(?i)^[\s,]*(?:(?:или|и|or|and|either|тов\.|товарищу|товарищам|comrades?|cdes?\.)[\s,]*)*$")


def _listed(text: str, start: int, mentions: list[NameMention]) -> list[NameMention]:
    """The names listed right after a cue ("передайте Чжоу Энляю или Мао Цзэдуну"), not later ones."""
    listed, cursor = [], start
    for mention in mentions:
        if not _LIST_GLUE.match(text[cursor : mention.start]):
            break
        listed.append(mention)
        cursor = mention.end
    return listed


def _addressee_line(
    text: str, line: Line, line_mentions: list[NameMention], reading: _Reading, context: ExtractionContext
) -> None:
    if re.match(r"^\s*\d", line.text):
        return  # "7. Сталин": a page or copy mark, not an addressee
    post = _POST.search(line.text)
    if post:
        start, end = line.start + post.start(), line.start + post.end()
        reading.addressees.append((post.group(), start, end, 0.85))
        return
    if line_mentions and _standalone(text, line, line_mentions, allow_places=context):
        for mention in line_mentions:
            reading.addressees.append((mention.text, mention.start, mention.end, 0.9))
            reading.consumed.add(mention.start)
        return
    stripped = line.text.strip(" \t.,:;!\"'«»“”")
    # an all-capitals single word such as an OCR-damaged "ФИЛИПНОВУ": fuzzy lookup only
    if (
        not line_mentions
        and re.fullmatch(r"[А-ЯЁA-Z][А-ЯЁA-Z-]{4,}", stripped)
        and context.authority.candidates(stripped, fuzzy=True)
    ):
        start = line.start + line.text.index(stripped)
        reading.addressees.append((stripped, start, start + len(stripped), 0.6))


def _standalone(
    text: str, line: Line, line_mentions: list[NameMention], allow_places: ExtractionContext | None = None
) -> bool:
    """True when the line is only names, with honorifics, glosses, a place, a date or a number."""
    rest = list(line.text)
    for mention in line_mentions:
        for i in range(mention.start - line.start, mention.end - line.start):
            rest[i] = " "
    remainder = "".join(rest)
    remainder = re.sub(r"[\[(][^\[\]()]*[\])]", " ", remainder)
    for match in find_dates(remainder):
        remainder = remainder[: match.start] + " " * (match.end - match.start) + remainder[match.end :]
    remainder = _PREFIX_WORDS.sub(" ", remainder)
    remainder = re.sub(r"(?<!\w)(?:№|No\.?|N)\s*[\w/]*\d[\w/]*|\d+[./]\d+(?:[./]\d+)?|\b\d+\b", " ", remainder)
    if allow_places is not None:
        for word in re.findall(r"[^\W\d_]+", remainder):
            if allow_places.gazetteer.lookup(word) is not None:
                remainder = remainder.replace(word, " ", 1)
    return not re.search(r"[^\W\d_]", remainder)


def _embedded(text: str, mentions: list[NameMention], reading: _Reading) -> list[tuple[int, int]]:
    spans = []
    for quote in embedded_quotes(text, mentions):
        reading.embedded.append((quote.sender, quote.start, quote.end, quote.date, quote.to_addressee))
        reading.consumed.add(quote.sender.start)
        first_end = text.find("\n", quote.start)
        first = Line(text[quote.start + 1 : first_end if first_end != -1 else quote.end], quote.start + 1)
        opening = [m for m in mentions if first.start <= m.start < first.end]
        salutation = re.match(r"[^.!:]*[.!:]", first.text)  # "Dear Comrade Stalin." opens the quoted message
        if opening and salutation:
            head = Line(first.text[: salutation.end()], first.start)
            if _standalone(text, head, [m for m in opening if m.end <= head.end]):
                reading.consumed.update(m.start for m in opening if m.end <= head.end)
        for mention in mentions:  # the quoted message's own signature is its sender, not a mention
            if (
                quote.start <= mention.start < quote.end
                and mention.candidates == quote.sender.candidates
                and mention.start > quote.end - 60
            ):
                reading.consumed.add(mention.start)
        spans.append((quote.start, quote.end))
    return spans


def on_clerical_line(text: str, position: int) -> bool:
    """Copy lists, handling marks, and "7. Сталин"-style page or copy marks."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return _clerical_line(text[start : end if end != -1 else len(text)])


@lru_cache(maxsize=4096)
def _clerical_line(line: str) -> bool:
    """Remembered: every name on a long line asks about the same line."""
    return _has_clerical_mark(line) or bool(re.fullmatch(r"\s*\d+\.\s*\S+\s*", line))


@lru_cache(maxsize=4096)
def _has_clerical_mark(line: str) -> bool:
    """Remembered: the header, the reading and every name's line ask it of the same lines, and
    on a long line the pattern costs a third of a second a megabyte."""
    return _CLERICAL.search(line) is not None


def _destination(header: str, context: ExtractionContext) -> str | None:
    """The first gazetteer place named in the addressing block ("ПЕКИН", "To BEIJING")."""
    # "[из Сочи]", "(from Sochi)": an editor's note on where it was sent from, not the address ("[BEIJING]" is one)
    unbracketed = re.sub(
        r"[\[(](?:из|from|sent\s+from|отправлено\s+из)\s[^\])\n]*[\])]", " ", header, flags=re.IGNORECASE
    )
    for word in re.findall(r"[^\W\d_]+", unbracketed):
        place = context.gazetteer.lookup(word)
        if place is not None and place.type == "city":
            return place.id
    return None


def _clean(written: str) -> str:
    return re.sub(r"\s+", " ", written).strip(" .,:;!\"'«»“”")
