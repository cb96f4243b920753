"""Dates as telegrams write them, with the precision they were written with.

"12 сентября 1951 года", "1.X.50", "30.X 1962", "1 XII 63", "13.7.50", "3.10.1950", "3 July", "October 03, 1950",
"July 1951", "1948". Two-digit years are 19xx; a date without a year can be
completed from context by `PartialDate.with_year`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_RU_STEMS = (
    ("январ", 1), ("феврал", 2), ("март", 3), ("апрел", 4), ("ма", 5), ("июн", 6), ("июл", 7),
    ("август", 8), ("сентябр", 9), ("октябр", 10), ("ноябр", 11), ("декабр", 12),
)  # fmt: skip
_RU_ENDINGS = {"", "а", "е", "я", "ь", "ю", "й", "и"}
_ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
}


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int | None
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        if self.year is None:
            return "undated"
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str | None:
        """ISO 8601 at the known precision: YYYY-MM-DD, YYYY-MM or YYYY.

        >>> PartialDate(1950, 10).iso()
        '1950-10'
        """
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def with_year(self, year: int) -> PartialDate:
        return self if self.year is not None else replace(self, year=year)


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    date: PartialDate
    form: str  # "words-en", "words-ru", "numeric", "roman"


_EN_MONTH_RE = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_YEAR = r"(?P<year>1[89]\d\d)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "words-en",
        re.compile(rf"\b(?P<month>{_EN_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.I),
    ),
    (
        "words-en",
        re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_EN_MONTH_RE})\.?,?(?:\s+{_YEAR})?\b", re.I),
    ),
    ("words-en", re.compile(rf"\b(?P<month>{_EN_MONTH_RE})\.?,?\s+{_YEAR}\b", re.I)),
    (
        "words-en",
        re.compile(rf"\b(?P<month>{_EN_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d)", re.I),
    ),
    (
        "words-ru",
        re.compile(
            rf"(?<![\w.])(?:[\"«“]\s*)?(?P<day>\d{{1,2}})(?:\s*[\"»”])?\s+(?P<month>[А-Яа-яЁё]{{3,9}})(?:\s+{_YEAR}\s*(?:г(?:ода|од|\.)?)?)?(?!\w)"
        ),
    ),
    ("words-ru", re.compile(rf"(?<!\w)(?P<month>[А-Яа-яЁё]{{3,9}})\s+{_YEAR}\s*(?:г(?:ода|од|\.)?)?(?!\w)")),
    (
        "roman",
        re.compile(
            r"(?<![\w.])(?P<day>\d{1,2})\.(?P<month>XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)(?:\.{1,2} ?| )(?P<year>\d{2}|\d{4})(?!\d)"
        ),
    ),
    # "1 XII 63" in a cable's header line: single spaces, a capital Roman month, a year
    (
        "roman",
        re.compile(
            r"(?<![\w.])(?P<day>\d{1,2}) (?P<month>XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I) (?P<year>19\d\d|[2-9]\d)(?![\w.])"
        ),
    ),
    ("numeric", re.compile(r"(?<![\w.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.{1,2}(?P<year>\d{4}|\d{2})(?![\d.]\d)")),
]


def _month(token: str, form: str) -> int | None:
    if form == "words-en":
        return _EN_MONTHS.get(token.lower().rstrip("."))
    if form == "roman":
        return _ROMAN.get(token.upper())
    if form == "numeric":
        return int(token)
    low = token.lower()
    for stem, number in _RU_STEMS:
        if low.startswith(stem) and low[len(stem) :] in _RU_ENDINGS:
            if stem == "ма" and low not in {"май", "мая", "мае"}:
                continue
            return number
    return None


def _year(token: str | None) -> int | None:
    if token is None:
        return None
    year = int(token)
    return 1900 + year if year < 100 else year


def _valid(date: PartialDate) -> bool:
    if date.month is not None and not 1 <= date.month <= 12:
        return False
    if date.day is not None and not 1 <= date.day <= 31:
        return False
    return date.year is None or 1850 <= date.year <= 1999


def find_dates(text: str) -> list[DateMatch]:
    """Every date written in `text`, leftmost-longest, without overlaps.

    >>> [m.date.iso() for m in find_dates("Получено 13.7.50 и 1 октября 1950 г.")]
    ['1950-07-13', '1950-10-01']
    """
    found: list[DateMatch] = []
    if not _DIGIT.search(text):
        return found
    absent = {form for form, needs in _FORM_NEEDS.items() if not needs.search(text)}
    for form, pattern in _PATTERNS:
        if form in absent:
            continue
        for match in pattern.finditer(text):
            groups = match.groupdict()
            month = _month(groups["month"], form)
            if month is None:
                continue
            day = int(groups["day"]) if groups.get("day") else None
            date = PartialDate(_year(groups.get("year")), month, day)
            if not _valid(date) or (date.year is None and day is None):
                continue
            found.append(DateMatch(match.start(), match.end(), date, form))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    chosen: list[DateMatch] = []
    for candidate in found:
        if chosen and candidate.start < chosen[-1].end:
            continue
        chosen.append(candidate)
    return chosen


# What a text must hold for a form's patterns to match it, each found in one fast scan: the
# English patterns try a dozen month names at every word boundary (~0.2 s a megabyte each).
_FORM_NEEDS = {
    "words-en": re.compile(r"(?i)jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"),
    "words-ru": re.compile(r"[А-Яа-яЁё]"),
}
_DIGIT = re.compile(r"\d")  # every form has one


def parse_date(text: str) -> PartialDate | None:
    """The date that `text` consists of, or None.

    >>> parse_date("October 03, 1950")
    PartialDate(year=1950, month=10, day=3)
    >>> parse_date("1948")
    PartialDate(year=1948, month=None, day=None)
    """
    stripped = text.strip().strip("*#[](). ")
    if re.fullmatch(r"1[89]\d\d", stripped):
        return PartialDate(int(stripped))
    matches = find_dates(stripped)
    if len(matches) == 1 and matches[0].start == 0 and len(stripped[matches[0].end :].strip(" .,г")) == 0:
        return matches[0].date
    return None
