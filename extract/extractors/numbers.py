"""The document's own telegram numbers, each with its kind; disagreements are kept, not resolved.

Forms read, by the cue that introduces the number (kind in brackets):

    ШИФРТЕЛЕГРАММА № 25199 / CIPHERED TELEGRAM No. 25199 / Ciphergram No. 2019   [cipher]
    CABLE Nº 59363 / TELEGRAM 066.139 / Telegram number 4549/52                     [telegram]
    Директива Ставки ВГК № 001513 (a document type, then capitalised qualifiers)     [telegram]
    Spets Nº 52 / Spec. No. 1643-1644 / Special no. 2054-2056 / Спец. №            [cipher]
    Вх. № 3594/ис / incoming Nº 36261/shs / RECEIVED 13576 / Received (63) No. 564
        / Room Code [63] 5525                                                       [incoming]
    Outgoing Nº 52 / Исх. № 12                                                      [outgoing]
    (61) No. 561 alone on its line (a year prefix, then the number)                 [telegram]
    WASHINGTON 55380 8 50 1 XII 63 (+ a next line of bare numbers: further parts)   [cipher]
    1689 15.II.63 at 12:10 hours (a number opening the line, then a date)           [telegram]
    1062/15124 ciph/12-1-63 (a cipher office's mark)                                [cipher]
    Forwarded via the Department to: Budapest number 20/23 – London number 2780/83  [dispatch]
    To the Central Committee: (United Arab Republic Zhao No. 100) (the sender's serial) [outgoing]
    No. 340/III, № 2270 3.10 alone on a line beside the signature                   [outgoing]
    отп. Степанова 13.9.51 г. / № 1908 ; Typed by ... / Nº 5369                      [dispatch]
    No. 12830 alone on a line among the header's handling marks (Received, Came into
        the Decoding Department ...)                                                [cipher or telegram]

The page title's numbers ("Ciphered Telegram No. 0100, …", "TELEGRAM 066.621 from …",
"… [Ciphergram No. 2019]") are the catalogue extractor's; this one reads the text versions,
with the same kinds (cipher when the type says so, else unstated), so a number printed in
both merges into one fact.

Not the document's own numbers, so not reported: copy numbers (Экз. № 1, Copy No. 12), page and
sheet marks (№148, I), year prefixes ('[63]', '(61)'), publication numbers of a collection (a
bare "№ 222" line heading a document), protocol numbers, and numbers of referenced telegrams
("To No. 1726", "your special no. 1328", "на вашу шифровку ... за № 135/к"), which the
references extractor reads. Relay numbers (the numbers under which the telegram was repeated to
other posts) are reported as dispatch numbers: each is a cipher office's dispatch of the text.

Every pattern is linear in the text: quantifiers over the same characters never touch
(possessive where a run could be split two ways), and line patterns stay on one line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cablegraph.extract.context import ExtractionContext
from cablegraph.extract.document import Document, TextVersion
from cablegraph.extract.facts import NumberFact, NumberKind, evidence_in
from cablegraph.extract.textutil import Line

RULE = "numbers.v1"

_LETTER = "A-Za-zА-Яа-яЁё"
_UPPER = "A-ZА-ЯЁ"
# 4549/52, 600428/sh, 72/III, 2054-2056, 066.621, 135/к, 201-gi; nothing word-like may follow
_VALUE = rf"(?P<value>\d{{1,8}}+(?:[./\-–]\d{{1,8}}+){{0,3}}+(?:[/\-][{_LETTER}]{{1,5}}+)?+)(?!\w)"
_NO = r"(?:№|N[º°o]\.?|n[º°o]\.?|NO\.?|Nos?\.|Nr\.?|nr\.?|no\.)"
_MARKER = rf"(?:{_NO}|(?i:number|num\.)|#)"
_YEAR = r"(?P<year>[\[(]\d{2,4}[\])][ \t]*+)"
_LEAD = r"[ \t*#>•·\-–]{0,12}+"

_TYPE = re.compile(
    rf"(?:(?m:^){_LEAD}|(?<=[\[(]))"
    r"(?P<prefix>(?i:(?:continuation[ \t]+of[ \t]+(?:the[ \t]+)?|продолжение[ \t]+)?"
    r"(?:(?:(?:top[ \t]+)?secret|ciphered|cipher|coded|encrypted|priority|urgent|immediate|cable|outgoing|incoming"
    r"|шифрованн\w{0,3}|секретн\w{0,3}|исходящ\w{0,3}|входящ\w{0,3})[ \t]+){0,3}))"
    r"(?P<type>(?i:telegram|cablegram|cable|cipher[ \t]?gram|radiogram|telex|шифр[ \t]?телеграмм\w{0,3}"
    r"|телеграмм\w{0,3}|радиограмм\w{0,3}|директив\w{0,3}|directive))(?!\w)"
    rf"(?P<qualifiers>(?:[ \t]++[{_UPPER}][\w.]{{0,20}}+){{0,3}}?)"
    rf"(?:[ \t]*+,)?[ \t]*+{_YEAR}?(?P<no>{_MARKER}[ \t]*+)?{_VALUE}"
)
_REGISTER = re.compile(
    r"(?<!\w)(?P<cue>(?i:incoming|inc\.|received|recd\.?|вх\.|входящ\w{0,4}|(?:room|office)[ \t]+code"
    r"|outgoing|out\.|исх\.|исходящ\w{0,4}|spets\.?|spec\.|special|спец\.?))"
    rf"[ \t]*+{_YEAR}?(?P<no>{_NO}[ \t]*+)?{_VALUE}"
)
_DATE_AFTER = r"[ \t]++\d{1,2}\.\d{1,2}(?:\.\d{2,4})?+\.?+"
_STANDALONE = re.compile(rf"^[ \t*]{{0,8}}+{_YEAR}?(?P<no>{_NO})[ \t]*+{_VALUE}\.?+(?P<date>{_DATE_AFTER})?+[ \t]*+$")
_CIPHER_LINE = re.compile(
    rf"^[ \t]*+(?:[{_UPPER}][{_UPPER}'\-]{{2,30}}+[ \t]++){{1,3}}+(?P<value>\d{{3,8}}+)[ \t]++"
    r"(?:\d{1,2}[ \t]++\d{2}[ \t]++)?\d{1,2}[ \t]++[IVX]{1,4}+[ \t]++\d{2,4}+[ \t.]*+$"
)
_PARTS_LINE = re.compile(r"^[ \t]*+\d{3,8}+(?:[ \t]++\d{3,8}+){0,8}+[ \t]*+$")
_NUMBER_DATE_LINE = re.compile(
    r"^[ \t]*+(?P<value>\d{3,8}+(?:/[\w]{1,5}+)?+)[ \t]++\d{1,2}\.(?:[IVX]{1,4}+|\d{1,2}+)\.\d{2,4}+(?![\d.])"
)
_CIPH_MARK = re.compile(r"(?<![\w/.])(?P<value>\d{2,8}+(?:/\d{1,8}+)?+)[ \t]++(?:ciph|шифр)(?=[./ \t]|$)", re.MULTILINE)
_RELAY_LINE = re.compile(
    r"^[ \t]*+(?i:forwarded|repeated|relayed|retransmitted|re-transmitted|communicated|transmitted|répété|transmis|communiqué)\b"
)
_RELAY_NUMBER = re.compile(rf"(?<!\w)(?:(?i:number|nr\.?)|{_NO})[ \t]*+{_VALUE}")
_SERIAL = re.compile(rf"\((?P<inner>[^()\n]{{1,60}}?)[ \t]{_NO}[ \t]*+{_VALUE}\)[ \t.;:]*+$")
_ADDRESS_LINE = re.compile(r"^[ \t]*+(?:To\b|TO\b|Для\b|ДЛЯ\b|Кому\b|КОМУ\b)|:[ \t]*+$")
_NOT_A_TELEGRAM = re.compile(
    r"(?i)\b(?:protocol|resolution|order|decree|document|file|folder|copy|copies|page|sheet|item|point|article|"
    r"paragraph|record|appendix|annex|attachment|law|minutes|fond|delo|list|протокол\w*|постановлени\w*|приказ\w*|"
    r"документ\w*|экз\.?|лист\w*|дело|фонд)\W*$"
)
_REFERENCE_BEFORE = re.compile(
    r"(?i)(?:^|[^\w])(?:your|yours|our|ours|my|his|their|reply|replying|response|answer|re|ref|reference|referring|"
    r"ваш\w*|наш\w*|мо[йеияю]\w*|ответ\w*|на|за|к)(?:[^\w]++\w++)?[^\w]*+$"
)
_DATE_SHAPED = re.compile(r"^\d{1,2}(?:\.\d{1,2}|[./\-]\d{1,2}[./\-]\d{2,4})$")
_DISPATCH_CUE = re.compile(r"(?i)^[ \t]*(?:отп\.|typed[ \t]+by|typ\[ed|напечатано)")
_HANDLING = re.compile(
    r"(?i)(?:dispatched|received|came[ \t]+in|decod|deciph|typed|transmitted|отправ|получен|расшифр|принят|передан)"
)
_CIPHER_CUE = re.compile(r"(?i)(?:cipher|ciphr|decod|deciph|coded|шифр)")
_SIGNATURE_MARK = re.compile(r"(?i)^[ \t]*(?:\[signature\]|\(signed\)|signed\b|/-/|\[подпись\]|подпись\b)")
_INITIALS_NAME = re.compile(rf"^(?:[{_UPPER}]\.[ \t]?){{1,3}}[{_UPPER}][{_LETTER}'’\-]{{1,30}}\.?$")
_INITIALS = re.compile(rf"^(?:[{_UPPER}]\.[ \t]?){{1,3}}")
_LINE = re.compile(r"[^\r\n]+")
_PROSE_WORDS = 15  # a line this long ends the header
_SIGNATURE_NEAR = 3  # non-blank lines between a signature and the sender's own number
_BARE_MIN_DIGITS = 3


def extract_numbers(document: Document, context: ExtractionContext) -> Iterator[NumberFact]:
    for version in document.body_versions:
        yield from _VersionReader(version, context).facts()


class _VersionReader:
    def __init__(self, version: TextVersion, context: ExtractionContext) -> None:
        self.version = version
        self.text = version.text
        self.context = context
        # only the lines with something on them: "near" counts lines of text, not blank ones
        self.lines = [Line(m.group(), m.start()) for m in _LINE.finditer(self.text) if not m.group().isspace()]
        self.nonblank = range(len(self.lines))
        self.signatures: dict[int, bool] = {}
        self.claimed: set[tuple[int, int]] = set()

    def facts(self) -> Iterator[NumberFact]:
        for line_index in self.nonblank:
            line = self.lines[line_index]
            yield from self._relay(line)
            yield from self._cipher_line(line_index)
            match = _NUMBER_DATE_LINE.match(line.text)
            if match:
                yield from self._fact(line.start, match, NumberKind.TELEGRAM, 0.8)
            match = _SERIAL.search(line.text)
            if match and _ADDRESS_LINE.search(line.text[: match.start()]):
                yield from self._serial(line, match)
        yield from self._typed()
        yield from self._registers()
        for match in _CIPH_MARK.finditer(self.text):
            yield from self._fact(0, match, NumberKind.CIPHER, 0.8)
        yield from self._standalone()

    # -- helpers -----------------------------------------------------------------------------
    def _fact(self, base: int, match: re.Match[str], kind: NumberKind, confidence: float) -> Iterator[NumberFact]:
        start, end = base + match.start("value"), base + match.end("value")
        if (start, end) in self.claimed or not _acceptable(match["value"]):
            return
        self.claimed.add((start, end))
        yield NumberFact(_normalise(match["value"]), kind, (evidence_in(self.version, start, end, RULE, confidence),))

    def _line_of(self, offset: int) -> Line:
        low, high = 0, len(self.lines) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.lines[middle].start <= offset:
                low = middle
            else:
                high = middle - 1
        return self.lines[low]

    def _neighbours(self, line_index: int, before: int, after: int) -> list[int]:
        return [
            *range(max(0, line_index - before), line_index),
            *range(line_index + 1, min(len(self.lines), line_index + 1 + after)),
        ]

    # -- rules -------------------------------------------------------------------------------
    def _typed(self) -> Iterator[NumberFact]:
        """ "CIPHERED TELEGRAM No. 25199", "TELEGRAM 066.139", "Директива Ставки ВГК № 001513"."""
        for match in _TYPE.finditer(self.text):
            line = self._line_of(match.start())
            if _is_reference(self.text, line.start, match.start()):
                continue
            if not (match["no"] or match["year"]) and not _bare_ok(match["value"], self.text[match.end() : line.end]):
                continue
            words = f"{match['prefix']} {match['type']}".lower()
            if "outgoing" in words or "исходящ" in words:
                kind = NumberKind.OUTGOING
            elif "incoming" in words or "входящ" in words:
                kind = NumberKind.INCOMING
            elif any(cue in words for cue in ("cipher", "coded", "encrypted", "шифр")):
                kind = NumberKind.CIPHER
            else:
                kind = NumberKind.TELEGRAM
            yield from self._fact(0, match, kind, 0.95 if match["no"] else 0.85)

    def _registers(self) -> Iterator[NumberFact]:
        """Registration, outgoing and special numbers: "Вх. № 3594/ис", "RECEIVED 13576", "Spets Nº 52"."""
        for match in _REGISTER.finditer(self.text):
            line = self._line_of(match.start())
            cue = match["cue"].lower()
            at_line_start = not self.text[line.start : match.start()].strip(" \t*#[(")
            marked = bool(match["no"] or match["year"])
            if _is_reference(self.text, line.start, match.start()):
                continue
            if cue.startswith(("spets", "spec", "спец")):
                if not match["no"]:
                    continue  # "Special Urgency"
                kind = NumberKind.CIPHER
            elif cue.startswith(("outgoing", "out.", "исх")):
                if not marked:
                    continue
                kind = NumberKind.OUTGOING
            else:
                if cue.startswith(("received", "recd")) and not at_line_start:
                    continue  # "we received No. 5" in prose is someone else's telegram
                if not marked and not (at_line_start and _bare_ok(match["value"], self.text[match.end() : line.end])):
                    continue
                kind = NumberKind.INCOMING
            yield from self._fact(0, match, kind, 0.9 if marked else 0.8)

    def _relay(self, line: Line) -> Iterator[NumberFact]:
        """ "Forwarded via the Department to: Budapest number 20/23 – London number 2780/83"."""
        cue = _RELAY_LINE.match(line.text)
        if not cue or not re.search(r"(?i):| to | à ", line.text):
            return
        for match in _RELAY_NUMBER.finditer(line.text, cue.end()):
            if not _is_reference(line.text, 0, match.start()):
                yield from self._fact(line.start, match, NumberKind.DISPATCH, 0.85)

    def _cipher_line(self, line_index: int) -> Iterator[NumberFact]:
        """ "WASHINGTON 55380 8 50 1 XII 63", and a next line of further part numbers "55381 55382"."""
        line = self.lines[line_index]
        match = _CIPHER_LINE.match(line.text)
        if not match:
            return
        yield from self._fact(line.start, match, NumberKind.CIPHER, 0.85)
        following = self._neighbours(line_index, 0, 1)
        if following and _PARTS_LINE.match(self.lines[following[0]].text):
            parts = self.lines[following[0]]
            for part in re.finditer(r"(?P<value>\d{3,8}+)", parts.text):
                if len(part["value"]) == len(match["value"]):
                    yield from self._fact(parts.start, part, NumberKind.CIPHER, 0.8)

    def _serial(self, line: Line, match: re.Match[str]) -> Iterator[NumberFact]:
        """The sender's serial after the address: "To the Central Committee: (Cairo Zhao No. 100)"."""
        inner = match["inner"].strip()
        words = inner.split()
        if not words or not all(word[:1].isupper() for word in words):
            return
        if _NOT_A_TELEGRAM.search(inner) or _REFERENCE_BEFORE.search(inner):
            return
        yield from self._fact(line.start, match, NumberKind.OUTGOING, 0.7)

    def _standalone(self) -> Iterator[NumberFact]:
        """A number alone on its line: after the typist's mark (dispatch), beside the signature
        (the sender's, the nearest one, preferring one written with a date), among the header's
        handling marks, or with a year prefix; a bare "№ 222" heading a document is its number in
        a published collection and is left alone."""
        candidates: dict[int, re.Match[str]] = {}
        for index in self.nonblank:
            line = self.lines[index]
            match = _STANDALONE.match(line.text)
            if not match:
                continue
            before = [self.lines[i].text for i in self._neighbours(index, 2, 0)]
            if any(_DISPATCH_CUE.search(text) for text in before):
                yield from self._fact(line.start, match, NumberKind.DISPATCH, 0.8)
            elif match["year"]:
                yield from self._fact(line.start, match, NumberKind.TELEGRAM, 0.85)
            elif not self._publication(index, match):
                candidates[index] = match
        taken: set[int] = set()
        signatures = sorted(
            {
                s
                for index in candidates
                for s in self._neighbours(index, _SIGNATURE_NEAR, _SIGNATURE_NEAR)
                if self._signature(s)
            }
        )
        for signature in signatures:
            near = [i for i in self._neighbours(signature, _SIGNATURE_NEAR, _SIGNATURE_NEAR) if i in candidates]
            if near:
                index = min(
                    near, key=lambda i: (not candidates[i]["date"], self._distance(i, signature), i > signature)
                )
                taken.add(index)
                yield from self._fact(self.lines[index].start, candidates[index], NumberKind.OUTGOING, 0.8)
        header_end = self._header_end()
        for index, match in candidates.items():
            if index in taken or index > header_end:
                continue
            around = [self.lines[i].text for i in self._neighbours(index, 2, 2)]
            if any(_HANDLING.search(text) for text in around):
                cipher = any(_CIPHER_CUE.search(text) for text in around)
                kind = NumberKind.CIPHER if cipher else NumberKind.TELEGRAM
                yield from self._fact(self.lines[index].start, match, kind, 0.75)

    def _distance(self, first: int, second: int) -> int:
        return abs(first - second)

    def _publication(self, index: int, match: re.Match[str]) -> bool:
        """A plain "№ 476" right above an upper-case heading, with no signature just before it."""
        if not match["value"].isdigit() or match["date"]:
            return False
        following = self._neighbours(index, 0, 1)
        if not following or not _is_heading(self.lines[following[0]].text):
            return False
        return not any(self._signature(i) for i in self._neighbours(index, 2, 0))

    def _header_end(self) -> int:
        for index in self.nonblank:
            if len(self.lines[index].text.split()) >= _PROSE_WORDS:
                return index
        return len(self.lines)

    def _signature(self, index: int) -> bool:
        """A line that is a name on its own (with initials, a gloss or a full stop), or a signature mark."""
        if index not in self.signatures:
            self.signatures[index] = self._is_signature(self.lines[index].text)
        return self.signatures[index]

    def _is_signature(self, text: str) -> bool:
        if len(text) > 80:
            return False
        if _SIGNATURE_MARK.match(text):
            return True
        stripped = re.sub(r"[\[(][^\[\]()]{0,80}[\])]", "", text).strip(" \t.\"'«»“”*")
        if not 2 < len(stripped) < 40 or re.search(r"\d", stripped):
            return False
        if _INITIALS_NAME.match(stripped):
            return True
        name = _INITIALS.sub("", stripped)
        mentions = self.context.names.find(name) if len(name) > 2 else []
        return bool(mentions) and mentions[0].start == 0 and mentions[0].end >= len(name) - 1


def _is_heading(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(text.split()) >= 2 and len(letters) >= 8 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _is_reference(text: str, line_start: int, cue_start: int) -> bool:
    window = text[max(line_start, cue_start - 40) : cue_start]
    return bool(_REFERENCE_BEFORE.search(window))


def _bare_ok(value: str, rest: str) -> bool:
    """A number with no "No." after its cue: long enough, and the line goes on with nothing but a
    date or time."""
    if sum(ch.isdigit() for ch in value) < _BARE_MIN_DIGITS:
        return False
    rest = rest.strip()
    if not rest:
        return True
    return bool(re.match(r"[\d,;:()\[\]]", rest))


def _acceptable(value: str) -> bool:
    return not _DATE_SHAPED.match(value)


def _normalise(value: str) -> str:
    return value.rstrip("-.")
