"""Perturbation: move one column at a time by a small realistic amount and count the decisions that flip.

Numbers move by 5% of the middle half of their values (their interquartile range, or standard
deviation when that is 0) up and down, and continuous ones also by x1.01 and x0.99, kept inside
the range seen in the data; whole numbers move by whole steps (at least 1). Categories are swapped
to their most similar frequent category: the one (held by at least 1% of rows) whose rows the
model scores most alike on average. A row flips for a column when any of its moves changes the
decision. The flip rate per column has a Wilson interval and a one-sided binomial test against a
2% tolerance, with Benjamini-Hochberg q-values across columns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..core.case import Case
from ..core.stats import benjamini_hochberg, wilson_interval
from .batch import MARGIN_NEAR, Outputs, changed, margins, outputs, stack

SPREAD_SHARE = 0.05
SCALES = (1.01, 0.99)
FREQUENT = 0.01  # share of rows that makes a category frequent (a swap target)
TOLERANCE = 0.02  # flip rates are tested against this share
EXAMPLES = 20  # flipped rows kept per column
COLUMNS = ["column", "move", "step", "rows", "flipped", "flip_rate", "ci_low", "ci_high", "near_threshold",
           "p_value", "q_value", "examples"]


def perturbation(case: Case, X: pd.DataFrame, before: Outputs, threshold: float | None = None) -> pd.DataFrame:
    """One row per column: how it was moved, rows tried, decisions flipped (at ``threshold``, as ``before``
    was decided), the flip rate and its test."""
    changes, moves = [], {}
    for column in X.columns:
        found, moves[column] = column_moves(case, X, column)
        changes += found
    after = outputs(case, stack(X, changes), threshold) if changes else Outputs(np.array([]), None)
    gaps = margins(case, before, threshold)
    table = pd.DataFrame([_column_row(case, X, column, moves[column], changes, after, before, gaps)
                          for column in X.columns], columns=COLUMNS)
    tested = table["rows"] > 0
    table.loc[tested, "q_value"] = benjamini_hochberg(table.loc[tested, "p_value"].to_numpy(dtype=float))
    return table


def column_moves(case: Case, X: pd.DataFrame, column: str) -> tuple[list[tuple], tuple[str, float]]:
    """``(changes, (move, step))``: the changes ``(column, positions, values)`` to try, and how they move it.

    Sensitive two-valued columns (sidecar) are swapped too: the question there is whether the value
    alone decides. Other columns with two values have no small move and are not tried."""
    two_values = case.X[column].nunique() <= 2
    if two_values and column in case.metadata.sensitive:
        return _swaps(case, X, column)
    if two_values:
        return [], ("none: two values only", 0.0)
    if case.feature_kinds.get(column) == "categorical" or not pd.api.types.is_numeric_dtype(X[column]):
        return _swaps(case, X, column)
    return _shifts(case, X, column)


def _shifts(case: Case, X: pd.DataFrame, column: str) -> tuple[list[tuple], tuple[str, float]]:
    """Up and down by a share of the spread (and x1.01, x0.99 for continuous columns), inside the seen range.

    A column mostly holding one value (interquartile range 0, e.g. capital gains of 0) keeps that value
    and moves its other rows by a share of their own spread: a step away from the usual value is a
    different kind of row, not a small change."""
    full = case.X[column].to_numpy(dtype=float, na_value=np.nan)
    values = X[column].to_numpy(dtype=float, na_value=np.nan)
    low, high = np.nanmin(full), np.nanmax(full)
    usual = np.nanmedian(full)
    q1, q3 = np.nanpercentile(full, [25, 75])
    movable = ~np.isnan(values) & ((values != usual) if q1 == q3 else True)
    if q1 == q3:
        q1, q3 = np.nanpercentile(np.where(full != usual, full, np.nan), [25, 75])
    spread = float(q3 - q1) or float(np.nanstd(np.where(full != usual, full, np.nan)))
    if case.feature_kinds.get(column) == "integer":
        step = float(max(1, round(SPREAD_SHARE * spread)))
        moved, move = [values + step, values - step], "shift"
    else:
        step = SPREAD_SHARE * spread
        moved, move = [values + step, values - step, *(values * s for s in SCALES)], "shift and scale"
    changes = []
    for new in moved:
        new = np.clip(new, low, high)
        keep = np.flatnonzero(movable & (new != values))
        if keep.size:
            changes.append((column, keep, new[keep]))
    return changes, (move, step)


def _swaps(case: Case, X: pd.DataFrame, column: str) -> tuple[list[tuple], tuple[str, float]]:
    """Each value swapped to the frequent category whose rows the model scores most alike."""
    profile = _profiles(case, column)
    shares = case.X[column].value_counts(normalize=True)
    frequent = [c for c in shares.index if shares[c] >= FREQUENT]
    nearest, means = {}, profile.to_numpy()
    where = {category: i for i, category in enumerate(profile.index)}  # rows of the means read by position
    for category in profile.index:
        others = [c for c in frequent if c != category]
        if others:
            distance = np.abs(means[[where[c] for c in others]] - means[where[category]]).sum(axis=1)
            nearest[category] = others[int(np.argmin(distance))]
    if not nearest:
        return [], ("none: one category only", 0.0)
    new = X[column].map(nearest)
    keep = np.flatnonzero(new.notna().to_numpy())
    return [(column, keep, new.to_numpy(dtype=object)[keep])], ("swap", 0.0)


def _profiles(case: Case, column: str) -> pd.DataFrame:
    """The model's mean output per category: class probabilities, class shares, or the mean prediction."""
    if case.proba is not None:
        scores = case.proba
    elif case.task == "regression":
        scores = case.predicted.astype(float).to_frame()
    else:
        scores = pd.get_dummies(case.predicted).astype(float)
    codes, categories = pd.factorize(case.X[column])  # grouping by codes: no object copy of a text column
    means = scores.reset_index(drop=True).groupby(codes).mean()
    means = means[means.index >= 0]  # -1: missing values
    return means.set_axis(categories[means.index.to_numpy()])


def _column_row(case, X, column, move, changes, after, before, gaps) -> dict:
    flipped, tried, start = np.zeros(len(X), bool), np.zeros(len(X), bool), 0
    for changed_column, positions, _ in changes:
        stop = start + len(positions)
        if changed_column == column:
            tried[positions] = True
            flipped[positions] |= changed(case, before.decision[positions], after.decision[start:stop])
        start = stop
    n, k = int(tried.sum()), int(flipped.sum())
    low, high = wilson_interval(k, n) if n else (np.nan, np.nan)
    return {"column": column, "move": move[0], "step": move[1], "rows": n, "flipped": k,
            "flip_rate": k / n if n else np.nan, "ci_low": low, "ci_high": high,
            "near_threshold": float((gaps[flipped] < MARGIN_NEAR).mean()) if k and np.isfinite(gaps).all() else np.nan,
            "p_value": float(stats.binom.sf(k - 1, n, TOLERANCE)) if n else np.nan, "q_value": np.nan,
            "examples": [X.index[i] for i in np.flatnonzero(flipped)[:EXAMPLES]]}
