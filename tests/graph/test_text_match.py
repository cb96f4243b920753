from hypothesis import given, strategies as st

from cablegraph.graph.text_match import expand_text_matches, has_text_match

PREFIX = "PREFIX cg: <https://w3id.org/cablegraph/ns#>\n"


def fake_search(words, limit):
    return [f"http://x/id/telegram/{w}" for w in words.split()][:limit]


def test_each_pattern_becomes_values_of_the_matching_telegrams():
    query = PREFIX + 'SELECT ?t WHERE { ?t cg:textMatch "a b" . ?t ?p ?o . ?u <https://w3id.org/cablegraph/ns#textMatch> \'c\' }'
    expanded, truncated = expand_text_matches(query, fake_search)
    assert "VALUES ?t { <http://x/id/telegram/a> <http://x/id/telegram/b> }" in expanded
    assert "VALUES ?u { <http://x/id/telegram/c> }" in expanded
    assert "?t ?p ?o" in expanded and "textMatch" not in expanded.replace(PREFIX, "") and not truncated


def test_a_predicate_list_goes_on_about_the_same_telegram():
    expanded, _ = expand_text_matches(PREFIX + 'SELECT * { ?t cg:textMatch "a" ; <http://p> ?o }', fake_search)
    assert "{ VALUES ?t { <http://x/id/telegram/a> } ?t <http://p> ?o }" in expanded


def test_escapes_and_language_tags():
    expanded, _ = expand_text_matches(PREFIX + r'SELECT * { ?t cg:textMatch "say \"x\""@en }', lambda words, limit: [f"http://x/{len(words)}"])
    assert "VALUES ?t { <http://x/7> }" in expanded


def test_no_match_means_no_rows_not_all_rows():
    expanded, _ = expand_text_matches(PREFIX + 'SELECT * { ?t cg:textMatch "zz" }', lambda words, limit: [])
    assert "VALUES ?t {  }" in expanded


@given(st.text(max_size=80))
def test_queries_without_the_property_are_untouched(text):
    query = "SELECT * WHERE { ?s ?p " + repr(text) + " }"
    if not has_text_match(query):
        assert expand_text_matches(query, fake_search) == (query, False)
