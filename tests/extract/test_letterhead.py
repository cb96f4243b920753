"""Correspondents from a telegram's own structure: header fields, salutations, signature blocks,
and Russian headings read by case. Every text here is written for these tests."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegraph.extract import parse_document
from cablegraph.extract.extractors.headings import extract_headings
from cablegraph.extract.extractors.letterhead import extract_letterhead
from cablegraph.extract.facts import AgentRole
from cablegraph.extract.registry import run_extractors

from .helpers import MEGABYTE_SECONDS

EMBASSY_TELEGRAM = """Skip to content

June 9, 1975

TELEGRAM 071.214 from the Bulgarian Embassy in Hanoi to the Bulgarian Ministry of Foreign Affairs

TELEGRAM 071.214
To: the Bulgarian Ministry of Foreign Affairs (Comrade Petar Mladenov)
From: the Bulgarian Embassy in Hanoi
Date: June 9th, 1975
Classification: Secret

The deputy foreign minister received me yesterday and spoke at length about the harvest and the new roads in the south.

He asked that our ministry send two more engineers before the rains begin.

Signed: K. Zlatev
"""

SOVIET_TELEGRAM = """Skip to content

March 4, 1964

Telegram from Soviet Ambassador to the USA Dobrynin to the USSR MFA

TOP SECRET
CIPHERED TELEGRAM

Rusk asked me to call on him this afternoon and spoke for an hour about the grain purchases and the shipping rates.

I answered that the questions would be reported to Moscow and that an answer would follow within the week.

A. DOBRYNIN
"""

CHINESE_CABLE = """Skip to content

May 12, 1966

Cable from the Chinese Embassy in Albania, 'The Reception of Our Delegation'

Especially Urgent

To the Central Committee and the Ministry of Foreign Affairs:

The delegation arrived this morning and was met at the airport by the Premier and three ministers of the government.

Embassy in Albania
"""

POLISH_CIPHERGRAM = """Skip to content

April 2, 1966

Secret Telegram from Siedlecki (Hanoi) to Rapacki (Warsaw)

From…Hanoi…dispatched on 04.02.66 at 10:40 hours…received on 04.02.66 at 16:05 hours
Came in to the Decoding Department…04.02.66 at 17:30 hours
Eyes Only
From the conversation with Pham Van Dong:
The Premier told me that the talks were not yet possible and that the offer would be studied in the spring.
Siedlecki
"""


def roles(text, extractor=None, context=None):
    document = parse_document(text, "fixture")
    facts = list(extractor(document, context)) if extractor else list(run_extractors(document, context).facts)
    found = {}
    for fact in facts:
        if getattr(fact, "role", None) in (AgentRole.SENDER, AgentRole.RECIPIENT, AgentRole.INTERMEDIARY):
            found.setdefault(fact.role.value, set()).add(fact.label or fact.person or fact.organisation or fact.post)
    return found


def test_header_fields_name_organs_and_the_person_in_brackets(context):
    found = roles(EMBASSY_TELEGRAM, extract_letterhead, context)
    assert found["recipient"] == {
        "Bulgarian Ministry of Foreign Affairs",
        "mladenov",
    }  # Mladenov is in the authority data now
    assert found["sender"] == {"Bulgarian Embassy in Hanoi", "K. Zlatev"}


def test_the_whole_document_keeps_title_header_and_signature_together(context):
    found = roles(EMBASSY_TELEGRAM, context=context)
    assert found["sender"] == {"Bulgarian Embassy in Hanoi", "K. Zlatev"}
    assert found["recipient"] == {"Bulgarian Ministry of Foreign Affairs", "mladenov"}
    numbers = {
        f.value
        for f in run_extractors(parse_document(EMBASSY_TELEGRAM, "fixture"), context).facts
        if hasattr(f, "value") and hasattr(f, "kind")
    }
    assert "071.214" in numbers


def test_an_ambassador_named_after_his_post_is_the_sender_and_his_signature_is_him(context):
    extraction = run_extractors(parse_document(SOVIET_TELEGRAM, "fixture"), context)
    senders = extraction.agents(AgentRole.SENDER)
    assert {f.person for f in senders} == {"dobrynin"}
    assert {w for f in senders for w in f.as_written} >= {"Soviet Ambassador to the USA Dobrynin", "A. DOBRYNIN"}
    recipients = extraction.agents(AgentRole.RECIPIENT)
    assert [f.organisation for f in recipients] == ["mfa-ussr"]


def test_an_address_line_of_stateless_organs_takes_the_embassys_state(context):
    found = roles(CHINESE_CABLE, context=context)
    assert found["recipient"] == {"cc-ccp", "mfa-prc"}  # both organs are in the authority data
    assert found["sender"] == {"Chinese Embassy in Albania"}


def test_dispatch_lines_and_introductions_are_not_correspondents(context):
    found = roles(POLISH_CIPHERGRAM, context=context)
    assert found["sender"] == {"Siedlecki"}
    assert found["recipient"] == {"rapacki"}


@pytest.mark.parametrize(
    ("heading", "senders", "recipients"),
    [
        ("ЛИЧНО И СЕКРЕТНО ОТ ПРЕМЬЕРА И. В. СТАЛИНА ПРЕЗИДЕНТУ г-ну Ф. РУЗВЕЛЬТУ", {"stalin"}, {"roosevelt"}),
        ("Телеграмма Хрущева Микояну, 5 мая 1956 г.", {"khrushchev"}, {"mikoyan"}),
        ("И. В. СТАЛИН У. ЧЕРЧИЛЛЮ", {"stalin"}, {"churchill"}),
        ("Шифртелеграмма Г.К. Жукову", set(), {"zhukov"}),
        ("СЕКРЕТНОЕ ПОСЛАНИЕ МАРШАЛА И. В. СТАЛИНА ПРЕЗИДЕНТУ г-ну Ф. РУЗВЕЛЬТУ", {"stalin"}, {"roosevelt"}),
        ("Личное послание председателя Мао Цзэдуна товарищу Сталину", {"mao-zedong"}, {"stalin"}),
    ],
)
def test_russian_headings_are_read_by_case(context, heading, senders, recipients):
    text = f"{heading}\n\nПрошу сообщить о ходе дел на фронте и о потребностях в пополнении в ближайшие дни.\n"
    document = parse_document(text, "heading")
    facts = list(extract_headings(document, context))
    assert {f.person for f in facts if f.role is AgentRole.SENDER} == senders
    assert {f.person for f in facts if f.role is AgentRole.RECIPIENT} == recipients


def test_a_name_in_the_prose_is_not_read_as_a_heading(context):
    text = "Телеграмма\n\nСегодня товарищ Микояну передал письмо для товарища Хрущева, и я прошу это учесть при подготовке ответа.\n"
    assert list(extract_headings(parse_document(text, "prose"), context)) == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "To: ",
                "From: ",
                "Signed: ",
                "A. ",
                "DOBRYNIN",
                "Embassy",
                " in ",
                "Hanoi",
                "\n",
                ",",
                " and ",
                "ОТ ",
                "СТАЛИНА ",
                "ЧЕРЧИЛЛЮ",
                "Ministry",
                "(",
                ")",
                ":",
                "G R O M Y K O",
            ]
        ),
        min_size=1,
        max_size=40,
    ).map("".join)
)
def test_structure_readers_never_fail_and_evidence_is_exact(context, text):
    document = parse_document("Telegram\n\n" + text + "\nend", "robust")
    for extractor in (extract_letterhead, extract_headings):
        for fact in extractor(document, context):
            for evidence in fact.evidence:
                version = document.version(evidence.version) if evidence.version != "v0" else None
                if version is not None:
                    assert version.text[evidence.start : evidence.end] == evidence.quote


@pytest.mark.parametrize(
    "unit", ["To: the Embassy, ", "Signed: A. B\n", "G R O M Y K O\n", "ОТ СТАЛИНА ", " \t", "A. DOBRYNIN\n"]
)
def test_a_megabyte_of_structure_reads_in_linear_time(context, unit):
    document = parse_document("Telegram\n\n" + unit * (1_000_000 // len(unit)), "big")
    started = time.perf_counter()
    for extractor in (extract_letterhead, extract_headings):
        list(extractor(document, context))
    assert time.perf_counter() - started < MEGABYTE_SECONDS


POLITBURO_EXTRACT = """Skip to content

March 3, 1952

Telegram from Vyshinsky to Razuvaev, approved by CC Politburo

VKP(b) CC
# P91/204
03/03/52
To: Cmrds Malenkov, Vyshinsky

Extract from Protocol #91 of the Meeting of the Politburo of the CC VKP(b)

204. The Question of the Embassy in Pyongyang.
Approval is given to the attached draft telegram to the Soviet Ambassador to the DPRK Com. Razuvaev on the repair of the embassy building.

[Attachment]

PYONGYANG
SOVIET AMBASSADOR

We agree that the repairs may begin in April, after consulting the Korean side about the builders and the materials.

VYSHINSKY
"""

DISTRIBUTED_CABLE = """Skip to content

June 2, 1971

TELEGRAM 081.402 from the Bulgarian Embassy in Hanoi to the Bulgarian Ministry of Foreign Affairs

To: the Bulgarian Ministry of Foreign Affairs (Comrade Petar Mladenov)
From: the Bulgarian Embassy in Hanoi

The deputy minister told me that the delegation will arrive a week later than planned, because of the floods in the north.
"""


def test_a_covering_extracts_address_field_gives_way_to_the_titles_recipient(context):
    found = roles(POLITBURO_EXTRACT, context=context)
    assert found["recipient"] == {"razuvaev"}  # not the Politburo members the extract was sent to
    assert found["sender"] == {"vyshinsky"}


def test_a_field_that_agrees_with_the_title_keeps_its_co_addressees(context):
    found = roles(DISTRIBUTED_CABLE, context=context)
    assert found["recipient"] == {"Bulgarian Ministry of Foreign Affairs", "mladenov"}


COLLECTION_PAGE = """Переписка, том 2, с. 114

Прошу сообщить, готовы ли Вы принять наших представителей в начале апреля для переговоров о поставках.

ДИРЕКТИВА СТАВКИ ВГК № 220114

КОМАНДУЮЩЕМУ ВОЙСКАМИ 1-го УКРАИНСКОГО ФРОНТА Г.К. ЖУКОВУ

Ставка Верховного Главнокомандования приказывает удерживать занимаемые рубежи и пополнить дивизии до конца месяца.
"""


def test_the_next_documents_address_in_a_collection_is_read_and_a_dative_never_signs(context):
    found = roles(COLLECTION_PAGE, context=context)
    assert "zhukov" in found["recipient"]
    assert "zhukov" not in found.get("sender", set())
    assert "stavka" in found["sender"]
