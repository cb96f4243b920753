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

import datetime
import re
from collections.abc import Iterator
from functools import partial

from cablegraph.extract.context import ExtractionContext, document_date
from cablegraph.extract.dates import DateMatch, PartialDate, find_dates
from cablegraph.extract.document import Document, TextVersion
from cablegraph.extract.extractors.dateline_vocabulary import (
    HANDLING,
    RANKS,
    RECEIVED,
    RECEIVED_FORM,
    RULE,
    SENT_TIME,
    TIME,
    TRANSMITTED,
    complete_date,
    dateline_evidence,
    short_date,
)
from cablegraph.extract.facts import (
    AgentRole,
    DateFact,
    DateKind,
    Fact,
    HandlingAction,
    HandlingFact,
    evidence_in,
)
from cablegraph.extract.textutil import Line, split_lines


def extract_datelines(document: Document, context: ExtractionContext) -> Iterator[Fact]:
    when = document_date(document)
    year = when.year if when else None
    for version in document.body_versions:
        lines = split_lines(version.text)
        yield from _received(version, lines, year)
        yield from _sent(version, lines, year)
        yield from _handling(version, lines, year, context)
        yield from _written(version, lines, when, context)


def _received(version: TextVersion, lines: list[Line], year: int | None) -> Iterator[Fact]:
    for index, line in enumerate(lines):
        form = RECEIVED_FORM.search(line.text)
        if form:
            date = PartialDate(int(form["year"]), int(form["month"]), int(form["day"]))
            yield DateFact(
                DateKind.RECEIVED,
                date,
                dateline_evidence(version, line.start + form.start(), line.start + form.end(), 0.9),
            )
            yield HandlingFact(
                HandlingAction.RECEIVED,
                None,
                date,
                f"{int(form['h']):02d}:{form['m']}",
                dateline_evidence(version, line.start + form.start(), line.start + form.end(), 0.9),
            )
            continue
        cue = RECEIVED.search(line.text)
        if not cue or re.match(r"(?i)\s*(?:your|ваш|вашу|ваша)", line.text[cue.end() :]):
            continue
        if not (TIME.search(line.text, cue.end()) or len(line.text.strip()) < 40):
            continue  # "I received your telegram of ..." is a reference, not a receipt mark
        window = [line, *[lines[i] for i in range(index + 1, min(len(lines), index + 4)) if lines[i].text.strip()][:1]]
        for candidate in window:
            text = candidate.text[cue.end() :] if candidate is line else candidate.text
            offset = candidate.start + (cue.end() if candidate is line else 0)
            found = [m for m in find_dates(text) if m.date.year]
            short = None if found else short_date(re.sub(TIME, lambda m: " " * len(m.group()), text, count=1), year)
            if found:
                date, start, end = found[0].date, offset + found[0].start, offset + found[0].end
            elif short:
                date, start, end = short[0], offset + short[1].start(), offset + short[1].end()
            else:
                continue
            time = TIME.search(line.text[cue.end() :])
            yield DateFact(DateKind.RECEIVED, date, dateline_evidence(version, start, end, 0.85))
            time_text = f"{int(time['h']):02d}:{time['m']}" if time else None
            yield HandlingFact(
                HandlingAction.RECEIVED,
                None,
                date,
                time_text,
                dateline_evidence(version, line.start + cue.start(), end, 0.85),
            )
            break


def _sent(version: TextVersion, lines: list[Line], year: int | None) -> Iterator[Fact]:
    for index, line in enumerate(lines):
        if not (TRANSMITTED.search(line.text) or _SENT_CUE.match(line.text)):
            continue
        following = [line, *[lines[i] for i in range(index + 1, min(len(lines), index + 3))]]
        for candidate in following:
            found = find_dates(candidate.text)
            if not found:
                continue
            match = found[0]
            end = candidate.start + match.end
            time = SENT_TIME.match(candidate.text, match.end)
            if time:
                end = candidate.start + time.end()
            date = complete_date(match.date, year)
            yield DateFact(DateKind.SENT, date, dateline_evidence(version, candidate.start + match.start, end, 0.85))
            break


def _handling(version: TextVersion, lines: list[Line], year: int | None, context: ExtractionContext) -> Iterator[Fact]:
    for index, line in enumerate(lines):
        if line.text.isspace() or not line.text:
            continue
        for action, cue in HANDLING:
            match = cue.match(line.text)
            if not match:
                continue
            rest = line.text[match.end() :]
            person = _clerk(rest)
            time = TIME.search(rest)
            date_source = rest[time.end() :] if time else rest
            dated: tuple[PartialDate, object] | None = short_date(date_source, year)
            if dated is None:  # the date may stand on the next line ("отп. Степанова / 13.9.51 г.")
                following = next(
                    (lines[i] for i in range(index + 1, min(len(lines), index + 3)) if lines[i].text.strip()), None
                )
                dated = _date_line(following.text, year) if following is not None else None
                end = following.end if following is not None and dated else line.end
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
            yield HandlingFact(
                action, agent, dated[0] if dated else None, time_text, dateline_evidence(version, line.start, end, 0.8)
            )
            break


def _date_line(text: str, year: int | None) -> tuple[PartialDate, object] | None:
    """A line that is only a date: "13.9.51", "\" 3 \" июля 1951 г."."""
    stripped = text.strip(" .\"'«»“”г")
    found = find_dates(stripped)
    if len(found) == 1 and len(stripped) - (found[0].end - found[0].start) <= 6:
        return complete_date(found[0].date, year), found[0]
    if re.fullmatch(r"[\d.\s]+", stripped):
        return short_date(stripped, year)
    return None


def _clerk(rest: str) -> tuple[str, int] | None:
    """The clerk's name after a handling cue: the last capitalised word that is not a rank."""
    found = None
    for match in re.finditer(r"[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё\[\]-]{2,}", rest):
        word = match.group().strip("[]")
        if word.lower().strip(".") in RANKS:
            continue
        found = (match.group(), match.start())
        if TIME.search(rest[match.end() :]):  # the name comes before the time
            break
    return found


# The written/sent date of the text, by how surely a line gives it (lower is surer):
#   0  a labelled date                         "Date: 30.X 1962", "Дата: 3 мая 1949 г."
#   1  a dispatch date: with a time, or cued   "1 сентября 1941 г. 06 ч. 40 мин.", "Sent 22.10.62 at 18:00"
#   2  beside the signature, a place dateline, "5.XI.62" (near the signature), "Beijing, 3 November 1970",
#      a document heading that ends in a date  "Телеграмма Хрущева Микояну, 3 апреля 1956 г."
#   3  a line of its own that is only a date, starts with one ("5 ноября 1943 года.ЛИЧНО ..."),
#      or ends in one set off by punctuation ("... г-ну Ф. Рузвельту. 29 октября 1944 года.")
_LABELLED = re.compile(r"(?i)^[\s*#]*(?:date|dated|дата|датировано)\s*[:.]")
_SENT_CUE = re.compile(r"(?i)^[\s*]*(?:sent|dispatched|despatched|отправлен[аоы]?|послан[аоы]?)(?![^\W\d_])\s*:?")
_AFTER_TIME = re.compile(
    r"(?i)[\s.,г]*(?:(?:в|at)\s*)?(?:\d{1,2}\s*ч\.?\s*\d{1,2}\s*м(?:ин)?\.?|\d{1,2}[:.]\d{2}(?:\s*(?:hrs?|h|am|pm))?(?![\d.])|\d{1,2}h\d{2})"
)
_TIME_LINE = re.compile(r"(?i)\s*(?:в\s*)?\d{1,2}\s*ч\.?\s*\d{1,2}\s*м(?:ин)?\.?\s*$")
_DOC_HEADING = re.compile(
    r"(?i)^[\s*#«\"]*(?:шифр)?(?:телеграмма|директива|письмо|послание|записка|донесение|приказ|распоряжение|радиограмма|"
    r"ciphered\s+telegram|telegram|cable|cablegram|letter|message|note|directive|report|memorandum)(?![^\W\d_])"
)
_PLACE_LINE = re.compile(r"^[\s*«\"]*(?P<place>[A-ZА-ЯЁ][\w'’-]+(?: [A-ZА-ЯЁ][\w'’-]+)?)\s*,[ \t]*")
_PLACE_BEFORE = re.compile(r"(?<![\w-])(?P<place>[A-ZА-ЯЁ][a-zа-яё'’-]+),[ \t]+$")
_REFERENCE_BEFORE = re.compile(
    r"(?i)(?:^|\s)(?:от|of|on|from|dated|до|к|by|since|с|в|in|until|till|after|before|после|of\s+the|получено?|received|вручил\w*)\s*$"
)


def _written(
    version: TextVersion, lines: list[Line], when: PartialDate | None, context: ExtractionContext
) -> Iterator[Fact]:
    """The date the text bears: the surest candidate line (see above), only that one."""
    best = min(_written_candidates(lines, when, context), default=None)
    if best is not None:
        _, _, date, start, end = best
        yield DateFact(DateKind.WRITTEN, date, dateline_evidence(version, start, end, 0.85))


_Candidate = tuple[float, int, PartialDate, int, int]  # (rank, line index, date, start, end)


def _written_candidates(
    lines: list[Line], when: PartialDate | None, context: ExtractionContext
) -> Iterator[_Candidate]:
    """(rank, line index, date, start, end) for each line that gives the text's date."""
    signature_lines = [
        i for i, line in enumerate(lines)
        if i >= len(lines) // 2 and line.text and not line.text.isspace()
        and len(re.sub(r"[\[(][^\[\]()]*[\])]", "", line.text).strip()) < 60
        and context.names.find(line.text)
    ]  # fmt: skip
    line_dates = [find_dates(line.text) if any(c.isdigit() for c in line.text) else [] for line in lines]
    context_year = when.year if when is not None and when.year is not None else _context_year(line_dates)
    _candidate = partial(_dated_candidate, when=when)
    for index, line in enumerate(lines):
        text = line.text
        if not line_dates[index]:
            continue
        if index and any(cue.match(lines[index - 1].text) for _, cue in HANDLING):
            continue  # "Отп. Степанова / 13.9.51": a clerk's date
        if any(cue.match(text) for _, cue in HANDLING):
            continue
        found = [m for m in line_dates[index] if m.date.day is not None]
        if RECEIVED.match(text.lstrip(" *")):  # the receipt date is not the written one; a dateline may follow
            found = [m for m in found[1:] if _place_dated(text, m, context)]
            if found:
                yield _candidate(2, index, line, found[0], context_year)
            continue
        if not found:
            continue
        near_signature = any(abs(index - s) <= 3 for s in signature_lines)
        ranked = _ranked_date(lines, index, found, near_signature, context)
        if ranked is not None:
            yield _candidate(ranked[0], index, line, ranked[1], context_year)


def _ranked_date(
    lines: list[Line], index: int, found: list[DateMatch], near_signature: bool, context: ExtractionContext
) -> tuple[int, DateMatch] | None:
    """How surely the line at `index` gives the text's date (the ranks above), and which of its dates."""
    text = lines[index].text
    first = found[0]
    labelled = _LABELLED.match(text)
    if labelled and not text[labelled.end() : first.start].strip(" *\t"):
        return 0, first
    sent = _SENT_CUE.match(text)
    if sent and not text[sent.end() : first.start].strip(" \t:,"):
        return 1, first
    if not text[: first.start].strip(" \t*«»\"'“”[]"):  # the line starts with the date
        rank = _leading_date_rank(lines, index, first, near_signature)
        return (rank, first) if rank is not None else None
    place = _PLACE_LINE.match(text)
    if (
        place
        and place.end() == first.start
        and len(text[first.end :].strip(" .,;:\"'»”")) <= 6
        and not re.fullmatch(r"(?i)(?:от|of|on|dated|from|received|получено?|date|дата)", place["place"])
    ):
        return 2, first
    dated = next((m for m in found if _place_dated(text, m, context)), None)
    if dated is not None:
        return 2, dated
    return _trailing_date(text, found[-1])


def _leading_date_rank(lines: list[Line], index: int, first: DateMatch, near_signature: bool) -> int | None:
    """The rank of a line that starts with a date: a dispatch time after it, beside the signature,
    alone on its line, or opening a sentence ("5 ноября 1943 года.ЛИЧНО ...")."""
    text = lines[index].text
    after = text[first.end :]
    following = next((lines[i].text for i in range(index + 1, min(len(lines), index + 3)) if lines[i].text.strip()), "")
    if _AFTER_TIME.match(after) or (not after.strip(" .,г\"'»”]") and _TIME_LINE.match(following)):
        return 1
    if len(after.strip(" .,;:\"'«»“”[]")) <= 6 or near_signature:
        return 2 if near_signature else 3
    if first.date.year is not None and len(text) <= 400 and re.match(r"[\s.,;:]*[A-ZА-ЯЁ«\"]", after):
        return 3
    return None


def _trailing_date(text: str, last: DateMatch) -> tuple[int, DateMatch] | None:
    """A full date that ends a short line: a document heading's ("Телеграмма Хрущева Микояну, 3 апреля
    1956 г.") or one set off by punctuation ("... г-ну Ф. Рузвельту. 29 октября 1944 года.")."""
    tail = text[last.end :].strip(" .,;:\"'»”)")
    if tail or last.date.year is None or len(text) > 200:
        return None
    before = text[: last.start]
    if _DOC_HEADING.match(text) and not _REFERENCE_BEFORE.search(before):
        return 2, last
    if re.search(r"[.,;:–—][\s\u00a0]*$", before) and not _REFERENCE_BEFORE.search(before.rstrip(" .,;:–—")):
        return 3, last
    return None


def _place_dated(text: str, match: DateMatch, context: ExtractionContext) -> bool:
    """ "... Москва, 12 октября 1942 года": a full date right after a known place and a comma."""
    if match.date.year is None:
        return False
    inline = _PLACE_BEFORE.search(text[max(0, match.start - 40) : match.start])
    return inline is not None and context.gazetteer.lookup(inline["place"]) is not None


def _dated_candidate(
    rank: int, index: int, line: Line, match: DateMatch, year: int | None, when: PartialDate | None
) -> _Candidate:
    date = _month_first(complete_date(match.date, year), match.form, when)
    return (rank + (0.5 if date.year is None else 0), index, date, line.start + match.start, line.start + match.end)


def _month_first(date: PartialDate, form: str, when: PartialDate | None) -> PartialDate:
    """ "Dispatched 10.04.63" on a page dated 4 October 1963: a translator wrote the month first.

    A numeric date is read day first unless read month first it falls within a week of the page's
    date and day first it does not.
    """
    if form != "numeric" or when is None or when.year is None or when.month is None or when.day is None:
        return date  # (a page date without its year or month raised TypeError here before)
    if date.year is None or date.month is None or date.day is None:
        return date
    if date.day > 12 or date.day == date.month:
        return date
    swapped = PartialDate(date.year, date.day, date.month)
    try:
        page = datetime.date(when.year, when.month, when.day)
        as_read = abs((datetime.date(date.year, date.month, date.day) - page).days)
        other = abs((datetime.date(date.year, date.day, date.month) - page).days)
    except ValueError:
        return date
    return swapped if other <= 7 < as_read else date


def _context_year(line_dates: list[list[DateMatch]]) -> int | None:
    """The year most of the text's full dates are in, for a date written without one."""
    years: dict[int, int] = {}
    for found in line_dates:
        for match in found:
            if match.date.year is not None and 1900 <= match.date.year <= 1999:
                years[match.date.year] = years.get(match.date.year, 0) + 1
    return max(years, key=lambda y: (years[y], -y)) if years else None
