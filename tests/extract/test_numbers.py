"""The telegram-number extractor: each number form with its kind, references and non-numbers left out."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablegraph.extract.document import Document, Header, Layout, TextVersion, VersionKind
from cablegraph.extract.extractors.numbers import extract_numbers
from cablegraph.extract.facts import NumberKind

from .helpers import MEGABYTE_SECONDS

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "numbers"
C, T, O, I, D = NumberKind.CIPHER, NumberKind.TELEGRAM, NumberKind.OUTGOING, NumberKind.INCOMING, NumberKind.DISPATCH  # noqa: E741 - the kinds by their initials, as the expected tables read


def document(text: str, language: str = "en") -> Document:
    version = TextVersion("v1", VersionKind.TRANSCRIPT, language, text, 0)
    checksum = hashlib.sha256(text.encode()).hexdigest()
    return Document("t", "<memory>", text, checksum, Layout.EXPORT, Header(), (version,))


def numbers(context, text: str) -> list[tuple[str, NumberKind]]:
    found = []
    for fact in extract_numbers(document(text), context):
        assert (fact.value, fact.kind) not in found
        found.append((fact.value, fact.kind))
    return sorted(found)


def check_evidence(context, text: str) -> None:
    for fact in extract_numbers(document(text), context):
        [evidence] = fact.evidence
        assert text[evidence.start : evidence.end] == evidence.quote == fact.value
        assert evidence.rule == "numbers.v1"


# -- one form at a time ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CIPHERED TELEGRAM No. 31742\n\nTo Comrade Gromyko.\n", [("31742", C)]),
        ("ШИФРТЕЛЕГРАММА № 8813\nСОВЕРШЕННО СЕКРЕТНО\n", [("8813", C)]),
        ("Продолжение шифртелеграммы № 8813\n", [("8813", C)]),
        ("Ciphergram No. 4410\n\nFrom…Prague…dispatched on 5.05.64\n", [("4410", C)]),
        ("CABLE Nº 60127\n", [("60127", T)]),
        ("Cable Telegram no. 60127\n", [("60127", T)]),
        ("TELEGRAM 071.488\n\nTo: the Ministry\n", [("071.488", T)]),
        ("TELEGRAM 066712\n", [("066712", T)]),
        ("Telegram number 2231/34\n", [("2231/34", T)]),
        ("Директива Ставки ВГК № 170210\n\nКомандующему фронтом\n", [("170210", T)]),
        ("Spets Nº 52\n", [("52", C)]),
        ("Spec. No. 1643-1644\n", [("1643-1644", C)]),
        ("Special no. 2117-2119\n", [("2117-2119", C)]),
        ("Спец. № 411\n", [("411", C)]),
        ("Outgoing Nº 77/ag\n", [("77/ag", O)]),
        ("Исх. № 135/к\n", [("135/к", O)]),
        ("Вх. № 4410/ис 3/8 1951 г.\n", [("4410/ис", I)]),
        ("[stamp: Second Main Directorate\nincoming Nº 40112/shs of 2 May 1950]\n", [("40112/shs", I)]),
        ("RECEIVED 13576\n", [("13576", I)]),
        ("Received (63) No. 564\n", [("564", I)]),
        ("Room Code [63] 5525\n", [("5525", I)]),
        ("(61) No. 561\n", [("561", T)]),
        ("No. 76.054\nDispatched 4.3.64 at 10:00 hours\n", [("76.054", T)]),
        ("MOSCOW 41250 9 30 2 X 58\n\n41251\n", [("41250", C), ("41251", C)]),
        ("1689 15.II.63 at 12:10 hours\n", [("1689", T)]),
        ("[handwritten: 1062/15124 ciph/12-1-63 TOP SECRET]\n", [("1062/15124", C)]),
        (
            "Forwarded via the Department to: Rome number 20/23 – Oslo number 2780/83\n",
            [("20/23", D), ("2780/83", D)],
        ),
        ("To the Central Committee: (Burma Geng No. 33)\n", [("33", O)]),
        ("отп. Степанова 13.9.51 г.\n№ 1908\n", [("1908", D)]),
        ("Typed by Orlova\nNº 5369\n", [("5369", D)]),
    ],
)
def test_each_form_gives_its_number_and_kind(context, text, expected):
    assert numbers(context, text) == sorted(expected)
    check_evidence(context, text)


@pytest.mark.parametrize(
    "text",
    [
        "To No. 1726.\n\nVisit Comrade Zhou Enlai.\n",
        "Reply to No. 1. Convey to Mao Zedong the following:\n",
        "RE: 1405/sh\n",
        "I report the answer of MAO ZEDONG to your [telegram] No. 4581:\n",
        "with comments on his letter (your special no. 1328).\n",
        "На вашу шифровку от 23.03.1944 г. за № 135/к Ставка приказывает:\n",
        "Копия. Экз. № 2\n",
        "Copy No. 1\nTOP SECRET\n",
        "№148, I\n",
        "VKP(b) CC\n# P78/168\n05/10/50\n",
        "[handwritten number: 113]\n",
        "Received [in Warsaw] 10.08.63 at 09:00 hours\n",
        "Received 1500 tons of grain from Odessa.\n",
        "Special Urgency & Priority Demanded\n",
        "We received No. 345 yesterday and answered at once.\n",
        "(Resolution No. 12)\n",
        "Печатается по изданию: Переписка… документ № 238.\n",
        "Telegram from Gromyko to Shtykov, approved by the Politburo\n",
        "",
    ],
)
def test_references_and_other_numbers_are_left_out(context, text):
    assert numbers(context, text) == []


def test_a_publication_number_heading_a_document_is_not_the_telegrams(context):
    text = "2 февраля 1944 года.\n№ 231\nЛИЧНО И СЕКРЕТНО ОТ ПРЕМЬЕРА И. В. СТАЛИНА\nВаше послание получил.\n"
    assert numbers(context, text) == []


def test_the_number_beside_the_signature_is_outgoing_and_keeps_its_suffix(context):
    text = "Enclosed is a draft telegram.\n\nA. Gromyko\n\n20 November 1951\n\nNo. 334/ag\n\nCopies: Mikoyan\n"
    assert numbers(context, text) == [("334/ag", O)]


def test_beside_the_signature_the_dated_number_wins(context):
    text = "Причины пока не ясны.\n\n№ 2270. 3.10.\n\nРОШИН\n\n№ 560/н\n\nРасп. Араушкин 12.50 3.10\n"
    assert numbers(context, text) == [("2270", O)]


# -- whole telegrams in the archive's styles (invented fixtures) ---------------------------------

FIXTURE_NUMBERS = {
    "polish_ciphergram.txt": [("7731", C)],
    "polish_reply.txt": [("2214", T)],
    "soviet_cipher_header.txt": [("2204/31877", C), ("61204", C), ("61205", C), ("61206", C), ("311-313", C)],
    "romanian_telegram.txt": [("071.488", T)],
    "french_relay.txt": [("1873/76", T), ("44/47", D), ("1502/05", D), ("611/14", D)],
    "chinese_cable.txt": [("3307", I), ("57", O), ("412", T), ("881", I)],
    "published_collection.txt": [("220031", T)],
    "covering_memo.txt": [("118/vz", O)],
}


@pytest.mark.parametrize("name", sorted(FIXTURE_NUMBERS))
def test_fixture_telegrams(context, name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    assert numbers(context, text) == sorted(FIXTURE_NUMBERS[name])
    check_evidence(context, text)


# -- properties ------------------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "No. ",
        "Nº ",
        "№ ",
        "#",
        "N°",
        "Spets ",
        "Special no. ",
        "Received ",
        "RECEIVED ",
        "Room Code ",
        "[63] ",
        "(61) ",
        "CIPHERED TELEGRAM ",
        "TELEGRAM ",
        "Ciphergram No. ",
        "Директива Ставки ВГК ",
        "Вх. ",
        "Исх. ",
        "your ",
        "To ",
        "Forwarded via the Department to: ",
        "Budapest number ",
        " – ",
        "WASHINGTON ",
        " 1 XII 63",
        "15.II.63 ",
        "ciph/",
        "1062/15124",
        "066.621",
        "2054-2056",
        "600428/sh",
        "72/III",
        "135/к",
        "12",
        "334/ag",
        "201-gi",
        "(",
        ")",
        "[",
        "]",
        ": ",
        ".",
        "\n",
        "\n\n",
        " ",
        "\t",
        "A. Gromyko\n",
        "/-/ Rapacki\n",
        "отп. Степанова\n",
        "ЛИЧНО И СЕКРЕТНО ОТ\n",
    ]
)
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_every_number_is_the_text_at_its_evidence(context, text):
    for fact in extract_numbers(document(text), context):
        assert fact.value and fact.value[0].isdigit()
        for evidence in fact.evidence:
            assert text[evidence.start : evidence.end] == evidence.quote
            assert evidence.quote == fact.value or evidence.quote.rstrip("-.") == fact.value
            assert 0 < evidence.confidence <= 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_adversarial_text_never_crashes(context, text):
    list(extract_numbers(document(text), context))


@pytest.mark.parametrize(
    "unit",
    [
        " \t",
        "\n",
        " \n\n",
        "0123456789",
        "No. ",
        "№",
        "No. 1-1-1-1.",
        "1 ",
        "1-",
        "[6",
        "(61) No. 5\n",
        "TELEGRAM ",
        "WASHINGTON 1 ",
        "Forwarded to: number 1 ",
        "(A No. 1",
        "№ 1\nЛИЧНО И СЕКРЕТНО\n",
    ],
)
def test_a_megabyte_of_repetitive_text_is_read_quickly(context, unit):
    text = unit * (1_000_000 // len(unit))
    started = time.perf_counter()
    list(extract_numbers(document(text), context))
    assert time.perf_counter() - started < MEGABYTE_SECONDS


@pytest.mark.parametrize("unit", ["No. 12\nA. Gromyko\n", "(61) No. 5\n"])
def test_a_megabyte_of_numbers_is_read_in_linear_time(context, unit):
    """Every line here is a number to report (~60,000-90,000 facts): the time is the output's, and a
    quadratic scan would take minutes, not seconds."""
    text = unit * (1_000_000 // len(unit))
    started = time.perf_counter()
    found = list(extract_numbers(document(text), context))
    assert len(found) >= len(text) // len(unit) // 2
    assert time.perf_counter() - started < MEGABYTE_SECONDS


def test_a_megabyte_of_mixed_number_text_is_read_quickly(context):
    import random

    rng = random.Random(17)
    parts = [" ", "  ", "\n", "\t", "No. ", "№", "Nº ", "12", "3", "/", "-", ".", "[63]", "(", ")", "TELEGRAM "]
    text = "".join(rng.choice(parts) for _ in range(400_000))[:1_000_000]
    started = time.perf_counter()
    list(extract_numbers(document(text), context))
    assert time.perf_counter() - started < MEGABYTE_SECONDS
