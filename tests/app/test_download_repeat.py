"""The Predictions CSV download works every time after filtering (issue 31, item 7): it hung 2 times in 7,
the button disabled until the page was left, while the CSV was made on click. Ten filter-then-download rounds
in Chromium; each download must arrive and hold exactly the rows the page says it shows."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.browser_support import ARTIFACTS, assert_no_exception, open_page, wait_for_title

pytestmark = pytest.mark.browser

ROUNDS = 10
FILTERS = ("Only wrong predictions", "Only right predictions")


def _settled(page) -> None:
    """Wait until Streamlit has finished its rerun (no running indicator), then a moment for the DOM."""
    page.wait_for_timeout(300)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="detached", timeout=60_000)
    page.wait_for_timeout(300)


def _rows_shown(page) -> int:
    text = page.get_by_text(re.compile(r"of [\d,]+ rows shown")).first.inner_text()
    return int(re.match(r"\s*([\d,]+) of", text).group(1).replace(",", ""))


def _changed_count(page, before: int) -> int:
    for _ in range(120):
        now = _rows_shown(page)
        if now != before:
            return now
        page.wait_for_timeout(250)
    raise AssertionError(f"the filter did not change the rows shown ({before}) within 30 s")


def test_predictions_csv_downloads_ten_times_in_a_row_after_filtering(browser, server):  # noqa: F811
    page = open_page(browser, server)
    wait_for_title(page, "German credit risk (random forest)")
    page.get_by_role("link", name="Predictions").first.click()
    wait_for_title(page, "Predictions")
    _settled(page)
    sizes, before = set(), _rows_shown(page)
    for round_ in range(ROUNDS):
        page.get_by_text(FILTERS[round_ % 2], exact=True).click()
        expected = _changed_count(page, before)  # the other filter shows other rows: wait until the page says so
        _settled(page)
        before = expected
        button = page.get_by_role("button", name="Download these rows as CSV")
        assert button.is_enabled(), f"round {round_ + 1}: the download button is disabled"
        with page.expect_download(timeout=20_000) as info:
            button.click()
        content = Path(info.value.path()).read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(content)))
        assert len(rows) - 1 == expected, f"round {round_ + 1}: {len(rows) - 1} rows downloaded, {expected} shown"
        assert {"prediction", "actual"} <= set(rows[0]), rows[0]
        sizes.add(expected)
        assert_no_exception(page)
    assert len(sizes) == 2, "the two filters show different rows, so each round's download was made anew"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "predictions-download.png"), full_page=True)
    page.close()
