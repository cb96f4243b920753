"""The reading room as a browser without JavaScript sees it: server-rendered HTML with real values."""

import re
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from cablegraph.graph.views.reading import nest_spans
from cablegraph.ontology import OA

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"}
SEED_001 = "001_86e2695bae78fc10"
SEED_002 = "002_8407d3f3e1911c0a"
STATIC = Path(__file__).resolve().parents[2] / "api" / "static"


def page(client, url: str) -> lxml.html.HtmlElement:
    response = client.get(url, headers=BROWSER)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return lxml.html.fromstring(response.text)


def text(tree, xpath: str) -> str:
    return " ".join(" ".join(node.text_content().split()) for node in tree.xpath(xpath))


def test_home_shows_statistics_and_the_example_questions(client):
    tree = page(client, "/")
    store = client.app.state.services.store
    assert text(tree, "//dd[@id='stat-telegrams']") == "5"
    assert text(tree, "//dd[@id='stat-quads']") == f"{store.quad_count():,}"
    assert text(tree, "//dd[@id='stat-dates']") == "1950-07-13 – 1951-09-12"
    assert int(text(tree, "//dd[@id='stat-places']")) >= 10
    questions = tree.xpath("//ol[@class='questions']/li")
    assert len(questions) == 24  # every cookbook entry (docs/queries.md)
    assert "Stalin to Mao" in questions[0].text_content()
    assert [q.xpath(".//a")[0].get("href") for q in questions] == [f"/sparql?example={n}" for n in range(1, 25)]
    assert client.get("/healthz").json() == {"status": "ok"}


def test_every_page_links_only_to_packaged_scripts_and_styles(client):
    for url in (
        "/",
        "/sparql",
        "/telegrams",
        f"/doc/telegram/{SEED_001}",
        "/doc/person/stalin",
        "/doc/place/beijing",
        "/people",
        "/map",
        "/network",
        "/timeline",
        "/units",
        "/units/division",
    ):
        tree = page(client, url)
        assert tree.xpath("//nav[@aria-label='Main']//a[@href='/telegrams']"), url
        assets = tree.xpath("//script/@src | //link[@rel='stylesheet']/@href")
        assert assets and all(a.startswith("/static/") for a in assets), (url, assets)
        for asset in assets:
            assert client.get(asset).status_code == 200, asset


def test_api_docs_load_nothing_from_another_host(client):
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text
    assert "cdn" not in docs.text.lower()
    tree = lxml.html.fromstring(docs.text)
    assets = tree.xpath("//script/@src | //link[@rel='stylesheet']/@href | //link[@rel='shortcut icon']/@href")
    assert len(assets) >= 2 and all(a.startswith("/static/") and client.get(a).status_code == 200 for a in assets), (
        assets
    )
    assert client.get("/redoc").status_code == 404


def test_vendored_libraries_carry_their_licences():
    for library in ("yasgui", "leaflet", "d3", "world", "swagger-ui"):
        assert (STATIC / "vendor" / library / "LICENSE").is_file(), library
    assert (STATIC / "vendor" / "world" / "countries-110m.geojson").stat().st_size < 400_000
    total = sum(path.stat().st_size for path in (STATIC / "vendor").rglob("*") if path.is_file())
    assert total < 4_000_000


def test_sparql_page_for_browsers_service_description_for_everyone_else(client):
    tree = page(client, "/sparql?example=3")
    assert tree.xpath("//div[@id='yasgui']/@data-chosen") == ["3"]
    assert tree.xpath("//script/@src")[:1] == ["/static/vendor/yasgui/yasgui.min.js"]
    assert len(tree.xpath("//section[@class='examples']//textarea[@name='query']")) == 24
    assert tree.xpath("//details[@open]/@id") == ["example-3"]
    # the picker lists every example under its cookbook group, the chosen one selected; it works without scripts
    groups = tree.xpath("//select[@id='example-choice']/optgroup/@label")
    assert groups[:2] == ["People and their names", "Correspondence: who wrote to whom, through whom, in reply to what"]
    assert "Military units" in groups and len(groups) == len(tree.xpath("//h3[@class='example-group']"))
    assert len(tree.xpath("//select[@id='example-choice']//option")) == 24
    assert tree.xpath("//select[@id='example-choice']//option[@selected]/@value") == ["3"]
    assert tree.xpath("//optgroup[@label='Military units']/option/text()")[0].startswith(
        "Military units mentioned between July"
    )
    assert tree.xpath("//form[@id='example-picker']/@action") == ["/sparql"]
    for accept in ("text/turtle", "*/*", None):
        response = client.get("/sparql", headers={"Accept": accept} if accept else {})
        assert response.headers["content-type"].startswith("text/turtle"), accept
        assert "service-description" in response.text or "sd:" in response.text


def test_every_example_question_answers(client):
    for number in range(1, 25):
        tree = page(client, f"/sparql?example={number}")
        query = tree.xpath(f"//textarea[@id='query-{number}']")[0].text_content()
        answer = client.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 200, (number, answer.text)
        assert answer.json()["results"]["bindings"], number


def test_reader_header_facts(client):
    tree = page(client, f"/doc/telegram/{SEED_001}")
    assert text(tree, "//h1") == "Ciphered Telegram, Filippov [Stalin] to Mao Zedong and Zhou Enlai (via Roshchin)"
    senders = text(tree, "//dd[@id='senders']")
    assert senders.startswith("Joseph Stalin") and "ФИЛИППОВ" in senders
    assert "Mao Zedong" in text(tree, "//dd[@id='recipients']") and "МАО ЦЗЕ-ДУНУ" in text(
        tree, "//dd[@id='recipients']"
    )
    assert "Nikolai Roshchin" in text(tree, "//dd[@id='intermediaries']")
    page_text = tree.text_content()
    assert "APRF, fond 45, opis 1, delo 334, folios 99-103" in page_text
    assert tree.xpath("//dd[@id='senders']/a/@href") == ["/doc/person/stalin"]


def test_reader_names_versions_languages_and_values_in_words(client):
    """No version keys (v0–v3), language codes, slugs or hashes where a reader looks."""
    tree = page(client, f"/doc/telegram/{SEED_001}")
    assert text(tree, "//dt[.='Original language']/following-sibling::dd") == "Russian"
    evidence = [
        " ".join(a.text_content().split()) for a in tree.xpath("//section[@class='fact-list']//a[@data-evidence]")
    ]
    assert evidence and not [e for e in evidence if re.match(r"v\d+:", e)]
    assert any(e.startswith("English translation: “") for e in evidence)
    assert any(e.startswith("Catalogue record: “") for e in evidence)
    values = {
        text(li, "span[@class='relation']"): text(li, "*[contains(@class, 'value')]")
        for li in tree.xpath("//section[@class='fact-list']/ol/li")
    }
    assert values["source URL"].startswith("https://") and values["source URL"].endswith("/113729")
    numbers = text(tree, "//section[@class='header-facts']//dt[.='Numbers']/following-sibling::dd")
    assert not re.search(r"\bv\d\b", numbers)
    cable = page(client, "/doc/telegram/004_2d287dbd93c7e576")
    assert "as Soviet Ambassador to China" in text(cable, "//dd[@id='intermediaries']")
    general_staff = page(client, "/doc/telegram/002_8407d3f3e1911c0a")
    copies = [
        text(li, "*[contains(@class, 'value')]")
        for li in general_staff.xpath("//section[@class='fact-list']/ol/li")
        if text(li, "span[@class='relation']") == "copy"
    ]
    assert "10 copies, holders not named" in copies
    assert not [c for c in copies if re.fullmatch(r"[0-9a-f]{12}", c)]


def test_home_has_a_search_box_and_plain_words(client):
    tree = page(client, "/")
    form = tree.xpath("//form[@role='search']")[0]
    assert form.get("action") == "/telegrams" and form.xpath(".//input[@type='search']/@name") == ["q"]
    assert tree.xpath("//label[@for='home-q']") and tree.xpath("//input[@id='home-q']")
    words = tree.text_content()
    assert "Quads" not in words.replace("N-Quads", "") and "seed" not in words.lower()
    assert text(tree, "//dd[@id='stat-quads']/preceding-sibling::dt") == "Statements in the graph"


def test_reader_marks_each_fact_at_its_evidence_span(client):
    tree = page(client, f"/doc/telegram/{SEED_001}")
    headings = [" ".join(h.text_content().split()) for h in tree.xpath("//section[contains(@class, 'version')]/h3")]
    assert [h.split(" · ")[0] for h in headings] == [
        "Russian transcript of the scan Russian",
        "Published Russian transcript Russian",
        "English translation English",
    ]
    record = client.get(f"/api/telegrams/{SEED_001}").json()
    quotes = {}
    for field in ("senders", "recipients", "intermediaries", "persons", "places"):
        for item in record[field]:
            for evidence in item["evidence"]:
                quotes[(evidence["version"], evidence["start"])] = evidence["quote"]
    entries = {li.get("data-fact"): li for li in tree.xpath("//section[contains(@class,'fact-list')]//li[@data-fact]")}
    marks = tree.xpath("//mark[@id]")
    assert len(marks) > 60
    checked = 0
    for mark in marks:
        evidence = mark.get("data-evidence")
        assert mark.get("id") == f"ev-{evidence}" and mark.get("tabindex") == "0"
        link = entries[mark.get("data-fact")].xpath(f".//a[@data-evidence='{evidence}']")[0]
        version, quote = link.get("data-version"), re.match(r"[^:]+: “(.*)”$", link.text_content(), re.S).group(1)
        start = int(re.search(r"characters (\d+)–", link.getparent().text_content()).group(1))
        if not mark.xpath(".//mark") and quote == mark.text_content():
            checked += 1
        assert quotes.get((version, start), quote) == quote
    assert checked > 50
    stalin = [m for m in marks if m.text_content() == "ФИЛИППОВ"]
    assert stalin and stalin[0].get("title") == "sender: Joseph Stalin" and "kind-person" in stalin[0].get("class")


def test_fact_rdf_is_the_statement_and_its_evidence(client):
    tree = page(client, f"/doc/telegram/{SEED_001}")
    href = tree.xpath("//li[starts-with(normalize-space(.), 'sender')]/a[@class='rdf']/@href")[0]
    response = client.get(href)
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    telegram = URIRef(f"http://127.0.0.1:8000/id/telegram/{SEED_001}")
    stalin = URIRef("http://127.0.0.1:8000/id/person/stalin")
    statement = next(graph.subjects(RDF.type, RDF.Statement))
    assert (statement, RDF.object, stalin) in graph and (telegram, None, stalin) in graph
    assert len(set(graph.subjects(OA.hasBody, statement))) == 4  # catalogue, both transcripts, translation
    assert len(set(graph.subjects(RDF.type, OA.TextQuoteSelector))) == 4
    assert client.get(f"/telegrams/{SEED_001}/facts/nothing.ttl").status_code == 404


def test_reader_reply_thread(client):
    tree = page(client, f"/doc/telegram/{SEED_002}")
    thread = text(tree, "//ul[@id='thread']")
    assert "Refers to Ciphered Telegram, Filippov [Stalin] to Mao Zedong" in thread
    assert "Relays a message from Mao Zedong" in thread
    assert f"/doc/telegram/{SEED_001}" in tree.xpath("//ul[@id='thread']//a/@href")
    back = page(client, f"/doc/telegram/{SEED_001}")
    assert "Referred to by Ciphered Telegram from Roshchin in Beijing" in text(back, "//ul[@id='thread']")


def test_linked_data_keeps_rdf_and_the_html_suffix_opens_the_reader(client):
    assert "Reply thread" in client.get(f"/doc/telegram/{SEED_001}.html").text
    turtle = client.get(f"/doc/telegram/{SEED_001}", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert client.get("/doc/person/nobody-at-all", headers=BROWSER).status_code == 404
    other = client.get("/doc/organisation/pla", headers=BROWSER)
    assert other.status_code == 200 and "organisation/pla" in other.text


def test_telegram_list_pages_and_filters(client):
    tree = page(client, "/telegrams")
    rows = tree.xpath("//table[@id='telegrams']/tbody/tr")
    assert len(rows) == 5
    assert rows[0].xpath("td[1]")[0].text_content() == "1950-07-13"
    assert "Joseph Stalin" in rows[0].xpath("td[3]")[0].text_content()
    first = page(client, "/telegrams?limit=2")
    assert len(first.xpath("//table[@id='telegrams']/tbody/tr")) == 2
    assert first.xpath("//a[@rel='next']/@href") == ["/telegrams?limit=2&offset=2"]
    last = page(client, "/telegrams?limit=2&offset=4")
    assert len(last.xpath("//table[@id='telegrams']/tbody/tr")) == 1 and not last.xpath("//a[@rel='next']")
    assert last.xpath("//a[@rel='prev']/@href") == ["/telegrams?limit=2&offset=2"]
    october = page(client, "/telegrams?start=1950-10&end=1950-10")
    assert [r.xpath("td[1]")[0].text_content() for r in october.xpath("//table[@id='telegrams']/tbody/tr")] == [
        "1950-10-01",
        "1950-10-03",
    ]


def test_person_page(client):
    tree = page(client, "/doc/person/stalin")
    assert text(tree, "//h1") == "Joseph Stalin"
    assert "Filippov" in text(tree, "//dd[@id='pseudonyms']")
    assert "ФИЛИППОВ" in text(tree, "//dd[@id='as-written']") and "ФИЛИПНОВУ" in text(tree, "//dd[@id='as-written']")
    correspondents = {
        tr.xpath("td[1]")[0].text_content(): tr.xpath("td[2]")[0].text_content()
        for tr in tree.xpath("//table[@id='correspondents']/tbody/tr")
    }
    assert correspondents["Mao Zedong"] == "4"
    assert text(tree, "//h3[@id='role-sender']") == "Sender (4)"
    roshchin = page(client, "/id/person/roshchin")
    assert "Soviet Ambassador to China (1948-05-01 – 1952-06-01)" in text(roshchin, "//ul[@id='posts']")


def test_place_page(client):
    tree = page(client, "/doc/place/beijing")
    assert text(tree, "//h1") == "Beijing"
    assert text(tree, "//dd[@id='coordinates']") == "39.9042° N, 116.4074° E"
    assert tree.xpath("//div[@id='place-map']/@data-lat") == ["39.9042"]
    assert len(tree.xpath("//ul[@id='place-telegrams']/li")) == 5
    assert "Пекин" in text(tree, "//ul[@id='place-telegrams']")


def test_lists_map_network_timeline_and_units(client):
    people = page(client, "/people?q=mao")
    assert [a.text_content() for a in people.xpath("//table[@id='people']//a")] == ["Mao Zedong"]
    places = page(client, "/map")
    first = places.xpath("//table[@id='places']/tbody/tr[1]/td")
    assert [td.text_content() for td in first[:2]] == ["Beijing", "5"]
    assert places.xpath("//div[@id='map']/@data-source") == ["/api/places"]
    network = page(client, "/network")
    edges = [
        " → ".join(td.text_content() for td in tr.xpath("td[position() <= 2]"))
        for tr in network.xpath("//table[@id='edges']/tbody/tr")
    ]
    assert "Joseph Stalin → Mao Zedong" in edges and "Nikolai Roshchin → Joseph Stalin" in edges
    # Mao's message to Stalin quoted inside 002: listed as a message, carried by 002
    quoted = [[td.text_content() for td in tr.xpath("td")] for tr in network.xpath("//table[@id='embedded']/tbody/tr")]
    assert ["Mao Zedong", "Joseph Stalin", "002"] in quoted
    # the telegrams Mao sent that 003 and 000 refer to and the collection lacks; 002's "No. 4581" is 001, listed above
    referenced = [
        [td.text_content() for td in tr.xpath("td")] for tr in network.xpath("//table[@id='referenced']/tbody/tr")
    ]
    assert referenced == [["Mao Zedong", "Joseph Stalin", "003, 000"]]
    later = page(client, "/network?start=1951")
    assert len(later.xpath("//table[@id='edges']/tbody/tr")) == 1
    timeline = page(client, "/timeline")
    periods = {
        tr.xpath("td[1]")[0].text_content(): tr.xpath("td[2]")[0].text_content()
        for tr in timeline.xpath("//table[@id='periods']/tbody/tr")
    }
    assert periods["1950-10"] == "2" and periods["1950-07"] == "1"
    assert "Nikolai Roshchin → Joseph Stalin (1)" in text(timeline, "//table[@id='periods']")
    units = page(client, "/units")
    assert "/units/division" in units.xpath("//ul[@id='unit-types']//a/@href")
    division = page(client, "/units/division")
    assert "девять китайских дивизий" in text(division, "//table[@id='formations']")
    # affiliations in words, not as the extractor's codes
    affiliations = {td.text_content() for td in units.xpath("//table//tbody/tr/td[3]")}
    assert {"Soviet", "Chinese", "North Korean"} <= affiliations and not {"soviet", "north-korean"} & affiliations
    assert "Chinese" in text(division, "//table[@id='formations']") and "chinese" not in text(
        division, "//table[@id='formations']"
    )
    assert client.get("/units/cavalry-horde", headers=BROWSER).status_code == 404


@given(
    st.text(alphabet="abc ", min_size=0, max_size=30),
    st.lists(st.tuples(st.integers(0, 30), st.integers(1, 12)), max_size=8),
)
def test_nested_marks_keep_the_text_and_balance(text_, raw):
    spans = [
        (start, start + length, f"f{i}", f"e{i}")
        for i, (start, length) in enumerate(raw)
        if start + length <= len(text_)
    ]
    pieces = nest_spans(text_, spans)
    assert "".join(p.text for p in pieces if p.kind == "text") == text_
    depth, covered, position = [], {}, 0
    for piece in pieces:
        if piece.kind == "open":
            depth.append(piece.evidence)
        elif piece.kind == "close":
            assert depth.pop() == piece.evidence
        else:
            for evidence in depth:
                covered.setdefault(evidence, []).append((position, position + len(piece.text)))
            position += len(piece.text)
    assert depth == []
    for start, end, _, evidence in spans:
        if start < end:
            assert sorted(covered[evidence]) and min(s for s, _ in covered[evidence]) == start
            assert max(e for _, e in covered[evidence]) == end
            assert sum(e - s for s, e in covered[evidence]) == end - start


@pytest.mark.parametrize("url", ["/telegrams?start=1950-1x", "/network?end=yesterday"])
def test_bad_dates_are_refused(client, url):
    assert client.get(url, headers=BROWSER).status_code == 422


def test_telegram_list_searches_words_and_names(client):
    page = client.get("/telegrams", params={"q": "Мао Цзэдуну", "start": "1951"})
    assert page.status_code == 200
    assert "2 telegrams matching “Мао Цзэдуну” dated 1951" in page.text
    assert "/doc/telegram/000_fb5d5a73bc23db73" in page.text and "/doc/telegram/001_86e2695bae78fc10" not in page.text
    nothing = client.get("/telegrams", params={"q": "zzyzx"})
    assert "0 telegrams matching" in nothing.text


def test_a_browser_gets_an_html_error_page_and_programs_a_problem(client):
    page = client.get("/doc/telegram/nope", headers={"Accept": "text/html,application/xhtml+xml"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Not Found" in page.text and "no telegram with id" in page.text and 'href="/telegrams"' in page.text
    program = client.get("/api/telegrams/nope", headers={"Accept": "text/html"})
    assert program.status_code == 404 and program.headers["content-type"] == "application/problem+json"


def test_sparql_editor_knows_the_dataset_prefixes():
    """The results table writes datatypes and IRIs with the same prefixes as the rest of the dataset."""
    from cablegraph.ontology import PREFIXES

    script = (Path(__file__).resolve().parents[2] / "api" / "static" / "sparql.js").read_text(encoding="utf-8")
    declared = dict(
        re.findall(r'\b(\w+): "(https?://[^"]+)"', script.split("const PREFIXES = {", 1)[1].split("};", 1)[0])
    )
    assert declared == PREFIXES
