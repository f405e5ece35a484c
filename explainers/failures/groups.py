"""Metrics per group of a column (e.g. the sidecar's sensitive features), with intervals and the largest gap."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..core.case import Case
from ..core.errors import InputError
from ..core.language import _, count
from ..core.measures import measures
from ..core.result import Result
from .words import sig

MIN_ROWS = 30  # groups smaller than this are shown but not compared
GROUP_KEYS = {"binary": ("accuracy", "selection_rate", "true_positive_rate", "false_positive_rate"),
              "multiclass": ("accuracy",), "regression": ("mae",)}
BOOTSTRAP_ROUNDS = 1000  # rounds for the mean absolute error's interval (regression)


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
    95% bounds (classifiers: accuracy; binary also selection_rate (share decided positive), true_positive_rate,
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


def group_metrics(case: Case, column: str, *, bins: int = 4, metric: str | None = None, min_rows: int = MIN_ROWS,
                  threshold: float | None = None) -> GroupMetrics:
    """Rows and rates per group of ``column`` with 95% intervals (Wilson for rates, a bootstrap for the mean
    absolute error) from the measures layer, and the largest gap on ``metric`` (default :func:`compared_metric`);
    decisions at ``threshold`` (binary classifiers with probabilities; None: the model's own)."""
    if not case.labelled:
        raise InputError("Group metrics need labelled rows: open data with the target column.")
    if column not in case.X.columns:
        raise InputError(f"Column {column!r} is not in the data.")
    metric = metric or compared_metric(case.task)
    keys = GROUP_KEYS[case.task]
    measured = measures(case, by=column, threshold=threshold, metrics=keys, bins=bins, n_boot=BOOTSTRAP_ROUNDS)
    table = group_table(measured, keys).sort_values("rows", ascending=False, kind="stable").reset_index(drop=True)
    if metric not in table.columns:
        measured_keys = [c for c in table.columns if f"{c}_low" in table.columns]
        raise InputError(f"Metric {metric!r} is not measured for a {case.task} model; choose from {measured_keys}.")
    # Translators: appended to "Metrics per group of {column} on {rows} labelled rows{at}, ..."; keep the space.
    at = ("" if measured.threshold is None or case.task != "binary" else
          _(" at the threshold {threshold}", threshold=sig(measured.threshold, "g")))
    if case.task == "regression":
        method = _("Metrics per group of {column} on {rows} labelled rows{at}, with 95% bootstrap ({rounds} Poisson "
                   "rounds over cells, seed 0) intervals.", column=column, rows=count(case.n_rows), at=at,
                   rounds=count(BOOTSTRAP_ROUNDS))
    else:
        method = _("Metrics per group of {column} on {rows} labelled rows{at}, with 95% Wilson intervals.",
                   column=column, rows=count(case.n_rows), at=at)
    return GroupMetrics(column=column, metric=metric, table=table, min_rows=min_rows,
                        gap=largest_gap(table, metric, min_rows), approximate=measured.approximate, method=method)


def group_table(measured, keys) -> pd.DataFrame:
    """One row per group of a one-column :class:`Measures`: group, rows, and each key with ``_low`` / ``_high``."""
    table = pd.DataFrame({"group": [str(g) for g in measured.by_group.index],
                          "rows": measured.by_group["count"].astype(int).to_numpy()})
    for key in keys:
        table[key] = measured.by_group[key].to_numpy()
        table[f"{key}_low"] = measured.by_group_low[key].to_numpy()
        table[f"{key}_high"] = measured.by_group_high[key].to_numpy()
    return table


def largest_gap(table: pd.DataFrame, metric: str, min_rows: int = MIN_ROWS) -> Gap | None:
    """The two groups (with at least ``min_rows`` rows) furthest apart on ``metric``."""
    usable = table[(table["rows"] >= min_rows) & table[metric].notna()]
    if len(usable) < 2:
        return None
    low, high = usable.loc[usable[metric].idxmin()], usable.loc[usable[metric].idxmax()]
    return Gap(metric, str(low["group"]), float(low[metric]), str(high["group"]), float(high[metric]),
               float(high[metric] - low[metric]))
