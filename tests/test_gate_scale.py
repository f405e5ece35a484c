"""Intervals on many rows: the Poisson bootstrap over cells of like rows (used above LARGE_ROWS) agrees with the
bootstrap over rows on the same data, for the gate's metrics and compare's paired differences, and says so."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

import explainers
from explainers.compare.bootstrap import PoissonRounds, percentile_interval, resample_indices
from explainers.compare.intervals import group_rounds, paired_rounds
from explainers.compare.metrics import metric_specs, row_values
from explainers.gate.bootstrap import LARGE_ROWS, cells, metric_intervals, specs, values
from tests.conftest import load_quietly

ROWS = 60_000


def _generated(n: int = ROWS, classes: int = 2, inputs=("x1", "x2", "x3")):
    """A logistic model on continuous inputs (every score distinct, so cells truly approximate rows)."""
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({"x1": rng.normal(size=n), "x2": rng.normal(size=n), "x3": rng.uniform(-1, 1, n)})
    logit = 1.5 * frame["x1"] - frame["x2"] + 0.5 * frame["x3"]
    if classes == 2:
        frame["y"] = np.where(rng.random(n) < 1 / (1 + np.exp(-logit)), "yes", "no")
    else:
        frame["y"] = pd.cut(logit + rng.normal(scale=1.0, size=n), [-np.inf, -1, 1, np.inf], labels=["a", "b", "c"]).astype(str)
    model = LogisticRegression().fit(frame.iloc[:5000][list(inputs)], frame.iloc[:5000]["y"])
    return load_quietly(model, frame[[*inputs, "y"]], target="y")


@pytest.fixture(scope="module")
def binary():
    return _generated()


def _regression(n: int = 20_000):
    from sklearn.linear_model import LinearRegression

    rng = np.random.default_rng(8)
    frame = pd.DataFrame({"x1": rng.normal(size=n), "x2": rng.uniform(size=n)})
    frame["y"] = 2 * frame["x1"] + frame["x2"] ** 2 + rng.standard_t(4, size=n)
    return load_quietly(LinearRegression().fit(frame[["x1", "x2"]], frame["y"]), frame, target="y")


@pytest.mark.parametrize("kind", ["binary", "multiclass", "regression"])
def test_the_cell_bootstrap_agrees_with_the_row_bootstrap(binary, kind):
    case = {"binary": binary, "multiclass": lambda: _generated(20_000, classes=3), "regression": _regression}[kind]
    case = case if kind == "binary" else case()
    assert len(case.X) > LARGE_ROWS or kind != "binary"
    keys = [s.key for s in specs(case)]
    rows = metric_intervals(case, keys, n_boot=200, random_state=1, large_rows=10**9)
    cell = metric_intervals(case, keys, n_boot=200, random_state=1, large_rows=0)
    for key in keys:
        point, low, high = rows[key]
        c_point, c_low, c_high = cell[key]
        width = high - low
        assert c_point == point, key  # point estimates are always computed on every row
        assert c_low < point < c_high, key
        assert abs(c_low - low) < 0.35 * width and abs(c_high - high) < 0.35 * width, (key, rows[key], cell[key])
        assert 0.7 < (c_high - c_low) / width < 1.4, (key, rows[key], cell[key])


def test_cells_keep_every_sum_exact_and_are_far_fewer_than_rows(binary):
    v = values(binary)
    counts, by_cell = cells(binary, v)
    assert counts.sum() == len(binary.X) and len(counts) < len(binary.X) / 2
    for name in ("correct", "tp", "fp", "brier", "log_loss"):
        assert counts @ by_cell[name] == pytest.approx(v[name].sum(), rel=1e-9)
    assert by_cell["positive"].dtype == bool


def test_above_large_rows_the_gate_uses_cells_says_so_and_is_seeded(binary):
    assert len(binary.X) > LARGE_ROWS
    policy = [{"check": "metric", "metric": "roc_auc", "min": 0.6}, {"check": "metric", "metric": "recall", "min": 0.3}]
    first = explainers.gate(binary, policy, n_boot=200, random_state=4)
    again = explainers.gate(binary, policy, n_boot=200, random_state=4)
    assert first.passed and [(c.low, c.high) for c in first.checks] == [(c.low, c.high) for c in again.checks]
    assert "approximate" in first.checks[0].evidence and "Poisson bootstrap" in first.method


def test_compare_reads_many_rows_as_poisson_rounds_on_cells_and_agrees_with_the_row_bootstrap(binary):
    weaker = _generated(inputs=("x1", "x3"))
    assert isinstance(resample_indices(ROWS, 200, 0), PoissonRounds)  # no (rounds x rows) array at this size
    specs = metric_specs(binary)
    before, after = row_values(binary), row_values(weaker)
    exact = paired_rounds(specs, before, after, resample_indices(ROWS, 200, 2, large_rows=10**9))
    cells = paired_rounds(specs, before, after, resample_indices(ROWS, 200, 2))
    for spec in specs:
        low, high = percentile_interval(exact[spec.key][1] - exact[spec.key][0])
        c_low, c_high = percentile_interval(cells[spec.key][1] - cells[spec.key][0])
        width = high - low
        assert abs(c_low - low) < 0.35 * width and abs(c_high - high) < 0.35 * width, (spec.key, low, high, c_low, c_high)
    groups = {"low": np.flatnonzero(binary.X["x3"] < 0), "high": np.flatnonzero(binary.X["x3"] >= 0)}
    auc = specs[0]
    exact_g = group_rounds(auc, before, after, resample_indices(ROWS, 200, 2, large_rows=10**9), groups)
    cells_g = group_rounds(auc, before, after, resample_indices(ROWS, 200, 2), groups)
    for g in groups:
        low, high = percentile_interval(exact_g[g][1] - exact_g[g][0])
        c_low, c_high = percentile_interval(cells_g[g][1] - cells_g[g][0])
        assert abs(c_low - low) < 0.35 * (high - low) and abs(c_high - high) < 0.35 * (high - low), (g, low, high, c_low, c_high)
