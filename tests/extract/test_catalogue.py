import pytest

from cablegraph.extract import (
    AgentRole,
    DateFact,
    DateKind,
    NumberKind,
    PartialDate,
    read_document,
    run_extractors,
)
from cablegraph.extract.facts import EmbeddedMessageFact, FieldFact

from .helpers import export_document

CATALOGUE = ["catalogue.v1"]  # these tests read the title grammar alone


def people(extraction, role):
    return [(a.person, a.as_written) for a in extraction.agents(role)]


def test_seed_001_title_facts(seeds_dir, context):
    ex = run_extractors(read_document(seeds_dir / "001_86e2695bae78fc10.txt"), context, CATALOGUE)
    [date] = ex.of_type(DateFact)
    assert date.kind is DateKind.DOCUMENT and date.date == PartialDate(1950, 10, 1)
    [sender] = ex.agents(AgentRole.SENDER)
    assert (sender.person, sender.as_written, sender.pseudonym) == ("stalin", ("Filippov",), "Filippov")
    assert sender.evidence[0].quote == "Filippov [Stalin]"
    assert sender.evidence[0].version == "v0"
    assert people(ex, AgentRole.RECIPIENT) == [("mao-zedong", ("Mao Zedong",)), ("zhou-enlai", ("Zhou Enlai",))]
    assert people(ex, AgentRole.INTERMEDIARY) == [("roshchin", ("Roshchin",))]
    assert ex.field("source_url").value == "https://digitalarchive.umd.edu/document/113729"
    assert ex.field("record_id").value == "113729"


def test_evidence_quotes_are_the_source_characters(seeds_dir, context):
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = read_document(path)
        for fact in run_extractors(doc, context).facts:
            for evidence in fact.evidence:
                assert doc.version(evidence.version).text[evidence.start : evidence.end] == evidence.quote


def test_seed_000_via(seeds_dir, context):
    ex = run_extractors(read_document(seeds_dir / "000_fb5d5a73bc23db73.txt"), context, CATALOGUE)
    assert people(ex, AgentRole.SENDER) == [("stalin", ("Filippov",))]
    assert people(ex, AgentRole.RECIPIENT) == [("mao-zedong", ("Mao Zedong",))]
    assert people(ex, AgentRole.INTERMEDIARY) == [("krasovsky", ("Krasovsky",))]


def test_seed_002_roshchin_to_stalin(seeds_dir, context):
    ex = run_extractors(read_document(seeds_dir / "002_8407d3f3e1911c0a.txt"), context, CATALOGUE)
    assert people(ex, AgentRole.SENDER) == [("roshchin", ("Roshchin",))]
    assert people(ex, AgentRole.RECIPIENT) == [("stalin", ("Filippov",))]
    assert [a.as_written for a in ex.agents(AgentRole.TRANSLATOR)] == [
        ("Kathryn Weathersby",),
        ("Alexandre Mansourov",),
    ]


def test_seed_003_for_makes_the_addressee_an_intermediary(seeds_dir, context):
    ex = run_extractors(read_document(seeds_dir / "003_1913699800420464.txt"), context, CATALOGUE)
    assert people(ex, AgentRole.INTERMEDIARY) == [("krasovsky", ("Krasovsky",))]
    assert people(ex, AgentRole.RECIPIENT) == [("mao-zedong", ("Cde. Mao Zedong",))]
    [number] = [f for f in ex.facts if getattr(f, "kind", None) is NumberKind.CIPHER]
    assert number.value == "2950"


def test_seed_004_role_resolves_to_the_ambassador_of_the_day(seeds_dir, context):
    ex = run_extractors(read_document(seeds_dir / "004_2d287dbd93c7e576.txt"), context, CATALOGUE)
    [recipient] = ex.agents(AgentRole.RECIPIENT)
    assert recipient.person == "roshchin"
    assert recipient.post == "soviet-ambassador-china"
    assert recipient.evidence[0].quote == "the Soviet\nAmbassador"
    assert [(n.value, n.kind) for n in ex.facts if hasattr(n, "kind") and isinstance(n.kind, NumberKind)] == [
        ("3355", NumberKind.TELEGRAM)
    ]


@pytest.mark.parametrize(
    ("title", "date", "senders", "recipients", "intermediaries"),
    [
        (
            "Cable, Stalin [Kuznetsov] to Mao Zedong [via Terebin]",
            "December 16, 1947",
            ["stalin"],
            ["mao-zedong"],
            ["orlov"],
        ),
        # Kuznetsov is Stalin's pseudonym: the only recipient does not also relay his own telegram
        ("Cable, Terebin to Stalin [via Kuznetsov]", "December 17, 1947", ["orlov"], ["stalin"], []),
        ("Telegram from Shtykov to Gromyko and Stalin", "September 29, 1950", ["shtykov"], ["gromyko", "stalin"], []),
        (
            "Cable No. 3582 from Flilippov [Stalin] to Cde. Mao Zedong",
            "September 2, 1949",
            ["stalin"],
            ["mao-zedong"],
            [],
        ),
        (
            "Ciphered Telegram No. 4159 from Filipov [Stalin] to Kovalev",
            "October 14, 1949",
            ["stalin"],
            ["kovalev"],
            [],
        ),
        (
            "Telegram from Kuznetsov to Mao Zedong regarding a Meeting with Zhou Enlai",
            "July 29, 1953",
            ["kuznetsov-vasily"],
            ["mao-zedong"],
            [],
        ),
        ("Cable, Mao Zedong to Filippov [Stalin]", "January 17, 1949", ["mao-zedong"], ["stalin"], []),
        (
            "Ciphered Telegram, Vyshinsky to the Soviet Ambassador, Pyongyang",
            "December 1, 1950",
            ["vyshinsky"],
            ["razuvaev"],
            [],
        ),
        (
            "Telegram, Zhou Enlai to Kim Il Sung or Pak Hon-yong",
            "October 8, 1950",
            ["zhou-enlai"],
            ["kim-il-sung", "pak-hon-yong"],
            [],
        ),
        ("Letter from Mao Tse-tung to Chou En-lai", "1950", ["mao-zedong"], ["zhou-enlai"], []),
    ],
)
def test_title_grammar(context, title, date, senders, recipients, intermediaries):
    ex = run_extractors(export_document(title, date), context, CATALOGUE)
    assert [a.person for a in ex.agents(AgentRole.SENDER)] == senders
    assert [a.person for a in ex.agents(AgentRole.RECIPIENT)] == recipients
    assert [a.person for a in ex.agents(AgentRole.INTERMEDIARY)] == intermediaries


def test_pseudonym_depends_on_the_date(context):
    early = run_extractors(export_document("Cable, Kuznetsov to Terebin", "April 20, 1948"), context)
    late = run_extractors(export_document("Cable, Kuznetsov to Mao Zedong", "July 29, 1953"), context)
    assert early.agents(AgentRole.SENDER)[0].person == "stalin"
    assert early.agents(AgentRole.SENDER)[0].pseudonym == "Kuznetsov"
    assert late.agents(AgentRole.SENDER)[0].person == "kuznetsov-vasily"


def test_unknown_names_are_kept_with_low_confidence(context):
    ex = run_extractors(export_document("Telegram from Ivanovsky to Mao Zedong", "March 3, 1950"), context)
    [sender] = ex.agents(AgentRole.SENDER)
    assert sender.person == "u-ivanovsky"
    assert sender.as_written == ("Ivanovsky",)
    assert sender.evidence[0].confidence < 0.5


def test_embedded_message_in_title(context):
    title = "Ciphered Telegram No. 50333, Terebin to Kuznetsov, transmitting a Message from Mao Zedong to Stalin"
    ex = run_extractors(export_document(title, "January 9, 1949"), context)
    assert [a.person for a in ex.agents(AgentRole.SENDER)] == ["orlov"]
    assert [a.person for a in ex.agents(AgentRole.RECIPIENT)] == ["stalin"]
    [embedded] = ex.of_type(EmbeddedMessageFact)
    assert (embedded.sender.person, embedded.recipient.person) == ("mao-zedong", "stalin")


def test_several_numbers_in_title(context):
    title = "Ciphered Telegrams No. 50450, 50470, and 50490, Terebin to Kuznetsov"
    ex = run_extractors(export_document(title, "January 13, 1949"), context)
    assert [n.value for n in ex.facts if hasattr(n, "value") and not isinstance(n, FieldFact)] == [
        "50450",
        "50470",
        "50490",
    ]
