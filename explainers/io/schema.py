"""What a fitted model says about its inputs: columns, categorical encoders, structure.

Scikit-learn records the input columns (``feature_names_in_``) and the categories each encoder
saw in training (``categories_``); reading them lets loading check the data against the model
and describe the model in the user's own column names.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import is_outlier_detector
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, OrdinalEncoder

from ..core.errors import ModelError
from ..core.estimators import column_indices, final_estimator, input_positions
from ..core.language import _, ngettext

CATEGORICAL_ENCODERS = (OneHotEncoder, OrdinalEncoder)
KEY_PARAMS = ("n_estimators", "max_iter", "max_depth", "num_leaves", "learning_rate", "C", "kernel", "n_neighbors")


def expected_columns(model, columns=None) -> list[str] | None:
    """Input columns the model was fitted on, or None when it did not record them.

    Given the data's ``columns``, a name the model stored sanitised (LightGBM turns spaces into
    underscores) is answered with the data's own column, so the user's names are kept."""
    names = model_columns(model)
    if names is None or columns is None:
        return names
    present = {str(c) for c in columns}
    by_sanitised = {}
    for column in columns:
        by_sanitised.setdefault(sanitised(str(column)), []).append(str(column))
    return [n if n in present or len(by_sanitised.get(n, [])) != 1 else by_sanitised[n][0] for n in names]


def model_columns(model) -> list[str] | None:
    """The column names as the model stores them (``feature_names_in_``, or CatBoost's ``feature_names_``)."""
    names = getattr(model, "feature_names_in_", None)
    if names is None and type(final_estimator(model)).__module__.startswith("catboost"):
        names = getattr(final_estimator(model), "feature_names_", None)
    return None if names is None else [str(n) for n in names]


def sanitised(name: str) -> str:
    """A column name as LightGBM stores it: whitespace becomes underscores."""
    return "".join("_" if ch.isspace() else ch for ch in name)


def refuse_outlier_detector(model) -> None:
    """Raise ModelError for an outlier detector (IsolationForest, OneClassSVM...): it learnt no target, so
    judging it as a regressor or classifier of some column would give meaningless numbers."""
    try:
        detector = is_outlier_detector(model)
    except (AttributeError, TypeError):  # a duck-typed model without scikit-learn tags
        detector = False
    if not detector:
        return
    kind = type(final_estimator(model)).__name__
    raise ModelError(
        f"The model is an outlier detector ({kind}): its predict says inlier (1) or outlier (-1) and it learnt no "
        "target, so its accuracy against a label column would mean nothing. Trustboard judges classifiers and "
        "regressors. To explain its outlier score, wrap score_samples in an object whose predict returns it, "
        "and load that without a target.")


def encoder_categories(model) -> dict[str, tuple[np.ndarray, str]]:
    """Map input column -> (categories seen in training, the encoder's handle_unknown)."""
    found: dict[str, tuple[np.ndarray, str]] = {}
    for encoder, columns in _encoders_with_columns(model):
        for column, categories in zip(columns, encoder.categories_, strict=True):
            found[str(column)] = (np.asarray(categories), encoder.handle_unknown)
    return found


def _encoders_with_columns(model):
    steps = [s for _, s in model.steps] if isinstance(model, Pipeline) else [model]
    for step in steps:
        if isinstance(step, ColumnTransformer) and hasattr(step, "transformers_"):
            for _, transformer, columns in step.transformers_:
                columns = _column_names(step, columns)
                for inner in _flatten(transformer):
                    if isinstance(inner, CATEGORICAL_ENCODERS) and hasattr(inner, "categories_"):
                        yield inner, columns
        elif isinstance(step, CATEGORICAL_ENCODERS) and hasattr(step, "feature_names_in_"):
            yield step, list(step.feature_names_in_)


def _flatten(transformer):
    return [s for _, s in transformer.steps] if isinstance(transformer, Pipeline) else [transformer]


def _column_names(transformer: ColumnTransformer, columns) -> list[str]:
    position = input_positions(transformer)
    indices = column_indices(columns, position)
    names = list(position)
    return [] if indices is None else [names[i] for i in indices]


def feature_kinds(X: pd.DataFrame, categorical: set[str]) -> dict[str, str]:
    """``categorical`` (text, bool or encoded as categories), ``integer`` or ``continuous``."""
    kinds = {}
    for column in X.columns:
        series = X[column]
        if column in categorical or not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            kinds[column] = "categorical"
        elif pd.api.types.is_integer_dtype(series) or _whole_numbers(series):
            kinds[column] = "integer"
        else:
            kinds[column] = "continuous"
    return kinds


def _whole_numbers(series: pd.Series) -> bool:
    values = series.dropna().to_numpy(dtype=float)
    return len(values) > 0 and bool(np.all(np.mod(values, 1) == 0))


def describe_model(model) -> list[str]:
    """One readable line per step, e.g. ``OneHotEncoder on 13 columns`` or ``RandomForestClassifier (n_estimators=300)``."""
    steps = [s for _, s in model.steps] if isinstance(model, Pipeline) else [model]
    lines = []
    for step in steps:
        if isinstance(step, Pipeline):
            lines.extend(describe_model(step))
        elif isinstance(step, ColumnTransformer) and hasattr(step, "transformers_"):
            parts = [_describe_branch(step, t, c) for _, t, c in step.transformers_ if not _is_drop(t)]
            lines.append("ColumnTransformer: " + "; ".join(p for p in parts if p))
        else:
            lines.append(_describe_estimator(step))
    return lines


def _is_drop(transformer) -> bool:
    return isinstance(transformer, str) and transformer == "drop"


def _describe_branch(transformer, inner, columns) -> str:
    count = len(_column_names(transformer, columns))
    if count == 0:
        return ""
    what = " + ".join(_step_name(s) for s in _flatten(inner))
    # Translators: a step of the model's pipeline and the columns it reads ("OneHotEncoder on 13 columns").
    return ngettext("{step} on {columns} column", "{step} on {columns} columns", count, step=what,
                    columns=str(count))


def _step_name(step) -> str:
    if isinstance(step, str) or (isinstance(step, FunctionTransformer) and step.func is None):
        return _("passthrough (unchanged)")
    return type(step).__name__


def _describe_estimator(estimator) -> str:
    params = estimator.get_params(deep=False) if hasattr(estimator, "get_params") else {}
    shown = [f"{k}={params[k]!r}" for k in KEY_PARAMS if params.get(k) is not None]
    return type(estimator).__name__ + (f" ({', '.join(shown)})" if shown else "")
