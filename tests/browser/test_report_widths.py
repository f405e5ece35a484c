"""The report reads well at any width: built inside the app's process (streamlit imported first, which
changes plotly's default template), opened in Chromium at 800, 1,400 and 1,920 px, every axis's tick
labels lie inside their figure's box and no table pushes the page wider than the window: a wide table (the
comparison's at 800 px) scrolls inside its own block."""

# ruff: noqa: I001 - streamlit must be imported first
from __future__ import annotations

import streamlit  # noqa: F401 - first, as in the app: it sets plotly's default template to Streamlit's

import pytest

import explainers
from conftest import load_quietly

pytestmark = pytest.mark.browser
WIDTHS = (800, 1400, 1920)
SECTIONS = ["performance", "why", "rows", "confidence", "failures", "fairness", "data_health"]

OUTSIDE = """() => {
  const out = [];
  for (const fig of document.querySelectorAll('.js-plotly-plot')) {
    const box = fig.getBoundingClientRect();
    const labels = fig.querySelectorAll('.xtick text, .ytick text, .g-xtitle text, .g-ytitle text');
    for (const label of labels) {
      const r = label.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        out.push(fig.id + ': ' + label.textContent + ' [' + Math.round(r.left - box.left) + ', ' +
                 Math.round(box.right - r.right) + ']');
      }
    }
  }
  return out;
}"""

TABLES = """() => {
  const out = [];
  for (const table of document.querySelectorAll('table')) {
    const block = table.closest('.wide'), section = table.closest('section');
    if (!block) { out.push('not in a block: ' + section.id); continue; }
    const inside = block.getBoundingClientRect(), around = section.getBoundingClientRect();
    if (inside.right > around.right + 1) out.push('block wider than its section: ' + section.id);
    if (table.getBoundingClientRect().right > inside.right + 1 && getComputedStyle(block).overflowX !== 'auto') {
      out.push('table cut: ' + section.id);
    }
  }
  return out;
}"""

COMPARE_SCROLLS = """() => [...document.querySelectorAll('#compare table')]
  .filter(table => table.getBoundingClientRect().width > table.closest('.wide').clientWidth + 1)
  .map(table => [...table.querySelectorAll('th')].map(th => th.textContent).join(' | '))"""

TICKS = "() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(f => f.querySelectorAll('.ytick text').length)"


@pytest.fixture(scope="module")
def report_file(sample_cases_built, tmp_path_factory):
    german = sample_cases_built["german_credit"]
    case = load_quietly(german.model_path, german.holdout_path)
    path = tmp_path_factory.mktemp("widths") / "german.html"
    explainers.report(case, path, sections=SECTIONS, reference=german.training_path, threshold=0.215)
    return path


@pytest.mark.parametrize("width", WIDTHS)
def test_every_axis_label_lies_inside_its_figure(browser, report_file, width):
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(report_file.as_uri())
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length > 0", timeout=30_000)
    page.wait_for_timeout(1500)
    assert page.evaluate("document.querySelectorAll('.js-plotly-plot').length") >= 8
    assert page.evaluate(OUTSIDE) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no table or chart widens the page
    assert page.evaluate(TABLES) == []
    page.close()


@pytest.fixture(scope="module")
def compare_file(sample_cases_built, tmp_path_factory):
    """The comparison (three wide tables) and the tables of the card, the map and the appendices."""
    german = sample_cases_built["german_credit"]
    case = load_quietly(german.model_path, german.holdout_path)
    champion = load_quietly(sample_cases_built["german_credit_linear"].model_path, german.holdout_path)
    path = tmp_path_factory.mktemp("widths") / "compare.html"
    explainers.report(case, path, sections=["compare", "model_card", "regulatory_map", "model_parameters",
                                            "reproducibility"], threshold=0.215, champion=champion)
    return path


@pytest.mark.parametrize("width", (800, 1400))
def test_every_table_stays_inside_its_section(browser, compare_file, width):
    """Each table sits in a block as wide as its section, which scrolls when the table is wider (it never widens
    the page or runs past the section's edge); the comparison's tables fit their block without scrolling."""
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(compare_file.as_uri())
    page.wait_for_timeout(1000)
    assert page.evaluate("document.querySelectorAll('#compare table').length") >= 2
    assert page.evaluate(TABLES) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(COMPARE_SCROLLS) == [], "a comparison table scrolls sideways (issue 31: it overflowed at 800 px)"
    page.close()


def test_bar_charts_name_their_columns_in_the_app_process(browser, report_file):
    """The importance bars and the drift bars keep their column names (a left margin of 10 px cut them)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(report_file.as_uri())
    page.wait_for_timeout(2000)
    text = page.evaluate("Array.from(document.querySelectorAll('.js-plotly-plot .ytick text')).map(t => t.textContent)")
    assert "checking_account" in text and "duration_months" in text
    margins = page.evaluate("Array.from(document.querySelectorAll('.js-plotly-plot')).map(f => f._fullLayout._size.l)")
    assert max(margins) > 40  # automargin grew the left margin for the labels
    page.close()
