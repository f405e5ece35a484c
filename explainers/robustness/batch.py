"""Run the model on many changed copies of rows in few calls, and compare what it says with before.

A *change* is ``(column, positions, values)``: the rows at ``positions`` of the scanned table with
``column`` set to ``values``. :func:`stack` lays every change of a check into one table, which
:func:`outputs` predicts in chunks of at most ``CHUNK`` rows, so a check costs a few model calls
whatever the number of columns and moves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.measures import decisions, setting_of
from ..core.memo import per_case
from ..core.threads import one_thread

CHUNK = 200_000  # rows per model call
SCAN_ROWS = 5_000  # rows scanned by default; more are sampled down to this
MARGIN_NEAR = 0.2  # top two probabilities this close: near the threshold (binary: within 0.1 of the threshold)


@dataclass(frozen=True)
class Outputs:
    """What the model says about rows: ``decision`` (label or predicted value) and ``score`` (the
    positive-class probability for binary models, class probabilities for multiclass, the value for
    regressors; None for classifiers without probabilities)."""

    decision: np.ndarray
    score: np.ndarray | None


def at_threshold(case: Case, threshold: float | None) -> float | None:
    """The threshold the scan decides at: ``threshold`` for a binary classifier with probabilities, else None
    (the model's own decisions)."""
    return threshold if case.task == "binary" and case.proba is not None else None


def decided(case: Case, proba: np.ndarray, threshold: float) -> np.ndarray:
    """Class labels of rows decided at ``threshold`` on the positive class's probability (the measures layer's
    one decision rule, so a flip here is a change of the decision every page shows)."""
    setting = setting_of(case, threshold)
    codes = decisions(setting, np.zeros(len(proba), dtype=np.int64), np.asarray(proba, dtype=float))
    return np.asarray(setting.classes, dtype=object)[codes]


def scan_rows(case: Case, rows, random_state: int) -> pd.DataFrame:
    """The rows to perturb: ``rows`` (index labels), or every row (at most ``SCAN_ROWS``, drawn at random)."""
    if rows is not None:
        return case.X.loc[list(rows)]
    if len(case.X) <= SCAN_ROWS:
        return case.X
    return case.X.sample(SCAN_ROWS, random_state=random_state).sort_index()


def stack(X: pd.DataFrame, changes: list[tuple]) -> pd.DataFrame:
    """One table holding, for each change ``(column, positions, values)``, the changed copies of those rows."""
    data = {}
    for column in X.columns:
        if isinstance(X[column].dtype, pd.CategoricalDtype):
            data[column] = _coded(X[column], column, changes)
            continue
        base = X[column].to_numpy()
        parts = [np.asarray(values, dtype=object) if changed == column else base[positions]
                 for changed, positions, values in changes]
        data[column] = _typed(np.concatenate(parts) if parts else base[:0], X[column].dtype)
    return pd.DataFrame(data, columns=X.columns)


def _coded(series: pd.Series, column: str, changes: list[tuple]) -> pd.Series:
    """A category column of the stack made from codes: rows copied keep their codes, changed values are coded as
    the column's dtype codes them (a value outside its categories becomes missing, as it did through objects);
    the same column as through a Python object per row, without making them."""
    dtype, base = series.dtype, series.cat.codes.to_numpy()
    parts = [pd.Categorical(np.asarray(values, dtype=object), dtype=dtype).codes if changed == column
             else base[positions] for changed, positions, values in changes]
    codes = np.concatenate(parts).astype(base.dtype, copy=False) if parts else base[:0]
    return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype))


def _typed(values: np.ndarray, dtype) -> pd.Series:
    """The column in its original dtype where the values allow (a blank in an int column makes it float)."""
    try:
        return pd.Series(values, dtype=dtype)
    except (TypeError, ValueError):
        return pd.Series(values).infer_objects()


def outputs(case: Case, X: pd.DataFrame, threshold: float | None = None) -> Outputs:
    """The model's decisions (at ``threshold`` for a binary classifier with probabilities; None: its own) and
    scores for ``X``, in chunks of ``CHUNK`` rows (one OpenMP thread when small)."""
    parts = [_outputs(case, X.iloc[start:start + CHUNK], threshold) for start in range(0, max(len(X), 1), CHUNK)]
    decision = np.concatenate([p.decision for p in parts])
    score = None if parts[0].score is None else np.concatenate([p.score for p in parts])
    return Outputs(decision, score)


def _outputs(case: Case, X: pd.DataFrame, threshold: float | None) -> Outputs:
    with one_thread(len(X), case.model):
        if case.proba is None:
            decision = np.asarray(case.model.predict(X))
            return Outputs(decision, decision.astype(float) if case.task == "regression" else None)
        proba = np.asarray(case.model.predict_proba(X), dtype=float)
        if at_threshold(case, threshold) is not None:
            decision = decided(case, proba, threshold)
        else:
            decision = (np.asarray(case.classes, dtype=object)[proba.argmax(axis=1)] if argmax_decides(case)
                        else np.asarray(case.model.predict(X)))
    return Outputs(decision, proba[:, 1] if case.task == "binary" else proba)


def argmax_decides(case: Case) -> bool:
    """True when the most probable class is the model's decision on every row (then one call gives both);
    worked out once per case, since every scan check asks."""
    def check() -> bool:
        top = np.asarray(case.classes, dtype=object)[case.proba.to_numpy().argmax(axis=1)]
        return bool(np.all(top == case.predicted.to_numpy(dtype=object)))
    return per_case(case, "argmax_decides", check)


def loaded(case: Case, X: pd.DataFrame, threshold: float | None = None) -> Outputs:
    """What the model said about the rows of ``X`` when the case was loaded (decided at ``threshold`` as in
    :func:`outputs`)."""
    decision = case.predicted.loc[X.index].to_numpy()
    if case.proba is None:
        return Outputs(decision, decision.astype(float) if case.task == "regression" else None)
    proba = case.proba.loc[X.index].to_numpy(dtype=float)
    if at_threshold(case, threshold) is not None:
        decision = decided(case, proba, threshold)
    return Outputs(decision, proba[:, 1] if case.task == "binary" else proba)


def regression_tolerance(case: Case) -> float:
    """How far a regressor's prediction must move to count as changed: 10% of the predictions' middle half."""
    values = case.predicted.to_numpy(dtype=float)
    spread = float(np.subtract(*np.nanpercentile(values, [75, 25]))) or float(np.nanstd(values))
    return 0.1 * spread if spread > 0 else 1e-9


def changed(case: Case, before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """True where a decision changed (classifiers) or a prediction moved materially (regressors)."""
    if case.task == "regression":
        return np.abs(after.astype(float) - before.astype(float)) > regression_tolerance(case)
    return after.astype(object) != before.astype(object)


def movement(case: Case, before: Outputs, after: Outputs) -> np.ndarray:
    """How far each output moved: probability points (binary), half the summed probability changes
    (multiclass), the predicted value (regression); 0/1 decision changes without probabilities."""
    if before.score is None or after.score is None:
        return changed(case, before.decision, after.decision).astype(float)
    diff = np.abs(after.score - before.score)
    return 0.5 * diff.sum(axis=1) if diff.ndim == 2 else diff


def margins(case: Case, out: Outputs, threshold: float | None = None) -> np.ndarray:
    """How near each row is to its decision changing: twice the positive probability's distance from the
    threshold (binary; 0.5 when None), else the gap between the top two probabilities (NaN for regressors and
    without probabilities)."""
    if out.score is None or case.task == "regression":
        return np.full(len(out.decision), np.nan)
    if out.score.ndim == 1:
        return 2 * np.abs(out.score - (0.5 if threshold is None else threshold))
    ordered = np.sort(out.score, axis=1)
    return ordered[:, -1] - ordered[:, -2]
