from hypothesis import given
from hypothesis import strategies as st

from cablegraph.extract.search_terms import term, terms, words


def test_russian_words_meet_in_their_dictionary_form():
    assert terms("Мао Цзэдуну") == terms("Мао Цзэдуна") == ["мао", "цзэдун"]
    assert term("телеграммы") == term("телеграмму") == "телеграмма"
    assert term("Ковалёв") == term("Ковалев")


def test_latin_words_lose_case_and_diacritics_and_split_at_hyphens():
    assert terms("Mao Tse-tung") == ["mao", "tse", "tung"]
    assert term("Pétain") == "petain"


@given(st.text(max_size=200))
def test_words_are_only_letters_and_digits(text):
    for word in words(text):
        assert word and all(ch.isalnum() for ch in word)
    assert len(terms(text)) == len(words(text))
