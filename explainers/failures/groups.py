"""Metrics per group of a column (e.g. the sidecar's sensitive features), with intervals and the largest gap."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.columns import group_labels
from ..core.errors import InputError
from ..core.result import Result
from ..core.stats import wilson_interval

MIN_ROWS = 30  # groups smaller than this are shown but not compared


@dataclass(frozen=True)
class Gap:
    """The two groups furthest apart on ``metric``: ``high - low`` is the ``gap``."""

    metric: str
    low_group: str
    low: float
    high_group: str
    high: float
    gap: float


@dataclass(frozen=True)
class GroupMetrics(Result):
    """Metrics per group of ``column``.

    ``table``: one row per group, largest first: group, rows, and each rate with ``_low`` / ``_high``
    95% bounds (classifiers: accuracy; binary also positive_rate, true_positive_rate,
    false_positive_rate; regression: mae). ``metric`` is the one compared; ``gap`` the largest gap on
    it between groups of at least ``min_rows`` rows (None when fewer than two are that large).
    """

    column: str
    metric: str
    table: pd.DataFrame
    min_rows: int
    gap: Gap | None


def compared_metric(task: str) -> str:
    """The metric groups are compared on: who is missed (binary), who is wrong (multiclass), by how much (regression)."""
    return {"regression": "mae", "binary": "true_positive_rate"}.get(task, "accuracy")


def group_metrics(case: Case, column: str, *, bins: int = 4, metric: str | None = None,
                  min_rows: int = MIN_ROWS) -> GroupMetrics:
    """Rows and rates per group of ``column`` with 95% intervals (Wilson for rates, normal for the mean
    absolute error), and the largest gap on ``metric`` (default :func:`compared_metric`)."""
    if not case.labelled:
        raise InputError("Group metrics need labelled rows: open data with the target column.")
    if column not in case.X.columns:
        raise InputError(f"Column {column!r} is not in the data.")
    metric = metric or compared_metric(case.task)
    if case.whole is not None:
        from ..scale.results import group_table

        table = group_table(case, column, bins)
    else:
        labels = group_labels(case.X[column], bins)
        rows = []
        for group, index in labels.groupby(labels, observed=True).groups.items():
            rows.append({"group": str(group), "rows": len(index), **_metrics(case, index)})
        table = pd.DataFrame(rows).sort_values("rows", ascending=False).reset_index(drop=True)
    if metric not in table.columns:
        measured = [c for c in table.columns if f"{c}_low" in table.columns]
        raise InputError(f"Metric {metric!r} is not measured for a {case.task} model; choose from {measured}.")
    interval = "normal" if case.task == "regression" else "Wilson"
    return GroupMetrics(column=column, metric=metric, table=table, min_rows=min_rows,
                        gap=largest_gap(table, metric, min_rows),
                        method=f"Metrics per group of {column} on {case.n_rows:,} labelled rows, with 95% {interval} "
                               "intervals.")


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


def largest_gap(table: pd.DataFrame, metric: str, min_rows: int = MIN_ROWS) -> Gap | None:
    """The two groups (with at least ``min_rows`` rows) furthest apart on ``metric``."""
    usable = table[(table["rows"] >= min_rows) & table[metric].notna()]
    if len(usable) < 2:
        return None
    low, high = usable.loc[usable[metric].idxmin()], usable.loc[usable[metric].idxmax()]
    return Gap(metric, str(low["group"]), float(low[metric]), str(high["group"]), float(high[metric]),
               float(high[metric] - low[metric]))
