"""Shared fixtures: the sample models are built once per test run if missing."""

import os
import shutil
import warnings

import pytest

import explainers
from sample_models import build
from sample_models.catalog import samples


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
