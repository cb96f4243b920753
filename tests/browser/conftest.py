"""Browser tests: Debian's headless Chromium (installed here if missing) driven by Playwright
against a live `cablegraph serve` of the sample store. Playwright's own browser download is
never used. Screenshots go to var/screenshots/ (ignored by git) as artefacts; with
CABLEGRAPH_DOCS_SCREENSHOTS=1 those the README shows (the names in docs/screenshots/) are
written there too: `CABLEGRAPH_DOCS_SCREENSHOTS=1 .venv/bin/pytest -p no:xdist tests/browser`."""

from __future__ import annotations

import fcntl
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "var" / "screenshots"
DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"
BASE_IRI = "http://127.0.0.1:8000/"  # what the sample store was built with (tests/conftest.py)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _install_chromium() -> None:
    if os.geteuid() != 0:
        pytest.fail(
            f"{CHROMIUM} is missing and these tests are not running as root: install Debian's chromium package "
            "(apt-get install chromium) to run the browser tests",
            pytrace=False,
        )
    try:
        subprocess.run(["apt-get", "update"], check=True, capture_output=True, timeout=600)
        subprocess.run(
            ["apt-get", "install", "-y", "chromium"],
            check=True,
            capture_output=True,
            timeout=900,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    except (OSError, subprocess.SubprocessError) as error:
        detail = getattr(error, "stderr", b"") or b""
        pytest.fail(
            f"could not install Debian's chromium for the browser tests: {error}\n{detail.decode(errors='replace')[-2000:]}",
            pytrace=False,
        )
    if not Path(CHROMIUM).exists():
        pytest.fail(f"apt-get installed chromium but {CHROMIUM} is still missing", pytrace=False)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        with open("/tmp/cablegraph-chromium-install.lock", "w") as lock:  # test workers install one at a time
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not Path(CHROMIUM).exists():
                _install_chromium()
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(sample_store_path, tmp_path_factory) -> str:
    """`cablegraph serve` on a free loopback port, serving the shared sample store."""
    port = _free_port()
    env = {
        **os.environ,
        "CABLEGRAPH_BASE_IRI": BASE_IRI,
        "CABLEGRAPH_QUERY_WORKERS": "1",
        "CABLEGRAPH_CATALOGUE": str(tmp_path_factory.mktemp("catalogue") / "catalogue.sqlite"),
    }
    log = (tmp_path_factory.mktemp("server") / "serve.log").open("w")
    command = [
        sys.executable,
        "-c",
        "from cablegraph.cli.app import main; main()",
        "serve",
        "--store",
        str(sample_store_path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the server did not start; see {log.name}", pytrace=False)
        time.sleep(0.2)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="module")
def browser(chromium_path):
    """Per module, not per session: while Playwright's sync API is open, its event loop runs in
    this thread, and any later test in the same worker that starts a loop of its own would fail."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Watch:
    """What went wrong while a page was open: console errors, page errors, failed or 4xx/5xx requests."""

    def __init__(self, page) -> None:
        self.problems: list[str] = []
        self.allowed_statuses: set[int] = set()
        page.on("console", lambda message: message.type == "error" and self.problems.append(f"console: {message.text}"))
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _failed(self, request) -> None:
        if request.failure != "net::ERR_ABORTED":  # cancelled because the test moved on to the next page
            self.problems.append(f"failed: {request.url} {request.failure}")

    def _response(self, response) -> None:
        if response.status >= 400 and response.status not in self.allowed_statuses:
            self.problems.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture
def page(browser, live_server, request):
    """A fresh page on the live server; the test fails if the page logged an error or a request failed."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(10_000)
    opened = context.new_page()
    watch = Watch(opened)
    opened.watch = watch
    yield opened
    opened.wait_for_load_state("networkidle")  # let the last page's requests finish before closing
    context.close()
    assert watch.problems == [], "\n".join(watch.problems)


def screenshot(page, name: str, **options) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), **options)
    shown = DOCS_SCREENSHOTS / path.name
    if os.environ.get("CABLEGRAPH_DOCS_SCREENSHOTS") == "1" and shown.exists():
        shown.write_bytes(path.read_bytes())
    return path


@pytest.fixture
def shoot():
    return screenshot


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives headless Chromium against a live server")
