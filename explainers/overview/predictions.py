"""The model's output for every row, beside the label, in the user's own columns."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core import privacy
from ..core.case import Case
from ..core.language import _, ngettext
from ..core.result import PRIVATE, Result


@dataclass(frozen=True)
class Scores(Result):
    """The model's output on every row: ``values`` (one per row; not in JSON), what they are
    (``label``, e.g. "probability of bad"), whether they are probabilities (``share``) and the
    decision ``threshold`` (binary classifiers). ``to_dict()`` adds quartiles of the values."""

    values: np.ndarray = field(metadata=PRIVATE, repr=False)
    label: str
    share: bool = False
    threshold: float | None = None

    def to_dict(self) -> dict:
        numeric = self.values.dtype.kind in "fiub"
        quartiles = np.quantile(self.values, [0, 0.25, 0.5, 0.75, 1]).tolist() if numeric and len(self.values) else None
        return super().to_dict() | {"rows": len(self.values), "quartiles": quartiles}


def scores(case: Case, threshold: float = 0.5) -> Scores:
    """The positive class's probability (binary; ``threshold`` is the decision threshold marked on it), the
    predicted class's (multiclass), else the prediction."""
    rows = len(case.X)
    if case.is_classifier and case.proba is not None:
        positive = case.positive_class
        values = case.proba[positive] if positive is not None else case.proba.max(axis=1)
        label = (_("probability of {outcome}", outcome=positive) if positive is not None
                 else _("probability of the predicted class"))
        method = ngettext("The model's output on all {n} rows (predict_proba).",
                          "The model's output on all {n} rows (predict_proba).", rows)
        return Scores(values=values.to_numpy(dtype=float), label=label, share=True,
                      threshold=float(threshold) if case.task == "binary" else None, method=method)
    values = case.predicted.to_numpy()
    values = values.astype(float) if values.dtype.kind in "iub" else values
    label = _("predicted {target}", target=case.target) if case.target else _("predicted value")
    return Scores(values=values, label=label,
                  method=ngettext("The model's output on all {n} rows (predict).",
                                  "The model's output on all {n} rows (predict).", rows))


def prediction_table(case: Case) -> pd.DataFrame:
    """Rows of ``X`` with ``prediction``, the score of the positive class, the label and whether it was right.

    Classifiers get ``score`` (probability of the positive class; for multiclass, of the
    predicted class) and, with labels, ``correct``; regressors get ``error`` (prediction - actual).
    """
    out = pd.DataFrame({"prediction": case.predicted}, index=case.X.index)
    if case.proba is not None:
        if case.positive_class is not None:
            out["score"] = case.proba[case.positive_class]
        else:
            out["score"] = case.proba.max(axis=1)
    if case.labelled:
        out["actual"] = case.y
        if case.is_classifier:
            out["correct"] = case.predicted == case.y
        else:
            out["error"] = case.predicted.astype(float) - case.y.astype(float)
    return privacy.frame(out.join(case.X))  # a display table: private columns' values hidden


def score_label(case: Case) -> str:
    if case.positive_class is not None:
        return f"P({case.positive_class})"
    return "P(predicted class)"
