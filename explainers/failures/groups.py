"""Metrics per group of a column (e.g. the sidecar's sensitive features), with intervals and the largest gap."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.columns import group_labels
from ..core.errors import InputError
from ..core.stats import wilson_interval


def group_metrics(case: Case, column: str, bins: int = 4) -> pd.DataFrame:
    """One row per group: rows, and for classifiers accuracy, positive rate, true/false positive rates
    (binary) with 95% Wilson intervals; for regressors the mean absolute error with a normal interval."""
    if not case.labelled:
        raise InputError("Group metrics need labelled rows: open data with the target column.")
    if column not in case.X.columns:
        raise InputError(f"Column {column!r} is not in the data.")
    labels = group_labels(case.X[column], bins)
    rows = []
    for group, index in labels.groupby(labels, observed=True).groups.items():
        rows.append({"group": str(group), "rows": len(index), **_metrics(case, index)})
    return pd.DataFrame(rows).sort_values("rows", ascending=False).reset_index(drop=True)


def _metrics(case: Case, index) -> dict:
    y, predicted = case.y.loc[index], case.predicted.loc[index]
    if case.task == "regression":
        error = (y.astype(float) - predicted.astype(float)).abs()
        half = 1.96 * error.std(ddof=1) / np.sqrt(len(error)) if len(error) > 1 else np.nan
        return {"mae": error.mean(), "mae_low": error.mean() - half, "mae_high": error.mean() + half}
    out = _rate("accuracy", (predicted == y).sum(), len(y))
    if case.task == "binary":
        positive = case.positive_class
        actual_pos, flagged = y == positive, predicted == positive
        out |= _rate("positive_rate", flagged.sum(), len(y))
        out |= _rate("true_positive_rate", (flagged & actual_pos).sum(), actual_pos.sum())
        out |= _rate("false_positive_rate", (flagged & ~actual_pos).sum(), (~actual_pos).sum())
    return out


def _rate(name: str, hits, total) -> dict:
    low, high = wilson_interval(float(hits), int(total))
    return {name: hits / total if total else np.nan, f"{name}_low": low, f"{name}_high": high}


def largest_gap(table: pd.DataFrame, metric: str, min_rows: int = 30) -> dict | None:
    """The two groups (with at least ``min_rows`` rows) furthest apart on ``metric``."""
    usable = table[(table["rows"] >= min_rows) & table[metric].notna()]
    if len(usable) < 2:
        return None
    low, high = usable.loc[usable[metric].idxmin()], usable.loc[usable[metric].idxmax()]
    return {"metric": metric, "low_group": low["group"], "low": low[metric], "high_group": high["group"],
            "high": high[metric], "gap": high[metric] - low[metric]}
