"""Browser tests: a real Streamlit server driven by Debian's Chromium through Playwright.

Skipped, with the reason, when Chromium or Playwright is missing; CI sets
TRUSTBOARD_REQUIRE_BROWSER=1, which turns that skip into a failure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_support import (
    ARTIFACTS,
    assert_no_exception,
    choose_option,
    choose_sample,
    open_page,
    wait_for_title,
)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.browser


def test_home_page_opens_german_credit_and_switches_sample(browser, server):
    page = open_page(browser, server)
    wait_for_title(page, "German credit risk (random forest)")
    page.get_by_text("ROC AUC").first.wait_for(timeout=30_000)
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=30_000)
    assert_no_exception(page)
    page.screenshot(path=str(ARTIFACTS / "home-german.png"), full_page=True)

    choose_sample(page, "Washington bike rentals per hour (gradient boosting)")
    wait_for_title(page, "Washington bike rentals per hour (gradient boosting)")
    page.get_by_text("Mean absolute error").first.wait_for()
    assert_no_exception(page)
    page.screenshot(path=str(ARTIFACTS / "home-bike.png"), full_page=True)


def test_chosen_model_carries_over_to_the_predictions_page(browser, server):
    page = open_page(browser, server)
    choose_sample(page, "Wine cultivar (random forest, 3 classes)")
    wait_for_title(page, "Wine cultivar (random forest, 3 classes)")
    page.get_by_role("link", name="Predictions").click()
    wait_for_title(page, "Predictions")
    page.get_by_text("of 54 rows shown").wait_for(timeout=30_000)
    assert_no_exception(page)
    page.screenshot(path=str(ARTIFACTS / "predictions-wine.png"), full_page=True)


def upload_data(page, path: Path) -> None:
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Upload files").click()
    sidebar.locator("input[type='file']").nth(1).set_input_files(str(path))
    chip = sidebar.locator(f"[data-testid='stFileChip'][aria-label^='{path.name},']")
    chip.wait_for(timeout=30_000)  # the upload has finished
    # the form's "Open" button (a select box's toggle button is also named "Open")
    sidebar.locator("[data-testid^='stBaseButton'][kind$='FormSubmit']").first.click()


def test_uploaded_data_opens_with_the_current_model_and_bad_data_shows_an_error(browser, server, german, tmp_path):
    import pandas as pd

    holdout = pd.read_csv(german.holdout_path)
    semicolons = tmp_path / "applicants_semicolon.csv"
    holdout.head(120).to_csv(semicolons, sep=";", index=False)
    page = open_page(browser, server)
    wait_for_title(page, "German credit risk (random forest)")
    upload_data(page, semicolons)
    page.get_by_text("uses ';' as column separator").first.wait_for(timeout=30_000)
    page.get_by_text("120", exact=True).first.wait_for(timeout=30_000)
    assert_no_exception(page)
    page.screenshot(path=str(ARTIFACTS / "upload-semicolon.png"), full_page=True)

    broken = tmp_path / "broken.csv"
    holdout.drop(columns=["duration_months", "age"]).to_csv(broken, index=False)
    upload_data(page, broken)
    error = page.locator("[data-testid='stSidebar'] [data-testid='stAlertContentError']").first
    error.wait_for(timeout=30_000)
    assert "duration_months" in error.inner_text() and "age" in error.inner_text()
    assert_no_exception(page)
    page.get_by_text("uses ';' as column separator").first.wait_for(timeout=5_000)  # previous case kept
    page.screenshot(path=str(ARTIFACTS / "upload-error.png"), full_page=True)


def test_why_page_draws_its_charts(browser, server):
    page = open_page(browser, server)
    wait_for_title(page, "German credit risk (random forest)")
    page.get_by_role("link", name="Why: what drives it").click()
    page.get_by_text("Which columns matter most").first.wait_for(timeout=30_000)
    page.get_by_text("Every row's contributions").first.wait_for(timeout=30_000)
    page.get_by_text("Effect of checking_account").first.wait_for(timeout=30_000)
    assert_no_exception(page)
    page.screenshot(path=str(ARTIFACTS / "why-german.png"), full_page=True)


def test_what_if_editor_changes_the_prediction(browser, server):
    page = open_page(browser, server)
    wait_for_title(page, "German credit risk (random forest)")
    page.get_by_role("link", name="One prediction").click()
    wait_for_title(page, "One prediction, explained")
    page.get_by_text("Why this output").first.wait_for(timeout=30_000)
    original = page.locator("[data-testid='stMetricValue']").first.inner_text()

    choose_option(page, "checking_account", "none")
    page.get_by_text("Changed: checking_account").wait_for(timeout=30_000)
    duration = page.get_by_role("spinbutton", name="duration_months", exact=True)
    duration.fill("6")
    duration.press("Enter")
    page.get_by_text("Changed: checking_account, duration_months").wait_for(timeout=30_000)

    what_if = page.locator("[data-testid='stMetric']").filter(has_text="What if")
    new_value = what_if.locator("[data-testid='stMetricValue']").inner_text()
    assert new_value != original, (original, new_value)
    assert "points" in what_if.locator("[data-testid='stMetricDelta']").inner_text()
    assert_no_exception(page)
    page.set_viewport_size({"width": 1400, "height": 2400})  # Streamlit scrolls inside the page: grow it
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "what-if-german.png"), full_page=True)
