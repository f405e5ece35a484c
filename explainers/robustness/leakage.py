"""Leakage: a column that predicts the label about as well as the model, and that the model leans on most.

Each column alone predicts the label from its values (categories as they are, numbers in 20
quantile bins, blanks as a value of their own), learned on one half of the rows and scored on the
other, then the other way round: so a row identifier, which is perfect on the rows it was learned
on, scores no better than chance. Scores: ROC AUC (binary, the better of either direction),
balanced accuracy (multiclass), R² (regression); the whole model's score is the same metric of its
outputs on the same rows. A column is a *candidate* when its score reaches ``LEAK_SCORE`` or comes
within ``CLOSE`` of the model's, and a *suspected leak* when it also carries the largest share of the
model's attributions: a noisy copy of the label (3% of labels flipped, ROC AUC about 0.97) is found,
and a strong honest column the model does not lean on most is not. Rows shared with the training
file are counted in :mod:`explainers.health.training`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.measures import Setting, measure_tally, measures, tally
from ..core.measures.formulas import Cells, roc_auc

BINS = 20
TOP_VALUES = 200  # rarer categories share one code
LEAK_SCORE = {"binary": 0.95, "multiclass": 0.95, "regression": 0.95}
CLOSE = 0.03  # a column alone within this of the whole model's score is as good as the model
METRIC = {"binary": "roc_auc", "multiclass": "balanced_accuracy", "regression": "r2"}


def single_columns(case: Case, random_state: int = 0) -> pd.DataFrame:
    """One row per column: column, metric, score (it alone, on held-out halves), model_score (the whole model
    on the same rows), bar (``LEAK_SCORE``) and candidate (the bar reached, or within ``CLOSE`` of the model)."""
    rng = np.random.default_rng(random_state)
    half = rng.permutation(len(case.X)) % 2 == 0
    target = _target(case.task, case.y)
    scores = [_score(case.task, _codes(case.X[c], case.feature_kinds.get(c)), target, half) for c in case.X.columns]
    model = model_score(case)
    table = pd.DataFrame({"column": list(case.X.columns), "metric": METRIC[case.task], "score": scores,
                          "model_score": model, "bar": LEAK_SCORE[case.task]})
    return table.assign(candidate=(table["score"] >= table["bar"]) | (table["score"] >= model - CLOSE))


def suspects(table: pd.DataFrame, shares: pd.Series | None) -> pd.DataFrame:
    """``table`` with each column's ``attribution_share`` (NaN when unknown), ``top`` (the largest share) and
    ``suspected`` (a candidate that carries the largest share)."""
    share = table["column"].map(shares if shares is not None else {}).astype(float)
    top = table["column"] == (shares.index[0] if shares is not None and len(shares) else None)
    return table.assign(attribution_share=share, top=top, suspected=table["candidate"] & top)


def model_score(case: Case) -> float:
    """The model's own score on the labelled rows, in the metric the columns are scored with (the measures
    layer's: ROC AUC of its probabilities, or of its decisions without them; balanced accuracy; R²)."""
    positive = (case.y == case.positive_class).to_numpy() if case.task == "binary" else None
    if positive is not None and (positive.all() or not positive.any()):
        return float("nan")
    if case.task == "binary" and case.proba is None:
        decided = (case.predicted == case.positive_class).to_numpy(dtype=float)
        return _auc(decided, positive.astype(float), np.ones(len(decided)))
    return measures(case, metrics=[METRIC[case.task]], n_boot=0).value(METRIC[case.task])


def _of_arrays(task: str, target: np.ndarray, guess: np.ndarray) -> float:
    """Balanced accuracy (multiclass) or R² (regression) of ``guess`` against ``target``, by the measures layer."""
    if task == "regression":
        found = tally(Setting("regression", has_proba=False), target, guess)
    else:
        classes = tuple(np.unique(np.concatenate([target, guess])).tolist())
        found = tally(Setting("multiclass", classes, has_proba=False), target, guess)
    return measure_tally(found, metrics=[METRIC[task]], n_boot=0).value(METRIC[task])


def _auc(score: np.ndarray, positives: np.ndarray, negatives: np.ndarray) -> float:
    """ROC AUC of groups scored ``score`` holding ``positives`` and ``negatives`` rows (the layer's formula)."""
    n = len(score)
    cells = Cells(np.r_[positives, negatives], {"score": np.r_[score, score], "actual": np.r_[np.ones(n), np.zeros(n)]})
    return float(roc_auc(cells.rows[None, :], cells)[0])


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
    if task != "binary":
        return _of_arrays(task, target, guess)
    group = 2 * codes + half  # every row of a group (code, half) has the same guess: count groups, not rows
    size = int(group.max(initial=0)) + 1
    score = np.zeros(size)
    score[group] = guess
    positives = np.bincount(group, weights=(target == target.max()).astype(float), minlength=size)
    auc = _auc(score, positives, np.bincount(group, minlength=size) - positives)
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
