"""References to earlier telegrams: the forms of issue 17, their numbers, dates and direction."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegraph.extract import ExtractionContext
from cablegraph.extract.dates import PartialDate
from cablegraph.extract.document import Document, Header, Layout, TextVersion, VersionKind
from cablegraph.extract.extractors import references as R
from cablegraph.extract.facts import ReferenceFact

from .helpers import MEGABYTE_SECONDS


@pytest.fixture(scope="module")
def ctx() -> ExtractionContext:
    return ExtractionContext.load()


def _document(body: str, language: str = "en") -> Document:
    version = TextVersion("v1", VersionKind.TRANSCRIPT, language, body, 0)
    return Document("t", "<memory>", body, "0", Layout.WEBPAGE, Header(), (version,))


def refs(ctx, body: str, implicit: bool = False) -> list[ReferenceFact]:
    old = R.IMPLICIT_REFERENCES
    R.IMPLICIT_REFERENCES = implicit
    try:
        return [f for f in R.extract_references(_document(body), ctx) if isinstance(f, ReferenceFact)]
    finally:
        R.IMPLICIT_REFERENCES = old


def summary(facts: list[ReferenceFact]) -> list[tuple]:
    return [(f.number, f.date.iso() if f.date else None, f.voice) for f in facts]


HEAD = "Pyongyang, 3 March 1951\n\n"


def test_pronoun_number_lists_and_ranges(ctx):
    facts = refs(ctx, HEAD + "Your No. 602, 604-605 have been received and reported to the Instance.")
    assert summary(facts) == [("602", None, "addressee"), ("604", None, "addressee"), ("605", None, "addressee")]


def test_writer_voice_with_bracketed_noun_and_and_lists(ctx):
    facts = refs(
        ctx, HEAD + "The delegation's position is set out in our [cables] 211 and 215, and 219 from that week."
    )
    assert summary(facts) == [("211", None, "writer"), ("215", None, "writer"), ("219", None, "writer")]


def test_yours_and_my_telegram(ctx):
    facts = refs(ctx, HEAD + "As I told you (yours 517), and see my telegram no 433, the talks stalled.")
    assert summary(facts) == [("517", None, "addressee"), ("433", None, "writer")]


@pytest.mark.parametrize(
    "body, number",
    [
        ("In response to your no. 2231\n\nI visited Kim Il Sung.", "2231"),
        ("Referencing the no. 58 cipher telegram, the division moves tonight.", "58"),
        ("PYONGYANG\nSOVIET AMBASSADOR\nRE: 2207/sh\n\nAct as instructed.", "2207/sh"),
        ("To Comrade Razuvaev\n\nTo No. 914.\n\nVisit the minister.", "914"),
        ("To Comrade Kovalev\n\nReply to No. 3. Convey to Liu Shaoqi the following.", "3"),
        ("Telegraph the results.\n\nTo # 0412\n\nto 0415 -KV\n", "0412"),
    ],
)
def test_cue_words_make_a_number_a_reference(ctx, body, number):
    facts = refs(ctx, HEAD + body)
    assert number in [f.number for f in facts]
    assert all(f.voice == "addressee" for f in facts)


def test_bare_number_alone_on_a_line_after_to(ctx):
    facts = refs(ctx, HEAD + "Telegraph the results.\n\nTo # 0412\n\nto 0415 -KV\n")
    assert [f.number for f in facts] == ["0412", "0415"]


def test_dates_take_the_document_year(ctx):
    facts = refs(
        ctx, HEAD + "We have received your telegram of 27 February. Your telegrams of 11 and 12 January are answered."
    )
    assert summary(facts) == [
        (None, "1951-02-27", "addressee"),
        (None, "1951-01-11", "addressee"),
        (None, "1951-01-12", "addressee"),
    ]


def test_a_date_later_than_the_document_is_last_year(ctx):
    facts = refs(ctx, "Moscow, 4 January 1952\n\nYour telegram of 29 December is received.")
    assert summary(facts) == [(None, "1951-12-29", "addressee")]


def test_russian_forms(ctx):
    body = (
        "12 мая 1943 года\n\nНа вашу шифровку от 11.05.1943 г. за № 217/оп приказываю: удерживать рубеж.\n"
        "Ваша телеграмма от 1.5.43 получена. Получил Ваше послание от 8 мая.\n"
    )
    facts = refs(ctx, body)
    assert summary(facts) == [
        ("217/оп", "1943-05-11", "addressee"),
        (None, "1943-05-01", "addressee"),
        (None, "1943-05-08", "addressee"),
    ]


def test_received_noun_with_dates_and_no_pronoun(ctx):
    facts = refs(ctx, HEAD + "The cables dated February 20 and February 24 were received in full.")
    assert summary(facts) == [(None, "1951-02-20", "addressee"), (None, "1951-02-24", "addressee")]
    facts = refs(ctx, "5 апреля 1950 года\n\nСообщение от 2 апреля 1950 года мной получено.")
    assert summary(facts) == [(None, "1950-04-02", "addressee")]


def test_someone_elses_dated_telegram(ctx):
    facts = refs(ctx, HEAD + "Comrade Vasilevsky's telegram #771/op dated 1 March asks for fuel.")
    assert summary(facts) == [("771/op", "1951-03-01", "other")]
    assert facts[0].sender is not None


def test_illegible_number_takes_the_date_before_it(ctx):
    facts = refs(ctx, HEAD + "Only on 1 March (your No. [number is illegible]) did you report it.")
    assert summary(facts) == [(None, "1951-03-01", "addressee")]


def test_todays_report_is_dated_today(ctx):
    facts = refs(ctx, "3 марта 1951 года\n\nКак видно из сегодняшнего Вашего доклада, обстановка неясна.")
    assert summary(facts) == [(None, "1951-03-03", "addressee")]


def test_implicit_references_are_found_when_admitted(ctx):
    body = HEAD + "Your conversations with Malik:\n\nWe passed on what you conveyed in your letter."
    assert refs(ctx, body) == []
    facts = refs(ctx, body, implicit=True)
    assert [f.voice for f in facts] == ["addressee", "addressee"]
    assert facts[0].evidence[0].quote.startswith("Your conversations")


def test_not_references(ctx):
    body = (
        HEAD + "Telegram from the Soviet Ambassador to the Ministry\n\nTransmit the following message to Mao Zedong: "
        "this telegram is urgent. Your proposals of 2 March are accepted. I send you a copy of my telegram of 1 March."
    )
    assert refs(ctx, body) == []


def test_parties_follow_the_voice(ctx):
    from cablegraph.extract.facts import AgentFact, AgentRole

    facts = refs(ctx, HEAD + "Your No. 602 and our No. 77 crossed.")
    agents = [
        AgentFact(AgentRole.SENDER, "stalin", ("Filippov",)),
        AgentFact(AgentRole.RECIPIENT, "shtykov", ("Shtykov",)),
    ]
    assigned = [f for f in R.assign_reference_parties([*agents, *facts]) if isinstance(f, ReferenceFact)]
    assert [(f.number, f.sender, f.recipient) for f in assigned] == [
        ("602", "shtykov", "stalin"),
        ("77", "stalin", "shtykov"),
    ]


_PIECES = st.sampled_from(
    [
        " ",
        "\n",
        "your No. ",
        "our ",
        "№",
        "No. ",
        "Ваша телеграмма от ",
        "1.10.50",
        "812-813",
        "/sh",
        " of 8 September",
        "(",
        ")",
        "[",
        "]",
        "received ",
        "the two cables",
        " dated ",
        "RE: ",
        "To No. ",
        "Comrade Kim's letter",
        ", and ",
        "получена телеграмма от ",
        "Мао",
        "сегодняшнего Вашего доклада",
        "yours 38",
        "1950",
        "шифровку",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40))
def test_evidence_always_quotes_the_text_and_nothing_crashes(pieces):
    ctx = _CTX
    body = "".join(pieces)
    document = _document(body)
    for implicit in (False, True):
        R.IMPLICIT_REFERENCES = implicit
        try:
            facts = list(R.extract_references(document, ctx))
        finally:
            R.IMPLICIT_REFERENCES = False
        for fact in facts:
            assert fact.voice in ("addressee", "writer", "other")
            assert fact.number or fact.date or implicit
            for evidence in fact.evidence:
                assert body[evidence.start : evidence.end] == evidence.quote
                assert evidence.quote


_CTX = ExtractionContext.load()


@pytest.mark.parametrize(
    "unit",
    [
        " ",
        "\n",
        "1",
        "7 ",
        "your No. ",
        "№",
        "№ 1, ",
        "Ваше послание от ",
        "our [cables] 1 and ",
        "the two cables ",
        "RE: ",
    ],
)
def test_a_megabyte_of_repetition_is_linear(ctx, unit):
    body = unit * (1_000_000 // len(unit))
    started = time.perf_counter()
    list(R.extract_references(_document(body), ctx))
    assert time.perf_counter() - started < MEGABYTE_SECONDS


def test_mixed_megabyte_is_linear(ctx):
    body = ("your No. 12 " + " " * 50 + "1234567 " + "№ " + "Ваша телеграмма " + "\n") * 12_000
    started = time.perf_counter()
    list(R.extract_references(_document(body[:1_000_000]), ctx))
    assert time.perf_counter() - started < MEGABYTE_SECONDS


def test_partial_date_year_less_never_crashes(ctx):
    facts = refs(ctx, "Your telegram of 8 September is received.", implicit=True)
    assert [f.date for f in facts] == [PartialDate(None, 9, 8)]
