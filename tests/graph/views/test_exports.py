"""Every export parses with a standard reader and says what it should."""

import csv
import gzip
import io
import json

from lxml import etree
from rdflib import Dataset

from cablegraph.graph.views import exports

TEI = "{http://www.tei-c.org/ns/1.0}"


def test_rdf_exports_parse(sample_store):
    quads = Dataset()
    quads.parse(data=gzip.decompress(exports.nquads_gz(sample_store)).decode("utf-8"), format="nquads")
    assert len(list(quads.quads((None, None, None, None)))) == sample_store.quad_count()
    jsonld = Dataset()
    jsonld.parse(data=exports.jsonld(sample_store).decode("utf-8"), format="json-ld")
    assert len(list(jsonld.quads((None, None, None, None)))) == sample_store.quad_count()


def test_gexf_and_graphml(sample_store):
    gexf = etree.fromstring(exports.gexf(exports.network(sample_store)))
    edges = gexf.findall(".//{http://gexf.net/1.3}edge")
    stalin_mao = [e for e in edges if e.get("source").endswith("/stalin") and e.get("target").endswith("/mao-zedong")]
    assert stalin_mao and stalin_mao[0].get("weight") == "4"
    graphml = etree.fromstring(exports.graphml(exports.network(sample_store)))
    assert len(graphml.findall(".//{http://graphml.graphdrawing.org/xmlns}node")) >= 4


def test_cmif(sample_store, minter):
    from datetime import date

    from cablegraph.graph.views import cmif

    tei = etree.fromstring(
        cmif.cmif(cmif.letters(sample_store, minter), minter.base, minter.base + "cmif.xml", date(2024, 5, 1))
    )
    descs = tei.findall(f".//{TEI}correspDesc")
    assert len(descs) == 5
    roshchin = next(d for d in descs if d.get("key") == "002_8407d3f3e1911c0a")
    sent = roshchin.find(f"{TEI}correspAction[@type='sent']")
    assert (
        sent.find(f"{TEI}persName").text == "Nikolai Roshchin" and sent.find(f"{TEI}date").get("when") == "1950-10-03"
    )


def test_geojson_and_csv(sample_store):
    collection = json.loads(exports.geojson(sample_store))
    beijing = next(f for f in collection["features"] if f["properties"]["id"] == "beijing")
    assert beijing["geometry"]["coordinates"] == [116.4074, 39.9042]  # lon, lat (RFC 7946)
    assert beijing["properties"]["telegrams"] == 5
    rows = list(csv.DictReader(io.StringIO(exports.edges_csv(exports.network(sample_store)).decode("utf-8"))))
    assert {"source", "target", "kind", "weight", "date", "telegrams"} <= set(rows[0])
    assert {row["kind"] for row in rows} == {"telegram", "embedded", "referenced"}
    referenced = [
        (r["source"].rsplit("/", 1)[-1], r["target"].rsplit("/", 1)[-1], r["weight"], r["date"], r["telegrams"])
        for r in rows
        if r["kind"] == "referenced"
    ]
    assert referenced == [("mao-zedong", "stalin", "2", "1951-07-03", "003_1913699800420464 000_fb5d5a73bc23db73")]
    nodes = list(csv.DictReader(io.StringIO(exports.nodes_csv(exports.network(sample_store)).decode("utf-8"))))
    stalin = next(n for n in nodes if n["id"].endswith("/stalin"))
    assert (stalin["label"], stalin["sent"]) == ("Joseph Stalin", "6")


def test_the_catalogue_gives_the_network_sparql_gives(sample_store, minter):
    """The API writes its network exports from the catalogue, the CLI from the store: the same edges and labels."""
    from cablegraph.graph.catalogue.database import Catalogue

    catalogue = Catalogue(None)
    catalogue.refresh(sample_store, minter)
    by_sparql, by_catalogue = exports.network(sample_store), exports.catalogue_network(catalogue)
    assert sorted(by_catalogue.edges, key=repr) == sorted(by_sparql.edges, key=repr)
    assert len(by_catalogue.edges) >= 6 and by_catalogue.people == by_sparql.people
    assert all(by_catalogue.label(p) == by_sparql.label(p) for p in by_sparql.people)
    in_1950 = exports.catalogue_network(catalogue, end="1950-12")
    assert in_1950.edges and all(e.date <= "1950-12-31" for e in in_1950.edges)
    assert in_1950.weights()[(str(minter.person("stalin")), str(minter.person("mao-zedong")), "telegram")] == 2
    # the message Mao sent Stalin, quoted inside Roshchin's telegram 002, is an edge of its own kind
    assert by_sparql.weights()[(str(minter.person("mao-zedong")), str(minter.person("stalin")), "embedded")] == 1
    # so are the telegrams Mao sent that 003 and 000 refer to and the corpus lacks; 002's "No. 4581" is 001, not counted again
    referenced = [e for e in by_catalogue.edges if e.kind == "referenced"]
    assert sorted((e.doc_id, e.date, e.sender, e.recipient) for e in referenced) == [
        ("000_fb5d5a73bc23db73", "1951-09-08", str(minter.person("mao-zedong")), str(minter.person("stalin"))),
        ("003_1913699800420464", "1951-07-03", str(minter.person("mao-zedong")), str(minter.person("stalin"))),
    ]
    assert all("/reference/" in e.telegram for e in referenced)
    assert [e for e in by_catalogue.edges if e.doc_id == "002_8407d3f3e1911c0a"] and not [
        e for e in referenced if e.doc_id == "002_8407d3f3e1911c0a"
    ]
    roshchin = str(minter.person("roshchin"))
    assert {roshchin} <= set(exports.catalogue_network(catalogue, agent=roshchin).people)
    assert all(roshchin in (e.sender, e.recipient) for e in exports.catalogue_network(catalogue, agent=roshchin).edges)
    heavy = by_catalogue.at_least(4)
    assert set(heavy.weights()) == {pair for pair, n in by_catalogue.weights().items() if n >= 4} != set()
