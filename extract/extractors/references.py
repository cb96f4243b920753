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
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from cablegraph.extract.context import ExtractionContext, document_date, unknown_person_id
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

ADDRESSEE, WRITER, OTHER = "addressee", "writer", "other"

_S = r"[^\S\n]{1,3}"  # a bounded run of spaces within a line
_SN = r"\s{1,4}"  # a bounded run of whitespace, line breaks included
_O = r"[^\S\n]{0,3}"

# Message nouns. Russian stems take any ending.
_NOUN_EN = (
    r"(?:cipher(?:ed)?[ \-]telegrams?|ciphered[ \-]cables?|telegrams?|cables?|messages?|letters?|notes?|reports?"
    r"|dispatch(?:es)?|despatch(?:es)?|wires?|communications?|radiograms?|telexes|telex|memorand(?:um|a))"
)
_NOUN_RU = (
    r"(?:шифртелеграмм\w{0,3}|шифрованн\w{0,3}[ ]телеграмм\w{0,3}|телеграмм\w{0,3}|шифровк\w{0,3}|шифровок"
    r"|послани\w{0,3}|письм\w{0,3}|писем|сообщени\w{0,3}|доклад\w{0,3}|донесени\w{0,3}|записк\w{0,3}|записок"
    r"|радиограмм\w{0,3}|депеш\w{0,3})"
)
_NOUN = rf"(?:{_NOUN_EN}|{_NOUN_RU})"
_TALK = r"(?:conversations?|talks?)(?=[^\S\n]{1,3}with\b)"  # "Your conversations with Gromyko": the report of them

_ADJ = (
    r"(?:last|latest|previous|earlier|recent|final|personal|special|secret|urgent|above|above-mentioned"
    r"|aforementioned|same|first|second|third|two|three|four|both|separate|official|presidential"
    r"|today's|yesterday's|today’s|yesterday’s|respective"
    r"|последн\w{1,4}|предыдущ\w{1,4}|сегодняшн\w{1,4}|вчерашн\w{1,4}|личн\w{1,4}|специальн\w{1,4}"
    r"|указанн\w{1,4}|вышеуказанн\w{1,4}|упомянут\w{1,4}|ответн\w{1,4}|особ\w{1,4}|срочн\w{1,4}|секретн\w{1,4}"
    r"|шифрованн\w{1,4}|телеграфн\w{1,4}|первое|первую|первой|второе|вторую|второй|оба|обе|двух|две|два)"
)

_PRONOUN = (
    r"(?P<pron>yours|ours|your|my|our|his|her|their"
    r"|ваш(?:а|е|его|ей|ему|им|ем|у|и|их|ими)?|мо(?:й|я|ё|е|его|ей|ему|им|ём|ем|ю|и|их|ими)"
    r"|наш(?:а|е|его|ей|ему|им|ем|у|и|их|ими)?|его|её|ее|их)"
)

_MARK = r"(?:Nos?\.|Nr\.|No(?=[^\S\n]{0,2}\d)|№№|№|Nº|N°|N\.|#)"
_NUM = r"\d{1,7}(?:\.\d{1,6})?(?:/[A-Za-zА-Яа-я]{1,4}\b|/[IVX]{1,4}\b|/\d{1,4})?(?:[^\S\n]?-[^\S\n]?\d{1,7}\b)?"

# A pronoun phrase: "your special no. 1328", "Ваше последнее послание", "сегодняшнего Вашего доклада".
_PRONOUN_PHRASE = re.compile(
    rf"(?=[YyMmOoHhTtВвМмНнЕеИиСсПп])(?<![\w\-])(?:(?P<pre>today'?s|yesterday'?s|today’s|yesterday’s|сегодняшн\w{{1,4}}|вчерашн\w{{1,4}}|последн\w{{1,4}}|предыдущ\w{{1,4}}){_S})?"
    rf"{_PRONOUN}(?![\w\-])"
    rf"(?:{_S}(?P<adj>{_ADJ}(?:{_S}{_ADJ})?))?"
    rf"(?:{_S}\[?(?P<noun>{_NOUN}|{_TALK})\]?(?!\w))?",
    re.IGNORECASE,
)

# A cue that makes a following number a reference even without a pronoun.
_CUE = re.compile(
    r"(?=[IiWwRrFfВвОоСсНнКкAa])(?<![\w\-])(?P<cue>in[^\S\n]{1,3}(?:response|reply|answer|addition)[^\S\n]{1,3}to|with[^\S\n]{1,3}reference[^\S\n]{1,3}to"
    r"|referring[^\S\n]{1,3}to|referencing|reference:?|further[^\S\n]{1,3}to|following[^\S\n]{1,3}up[^\S\n]{1,3}on"
    r"|(?:reply|answer|response)[^\S\n]{1,3}to|re:|re\.|ref\.?:?"
    r"|в[^\S\n]{1,3}ответ[^\S\n]{1,3}на|ответ[^\S\n]{1,3}на|ссылаясь[^\S\n]{1,3}на|в[^\S\n]{1,3}дополнение[^\S\n]{1,3}к"
    r"|на[^\S\n]{1,3}(?=№)|к[^\S\n]{1,3}(?=№))(?!\w)[^\S\n]{0,3}",
    re.IGNORECASE,
)
# "To No. 1726" / "To # 0890" / "to 0247 -INA" on a line of its own.
_TO_LINE = re.compile(
    rf"(?m)^[^\S\n]{{0,8}}(?P<cue>to|на|к)[^\S\n]{{1,3}}(?:(?P<mark>{_MARK})[^\S\n]{{0,2}})?(?P<num>{_NUM})"
    rf"(?=[^\S\n]{{0,3}}(?:-[^\S\n]?[A-Za-zА-Яа-я]{{1,6}})?[^\S\n]{{0,3}}[.;]?[^\S\n]{{0,3}}$)",
    re.IGNORECASE,
)
_DETERMINER = r"(?:the|a|an|these|those|that|both|its|two|three|four|five|several|all|\d{1,4})"
# A message noun with a determiner or a count: "the two cables", "48 telegrams", "a personal message".
_NOUN_PHRASE = re.compile(
    rf"(?=[TtAaBbIiFfSs0-9])(?<![\w\-])(?P<det>{_DETERMINER}(?:{_S}(?:two|three|four|five|\d{{1,4}}))?)(?=[^\S\n]{{1,3}}[A-Za-z])(?:{_S}(?P<adj>{_ADJ}(?:{_S}{_ADJ})?))?{_S}"
    rf"(?P<noun>{_NOUN_EN})(?![\w\-])",
    re.IGNORECASE,
)
# Someone's message: "Comrade Shtykov's telegram", "Khrush-chev's letter".
_POSSESSIVE = re.compile(
    rf"(?P<owner>(?<![\w\-])[A-Z][\w\-]{{1,30}}(?:{_S}\[[A-Z][\w.\- ]{{0,20}}\])?)['’]s(?:{_S}(?P<adj>{_ADJ}(?:{_S}{_ADJ})?))?{_S}(?P<noun>{_NOUN_EN})(?![\w\-])"
)
# A Russian message noun without a pronoun; taken when received ("получена телеграмма от Мао") or dated.
_RU_NOUN = re.compile(rf"(?=[ШшТтПпСсДдЗзРр])(?<![\w\-])(?P<noun>{_NOUN_RU})(?![\w\-])", re.IGNORECASE)
_SEPARATE = re.compile(
    rf"(?=[IiOoBbWwUuОо])(?<![\w\-])(?:(?:in|on|by|with|under){_S}(?:a{_S})?separate{_S}(?:telegram|cable|message|letter)s?"
    rf"|отдельн\w{{1,4}}{_S}(?:телеграмм\w{{0,3}}|шифровк\w{{0,3}}|шифртелеграмм\w{{0,3}}|письм\w{{0,3}}))(?!\w)",
    re.IGNORECASE,
)
# A bare "1304/sh." on its own line under the address of an outgoing cable: the telegram answered.
_ANSWERED_LINE = re.compile(r"(?m)^[^\S\n]{0,8}(?P<num>\d{2,7}/(?:sh|ш|shs|шс))\.?[^\S\n]{0,3}$")

_RECEIVED = re.compile(
    r"(?<![\w\-])(?:received|receipt|got|came[^\S\n]{1,3}in|has[^\S\n]{1,3}come|have[^\S\n]{1,3}come|arrived|reached"
    r"|получ\w{0,6}|вручил\w{0,2}|вручен\w{0,2}|поступил\w{0,2}|пришл\w{0,2}|пришед\w{0,3})(?!\w)",
    re.IGNORECASE,
)
_SENT = re.compile(
    r"(?<![\w\-])(?:sent|send|sending|dispatched|conveyed|transmitted|forwarded|delivered|handed|посла\w{0,4}|направ\w{0,6}|отправ\w{0,6})(?!\w)",
    re.IGNORECASE,
)
_FORWARDED = re.compile(
    r"(?:copy|copies|text|texts|копи\w{0,2}|текст\w{0,2})[^\S\n]{1,3}(?:of[^\S\n]{1,3})?$", re.IGNORECASE
)
_NOT_EARLIER = re.compile(
    r"(?:this|the[^\S\n]{1,3}present|the[^\S\n]{1,3}following|following|present|attached|enclosed|next|настоящ\w{1,4}|следующ\w{1,4}|данн\w{1,4})[^\S\n]{1,3}$",
    re.IGNORECASE,
)
_DATE_CUE = re.compile(
    rf"(?:[^\S\n]{{0,2}},)?{_S}(?:(?:respectively|both){_S})?(?:(?:sent|dated|written|received|delivered|transmitted){_S}(?:on{_S})?|of{_S}|from{_S}(?=\d|[A-Z][a-z]{{2,8}}\.?{_S}\d)|on{_S}|от{_S}|из{_S}(?=\d))",
    re.IGNORECASE,
)
_DATE_JOIN = re.compile(
    r"^(?:[^\S\n]{0,2}\[?\d{4}\]?)?[^\S\n]{0,2}(?:г\.|года)?[^\S\n]{0,2}(?:,[^\S\n]{0,2}(?:and|и)?|and|и|&|или|or)[^\S\n]{0,3}$",
    re.I,
)
_NUMBER_JOIN = re.compile(
    rf"[^\S\n]{{0,2}}(?:,|and|и|&|,[^\S\n]{{0,2}}and|,[^\S\n]{{0,2}}и)[^\S\n]{{0,2}}(?:{_MARK}[^\S\n]{{0,2}})?(?=\d)",
    re.I,
)
_TWO_DAYS = re.compile(
    r"(?P<first>\d{1,2})[^\S\n]{0,2}(?:и|and|,|&)[^\S\n]{0,2}(?P<second>\d{1,2})[^\S\n]{1,3}(?P<rest>\S{3,12}(?:[^\S\n]{1,3}\d{4})?)"
)
_AFTER_DATE_NUMBER = re.compile(
    rf"[^\S\n]{{0,2}}(?:г\.|года|г)?[^\S\n]{{0,2}}[,(]?[^\S\n]{{0,2}}(?:за|under|No\.?)?[^\S\n]{{0,2}}{_MARK}[^\S\n]{{0,2}}(?=\d)",
    re.IGNORECASE,
)
_NAME_AFTER = re.compile(
    r"[^\S\n]{1,3}(?P<prep>from|to|by|от|к)[^\S\n]{1,3}(?:the[^\S\n]{1,3})?(?P<name>\[?[A-ZА-ЯЁ][^\s,;:()/]{0,30}(?:[^\S\n]{1,3}\[?[A-ZА-ЯЁ][^\s,;:()/]{0,30}){0,6})"
)
# Mentions without a number or a date ("your letter", "Your conversations with ...", "the letter to
# U Thant", "48 telegrams") are references too; the shape of a described telegram warns that such
# a one cannot be linked (shapes/telegram.ttl), and the document loads.
IMPLICIT_REFERENCES = True


@dataclass
class _Mention:
    start: int
    end: int  # end of the evidence
    numbers: list[str]
    dates: list[PartialDate]
    voice: str
    sender: str | None = None
    recipient: str | None = None
    bare: bool = False  # no number and no date: "your telegram"


def extract_references(document: Document, context: ExtractionContext) -> Iterator[Fact]:
    when = _when(document)
    facts: list[ReferenceFact] = []
    for version in document.body_versions:
        text = version.text
        names = _Names(context, text)
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
            for number in mention.numbers or [None]:
                for date in mention.dates or [None]:
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


class _Names:
    """Known names in a window of the text, looked up only where a mention needs one."""

    def __init__(self, context: ExtractionContext, text: str) -> None:
        self.context, self.text = context, text

    def target(self, start: int, end: int) -> str | None:
        try:
            found = self.context.names.find(self.text[start:end])
        except Exception:  # noqa: BLE001 - a failed name lookup must not lose the reference
            return None
        return next((m.candidates[0].target for m in found if m.candidates), None)


MAX_MENTIONS = 400  # per text version; no telegram cites more, and it bounds the work on junk
MAX_ANCHORS = 3000  # candidate anchors of one form read per text version, for the same reason


def _mentions(text: str, when: PartialDate | None, names: _Names) -> list[_Mention]:
    found: list[_Mention] = []
    starts: list[int] = []
    ends: dict[int, int] = {}

    def free(start: int, end: int) -> bool:
        at = bisect.bisect_right(starts, start)
        if at and ends[starts[at - 1]] > start:
            return False
        return not (at < len(starts) and starts[at] < end)

    def add(mention: _Mention | None) -> None:
        if mention is None or mention.end <= mention.start or len(found) >= MAX_MENTIONS:
            return
        if not free(mention.start, mention.end):
            return
        bisect.insort(starts, mention.start)
        ends[mention.start] = mention.end
        found.append(mention)

    # Most specific first: a cue with a number, the pronoun phrases, then the looser forms.
    for tried, match in enumerate(_CUE.finditer(text)):
        if len(found) >= MAX_MENTIONS or tried >= MAX_ANCHORS:
            break
        if not free(match.start(), match.start() + 1):
            continue
        add(_cue_mention(text, match, when))
    for match in _TO_LINE.finditer(text):
        if match["mark"] or not _looks_like_date(text, match.start("num")):
            add(_Mention(match.start("cue"), match.end("num"), [_clean(match["num"])], [], ADDRESSEE))
    for tried, match in enumerate(_PRONOUN_PHRASE.finditer(text)):
        if len(found) >= MAX_MENTIONS or tried >= MAX_ANCHORS:
            break
        if not free(match.start(), match.start() + 1):
            continue
        add(_pronoun_mention(text, match, when))
    for tried, match in enumerate(_POSSESSIVE.finditer(text)):
        if len(found) >= MAX_MENTIONS or tried >= MAX_ANCHORS:
            break
        if not free(match.start(), match.start() + 1):
            continue
        add(_possessive_mention(text, match, when, names))
    for tried, match in enumerate(_NOUN_PHRASE.finditer(text)):
        if len(found) >= MAX_MENTIONS or tried >= MAX_ANCHORS:
            break
        if not free(match.start(), match.start() + 1):
            continue
        add(_noun_phrase_mention(text, match, when, names))
    for tried, match in enumerate(_RU_NOUN.finditer(text)):
        if len(found) >= MAX_MENTIONS or tried >= MAX_ANCHORS:
            break
        if not free(match.start(), match.start() + 1):
            continue
        add(_ru_noun_mention(text, match, when, names))
    for match in _SEPARATE.finditer(text):
        add(_Mention(match.start(), match.end(), [], [], WRITER, bare=True))
    for match in _ANSWERED_LINE.finditer(text):
        if _under_address(text, match.start()):
            add(_Mention(match.start("num"), match.end("num"), [_clean(match["num"])], [], ADDRESSEE))
    found.sort(key=lambda m: m.start)
    return _drop_repeated_bare(found)


def _drop_repeated_bare(mentions: list[_Mention]) -> list[_Mention]:
    """A bare "your telegram" next to a numbered or dated one of the same voice repeats it."""
    cited = {m.voice for m in mentions if not m.bare and (m.numbers or m.dates) and m.voice != OTHER}
    return [m for m in mentions if not (m.bare and m.voice in cited and m.voice != OTHER and not m.sender)]


# --- the forms ------------------------------------------------------------------------------


def _cue_mention(text: str, match: re.Match[str], when: PartialDate | None) -> _Mention | None:
    pos = match.end()
    pron = _PRONOUN_PHRASE.match(text, pos)
    if pron and pron.end() > pos:
        mention = _pronoun_mention(text, pron, when)
        if mention is not None:
            mention.start = match.start()
        return mention
    # "the no. 73 cipher telegram", "No. 1", "1405/sh", "шифровку от 23.03.1944 г. за № 135/к"
    the = re.match(rf"(?:the{_S})?(?:(?P<adj>{_ADJ}){_S})?", text[pos : pos + 40], re.I)
    at = pos + (the.end() if the else 0)
    numbers, end = _numbers(text, at, bare_ok=match["cue"].lower().startswith(("re", "ref")))
    if numbers:
        tail = re.match(rf"{_S}(?:{_ADJ}{_S})?{_NOUN}(?!\w)", text[end : end + 40], re.I)
        if tail:
            end += tail.end()
        dates, end = _dates_after(text, end, when)
        return _Mention(match.start(), end, numbers, dates, ADDRESSEE)
    noun = re.match(rf"(?:{_ADJ}{_S})?(?P<noun>{_NOUN})(?!\w)", text[at : at + 60], re.I)
    if noun:
        end = at + noun.end()
        numbers, end = _numbers(text, end, bare_ok=False, gap=True)
        dates, end = _dates_after(text, end, when)
        if not numbers:
            numbers, end = _numbers_after_date(text, end)
        if numbers or dates:
            return _Mention(match.start(), end, numbers, dates, ADDRESSEE)
    return None


def _pronoun_mention(text: str, match: re.Match[str], when: PartialDate | None) -> _Mention | None:
    pron = match["pron"].lower()
    voice = (
        ADDRESSEE
        if pron.startswith(("ваш", "your"))
        else WRITER
        if pron.startswith(("my", "our", "мо", "наш"))
        else OTHER
    )
    if pron in ("его", "её", "ее", "их", "her") and not match["noun"]:
        return None
    if _NOT_EARLIER.search(text[max(0, match.start() - 20) : match.start()]) or _FORWARDED.search(
        text[max(0, match.start() - 20) : match.start()]
    ):
        return None
    end = match.end()
    numbers, end = _numbers(text, end, bare_ok=bool(match["noun"]) or pron in ("yours", "ours"), gap=True)
    illegible = None
    if not numbers:  # "your No. [number is illegible]"
        illegible = re.match(
            r"[^\S\n]{0,2}(?:No\.?|№|#)?[^\S\n]{0,2}\[[^\]\n]{0,40}illegible[^\]\n]{0,20}\]", text[end : end + 80], re.I
        )
        if illegible:
            end += illegible.end()
    if not numbers and not match["noun"] and not illegible:
        return None
    if numbers and not match["noun"]:  # "your No. 1353 telegram" / "your no. 73 cipher telegram"
        tail = re.match(rf"{_S}(?:{_ADJ}{_S})?{_NOUN}(?!\w)", text[end : end + 40], re.I)
        if tail:
            end += tail.end()
    dates, end = _dates_after(text, end, when)
    if not numbers and dates:
        numbers, end = _numbers_after_date(text, end)
    if not numbers and not dates:
        relative = _relative_date(match, when)
        if relative is not None:
            dates = [relative]
    if not numbers and not dates:
        before = _date_just_before(text, match.start(), when)
        if before is not None:
            dates = [before]
    if voice == OTHER and not numbers and not dates:
        return None
    if match["noun"] and re.match(r"(?i)conversation|talk", match["noun"]) and voice != ADDRESSEE:
        return None
    bare = not numbers and not dates
    if (
        bare
        and re.match(r"[^\S\n]{0,2}:", text[end : end + 4])
        and not re.match(r"(?i)conversation|talk", match["noun"] or "")
    ):
        return None  # "your message:" introduces the quoted message itself
    return _Mention(match.start(), end, numbers, dates, voice, bare=bare)


def _possessive_mention(text: str, match: re.Match[str], when: PartialDate | None, names: _Names) -> _Mention | None:
    owner = match["owner"]
    if owner.lower() in ("today", "yesterday", "it", "one", "that", "this", "last", "week", "month", "year"):
        return None
    end = match.end()
    numbers, end = _numbers(text, end, bare_ok=False, gap=True)
    recipient = None
    to = _NAME_AFTER.match(text, end)
    if to and to["prep"].lower() in ("to", "к"):
        recipient = names.target(to.start("name"), to.end("name")) or _unknown(to["name"])
        end = to.end()
    dates, end = _dates_after(text, end, when)
    sender = names.target(match.start("owner"), match.end("owner")) or _unknown(owner)
    return _Mention(match.start(), end, numbers, dates, OTHER, sender, recipient, bare=not numbers and not dates)


def _noun_phrase_mention(text: str, match: re.Match[str], when: PartialDate | None, names: _Names) -> _Mention | None:
    det = match["det"].lower()
    before = text[max(0, match.start() - 30) : match.start()]
    if _FORWARDED.search(before) or re.search(r"(?i)(?:following|attached|enclosed)[^\S\n]{1,3}$", before):
        return None
    end = match.end()
    numbers, end = _numbers(text, end, bare_ok=False, gap=True)
    sender = recipient = None
    parties_end = end
    for _ in range(2):
        party = _NAME_AFTER.match(text, parties_end)
        if not party:
            break
        who = names.target(party.start("name"), party.end("name")) or _unknown(party["name"])
        if party["prep"].lower() in ("from", "by"):
            sender = who
        elif party["prep"].lower() == "to":
            recipient = who
        else:
            break
        parties_end = party.end()
        respectively = re.match(
            rf"[^\S\n]{{0,2}},?{_S}respectively{_S}on{_S}", text[parties_end : parties_end + 30], re.I
        )
        if respectively:
            dates, after = _dates_after(text, parties_end, when, cue=False, skip=respectively.end())
            if dates:
                parties_end = after
                numbers = numbers or []
                end = parties_end
                more = _NAME_AFTER.match(text, re.match(r"[^\S\n]{0,2},?", text[end:]).end() + end)
                if more and more["prep"].lower() == "to":
                    recipient = names.target(more.start("name"), more.end("name")) or _unknown(more["name"])
                    end = more.end()
                return _Mention(match.start(), end, numbers, dates, OTHER, sender, recipient)
    dates, dates_end = _dates_after(text, parties_end, when)
    if dates:
        parties_end = dates_end
    if not numbers:
        numbers, parties_end = _numbers_after_date(text, parties_end) if dates else ([], parties_end)
    sentence = _sentence(text, match.start(), parties_end)
    plural = det not in ("a", "an") and match["noun"].lower().endswith("s")
    if sender or recipient:
        if (
            det in ("a", "an")
            and not (dates or numbers)
            and not _RECEIVED.search(sentence)
            and not _SENT.search(sentence)
        ):
            return None
        if text[parties_end : parties_end + 3].lstrip().startswith(":"):
            return None  # "a message to Mao:" introduces the message itself
        # someone else's message, or (sent to/received from the writer's side) a message of this correspondence
        voice = OTHER
        return _Mention(
            match.start(), parties_end, numbers, dates, voice, sender, recipient, bare=not numbers and not dates
        )
    if dates or numbers:
        if det in ("a", "an"):
            return None
        return _Mention(match.start(), parties_end, numbers, dates, ADDRESSEE)
    if (
        (det.isdigit() or det in ("two", "three", "four", "five", "several", "both", "all"))
        and plural
        and _RECEIVED.search(sentence)
    ):
        batch_end = _batch_end(text, end)
        return _Mention(match.start(), batch_end, [], [], ADDRESSEE, bare=True)
    return None


def _ru_noun_mention(text: str, match: re.Match[str], when: PartialDate | None, names: _Names) -> _Mention | None:
    before = text[max(0, match.start() - 30) : match.start()]
    if _NOT_EARLIER.search(before) or _FORWARDED.search(before):
        return None
    line_start = text.rfind("\n", 0, match.start()) + 1
    if not text[
        line_start : match.start()
    ].strip():  # a heading line ("Телеграмма Т.Ф. Штыкову ...") names the document itself
        received_before = False
    else:
        received_before = bool(
            re.search(
                r"(?i)(?:получ\w{0,6}|вручил\w{0,2}|поступил\w{0,2}|пришл\w{0,2})[^\S\n]{1,3}(?:\w{1,12}[^\S\n]{1,3})?$",
                before,
            )
        )
    end = match.end()
    numbers, end = _numbers(text, end, bare_ok=False, gap=True)
    dates, end = _dates_after(text, end, when)
    if not numbers:
        numbers, end = _numbers_after_date(text, end) if dates else ([], end)
    sender = None
    if not dates:
        party = _NAME_AFTER.match(text, end)
        if party and party["prep"].lower() == "от" and received_before:
            sender = names.target(party.start("name"), party.end("name")) or _unknown(party["name"])
            end = party.end()
    sentence = _sentence(text, match.start(), end)
    if sender is not None:
        return _Mention(
            match.start() if not received_before else _verb_start(text, match.start()),
            end,
            numbers,
            dates,
            OTHER,
            sender,
        )
    if (dates or numbers) and (received_before or _RECEIVED.search(sentence)):
        start = _verb_start(text, match.start()) if received_before else match.start()
        return _Mention(start, end, numbers, dates, ADDRESSEE)
    return None


# --- parts of a mention ---------------------------------------------------------------------


def _numbers(text: str, pos: int, bare_ok: bool, gap: bool = False) -> tuple[list[str], int]:
    """The number list at `pos`: "No. 811, 812-813", "#1405/sh", "390 and 392, and 393 and 398"."""
    head = re.match(
        rf"(?:{_S}|,{_S}|{_O}\(|{_O})?(?:(?:special|cipher|ciphered|outgoing|incoming){_S})?(?P<mark>{_MARK})?{_O}(?=\d)",
        text[pos : pos + 40],
        re.I,
    )
    if head is None or (not head["mark"] and not bare_ok):
        return [], pos
    at = pos + head.end()
    if not head["mark"] and _looks_like_date(text, at):
        return [], pos
    numbers: list[str] = []
    end = pos
    for _ in range(12):
        num = re.match(_NUM, text[at : at + 40])
        if num is None:
            break
        if not head["mark"] and len(num.group().split("/")[0].split(".")[0]) < 2:
            break
        numbers.extend(_expand(num.group()))
        end = at + num.end()
        join = _NUMBER_JOIN.match(text, end, min(len(text), end + 20))
        if join is None or _looks_like_date(text, join.end()):
            break
        at = join.end()
    return numbers, end


def _numbers_after_date(text: str, pos: int) -> tuple[list[str], int]:
    """ "от 23.03.1944 г. за № 135/к": a number written after the date."""
    mark = _AFTER_DATE_NUMBER.match(text, pos, min(len(text), pos + 40))
    if mark is None:
        return [], pos
    numbers, end = _numbers(text, mark.end(), bare_ok=True, gap=True)
    return (numbers, end) if numbers else ([], pos)


def _expand(number: str) -> list[str]:
    """ "812-813" names two telegrams; "1405/sh" and "066.621" are one."""
    number = _clean(number)
    range_ = re.fullmatch(r"(\d{1,7})\s?-\s?(\d{1,7})", number)
    if range_:
        first, last = range_.group(1), range_.group(2)
        if len(last) < len(first):
            last = first[: len(first) - len(last)] + last
        low, high = int(first), int(last)
        if 0 < high - low <= 9:
            width = len(first)
            return [str(n).zfill(width) for n in range(low, high + 1)]
        return [number]
    return [number]


def _clean(number: str) -> str:
    return re.sub(r"\s", "", number).rstrip("/-.")


def _looks_like_date(text: str, pos: int) -> bool:
    found = find_dates(text[pos : pos + 30])
    return bool(found) and found[0].start == 0


def _dates_after(
    text: str, pos: int, when: PartialDate | None, cue: bool = True, skip: int = 0
) -> tuple[list[PartialDate], int]:
    """Dates introduced at `pos` ("of 8 September", "dated September 26 and October 3",
    "от 11 и 12 июня", ", respectively sent on 29 October [1962] and 1 November [1962]")."""
    if cue:
        lead = _DATE_CUE.match(text, pos, min(len(text), pos + 60))
        if lead is None:
            return [], pos
        at = lead.end()
    else:
        at = pos + skip
    if not re.match(
        r"[^\S\n]{0,2}[\[«\"“]?[^\S\n]{0,2}(?:\d|[A-Za-zА-Яа-я]{3,9}\.?[^\S\n]{1,3}\d)", text[at : at + 20]
    ):
        return [], pos
    window = text[at : at + 120]
    two = _TWO_DAYS.match(window)
    if two:
        first = find_dates(f"{two['first']} {two['rest']}")
        second = find_dates(f"{two['second']} {two['rest']}")
        if first and second and first[0].start == 0 and second[0].start == 0:
            end = at + two.end()
            year = re.match(r"[^\S\n]{0,2}(?:г\.|года)", text[end : end + 8])
            return [_complete(first[0].date, when), _complete(second[0].date, when)], end + (year.end() if year else 0)
    found = find_dates(window)
    if not found or found[0].start > 0:
        return [], pos
    dates = [_complete(found[0].date, when)]
    end = found[0].end
    for previous, following in zip(found, found[1:]):
        if len(dates) >= 6 or not _DATE_JOIN.match(window[previous.end : following.start]):
            break
        dates.append(_complete(following.date, when))
        end = following.end
    tail = re.match(r"[^\S\n]{0,2}(?:\[\d{4}\]|г\.|года)", window[end : end + 10])
    if tail:
        end += tail.end()
    return dates, at + end


def _relative_date(match: re.Match[str], when: PartialDate | None) -> PartialDate | None:
    """ "today's report", "сегодняшнего Вашего доклада": the document's date (or the day before)."""
    words = " ".join(filter(None, (match["pre"], match["adj"]))).lower()
    if when is None or when.day is None or not words:
        return None
    if "today" in words or "сегодняшн" in words:
        return when
    if "yesterday" in words or "вчерашн" in words:
        day = datetime.date(when.year, when.month, when.day) - datetime.timedelta(days=1)
        return PartialDate(day.year, day.month, day.day)
    return None


def _date_just_before(text: str, pos: int, when: PartialDate | None) -> PartialDate | None:
    """ "Only on 18 November (your No. ...)", "вручил мне 25 октября Ваше последнее послание"."""
    window_start = max(0, pos - 40)
    window = text[window_start:pos]
    if not any(c.isdigit() for c in window):
        return None
    found = find_dates(window)
    if not found:
        return None
    last = found[-1]
    if not re.fullmatch(r"[^\S\n]{0,2}(?:г\.|года)?[^\S\n]{0,2}\(?[^\S\n]{0,2}", window[last.end :]):
        return None
    if re.search(r"(?i)(?:of|dated|от|from|sent|,)[^\S\n]{1,3}$", window[: last.start]):
        return None  # the date belongs to something else ("his letter of 9 November (your No. 5)")
    return _complete(last.date, when)


def _complete(date: PartialDate, when: PartialDate | None) -> PartialDate:
    """A date without a year takes the document's year, or the year before if it would fall later."""
    if date.year is None and when is not None and when.year is not None:
        date = date.with_year(when.year)
        if (date.month or 0, date.day or 0) > (when.month or 12, when.day or 31):
            date = replace(date, year=when.year - 1)  # "your telegram of 28 December" in a January telegram
    return date


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], at most 200 characters either side."""
    left = text[max(0, start - 200) : start]
    cut = max(left.rfind(". "), left.rfind("\n\n"), left.rfind(".\n"))
    right = text[end : end + 200]
    stop = min((i for i in (right.find(". "), right.find("\n\n"), right.find(".\n")) if i != -1), default=len(right))
    return left[cut + 1 :] + text[start:end] + right[:stop]


def _verb_start(text: str, pos: int) -> int:
    """Start of the receipt verb (and the word after it) just before `pos`."""
    before = text[max(0, pos - 30) : pos]
    verb = re.search(
        r"(?i)(?:получ\w{0,6}|вручил\w{0,2}|поступил\w{0,2}|пришл\w{0,2})[^\S\n]{1,3}(?:\w{1,12}[^\S\n]{1,3})?$", before
    )
    return pos - len(before) + verb.start() if verb else pos


def _batch_end(text: str, pos: int) -> int:
    """ "48 telegrams between 22 and 31 [October] from the Embassy": the mention, to the clause's end."""
    right = text[pos : pos + 100]
    stop = re.search(r"[.;:(\n]|,[^\S\n]", right)
    return pos + (stop.start() if stop else len(right))


def _unknown(written: str) -> str:
    return unknown_person_id(re.sub(r"[\[\]]", "", written))


def _under_address(text: str, pos: int) -> bool:
    """The line before `pos` (skipping blank ones) is an address in capitals ("SOVIET AMBASSADOR")."""
    before = text[max(0, pos - 200) : pos].rstrip()
    line = before[before.rfind("\n") + 1 :].strip()
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


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
        writer, addressee = (senders[:1] or [None])[0], (recipients[:1] or [None])[0]
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
