"""Pandas categories that a CSV cannot carry, restored from the model that learnt them.

LightGBM (``booster_.pandas_categorical``) and XGBoost with ``enable_categorical`` (the booster's
``get_categories``) store the categories of the pandas ``category`` columns they were trained on,
and refuse the same columns read back from a CSV as text or numbers. ``restore_categories`` casts
those columns to ``category`` with the training categories (in their training order, which is what
the model's codes mean); values the model never saw become missing, and a note says which.

``code_text`` codes every other text column once, at load, as a pandas ``category`` (issue 27): Arrow
strings are copied by every take and re-coded by every factorize, so a million rows (or one 1 MB cell)
made the engine slow; categories copy small integer codes. The values and the model's view of them stay
the same: the model is asked about a sample of rows both ways, and the columns stay text unless its
answers are identical.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.columns import is_unseen
from ..core.errors import preview
from ..core.estimators import final_estimator
from ..core.language import _, count
from ..core.limits import ModelTimeout, model_call
from .assemble import clipped
from .schema import model_columns

CHECK_ROWS = 200  # rows the model is asked about both ways before text columns are coded


def model_categories(model) -> dict[str, list]:
    """Model column name -> the categories it was trained on, for natively categorical LightGBM/XGBoost models."""
    estimator = final_estimator(model)
    module = type(estimator).__module__
    if module.startswith("lightgbm"):
        return _lightgbm_categories(estimator)
    if module.startswith("xgboost"):
        return _xgboost_categories(estimator)
    return {}


def restore_categories(X: pd.DataFrame, model, notes: list) -> pd.DataFrame:
    """``X`` with the model's categorical columns as pandas categories (user's column names kept)."""
    found = model_categories(model)
    if not found:
        return X
    names = dict(zip(model_columns(model) or [], X.columns, strict=False))  # model name -> user's column
    X = X.copy()
    for name, categories in found.items():
        column = names.get(name, name)
        if column in X.columns and not _already(X[column], categories):
            X[column] = _as_category(X[column], categories, column, notes)
    return X


def code_text(X: pd.DataFrame, model, known: dict) -> pd.DataFrame:
    """``X`` with its text columns as pandas categories: the observed values plus ``known`` (column -> the
    categories an encoder learnt), so that every value a check or a counterfactual may set is representable.
    ``X`` itself comes back when no column is text, or when the model answers differently on the coded rows."""
    text = [c for c in X.columns if _is_text(X[c])]
    if not text:
        return X
    coded = X.copy(deep=False)
    for column in text:
        coded[column] = _coded(X[column], known.get(column, ()))
    return coded if _same_answers(model, X, coded) else X


def _is_text(series: pd.Series) -> bool:
    """A column of strings (Arrow or Python objects; missing values allowed), not yet a category."""
    if isinstance(series.dtype, pd.StringDtype):
        return True
    return series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) == "string"


def _coded(series: pd.Series, known) -> pd.Series:
    """One factorize: the column's values as codes into its sorted categories (observed and ``known``)."""
    codes, observed = pd.factorize(series)
    extra = [v for v in known if isinstance(v, str)]
    categories = pd.Index(sorted(set(observed.tolist()) | set(extra)), dtype=object)
    mapped = np.append(categories.get_indexer(observed), -1)[codes]  # -1 (missing) stays -1
    return pd.Series(pd.Categorical.from_codes(mapped, categories=categories), index=series.index, name=series.name)


def _same_answers(model, X: pd.DataFrame, coded: pd.DataFrame) -> bool:
    """True when the model gives identical outputs on a spread sample of rows, as text and as categories
    (a pipeline that picks columns by dtype, say, would not: then the columns stay text)."""
    rows = np.unique(np.linspace(0, len(X) - 1, min(len(X), CHECK_ROWS)).astype(int))
    method = "predict_proba" if callable(getattr(model, "predict_proba", None)) else "predict"
    try:
        with model_call(method):
            before = np.asarray(getattr(model, method)(X.iloc[rows]))
            after = np.asarray(getattr(model, method)(coded.iloc[rows]))
    except ModelTimeout:
        raise
    except Exception:  # noqa: BLE001 - a model that refuses categories keeps its text columns
        return False
    return before.shape == after.shape and bool(np.all((before == after) | (pd.isna(before) & pd.isna(after))))


def _lightgbm_categories(estimator) -> dict[str, list]:
    booster = getattr(estimator, "booster_", None) or getattr(estimator, "_Booster", None)
    stored = getattr(booster, "pandas_categorical", None) if booster is not None else None
    if not stored:
        return {}
    indices = _lightgbm_categorical_indices(booster)
    names = booster.feature_name()
    return {names[i]: list(c) for i, c in zip(indices, stored, strict=False)}


def _lightgbm_categorical_indices(booster) -> list[int]:
    """Positions of the categorical features, from the model text's ``[categorical_feature: 1,3]`` line."""
    for line in booster.model_to_string(num_iteration=0).splitlines():
        if line.startswith("[categorical_feature:"):
            listed = line.split(":", 1)[1].strip(" ]")
            return [int(v) for v in listed.split(",") if v.strip()]
    return []


def _xgboost_categories(estimator) -> dict[str, list]:
    try:
        exported = estimator.get_booster().get_categories(export_to_arrow=True).to_arrow()
    except Exception:  # noqa: BLE001 - older XGBoost, no categories or no pyarrow: nothing to restore
        return {}
    return {str(name): array.to_pylist() for name, array in (exported or []) if array is not None}


def _already(series: pd.Series, categories: list) -> bool:
    return isinstance(series.dtype, pd.CategoricalDtype) and list(series.cat.categories) == list(categories)


def _as_category(series: pd.Series, categories: list, column, notes: list) -> pd.Series:
    values = series.astype(object) if isinstance(series.dtype, pd.CategoricalDtype) else series
    if categories and isinstance(categories[0], str) and not pd.api.types.is_string_dtype(values):
        values = values.map(lambda v: v if pd.isna(v) else _text(v))
    restored = pd.Series(pd.Categorical(values, categories=categories), index=series.index, name=series.name)
    unseen = series[is_unseen(values, categories)]
    if len(unseen):
        notes.append(_("Column {column} has values the model never saw in training: {values} ({rows} rows). The "
                       "model treats them as missing; its predictions for those rows deserve less trust.",
                       column=repr(column), values=preview(clipped(unseen.unique().tolist())), rows=count(len(unseen))))
    return restored


def _text(value) -> str:
    """A number read from a CSV as the text category it was: 3.0 -> "3"."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)
