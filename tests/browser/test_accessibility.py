"""Every page of the reading room checked with axe-core (vendored in tests/browser/axe/, see its
README) after its scripts have drawn: no violation of impact "serious" or "critical" (WCAG 2.x
A and AA rules and axe's best practices)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

AXE = Path(__file__).resolve().parent / "axe" / "axe.min.js"
SEED_001 = "001_86e2695bae78fc10"


def _ready_home(page):
    expect(page.locator("#stat-telegrams")).to_be_visible()


def _ready_map(page):
    expect(page.locator("#map")).to_have_attribute("data-markers", "12")


def _ready_network(page):
    expect(page.locator("#network")).to_have_attribute("data-nodes", "6")


def _ready_timeline(page):
    expect(page.locator("#timeline rect.bar").first).to_be_attached()


def _ready_sparql(page):
    expect(page.locator(".tabPanel.active .CodeMirror")).to_be_visible()
    page.locator(".tabPanel.active .yasqe_queryButton").click()  # the results table is checked too
    expect(page.locator(".tabPanel.active .yasr")).to_contain_text("4 results")


def _ready_reader(page):
    page.locator("#version-v1 mark[data-fact]").first.click()  # the fact panel open: checked too
    expect(page.locator("#fact-panel")).to_be_visible()
    expect(page.locator("#fact-panel .turtle code")).not_to_have_text("loading…")


def _ready_place(page):
    expect(page.locator("#place-map path.place-marker")).to_have_count(1)


PAGES = {
    "/": _ready_home,
    "/telegrams": None,
    f"/doc/telegram/{SEED_001}": _ready_reader,
    "/people": None,
    "/doc/person/stalin": None,
    "/doc/place/beijing": _ready_place,
    "/map": _ready_map,
    "/network": _ready_network,
    "/timeline": _ready_timeline,
    "/units": None,
    "/units/division": None,
    "/sparql": _ready_sparql,
}


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, { resultTypes: ["violations"] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" ") + " — " + (n.failureSummary || "").split("\\n").slice(1, 2).join("")) }));
    }""")
    return [
        f"{v['impact']} {v['id']} ({v['help']}): " + "; ".join(v["nodes"])
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", list(PAGES))
def test_no_serious_accessibility_violation(page, path):
    page.goto(path)
    page.wait_for_load_state("networkidle")
    ready = PAGES[path]
    if ready is not None:
        ready(page)
    problems = serious_violations(page)
    assert problems == [], f"{path}:\n" + "\n".join(problems)


def test_reader_on_a_narrow_screen_with_the_panel_open(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 420, "height": 800})
    page = context.new_page()
    page.goto(f"/doc/telegram/{SEED_001}")
    _ready_reader(page)
    problems = serious_violations(page)
    context.close()
    assert problems == [], "\n".join(problems)
