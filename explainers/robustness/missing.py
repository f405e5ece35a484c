"""Missing values: blank one column at a time and measure how far the model's outputs move.

Every column is blanked in every scanned row (one stacked call). Where the model refuses a blank
(raises, or returns non-finite outputs) the column is set to its typical value instead: the median
(whole numbers rounded) or the most frequent category, which is what a pipeline's imputer would
do. Movement is in probability points (binary), half the summed class-probability changes
(multiclass) or the target's units (regression). The share of changed decisions is tested against
a 5% tolerance (one-sided binomial test, Benjamini-Hochberg q-values across columns).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..core.case import Case
from ..core.stats import benjamini_hochberg, wilson_interval
from .batch import Outputs, changed, movement, outputs, stack

TOLERANCE = 0.05  # shares of changed decisions are tested against this
PROBE_ROWS = 5
COLUMNS = ["column", "filled_with", "value", "rows", "mean_move", "p90_move", "changed", "change_rate", "ci_low",
           "ci_high", "p_value", "q_value"]


def missing_values(case: Case, X: pd.DataFrame, before: Outputs, threshold: float | None = None) -> pd.DataFrame:
    """One row per column: what filled it, how far outputs moved, and the share of decisions changed (at
    ``threshold``, as ``before`` was decided)."""
    fills = {column: (np.nan, "blank") for column in X.columns}
    changes = _changes(X, fills)
    try:
        after = outputs(case, stack(X, changes), threshold)
        usable = after.score is None or np.isfinite(after.score).all()
    except Exception:  # noqa: BLE001 - the model refuses blanks somewhere: probe each column
        usable = False
    if not usable:
        fills = {column: _fill(case, X, column) for column in X.columns}
        changes = _changes(X, fills)
        after = outputs(case, stack(X, changes), threshold)
    table = pd.DataFrame(_rows(case, X, fills, changes, before, after), columns=COLUMNS)
    tested = table["rows"] > 0
    table.loc[tested, "q_value"] = benjamini_hochberg(table.loc[tested, "p_value"].to_numpy(dtype=float))
    return table


def _changes(X: pd.DataFrame, fills: dict) -> list[tuple]:
    changes = []
    for column, (value, _) in fills.items():
        positions = np.flatnonzero(X[column].notna().to_numpy())
        changes.append((column, positions, np.full(len(positions), value, dtype=object)))
    return changes


def _fill(case: Case, X: pd.DataFrame, column: str) -> tuple[object, str]:
    """``(value, how)``: a blank when the model takes one in this column, else the column's typical value."""
    probe = X.head(PROBE_ROWS)
    try:
        out = outputs(case, stack(probe, [(column, np.arange(len(probe)), np.full(len(probe), np.nan, dtype=object))]))
        takes_blank = out.score is None or bool(np.isfinite(out.score).all())
    except Exception:  # noqa: BLE001 - this column cannot be blank for this model
        takes_blank = False
    return (np.nan, "blank") if takes_blank else (typical(case, column), "typical value")


def typical(case: Case, column: str):
    """The median (rounded for whole numbers) or the most frequent value of a column."""
    series = case.X[column].dropna()
    if case.feature_kinds.get(column) == "categorical" or not pd.api.types.is_numeric_dtype(series):
        return series.mode().iloc[0]
    middle = float(series.median())
    return round(middle) if case.feature_kinds.get(column) == "integer" else middle


def _rows(case, X, fills, changes, before, after) -> list[dict]:
    rows, start = [], 0
    for column, positions, _ in changes:
        stop = start + len(positions)
        part = Outputs(after.decision[start:stop], None if after.score is None else after.score[start:stop])
        was = Outputs(before.decision[positions], None if before.score is None else before.score[positions])
        start = stop
        n = len(positions)
        moved = movement(case, was, part) if n else np.array([])
        k = int(changed(case, was.decision, part.decision).sum()) if n else 0
        low, high = wilson_interval(k, n) if n else (np.nan, np.nan)
        value, how = fills[column]
        rows.append({"column": column, "filled_with": how, "value": None if how == "blank" else value, "rows": n,
                     "mean_move": float(moved.mean()) if n else np.nan,
                     "p90_move": float(np.quantile(moved, 0.9)) if n else np.nan, "changed": k,
                     "change_rate": k / n if n else np.nan, "ci_low": low, "ci_high": high,
                     "p_value": float(stats.binom.sf(k - 1, n, TOLERANCE)) if n else np.nan, "q_value": np.nan})
    return rows
