"""The "Since go-live" page in Chromium with both monitoring samples (bike rentals, adult income), photographed
whole (the viewport grown to the page's height) at 800 and 1,400 px."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_support import ARTIFACTS, assert_no_exception

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXAMPLES = {"bike": ("Bike rentals (regression)", "nothing to watch"),
            "adult": ("Adult income (classification)", "Breached:")}


@pytest.mark.parametrize("example", list(EXAMPLES))
def test_since_go_live_page_shows_each_sample(browser, server, example):
    """Drawn once at 1,400 px, then laid out again at 800 px (the server sends the same page at any width)."""
    label, ready = EXAMPLES[example]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/Since_go_live")
    page.get_by_role("heading", level=1, name="Is it still holding up?").wait_for(timeout=60_000)
    page.get_by_text(label).click()
    page.get_by_text(ready).first.wait_for(timeout=400_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1400, 800):
        page.set_viewport_size({"width": width, "height": 1000})
        page.wait_for_timeout(1500)
        assert_no_exception(page)
        assert page.get_by_text("periods watched", exact=False).count() >= 1
        assert page.get_by_text("the measured value lay inside the estimate's band", exact=False).count() == 1
        height = page.evaluate("() => Math.max(...Array.from(document.querySelectorAll('[data-testid=stMain]'))"
                               ".map(e => e.scrollHeight), document.body.scrollHeight)")
        page.set_viewport_size({"width": width, "height": int(height) + 50})
        page.wait_for_timeout(1000)
        page.screenshot(path=str(Path(ARTIFACTS) / f"since_go_live_{example}_{width}.png"), full_page=True)
    page.close()
