"""Correspondents in an open world: organs of states, posts with names, people the authority lacks."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegraph.extract import PartialDate
from cablegraph.extract.correspondent_lists import split_correspondents
from cablegraph.extract.correspondents import Nations, read_organisation
from cablegraph.extract.facts import AgentFact, AgentRole, Evidence
from cablegraph.extract.open_world_people import (
    merge_open_world_people,
    open_world_person_id,
    person_name,
    split_post_and_name,
)

NATIONS = Nations.load()
EVIDENCE = Evidence("v0", 0, 1, "x", "test", 1.0)


@pytest.mark.parametrize(
    ("written", "label", "nation"),
    [
        ("the Bulgarian Embassy in Hanoi", "Bulgarian Embassy in Hanoi", "bulgaria"),
        ("Embassy of Poland in Cuba", "Polish Embassy in Cuba", "poland"),
        ("the Czechoslovak Embassy, Peking", "Czechoslovak Embassy in Peking", "czechoslovakia"),
        ("GDR Consulate General in Shanghai", "East German Consulate General in Shanghai", "east-germany"),
        ("USSR MFA", "USSR Ministry of Foreign Affairs", "ussr"),
        ("the Mongolian Foreign Ministry", "Mongolian Ministry of Foreign Affairs", "mongolia"),
        ("Ministry of Foreign Affairs of the DPRK", "DPRK Ministry of Foreign Affairs", "north-korea"),
        ("МИД СССР", "USSR Ministry of Foreign Affairs", "ussr"),
        ("Department of State", "US Ministry of Foreign Affairs", "usa"),
        ("CC CPSU", "CPSU Central Committee", "ussr"),
        ("Central Committee of the Polish United Workers' Party", "PUWP Central Committee", "poland"),
        ("ЦК ВКП(б)", "CPSU Central Committee", "ussr"),
        (
            "the Albanian Ministry of Foreign Affairs, Second Department",
            "Albanian Ministry of Foreign Affairs, Second Department",
            "albania",
        ),
        ("the Embassy in Mongolia", "Embassy in Mongolia", None),
        ("the Central Committee", "Central Committee", None),
        ("Military Council of the Far Eastern Front", "Military Council of the Far Eastern Front", None),
    ],
)
def test_organs_are_read_with_their_state_and_a_canonical_name(written, label, nation):
    organisation = read_organisation(written, NATIONS)
    assert organisation is not None
    assert (organisation.label, organisation.nation) == (label, nation)
    assert written.removeprefix("the ") in (organisation.label, *organisation.aliases) or organisation.aliases


@pytest.mark.parametrize("written", ["Stalin", "Mao Zedong", "the Soviet Ambassador in Hanoi", "A. DOBRYNIN", "Warsaw"])
def test_people_posts_and_places_are_not_organs(written):
    assert read_organisation(written, NATIONS) is None


def test_the_embassy_of_a_state_names_its_seat_in_the_gazetteer_spelling():
    organisation = read_organisation(
        "the Romanian Embassy in Peking", NATIONS, lambda name: "Beijing" if name == "Peking" else None
    )
    assert organisation.label == "Romanian Embassy in Beijing" and organisation.seat == "Beijing"
    assert organisation.id == "romanian-embassy-in-beijing"


@pytest.mark.parametrize(
    ("written", "post", "name"),
    [
        ("Soviet Ambassador to the USA Dobrynin", "Soviet Ambassador to the USA", "Dobrynin"),
        ("Polish Ambassador in Hanoi J. Siedlecki", "Polish Ambassador in Hanoi", "J. Siedlecki"),
        ("Comrade Kotov", "Comrade", "Kotov"),
        ("Signed: V. Ionescu", "Signed:", "V. Ionescu"),
        ("тов. Штыкову", "тов.", "Штыкову"),
        ("the Hungarian Chargé d'Affaires in Beijing", "the Hungarian Chargé d'Affaires in Beijing", ""),
        ("Kim Il Sung", "", "Kim Il Sung"),
    ],
)
def test_a_post_is_told_from_the_name_after_it(context, written, post, name):
    assert split_post_and_name(written, context.is_place_or_state) == (post, name)


@pytest.mark.parametrize(
    ("written", "name", "key"),
    [
        ("G R O M Y K O", "Gromyko", "u-gromyko"),
        ("A. DOBRYNIN", "A. Dobrynin", "u-dobrynin"),
        ("Dumitru Popa", "Dumitru Popa", "u-dumitru-popa"),
    ],
)
def test_names_are_normalised_and_ids_drop_initials(written, name, key):
    assert person_name(written) == name
    assert open_world_person_id(written) == key


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        (
            "the Central Committee and the Ministry of Foreign Affairs",
            ["the Central Committee", "the Ministry of Foreign Affairs"],
        ),
        (
            "the Bulgarian Ministry of Foreign Affairs, to comrade Ivan Bashev and Todor Zhivkov",
            ["the Bulgarian Ministry of Foreign Affairs", "comrade Ivan Bashev", "Todor Zhivkov"],
        ),
        ("Department of Soviet and East European Affairs", ["Department of Soviet and East European Affairs"]),
        (
            "the Ministry of Foreign Affairs (First and Third Directorates)",
            ["the Ministry of Foreign Affairs (First and Third Directorates)"],
        ),
        ("Politburo members Mikoyan and Suslov", ["Politburo members Mikoyan", "Suslov"]),
    ],
)
def test_lists_split_into_correspondents_but_organ_names_stay_whole(text, pieces):
    assert [text[a:b] for a, b in split_correspondents(text)] == pieces


def test_correspondents_resolve_to_the_authority_or_are_minted(context):
    when = PartialDate(1963, 5, 2)
    embassy = context.correspondent(AgentRole.SENDER, "the Polish Embassy in Hanoi", EVIDENCE, when)
    assert (embassy.organisation, embassy.label) == ("polish-embassy-in-hanoi", "Polish Embassy in Hanoi")
    known = context.correspondent(AgentRole.RECIPIENT, "Filippov", EVIDENCE, PartialDate(1950, 10, 1))
    assert known.person == "stalin" and known.label is None
    stranger = context.correspondent(AgentRole.SENDER, "Ambassador Jerzy Siedlecki", EVIDENCE, when)
    assert (stranger.person, stranger.label, stranger.as_written) == (
        "u-jerzy-siedlecki",
        "Jerzy Siedlecki",
        ("Ambassador Jerzy Siedlecki",),
    )
    post = context.correspondent(AgentRole.RECIPIENT, "the Bulgarian Ambassador in Ulan Bator", EVIDENCE, when)
    assert post.person is None and post.label == "Bulgarian Ambassador in Ulan Bator"


def test_the_forms_of_one_strangers_name_are_one_person():
    def minted(written, person, label):
        return AgentFact(AgentRole.SENDER, person, (written,), evidence=(EVIDENCE,), label=label)

    facts = [
        minted("Ionescu", "u-ionescu", "Ionescu"),
        minted("V. IONESCU", "u-ionescu", "V. Ionescu"),
        minted("Vasile Ionescu", "u-vasile-ionescu", "Vasile Ionescu"),
        minted("ИОНЕСКУ", "u-ionesku", "Ионеску"),
    ]
    assert {f.person for f in merge_open_world_people(facts)} == {"u-vasile-ionescu"}


def test_a_stateless_organ_takes_the_senders_state(context):
    from cablegraph.extract import parse_document
    from cablegraph.extract.registry import run_extractors

    page = (
        "Skip to content\n\nMarch 2, 1965\n\nCable from the Chinese Embassy in Albania, 'On the Visit'\n\n"
        "Foreign Ministry,\n\nThe delegation arrived this morning and was received at the airport by the Premier.\n"
    )
    extraction = run_extractors(parse_document(page, "stateless"), context)
    known = context.organisations.items
    recipients = {f.label or known[f.organisation].label for f in extraction.agents(AgentRole.RECIPIENT)}
    assert recipients == {"PRC Ministry of Foreign Affairs"}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*list("aAeE ,.()[]'&-"), "Embassy", " of ", " in ", "Ministry", "Soviet", "CC", "МИД", " and ", "Polish"]
        ),
        max_size=20,
    ).map("".join)
)
def test_reading_never_fails_and_labels_are_never_empty(text):
    organisation = read_organisation(text, NATIONS)
    if organisation is not None:
        assert organisation.label.strip() and organisation.id
    spans = split_correspondents(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    split_post_and_name(text)
