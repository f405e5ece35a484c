"""The plainest alternatives to a regressor: one constant (the training median), and the one-column rule
(the best single cut of one column on the training rows, predicting each side's training mean).

The constant is the median, not the mean: the predictions are priced per unit of absolute error, and the
median is the constant with the smallest absolute error (the mean is the one with the smallest squared error).
The rule's cut is chosen for the smallest absolute error on the training rows, the priced error; each side
predicts its mean, as a regression stump does. A category column is cut in the order of its categories' means.
Rows the rule cannot place (a missing number, an unseen category) get the training mean. Without training rows
the rule is not learned: learning it on the judged rows would flatter it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.errors import InputError
from ..health.reference import read_reference
from ..io.tables import read_table
from .rule import MAX_CUTS, MISSING

BLOCK = 4_000_000  # cuts x rows of predictions scored at a time


@dataclass(frozen=True)
class CutRule:
    """Predict ``low_mean`` when ``column`` is below ``cut`` (a number) or is one of ``low_categories``, else
    ``high_mean``; rows it cannot place get ``otherwise`` (the training mean). ``training_mae``: its mean
    absolute error on the ``training_rows``."""

    column: str
    kind: str  # "cut" or "categories"
    low_mean: float
    high_mean: float
    otherwise: float
    cut: float | None = None
    low_categories: tuple = ()
    seen: tuple = ()
    training_mae: float = 0.0
    training_rows: int = 0

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """The rule's prediction for each row of ``X``."""
        values = X[self.column]
        if self.kind == "cut":
            numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
            known = np.isfinite(numbers)
            return np.where(known, np.where(numbers < self.cut, self.low_mean, self.high_mean), self.otherwise)
        text = values.astype("string").fillna(MISSING)
        known = text.isin(set(self.seen)).to_numpy(dtype=bool)
        low = text.isin(set(self.low_categories)).to_numpy(dtype=bool)
        return np.where(known, np.where(low, self.low_mean, self.high_mean), self.otherwise)


def training_target(case: Case, training) -> tuple[pd.DataFrame, np.ndarray]:
    """The training rows' inputs (read like the case's) and their numeric target, unlabelled rows dropped."""
    frame, _ = read_table(training, name="The training data")
    if case.target not in frame.columns:
        raise InputError(f"The training data has no column {case.target!r} (the target): the regression fallbacks "
                         "learn from labelled training rows. Choose the file the model was trained on.")
    X, _ = read_reference(case.X, case.feature_kinds, frame)
    y = pd.to_numeric(frame[case.target], errors="coerce").to_numpy(dtype=float)
    known = np.isfinite(y)
    if not known.any():
        raise InputError(f"The training data's target {case.target!r} holds no numbers: nothing can be learned.")
    return X.loc[known].reset_index(drop=True), y[known]


def learn_cut(case: Case, X: pd.DataFrame, y: np.ndarray) -> CutRule:
    """The best one-column rule on the training rows ``X``, ``y``: the smallest absolute error wins."""
    best = None
    for column in X.columns:
        numeric = case.feature_kinds.get(column) != "categorical" and pd.api.types.is_numeric_dtype(X[column])
        found = (_cut if numeric else _categories)(column, X[column], y)
        if found is not None and (best is None or found.training_mae < best.training_mae - 1e-12):
            best = found
    if best is None:
        raise InputError("No column of the training rows takes two values: no one-column rule can be learned.")
    return best


def _best_split(order_y: np.ndarray, positions: np.ndarray) -> tuple[int, float]:
    """(position, total absolute error) of the best split of ``order_y`` (targets in the column's order) at one of
    ``positions`` (rows before the position on the low side), each side predicting its mean."""
    n = len(order_y)
    sums = np.concatenate([[0.0], np.cumsum(order_y)])
    best, best_error = -1, np.inf
    step = max(1, BLOCK // max(n, 1))
    index = np.arange(n)[None, :]
    for start in range(0, len(positions), step):
        k = positions[start:start + step][:, None]
        low = sums[k] / k
        high = (sums[-1] - sums[k]) / (n - k)
        error = np.abs(order_y[None, :] - np.where(index < k, low, high)).sum(axis=1)
        i = int(np.argmin(error))
        if error[i] < best_error - 1e-9:
            best, best_error = int(positions[start + i]), float(error[i])
    return best, best_error


def _cut(column: str, values: pd.Series, y: np.ndarray) -> CutRule | None:
    x = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    known = np.isfinite(x)
    order = np.argsort(x[known], kind="mergesort")
    xs, ys = x[known][order], y[known][order]
    distinct = np.unique(xs)
    if len(distinct) < 2:
        return None
    cuts = distinct[1:] if len(distinct) <= MAX_CUTS else np.unique(np.quantile(xs, np.linspace(0, 1, MAX_CUTS)[1:-1]))
    positions = np.unique(np.searchsorted(xs, cuts, side="left"))
    positions = positions[(positions > 0) & (positions < len(xs))]
    if not len(positions):
        return None
    k, error = _best_split(ys, positions)
    mean = float(y.mean())
    error += float(np.abs(y[~known] - mean).sum())
    return CutRule(column=column, kind="cut", cut=float(xs[k]), low_mean=float(ys[:k].mean()),
                   high_mean=float(ys[k:].mean()), otherwise=mean, training_mae=error / len(y), training_rows=len(y))


def _categories(column: str, values: pd.Series, y: np.ndarray) -> CutRule | None:
    text = values.astype("string").fillna(MISSING).to_numpy(dtype=object)
    means = pd.Series(y).groupby(text).mean().sort_values(kind="mergesort")
    if len(means) < 2:
        return None
    rank = pd.Series(np.arange(len(means)), index=means.index)
    place = rank.loc[text].to_numpy()
    order = np.argsort(place, kind="mergesort")
    ranked = place[order]
    positions = np.unique(np.searchsorted(ranked, np.arange(1, len(means)), side="left"))
    k, error = _best_split(y[order], positions)
    low = tuple(sorted(str(c) for c in means.index[: int(ranked[k])]))
    return CutRule(column=column, kind="categories", low_mean=float(y[order][:k].mean()),
                   high_mean=float(y[order][k:].mean()), otherwise=float(y.mean()), low_categories=low,
                   seen=tuple(sorted(str(c) for c in means.index)), training_mae=error / len(y), training_rows=len(y))
