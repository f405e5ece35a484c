"""Which input column each column of a Pipeline's transformed space came from.

A ``ColumnTransformer`` of one-hot encoders, scalers, ordinal encoders and passthrough branches
(also nested in small Pipelines of 1:1 steps such as imputers) maps every output column to
exactly one input column. The map is a 0/1 matrix ``M`` (transformed x input), so attributions
in the transformed space sum back to input columns with one matrix product: ``phi @ M``.
Anything else (PCA, polynomial features, selectors) returns None and callers fall back to a
model-agnostic method on the raw inputs.
"""

from __future__ import annotations

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder


def final_estimator(model):
    """The estimator that makes the predictions: the last step of a Pipeline, followed into nested
    Pipelines; the model itself when it is not a Pipeline."""
    while isinstance(model, Pipeline):
        model = model.steps[-1][1]
    return model


def split_pipeline(model):
    """``(preprocess, last step)`` of the outer Pipeline; preprocess is None for a bare estimator. A Pipeline
    nested as the last step is returned whole (its own preprocessing with it): see final_estimator."""
    if isinstance(model, Pipeline) and len(model.steps) > 1:
        return model[:-1], model.steps[-1][1]
    if isinstance(model, Pipeline):
        return None, model.steps[-1][1]
    return None, model


def input_map(preprocess, input_columns: list[str]) -> np.ndarray | None:
    """0/1 matrix (n_transformed x n_inputs), or None when some output has no single input."""
    n_inputs = len(input_columns)
    if preprocess is None:
        return np.eye(n_inputs)
    current = np.eye(n_inputs)
    for _, step in preprocess.steps:
        step_map = _step_map(step, current.shape[0], input_columns)
        if step_map is None:
            return None
        current = step_map @ current
    return current


def _step_map(step, n_in: int, input_columns) -> np.ndarray | None:
    if isinstance(step, ColumnTransformer):
        return _column_transformer_map(step, input_columns)
    return _one_step_map(step, n_in)


def _one_step_map(step, n_in: int) -> np.ndarray | None:
    """Map for a transformer applied to all its ``n_in`` inputs (outputs x inputs)."""
    if isinstance(step, str):
        return np.eye(n_in) if step == "passthrough" else np.zeros((0, n_in))
    if isinstance(step, Pipeline):
        current = np.eye(n_in)
        for _, inner in step.steps:
            inner_map = _one_step_map(inner, current.shape[0])
            if inner_map is None:
                return None
            current = inner_map @ current
        return current
    if isinstance(step, OneHotEncoder):
        return _one_hot_map(step)
    n_out = _n_outputs(step, n_in)
    return np.eye(n_in) if n_out == n_in and _is_elementwise(step) else None


def _one_hot_map(encoder: OneHotEncoder) -> np.ndarray:
    widths = getattr(encoder, "_n_features_outs", None)
    if widths is None:  # older scikit-learn
        widths = [len(c) - (0 if d is None else 1) for c, d in zip(encoder.categories_, _drops(encoder), strict=True)]
    return np.repeat(np.eye(len(widths)), widths, axis=0)


def _drops(encoder):
    drops = getattr(encoder, "drop_idx_", None)
    return [None] * len(encoder.categories_) if drops is None else list(drops)


def input_positions(transformer: ColumnTransformer, input_columns=None) -> dict:
    """Input column name -> position, for resolving a ColumnTransformer's column selections."""
    names = getattr(transformer, "feature_names_in_", None)
    if names is None:
        names = input_columns if input_columns is not None else [f"x{i}" for i in range(transformer.n_features_in_)]
    return {str(name): i for i, name in enumerate(names)}


def _column_transformer_map(transformer: ColumnTransformer, input_columns) -> np.ndarray | None:
    position = input_positions(transformer, input_columns)
    blocks = []
    for _, step, columns in transformer.transformers_:
        if isinstance(step, str) and step == "drop":
            continue
        indices = column_indices(columns, position)
        if indices is None:
            return None
        if not indices:
            continue
        local = _one_step_map(step, len(indices))
        if local is None:
            return None
        block = np.zeros((local.shape[0], len(position)))
        block[:, indices] = local
        blocks.append(block)
    return np.vstack(blocks) if blocks else None


def column_indices(columns, position: dict) -> list[int] | None:
    """Positions selected by a ColumnTransformer column spec (names, ints, masks, slices); None if callable."""
    if callable(columns):
        return None
    if isinstance(columns, slice):
        start = position.get(columns.start, columns.start)
        stop = columns.stop if not isinstance(columns.stop, str) else position[columns.stop] + 1  # label slices include the end
        return list(range(len(position)))[slice(start, stop, columns.step)]
    values = [columns] if isinstance(columns, (str, int, np.integer)) else list(columns)
    if values and isinstance(values[0], (bool, np.bool_)):
        return [i for i, keep in enumerate(values) if keep]
    return [position[v] if isinstance(v, str) else int(v) for v in values]


ELEMENTWISE = ("StandardScaler", "MinMaxScaler", "MaxAbsScaler", "RobustScaler", "OrdinalEncoder",
               "SimpleImputer", "PowerTransformer", "QuantileTransformer", "TargetEncoder", "KBinsDiscretizer",
               "Binarizer")


def _is_elementwise(step) -> bool:
    """Transformers whose output column j depends only on input column j."""
    if type(step).__name__ == "FunctionTransformer":
        return step.func is None  # passthrough; an arbitrary function may mix or reorder columns
    if type(step).__name__ == "SimpleImputer" and getattr(step, "add_indicator", False):
        return False
    if type(step).__name__ == "KBinsDiscretizer" and getattr(step, "encode", "") != "ordinal":
        return False
    return type(step).__name__ in ELEMENTWISE


def _n_outputs(step, n_in: int) -> int | None:
    try:
        return len(step.get_feature_names_out())
    except Exception:  # transformers without feature names
        return getattr(step, "n_features_out_", None) or (n_in if _is_elementwise(step) else None)
