"""Per-partition sufficient statistics for the whole-data results; each adds up over partitions."""

from __future__ import annotations

import numpy as np

from ..core.columns import group_labels
from ..core.stats import log_loss_sum
from ..failures.tallies import codes_of, tally

SCORE_BINS = 100_000  # fine score histogram for ROC AUC and average precision (within 1e-4 of exact)


def binary(part: dict, positive, thresholds: np.ndarray) -> dict:
    """Flagged positives and negatives at each threshold, fine score histograms per class, loss sums."""
    truth = (part["y"] == positive).to_numpy()
    score = part["proba"][positive].to_numpy(dtype=float)
    pos, neg = np.sort(score[truth]), np.sort(score[~truth])
    fine = np.minimum((score * SCORE_BINS).astype(np.int64), SCORE_BINS - 1)
    return {"rows": len(score), "positives": int(truth.sum()),
            "flagged_pos": len(pos) - np.searchsorted(pos, thresholds, side="left"),
            "flagged_neg": len(neg) - np.searchsorted(neg, thresholds, side="left"),
            "hist_pos": np.bincount(fine[truth], minlength=SCORE_BINS),
            "hist_neg": np.bincount(fine[~truth], minlength=SCORE_BINS),
            "log_loss": log_loss_sum(np.column_stack([1 - score, score]), truth.astype(np.int64)), "brier": float(((score - truth) ** 2).sum()),
            "workers": {part["worker"]}}


def classes(part: dict, labels: tuple) -> dict:
    """Confusion counts (actual x predicted over ``labels``) and the log-loss sum."""
    index = {c: i for i, c in enumerate(labels)}
    actual = part["y"].map(index).to_numpy(dtype=np.int64)
    predicted = part["predicted"].map(index).to_numpy(dtype=np.int64)
    k = len(labels)
    out = {"confusion": np.bincount(actual * k + predicted, minlength=k * k).reshape(k, k), "log_loss": 0.0,
           "workers": {part["worker"]}}
    if part["proba"] is not None:
        out["log_loss"] = log_loss_sum(part["proba"].to_numpy(dtype=float), actual)
    return out


def regression(part: dict) -> dict:
    """Sums that give MAE, RMSE and R2 over all rows: errors' absolute values and squares, the labels and squares."""
    y = part["y"].to_numpy(dtype=float)
    error = y - part["predicted"].to_numpy(dtype=float)
    return {"rows": len(y), "abs_error": float(np.abs(error).sum()), "sq_error": float((error ** 2).sum()),
            "y": float(y.sum()), "y_sq": float((y ** 2).sum()), "workers": {part["worker"]}}


def reliability(part: dict, positive, bins: int, labels: tuple) -> dict:
    """Rows, summed probability and hits per equal-width bin; Brier and log-loss sums."""
    proba = part["proba"]
    if positive is not None:
        p = proba[positive].to_numpy(dtype=float)
        hit = (part["y"] == positive).to_numpy()
        brier = float(((p - hit) ** 2).sum())
    else:
        p = proba.max(axis=1).to_numpy()
        hit = (part["predicted"] == part["y"]).to_numpy()
        onehot = (part["y"].to_numpy()[:, None] == np.asarray(labels, dtype=object)[None, :]).astype(float)
        brier = float(np.sum((proba.to_numpy() - onehot) ** 2))
    which = np.clip(np.digitize(p, np.linspace(0, 1, bins + 1)[1:-1]), 0, bins - 1)
    return {"rows": np.bincount(which, minlength=bins), "sum_p": np.bincount(which, p, bins),
            "hits": np.bincount(which, hit.astype(float), bins), "brier": brier, "n": len(p),
            "log_loss": classes(part, labels)["log_loss"], "workers": {part["worker"]}}


def groups(part: dict, column: str, bins: int, reference, positive, regression: bool) -> dict:
    """Per group of ``column`` (binned like ``reference``): rows and the counts or sums each rate needs."""
    labels = group_labels(part["X"][column], bins, reference=reference).astype(str)
    y, predicted = part["y"], part["predicted"]
    if regression:
        error = (y.astype(float) - predicted.astype(float)).abs()
        values = {"rows": 1, "error": error.to_numpy(), "error_sq": (error ** 2).to_numpy()}
    else:
        actual, flagged = (y == positive).to_numpy(), (predicted == positive).to_numpy()
        values = {"rows": 1, "correct": (predicted == y).to_numpy(), "flagged": flagged, "actual": actual,
                  "tp": flagged & actual, "fp": flagged & ~actual}
    out = {}
    for name, value in values.items():
        series = np.broadcast_to(np.asarray(value, dtype=float), (len(labels),))
        out[name] = {str(g): float(v) for g, v in zip(*_group_sums(labels.to_numpy(), series), strict=True)}
    return {"groups": out, "workers": {part["worker"]}}


def _group_sums(labels: np.ndarray, values: np.ndarray):
    names, codes = np.unique(labels, return_inverse=True)
    return names, np.bincount(codes, values, len(names))


def row_errors(part: dict, regression: bool) -> np.ndarray:
    """Each row's error, as failures.slices.row_errors defines it (0/1 mistakes, or absolute error)."""
    if regression:
        return np.abs(part["y"].to_numpy(dtype=float) - part["predicted"].to_numpy(dtype=float))
    return (part["predicted"] != part["y"]).to_numpy(dtype=float)


def slice_tallies(part: dict, grid: list, regression: bool) -> object:
    """The slice search's tallies (failures/tallies.py) of this partition's rows."""
    return tally(grid, codes_of(grid, part["X"]), row_errors(part, regression))
