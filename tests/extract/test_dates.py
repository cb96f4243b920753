import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablegraph.extract import PartialDate, find_dates, parse_date

RU_GENITIVE = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
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


@pytest.mark.parametrize(
    "text", ["No. 25199", "ll. 99-103", "12.50 3.10", "ШИФРТЕЛЕГРАММА № 54", "38 параллели", "мая-то"]
)
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


# --- the text's own date (datelines) ---------------------------------------------------------

import time

from hypothesis import settings

from cablegraph.extract import DateFact, DateKind, DocumentParseError, parse_document, run_extractors

from .helpers import MEGABYTE_SECONDS, export_document


def dated(context, text, kind=DateKind.WRITTEN, document=None):
    doc = document or parse_document(text, doc_id="d")
    facts = [f for f in run_extractors(doc, context, ["dates.v1"]).facts if isinstance(f, DateFact) and f.kind is kind]
    for fact in facts:
        for evidence in fact.evidence:
            assert doc.version(evidence.version).text[evidence.start : evidence.end] == evidence.quote
    return [(f.date.iso() if f.date.year else f.date, f.evidence[0].quote) for f in facts]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ШИФРТЕЛЕГРАММА\n\nDate: 30.X 1962\n\nThe meeting is set for Tuesday.\n", [("1962-10-30", "30.X 1962")]),
        (
            "Товарищу Молотову.\n\nВстреча состоится завтра утром.\n\nПрошу указаний.\n\nДоложу дополнительно.\n\nА. ГРОМЫКО\n\n5.XI.62\n",
            [("1962-11-05", "5.XI.62")],
        ),
        (
            "Товарищу Сталину.\n\nДокладываю о выполнении поручения.\n\nПрошу указаний.\n\nДоложу дополнительно.\n\n29 апреля 1948 года\n",
            [("1948-04-29", "29 апреля 1948 года")],
        ),
        (
            "Ministry of Foreign Affairs\n\nBeijing, 3 November 1970\n\nThe ambassador called on the minister.\n",
            [("1970-11-03", "3 November 1970")],
        ),
        ("To the Embassy\n\nSent 22.10.62 at 18:00\n\nPlease report on the talks.\n", [("1962-10-22", "22.10.62")]),
        (
            "Телеграмма Молотова Сталину, 7 мая 1945 г.\nТекст телеграммы о переговорах.\n",
            [("1945-05-07", "7 мая 1945 г.")],
        ),
        (
            "9 августа 1945 года.ЛИЧНО И СЕКРЕТНО ОТ ПРЕМЬЕРА\nТекст послания.\n",
            [("1945-08-09", "9 августа 1945 года")],
        ),
        (
            "Получено 14 мая 1943 г. Перевод с английского. ПОСОЛЬСТВО Москва, 12 мая 1943 года. Ваше Превосходительство, текст.",
            [("1943-05-12", "12 мая 1943 года")],
        ),
        # the dispatched directive, not the neighbouring document's date line
        (
            "Первый документ.\n3 июня 1943 года\n\nДИРЕКТИВА № 30001\nКОМАНДУЮЩЕМУ ФРОНТОМ\n4 июня 1943 года\n02 ч 15 мин\nТекст директивы.\n",
            [("1943-06-04", "4 июня 1943 года")],
        ),
        # a day and month only: the year of the text's other dates
        ("Hanoi, 3 November\n\nThe delegation left on 1 November 1970 for Beijing.\n", [("1970-11-03", "3 November")]),
        # references and receipts are not the text's date
        ("Получил Ваше послание от 25 октября 1944 г.\nТекст ответа.\n", []),
        ("The conversation lasted two hours.\n", []),
    ],
)
def test_the_text_own_date(context, text, expected):
    assert dated(context, text) == expected


def test_a_date_without_a_year_anywhere_stays_year_less(context):
    [(date, quote)] = dated(context, "Hanoi, 3 November\n\nThe delegation left for Beijing.\n")
    assert date == PartialDate(None, 11, 3) and quote == "3 November"


def test_a_year_less_date_takes_the_page_year(context):
    doc = export_document(
        "Telegram from Gromyko to Stalin",
        date="November 4, 1951",
        body="Товарищу Сталину.\n\nТекст.\n\nА. ГРОМЫКО\n\n3 ноября\n",
    )
    assert dated(context, "", document=doc) == [("1951-11-03", "3 ноября")]


def test_a_month_first_dispatch_date_near_the_page_date(context):
    doc = export_document(
        "Telegram from Warsaw",
        date="October 4, 1963",
        body="Warsaw\nDispatched 10.02.63 at 11:10 hours\nText of the cable.\n",
    )
    assert dated(context, "", document=doc) == [("1963-10-02", "10.02.63")]


def test_sent_and_received_marks(context):
    text = "To the Embassy\n\nSent 22.10.62 at 18:00\nReceived 23 October 1962 at 09:15\n\nText of the cable.\n"
    assert [d for d, _ in dated(context, text, DateKind.SENT)] == ["1962-10-22"]
    assert [d for d, _ in dated(context, text, DateKind.RECEIVED)] == ["1962-10-23"]


@pytest.mark.parametrize(
    ("text", "iso"), [("30.X 1962", "1962-10-30"), ("1 XII 63", "1963-12-01"), ("30.X. 1962", "1962-10-30")]
)
def test_roman_month_forms(text, iso):
    assert parse_date(text).iso() == iso


@pytest.mark.parametrize("text", ["Article 5 X 10", "пункт 3 V 1"])
def test_spaced_roman_numerals_that_are_not_dates(text):
    assert find_dates(text) == []


_DATE_PIECES = st.sampled_from(
    [
        "Date:",
        "Дата:",
        "Sent",
        "Received",
        "Получено",
        "Передано",
        "Отп.",
        "Расп.",
        "Beijing,",
        "Москва,",
        "Телеграмма",
        "года",
        "г.",
        "ч.",
        "мин",
        "at",
        "XI",
        "X",
        "IV",
        "ноября",
        "November",
        ".",
        ",",
        ":",
        " ",
        "\t",
        "\n",
        "\n\n",
        "«",
        "»",
        "19",
        "62",
        "5",
        "31",
    ]
)
_DATE_TEXTS = st.lists(st.one_of(_DATE_PIECES, st.integers(0, 3000).map(str), st.text(max_size=3)), max_size=40).map(
    "".join
)


@settings(max_examples=200, deadline=None)
@given(_DATE_TEXTS)
def test_datelines_never_crash_and_evidence_is_exact(context, text):
    try:
        doc = parse_document(text, doc_id="h")
    except DocumentParseError:
        return  # parse.py's to judge: it fails clearly
    for fact in run_extractors(doc, context, ["dates.v1"]).facts:
        for evidence in fact.evidence:
            assert doc.version(evidence.version).text[evidence.start : evidence.end] == evidence.quote


@settings(max_examples=200, deadline=None)
@given(_DATE_TEXTS)
def test_find_dates_spans_and_values(text):
    for match in find_dates(text):
        assert 0 <= match.start < match.end <= len(text)
        assert match.date.month is None or 1 <= match.date.month <= 12


def test_a_megabyte_of_whitespace_digits_dots_and_numerals_reads_in_linear_time(context):
    chunk = (
        " \t 12.10 1.X. 30.X 1962 XII 5 ч. 40 мин. 3 ноября Получено 12.50 3.10 Date: "
        + " " * 300
        + "." * 300
        + "1" * 300
        + "\t" * 100
        + "XIIV" * 50
        + "тов.\n"
    )
    text = (chunk * (1_000_000 // len(chunk) + 1))[:1_000_000]
    doc = parse_document(text, doc_id="big")
    started = time.perf_counter()
    run_extractors(doc, context, ["dates.v1"])
    find_dates(" " * 1_000_000)
    find_dates("1." * 500_000)
    assert time.perf_counter() - started < MEGABYTE_SECONDS
