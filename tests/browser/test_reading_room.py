"""Each reading-room page in a real browser: the expected content, the scripts' work (fact panel,
editor, force layout, bars, maps), and no console error or failed request along the way."""

import re

from playwright.sync_api import expect

SEED_001 = "001_86e2695bae78fc10"


def test_home(page, shoot):
    page.goto("/")
    expect(page.locator("#stat-telegrams")).to_have_text("5")
    expect(page.locator("ol.questions > li")).to_have_count(24)
    expect(page.locator("#question-6")).to_contain_text("reply chain")
    shoot(page, "home", full_page=True)
    page.get_by_label("Search the telegrams").fill("Roshchin")
    page.keyboard.press("Enter")
    page.wait_for_url("**/telegrams?q=Roshchin")
    expect(page.locator("#telegrams tbody tr")).to_have_count(3)


def test_reader_fact_panel_by_click_and_keyboard(page, shoot):
    page.goto(f"/doc/telegram/{SEED_001}")
    expect(page.locator("h1")).to_have_text(
        "Ciphered Telegram, Filippov [Stalin] to Mao Zedong and Zhou Enlai (via Roshchin)"
    )
    expect(page.locator("#senders")).to_contain_text("Joseph Stalin")
    panel = page.locator("#fact-panel")
    expect(panel).to_be_hidden()

    mark = page.locator("#version-v1 mark[data-fact]", has_text="МАО ЦЗЕ-ДУНУ").first
    mark.click()
    expect(panel).to_be_visible()
    expect(panel.locator("h2")).to_have_text("recipient")
    expect(panel.locator(".fact-value")).to_have_text("Mao Zedong")
    expect(panel.locator(".evidence li")).to_have_count(4)
    expect(panel.locator(".evidence")).to_contain_text("Мао Цзэдуну")  # the same fact read in the published transcript
    expect(panel.locator(".turtle code")).to_contain_text("rdf:predicate schema:recipient")
    expect(panel.locator(".turtle code")).to_contain_text("oa:TextPositionSelector")
    # the panel sits beside the text: it covers neither the mark clicked nor any version's column
    panel_box, mark_box = panel.bounding_box(), mark.bounding_box()
    assert mark_box["x"] + mark_box["width"] <= panel_box["x"]
    for column in page.locator(".versions > section.version").all():
        assert column.bounding_box()["x"] + column.bounding_box()["width"] <= panel_box["x"]
    same = page.locator(f'mark.active[data-fact="{mark.get_attribute("data-fact")}"]')
    expect(same).to_have_count(4)  # highlighted in every version, the catalogue record included
    page.evaluate("document.getElementById('versions-heading').scrollIntoView()")
    shoot(page, "reader")

    # an evidence link in the panel takes the focus to the same fact in the English translation
    panel.locator(".evidence a", has_text="English translation:").click()
    expect(page.locator("#version-v3 mark:focus")).to_have_text("MAO ZEDONG")

    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    sender = page.locator("#version-v2 mark[data-fact]", has_text="ФИЛИППОВ").first
    sender.focus()
    page.keyboard.press("Enter")
    expect(panel.locator("h2")).to_have_text("sender")
    expect(panel.locator("h2")).to_be_focused()  # the keyboard lands in the panel
    expect(panel.locator(".turtle code")).to_contain_text("cg:pseudonymUsed")
    page.keyboard.press("Escape")
    expect(page.locator("#version-v2 mark:focus")).to_have_text("ФИЛИППОВ")  # focus returns to the mark


def test_reader_reads_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/doc/telegram/{SEED_001}")
    expect(page.locator("#version-v1 mark[data-fact]").first).to_be_visible()
    expect(page.locator("#fact-panel")).to_be_hidden()
    expect(page.locator(".fact-list li[data-fact]").first).to_be_visible()
    page.locator(".fact-list a[data-evidence]").first.click()
    assert re.search(r"#ev-[0-9a-f]+$", page.url)
    context.close()


def test_sparql_editor_runs_an_example(page, shoot):
    page.goto("/sparql?example=1")
    expect(page.locator(".tabPanel.active .CodeMirror")).to_be_visible()
    expect(page.locator("#yasgui .tab")).to_have_count(1)
    expect(page.locator("#yasgui .tab.active")).to_contain_text("1. Every telegram from Stalin to Mao")
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    results = page.locator(".tabPanel.active .yasr")
    expect(results).to_contain_text("4 results")
    expect(results).to_contain_text("Filippov")
    # literals read as values, their datatype a short tag whose title is the full IRI
    date = results.locator("td .nonIri", has_text="1950-10-01").first
    expect(date).to_have_text("1950-10-01 xsd:date")
    expect(date.locator(".literal-tag")).to_have_attribute("title", "http://www.w3.org/2001/XMLSchema#date")
    assert "XMLSchema" not in results.inner_text() and "^^" not in results.inner_text()
    # the dataset's own IRIs read with a short prefix, linked whole
    telegram = results.locator("a.iri", has_text="telegram:001_86e2695bae78fc10")
    expect(telegram).to_have_attribute("href", "http://127.0.0.1:8000/id/telegram/001_86e2695bae78fc10")
    shoot(page, "sparql")
    # the grouped picker opens another example in its own tab, under its title; choosing it again reuses the tab
    page.select_option("#example-choice", "13")
    expect(page.locator("#yasgui .tab")).to_have_count(2)
    expect(page.locator("#yasgui .tab.active")).to_contain_text("13. Military units mentioned")
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    expect(page.locator(".tabPanel.active .yasr")).to_contain_text("9 results")
    page.select_option("#example-choice", "1")
    page.select_option("#example-choice", "13")
    expect(page.locator("#yasgui .tab")).to_have_count(2)
    # an example's own button does the same
    page.locator("#example-6 summary").click()
    page.locator("#example-6 button[type='button']").click()
    expect(page.locator("#yasgui .tab.active")).to_contain_text("6. The reply chain")


def test_map_fits_the_places_outlines_countries_and_groups_neighbours(page, shoot):
    page.goto("/map")
    rows = page.locator("#places tbody tr")
    expect(page.locator("#map")).to_have_attribute("data-markers", str(rows.count()))
    # China, Korea, North Korea, the Soviet Union and the United States are drawn as their outlines
    expect(page.locator("#map")).to_have_attribute("data-countries", "5")
    assert page.locator("#map path.country-outline").count() >= 5
    page.wait_for_function("document.querySelectorAll('#map .leaflet-overlay-pane path').length > 100")
    # the view fits the places (Moscow to Shanghai), not the whole world
    bounds = page.evaluate("""() => { const ps = [...document.querySelectorAll('#map path.place-marker')]
        .map((p) => p.getBoundingClientRect()); const m = document.querySelector('#map').getBoundingClientRect();
        return { inside: ps.every((b) => b.left >= m.left && b.right <= m.right && b.top >= m.top && b.bottom <= m.bottom),
                 spread: Math.max(...ps.map((b) => b.right)) - Math.min(...ps.map((b) => b.left)), width: m.width }; }""")
    assert bounds["inside"] and bounds["spread"] > bounds["width"] / 2, bounds
    # Seoul, Incheon and the 38th parallel sit within a few pixels: one group that lists them
    group = page.locator("#map path.place-group").first
    expect(group).to_be_attached()
    shoot(page, "map")
    group.click(force=True)
    expect(page.locator(".leaflet-popup-content")).to_contain_text("places here")
    expect(page.locator(".leaflet-popup-content a").first).to_be_visible()


def test_network_draws_every_person(page, shoot):
    page.goto("/network")
    expect(page.locator("#network")).to_have_attribute("data-nodes", "6")
    expect(page.locator("#network .node")).to_have_count(6)
    expect(page.locator("#network path.link")).to_have_count(page.locator("#edges tbody tr").count())
    expect(page.locator("#network path.message")).to_have_count(1)  # Mao's message to Stalin, quoted inside 002
    expect(page.locator("#network path.reference")).to_have_count(
        1
    )  # Mao's two telegrams 003 and 000 refer to, not in the corpus
    expect(page.locator("#network .node a[aria-label='Joseph Stalin']")).to_have_attribute("href", "/doc/person/stalin")
    # laid out before it is drawn, fitted to its frame: every person inside it, spread over it
    box = page.locator("#network svg").bounding_box()
    circles = [page.locator("#network .node circle").nth(i).bounding_box() for i in range(6)]
    assert all(c["x"] >= box["x"] and c["x"] + c["width"] <= box["x"] + box["width"] + 1 for c in circles)
    assert max(c["y"] for c in circles) - min(c["y"] for c in circles) > box["height"] / 3
    labels = [page.locator("#network .node text").nth(i).bounding_box() for i in range(6)]
    overlapping = [
        (a, b)
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    ]
    assert overlapping == []
    expect(page.locator("#network-legend li")).to_have_count(6)
    expect(page.locator("#network-legend")).to_contain_text("dashed: the way through an intermediary")
    shoot(page, "network")
    page.goto("/network?start=1951")
    expect(page.locator("#network .node")).to_have_count(3)


def test_timeline_bars(page, shoot):
    page.goto("/timeline")
    rows = page.locator("#periods tbody tr").count()
    expect(page.locator("#timeline rect.bar")).to_have_count(rows)
    shoot(page, "timeline")


def test_person_place_units_and_lists(page, shoot):
    page.goto("/doc/person/stalin")
    expect(page.locator("#pseudonyms")).to_contain_text("Filippov")
    expect(page.locator("#correspondents")).to_contain_text("Mao Zedong")
    shoot(page, "person", full_page=True)
    page.goto("/doc/place/beijing")
    expect(page.locator("#place-map path.place-marker")).to_have_count(1)
    expect(page.locator("#place-map .leaflet-overlay-pane path").nth(100)).to_be_attached()  # the outline has loaded
    expect(page.locator("#place-telegrams li")).to_have_count(5)
    shoot(page, "place")
    page.goto("/units")
    page.locator("#unit-types a", has_text="division").first.click()
    expect(page.locator("#formations")).to_contain_text("девять китайских дивизий")
    page.goto("/telegrams?limit=2")
    expect(page.locator("#telegrams tbody tr")).to_have_count(2)
    page.locator("a[rel=next]").click()
    expect(page.locator("#telegrams tbody tr")).to_have_count(2)
    page.goto("/people")
    page.locator("#people a", has_text="Nikolai Roshchin").click()
    expect(page.locator("#posts")).to_contain_text("Soviet Ambassador to China")


def test_keyboard_reaches_the_navigation_first(page):
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("cablegraph")


def test_api_docs_render_from_the_package(page, shoot):
    page.goto("/docs")
    expect(page.locator(".swagger-ui .opblock-summary-path", has_text="/api/telegrams").first).to_be_visible()
    expect(page.locator(".swagger-ui .opblock-summary-path", has_text="/reconcile").first).to_be_visible()
    shoot(page, "docs")


def test_reader_fact_panel_leaves_the_mark_in_sight_on_a_narrow_screen(browser, live_server):
    """One column below another: the panel opens at the bottom and the clicked mark ends above it."""
    context = browser.new_context(base_url=live_server, viewport={"width": 700, "height": 800})
    page = context.new_page()
    page.goto(f"/doc/telegram/{SEED_001}")
    panel = page.locator("#fact-panel")
    for mark in (page.locator("#version-v1 mark[data-fact]").first, page.locator("#version-v3 mark[data-fact]").last):
        mark.scroll_into_view_if_needed()
        mark.evaluate(
            "(m) => window.scrollBy(0, m.getBoundingClientRect().top - (window.innerHeight - 60))"
        )  # low, where the panel opens
        assert mark.bounding_box()["y"] > 600
        mark.click()
        expect(panel).to_be_visible()
        panel_top, box = panel.bounding_box()["y"], mark.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= panel_top, (box, panel_top)
        page.keyboard.press("Escape")
    context.close()
