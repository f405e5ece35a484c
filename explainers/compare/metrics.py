"""The metrics of each task as functions of row weights: (rounds x rows) weights -> one value per round.

Row values are prepared once per model (``row_values``); a metric reads them with the weights,
so the same function gives the point estimate (weights of ones), the bootstrap rounds and the
rounds inside one group (the weights' columns of that group).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..core.case import Case


@dataclass(frozen=True)
class MetricSpec:
    key: str  # stable snake_case key (display names live in words.py)
    higher_is_better: bool
    compute: Callable[[np.ndarray, dict], np.ndarray]


def row_values(case: Case) -> dict:
    """Per-row arrays every metric of the task needs (labels, correctness, scores, losses, errors)."""
    y = case.y.to_numpy()
    if case.task == "regression":
        error = y.astype(float) - case.predicted.to_numpy(dtype=float)
        return {"y": y.astype(float), "absolute": np.abs(error), "squared": error ** 2}
    values = {"correct": (case.predicted.to_numpy() == y).astype(float),
              "onehot": (y[:, None] == np.asarray(case.classes, dtype=object)[None, :]).astype(float)}
    if case.proba is not None:
        proba = case.proba.to_numpy(dtype=float)
        values["log_loss"] = -np.log(np.clip((proba * values["onehot"]).sum(1), 1e-15, 1))
        if case.task == "binary":
            values["positive"] = y == case.positive_class
            values["score"] = case.proba[case.positive_class].to_numpy(dtype=float)
            values["brier"] = (values["score"] - values["positive"]) ** 2
    return values


def subset(values: dict, rows: np.ndarray) -> dict:
    """The row values of some rows (positions)."""
    return {k: v[rows] for k, v in values.items()}


def _mean(name: str):
    def compute(W, v):
        with np.errstate(invalid="ignore", divide="ignore"):
            return (W @ v[name]) / W.sum(1)
    return compute


def balanced_accuracy(W, v) -> np.ndarray:
    """Mean recall over the classes present in each round."""
    with np.errstate(invalid="ignore", divide="ignore"):
        recall = (W @ (v["onehot"] * v["correct"][:, None])) / (W @ v["onehot"])
        return np.nanmean(np.where(np.isfinite(recall), recall, np.nan), axis=1)


def roc_auc(W, v) -> np.ndarray:
    """Weighted ROC AUC through ranks: per positive row, the weight of negatives scored below (ties half)."""
    score, positive = v["score"], v["positive"]
    order = np.argsort(score, kind="mergesort")
    sorted_score, sorted_positive = score[order], positive[order]
    new = np.r_[True, sorted_score[1:] != sorted_score[:-1]]
    starts, tie_group = np.flatnonzero(new), np.cumsum(new) - 1
    Ws = W[:, order]
    negatives = np.add.reduceat(Ws * ~sorted_positive, starts, axis=1)
    below = np.cumsum(negatives, axis=1) - 0.5 * negatives
    positives = Ws[:, sorted_positive]
    pairs = (positives * below[:, tie_group[sorted_positive]]).sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pairs / (positives.sum(1) * negatives.sum(1))


def _rmse(W, v) -> np.ndarray:
    return np.sqrt(_mean("squared")(W, v))


def _r2(W, v) -> np.ndarray:
    total = W.sum(1)
    spread = W @ (v["y"] ** 2) - (W @ v["y"]) ** 2 / total
    with np.errstate(invalid="ignore", divide="ignore"):
        return 1 - (W @ v["squared"]) / spread


def metric_specs(case: Case) -> list[MetricSpec]:
    """The task's metrics, headline first (ROC AUC for a binary classifier with probabilities)."""
    if case.task == "regression":
        return [MetricSpec("mae", False, _mean("absolute")), MetricSpec("rmse", False, _rmse),
                MetricSpec("r2", True, _r2)]
    specs = [MetricSpec("accuracy", True, _mean("correct")), MetricSpec("balanced_accuracy", True, balanced_accuracy)]
    if case.proba is not None:
        if case.task == "binary":
            specs.insert(0, MetricSpec("roc_auc", True, roc_auc))
            specs.append(MetricSpec("brier_score", False, _mean("brier")))
        specs.append(MetricSpec("log_loss", False, _mean("log_loss")))
    return specs


def shared_specs(champion: Case, challenger: Case) -> list[MetricSpec]:
    """The metrics both models have (a model without probabilities has no ROC AUC or log loss)."""
    theirs = {s.key for s in metric_specs(challenger)}
    return [s for s in metric_specs(champion) if s.key in theirs]
