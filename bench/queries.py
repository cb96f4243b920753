"""The queries timed on every server: the shapes of issue 8 and the questions of BRIEF §5.

Written against the union default graph (no GRAPH clauses), which all three servers are
asked to serve: cablegraph by default, `oxigraph serve --union-default-graph`, and
rdflib-endpoint's Dataset(default_union=True). Parameters come from the corpus manifest,
so the same query asks about data that exists at every size.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

PREFIXES = """PREFIX cg: <https://w3id.org/cablegraph/ns#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rico: <https://www.ica.org/standards/RiC/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#>
"""


@dataclass(frozen=True)
class Probe:
    """What the parameterised queries ask about."""

    base: str
    lookup: str  # doc id of the one-telegram lookup
    lookups: tuple[str, ...]  # doc ids the throughput test cycles through
    thread: str  # doc id in the middle of a reply chain
    sender: str = "stalin"
    recipient: str = "mao-zedong"
    start: str = "1950-07-01"
    end: str = "1950-12-31"
    word: str = "andong"
    record_set: str = "archive/aprf/f45/op1/d334"

    def telegram(self, doc_id: str) -> str:
        return f"<{self.base}id/telegram/{doc_id}>"

    def person(self, person_id: str) -> str:
        return f"<{self.base}id/person/{person_id}>"


@dataclass(frozen=True)
class Query:
    key: str
    group: str  # "shape" (issue 8) or "brief" (BRIEF §5)
    title: str
    text: str


def probe_from_manifest(manifest: dict[str, Any], base: str) -> Probe:
    documents = manifest["documents"]
    ids = [d["id"] for d in documents]
    incoming = Counter(d["refers_to"] for d in documents if d["refers_to"])
    # the most answered telegram that itself answers another: the middle of a chain
    answering = {d["id"] for d in documents if d["refers_to"]}
    thread = next((doc for doc, _ in incoming.most_common() if doc in answering), ids[len(ids) // 2])
    step = max(1, len(ids) // 64)
    return Probe(base, ids[len(ids) // 2], tuple(ids[::step][:64]), thread)


def lookup_query(probe: Probe, doc_id: str) -> str:
    return PREFIXES + f"SELECT ?p ?o WHERE {{ {probe.telegram(doc_id)} ?p ?o }}"


def queries(probe: Probe) -> list[Query]:
    """Every timed query: the query shapes of issue 8, then the questions of BRIEF §5."""
    return _shapes(probe) + _brief_correspondence(probe) + _brief_content(probe)


def _shapes(probe: Probe) -> list[Query]:
    t = probe.telegram
    date_filter = f'FILTER(?date >= "{probe.start}"^^xsd:date && ?date <= "{probe.end}"^^xsd:date)'
    return [
        Query("lookup", "shape", "one telegram: every property", lookup_query(probe, probe.lookup)),
        Query(
            "sender_dates",
            "shape",
            "by sender and date range",
            PREFIXES
            + f"""
SELECT ?t ?date ?title WHERE {{ ?t a cg:Telegram ; schema:sender {probe.person(probe.sender)} ; dcterms:date ?date ; dcterms:title ?title .
  {date_filter} }} ORDER BY ?date""",
        ),
        Query(
            "network",
            "shape",
            "network aggregate (sender, recipient, count)",
            PREFIXES
            + """
SELECT ?s ?r (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a cg:Telegram ; schema:sender ?s ; schema:recipient ?r } GROUP BY ?s ?r ORDER BY DESC(?n)""",
        ),
        Query(
            "reply_chain",
            "shape",
            "reply chain: references+ both ways (property path)",
            PREFIXES
            + f"""
SELECT DISTINCT ?t WHERE {{ {t(probe.thread)} (dcterms:references|^dcterms:references)+ ?t . ?t a cg:Telegram }}""",
        ),
        Query(
            "map",
            "shape",
            "map aggregate (place, coordinates, count)",
            PREFIXES
            + """
SELECT ?place ?lat ?lon (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t cg:mentionsPlace ?place . ?place wgs84:lat ?lat ; wgs84:long ?lon }
GROUP BY ?place ?lat ?lon ORDER BY DESC(?n)""",
        ),
        Query(
            "fulltext",
            "shape",
            f"full text: '{probe.word}' in any version (SPARQL scan)",
            PREFIXES
            + f"""
SELECT DISTINCT ?t WHERE {{ ?v a cg:TextVersion ; schema:text ?text ; rico:isOrWasInstantiationOf ?t .
  FILTER(CONTAINS(LCASE(?text), "{probe.word}")) }} LIMIT 100""",
        ),
    ]


def _brief_correspondence(probe: Probe) -> list[Query]:
    """BRIEF §5, questions 1-3: who wrote to whom, through whom, and in answer to what."""
    t = probe.telegram
    return [
        Query(
            "q1_stalin_mao",
            "brief",
            "1. Stalin to Mao, any signature: date, intermediaries, number",
            PREFIXES
            + f"""
SELECT ?t ?date ?via ?number WHERE {{ ?t a cg:Telegram ; schema:sender {probe.person(probe.sender)} ; schema:recipient {probe.person(probe.recipient)} .
  OPTIONAL {{ ?t dcterms:date ?date }} OPTIONAL {{ ?t cg:viaIntermediary ?via }}
  OPTIONAL {{ ?t rico:hasOrHadIdentifier/rico:textualValue ?number }} }} ORDER BY ?date""",
        ),
        Query(
            "q2_relays",
            "brief",
            "2. who relayed traffic, by month",
            PREFIXES
            + """
SELECT ?via ?month (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a cg:Telegram ; cg:viaIntermediary ?via ; dcterms:date ?date .
  BIND(SUBSTR(STR(?date), 1, 7) AS ?month) } GROUP BY ?via ?month ORDER BY ?month ?via""",
        ),
        Query(
            "q3_thread",
            "brief",
            "3. reply chain around one telegram (references, relays, embedded)",
            PREFIXES
            + f"""
SELECT ?kind ?other WHERE {{
  {{ {t(probe.thread)} dcterms:references ?other . ?other a cg:Telegram BIND("refers-to" AS ?kind) }}
  UNION {{ ?other dcterms:references {t(probe.thread)} . ?other a cg:Telegram BIND("referred-by" AS ?kind) }}
  UNION {{ ?other cg:relayedIn {t(probe.thread)} BIND("embedded" AS ?kind) }} }}""",
        ),
    ]


def _brief_content(probe: Probe) -> list[Query]:
    """BRIEF §5, questions 4-7: units, places, archival sources and the evidence of a fact."""
    t = probe.telegram
    return [
        Query(
            "q4_units",
            "brief",
            "4. military units July-October 1950, counts and affiliation",
            PREFIXES
            + """
SELECT ?t ?date ?type ?count ?affiliation ?label WHERE { ?t cg:mentionsUnit ?u ; dcterms:date ?date . ?u cg:unitType ?type .
  OPTIONAL { ?u cg:unitCount ?count } OPTIONAL { ?u cg:affiliation ?affiliation } OPTIONAL { ?u rdfs:label ?label }
  FILTER(?date >= "1950-07-01"^^xsd:date && ?date < "1950-11-01"^^xsd:date) }""",
        ),
        Query(
            "q5_places_month",
            "brief",
            "5. places per month with coordinates",
            PREFIXES
            + """
SELECT ?place ?lat ?lon ?month (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t cg:mentionsPlace ?place ; dcterms:date ?date .
  ?place wgs84:lat ?lat ; wgs84:long ?lon . BIND(SUBSTR(STR(?date), 1, 7) AS ?month) } GROUP BY ?place ?lat ?lon ?month""",
        ),
        Query(
            "q6_archive",
            "brief",
            "6. telegrams held in APRF f. 45, op. 1, d. 334",
            PREFIXES
            + f"""
SELECT DISTINCT ?t WHERE {{ ?t cg:archivalLocation ?location . ?location cg:inRecordSet <{probe.base}id/{probe.record_set}> }}""",
        ),
        Query(
            "q7_evidence",
            "brief",
            "7. evidence of a fact: quotation and version",
            PREFIXES
            + f"""
SELECT ?who ?quote ?version WHERE {{ ?statement rdf:subject {t(probe.lookup)} ; rdf:predicate schema:sender ; rdf:object ?who .
  ?annotation oa:hasBody ?statement ; oa:hasTarget ?target . ?target oa:hasSource ?version ; oa:hasSelector ?selector .
  ?selector oa:exact ?quote }}""",
        ),
    ]


def api_paths(probe: Probe) -> list[tuple[str, str]]:
    """(key, path) of the JSON API routes timed on cablegraph."""
    return [
        ("api_network", "/api/network"),
        ("api_places", "/api/places"),
        ("api_timeline", "/api/timeline"),
        ("api_search", "/api/telegrams?" + urlencode({"q": probe.word.capitalize(), "limit": 20})),
        ("api_telegram", f"/api/telegrams/{probe.lookup}"),
    ]
