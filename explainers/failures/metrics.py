"""Headline metrics on the case's labelled rows, each with a plain-words meaning and its method."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import balanced_accuracy_score, mean_absolute_error, r2_score, roc_auc_score

from ..core.case import Case
from . import words


@dataclass(frozen=True)
class Metric:
    """One headline number: ``key`` as in :class:`Performance` metrics, its reading and how it was computed."""

    key: str
    value: float
    meaning: str  # what the number says, for a business reader
    method: str  # how it was computed, for a data scientist

    @property
    def name(self) -> str:
        return words.name(self.key)


def headline_metrics(case: Case) -> list[Metric]:
    """The one or two numbers that summarise how good the model is on this data (empty if unlabelled)."""
    if not case.labelled:
        return []
    if case.task == "regression":
        return _regression(case)
    metrics = [_accuracy(case)]
    if case.task == "binary" and case.proba is not None:
        metrics.insert(0, _roc_auc(case))
    elif case.task == "multiclass":
        metrics.append(_balanced_accuracy(case))
    return metrics


def _metric(key: str, value: float, method: str, **context) -> Metric:
    return Metric(key, float(value), words.headline_meaning(key, float(value), **context), method)


def _roc_auc(case: Case) -> Metric:
    positive, y = case.positive_class, case.y
    other = next(c for c in case.classes if c != positive)
    return _metric("roc_auc", roc_auc_score(y == positive, case.proba[positive]),
                   f"sklearn.metrics.roc_auc_score on {len(y):,} labelled rows, scores = predicted probability of "
                   f"{positive!s}.", positive=positive, other=other)


def _accuracy(case: Case) -> Metric:
    right = (case.predicted == case.y).to_numpy(dtype=bool)  # what accuracy_score counts, without its label checks
    return _metric("accuracy", right.mean(),
                   f"Share of the {len(case.y):,} labelled rows where model.predict equals the label (accuracy).",
                   majority=case.y.value_counts(normalize=True).iloc[0])


def _balanced_accuracy(case: Case) -> Metric:
    return _metric("balanced_accuracy", balanced_accuracy_score(case.y, case.predicted),
                   "sklearn.metrics.balanced_accuracy_score (mean recall per class).", classes=len(case.classes))


def _regression(case: Case) -> list[Metric]:
    y, predicted = case.y.to_numpy(dtype=float), case.predicted.to_numpy(dtype=float)
    context = {"target": case.target, "median": float(np.median(y))}
    return [
        _metric("mae", mean_absolute_error(y, predicted),
                f"sklearn.metrics.mean_absolute_error on {len(y):,} labelled rows, in the target's own units.", **context),
        _metric("r2", r2_score(y, predicted),
                "sklearn.metrics.r2_score (1 - residual sum of squares / total sum of squares).", **context),
    ]
