"""Telegram numbers in the text, each with its kind; disagreements are kept, not resolved.

    ШИФРТЕЛЕГРАММА № 25199 / CIPHERED TELEGRAM No. 25199 / Продолжение шифртелеграммы №   cipher
    Вх. № 3594/ис / Incoming Nº 2924/shs                                                   incoming
    № 2270 3.10 / No. 340/III (beside the signature)                                        outgoing
    отп. Степанова 13.9.51 г. / № 1908 ; Typed by ... / Nº 5369                               dispatch

Copy numbers (Экз. № 1), page marks (№148, I) and archival folio numbers are not
telegram numbers and are not reported here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cablegraph.extract.context import ExtractionContext
from cablegraph.extract.document import Document
from cablegraph.extract.facts import NumberFact, NumberKind, evidence_in
from cablegraph.extract.textutil import split_lines

RULE = "numbers.v1"

_NO = r"(?:№|N[º°o]?\.?|No\.?|Nº|#)"
_VALUE = r"(?P<value>\d[\d\-]*(?:/[\wА-Яа-я]+)?)"
_CIPHER = re.compile(
    rf"(?im)^[ \t*#]*(?:продолжение\s+|continuation\s+of\s+(?:the\s+)?)?"
    rf"(?:шифр\s*телеграмм\w*|ciphered\s+telegram|cipher\s+telegram|coded\s+telegram|cable|telegram)\s*{_NO}\s*{_VALUE}"
)
_INCOMING = re.compile(rf"(?i)(?:вх\.|входящ\w*|incoming)\s*{_NO}?\s*{_VALUE}")
_STANDALONE = re.compile(rf"^\s*{_NO}\s*{_VALUE}\.?(?:\s+\d{{1,2}}\.\d{{1,2}}(?:\.\d{{2,4}})?\.?)?\s*$")
_DISPATCH_CUE = re.compile(r"(?i)^\s*(?:отп\.|typed\s+by|typ\[ed|напечатано)")
_SIGNATURE_NEAR = 4  # lines between a signature and the sender's own number


def extract_numbers(document: Document, context: ExtractionContext) -> Iterator[NumberFact]:
    for version in document.body_versions:
        text = version.text
        for match in _CIPHER.finditer(text):
            yield NumberFact(_normalise(match["value"]), NumberKind.CIPHER, (evidence_in(version, match.start("value"), match.end("value"), RULE, 0.95),))
        for match in _INCOMING.finditer(text):
            yield NumberFact(_normalise(match["value"]), NumberKind.INCOMING, (evidence_in(version, match.start("value"), match.end("value"), RULE, 0.9),))
        yield from _standalone_numbers(version, context)


def _standalone_numbers(version, context: ExtractionContext) -> Iterator[NumberFact]:
    """A number alone on its line: the dispatch number after the typist's mark, or the sender's
    own number beside the signature (the nearest one, preferring one written with a date)."""
    lines = split_lines(version.text)
    candidates = []
    for index, line in enumerate(lines):
        match = _STANDALONE.match(line.text)
        if not match:
            continue
        previous = [lines[i].text for i in range(max(0, index - 3), index) if lines[i].text.strip()]
        if any(_DISPATCH_CUE.search(p) for p in previous[-2:]):
            yield _number(version, line, match, NumberKind.DISPATCH, 0.8)
        else:
            candidates.append((index, line, match))
    for signature in _signature_lines(lines, context):
        near = [c for c in candidates if abs(c[0] - signature) <= _SIGNATURE_NEAR]
        if near:
            index, line, match = min(near, key=lambda c: (not _dated(c[1].text, c[2]), abs(c[0] - signature), c[0] > signature))
            yield _number(version, line, match, NumberKind.OUTGOING, 0.8)


def _dated(text: str, match: re.Match[str]) -> bool:
    return bool(re.search(r"\d\.\d", text[match.end("value") :]))


def _number(version, line, match: re.Match[str], kind: NumberKind, confidence: float) -> NumberFact:
    start, end = line.start + match.start("value"), line.start + match.end("value")
    return NumberFact(_normalise(match["value"]), kind, (evidence_in(version, start, end, RULE, confidence),))


def _signature_lines(lines, context: ExtractionContext) -> list[int]:
    """Indexes of lines that are a known name on their own (with a gloss or a full stop)."""
    found = []
    for index, line in enumerate(lines):
        stripped = re.sub(r"[\[(][^\[\]()]*[\])]", "", line.text).strip(" .\"'«»“”")
        if 2 < len(stripped) < 40 and context.names.find(stripped) and not re.search(r"\d", stripped):
            mention = context.names.find(stripped)[0]
            if mention.start == 0 and mention.end >= len(stripped) - 1:
                found.append(index)
    return found


def _normalise(value: str) -> str:
    return value.rstrip("-.")
