"""The German credit PDF files well: no nearly empty page, about half the 39 pages it had when each section
started a new page, no heading left at the foot of a page, and the summary before the appendices."""

from __future__ import annotations

import re

import pytest

from explainers.report.registry import titles

pytestmark = pytest.mark.browser
FEWEST_LINES = 8  # of text on any page but the last, the running footer not counted
MOST_PAGES = 24  # 39 pages before (a page break before every section, figures at full height)


@pytest.fixture(scope="module")
def pages(german_pdf) -> list[list[str]]:
    """The German credit report as PDF, read back page by page: each page's non-blank lines, footer removed."""
    _, _, text = german_pdf
    found = [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")]
    found = [page for page in found if page]
    assert all(re.search(r"Page \d+ of \d+$", page[-1]) for page in found)  # the footer is each page's last line
    return [page[:-1] for page in found]


def test_no_page_but_the_last_is_nearly_empty(pages):
    short = {number: len(lines) for number, lines in enumerate(pages[:-1], 1) if len(lines) < FEWEST_LINES}
    assert not short, f"pages with fewer than {FEWEST_LINES} lines of text (page: lines): {short}"


def test_about_half_the_pages_it_had(pages):
    assert 10 <= len(pages) <= MOST_PAGES


def test_no_section_heading_is_left_at_the_foot_of_a_page(pages):
    headings = set(titles().values()) | {"Signature"}
    stranded = [(number, lines[-1]) for number, lines in enumerate(pages[:-1], 1) if lines[-1] in headings]
    assert not stranded


def test_the_summary_comes_first_and_hashes_and_parameters_in_the_appendices(pages):
    lines = [line for page in pages for line in page]
    heading = {line: i for i, line in reversed(list(enumerate(lines)))}  # first line holding each exact text
    assert heading["Summary"] < heading["Release decision"] < heading["Model card"]
    first_hash = next(i for i, line in enumerate(lines) if "SHA-256" in line)
    first_parameter = next(i for i, line in enumerate(lines) if "ccp_alpha" in line)
    assert heading["Model parameters"] < first_parameter and heading["Reproducibility"] < first_hash
