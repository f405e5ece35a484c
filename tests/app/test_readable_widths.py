"""Readable at 800 and 1,400 px (issue 31): no table column hidden off to the side and no chart label outside its
chart, on every page (the home page and every views/*.py) with the German credit sample, and on the home page, How
robust and Where it fails with the adult sample too.

A table is readable when its grid needs no sideways scrolling where the page lays it out: a column pushed past
the right edge (the home feature table's "Range or categories" and "Missing" before, Where it fails' group table
and How robust's slices at 800 px) is a column nobody reads. Every table is checked, except a table of rows with
every input column (Predictions, a slice's rows, the worst rows, rows that flip): those scroll sideways by design,
their first columns (the decision, the chance) in view.
A chart is readable when every axis title, annotation and the title lie inside its SVG.

At 800 px the sidebar is closed first, as a reader on a narrow screen does: open, it leaves the page a 466 px
column in which any table of more than three columns scrolls sideways.
"""

from __future__ import annotations

import pytest
from conftest import load_quietly

from tests.browser_support import ARTIFACTS, assert_no_exception

pytestmark = pytest.mark.browser

PAGES = {  # readable path -> text that shows the page has drawn its last table or chart (None: the run ends)
    "": "The columns the model reads",
    "predictions": "rows shown",
    "why-what-drives-it": "How one column acts",
    "one-prediction": "What if?",
    "what-flips-it": "One column at a time",
    "how-sure": None,
    "where-it-fails": "Where the errors concentrate",
    "how-robust": "Tried and held",
    "data-health": None,
    "compare": None,
    "may-it-go-live": None,
    "what-is-it-worth": None,
    "report": None,
    "since-go-live": None,
    "glossary": None,
}
BOTH_SAMPLES = ("", "how-robust", "where-it-fails")  # also on the adult sample
CASES = [(path, sample) for path in PAGES for sample in ("german_credit", "adult_income")
         if sample == "german_credit" or path in BOTH_SAMPLES]
ROW_TABLE = 3  # a table whose drawn headers name this many input columns lists rows with every input column
MAJOR_ADVICE = {("how-robust", "adult_income"): ["Check how precisely capital_gain is measured in production"]}

NO_PLACEHOLDERS = "document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0"
TABLES = """() => [...document.querySelectorAll("[data-testid='stDataFrame']")]
    .filter(frame => frame.offsetParent !== null)
    .map(frame => {
        const grid = frame.querySelector('.dvn-scroller');
        const headers = [...frame.querySelectorAll('th, [role=columnheader]')].map(th => th.textContent.trim()).filter(Boolean);
        return {headers: headers.join(' | '), scroll: grid ? grid.scrollWidth : 0, client: grid ? grid.clientWidth : 0};
    })"""

DRAWN = f"() => ({TABLES})().filter(table => table.client > 0)"  # a grid in a closed expander is not drawn

CHART_LABELS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
    const svg = plot.querySelector('svg.main-svg').getBoundingClientRect();
    const title = (plot.querySelector('.gtitle') || {}).textContent || '';
    return [...plot.querySelectorAll('.g-xtitle text, .g-ytitle text, .annotation, .gtitle')].map(label => {
        const box = label.getBoundingClientRect();
        return {chart: title, text: label.textContent, inside: box.width === 0 || (box.left >= svg.left - 1
                && box.right <= svg.right + 1 && box.top >= svg.top - 1 && box.bottom <= svg.bottom + 1)};
    });
})"""


@pytest.fixture(scope="module")
def input_columns(sample_cases_built):
    """Each sample's input columns (to tell a table of rows from the rest)."""
    return {name: set(load_quietly(sample_cases_built[name].model_path, sample_cases_built[name].holdout_path).X.columns)
            for name in ("german_credit", "adult_income")}


WIDTHS = (1400, 800)  # in this order: the sidebar is closed for 800 px, and stays closed


def _check(page, input_columns, path: str, sample: str, width: int) -> None:
    """The drawn page at ``width``: no exception, every table fits its place, every chart label inside its chart."""
    page.wait_for_timeout(2_000)  # grids and charts finish their layout
    assert_no_exception(page)
    page.screenshot(path=str(ARTIFACTS / f"readable-{path or 'home'}-{sample}-{width}.png"), full_page=True)

    tables = page.evaluate(DRAWN)
    for _ in range(20):  # a grid names its columns once drawn
        if all(t["headers"] for t in tables):
            break
        page.wait_for_timeout(1_000)
        tables = page.evaluate(DRAWN)
    assert tables or path not in ("", "how-robust"), f"the page shows its table at {width} px"
    for table in tables:
        named = sum(h in input_columns[sample] for h in table["headers"].split(" | "))
        assert table["headers"], f"a table drew no headers at {width} px: {table}"
        if named < ROW_TABLE:
            assert table["scroll"] <= table["client"] + 1, (
                f"a table wider than its place at {width} px (columns hidden to the right): {table}")
    for advice in MAJOR_ADVICE.get((path, sample), []):
        assert page.get_by_text(advice).first.is_visible(), (
            f"the major finding's advice is shown in full at {width} px: {advice}")
    labels = page.evaluate(CHART_LABELS)
    outside = [label for label in labels if not label["inside"]]
    assert not outside, f"chart labels outside their chart at {width} px: {outside}"


@pytest.mark.parametrize(("path", "sample"), CASES)
def test_no_table_column_or_chart_label_is_cut(browser, server, input_columns, path, sample):
    """At 1,400 px, then on the same page at 800 px: the server sends the same page whatever the window's width, so
    the page is drawn once (it takes seconds) and laid out again at the narrower width, as when a reader narrows the
    window."""
    page = browser.new_page(viewport={"width": WIDTHS[0], "height": 1000})
    page.goto(f"{server}/{path}?sample={sample}")
    page.get_by_role("heading", level=1).first.wait_for(timeout=60_000)
    page.set_viewport_size({"width": WIDTHS[0], "height": 5000})  # Streamlit scrolls inside the page: grow it
    if PAGES[path]:
        page.get_by_text(PAGES[path]).first.wait_for(timeout=180_000)
    page.wait_for_timeout(1_000)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=180_000)
    page.wait_for_function(NO_PLACEHOLDERS, timeout=120_000)  # every element drawn, none a grey placeholder
    for width in WIDTHS:
        if width < 1000:
            page.set_viewport_size({"width": width, "height": 1000})
            page.locator("[data-testid='stSidebar']").hover()
            page.locator("[data-testid='stSidebarCollapseButton'] button").click()
            page.set_viewport_size({"width": width, "height": 5000})
        _check(page, input_columns, path, sample, width)
    page.close()
