"""Shared fixtures: the sample models are built once per test run if missing."""

import json
import os
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

import explainers
from sample_models import build
from sample_models.catalog import samples

APP = str(Path(__file__).resolve().parents[1] / "app.py")  # the dashboard's entry point, for AppTest
ENVIRONMENT = ("TRUSTBOARD_MODEL", "TRUSTBOARD_DATA", "TRUSTBOARD_TARGET", "TRUSTBOARD_MODEL_DIR", "TRUSTBOARD_CHALLENGER")


def round_trip(result) -> dict:
    """``result.to_dict()`` through JSON and back (fails on NaN, numpy scalars, frames, ...)."""
    return json.loads(json.dumps(result.to_dict(), allow_nan=False))


def elements(node):
    """Every element of an AppTest tree, depth first."""
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from elements(child)


@pytest.fixture
def clean_environment(monkeypatch, sample_cases_built):
    """No operator settings from the environment: the app opens its default sample."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def sample_cases_built():
    """Build any missing sample model (a few seconds) and return the catalogue."""
    for name in build.missing():
        build.build(name)
    return samples()


def load_quietly(*args, **kwargs):
    """explainers.load with its InputWarnings (notes) silenced, for tests about other things."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return explainers.load(*args, **kwargs)


@pytest.fixture(scope="module")
def cases(sample_cases_built):
    """Each sample case loaded once from its model and holdout: name -> Case."""
    return {name: load_quietly(s.model_path, s.holdout_path) for name, s in sample_cases_built.items()}


@pytest.fixture(scope="session")
def german(sample_cases_built):
    return sample_cases_built["german_credit"]


@pytest.fixture(scope="module")
def german_case(german):
    """The German credit sample opened from its model and holdout, loading notes silenced."""
    return load_quietly(german.model_path, german.holdout_path)


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def _skip_or_fail(reason: str):
    if os.environ.get("TRUSTBOARD_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (TRUSTBOARD_REQUIRE_BROWSER=1 forbids skipping)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright; skipped with the reason when missing (a failure in CI)."""
    executable = os.environ.get("TRUSTBOARD_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        _skip_or_fail("no Chromium found: apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("Playwright is not installed: pip install -r requirements-dev.txt")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def _served():
    """The dashboard served by a real Streamlit process on a free loopback port, stopped when the generator ends."""
    from tests.browser_support import ARTIFACTS, start_server

    ARTIFACTS.mkdir(exist_ok=True)
    process, url = start_server()
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="session")
def server(sample_cases_built):
    """The dashboard served once for every browser test of the run: what a page computes (a sample's explanations,
    Since go-live's monitoring runs) is computed once per server process, not again in each module. Each browser
    session is still a reader of its own; a test about a server's first session takes ``fresh_server``."""
    yield from _served()


@pytest.fixture(scope="module")
def fresh_server(sample_cases_built):
    """A server of the module's own, whose first session is the module's first test."""
    yield from _served()


@pytest.fixture(scope="session")
def german_pdf(sample_cases_built, tmp_path_factory):
    """The German credit report printed to PDF once per run, with the training rows as the drift reference:
    (case, path, the text pdftotext reads, pages separated by form feeds)."""
    from explainers import InputError, report
    from explainers.report.pdf import find_chromium

    try:
        find_chromium()
    except InputError as err:
        _skip_or_fail(f"no Chromium to print the PDF: {err}")
    if shutil.which("pdftotext") is None:
        _skip_or_fail("pdftotext is missing: apt-get install -y poppler-utils")
    german = sample_cases_built["german_credit"]
    case = load_quietly(german.model_path, german.holdout_path)
    path = report(case, tmp_path_factory.mktemp("pdf") / "german.pdf", format="pdf", reference=german.training_path)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return case, path, text
