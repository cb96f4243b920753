"""The marks of a telegram's date lines: receipt, transmission and handling cues with their
clerks' ranks, the time and the short "3.10" date forms, and how a date completes its year.

Separate from `datelines` because they are vocabulary that the received, sent, handling and
written-date readers there all share, and it changes on its own.
"""

from __future__ import annotations

import re

from cablegraph.extract.dates import PartialDate
from cablegraph.extract.document import TextVersion
from cablegraph.extract.facts import Evidence, HandlingAction, evidence_in

RULE = "dates.v1"

RECEIVED = re.compile(r"(?i)(?:received|получен[аоы]?|поступил[аи]?|лоступил[аи]?|принят[аоы]?)\b")
RECEIVED_FORM = re.compile(
    r"(?i)получен\w*\s*[\"“]?\s*(?P<h>\d{1,2})\s*[\"”]?\s*ч\.?\s*[\"“]?\s*(?P<m>\d{1,2})\s*[\"”]?\s*м\.?\s*"
    r"[\"“]?\s*(?P<day>\d{1,2})\s*[\"”]?\s*(?P<month>\d{1,2})\s+(?P<year>\d{4})"
)
SENT_TIME = re.compile(r"(?i)\s*(?:г\.?)?\s*в\s*(?P<h>\d{1,2})\s*ч\.?\s*(?P<m>\d{2})\s*м\.?")
TRANSMITTED = re.compile(r"(?:[Пп]ередано|[Tt]ransmitted\s+to|[Ff]orwarded\s+to)")
TIME = re.compile(r"(?<![\d.])(?P<h>[01]?\d|2[0-3])[.:](?P<m>[0-5]\d)(?!\d|\.\d)")
_SHORT_DATE = re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})(?:\.(?P<year>\d{2,4}))?\.?(?![\d])")
HANDLING = [
    (
        HandlingAction.DECIPHERED,
        re.compile(r"(?i)^\s*(?:расп\.|расшифровал\w*|dec\[iphered\s+by\]|deciphered\s+by)\s*"),
    ),
    (
        HandlingAction.TYPED,
        re.compile(
            r"(?i)^\s*(?:отп\.|напечатал\w*|typ\[ed\s+by\]|typed\s+by)(?!\s*(?:\d+|один|одна|два|три|\w+\s+)?\s*экз)\s*"
        ),
    ),
    (
        HandlingAction.CERTIFIED,
        re.compile(r"(?i)^\s*(?:верно|проверил\w*|certified(?:\s+by)?|verified\s+by|true\s+copy)\s*:?\s*"),
    ),
]
RANKS = {
    "майор",
    "подполковник",
    "полковник",
    "капитан",
    "лейтенант",
    "генерал",
    "зам",
    "заместитель",
    "начальник",
    "начальника",
    "отдела",
    "смены",
    "нач",
    "shift",
    "chief",
    "major",
    "colonel",
    "captain",
    "lieutenant",
    "deputy",
    "head",
    "section",
    "department",
    "of",
    "the",
    "by",
    "at",
    "ше",
}


def complete_date(date: PartialDate, year: int | None) -> PartialDate:
    return date.with_year(year) if year is not None else date


def dateline_evidence(version: TextVersion, start: int, end: int, confidence: float) -> tuple[Evidence, ...]:
    return (evidence_in(version, start, end, RULE, confidence),)


def short_date(text: str, year: int | None) -> tuple[PartialDate, re.Match[str]] | None:
    for match in _SHORT_DATE.finditer(text):
        day, month = int(match["day"]), int(match["month"])
        if 1 <= day <= 31 and 1 <= month <= 12:
            y = int(match["year"]) if match["year"] else year
            if y is not None and y < 100:
                y += 1900
            return PartialDate(y, month, day), match
    return None
