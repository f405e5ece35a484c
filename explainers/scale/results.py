"""Whole-data results of a dask case, built from the per-partition aggregates (aggregates.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.stats import tied_auc, wilson_interval
from . import aggregates


def performance_values(case, threshold: float, thresholds: np.ndarray) -> tuple[dict, dict]:
    """Binary metrics at ``threshold`` and the counts behind them, from all rows."""
    total = case.whole.reduce(aggregates.binary, case.positive_class, np.append(thresholds, threshold))
    n, P = total["rows"], total["positives"]
    N = n - P
    tp, fp = int(total["flagged_pos"][-1]), int(total["flagged_neg"][-1])
    fn, tn = P - tp, N - fp
    values = {"accuracy": (tp + tn) / n, "balanced_accuracy": (tp / P + tn / N) / 2,
              "roc_auc": tied_auc(np.arange(len(total["hist_pos"])), total["hist_pos"], total["hist_neg"]),
              "average_precision": _average_precision(total["hist_pos"], total["hist_neg"]),
              "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
              "precision": tp / (tp + fp) if tp + fp else 0.0, "recall": tp / P if P else 0.0,
              "log_loss": total["log_loss"] / n, "brier_score": total["brier"] / n}
    counts = {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "P": P, "N": N, "n": n,
              "flagged_pos": total["flagged_pos"][:-1], "flagged_neg": total["flagged_neg"][:-1]}
    return values, counts


def _average_precision(pos: np.ndarray, neg: np.ndarray) -> float:
    """sklearn's step-wise average precision over the fine bins, highest scores first."""
    tp, fp = np.cumsum(pos[::-1]), np.cumsum(neg[::-1])
    flagged = tp + fp
    keep = np.diff(np.concatenate([[0], flagged])) > 0
    tp, flagged = tp[keep], flagged[keep]
    recall = tp / pos.sum()
    return float(np.sum(np.diff(np.concatenate([[0.0], recall])) * tp / flagged))


def threshold_table(counts: dict, thresholds: np.ndarray, costs: dict) -> pd.DataFrame:
    """The threshold study's table (failures.performance.threshold_study) from whole-data counts."""
    study = pd.DataFrame({"threshold": thresholds, "tp": counts["flagged_pos"], "fp": counts["flagged_neg"],
                          "fn": counts["P"] - counts["flagged_pos"], "tn": counts["N"] - counts["flagged_neg"]})
    study["cost_per_row"] = (study["fp"] * costs["false_positive"] + study["fn"] * costs["false_negative"]) / counts["n"]
    study["flagged_share"] = (study["tp"] + study["fp"]) / counts["n"]
    return study


def class_values(case) -> tuple[dict, np.ndarray]:
    """Multiclass accuracy, balanced accuracy, macro F1 and log loss from the whole-data confusion matrix."""
    total = case.whole.reduce(aggregates.classes, case.classes)
    confusion = total["confusion"]
    n, support, chosen = confusion.sum(), confusion.sum(axis=1), confusion.sum(axis=0)
    right = np.diag(confusion)
    present = support > 0
    used = present | (chosen > 0)
    f1 = np.where(support + chosen > 0, 2 * right / np.maximum(support + chosen, 1), 0.0)
    values = {"accuracy": right.sum() / n, "balanced_accuracy": float(np.mean(right[present] / support[present])),
              "f1_macro": float(np.mean(f1[used]))}
    if case.proba is not None:
        values["log_loss"] = total["log_loss"] / n
    return values, confusion


def regression_values(case) -> dict:
    """MAE, RMSE and R2 from all rows' sums (the median absolute error needs every error at once: not here)."""
    total = case.whole.reduce(aggregates.regression)
    n = total["rows"]
    spread = total["y_sq"] - total["y"] ** 2 / n  # sum of squares about the mean
    return {"mae": total["abs_error"] / n, "rmse": float(np.sqrt(total["sq_error"] / n)),
            "r2": 1 - total["sq_error"] / spread if spread > 0 else float("nan")}


def reliability_table(case, bins: int) -> tuple[pd.DataFrame, dict]:
    """The reliability table (confidence.calibration) and the Brier / log-loss sums from all rows."""
    positive = case.positive_class if case.task == "binary" else None
    total = case.whole.reduce(aggregates.reliability, positive, bins, case.classes)
    edges, rows = np.linspace(0, 1, bins + 1), []
    for b in np.flatnonzero(total["rows"]):
        count = int(total["rows"][b])
        low, high = wilson_interval(total["hits"][b], count)
        rows.append({"bin_low": edges[b], "bin_high": edges[b + 1], "rows": count,
                     "mean_predicted": float(total["sum_p"][b] / count), "observed": float(total["hits"][b] / count),
                     "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows), total


def group_table(case, column: str, bins: int) -> pd.DataFrame:
    """Rows and rates per group with intervals (failures.groups) from whole-data counts."""
    regression = case.task == "regression"
    total = case.whole.reduce(aggregates.groups, column, bins, case.X[column], case.positive_class, regression)["groups"]
    rows = []
    for group, count in total["rows"].items():
        n = int(count)
        if regression:
            mean = total["error"][group] / n
            sd = np.sqrt(max(total["error_sq"][group] - n * mean ** 2, 0) / (n - 1)) if n > 1 else np.nan
            half = 1.96 * sd / np.sqrt(n)
            rows.append({"group": group, "rows": n, "mae": mean, "mae_low": mean - half, "mae_high": mean + half})
            continue
        row = {"group": group, "rows": n, **_rate("accuracy", total["correct"][group], n)}
        if case.task == "binary":
            actual = total["actual"][group]
            row |= _rate("positive_rate", total["flagged"][group], n)
            row |= _rate("true_positive_rate", total["tp"][group], actual)
            row |= _rate("false_positive_rate", total["fp"][group], n - actual)
        rows.append(row)
    return pd.DataFrame(rows).sort_values("rows", ascending=False, kind="stable").reset_index(drop=True)


def _rate(name: str, hits: float, total: float) -> dict:
    low, high = wilson_interval(float(hits), int(total))
    return {name: hits / total if total else np.nan, f"{name}_low": low, f"{name}_high": high}
