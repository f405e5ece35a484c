"""What a case is, in plain words: the model's structure and task, the data and its features."""

from __future__ import annotations

import pandas as pd

from ..core import privacy
from ..core.case import Case
from ..core.estimators import final_estimator
from ..core.words import number
from ..io.schema import describe_model

KIND_WORDS = {"categorical": "category", "integer": "whole number", "continuous": "number"}


def task_in_words(case: Case) -> str:
    if case.task == "regression":
        target = f" ({case.target})" if case.target else ""
        return f"Regression: predicts a number{target}."
    classes = ", ".join(str(c) for c in case.classes)
    text = f"{'Binary' if case.task == 'binary' else 'Multiclass'} classification between {classes}."
    if case.positive_class is not None:
        text += f" Scores are the probability of {case.positive_class!s} (the positive class)."
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
            "kind": KIND_WORDS[kind],
            "examples": privacy.shown(column, series, lambda s: ", ".join(str(v) for v in s.dropna().unique()[:examples])),
            "values": _value_summary(series, kind, case.categories.get(column)) if kind == "categorical"
            else privacy.shown(column, series, lambda s: _value_summary(s, kind, None)),
            "missing": float(series.isna().mean()),
        })
    return pd.DataFrame(rows)


def _value_summary(series: pd.Series, kind: str, categories) -> str:
    if kind == "categorical":
        count = len(categories) if categories is not None else series.nunique()
        return f"{count} categories"
    return f"{number(series.min())} to {number(series.max())}"

