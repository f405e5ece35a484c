"""Intervals for one model's metrics: a bootstrap over rows (fixed seed), every metric on the same rounds.

The metrics are compare/metrics.py's functions of row weights, plus the rates and the calibration
error the comparison has no use for; one (rounds x rows) weight matrix per block reads them all.
"""

from __future__ import annotations

import numpy as np

from ..compare.bootstrap import percentile_interval, resample_indices, weight_blocks
from ..compare.metrics import MetricSpec, metric_specs, row_values
from ..core.case import Case

LEVEL = 0.95
CALIBRATION_BINS = 10  # as confidence/calibration.py


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


def metric_intervals(case: Case, keys, *, n_boot: int = 1000, random_state=0, threshold: float = 0.5) -> dict:
    """key -> (value on every row, low, high): 95% percentile intervals from ``n_boot`` rounds over rows."""
    chosen = [s for s in specs(case) if s.key in set(keys)]
    if not chosen:
        return {}
    v = values(case, threshold)
    n = len(case.X)
    point = {s.key: float(s.compute(np.ones((1, n)), v)[0]) for s in chosen}
    rounds = {s.key: [] for s in chosen}
    for W in weight_blocks(resample_indices(n, n_boot, random_state)):
        for s in chosen:
            rounds[s.key].append(s.compute(W, v))
    return {k: (point[k], *percentile_interval(np.concatenate(r), LEVEL)) for k, r in rounds.items()}


def method(rows: int, n_boot: int, random_state) -> str:
    return (f"95% percentile intervals from a bootstrap over the {rows:,} labelled rows ({n_boot:,} rounds, "
            f"seed {random_state}).")
