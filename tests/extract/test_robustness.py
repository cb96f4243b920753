"""Parsers and extractors never crash on arbitrary text: a Document or a clear DocumentParseError."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablegraph.extract import DocumentParseError, find_dates, parse_document, run_extractors
from .helpers import MEGABYTE_SECONDS

FRAGMENTS = st.sampled_from([
    "**Citation:**", "Contents:", "Transcript - Russian", "[...]", "Document Information", "Source", "Record ID",
    "ШИФРТЕЛЕГРАММА № 12", "Тов. Мао Цзе-дуну", "ФИЛИППОВ", "Вх. № 3/ис", "1.X.50", "13 июля 1950 г.", "\"", "«", "»",
    "I report the answer of MAO ZEDONG to your No. 4581:", "Расп. Араушкин 12.50 3.10", "Copies: Stalin (2)",
    "APRF, f. 45, op. 1, d. 334, ll. 1-2", "| Экз. № 1 | Тов. Сталину |", "Telegram from X to Y via Z", "\n", "\n\n",
])
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


@settings(max_examples=12, deadline=None)
@given(st.sampled_from([" ", "\t \n", "No. ", "via ", "[Stalin] ", "№", "1", "Сталин ", "To Mao via 12. ", "[", '"', "1."]))
def test_adversarial_texts_extract_in_linear_time(context, unit):
    """Issue 16: long runs of one form must not stall extraction. 200 KB of each, under 5 s; the
    growth is linear (each extractor's own tests go to a megabyte), and a build's per-document
    budget (CABLEGRAPH_EXTRACT_TIMEOUT_S) bounds what remains."""
    import time

    document = parse_document("Telegram\n\n" + unit * (200_000 // len(unit)), "adversarial")
    started = time.process_time()
    run_extractors(document, context)
    assert time.process_time() - started < MEGABYTE_SECONDS, repr(unit)
