"""Headline metrics on the case's labelled rows, each with a plain-words meaning and its method."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.case import Case
from ..core.language import _, count
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
    rows = count(round(measured.value("count")))
    return [_metric(case, key, measured.value(key), rows, threshold) for key in keys]


def _metric(case: Case, key: str, value: float, rows: str, threshold: float | None = None) -> Metric:
    """One headline metric; ``rows``: the count of labelled rows, written the reader's way."""
    if key == "roc_auc":
        positive = case.positive_class
        other = next(c for c in case.classes if c != positive)
        context = {"positive": positive, "other": other}
        method = _("ROC AUC on {rows} labelled rows, scores = predicted probability of {positive} (ties count half).",
                   rows=rows, positive=str(positive))
    elif key == "accuracy":
        context = {"majority": case.y.value_counts(normalize=True).iloc[0]}
        if threshold is None:
            method = _("Share of the {rows} labelled rows where model.predict equals the label (accuracy).", rows=rows)
        else:
            method = _("Share of the {rows} labelled rows where the decision at threshold {threshold} (flagged "
                       "{positive} when its probability reaches it) equals the label (accuracy).", rows=rows,
                       threshold=words.threshold_text(threshold), positive=str(case.positive_class))
    elif key == "balanced_accuracy":
        context = {"classes": len(case.classes)}
        method = _("Balanced accuracy on {rows} labelled rows (mean recall per class).", rows=rows)
    else:
        context = {"target": case.target, "median": float(np.median(case.y.to_numpy(dtype=float)))}
        method = (_("Mean absolute error on {rows} labelled rows, in the target's own units.", rows=rows)
                  if key == "mae" else
                  _("R² on {rows} labelled rows (1 - residual sum of squares / total sum of squares).", rows=rows))
    return Metric(key, float(value), words.headline_meaning(key, float(value), **context), method)
