"""Browser: every page opened on the hostile case requests nothing outside the app's own origin and links nowhere.

Markup from data that slipped through (an image in a title, a link in a hover label) would make
the browser fetch http://127.0.0.1:9/...; the test records every request the pages make. Bare web
addresses and e-mails from data (column names, class labels, categories, the title) would become
live links through GFM's autolinks; the second test reads every anchor of every page.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from dashboard.layout import pages
from tests.app import hostile_links
from tests.browser_support import ARTIFACTS, start_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_server(sample_cases_built, tmp_path_factory):
    ARTIFACTS.mkdir(exist_ok=True)
    model, data = hostile_links.write(tmp_path_factory.mktemp("hostile"), sample_cases_built["german_credit"].holdout_path)
    process, url = start_server("--", "--model", str(model), "--data", str(data))
    yield url
    process.terminate()
    process.wait(timeout=20)


def _open(page, server: str, path: str) -> None:
    page.goto(server if path == "app.py" else f"{server}/{path.split('/')[-1][:-3].split('_', 1)[1]}")
    page.get_by_role("heading", level=1).first.wait_for(timeout=120_000)
    page.wait_for_load_state("networkidle")


def _anchors(page) -> list[str]:
    return page.eval_on_selector_all("a[href]", "anchors => anchors.map(a => a.getAttribute('href'))")


@pytest.fixture(scope="module")
def walk(browser, hostile_server):
    """Every page opened once on the hostile case, for both tests (a page takes seconds to draw): every request the
    browser made (hover labels drawn, expanders opened), each page's anchors before and after its expanders were
    toggled, and any exception a page showed."""
    origin = urlparse(hostile_server).netloc
    requests: list[str] = []
    from_data: list[str] = []
    exceptions: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.on("request", lambda request: requests.append(request.url)
            if urlparse(request.url).scheme in ("http", "https", "ws", "wss")
            and urlparse(request.url).netloc != origin else None)
    for path, _, _ in pages():
        _open(page, hostile_server, path)
        page.mouse.move(400, 400)  # hover labels are drawn on demand
        shown = page.locator("[data-testid='stException']")
        if shown.count():
            exceptions.append(f"{path}: {shown.first.inner_text()}")
        hrefs = _anchors(page)
        for expander in page.locator("[data-testid='stExpander'] summary").all():
            expander.click()  # toggled: what a closed expander holds is drawn, what an open one held was read above
        page.wait_for_timeout(500)
        hrefs += _anchors(page)
        from_data += [f"{path}: {href}" for href in hrefs
                      if hostile_links.MARK in href or hostile_links.LEAK in href or href.lower().startswith("mailto:")]
        page.screenshot(path=str(ARTIFACTS / f"hostile-links-{path.split('/')[-1][:-3]}.png"), full_page=True)
    page.close()
    return {"requests": requests, "from_data": from_data, "exceptions": exceptions}


def test_no_page_links_to_an_address_from_data(walk):
    """No anchor on any page (sidebar, labels, captions, expanders opened) points at a planted address.

    A table column's help tooltip is Markdown too, drawn only on hovering the canvas header: the AppTest walk
    (tests/app/test_hostile_app.py) reads those help texts from the page's messages instead."""
    assert walk["from_data"] == []


def test_no_page_requests_another_origin(walk):
    assert walk["exceptions"] == []
    assert walk["requests"] == []
