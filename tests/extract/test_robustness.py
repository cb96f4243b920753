"""Parsers and extractors never crash on arbitrary text: a Document or a clear DocumentParseError."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablegraph.extract import DocumentParseError, find_dates, parse_document, run_extractors

from .helpers import MEGABYTE_SECONDS

FRAGMENTS = st.sampled_from(
    [
        "**Citation:**",
        "Contents:",
        "Transcript - Russian",
        "[...]",
        "Document Information",
        "Source",
        "Record ID",
        "ШИФРТЕЛЕГРАММА № 12",
        "Тов. Мао Цзе-дуну",
        "ФИЛИППОВ",
        "Вх. № 3/ис",
        "1.X.50",
        "13 июля 1950 г.",
        '"',
        "«",
        "»",
        "I report the answer of MAO ZEDONG to your No. 4581:",
        "Расп. Араушкин 12.50 3.10",
        "Copies: Stalin (2)",
        "APRF, f. 45, op. 1, d. 334, ll. 1-2",
        "| Экз. № 1 | Тов. Сталину |",
        "Telegram from X to Y via Z",
        "\n",
        "\n\n",
    ]
)
TEXTS = st.lists(st.one_of(FRAGMENTS, st.text(max_size=40)), max_size=30).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_documents_parse_or_fail_clearly(text):
    try:
        document = parse_document(text, doc_id="fuzz")
    except DocumentParseError as error:
        assert error.path == "<memory>" and error.reason
        return
    for version in document.versions:
        assert document.text[version.offset : version.end] == version.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_extractors_never_crash_and_evidence_is_exact(context, text):
    try:
        document = parse_document(text, doc_id="fuzz")
    except DocumentParseError:
        return
    for fact in run_extractors(document, context).facts:
        for evidence in fact.evidence:
            assert document.version(evidence.version).text[evidence.start : evidence.end] == evidence.quote


@given(st.text(max_size=200))
def test_find_dates_spans_are_in_order(text):
    previous_end = 0
    for match in find_dates(text):
        assert previous_end <= match.start < match.end <= len(text)
        previous_end = match.end


# Issue 16's adversarial forms: runs of whitespace between words, the cues the extractors look for
# ("No. ", "via ", "№"), bracketed and Cyrillic names, digits and marks, and mixtures of them. Each
# once filled a scan that was quadratic or a model that read everything.
ADVERSARIAL_UNITS = [
    "Stalin" + " " * 9_994,
    "Сталин" + "\n" * 9_994,
    "To Mao, via Peking" + " \t\n" * 3_300,
    "No. 5" + "\t" * 4_995,
    "No. ",
    "via ",
    "[Stalin] ",
    "№",
    "1",
    "Сталин ",
    "[",
    '"',
    "1.",
    "received ",
    "To Mao via 12. ",
    "No. 1 No. 2 ",
    "via Moscow via Peking ",
    "Сталину 12 Молотов 3 ",
    "Stalin, Molotov, Mao Zedong, Zhou Enlai, ",
    "Игнатьев, Петров, Сидорову, Захаров, ",
    "Comrade Ivanov met Ambassador Smith and Mr. Jones in Peking. ",
    "No. 1 No. 2 Stalin, Molotov, Mao Zedong, Zhou Enlai, ",
    # names of places, organisations and formations side by side: each once checked against every one taken before it
    "Stalin in Moscow. ",
    "ЦК ВКП(б), ",
    "the Soviet Embassy in Peking, ",
    "CPSU Central Committee, ",
    "1st Division, 2nd Army, ",
    # one word of 200,000 letters: every pattern that starts at each capital and backtracks through the word
    # was quadratic (a named-after-a-person pattern, a distribution-list item): hypothesis found it
    "Stalin",
    "aZ",
]


def _reading_seconds(context, unit: str, size: int) -> float:
    """CPU seconds to parse and extract a text of `size` characters made of `unit` repeated."""
    import time

    started = time.process_time()
    run_extractors(parse_document("Telegram\n\n" + unit * (size // len(unit)), "adversarial"), context)
    return time.process_time() - started


@pytest.mark.parametrize("unit", ADVERSARIAL_UNITS, ids=lambda unit: repr(unit[:12]))
def test_adversarial_texts_extract_in_linear_time(context, unit):
    """Issue 16: long runs of one form must not stall parsing or extraction. Four times the text
    must take about four times as long, not sixteen (a lazy label pattern once took 3 s on 200 KB
    of tab runs, 17 s on a megabyte), and 200 KB stays within the megabyte bound. A build's
    per-document budget (CABLEGRAPH_EXTRACT_TIMEOUT_S) bounds what remains."""
    small = min(_reading_seconds(context, unit, 50_000) for _ in range(2))
    large = _reading_seconds(context, unit, 200_000)
    assert large < max(10 * small, 1.5), (repr(unit[:20]), small, large)
    assert large < MEGABYTE_SECONDS, repr(unit[:20])


_SHORT_UNITS = [unit for unit in ADVERSARIAL_UNITS if len(unit) < 100]


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.one_of(st.sampled_from(_SHORT_UNITS), st.text(min_size=1, max_size=12)), min_size=2, max_size=4).map(
        "".join
    )
)
def test_mixtures_of_adversarial_forms_extract_in_linear_time(context, unit):
    """Issue 16: the forms side by side (a name after a cue, a place after a name...) and random
    text between them: still about four times as long for four times the text."""
    small = min(_reading_seconds(context, unit, 50_000) for _ in range(2))
    large = _reading_seconds(context, unit, 200_000)
    assert large < max(10 * small, 1.5), (repr(unit[:40]), small, large)
