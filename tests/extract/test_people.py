from cablegraph.extract import AgentRole, parse_document, run_extractors
from cablegraph.extract.extractors.people import looks_like_a_name, nominative


def test_unknown_russian_people_are_kept_with_low_confidence(context):
    text = "Тов. Сталину.\n\nСообщаю, что товарищ Игнатьев передал Панюшкину указание о поездке в Пекин.\n\nРОЩИН\n"
    document = parse_document(text, doc_id="people")
    mentioned = {a.person: a for a in run_extractors(document, context).agents(AgentRole.MENTIONED)}
    assert "panyushkin" in mentioned  # known: from the authority data
    ignatiev = mentioned["u-ignatev"]
    assert ignatiev.as_written == ("Игнатьев",)
    assert ignatiev.evidence[0].confidence == 0.5 and ignatiev.evidence[0].rule == "people.v1"


def test_nominative_and_name_shape():
    assert nominative("Игнатьеву") == "Игнатьев"
    assert nominative("Доронченковой") == "Доронченкова"
    assert looks_like_a_name("Игнатьев")
    assert not looks_like_a_name("Вас")
    assert not looks_like_a_name("Т Докладываю")


# --- English: unknown people found by the trained model or after an honorific -------------

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from cablegraph.extract.extractors.people import extract_unknown_people
from cablegraph.extract.extractors.people_english import english_name_shape

from .helpers import MEGABYTE_SECONDS


def _mentioned(text, context):
    document = parse_document(text, doc_id="people-en")
    return {a.person: a for a in run_extractors(document, context).agents(AgentRole.MENTIONED)}


def test_english_people_outside_the_authority_are_mentioned(context):
    text = (
        "Publication of this document was supported by the Ford Foundation\n\n"
        "Ciphergram No. 4410\n\n"
        "Today the Presidium confirmed the new cabinet. [Lajos] Bebrits was made deputy chairman, and Comrade "
        "Sandor Ronai proposed that Ambassador [Vilmos] Boldoczki return to the ministry. Mr. Harold Caccia "
        "called on me in the evening and spoke at length about the Warsaw Pact.\n"
    )
    mentioned = _mentioned(text, context)
    labels = {fact.label for fact in mentioned.values() if fact.label}
    assert {"Lajos Bebrits", "Sandor Ronai", "Vilmos Boldoczki", "Harold Caccia"} <= labels
    assert not any("Ford" in label or "Warsaw" in label or "Presidium" in label for label in labels)
    bebrits = next(f for f in mentioned.values() if f.label == "Lajos Bebrits")
    assert bebrits.as_written == ("[Lajos] Bebrits",)
    assert bebrits.evidence[0].rule.startswith("people.v1+")


def test_one_fact_per_person_with_every_mention_as_evidence(context):
    text = (
        "I met Comrade Sandor Ronai today.\nLater Sandor Ronai telephoned again about the talks with the delegation.\n"
    )
    ronai = [f for f in _mentioned(text, context).values() if f.label == "Sandor Ronai"]
    assert len(ronai) == 1 and len(ronai[0].evidence) == 2


def test_known_surnames_signatures_and_credits_are_left_alone(context):
    text = (
        "We met Fidel Castro and the ministers in the evening and passed on your message.\n"
        "Castro said the reply would follow tomorrow after consultations with the leadership.\n\n"
        "Translated by Svetlana Savranskaya\n\nALEKSEEV\n"
    )
    mentioned = _mentioned(text, context)
    assert "u-castro" not in mentioned and "u-svetlana-savranskaya" not in mentioned
    assert "u-alekseev" not in mentioned


def test_copy_holders_are_people_mentioned(context):
    text = "Шифртелеграмма\n\nЭкз.N 3—тов.Молотову\nЭкз.N 4—тов.Берия\n\nСообщаю, что переговоры продолжаются.\n"
    assert {"molotov", "beria"} <= set(_mentioned(text, context))


def test_english_name_shape():
    assert english_name_shape("Ramchundur Goburdhun")
    assert english_name_shape("U Thant")
    assert english_name_shape("Charles de Gaulle")
    assert not english_name_shape("Leon Levy Foundation")
    assert not english_name_shape("Warsaw Pact")
    assert not english_name_shape("the minister")
    assert not english_name_shape("Comrade")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from([*list("Aa[] .\n,'Cde"), "Comrade ", "Mr. ", "Ambassador ", "Kovacs", "Fund"]), max_size=80
    ).map("".join)
)
def test_english_reader_never_fails_and_keeps_spans_in_the_text(context, text):
    document = parse_document("Telegram\n\n" + text + "\nEnd of the message text.\n", doc_id="prop")
    for fact in extract_unknown_people(document, context):
        assert fact.role is AgentRole.MENTIONED and fact.evidence
        for evidence in fact.evidence:
            assert evidence.quote and evidence.quote.strip() == evidence.quote
            assert evidence.quote in document.text


def test_a_megabyte_of_names_reads_in_seconds(context):
    text = ("Ambassador [Antal] Apro met Comrade Zoltan Tildy and Mr. Bela Kovacs in Budapest. " * 12500)[:1_000_000]
    document = parse_document(text, doc_id="big")
    started = time.process_time()
    facts = list(extract_unknown_people(document, context))
    assert time.process_time() - started < MEGABYTE_SECONDS
    assert len(facts) <= 5


# --- The models read only the sentences that may name someone new ---------------------------------

from cablegraph.extract.extractors.people_english import ENGLISH_STARTERS as _ENGLISH_STARTERS
from cablegraph.extract.extractors.people_reading import read_excerpt as _excerpt

_KNOWN_ONLY = "Stalin and Mao Zedong met in Moscow on Monday."
_UNKNOWN = "Laszlo Kardos was rejected as a candidate."


def test_sentences_of_known_names_are_left_out_and_the_one_before_a_new_name_is_kept(context):
    text = f"{_KNOWN_ONLY} The talks went well.\n\nThe weather was cold. {_UNKNOWN}\nTop secret. Copy No. 3.\n"
    excerpt = _excerpt(text, text, context, _ENGLISH_STARTERS)
    assert excerpt.text == f"The weather was cold. {_UNKNOWN}"
    start = excerpt.text.index("Laszlo Kardos")
    assert excerpt.span(start, start + len("Laszlo Kardos")) == (
        text.index("Laszlo"),
        text.index("Laszlo") + len("Laszlo Kardos"),
    )


def test_a_span_across_two_excerpts_maps_to_nothing(context):
    text = (
        f"{_KNOWN_ONLY} The talks went well.\nThe weather was cold. Comrade Petrovsky came.\n"
        f"{_KNOWN_ONLY} The talks went well.\nIt rained. Mr. Hrabal left.\n"
    )
    excerpt = _excerpt(text, text, context, _ENGLISH_STARTERS)
    assert excerpt.text == "The weather was cold. Comrade Petrovsky came. It rained. Mr. Hrabal left."
    assert excerpt.span(excerpt.text.index("came"), excerpt.text.index("It rained") + 2) is None
    assert excerpt.span(excerpt.text.index("It"), excerpt.text.index("It") + 2) == (
        text.index("It rained"),
        text.index("It rained") + 2,
    )


def test_a_new_name_next_to_known_ones_is_still_found(context):
    document = parse_document(f"Telegram\n\n{_KNOWN_ONLY} {_KNOWN_ONLY}\n{_UNKNOWN}\n{_KNOWN_ONLY}\n", doc_id="excerpt")
    written = {w for fact in extract_unknown_people(document, context) for w in fact.as_written}
    assert "Laszlo Kardos" in written


def test_russian_sentences_of_known_names_and_dictionary_words_are_left_out(context):
    text = "Сегодня Сталин принял Мао Цзэдуна в Москве.\nПереговоры продолжаются.\nВчера прибыл товарищ Кардошев.\n"
    excerpt = _excerpt(text, text, context, frozenset())
    assert excerpt.text == "Переговоры продолжаются.\nВчера прибыл товарищ Кардошев."


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Stalin ", "Mao ", "Kovacs ", "the ", "Find ", "met. ", "\n", "Москве. ", "Кардош ", "вчера ", "  "]
        ),
        max_size=40,
    ).map("".join)
)
def test_every_excerpt_offset_leads_back_to_the_same_text(context, text):
    excerpt = _excerpt(text, text, context, _ENGLISH_STARTERS)
    for start in range(len(excerpt.text)):
        found = excerpt.span(start, start + 1)
        if found is not None:
            assert text[found[0] : found[1]] == excerpt.text[start]
