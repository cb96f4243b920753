"""Facts from the archive's catalogue record: the title line, the date, the citation.

Archive titles follow a small grammar, whatever words they use:

    [Ciphered] Telegram|Cable [No. N[, M and K]][,| from] SENDERS [in PLACE]
        to RECIPIENTS [(via X)|[via X]| via X] [, for FINAL] [, PLACE]
        [, transmitting a Message from A to B] [regarding TOPIC]

"Filippov [Stalin]" is the name as written with the editor's identification.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cablegraph.extract.context import ExtractionContext
from cablegraph.extract.correspondent_lists import joins_an_organ_name
from cablegraph.extract.correspondents import ORGANISATION_HEADS
from cablegraph.extract.dates import PartialDate, parse_date
from cablegraph.extract.document import Document, Field
from cablegraph.extract.facts import (
    AgentFact,
    AgentRole,
    DateFact,
    DateKind,
    EmbeddedMessageFact,
    Evidence,
    Fact,
    FieldFact,
    NumberFact,
    NumberKind,
    evidence_in_field,
)

RULE = "catalogue.v1"

_NUMBER = r"[\w/-]*\d(?:[\w/-]|\.(?=\d))*"  # "0100", "600428/sh", "066.621"
_DOC_TYPE = re.compile(
    r"^\s*(?P<type>(?:[\w'-]+\s+){0,3}?(?:telegrams?|cables?|cablegrams?|radiograms?|letters?|messages?|notes?|reports?|"
    r"memorandum|memo|directive|instructions?|shifrtelegramma))\b"
    rf"(?:\s*(?:(?:No|Nos|N|Nº|№)\.?|number)\s*(?P<numbers>{_NUMBER}(?:(?:\s*,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+)(?:(?:No|Nos|N|Nº|№)\.?\s*)?{_NUMBER})*)"
    r"|\s+(?P<bare>\d[\d./-]*\d)(?=\s))?"
    r"(?P<sep>\s*,\s*|\s+from\s+|\s+by\s+|\s+|$)",
    re.IGNORECASE,
)
_TRANSMITTING = re.compile(
    r",?\s*(?:transmitting|relaying|forwarding|conveying|with)\s+(?:an?\s+|the\s+)?(?:message|telegram|reply|answer|letter|cable)s?"
    r"\s+(?:from|of|by)\s+",
    re.IGNORECASE,
)
_TOPIC = re.compile(
    r"\s+(?:regarding|concerning|about|on|re:?|with regard to|in connection with|reporting|informing|requesting|asking|"
    r"proposing|attaching|enclosing|describing|summarizing|summarising)\s+",
    re.IGNORECASE,
)
# "..., 'The Problem of How to Express a Position'" / "… “On Our Attitude”": the subject line, never a correspondent.
_QUOTED_SUBJECT = re.compile(r"(?:[,:]\s*|\s)['‘\"“][^\n]{3,}?['’\"”]\s*$")
# "… [Ciphergram No. 2019]" / "…, Ciphergram No. 5295": the document's number after the addressing.
_TRAILING_NUMBER = re.compile(
    rf"[,\s]*[\[(]?\s*(?P<type>[\w-]+(?:\s+[\w-]+)?)\s+(?:No|Nos|N|Nº|№)\.?\s*(?P<numbers>{_NUMBER})\s*[\])]?\s*$",
    re.IGNORECASE,
)
_NUMBER_TYPES = re.compile(
    r"(?i)telegram|cable|ciphergram|cipher|coded|spets|special|outgoing|incoming|radiogram|report"
)
# " to " inside a post ("Soviet Ambassador to the USA Dobrynin") does not separate sender from recipient.
_POST_BEFORE_TO = re.compile(
    r"(?i)(?:ambassador|ambassadors|envoy|minister|representative|consul|chargé d'affaires|charge d'affaires|delegation|"
    r"delegate|mission|attaché|attache|adviser|advisor|plenipotentiary|counsellor|counselor)$"
)
_VIA_BRACKET = re.compile(r"\s*[\[(]\s*(?:via|through|c/o)\s+(?P<name>[^\])]+?)\s*[\])]", re.IGNORECASE)
_VIA_PLAIN = re.compile(r"\s+(?:via|through)\s+", re.IGNORECASE)
_IN_PLACE = re.compile(r"\s+(?:in|at|from)\s+(?P<place>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)\s*$")
_GLOSS = re.compile(r"^(?P<name>[^\[(]*?)\s*[\[(](?P<gloss>[^\])]+)[\])]\s*$")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_LISTED_LAST = re.compile(r"(?i)(?:and|&)\s+")  # "..., and CCP Central Committee": the last of a list
_TRANSLATED = re.compile(r"Translated (?:from \w+ )?(?:by|for [^.]*? by)\s+(?P<names>[^.<]+?)(?:\.|<|$)", re.IGNORECASE)


def extract_catalogue(document: Document, context: ExtractionContext) -> Iterator[Fact]:
    header = document.header
    when = _document_date(header.date)
    if header.date is not None and when is not None:
        yield DateFact(
            DateKind.DOCUMENT, when, (evidence_in_field(document, header.date, 0, len(header.date.value), RULE),)
        )
    for name in ("title", "citation", "source_url", "record_id", "summary"):
        value: Field | None = getattr(header, name)
        if value is not None:
            yield FieldFact(name, value.value, (evidence_in_field(document, value, 0, len(value.value), RULE),))
    if header.title is not None:
        yield from TitleReader(document, header.title, context, when).facts()
    if header.citation is not None:
        yield from _translators(document, header.citation, context, when)


def _document_date(field: Field | None) -> PartialDate | None:
    return parse_date(field.value) if field is not None else None


class TitleReader:
    """Reads the title grammar above, keeping every name's character span."""

    def __init__(self, document: Document, title: Field, context: ExtractionContext, when: PartialDate | None) -> None:
        self.document = document
        self.title = title
        self.text = title.value
        self.context = context
        self.when = when

    def facts(self) -> Iterator[Fact]:
        text = self.text
        start, end = 0, len(text)
        kind = NumberKind.TELEGRAM
        if subject := _QUOTED_SUBJECT.search(text, start, end):
            end = subject.start()
        trailing = _TRAILING_NUMBER.search(text, start, end)
        if trailing and _NUMBER_TYPES.search(trailing["type"]):
            trailing_kind = NumberKind.CIPHER if "cipher" in trailing["type"].lower() else NumberKind.TELEGRAM
            yield from self._numbers(trailing.start("numbers"), trailing.end("numbers"), trailing_kind)
            end = trailing.start()
        doc_type = _DOC_TYPE.match(text, start, end)
        if doc_type:
            if "cipher" in doc_type["type"].lower() or "shifr" in doc_type["type"].lower():
                kind = NumberKind.CIPHER
            if doc_type["numbers"]:
                yield from self._numbers(doc_type.start("numbers"), doc_type.end("numbers"), kind)
            if doc_type["bare"]:
                yield from self._numbers(doc_type.start("bare"), doc_type.end("bare"), kind)
            start = doc_type.end()
        if _CYRILLIC.search(text[start:end]):
            return  # a Russian heading: its cases say who is who (headings.v1), not this English grammar
        embedded = _TRANSMITTING.search(text, start, end)
        if embedded:
            yield from self._embedded(embedded.end(), end)
            end = embedded.start()
        if re.match(
            r"(?i)\s*to\s", text[start:end]
        ):  # "Draft Telegram to Hanoi Soviet Ambassador ...": no sender named
            before_to = start + text[start:end].lower().index("to") - 1
            topic = _TOPIC.search(text, before_to + 4, end)
            yield from self._recipients(
                before_to + 4, topic.start() if topic and _depth(text, topic.start()) == 0 else end
            )
            return
        to = self._addressing_to(start, end)
        if to is None and doc_type is None:
            return  # a subject for a title ("Bilateral Relations between ..."): it names no correspondent
        if to is None:
            topic = _TOPIC.search(text, start, end)
            if topic and _depth(text, topic.start()) == 0:
                end = topic.start()
            yield from self._names(start, end, AgentRole.SENDER)
            return
        topic = _TOPIC.search(text, to + 4, end)
        if topic and _depth(text, topic.start()) == 0:
            end = topic.start()
        sender_topic = _TOPIC.search(text, start, to)
        yield from self._names(
            start,
            sender_topic.start() if sender_topic and _depth(text, sender_topic.start()) == 0 else to,
            AgentRole.SENDER,
        )
        yield from self._recipients(to + 4, end)

    def _addressing_to(self, start: int, end: int) -> int | None:
        """The " to " between sender and recipient: the first at bracket depth 0 that is not part of a
        post ("Ambassador to the USA")."""
        position = _top_level(self.text, " to ", start, end)
        while position is not None and _POST_BEFORE_TO.search(self.text[start:position]):
            following = _top_level(self.text, " to ", position + 4, end)
            if following is None:
                return position
            position = following
        return position

    def _evidence(self, start: int, end: int, confidence: float = 1.0) -> Evidence:
        start, end = _trim(self.text, start, end)
        return evidence_in_field(self.document, self.title, start, end, RULE, confidence)

    def _numbers(self, start: int, end: int, kind: NumberKind) -> Iterator[NumberFact]:
        for match in re.finditer(_NUMBER, self.text[start:end]):
            if match.group().lower() in {"and", "no", "nos"}:
                continue
            s, e = start + match.start(), start + match.end()
            yield NumberFact(match.group(), kind, (self._evidence(s, e),))

    def _recipients(self, start: int, end: int) -> Iterator[AgentFact]:
        segments = _split_top_level(self.text, ",", start, end)
        base_start, base_end = segments[0]
        place: str | None = None
        finals: list[tuple[int, int]] = []
        extra: list[tuple[int, int]] = []
        for segment in segments[1:]:
            seg_start, seg_end = _trim(self.text, *segment)
            words = self.text[seg_start:seg_end]
            lowered = words.lower()
            if lowered.startswith("for "):
                finals.append((seg_start + 4, seg_end))
            elif lowered.startswith(("via ", "through ")):
                yield from self._names(seg_start + lowered.index(" ") + 1, seg_end, AgentRole.INTERMEDIARY)
            elif (found := self.context.gazetteer.lookup(words)) is not None:
                place = found.id  # "the Soviet Ambassador, Peking": the post's place, not another addressee
            elif self.context.authority.candidates(words, fuzzy=False):
                extra.append((seg_start, seg_end))
            elif (listed := _LISTED_LAST.match(words)) and self.context.authority.candidates(
                words[listed.end() :], fuzzy=False
            ):
                extra.append((seg_start + listed.end(), seg_end))  # "Mao Zedong, Liu Shaoqi, and Zhu De"
            elif (
                re.match(r"(?:and\s+|&\s*|the\s+)?[A-ZА-ЯЁ]", words)
                and ORGANISATION_HEADS.search(words)
                and self.context.organisation(words[listed.end() if listed else 0 :])
            ):
                extra.append((seg_start + (listed.end() if listed else 0), seg_end))  # "..., and CCP Central Committee"
            else:
                break  # a topic phrase: the addressing is over
        base_start, base_end, via = self._intermediaries(base_start, base_end)
        yield from via
        role = AgentRole.INTERMEDIARY if finals else AgentRole.RECIPIENT
        yield from self._names(base_start, base_end, role, place)
        for seg in extra:
            yield from self._names(*seg, AgentRole.RECIPIENT, place)
        for seg in finals:
            yield from self._names(*seg, AgentRole.RECIPIENT)

    def _intermediaries(self, start: int, end: int) -> tuple[int, int, list[AgentFact]]:
        """The "(via X)" / "via X" intermediaries, and the span left for the names."""
        bracket = _VIA_BRACKET.search(self.text, start, end)
        if bracket:
            via = list(self._names(bracket.start("name"), bracket.end("name"), AgentRole.INTERMEDIARY))
            return start, bracket.start(), via
        plain = _VIA_PLAIN.search(self.text, start, end)
        if plain and _depth(self.text, plain.start()) == 0:
            return start, plain.start(), list(self._names(plain.end(), end, AgentRole.INTERMEDIARY))
        return start, end, []

    def _names(self, start: int, end: int, role: AgentRole, place: str | None = None) -> Iterator[AgentFact]:
        start, end = _trim(self.text, start, end)
        if start >= end:
            return
        names_an_organisation = ORGANISATION_HEADS.search(self.text, start, end)
        if (
            role is AgentRole.SENDER
            and not names_an_organisation
            and (in_place := _IN_PLACE.search(self.text, start, end))
        ):
            found = self.context.gazetteer.lookup(in_place["place"])
            if found is not None:
                place, end = found.id, in_place.start()
        pieces = _split_names(self.text, start, end)
        for piece_start, piece_end in pieces:
            yield from self._name(piece_start, piece_end, role, place)

    def _name(self, start: int, end: int, role: AgentRole, place: str | None) -> Iterator[AgentFact]:
        start, end = _trim(self.text, start, end)
        piece = self.text[start:end]
        via = _VIA_BRACKET.search(piece)
        if via:  # "Stalin [via Kuznetsov]"
            yield from self._names(start + via.start("name"), start + via.end("name"), AgentRole.INTERMEDIARY)
            end = start + via.start()
            piece = self.text[start:end]
        if not re.search(r"[^\W\d_]{2,}", re.sub(r"(?i)\bno\b|№", "", piece)):
            return  # "№ 476": a number, nobody's name
        gloss = _GLOSS.match(piece)
        written, identified = (gloss["name"], gloss["gloss"]) if gloss else (piece, None)
        if identified is not None and (seat := self.context.gazetteer.lookup(identified.strip())) is not None:
            place, identified = seat.id, None  # "Maneli (Saigon)": where the writer sits, not who he is
        if not written.strip():
            return
        if written != piece:
            name_end = start + len(written.rstrip())
            evidence = self._evidence(start, end)
            written = self.text[start:name_end]
        else:
            evidence = self._evidence(start, end)
        yield self.context.correspondent(role, _strip_article(written), evidence, self.when, place, identified)

    def _embedded(self, start: int, end: int) -> Iterator[EmbeddedMessageFact]:
        to = _top_level(self.text, " to ", start, end)
        if to is None:
            return
        sender = next(iter(self._names(start, to, AgentRole.SENDER)), None)
        recipient = next(iter(self._names(to + 4, end, AgentRole.RECIPIENT)), None)
        yield EmbeddedMessageFact(sender, recipient, None, (self._evidence(start, end),))


def _translators(
    document: Document, citation: Field, context: ExtractionContext, when: PartialDate | None
) -> Iterator[AgentFact]:
    match = _TRANSLATED.search(citation.value)
    if not match:
        return
    offset = match.start("names")
    names = match["names"]
    for piece_start, piece_end in _split_names(names, 0, len(names)):
        s, e = _trim(names, piece_start, piece_end)
        if s < e:
            evidence = evidence_in_field(document, citation, offset + s, offset + e, RULE)
            yield context.agent(AgentRole.TRANSLATOR, names[s:e], evidence, when)


def _depth(text: str, index: int) -> int:
    depth = 0
    for ch in text[:index]:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
    return depth


def _top_level(text: str, needle: str, start: int, end: int) -> int | None:
    lowered = text.lower()
    position = lowered.find(needle, start, end)
    while position != -1:
        if _depth(text, position) == 0:
            return position
        position = lowered.find(needle, position + 1, end)
    return None


def _split_top_level(text: str, separator: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces, depth, piece_start = [], 0, start
    for index in range(start, end):
        ch = text[index]
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif depth == 0 and text.startswith(separator, index):
            pieces.append((piece_start, index))
            piece_start = index + len(separator)
    pieces.append((piece_start, end))
    return pieces


def _split_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split "A, B and C" / "A or B" / "A & B" at bracket depth 0."""
    pieces: list[tuple[int, int]] = []
    for seg_start, seg_end in _split_top_level(text, ",", start, end):
        cursor = seg_start
        for match in re.finditer(r"\s+(?:and|or|&)\s+", text[seg_start:seg_end], re.IGNORECASE):
            at = seg_start + match.start()
            following = text[seg_start + match.end() : seg_end]
            if joins_an_organ_name(text[cursor:at], re.split(r"\s+(?:and|or|&)\s+", following, maxsplit=1)[0]):
                continue  # "Division of Soviet and East European Affairs": one organ's name
            if _depth(text, at) == 0:
                pieces.append((cursor, at))
                cursor = seg_start + match.end()
        pieces.append((cursor, seg_end))
    return [p for p in pieces if text[p[0] : p[1]].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    strip = " \t\n,.;:\"'“”«»"
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def _strip_article(name: str) -> str:
    return re.sub(r"^(?:the|to|for)\s+", "", name.strip(), flags=re.IGNORECASE)
