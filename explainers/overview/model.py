"""What a case is, in plain words: the model's structure and task, the data and its features."""

from __future__ import annotations

import pandas as pd

from ..core import privacy
from ..core.case import Case
from ..core.estimators import final_estimator
from ..core.language import N_, _, ngettext, number
from ..io.schema import describe_model

KIND_WORDS = {"categorical": N_("category"), "integer": N_("whole number"), "continuous": N_("number")}


def task_in_words(case: Case) -> str:
    """The task in one or two sentences: "Binary classification between bad, good. Scores are ..."."""
    if case.task == "regression":
        if case.target:
            return _("Regression: predicts a number ({target}).", target=case.target)
        return _("Regression: predicts a number.")
    classes = ", ".join(str(c) for c in case.classes)  # the user's class names, as a plain list
    if case.task == "binary":
        text = _("Binary classification between {classes}.", classes=classes)
    else:
        text = _("Multiclass classification between {classes}.", classes=classes)
    if case.positive_class is not None:
        text += " " + _("Scores are the probability of {outcome} (the positive class).",
                        outcome=str(case.positive_class))
    return text


def model_structure(case: Case) -> dict:
    return {"estimator": type(final_estimator(case.model)).__name__, "steps": describe_model(case.model)}


def class_balance(case: Case) -> pd.Series | None:
    """Share of each class among the labels (None for regression or unlabelled data)."""
    if not case.labelled or not case.is_classifier:
        return None
    return case.y.value_counts(normalize=True).reindex(list(case.classes), fill_value=0.0)


def feature_table(case: Case, examples: int = 4) -> pd.DataFrame:
    """One row per input column: kind, example values, missing share, range or categories, description."""
    rows = []
    for column in case.X.columns:
        series = case.X[column]
        kind = case.feature_kinds[column]
        rows.append({
            "feature": column,
            "description": case.describe(column),
            "kind": _(KIND_WORDS[kind]),
            "examples": privacy.shown(column, series, lambda s: ", ".join(str(v) for v in s.dropna().unique()[:examples])),
            "values": _value_summary(series, kind, case.categories.get(column)) if kind == "categorical"
            else privacy.shown(column, series, lambda s: _value_summary(s, kind, None)),
            "missing": float(series.isna().mean()),
        })
    return pd.DataFrame(rows)


def _value_summary(series: pd.Series, kind: str, categories) -> str:
    if kind == "categorical":
        count = len(categories) if categories is not None else series.nunique()
        return ngettext("{n} categories", "{n} categories", count)
    return _("{low} to {high}", low=number(series.min()), high=number(series.max()))

