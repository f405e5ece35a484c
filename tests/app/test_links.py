"""Links that reopen a view (issue 31 item 1), in Chromium: each page opened from its readable path with a sample,
threshold, row and group finds them restored, shows the address in "Copy link to this view", and an old address
(named after the file) leads to the new one. The sidebar's links have readable names (item 7)."""

from __future__ import annotations

import pytest

from dashboard import links
from dashboard.layout import pages
from tests.browser_support import ARTIFACTS, assert_no_exception

pytestmark = pytest.mark.browser
VIEW = "sample=german_credit&threshold=0.3&row=9&group=age"
# A sentence of the page that shows the restored view (the deciding line, or the row picker's number).
PAGES = {"where-it-fails": "Deciding at 0.3", "one-prediction": None, "what-flips-it": None,
         "predictions": "Deciding at 0.3", "how-sure": "The current row (row 9"}


@pytest.fixture(scope="module")
def server(fresh_server):
    """This module's own server: its first test opens the server's first session on a readable path (below)."""
    return fresh_server


def opened(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    page.get_by_role("heading", level=1).first.wait_for(timeout=120_000)
    page.locator("[data-testid='stSidebar'] [data-testid='stCode']").first.wait_for(timeout=120_000)
    return page


def sidebar(page):
    return page.locator("[data-testid='stSidebar']")


def shown_link(page) -> str:
    return sidebar(page).locator("[data-testid='stCode']").first.inner_text().strip()


def threshold_slider(page):
    return sidebar(page).locator("[data-testid='stSlider']").filter(has_text="Decision threshold").locator("input").first


def threshold_shown(page) -> float:
    return float(threshold_slider(page).input_value())


def group_shown(page) -> str:
    return sidebar(page).get_by_role("combobox", name="Groups to compare (fairness, coverage)").input_value()


@pytest.mark.parametrize("path", list(PAGES))
def test_a_link_reopens_the_view_on_each_page(browser, server, path):
    page = opened(browser, f"{server}/{path}?{VIEW}")
    assert_no_exception(page)
    # The module's first session opens a readable path: Streamlit's old page list (a folder named pages/) said
    # "Page not found" over the right page there.
    assert page.get_by_text("Page not found").count() == 0
    assert page.url.startswith(f"{server}/{path}?")  # the readable path stays
    assert threshold_shown(page) == pytest.approx(0.3)
    assert "age" in group_shown(page)
    link = shown_link(page)
    assert link.startswith(f"{server}/{path}?") and "threshold=0.3" in link and "row=9" in link and "group=age" in link
    sentence = PAGES[path]
    if sentence:
        assert page.get_by_text(sentence, exact=False).count() >= 1
    else:  # the row picker shows the row the link named
        number = page.get_by_role("spinbutton", name="Row number", exact=False).first
        number.wait_for(timeout=60_000)
        assert number.input_value() == "9"
    if path in ("where-it-fails", "one-prediction"):
        page.screenshot(path=str(ARTIFACTS / f"link-{path}.png"), full_page=True)
    page.close()


def test_an_old_address_leads_to_the_readable_one_with_its_view(browser, server):
    page = opened(browser, f"{server}/Single_prediction?{VIEW}")
    page.wait_for_url(f"{server}/one-prediction?**", timeout=60_000)
    assert threshold_shown(page) == pytest.approx(0.3) and "row=9" in shown_link(page)
    page.close()


def test_choosing_in_the_sidebar_updates_the_address(browser, server):
    page = opened(browser, f"{server}/where-it-fails?{VIEW}")
    slider = threshold_slider(page)
    slider.focus()
    slider.press("ArrowRight")  # one step of 0.005
    page.wait_for_url("**threshold=0.305**", timeout=90_000)
    # the shown link is redrawn by the rerun the slider starts, after the address changes: wait for it
    sidebar(page).locator("[data-testid='stCode']").filter(has_text="threshold=0.305").first.wait_for(timeout=90_000)
    assert "threshold=0.305" in shown_link(page)
    page.close()


def test_every_navigation_link_has_its_label_as_its_accessible_name(browser, server):
    page = opened(browser, server)
    for _, label, icon in pages():
        link = sidebar(page).get_by_role("link", name=label, exact=True)
        assert link.count() == 1, f"no link named exactly {label!r} (icon {icon})"
        if label != "Model and data":  # the home page is the root
            assert link.get_attribute("href").strip("/").rsplit("/", 1)[-1] == links.slug(label)
    page.close()
