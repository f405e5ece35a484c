"""Intervals for one model's metrics: a bootstrap over rows (fixed seed), every metric on the same rounds.

The metrics are compare/metrics.py's functions of row weights, plus the rates and the calibration
error the comparison has no use for; one (rounds x rows) weight matrix per block reads them all.

Above :data:`LARGE_ROWS` rows the rounds are a Poisson bootstrap over cells instead of rows: rows are
grouped into cells that share the label, the decision and a fine score bin (binary: 20,000 bins of the
positive class's probability; multiclass: 200 bins of the true class's and of the top probability;
regression: 300 quantile bins of the label and of the error), each cell carries its row count and the
mean of every row value, and a round draws each cell's weight as Poisson(count), which is what the
rows' Poisson(1) weights sum to (compare/bootstrap.py's PoissonRounds; its normal approximation for cells
of 100 rows or more). The metrics read the cells exactly as they read rows, so the cost is
(rounds x cells) whatever the rows. It is approximate only in treating the rows of a cell as equal (a
score bin is 1/20,000 wide); the point estimates are still computed on every row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..compare.bootstrap import PoissonRounds, percentile_interval, resample_indices, weight_blocks
from ..compare.bootstrap import cells as cell_table
from ..compare.metrics import MetricSpec, metric_specs, row_values
from ..core.case import Case

LEVEL = 0.95
CALIBRATION_BINS = 10  # as confidence/calibration.py
LARGE_ROWS = 50_000  # above this many rows, the Poisson bootstrap over cells
SCORE_BINS = 20_000  # binary: bins of the positive class's probability (a multiple of CALIBRATION_BINS)
MULTICLASS_BINS = 200  # multiclass: bins of the true class's and of the top probability
REGRESSION_BINS = 300  # regression: quantile bins of the label and of the error


def _ratio(top: str, bottom: str | None):
    def compute(W, v):
        with np.errstate(invalid="ignore", divide="ignore"):
            return (W @ v[top]) / (W.sum(1) if bottom is None else W @ v[bottom])
    return compute


def _f1(W, v) -> np.ndarray:
    tp, fp, fn = W @ v["tp"], W @ v["fp"], W @ v["fn"]
    with np.errstate(invalid="ignore", divide="ignore"):
        return 2 * tp / (2 * tp + fp + fn)


def _ece(W, v) -> np.ndarray:
    """Row-weighted mean over probability bins of |observed - predicted|: sum per bin of (hit - p), weighted."""
    gaps = np.abs(W @ v["bin_gaps"]).sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return gaps / W.sum(1)


def specs(case: Case) -> list[MetricSpec]:
    """Every metric with an interval for this case's task, by its stable key."""
    found = metric_specs(case) if case.labelled else []
    if case.labelled and case.task == "binary":
        found += [MetricSpec("recall", True, _ratio("tp", "actual")), MetricSpec("precision", True, _ratio("tp", "flagged")),
                  MetricSpec("f1", True, _f1), MetricSpec("false_positive_rate", False, _ratio("fp", "negative")),
                  MetricSpec("selection_rate", True, _ratio("flagged", None))]
    if case.labelled and case.is_classifier and case.proba is not None:
        found.append(MetricSpec("expected_calibration_error", False, _ece))
    return found


def values(case: Case, threshold: float = 0.5) -> dict:
    """The per-row arrays every metric reads (compare's, plus decisions and calibration bins)."""
    out = row_values(case)
    if case.task == "binary":
        actual = (case.y == case.positive_class).to_numpy()
        flagged = (case.proba[case.positive_class].to_numpy() >= threshold if case.proba is not None
                   else (case.predicted == case.positive_class).to_numpy())
        out |= {"actual": actual.astype(float), "negative": (~actual).astype(float), "flagged": flagged.astype(float),
                "tp": (flagged & actual).astype(float), "fp": (flagged & ~actual).astype(float),
                "fn": (~flagged & actual).astype(float)}
    if case.is_classifier and case.proba is not None:
        out["bin_gaps"] = _bin_gaps(case)
    return out


def _bin_gaps(case: Case) -> np.ndarray:
    """(rows x bins): each row's hit - probability in its probability bin's column (as calibration() bins)."""
    if case.task == "binary":
        p, hit = case.proba[case.positive_class].to_numpy(), (case.y == case.positive_class).to_numpy()
    else:
        p, hit = case.proba.max(axis=1).to_numpy(), (case.predicted == case.y).to_numpy()
    edges = np.linspace(0, 1, CALIBRATION_BINS + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, CALIBRATION_BINS - 1)
    gaps = np.zeros((len(p), CALIBRATION_BINS))
    gaps[np.arange(len(p)), which] = hit.astype(float) - p
    return gaps


def metric_intervals(case: Case, keys, *, n_boot: int = 1000, random_state=0, threshold: float = 0.5,
                     large_rows: int = LARGE_ROWS) -> dict:
    """key -> (value on every row, low, high): 95% percentile intervals from ``n_boot`` rounds over rows
    (a Poisson bootstrap over cells of like rows above ``large_rows`` rows; see the module's text)."""
    chosen = [s for s in specs(case) if s.key in set(keys)]
    if not chosen:
        return {}
    v = values(case, threshold)
    n = len(case.X)
    point = {s.key: float(s.compute(np.ones((1, n)), v)[0]) for s in chosen}
    rounds = {s.key: [] for s in chosen}
    if n <= large_rows:
        blocks, read = weight_blocks(resample_indices(n, n_boot, random_state, large_rows=n)), v
    else:
        counts, read = cells(case, v)
        blocks = PoissonRounds(n, n_boot, random_state).blocks(counts)
    for W in blocks:
        for s in chosen:
            rounds[s.key].append(s.compute(W, read))
    return {k: (point[k], *percentile_interval(np.concatenate(r), LEVEL)) for k, r in rounds.items()}


def cell_keys(case: Case, v: dict) -> np.ndarray:
    """One integer per row; rows with the same key share the label, the decision and a fine score bin."""
    if case.task == "regression":
        error = v["y"] - case.predicted.to_numpy(dtype=float)
        return _quantile_bin(v["y"], REGRESSION_BINS) * REGRESSION_BINS + _quantile_bin(error, REGRESSION_BINS)
    k = len(case.classes)
    label = v["onehot"].argmax(1).astype(np.int64)
    predicted = pd.Categorical(case.predicted, categories=list(case.classes)).codes.astype(np.int64)
    key = label * (k + 1) + predicted + 1  # code -1: a decision outside the classes
    if case.proba is not None and case.task == "binary":
        key = (key * 2 + v["flagged"].astype(np.int64)) * SCORE_BINS + _bin(v["score"], SCORE_BINS)
    elif case.proba is not None:
        proba = case.proba.to_numpy(dtype=float)
        true = (proba * v["onehot"]).sum(1)
        key = (key * MULTICLASS_BINS + _bin(true, MULTICLASS_BINS)) * MULTICLASS_BINS + _bin(proba.max(1), MULTICLASS_BINS)
    return key


def _bin(p: np.ndarray, bins: int) -> np.ndarray:
    return np.clip((np.asarray(p, dtype=float) * bins).astype(np.int64), 0, bins - 1)


def _quantile_bin(x: np.ndarray, bins: int) -> np.ndarray:
    edges = np.unique(np.quantile(x, np.linspace(0, 1, bins + 1)[1:-1]))
    return np.searchsorted(edges, x, side="right").astype(np.int64)


def cells(case: Case, v: dict) -> tuple[np.ndarray, dict]:
    """(row count per cell, every row value's mean per cell, booleans kept boolean)."""
    _, counts, (means,) = cell_table(cell_keys(case, v), v)
    return counts, means


def method(rows: int, n_boot: int, random_state, large_rows: int = LARGE_ROWS) -> str:
    if rows > large_rows:
        return (f"95% percentile intervals from a Poisson bootstrap over the {rows:,} labelled rows, computed on cells "
                f"of rows sharing the label, the decision and a 1/{SCORE_BINS:,}-wide score bin ({n_boot:,} rounds, "
                f"seed {random_state}; approximate: the rows of a cell are taken as equal).")
    return (f"95% percentile intervals from a bootstrap over the {rows:,} labelled rows ({n_boot:,} rounds, "
            f"seed {random_state}).")
