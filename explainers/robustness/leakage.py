"""Leakage: columns that predict the label almost perfectly on their own, and evaluated rows that were
also training rows.

Each column alone predicts the label from its values (categories as they are, numbers in 20
quantile bins, blanks as a value of their own), learned on one half of the rows and scored on the
other, then the other way round: so a row identifier, which is perfect on the rows it was learned
on, scores no better than chance. Scores: ROC AUC (binary, the better of either direction),
balanced accuracy (multiclass), R² (regression). A column at or above ``LEAK_SCORE`` is almost
the label.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import balanced_accuracy_score, r2_score

from ..core.case import Case
from ..core.stats import tied_auc

BINS = 20
TOP_VALUES = 200  # rarer categories share one code
LEAK_SCORE = {"binary": 0.98, "multiclass": 0.97, "regression": 0.95}
METRIC = {"binary": "roc_auc", "multiclass": "balanced_accuracy", "regression": "r2"}


def single_columns(case: Case, random_state: int = 0) -> pd.DataFrame:
    """One row per column: how well it alone predicts the label (held-out halves), and whether that is a leak."""
    rng = np.random.default_rng(random_state)
    half = rng.permutation(len(case.X)) % 2 == 0
    target = _target(case.task, case.y)
    scores = [_score(case.task, _codes(case.X[c], case.feature_kinds.get(c)), target, half) for c in case.X.columns]
    table = pd.DataFrame({"column": list(case.X.columns), "metric": METRIC[case.task], "score": scores})
    return table.assign(almost_label=table["score"] >= LEAK_SCORE[case.task])


def _target(task: str, y: pd.Series) -> np.ndarray:
    """The label as numbers: values (regression) or one integer code per class."""
    if task == "regression":
        return y.to_numpy(dtype=float)
    return pd.factorize(y, use_na_sentinel=False)[0]


def _codes(series: pd.Series, kind: str | None) -> np.ndarray:
    """Integer codes: categories (the most frequent ``TOP_VALUES``) or quantile bins; blanks get a code too."""
    if kind != "categorical" and pd.api.types.is_numeric_dtype(series) and series.nunique() > BINS:
        values = series.to_numpy(dtype=float, na_value=np.nan)
        edges = np.unique(np.nanquantile(values, np.linspace(0, 1, BINS + 1)[1:-1]))
        codes = np.searchsorted(edges, values, side="right")
        return np.where(np.isnan(values), len(edges) + 1, codes)
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    if len(uniques) > TOP_VALUES:
        common = np.argsort(-np.bincount(codes))[:TOP_VALUES]
        codes = np.where(np.isin(codes, common), codes, len(uniques))
    return codes


def _score(task: str, codes: np.ndarray, target: np.ndarray, half: np.ndarray) -> float:
    """The column's held-out score: what each code predicts is learned on one half, scored on the other."""
    guess = np.empty(len(target), dtype=float if task != "multiclass" else int)
    for learn in (half, ~half):
        guess[~learn] = _predict(task, codes[learn], target[learn], codes[~learn])
    if task == "regression":
        return float(r2_score(target, guess))
    if task == "multiclass":
        return float(balanced_accuracy_score(target, guess))
    group = 2 * codes + half  # every row of a group (code, half) has the same guess: count groups, not rows
    size = int(group.max(initial=0)) + 1
    score = np.zeros(size)
    score[group] = guess
    positives = np.bincount(group, weights=(target == target.max()).astype(float), minlength=size)
    auc = tied_auc(score, positives, np.bincount(group, minlength=size) - positives)
    return float(max(auc, 1 - auc))


def _predict(task: str, codes: np.ndarray, target: np.ndarray, new_codes: np.ndarray) -> np.ndarray:
    """Per code: the mean target (binary: the positive rate), or the most frequent class; unseen codes
    get the overall mean or class."""
    size = int(max(codes.max(initial=0), new_codes.max(initial=0))) + 1
    counts = np.bincount(codes, minlength=size)
    if task == "multiclass":
        table = np.zeros((size, int(target.max()) + 1))
        np.add.at(table, (codes, target), 1)
        per_code = table.argmax(axis=1)
        per_code[counts == 0] = np.bincount(target).argmax()
        return per_code[new_codes]
    sums = np.bincount(codes, weights=target.astype(float), minlength=size)
    per_code = np.where(counts > 0, sums / np.maximum(counts, 1), target.mean())
    return per_code[new_codes]


def training_overlap(case: Case, X: pd.DataFrame, training) -> int:
    """How many rows of ``X`` also appear, identical in every input column, in the training table."""
    from ..health.reference import read_reference
    from ..health.values import row_hashes

    frame, _ = read_reference(case.X, dict(case.feature_kinds), training)
    return int(np.isin(row_hashes(X), row_hashes(frame)).sum())
