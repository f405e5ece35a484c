"""Browser: every page opened on the hostile case requests nothing outside the app's own origin.

Markup from data that slipped through (an image in a title, a link in a hover label) would make
the browser fetch http://127.0.0.1:9/...; the test records every request the pages make.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from dashboard.layout import pages
from tests import hostile_case
from tests.browser_support import ARTIFACTS, assert_no_exception, start_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_server(sample_cases_built, tmp_path_factory):
    ARTIFACTS.mkdir(exist_ok=True)
    model, data = hostile_case.write(tmp_path_factory.mktemp("hostile"), sample_cases_built["german_credit"].holdout_path)
    process, url = start_server("--", "--model", str(model), "--data", str(data))
    yield url
    process.terminate()
    process.wait(timeout=20)


def test_no_page_requests_another_origin(browser, hostile_server):
    origin = urlparse(hostile_server).netloc
    outside: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.on("request", lambda request: outside.append(request.url)
            if urlparse(request.url).scheme in ("http", "https", "ws", "wss")
            and urlparse(request.url).netloc != origin else None)
    for path, label, _ in pages():
        page.goto(hostile_server if path == "app.py" else f"{hostile_server}/{path.split('/')[-1][:-3].split('_', 1)[1]}")
        page.get_by_role("heading", level=1).first.wait_for(timeout=120_000)
        page.wait_for_load_state("networkidle")
        page.mouse.move(400, 400)  # hover labels are drawn on demand
        assert_no_exception(page)
    page.screenshot(path=str(ARTIFACTS / "hostile-last-page.png"), full_page=True)
    page.close()
    assert outside == []
