"""Headline metrics on the case's labelled rows, each with a plain-words meaning and its method."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.case import Case
from ..core.measures import measures, setting_of
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


def headline_metrics(case: Case, *, threshold: float | None = None) -> list[Metric]:
    """The one or two numbers that summarise how good the model is on this data (empty if unlabelled), read
    from the measures layer (all labelled rows; a Dask case: every partition). Decisions (accuracy) at
    ``threshold`` on the positive class's probability for a binary classifier with probabilities; None: the
    model's own decisions."""
    if not case.labelled:
        return []
    if case.task != "binary" or case.proba is None:
        threshold = None
    elif threshold is not None:
        threshold = setting_of(case, threshold).threshold  # checked: between 0 and 1
    if case.task == "regression":
        keys = ["mae", "r2"]
    elif case.task == "binary" and case.proba is not None:
        keys = ["roc_auc", "accuracy"]
    else:
        keys = ["accuracy"] + (["balanced_accuracy"] if case.task == "multiclass" else [])
    measured = measures(case, metrics=keys, n_boot=0, threshold=threshold)
    rows = f"{measured.value('count'):,.0f} labelled rows"
    return [_metric(case, key, measured.value(key), rows, threshold) for key in keys]


def _metric(case: Case, key: str, value: float, rows: str, threshold: float | None = None) -> Metric:
    if key == "roc_auc":
        positive = case.positive_class
        other = next(c for c in case.classes if c != positive)
        context = {"positive": positive, "other": other}
        method = f"ROC AUC on {rows}, scores = predicted probability of {positive!s} (ties count half)."
    elif key == "accuracy":
        context = {"majority": case.y.value_counts(normalize=True).iloc[0]}
        decision = ("model.predict" if threshold is None else
                    f"the decision at threshold {words.threshold_text(threshold)} (flagged {case.positive_class!s} "
                    f"when its probability reaches it)")
        method = f"Share of the {rows} where {decision} equals the label (accuracy)."
    elif key == "balanced_accuracy":
        context = {"classes": len(case.classes)}
        method = f"Balanced accuracy on {rows} (mean recall per class)."
    else:
        context = {"target": case.target, "median": float(np.median(case.y.to_numpy(dtype=float)))}
        method = {"mae": f"Mean absolute error on {rows}, in the target's own units.",
                  "r2": f"R² on {rows} (1 - residual sum of squares / total sum of squares)."}[key]
    return Metric(key, float(value), words.headline_meaning(key, float(value), **context), method)
