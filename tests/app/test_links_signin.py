"""A link opened before sign-in reopens its view after it (issue 31 item 1): the identity provider sends the person
back to the app's root, so the view asked for is kept in a short-lived browser cookie and reopened from there."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "access"))  # the sign-in servers of the access tests
from signin_servers import ARTIFACTS, PEOPLE, identity_provider, signed_in_dashboard  # noqa: E402

pytestmark = pytest.mark.browser
VIEW = "sample=german_credit&threshold=0.3&row=9&group=age"


@pytest.fixture(scope="module")
def signed_in(sample_cases_built, tmp_path_factory):
    with identity_provider() as provider, signed_in_dashboard(tmp_path_factory.mktemp("links"), provider) as started:
        yield started[0]


def test_a_link_asks_for_sign_in_first_and_reopens_its_view_after_it(browser, signed_in):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{signed_in}/where-it-fails?{VIEW}")
    page.get_by_role("button", name="Sign in").wait_for(timeout=90_000)  # nothing of the view before sign-in
    page.wait_for_timeout(1_500)
    if page.get_by_role("dialog").count():  # Streamlit's "Page not found" over the signed-out page (see the report)
        page.keyboard.press("Escape")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=PEOPLE["viewer"]).click()
    page.wait_for_url(f"{signed_in}/where-it-fails?**", timeout=90_000)
    sidebar = page.locator("[data-testid='stSidebar']")
    shown = sidebar.locator("[data-testid='stCode']").first
    shown.wait_for(timeout=90_000)
    assert "threshold=0.3" in shown.inner_text() and "row=9" in shown.inner_text() and "group=age" in shown.inner_text()
    slider = sidebar.locator("[data-testid='stSlider']").filter(has_text="Decision threshold").locator("input").first
    assert float(slider.input_value()) == pytest.approx(0.3)
    page.screenshot(path=str(ARTIFACTS / "link-after-sign-in.png"), full_page=True)
    page.goto(signed_in)  # the kept view was used once: the root now opens the root
    page.get_by_role("heading", level=1).first.wait_for(timeout=90_000)
    page.wait_for_timeout(2_000)
    assert "/where-it-fails" not in page.url
    context.close()
