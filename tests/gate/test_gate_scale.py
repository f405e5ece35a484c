"""Intervals on many rows: the gate reads the measures layer (a Poisson bootstrap over cells of alike rows), says so
and is seeded. (That cells agree with rows is tested with the measures layer and with compare's paired cells.)"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

import explainers
from explainers.core.measures import measures
from tests.conftest import load_quietly

ROWS = 60_000


def _generated(n: int = ROWS):
    """A logistic model on continuous inputs (every score distinct, so cells truly approximate rows)."""
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({"x1": rng.normal(size=n), "x2": rng.normal(size=n), "x3": rng.uniform(-1, 1, n)})
    logit = 1.5 * frame["x1"] - frame["x2"] + 0.5 * frame["x3"]
    frame["y"] = np.where(rng.random(n) < 1 / (1 + np.exp(-logit)), "yes", "no")
    inputs = ["x1", "x2", "x3"]
    model = LogisticRegression().fit(frame.iloc[:5000][inputs], frame.iloc[:5000]["y"])
    return load_quietly(model, frame[[*inputs, "y"]], target="y")


@pytest.fixture(scope="module")
def binary():
    return _generated()


def test_on_many_rows_the_gate_reads_the_measures_layer_says_so_and_is_seeded(binary):
    policy = [{"check": "metric", "metric": "roc_auc", "min": 0.6}, {"check": "metric", "metric": "recall", "min": 0.3}]
    first = explainers.gate(binary, policy, n_boot=200, random_state=4)
    again = explainers.gate(binary, policy, n_boot=200, random_state=4)
    assert first.passed and [(c.low, c.high) for c in first.checks] == [(c.low, c.high) for c in again.checks]
    found = measures(binary, threshold=0.5, n_boot=200, random_state=4)
    for check, key in zip(first.checks, ("roc_auc", "recall"), strict=True):
        assert (check.value, check.low, check.high) == pytest.approx(found.interval(key))
    assert "Poisson-bootstrap interval" in first.checks[0].evidence and "Wilson" in first.checks[1].evidence
    assert "Poisson bootstrap over cells" in first.method
