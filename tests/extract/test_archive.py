import pytest

from cablegraph.extract import ArchiveRefFact, read_document, run_extractors

from .helpers import export_document


def refs(extraction):
    return [(r.repository, r.fond, r.opis, r.delo, r.folios) for r in extraction.of_type(ArchiveRefFact)]


@pytest.mark.parametrize(
    ("citation", "expected"),
    [
        ("APRF, fond 45, opis 1, delo 334, listy 99-103 and RGASPI f. 558, Op. 11, D. 334, pp. 97-98.",
         [("APRF", "45", "1", "334", "99-103"), ("RGASPI", "558", "11", "334", "97-98")]),
        ("RGASPI F. 558 Op. 11 D. 334 pp. 105-106.", [("RGASPI", "558", "11", "334", "105-106")]),
        ("AP RF, f. 45, op. 1, d. 334, l. 141; and RGASPI, f. 558, op. 11, d. 334, ll. 0141.",
         [("APRF", "45", "1", "334", "141"), ("RGASPI", "558", "11", "334", "141")]),
        ("AVP RF, f. 07, op. 23a, d. 18, ll. 5-7, 9.", [("AVPRF", "07", "23a", "18", "5-7,9")]),
        ("ЦАМО РФ, ф. 5, оп. 918795, д. 122, л. 3.", [("TsAMO", "5", "918795", "122", "3")]),
        ("Archive of a private collection.", []),
    ],
)
def test_citation_forms(context, citation, expected):
    assert refs(run_extractors(export_document("Telegram from Stalin to Mao Zedong", citation_tail=citation), context)) == expected


def test_same_unit_cited_in_header_and_transcript_is_one_fact(seeds_dir, context):
    ex = run_extractors(read_document(seeds_dir / "004_2d287dbd93c7e576.txt"), context)
    [ref] = ex.of_type(ArchiveRefFact)
    assert (ref.repository, ref.fond, ref.opis, ref.delo, ref.folios) == ("RGASPI", "558", "11", "334", "85")
    assert [e.version for e in ref.evidence] == ["v0", "v1"]
    assert ref.evidence[1].quote == "РГАСПИ.ФН 558, ОП. N 11, Д N 334. Л. N 85"
