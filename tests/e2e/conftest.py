"""End-to-end fixtures: the real app on a loopback port, Debian's Chromium via Playwright.

Skipped, with a clear reason, when Chromium is not installed (`apt-get install chromium`);
`.ci/run` installs it. Each test saves a screenshot of its last page in screenshots/.
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import PASSWORD, make_app

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        return
    skip = pytest.mark.skip(reason=f"end-to-end tests skipped: Chromium not found at {CHROMIUM} "
                                   f"(apt-get install chromium)")
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture
def live_server(app, database_url):
    """The app served on 127.0.0.1 by a thread, on the same database as the test."""
    server_app = make_app(database_url)
    server = make_server("127.0.0.1", 0, server_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)
    with server_app.app_context():
        from tracker.extensions import db
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser context at 1280×800; a screenshot of the last page is kept."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="uk-UA",
                                  accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    SCREENSHOTS.mkdir(exist_ok=True)
    try:
        pg.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    finally:
        context.close()


@pytest.fixture
def sign_in(live_server):
    def do(page, user):
        page.goto(f"{live_server}/login")
        page.fill("#email", user.email)
        page.fill("#password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server}/")
    return do


@pytest.fixture
def axe(browser, live_server):
    """axe(url, sign_in_as) -> violations of impact serious or critical on that page."""
    if not AXE.exists():
        pytest.skip("axe-core not installed: npm ci --prefix tests/e2e")

    def check(path: str, user, sign_in):
        # CSP forbids injected scripts (as it should); the audit context bypasses it.
        context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
        pg = context.new_page()
        try:
            sign_in(pg, user)
            pg.goto(f"{live_server}{path}")
            pg.add_script_tag(content=AXE.read_text())
            result = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        finally:
            context.close()
        return [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
                for v in result["violations"] if v["impact"] in ("serious", "critical")]
    return check
