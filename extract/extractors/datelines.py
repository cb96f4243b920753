"""Dates in the text: when it was written, sent, received, and each clerical step.

    1 октября 1950г. / 13 July 1950 (beside the signature)        written
    Передано т.Булганину / 1.X.50г. в 3ч.00м.                      sent (transmitted)
    From BEIJING Received 12:15 / 3.10.1950                        received
    Из ПЕКИНА получена " 12 " ч. " 15 " м " 3 " 10 1950 г.
    Лоступила 03.15 13.7.50  (OCR for "Поступила")
    Расп. Араушкин 12.50 3.10 / Dec[iphered by] Araushkin ...      deciphered, by whom, when
    Отп. Доронченкова 13.20 3.10 / Typ[ed by] ...                  typed
    Верно: майор Мокров / 13.9.51                                   certified

Dates without a year ("3 июля", "3.10") take the year of the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cablegraph.extract.context import ExtractionContext, document_date
from cablegraph.extract.dates import PartialDate, find_dates
from cablegraph.extract.document import Document, TextVersion
from cablegraph.extract.facts import (
    AgentRole,
    DateFact,
    DateKind,
    Evidence,
    Fact,
    HandlingAction,
    HandlingFact,
    evidence_in,
)
from cablegraph.extract.textutil import Line, split_lines

RULE = "dates.v1"

_RECEIVED = re.compile(r"(?i)(?:received|получен[аоы]?|поступил[аи]?|лоступил[аи]?|принят[аоы]?)\b")
_RECEIVED_FORM = re.compile(
    r"(?i)получен\w*\s*[\"“]?\s*(?P<h>\d{1,2})\s*[\"”]?\s*ч\.?\s*[\"“]?\s*(?P<m>\d{1,2})\s*[\"”]?\s*м\.?\s*"
    r"[\"“]?\s*(?P<day>\d{1,2})\s*[\"”]?\s*(?P<month>\d{1,2})\s+(?P<year>\d{4})"
)
_SENT_TIME = re.compile(r"(?i)\s*(?:г\.?)?\s*в\s*(?P<h>\d{1,2})\s*ч\.?\s*(?P<m>\d{2})\s*м\.?")
_TRANSMITTED = re.compile(r"(?:[Пп]ередано|[Tt]ransmitted\s+to|[Ff]orwarded\s+to)")
_TIME = re.compile(r"(?<![\d.])(?P<h>[01]?\d|2[0-3])[.:](?P<m>[0-5]\d)(?!\d|\.\d)")
_SHORT_DATE = re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})(?:\.(?P<year>\d{2,4}))?\.?(?![\d])")
_HANDLING = [
    (HandlingAction.DECIPHERED, re.compile(r"(?i)^\s*(?:расп\.|расшифровал\w*|dec\[iphered\s+by\]|deciphered\s+by)\s*")),
    (HandlingAction.TYPED, re.compile(r"(?i)^\s*(?:отп\.|напечатал\w*|typ\[ed\s+by\]|typed\s+by)(?!\s*(?:\d+|один|одна|два|три|\w+\s+)?\s*экз)\s*")),
    (HandlingAction.CERTIFIED, re.compile(r"(?i)^\s*(?:верно|проверил\w*|certified(?:\s+by)?|verified\s+by|true\s+copy)\s*:?\s*")),
]
_RANKS = {
    "майор", "подполковник", "полковник", "капитан", "лейтенант", "генерал", "зам", "заместитель", "начальник",
    "начальника", "отдела", "смены", "нач", "shift", "chief", "major", "colonel", "captain", "lieutenant",
    "deputy", "head", "section", "department", "of", "the", "by", "at", "ше",
}


def extract_datelines(document: Document, context: ExtractionContext) -> Iterator[Fact]:
    when = document_date(document)
    year = when.year if when else None
    for version in document.body_versions:
        lines = split_lines(version.text)
        yield from _received(version, lines, year)
        yield from _sent(version, lines, year)
        yield from _handling(version, lines, year, context)
        yield from _written(version, lines, year, context)


def _complete(date: PartialDate, year: int | None) -> PartialDate:
    return date.with_year(year) if year is not None else date


def _evidence(version: TextVersion, start: int, end: int, confidence: float) -> tuple[Evidence, ...]:
    return (evidence_in(version, start, end, RULE, confidence),)


def _short_date(text: str, year: int | None) -> tuple[PartialDate, re.Match[str]] | None:
    for match in _SHORT_DATE.finditer(text):
        day, month = int(match["day"]), int(match["month"])
        if 1 <= day <= 31 and 1 <= month <= 12:
            y = int(match["year"]) if match["year"] else year
            if y is not None and y < 100:
                y += 1900
            return PartialDate(y, month, day), match
    return None


def _received(version: TextVersion, lines: list[Line], year: int | None) -> Iterator[Fact]:
    for index, line in enumerate(lines):
        form = _RECEIVED_FORM.search(line.text)
        if form:
            date = PartialDate(int(form["year"]), int(form["month"]), int(form["day"]))
            yield DateFact(DateKind.RECEIVED, date, _evidence(version, line.start + form.start(), line.start + form.end(), 0.9))
            yield HandlingFact(HandlingAction.RECEIVED, None, date, f"{int(form['h']):02d}:{form['m']}", _evidence(version, line.start + form.start(), line.start + form.end(), 0.9))
            continue
        cue = _RECEIVED.search(line.text)
        if not cue or re.match(r"(?i)\s*(?:your|ваш|вашу|ваша)", line.text[cue.end() :]):
            continue
        if not (_TIME.search(line.text, cue.end()) or len(line.text.strip()) < 40):
            continue  # "I received your telegram of ..." is a reference, not a receipt mark
        window = [line, *[lines[i] for i in range(index + 1, min(len(lines), index + 4)) if lines[i].text.strip()][:1]]
        for candidate in window:
            text = candidate.text[cue.end() :] if candidate is line else candidate.text
            offset = candidate.start + (cue.end() if candidate is line else 0)
            found = [m for m in find_dates(text) if m.date.year]
            short = None if found else _short_date(re.sub(_TIME, lambda m: " " * len(m.group()), text, count=1), year)
            if found:
                date, start, end = found[0].date, offset + found[0].start, offset + found[0].end
            elif short:
                date, start, end = short[0], offset + short[1].start(), offset + short[1].end()
            else:
                continue
            time = _TIME.search(line.text[cue.end() :])
            yield DateFact(DateKind.RECEIVED, date, _evidence(version, start, end, 0.85))
            time_text = f"{int(time['h']):02d}:{time['m']}" if time else None
            yield HandlingFact(HandlingAction.RECEIVED, None, date, time_text, _evidence(version, line.start + cue.start(), end, 0.85))
            break


def _sent(version: TextVersion, lines: list[Line], year: int | None) -> Iterator[Fact]:
    for index, line in enumerate(lines):
        if not _TRANSMITTED.search(line.text):
            continue
        following = [line, *[lines[i] for i in range(index + 1, min(len(lines), index + 3))]]
        for candidate in following:
            found = find_dates(candidate.text)
            if not found:
                continue
            match = found[0]
            end = candidate.start + match.end
            time = _SENT_TIME.match(candidate.text, match.end)
            if time:
                end = candidate.start + time.end()
            date = _complete(match.date, year)
            yield DateFact(DateKind.SENT, date, _evidence(version, candidate.start + match.start, end, 0.85))
            break


def _handling(version: TextVersion, lines: list[Line], year: int | None, context: ExtractionContext) -> Iterator[Fact]:
    for index, line in enumerate(lines):
        for action, cue in _HANDLING:
            match = cue.match(line.text)
            if not match:
                continue
            rest = line.text[match.end() :]
            person = _clerk(rest)
            time = _TIME.search(rest)
            date_source = rest[time.end() :] if time else rest
            dated = _short_date(date_source, year)
            if dated is None:  # the date may stand on the next line ("отп. Степанова / 13.9.51 г.")
                following = next((lines[i] for i in range(index + 1, min(len(lines), index + 3)) if lines[i].text.strip()), None)
                dated = _date_line(following.text, year) if following is not None else None
                end = following.end if dated else line.end
            else:
                end = line.end
            agent = None
            if person is not None:
                name, offset = person
                start = line.start + match.end() + offset
                evidence = evidence_in(version, start, start + len(name), RULE, 0.8)
                agent = context.agent(AgentRole.HANDLER, name, evidence, dated[0] if dated else None)
            if agent is None and dated is None:
                break  # "Проверил: Нач. смены -": a blank form field says nothing
            time_text = f"{int(time['h']):02d}:{time['m']}" if time else None
            yield HandlingFact(action, agent, dated[0] if dated else None, time_text, _evidence(version, line.start, end, 0.8))
            break


def _date_line(text: str, year: int | None) -> tuple[PartialDate, object] | None:
    """A line that is only a date: "13.9.51", "\" 3 \" июля 1951 г."."""
    stripped = text.strip(" .\"'«»“”г")
    found = find_dates(stripped)
    if len(found) == 1 and len(stripped) - (found[0].end - found[0].start) <= 6:
        return _complete(found[0].date, year), found[0]
    if re.fullmatch(r"[\d.\s]+", stripped):
        return _short_date(stripped, year)
    return None


def _clerk(rest: str) -> tuple[str, int] | None:
    """The clerk's name after a handling cue: the last capitalised word that is not a rank."""
    found = None
    for match in re.finditer(r"[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё\[\]-]{2,}", rest):
        word = match.group().strip("[]")
        if word.lower().strip(".") in _RANKS:
            continue
        found = (match.group(), match.start())
        if _TIME.search(rest[match.end() :]):  # the name comes before the time
            break
    return found


def _written(version: TextVersion, lines: list[Line], year: int | None, context: ExtractionContext) -> Iterator[Fact]:
    """A date on a line of its own near the signature (within three lines)."""
    signature_lines = [
        i for i, line in enumerate(lines)
        if i >= len(lines) // 2
        and context.names.find(line.text)
        and len(re.sub(r"[\[(][^\])]*[\])]", "", line.text).strip()) < 40
    ]
    for index, line in enumerate(lines):
        stripped = line.text.strip(" .\"'«»“”[]")
        found = find_dates(stripped)
        if len(found) != 1 or len(stripped) - (found[0].end - found[0].start) > 6:
            continue
        if not any(abs(index - s) <= 3 for s in signature_lines) or any(cue.match(lines[index - 1].text) for _, cue in _HANDLING if index):
            continue
        offset = line.start + line.text.index(stripped)
        date = _complete(found[0].date, year)
        yield DateFact(DateKind.WRITTEN, date, _evidence(version, offset + found[0].start, offset + found[0].end, 0.85))
