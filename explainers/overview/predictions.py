"""The model's output for every row, beside the label, in the user's own columns."""

from __future__ import annotations

import pandas as pd

from ..core.case import Case


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
    return out.join(case.X)


def score_label(case: Case) -> str:
    if case.positive_class is not None:
        return f"P({case.positive_class})"
    return "P(predicted class)"
