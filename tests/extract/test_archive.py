import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegraph.extract import ArchiveRefFact, parse_document, read_document, run_extractors
from cablegraph.extract.extractors.archive import find_archive_refs

from .helpers import MEGABYTE_SECONDS, export_document


def refs(extraction):
    return [(r.repository, r.fond, r.opis, r.delo, r.folios) for r in extraction.of_type(ArchiveRefFact)]


def found(text):
    return [(r.repository, r.fond, r.opis, r.delo, r.folios) for r in find_archive_refs(text)]


@pytest.mark.parametrize(
    ("citation", "expected"),
    [
        (
            "APRF, fond 45, opis 1, delo 334, listy 99-103 and RGASPI f. 558, Op. 11, D. 334, pp. 97-98.",
            [("APRF", "45", "1", "334", "99-103"), ("RGASPI", "558", "11", "334", "97-98")],
        ),
        ("RGASPI F. 558 Op. 11 D. 334 pp. 105-106.", [("RGASPI", "558", "11", "334", "105-106")]),
        (
            "AP RF, f. 45, op. 1, d. 334, l. 141; and RGASPI, f. 558, op. 11, d. 334, ll. 0141.",
            [("APRF", "45", "1", "334", "141"), ("RGASPI", "558", "11", "334", "141")],
        ),
        ("AVP RF, f. 07, op. 23a, d. 18, ll. 5-7, 9.", [("AVPRF", "07", "23a", "18", "5-7,9")]),
        ("ЦАМО РФ, ф. 5, оп. 918795, д. 122, л. 3.", [("TsAMO", "5", "918795", "122", "3")]),
        ("Archive of a private collection.", []),
    ],
)
def test_citation_forms(context, citation, expected):
    assert (
        refs(run_extractors(export_document("Telegram from Stalin to Mao Zedong", citation_tail=citation), context))
        == expected
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Russian archives: units in any order, a papka before the delo, Cyrillic abbreviations.
        (
            "AVPRF, fond 082, opis 12, papka 71, delo 5; translated for CWIHP by Ivan Petrov.",
            [("AVPRF", "082", "12", "5", None)],
        ),
        (
            "Archive of Foreign Policy of the Russian Federation (AVP RF), Moscow, fond 0102, opis 7, papka 27, delo 41, listy 12-15.",
            [("AVPRF", "0102", "7", "41", "12-15")],
        ),
        ("АВП РФ. Ф. 0100. Оп. 43. П. 302. Д. 10. Л. 45–47.", [("AVPRF", "0100", "43", "10", "45-47")]),
        ("ЦАМО РФ. Ф. 3. Оп. 11556. Д. 14. Л. 145", [("TsAMO", "3", "11556", "14", "145")]),
        ("ЦАМО. Ф. 208а. Оп. 2511. Д. 1029. Л. 7–8 .", [("TsAMO", "208а", "2511", "1029", "7-8")]),
        ("АП РФ. Ф. 45. Оп. 1. Д. 346", [("APRF", "45", "1", "346", None)]),
        (
            "APRF: F. 39, Op. 1, D. 31, L.68. Reprinted in a collection (Moscow, 2005), p. 20.",
            [("APRF", "39", "1", "31", "68")],
        ),
        (
            "APRF, f. 3, op. 65, d. 829, ll. 46-48; f. 45, op. 1, d. 334, l. 12.",
            [("APRF", "3", "65", "829", "46-48"), ("APRF", "45", "1", "334", "12")],
        ),
        ("GARF, f. R-9401, op. 2, d. 199, ll. 5-9 ob.", [("GARF", "R-9401", "2", "199", "5-9")]),
        ("RGANI, fond 5, opis 30, delo 163, listy 1-4.", [("RGANI", "5", "30", "163", "1-4")]),
        ("RGANI, Ф. 89. Перечень 48. Док. 10.", [("RGANI", "89", "48", "10", None)]),
        (
            "RGASPI, fond 17, opis 162, delo 44 and TsAMO RF, f. 16, op. 3139, d. 15, l. 1.",
            [("RGASPI", "17", "162", "44", None), ("TsAMO", "16", "3139", "15", "1")],
        ),
        # The PRC Foreign Ministry Archive: series-file-item, or a single file number.
        ("PRC FMA 109-01234-05, 12-14. Translated by Zhang Wei.", [("PRC FMA", "109", "01234", "05", "12-14")]),
        ("Chinese Foreign Ministry Archive, File No. 109-00321-07.", [("PRC FMA", "109", "00321", "07", None)]),
        ("PRC Foreign Ministry Archive No. 11298.", [("PRC FMA", None, None, "11298", None)]),
        (
            "Archives of the Ministry of Foreign Affairs of the People's Republic of China, No. 105-00612-02, pp. 3-5.",
            [("PRC FMA", "105", "00612", "02", "3-5")],
        ),
        # Polish AMSZ: zespół, wiązka, teczka.
        (
            "AMSZ, Warsaw, 6/77, 1964: w-91, t-512, obtained and translated by Anna Nowak.",
            [("AMSZ", "6/77", "w-91", "t-512", None)],
        ),
        ("AMSZ, Z-12, W-4, T-22.", [("AMSZ", "Z-12", "W-4", "T-22", None)]),
        (
            "Archiwum Ministerstwa Spraw Zagranicznych (AMSZ), Departament II, z. 10, w. 48, t. 1014, k. 3-5.",
            [("AMSZ", "10", "48", "1014", "3-5")],
        ),
        # Romanian AMAE: issue/matter -> opis, folder -> delo.
        (
            "AMAE, Folder 912/1975, Issue 220: Relations with some countries in Europe.",
            [("AMAE", None, "220", "912/1975", None)],
        ),
        (
            "Archive of the Romanian Ministry of Foreign Affairs, Matter 220/Year 1969/Country: North Korea, Folder 1,473, Concerning visits.",
            [("AMAE", None, "220", "1,473", None)],
        ),
        # Hungarian MOL: fond signature, box, registered file number.
        (
            "MOL, XIX-J-1-j Korea, 1967, 61. doboz, 5, 001520/1967. Translated by Balazs Szalontai.",
            [("MOL", "XIX-J-1-j", "61", "001520/1967", None)],
        ),
        (
            "Hungarian National Archives (MOL), XIX-J-1-j Vietnam, 1965, 70. doboz, IV-100, 001347/1965.",
            [("MOL", "XIX-J-1-j", "70", "001347/1965", None)],
        ),
        ("MOL, M-KS 288. f. 5/3. ő. e.", [("MOL", "288", None, "5/3", None)]),
        # A French ministry archive: the repository as printed, nothing else.
        (
            "Archives of the Ministry of Foreign Affairs, France. Obtained by Enrico Fardella.",
            [("Archives of the Ministry of Foreign Affairs, France", None, None, None, None)],
        ),
        # Mentions that are not citations.
        ("The documents of the MOL were read.", []),
        ("He went to the APRF in 1992 to read the files.", []),
        ("RGASPI holds the papers.", []),
    ],
)
def test_archive_forms(text, expected):
    assert found(text) == expected


def test_the_span_is_the_citation():
    text = "Source: AMSZ, Warsaw, 6/77, 1964: w-91, t-512, obtained by Anna Nowak."
    [ref] = find_archive_refs(text)
    assert text[ref.start : ref.end] == "AMSZ, Warsaw, 6/77, 1964: w-91, t-512"


def test_citation_in_the_page_trailer_is_read(context):
    """A saved page whose citation is left after the telegram, not in a citation field."""
    page = (
        "March 5, 1965\n\nCable from the Foreign Ministry to the Embassy in Moscow\n\n"
        "To: Moscow\n\nPlease report on the meeting.\n\nForeign Ministry\n\nDocument Information\n\n"
        "Source\n\nPRC FMA 109-04123-03, 11-12. Obtained by Li Ming.\n"
    )
    doc = parse_document(page, doc_id="page")
    ex = run_extractors(doc, context)
    assert refs(ex) == [("PRC FMA", "109", "04123", "03", "11-12")]
    [ref] = ex.of_type(ArchiveRefFact)
    for evidence in ref.evidence:
        assert doc.version(evidence.version).text[evidence.start : evidence.end] == evidence.quote
        assert evidence.quote.startswith("PRC FMA 109-04123-03")


def test_a_unit_cited_with_and_without_folios_is_one_fact(context):
    body = "Текст телеграммы.\n\n1\nАПРФ. Ф. 45. Оп. 1. Д. 331. Л. 17.\n2\nАПРФ. Ф. 45. Оп. 1. Д. 331.\n"
    doc = export_document("Telegram from Stalin to Shtykov", citation_tail="Translated by John Doe.", body=body)
    assert refs(run_extractors(doc, context)) == [("APRF", "45", "1", "331", "17")]


def test_same_unit_cited_in_header_and_transcript_is_one_fact(seeds_dir, context):
    ex = run_extractors(read_document(seeds_dir / "004_2d287dbd93c7e576.txt"), context)
    [ref] = ex.of_type(ArchiveRefFact)
    assert (ref.repository, ref.fond, ref.opis, ref.delo, ref.folios) == ("RGASPI", "558", "11", "334", "85")
    assert [e.version for e in ref.evidence] == ["v0", "v1"]
    assert ref.evidence[1].quote == "РГАСПИ.ФН 558, ОП. N 11, Д N 334. Л. N 85"


_PIECES = st.sampled_from(
    [
        "APRF",
        "АП РФ",
        "ЦАМО",
        "PRC FMA",
        "AMSZ",
        "AMAE",
        "MOL",
        "Folder",
        "Issue",
        "doboz",
        "f.",
        "Ф.",
        "op.",
        "Оп.",
        "d.",
        "Д.",
        "papka",
        "П.",
        "l.",
        "Л.",
        "ll.",
        "w-",
        "t-",
        "XIX-J-1-j",
        "109-",
        "-",
        "/",
        ",",
        ".",
        ";",
        ":",
        " ",
        "\t",
        "\n",
        "(",
        ")",
        "№",
    ]
)
_CITATIONS = st.lists(st.one_of(_PIECES, st.integers(0, 99999).map(str), st.text(max_size=3)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_CITATIONS)
def test_any_text_reads_without_crashing_and_spans_are_exact(text):
    for ref in find_archive_refs(text):
        assert 0 <= ref.start < ref.end <= len(text)
        assert ref.repository
        quoted = text[ref.start : ref.end]
        for value in (ref.fond, ref.opis, ref.delo):
            assert value is None or value in quoted


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 999), st.integers(1, 99999), st.integers(1, 9999), st.integers(1, 999))
def test_russian_units_round_trip(fond, opis, delo, folio):
    text = f"Источник: АП РФ. Ф. {fond}. Оп. {opis}. Д. {delo}. Л. {folio}. Перевод."
    assert found(text) == [("APRF", str(fond), str(opis), str(delo), str(folio))]


def test_a_megabyte_of_separators_digits_and_labels_reads_in_linear_time():
    chunk = (
        "APRF, f. 1 op. 2. \t 3.. XII ЦАМО Ф. Оп. 45 . , ; PRC FMA 109-1 AMSZ 6/77 w-1 MOL XIX-J 1. doboz 1/1964 "
        + " " * 200
        + "." * 200
        + "1" * 200
    )
    text = (chunk * (1_000_000 // len(chunk) + 1))[:1_000_000]
    started = time.perf_counter()
    find_archive_refs(text)
    find_archive_refs(" " * 1_000_000 + "APRF")
    find_archive_refs("APRF, f." + " " * 500_000 + "1" * 500_000)
    assert time.perf_counter() - started < MEGABYTE_SECONDS
