"""Pandas categories that a CSV cannot carry, restored from the model that learnt them.

LightGBM (``booster_.pandas_categorical``) and XGBoost with ``enable_categorical`` (the booster's
``get_categories``) store the categories of the pandas ``category`` columns they were trained on,
and refuse the same columns read back from a CSV as text or numbers. ``restore_categories`` casts
those columns to ``category`` with the training categories (in their training order, which is what
the model's codes mean); values the model never saw become missing, and a note says which.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.columns import is_unseen
from ..core.errors import preview
from ..core.estimators import final_estimator
from .schema import model_columns


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
        notes.append(f"Column {column!r} has values the model never saw in training: {preview(unseen.unique().tolist())} "
                     f"({len(unseen)} rows). The model treats them as missing; its predictions for those rows "
                     "deserve less trust.")
    return restored


def _text(value) -> str:
    """A number read from a CSV as the text category it was: 3.0 -> "3"."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)
