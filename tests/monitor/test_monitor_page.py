"""The "Since go-live" page in Chromium with the bike rentals monitoring sample, photographed at 800 and 1,400 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_browser import ARTIFACTS, assert_no_exception, server  # noqa: F401 - the server fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("width", [800, 1400])
def test_since_go_live_page_shows_the_bike_sample(browser, server, width):  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(f"{server}/Since_go_live")
    page.get_by_role("heading", level=1, name="Is it still holding up?").wait_for(timeout=60_000)
    page.get_by_text("Rollback status").wait_for(timeout=240_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    assert_no_exception(page)
    assert page.get_by_text("periods watched", exact=False).count() >= 1 or \
        page.get_by_text("period(s) watched", exact=False).count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(Path(ARTIFACTS) / f"since_go_live_{width}.png"), full_page=True)
    page.close()
