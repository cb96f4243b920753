import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablegraph.graph.sparql.text_match import TextMatchError, expand_text_matches, has_text_match

PREFIX = "PREFIX cg: <https://w3id.org/cablegraph/ns#>\n"


def fake_search(words, limit):
    return [f"http://x/id/telegram/{w}" for w in words.split()][:limit]


def test_each_pattern_becomes_values_of_the_matching_telegrams():
    query = (
        PREFIX
        + "SELECT ?t WHERE { ?t cg:textMatch \"a b\" . ?t ?p ?o . ?u <https://w3id.org/cablegraph/ns#textMatch> 'c' }"
    )
    expanded, truncated = expand_text_matches(query, fake_search)
    assert "VALUES ?t { <http://x/id/telegram/a> <http://x/id/telegram/b> }" in expanded
    assert "VALUES ?u { <http://x/id/telegram/c> }" in expanded
    assert "?t ?p ?o" in expanded and "textMatch" not in expanded.replace(PREFIX, "") and not truncated


def test_a_predicate_list_goes_on_about_the_same_telegram():
    expanded, _ = expand_text_matches(PREFIX + 'SELECT * { ?t cg:textMatch "a" ; <http://p> ?o }', fake_search)
    assert "{ VALUES ?t { <http://x/id/telegram/a> } ?t <http://p> ?o }" in expanded


def test_escapes_and_language_tags():
    expanded, _ = expand_text_matches(
        PREFIX + r'SELECT * { ?t cg:textMatch "say \"x\""@en }', lambda words, limit: [f"http://x/{len(words)}"]
    )
    assert "VALUES ?t { <http://x/7> }" in expanded


def test_no_match_means_no_rows_not_all_rows():
    expanded, _ = expand_text_matches(PREFIX + 'SELECT * { ?t cg:textMatch "zz" }', lambda words, limit: [])
    assert "VALUES ?t {  }" in expanded


@given(st.text(max_size=80))
def test_queries_without_the_property_are_untouched(text):
    query = "SELECT * WHERE { ?s ?p " + repr(text) + " }"
    if not has_text_match(query):
        assert expand_text_matches(query, fake_search) == (query, False)


def test_the_property_is_found_by_its_iri_under_any_prefix():
    query = 'PREFIX cgns: <https://w3id.org/cablegraph/ns#>\nSELECT ?t { ?t cgns:textMatch "a" }'
    assert has_text_match(query)
    assert "VALUES ?t { <http://x/id/telegram/a> }" in expand_text_matches(query, fake_search)[0]


def test_a_cg_prefix_bound_elsewhere_is_not_ours():
    query = 'PREFIX cg: <http://example.org/x#>\nSELECT ?t { ?t cg:textMatch "a" }'
    assert not has_text_match(query)
    assert expand_text_matches(query, fake_search) == (query, False)


def test_strings_and_comments_that_mention_the_property_are_left_alone():
    query = PREFIX + 'SELECT ?t { ?t ?p "?x cg:textMatch \'a\'" # ?y cg:textMatch "b"\n }'
    assert not has_text_match(query)


def test_a_pattern_that_continues_a_predicate_list_ends_it_first():
    query = PREFIX + 'SELECT ?t { ?t a cg:Telegram ; cg:textMatch "a" . }'
    expanded, _ = expand_text_matches(query, fake_search)
    assert "?t a cg:Telegram . VALUES ?t { <http://x/id/telegram/a> }" in expanded
    assert "textMatch" not in expanded.replace(PREFIX, "")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("?t cg:textMatch ?words", "string as its object"),
        ("<http://x/t> cg:textMatch 'a'", "variable as its subject"),
        ("?t cg:textMatch 5", "string as its object"),
    ],
)
def test_a_pattern_the_index_cannot_answer_is_refused_with_the_reason(pattern, message):
    with pytest.raises(TextMatchError, match=message):
        expand_text_matches(PREFIX + "SELECT * { " + pattern + " }", fake_search)
