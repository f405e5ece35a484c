"""Shared fixtures: the sample models are built once per test run if missing."""

import pytest

from sample_models import build
from sample_models.catalog import samples


@pytest.fixture(scope="session")
def sample_cases_built():
    """Build any missing sample model (a few seconds) and return the catalogue."""
    for name in build.missing():
        build.build(name)
    return samples()


@pytest.fixture(scope="session")
def german(sample_cases_built):
    return sample_cases_built["german_credit"]
