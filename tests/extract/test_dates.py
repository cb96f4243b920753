import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablegraph.extract import PartialDate, find_dates, parse_date

RU_GENITIVE = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"]
EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("12 сентября 1951 года", "1951-09-12"),
        ("1 октября 1950г.", "1950-10-01"),
        ("1.X.50", "1950-10-01"),
        ("1.X..50 г.", "1950-10-01"),
        ("13.7.50", "1950-07-13"),
        ("3.10.1950", "1950-10-03"),
        ("2.10.50", "1950-10-02"),
        ("October 03, 1950", "1950-10-03"),
        ("September 12, 1951", "1951-09-12"),
        ("13 July 1950", "1950-07-13"),
        ("July 1951", "1951-07"),
        ("1948", "1948"),
        ("май 1949 г.", "1949-05"),
    ],
)
def test_parse_date_forms(text, iso):
    assert parse_date(text).iso() == iso


def test_dates_without_year_keep_their_precision():
    [match] = find_dates("Вашу телеграмму от 3 июля получили.")
    assert match.date == PartialDate(None, 7, 3)
    assert match.date.iso() is None
    assert match.date.with_year(1951).iso() == "1951-07-03"


def test_find_dates_gives_spans():
    text = "Получена 13.7.50, ответ от 1 октября 1950 г."
    found = find_dates(text)
    assert [text[m.start : m.end] for m in found] == ["13.7.50", "1 октября 1950 г."]


@pytest.mark.parametrize("text", ["No. 25199", "ll. 99-103", "12.50 3.10", "ШИФРТЕЛЕГРАММА № 54", "38 параллели", "мая-то"])
def test_non_dates_are_not_dates(text):
    assert parse_date(text) is None


dates = st.builds(
    lambda y, m, d: (y, m, d),
    st.integers(1945, 1960),
    st.integers(1, 12),
    st.integers(1, 28),
)


@given(dates, st.sampled_from(["ru", "en", "en-us", "numeric", "roman", "short"]))
def test_written_dates_round_trip(date, form):
    year, month, day = date
    text = {
        "ru": f"{day} {RU_GENITIVE[month - 1]} {year} года",
        "en": f"{day} {EN[month - 1]} {year}",
        "en-us": f"{EN[month - 1]} {day:02d}, {year}",
        "numeric": f"{day}.{month}.{year}",
        "roman": f"{day}.{ROMAN[month - 1]}.{year % 100:02d}",
        "short": f"{day}.{month}.{year % 100:02d}",
    }[form]
    assert parse_date(text) == PartialDate(year, month, day)
    [match] = find_dates(f"Получено {text}. Конец.")
    assert match.date == PartialDate(year, month, day)
