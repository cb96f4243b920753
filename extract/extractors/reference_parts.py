"""The parts of a reference mention after its anchor: the number list ("No. 811, 812-813"), the
dates ("of 8 September", "от 11 и 12 июня"), a date just before or relative to the document
("today's report"), and the small text measures the forms need (sentence, receipt verb, clause end).

Separate from the forms (`reference_forms`) because every form reads its numbers and dates the
same way; this is the one place that knows how.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import replace

from cablegraph.extract.context import unknown_person_id
from cablegraph.extract.dates import PartialDate, find_dates
from cablegraph.extract.extractors.reference_patterns import (
    AFTER_DATE_NUMBER,
    DATE_CUE,
    DATE_JOIN,
    NUMBER,
    NUMBER_JOIN,
    NUMBER_MARK,
    OPT_SPACE,
    SPACE,
    TWO_DAYS,
)


def numbers_at(text: str, pos: int, bare_ok: bool, gap: bool = False) -> tuple[list[str], int]:
    """The number list at `pos`: "No. 811, 812-813", "#1405/sh", "390 and 392, and 393 and 398"."""
    head = re.match(
        rf"(?:{SPACE}|,{SPACE}|{OPT_SPACE}\(|{OPT_SPACE})?(?:(?:special|cipher|ciphered|outgoing|incoming){SPACE})?(?P<mark>{NUMBER_MARK})?{OPT_SPACE}(?=\d)",
        text[pos : pos + 40],
        re.I,
    )
    if head is None or (not head["mark"] and not bare_ok):
        return [], pos
    at = pos + head.end()
    if not head["mark"] and looks_like_date(text, at):
        return [], pos
    numbers: list[str] = []
    end = pos
    for _ in range(12):
        num = re.match(NUMBER, text[at : at + 40])
        if num is None:
            break
        if not head["mark"] and len(num.group().split("/")[0].split(".")[0]) < 2:
            break
        numbers.extend(_expand(num.group()))
        end = at + num.end()
        join = NUMBER_JOIN.match(text, end, min(len(text), end + 20))
        if join is None or looks_like_date(text, join.end()):
            break
        at = join.end()
    return numbers, end


def numbers_after_date(text: str, pos: int) -> tuple[list[str], int]:
    """ "от 23.03.1944 г. за № 135/к": a number written after the date."""
    mark = AFTER_DATE_NUMBER.match(text, pos, min(len(text), pos + 40))
    if mark is None:
        return [], pos
    numbers, end = numbers_at(text, mark.end(), bare_ok=True, gap=True)
    return (numbers, end) if numbers else ([], pos)


def _expand(number: str) -> list[str]:
    """ "812-813" names two telegrams; "1405/sh" and "066.621" are one."""
    number = clean_number(number)
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


def clean_number(number: str) -> str:
    return re.sub(r"\s", "", number).rstrip("/-.")


def looks_like_date(text: str, pos: int) -> bool:
    found = find_dates(text[pos : pos + 30])
    return bool(found) and found[0].start == 0


def dates_after(
    text: str, pos: int, when: PartialDate | None, cue: bool = True, skip: int = 0
) -> tuple[list[PartialDate], int]:
    """Dates introduced at `pos` ("of 8 September", "dated September 26 and October 3",
    "от 11 и 12 июня", ", respectively sent on 29 October [1962] and 1 November [1962]")."""
    if cue:
        lead = DATE_CUE.match(text, pos, min(len(text), pos + 60))
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
    two = TWO_DAYS.match(window)
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
    for previous, following in itertools.pairwise(found):
        if len(dates) >= 6 or not DATE_JOIN.match(window[previous.end : following.start]):
            break
        dates.append(_complete(following.date, when))
        end = following.end
    tail = re.match(r"[^\S\n]{0,2}(?:\[\d{4}\]|г\.|года)", window[end : end + 10])
    if tail:
        end += tail.end()
    return dates, at + end


def relative_date(match: re.Match[str], when: PartialDate | None) -> PartialDate | None:
    """ "today's report", "сегодняшнего Вашего доклада": the document's date (or the day before)."""
    words = " ".join(filter(None, (match["pre"], match["adj"]))).lower()
    if when is None or when.day is None or not words:
        return None
    if "today" in words or "сегодняшн" in words:
        return when
    if "yesterday" in words or "вчерашн" in words:
        if when.year is None or when.month is None:
            return None  # no day before a date without its year (this raised TypeError before)
        day = datetime.date(when.year, when.month, when.day) - datetime.timedelta(days=1)
        return PartialDate(day.year, day.month, day.day)
    return None


def date_just_before(text: str, pos: int, when: PartialDate | None) -> PartialDate | None:
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


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], at most 200 characters either side."""
    left = text[max(0, start - 200) : start]
    cut = max(left.rfind(". "), left.rfind("\n\n"), left.rfind(".\n"))
    right = text[end : end + 200]
    stop = min((i for i in (right.find(". "), right.find("\n\n"), right.find(".\n")) if i != -1), default=len(right))
    return left[cut + 1 :] + text[start:end] + right[:stop]


def verb_start(text: str, pos: int) -> int:
    """Start of the receipt verb (and the word after it) just before `pos`."""
    before = text[max(0, pos - 30) : pos]
    verb = re.search(
        r"(?i)(?:получ\w{0,6}|вручил\w{0,2}|поступил\w{0,2}|пришл\w{0,2})[^\S\n]{1,3}(?:\w{1,12}[^\S\n]{1,3})?$", before
    )
    return pos - len(before) + verb.start() if verb else pos


def batch_end(text: str, pos: int) -> int:
    """ "48 telegrams between 22 and 31 [October] from the Embassy": the mention, to the clause's end."""
    right = text[pos : pos + 100]
    stop = re.search(r"[.;:(\n]|,[^\S\n]", right)
    return pos + (stop.start() if stop else len(right))


def unknown_party(written: str) -> str:
    return unknown_person_id(re.sub(r"[\[\]]", "", written))


def under_address(text: str, pos: int) -> bool:
    """The line before `pos` (skipping blank ones) is an address in capitals ("SOVIET AMBASSADOR")."""
    before = text[max(0, pos - 200) : pos].rstrip()
    line = before[before.rfind("\n") + 1 :].strip()
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)
