from pathlib import Path

import pytest

from cablegraph.extract import DocumentParseError, Layout, VersionKind, parse_document, read_document

DATA = Path(__file__).resolve().parent.parent / "data" / "telegrams"


def kinds(document):
    return [(v.kind, v.language) for v in document.versions]


def test_export_layout_header_fields(seeds_dir):
    doc = read_document(seeds_dir / "002_8407d3f3e1911c0a.txt")
    assert doc.layout is Layout.EXPORT
    assert doc.doc_id == "002_8407d3f3e1911c0a"
    assert doc.header.title.value == "Ciphered Telegram from Roshchin in Beijing to Filippov (Stalin)"
    assert doc.header.date.value == "October 03, 1950"
    assert doc.header.source_url.value == "http://digitalarchive.wilsoncenter.org/document/113732"
    assert doc.header.record_id.value == "113732"
    assert doc.header.original_language.value == "Russian"
    assert doc.header.contents == ("English Translation", "Scan of Original Document")


def test_header_field_positions_point_at_the_source(seeds_dir):
    doc = read_document(seeds_dir / "001_86e2695bae78fc10.txt")
    title = doc.header.title
    version = doc.version(title.version)
    start, end = title.source_span(0, len(title.value))
    # The title spans two markdown lines in the file; the span covers both.
    assert (
        version.text[start:end] == "Ciphered Telegram, Filippov [Stalin] to Mao Zedong  \nand Zhou Enlai (via Roshchin)"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "000_fb5d5a73bc23db73.txt",
            [
                (VersionKind.CATALOGUE, "en"),
                (VersionKind.SCAN_TRANSCRIPT, "ru"),
                (VersionKind.PUBLISHED_TRANSCRIPT, "ru"),
            ],
        ),
        (
            "001_86e2695bae78fc10.txt",
            [
                (VersionKind.CATALOGUE, "en"),
                (VersionKind.SCAN_TRANSCRIPT, "ru"),
                (VersionKind.PUBLISHED_TRANSCRIPT, "ru"),
                (VersionKind.TRANSLATION, "en"),
            ],
        ),
        (
            "002_8407d3f3e1911c0a.txt",
            [(VersionKind.CATALOGUE, "en"), (VersionKind.TRANSLATION, "en"), (VersionKind.SCAN_TRANSCRIPT, "ru")],
        ),
        (
            "003_1913699800420464.txt",
            [
                (VersionKind.CATALOGUE, "en"),
                (VersionKind.SCAN_TRANSCRIPT, "ru"),
                (VersionKind.PUBLISHED_TRANSCRIPT, "ru"),
                (VersionKind.TRANSLATION, "en"),
            ],
        ),
        (
            "004_2d287dbd93c7e576.txt",
            [(VersionKind.CATALOGUE, "en"), (VersionKind.TRANSCRIPT, "ru"), (VersionKind.TRANSLATION, "en")],
        ),
    ],
)
def test_seed_versions(seeds_dir, name, expected):
    assert kinds(read_document(seeds_dir / name)) == expected


def test_versions_split_where_the_message_starts_over(seeds_dir):
    doc = read_document(seeds_dir / "001_86e2695bae78fc10.txt")
    scan, published = doc.versions[1], doc.versions[2]
    assert scan.text.startswith("Передано т.Булганину.")
    assert scan.text.rstrip().endswith("1 октября 1950г.")
    assert published.text.startswith("Передано т.Булганину [из Сочи]")
    assert doc.versions[3].text.startswith("Transmitted to Bulganin")


def test_versions_cover_their_source_text(seeds_dir):
    doc = read_document(seeds_dir / "003_1913699800420464.txt")
    for version in doc.versions:
        assert doc.text[version.offset : version.end] == version.text
    # Page numbers before the first transcript line belong to the transcript, not the header.
    assert doc.versions[1].text.startswith("№ 40, II")


def test_webpage_layout():
    doc = read_document(DATA / "web_razuvaev_1950.txt")
    assert doc.layout is Layout.WEBPAGE
    assert doc.header.title.value == "Ciphered Telegram No. 75021, Razuvaev to Filippov [Stalin]"
    assert doc.header.date.value == "November 2, 1950"
    assert doc.header.citation.value == "AP RF, f. 45, op. 1, d. 347, ll. 12-13. Translated by Jane Roe."
    assert doc.header.record_id.value == "900001"
    assert doc.header.doc_type.value == "Telegram"
    assert doc.header.language.value == "Russian"
    assert doc.header.credits.value.startswith("This document was made possible")
    body = doc.body_versions
    assert len(body) == 1 and body[0].kind is VersionKind.TRANSLATION and body[0].language == "en"
    assert body[0].text.startswith("TOP SECRET") and body[0].text.rstrip().endswith("2 November 1950")
    assert [v.key for v in doc.versions] == ["v0", "v1", "trailer"]


def test_bare_text_without_header_is_one_version():
    doc = parse_document("Тов. Сталину.\n\nДокладываю, что поручение выполнено.\n\nРОЩИН\n", doc_id="bare")
    assert doc.header.title is None
    assert [(v.kind, v.language) for v in doc.versions] == [(VersionKind.TRANSCRIPT, "ru")]


def test_long_runs_of_blank_lines_are_read_as_three():
    """Issue 16: a megabyte of line breaks was a million lines for each extractor to read."""
    text = "Тов. Сталину.\r\n" + "\n \t\n" * 5_000 + "Докладываю, что поручение выполнено.\n\n\n\nРОЩИН\n"
    doc = parse_document(text, doc_id="blank-runs")
    assert doc.text == "Тов. Сталину.\n\n\n\nДокладываю, что поручение выполнено.\n\n\n\nРОЩИН\n"
    assert doc.versions[0].text.splitlines()[-1] == "РОЩИН"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty document"),
        (b"   \n\n", "empty document"),
        (b"\x00\x01binary", "binary file"),
        (b"\xff\xfe\xfa not utf-8", "not UTF-8"),
    ],
)
def test_bad_files_name_the_file_and_the_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentParseError) as raised:
        read_document(path)
    assert raised.value.path == str(path)
    assert reason in raised.value.reason
    assert str(path) in str(raised.value)


def test_missing_file(tmp_path):
    with pytest.raises(DocumentParseError, match="cannot read file"):
        read_document(tmp_path / "absent.txt")


def test_a_saved_page_without_its_information_block_keeps_date_and_title():
    """The page as a reader saves it: site chrome, the date line, the title, the telegram."""
    page = (
        "Skip to content\n\nMarch 3, 1961\n\nTelegram from the Polish Embassy in Havana to the Ministry of Foreign Affairs\n\n"
        "Publication of this document was supported by a foundation\n\nSECRET\n\nThe Minister received me today.\n\nKowalski\n"
    )
    doc = parse_document(page, doc_id="page")
    assert doc.layout is Layout.WEBPAGE
    assert doc.header.date.value == "March 3, 1961"
    assert doc.header.title.value == "Telegram from the Polish Embassy in Havana to the Ministry of Foreign Affairs"
    assert doc.body_versions[0].text.lstrip().startswith("Publication") or "SECRET" in doc.body_versions[0].text
    assert "March 3, 1961" not in doc.body_versions[0].text


def test_the_older_page_layout_takes_its_title_from_the_citation():
    page = (
        "April 2, 1952\n"
        "    A short account of a meeting, written by the archive's editors.\n"
        '    "Ivanov to Petrov, on the grain shipments," April 2, 1952, History and Public Policy Program Digital Archive, '
        "APRF, Fond 3, Opis 1, Delo 2, List 3.\n"
        "To Comrade PETROV\n\nThe shipments left on time.\n\nIvanov\n"
    )
    doc = parse_document(page, doc_id="old")
    assert doc.header.title.value == "Ivanov to Petrov, on the grain shipments"
    assert doc.header.summary.value.startswith("A short account")
    assert doc.header.citation.value.startswith('"Ivanov to Petrov')
    assert doc.body_versions[0].text.lstrip().startswith("To Comrade PETROV")
