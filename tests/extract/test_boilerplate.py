"""Credits, rights, navigation, bibliography, footnotes, page summaries and editors' brackets are not the telegram."""

from hypothesis import given
from hypothesis import strategies as st

from cablegraph.extract import PlaceFact, parse_document, run_extractors
from cablegraph.extract.boilerplate import Spans, editorial_insertions, non_content_spans

PAGE = """Skip to content

March 3, 1957

Cable from the Embassy in Mongolia to the Foreign Ministry

Publication of this document was supported by the Carnegie Corporation of New York

To the Foreign Ministry:

The trade delegation arrived in Ulaanbaatar today from Irkutsk.[1] Talks begin tomorrow.

Embassy in Mongolia

[1] The delegation had first stopped in Harbin and Warsaw, according to the editors.

The embassy tells the ministry that a trade delegation has reached Ulaanbaatar by way of Moscow and Tokyo.

Document Information

Source

Archive of the ministry, file 12. Translated by a volunteer.

Rights

The History and Public Policy Program is glad to see Digital Archive materials reused, in London and Paris.
"""


def _places(context, text):
    return {
        p.place for p in run_extractors(parse_document(text, doc_id="b"), context, ["places.v1"]).of_type(PlaceFact)
    }


def test_a_page_names_as_facts_only_what_its_telegram_names(context):
    found = _places(context, PAGE)
    assert {"irkutsk", "mongolia"} <= found
    assert not {"new-york", "harbin", "warsaw", "moscow", "tokyo", "london", "paris"} & found


def test_the_page_summary_is_the_documents_summary_not_its_text():
    document = parse_document(PAGE, doc_id="b")
    assert document.header.summary.value.startswith("The embassy tells the ministry")
    assert all("Tokyo" not in v.text for v in document.body_versions)
    assert document.header.credits.value.startswith("Publication of this document")


def test_a_summary_like_last_line_of_a_cut_telegram_stays_text():
    page = PAGE.replace(
        "The embassy tells the ministry that a trade delegation has reached Ulaanbaatar by way of Moscow and Tokyo.",
        "The embassy tells the ministry that the talks in Tokyo wer",
    )
    assert parse_document(page, doc_id="b").header.summary is None


def test_bibliographic_lines_and_editors_notes():
    text = (
        "Товарищу Жукову.\n\nПриказываю наступать на Брест.\n\n"
        "Печатается по изданию: Переписка Председателя Совета Министров СССР с Президентами США. М., 1957.\n"
        "Министров СССР… С. 101–102.\n\nПримечание\n\nОперация у Ковеля и Луцка описана в мемуарах.\n"
    )
    spans = non_content_spans(text)
    assert not spans.covers(text.index("Брест"), text.index("Брест") + 5)
    for word in ("СССР", "США", "С. 101", "Ковеля"):
        start = text.index(word)
        assert spans.covers(start, start + len(word)), word


def test_editors_brackets_gloss_a_name_or_insert_words(context):
    text = "The column passed Antung [Dandong] and met [the DRV Ambassador] Comrade Li Jian at the station.\n"
    spans = editorial_insertions(text, lambda inner: inner[:1].isupper() and len(inner.split()) == 1)
    gloss, insertion = text.index("[Dandong]"), text.index("[the DRV")
    assert not spans.covers(gloss, gloss + 9) and spans.covers(insertion, insertion + 10)
    found = _places(context, text)
    assert "andong" in found or "dandong" in found
    assert "jian" not in found  # a person's name after "Comrade", not Ji'an on the Yalu


def test_an_editors_bracket_saying_where_a_telegram_went_names_a_place(context):
    assert "sochi" in _places(context, "Передано т. Булганину [из Сочи]\n")


def test_organisations_events_and_owners_hold_no_place(context):
    text = (
        "The USSR First Deputy Minister of Foreign Affairs spoke of the Geneva accords, the Warsaw Pact, "
        "the MacArthur Foundation and the Communist Party of China; the Embassy in Cuba agreed.\n"
    )
    found = _places(context, text)
    assert "cuba" in found
    assert not {"ussr", "geneva", "warsaw", "china"} & found


def test_a_russian_dispatch_line_in_lower_case(context):
    assert "beijing" in _places(context, "Экз. № 1\n\nИз пекина        22.7.1950 г.\n\nТекст.\n")


@given(
    st.lists(st.tuples(st.integers(0, 500), st.integers(1, 50)), max_size=30), st.integers(0, 560), st.integers(1, 30)
)
def test_spans_overlap_as_a_list_scan_says(raw, start, length):
    spans = [(s, s + n) for s, n in raw]
    end = start + length
    assert Spans.of(spans).covers(start, end) == any(s < end and start < e for s, e in spans)
