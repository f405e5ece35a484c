"""Headline metrics on the case's labelled rows, each with a plain-words meaning and its method."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import accuracy_score, balanced_accuracy_score, mean_absolute_error, r2_score, roc_auc_score

from ..core.case import Case


@dataclass(frozen=True)
class Metric:
    name: str
    value: float
    meaning: str  # what the number says, for a business reader
    method: str  # how it was computed, for a data scientist


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


def _roc_auc(case: Case) -> Metric:
    positive, y = case.positive_class, case.y
    other = next(c for c in case.classes if c != positive)
    value = roc_auc_score(y == positive, case.proba[positive])
    return Metric(
        "ROC AUC", float(value),
        f"Picking one {positive!s} and one {other!s} case at random, the model gives the {positive!s} one the "
        f"higher score {value:.0%} of the time (50% is guessing, 100% is perfect).",
        f"sklearn.metrics.roc_auc_score on {len(y):,} labelled rows, scores = predicted probability of {positive!s}.",
    )


def _accuracy(case: Case) -> Metric:
    value = accuracy_score(case.y, case.predicted)
    majority = case.y.value_counts(normalize=True).iloc[0]
    return Metric(
        "Accuracy", float(value),
        f"The model's decision is right for {value:.0%} of rows; always answering the most common class "
        f"would be right for {majority:.0%}.",
        f"sklearn.metrics.accuracy_score of model.predict on {len(case.y):,} labelled rows.",
    )


def _balanced_accuracy(case: Case) -> Metric:
    value = balanced_accuracy_score(case.y, case.predicted)
    return Metric(
        "Balanced accuracy", float(value),
        f"Averaged over the {len(case.classes)} classes, the model recognises {value:.0%} of each class's rows.",
        "sklearn.metrics.balanced_accuracy_score (mean recall per class).",
    )


def _regression(case: Case) -> list[Metric]:
    y, predicted = case.y.to_numpy(dtype=float), case.predicted.to_numpy(dtype=float)
    mae, r2 = mean_absolute_error(y, predicted), r2_score(y, predicted)
    target = case.target
    return [
        Metric(
            "Mean absolute error", float(mae),
            f"On average the prediction is off by {mae:,.3g} {target} (the typical actual value is {np.median(y):,.3g}).",
            f"sklearn.metrics.mean_absolute_error on {len(y):,} labelled rows, in the target's own units.",
        ),
        Metric(
            "R²", float(r2),
            f"The model explains {r2:.0%} of the variation in {target} (0% is no better than always predicting the average).",
            "sklearn.metrics.r2_score (1 - residual sum of squares / total sum of squares).",
        ),
    ]
