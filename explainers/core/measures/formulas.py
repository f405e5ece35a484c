"""Every metric's formula, once: a function of cell weights (rounds x cells) and the cells of a tally.

Weights of each cell's row count give the value on the data; Poisson draws of them give bootstrap
rounds; a group's cells give the group's value. A *rate* is hits over trials of rows (``RATES``): its
interval is Wilson's, from the counts. Every other metric gets the bootstrap's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

CALIBRATION_BINS = 10  # equal-width probability bins of the expected calibration error (as calibration())
TIED = 1e-9  # a cell whose mean score is this close to its key holds one score (exact, or tied rows)


@dataclass(frozen=True)
class Cells:
    """One model's cells as arrays: ``rows`` per cell and per-row means of what the metrics read."""

    rows: np.ndarray
    arrays: dict

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]


def cells_of(frame: pd.DataFrame, task: str, classes: tuple, positive: int | None,
             bins: int = CALIBRATION_BINS) -> Cells:
    """The arrays the formulas read, from a tally's cells (rows, sums and keys)."""
    rows = frame["rows"].to_numpy(dtype=float)
    if task == "regression":
        return Cells(rows, {name: frame[name].to_numpy(dtype=float) / rows
                            for name in ("absolute", "squared", "y_sum", "y_squared")})
    label, decision = frame["label"].to_numpy(), frame["decision"].to_numpy()
    arrays = {"correct": (label == decision).astype(float), "score": frame["score"].to_numpy(dtype=float),
              "log_loss": frame["log_loss"].to_numpy(dtype=float) / rows, "brier": frame["brier"].to_numpy(dtype=float) / rows,
              "onehot": (label[:, None] == np.arange(len(classes))[None, :]).astype(float),
              "decided": (decision[:, None] == np.arange(len(classes))[None, :]).astype(float)}
    p = frame["score_sum"].to_numpy(dtype=float) / rows
    hit = (label == positive) if task == "binary" else (label == decision)
    key = arrays["score"]  # a cell holding one score is binned by it, not by its mean (a hair off at an edge)
    which = np.clip(np.digitize(np.where(np.abs(p - key) > TIED, p, key), np.linspace(0, 1, bins + 1)[1:-1]),
                    0, bins - 1)
    arrays["bin_gaps"] = np.zeros((len(rows), bins))
    arrays["bin_gaps"][np.arange(len(rows)), which] = hit - p
    if task == "binary":
        actual, flagged = label == positive, decision == positive
        arrays |= {"actual": actual.astype(float), "negative": (~actual).astype(float), "flagged": flagged.astype(float),
                   "tp": (actual & flagged).astype(float), "fp": (~actual & flagged).astype(float),
                   "fn": (actual & ~flagged).astype(float), "tn": (~actual & ~flagged).astype(float)}
    return Cells(rows, arrays)


def _divide(top, bottom):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(bottom > 0, top / np.where(bottom > 0, bottom, 1), np.nan)


@dataclass(frozen=True)
class Formula:
    """``compute(W, cells)`` -> one value per round; ``rate`` = (hits, trials) names for Wilson intervals."""

    key: str
    higher_is_better: bool
    compute: Callable
    rate: tuple | None = None


def _rate(key: str, hits: str, trials: str | None, higher: bool) -> Formula:
    def compute(W, c):
        return _divide(W @ c[hits], W.sum(1) if trials is None else W @ c[trials])
    return Formula(key, higher, compute, (hits, trials))


def _mean(key: str, name: str) -> Formula:
    return Formula(key, False, lambda W, c: _divide(W @ c[name], W.sum(1)))


def _f1(W, c):
    tp, fp, fn = W @ c["tp"], W @ c["fp"], W @ c["fn"]
    return np.where(2 * tp + fp + fn > 0, _divide(2 * tp, 2 * tp + fp + fn), 0.0)


def _recalls(W, c):
    """Per class: right / rows of that class, (rounds x classes); NaN for a class absent from the rows."""
    return _divide(W @ (c["onehot"] * c["correct"][:, None]), W @ c["onehot"])


def _balanced_accuracy(W, c):
    recall = _recalls(W, c)
    with np.errstate(invalid="ignore"):
        return np.nanmean(recall, axis=1) if recall.size else np.full(len(W), np.nan)


def _f1_macro(W, c):
    """Mean F1 over the classes that are a label or a decision in the round (sklearn's macro F1)."""
    right = W @ (c["onehot"] * c["correct"][:, None])
    support = W @ c["onehot"]
    chosen = W @ c["decided"]
    used = (support + chosen) > 0
    f1 = np.where(used, _divide(2 * right, support + chosen), 0.0)
    return _divide((f1 * used).sum(1), used.sum(1))


def roc_auc(W, c):
    """Weighted ROC AUC: per positive, the weight of negatives scored below (ties count half)."""
    score, positive = c["score"], c["actual"].astype(bool)
    order = np.argsort(score, kind="mergesort")
    new = np.r_[True, score[order][1:] != score[order][:-1]]
    starts, tie_group = np.flatnonzero(new), np.cumsum(new) - 1
    Ws = W[:, order]
    negatives = np.add.reduceat(Ws * ~positive[order], starts, axis=1)
    below = np.cumsum(negatives, axis=1) - 0.5 * negatives
    positives = Ws * positive[order]
    pairs = (positives * below[:, tie_group]).sum(1)
    return _divide(pairs, positives.sum(1) * negatives.sum(1))


def average_precision(W, c):
    """sklearn's step-wise average precision: precision at each distinct score, weighted by the recall gained."""
    score, positive = c["score"], c["actual"]
    order = np.argsort(-score, kind="mergesort")
    new = np.r_[True, score[order][1:] != score[order][:-1]]
    starts = np.flatnonzero(new)
    Ws = W[:, order]
    tp = np.cumsum(np.add.reduceat(Ws * positive[order], starts, axis=1), axis=1)
    flagged = np.cumsum(np.add.reduceat(Ws, starts, axis=1), axis=1)
    recall = _divide(tp, tp[:, -1:])
    gained = np.diff(np.concatenate([np.zeros((len(W), 1)), recall], axis=1), axis=1)
    return np.nansum(gained * _divide(tp, flagged), axis=1)


def expected_calibration_error(W, c):
    return _divide(np.abs(W @ c["bin_gaps"]).sum(1), W.sum(1))


def _rmse(W, c):
    return np.sqrt(_divide(W @ c["squared"], W.sum(1)))


def _r2(W, c):
    n = W.sum(1)
    spread = W @ c["y_squared"] - _divide((W @ c["y_sum"]) ** 2, n)
    return 1 - _divide(W @ c["squared"], spread)


COUNT = Formula("count", True, lambda W, c: W.sum(1))
BINARY = [
    _rate("selection_rate", "flagged", None, True), _rate("true_positive_rate", "tp", "actual", True),
    _rate("false_positive_rate", "fp", "negative", False), _rate("false_negative_rate", "fn", "actual", False),
    _rate("true_negative_rate", "tn", "negative", True), _rate("recall", "tp", "actual", True),
    _rate("precision", "tp", "flagged", True), Formula("f1", True, _f1),
]
CLASSES = [_rate("accuracy", "correct", None, True), Formula("balanced_accuracy", True, _balanced_accuracy)]
PROBABILITY = [Formula("log_loss", False, lambda W, c: _divide(W @ c["log_loss"], W.sum(1))),
               Formula("expected_calibration_error", False, expected_calibration_error)]
BINARY_PROBABILITY = [Formula("roc_auc", True, roc_auc), Formula("average_precision", True, average_precision),
                      _mean("brier_score", "brier")]
REGRESSION = [_mean("mae", "absolute"), Formula("rmse", False, _rmse), Formula("r2", True, _r2)]


def formulas(task: str, has_proba: bool) -> dict[str, Formula]:
    """The metrics of a task, by stable key, headline first."""
    if task == "regression":
        found = REGRESSION
    elif task == "binary":
        found = ([BINARY_PROBABILITY[0]] if has_proba else []) + CLASSES + BINARY + (
            BINARY_PROBABILITY[1:] + PROBABILITY if has_proba else [])
    else:
        found = CLASSES + [Formula("f1_macro", True, _f1_macro)] + (PROBABILITY if has_proba else [])
    return {f.key: f for f in [*found, COUNT]}
