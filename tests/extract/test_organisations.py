"""Organisations are recognised and typed, and their names hold no person and no place."""

import pytest

from cablegraph.extract import AgentFact, OrganisationFact, PlaceFact, parse_document, run_extractors
from cablegraph.extract.facts import AgentRole
from cablegraph.extract.mentions import named_after_spans

TEXT = (
    "Cable\n\nTASS and Xinhua carried the statement of the Warsaw Pact; the Comintern and the Cominform were "
    "recalled. Comrade Zhang of the International Department of the CPSU Central Committee and the PRC Ministry "
    "of Foreign Affairs agreed. The grant of the MacArthur Foundation, the Marshall Plan and the Lenin Prize were "
    "not discussed; the Geneva Convention was. Comrade Kim Il Sung arrived in Warsaw.\n\n"
    "Сообщение ТАСС передано в Москву; Красной Армии и Коминформу.\n"
)


@pytest.fixture(scope="module")
def extraction(context):
    return run_extractors(parse_document(TEXT, doc_id="orgs"), context)


def test_organisations_of_every_kind_are_found_and_typed(extraction, context):
    found = {f.organisation for f in extraction.of_type(OrganisationFact)}
    assert {
        "tass",
        "xinhua",
        "warsaw-pact",
        "comintern",
        "cominform",
        "cc-cpsu-international-department",
        "mfa-prc",
        "soviet-army",
    } <= found
    kinds = {o: context.organisations.items[o].type for o in found}
    assert (
        kinds["tass"] == "news-agency" and kinds["warsaw-pact"] == "alliance" and kinds["comintern"] == "international"
    )
    assert context.organisations.items["cc-cpsu-international-department"].parent == "cc-vkpb"
    assert {"ТАСС", "TASS"} <= set(
        next(f for f in extraction.of_type(OrganisationFact) if f.organisation == "tass").as_written
    )


def test_an_organisations_name_is_not_a_place_or_a_person(extraction):
    places = {f.place: f for f in extraction.of_type(PlaceFact)}
    assert "geneva" not in places and "china" not in places
    assert [e.quote for e in places["warsaw"].evidence] == ["Warsaw"]  # "arrived in Warsaw", not the Pact
    mentioned = {f.person for f in extraction.of_type(AgentFact) if f.role is AgentRole.MENTIONED}
    assert "kim-il-sung" in mentioned
    assert not {"macarthur", "lenin"} & mentioned


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("a grant of the MacArthur Foundation", "MacArthur Foundation"),
        ("under the Marshall Plan", "Marshall Plan"),
        ("awarded the Order of Lenin", "Order of Lenin"),
        ("на заводе имени Сталина", "имени Сталина"),
        ("Kim Il Sung University", "Kim Il Sung University"),
    ],
)
def test_names_given_after_a_person(text, named):
    assert [text[s:e] for s, e in named_after_spans(text)] == [named]


def test_a_person_and_a_following_plan_stay_apart():
    text = "Comrade Kim Il Sung. The Marshall Plan"
    assert [text[s:e] for s, e in named_after_spans(text)] == ["The Marshall Plan"]


def test_an_editors_bracket_resolves_the_name_before_it_and_is_no_new_mention(context):
    text = "Cable\n\nComrade Kuznetsov [Stalin] agrees, and I met Zhou [Enlai] at the station. Comrade Malenkov was there.\n\nRoshchin\n"
    mentioned = {
        f.person: f
        for f in run_extractors(parse_document(text, doc_id="br"), context).of_type(AgentFact)
        if f.role is AgentRole.MENTIONED
    }
    assert set(mentioned) == {"stalin", "zhou-enlai", "malenkov"}
    assert mentioned["stalin"].pseudonym == "Kuznetsov"
    assert [e.quote for e in mentioned["zhou-enlai"].evidence] == ["Zhou", "Enlai"]
