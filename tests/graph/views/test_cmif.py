"""CMIF as correspSearch takes it: its RELAX NG customization (run with Debian's jing when installed)
and the rules of its Schematron (cmif.sch), checked here by hand since no XSLT 2 Schematron runner
is available offline; authority IRIs, places and intermediaries from the sample corpus."""

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from cablegraph.graph.views import cmif

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SHARED_CMIF = Path(__file__).resolve().parents[4] / "shared" / "cmif"
SCHEMA = SHARED_CMIF / "cmi-customization.rng"
PUBLISHED = date(2024, 5, 1)


@pytest.fixture(scope="module")
def letters(sample_store, minter):
    return {letter.doc_id: letter for letter in cmif.letters(sample_store, minter)}


@pytest.fixture(scope="module")
def strict(letters, minter) -> bytes:
    return cmif.cmif(list(letters.values()), minter.base, minter.base + "cmif.xml", PUBLISHED, editor="A. Historian")


def test_people_by_wikidata_where_known_and_places_of_sending_and_receipt(letters, minter):
    via_roshchin = letters["004_2d287dbd93c7e576"]  # Filippov to the Soviet Ambassador, Peking
    assert [n.ref for n in via_roshchin.senders] == ["http://www.wikidata.org/entity/Q855"]
    assert {n.label: n.ref for n in via_roshchin.recipients}["Mao Zedong"] == "http://www.wikidata.org/entity/Q5816"
    assert [n.label for n in via_roshchin.intermediaries] == ["Nikolai Roshchin"]
    assert [n.label for n in via_roshchin.received_at] == ["Beijing"]  # the post's place
    krasovsky = letters["003_1913699800420464"]  # "ПЕКИН, Тов. КРАСОВСКОМУ для тов. МАО ЦЗЕ-ДУНУ"
    assert [n.label for n in krasovsky.intermediaries] == ["Stepan Krasovsky"] and [
        n.label for n in krasovsky.received_at
    ] == ["Beijing"]
    from_beijing = letters["002_8407d3f3e1911c0a"]  # "from Roshchin in Beijing to Filippov"
    assert [n.label for n in from_beijing.sent_from] == ["Beijing"] and from_beijing.received_at == ()
    for letter in letters.values():  # a place ref is a GeoNames IRI when the gazetteer has one, else ours
        for place in (*letter.sent_from, *letter.received_at):
            assert (
                re.match(r"https?://(www\.|sws\.)?geonames\.org/\d+", place.ref)
                or place.ref == minter.base + "id/place/beijing"
            )


def test_the_header_has_editor_date_licence_and_a_uuid_source(strict):
    tei = etree.fromstring(strict)
    assert tei.findtext(f".//{TEI}titleStmt/{TEI}editor") == "A. Historian"
    publication = tei.find(f".//{TEI}publicationStmt")
    assert [child.tag.removeprefix(TEI) for child in publication] == ["publisher", "idno", "date", "availability"]
    assert publication.find(f"{TEI}date").get("when") == "2024-05-01"
    licence = publication.find(f"{TEI}availability/{TEI}licence")
    assert (
        licence.get("target") == "https://creativecommons.org/licenses/by/4.0/"
        and "texts are not in it" in licence.text
    )
    bibl = tei.find(f".//{TEI}sourceDesc/{TEI}bibl")
    assert bibl.get("type") == "online" and re.fullmatch(
        r"[a-f][0-9a-f]{7}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", bibl.get(XML_ID)
    )


def test_the_schematron_rules_hold(strict):
    """cmif.sch by hand: W0001 bibl/@xml:id is a UUID; E0001/E0002 every correspDesc has a sent and a
    received action; E0003 correspDesc/@source names a bibl/@xml:id; E0004 every date has a dating attribute."""
    tei = etree.fromstring(strict)
    ids = {bibl.get(XML_ID) for bibl in tei.iter(f"{TEI}bibl")}
    assert all(re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", i) for i in ids)
    descs = tei.findall(f".//{TEI}correspDesc")
    assert len(descs) == 5
    for desc in descs:
        assert desc.find(f"{TEI}correspAction[@type='sent']") is not None
        assert desc.find(f"{TEI}correspAction[@type='received']") is not None
        assert desc.get("source").partition("#")[2] in ids
    dates = list(tei.iter(f"{TEI}date"))
    assert len(dates) == 6 and all({"when", "from", "to", "notBefore", "notAfter"} & set(d.keys()) for d in dates)


def test_intermediaries_are_named_as_the_schema_allows_and_as_tei_has_them(letters, minter, strict):
    tei = etree.fromstring(strict)
    desc = next(d for d in tei.iter(f"{TEI}correspDesc") if d.get("key") == "001_86e2695bae78fc10")
    note = desc.find(f"{TEI}note[@type='transmitted']")
    assert [p.text for p in note.findall(f"{TEI}persName")] == ["Nikolai Roshchin", "Nikolai Bulganin"]
    assert desc.find(f"{TEI}correspAction[@type='received']/{TEI}placeName").text == "Beijing"
    full = etree.fromstring(
        cmif.cmif(list(letters.values()), minter.base, minter.base + "cmif.xml", PUBLISHED, strict=False)
    )
    desc = next(d for d in full.iter(f"{TEI}correspDesc") if d.get("key") == "001_86e2695bae78fc10")
    assert [a.get("type") for a in desc.findall(f"{TEI}correspAction")] == ["sent", "transmitted", "received"]
    assert [p.text for p in desc.find(f"{TEI}correspAction[@type='transmitted']")] == [
        "Nikolai Roshchin",
        "Nikolai Bulganin",
    ]


def _jing(document: bytes, tmp_path: Path) -> subprocess.CompletedProcess:
    if shutil.which("jing") is None:
        pytest.skip("Debian's jing is not installed (.ci/run installs it): the RELAX NG check needs it")
    if not SCHEMA.exists():
        pytest.skip(f"correspSearch's CMIF schema is not at {SCHEMA}")
    path = tmp_path / "cmif.xml"
    path.write_bytes(document)
    return subprocess.run(["jing", str(SCHEMA), str(path)], capture_output=True, text=True, timeout=120)


def test_jing_accepts_the_cmif_export(strict, tmp_path):
    checked = _jing(strict, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_jing_refuses_tei_transmitted_actions_and_nothing_else(letters, minter, tmp_path):
    """Why the CMIF export keeps intermediaries in a note: correspSearch's customization admits only
    'sent' and 'received' correspActions."""
    full = cmif.cmif(list(letters.values()), minter.base, minter.base + "cmif.xml", PUBLISHED, strict=False)
    checked = _jing(full, tmp_path)
    errors = [line for line in checked.stdout.splitlines() if ": error:" in line]
    assert errors and all(
        'value of attribute "type" is invalid; must be equal to "received" or "sent"' in line for line in errors
    )
