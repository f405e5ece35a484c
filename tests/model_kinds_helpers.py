"""Shared helpers for the model-kind tests: save a model and its data as joblib + CSV, open them, check sums."""

from __future__ import annotations

import warnings

import joblib
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

import explainers

TOL = 1e-6


def open_from_files(tmp_path, name: str, model, X: pd.DataFrame, y=None, target: str = "target"):
    """Dump ``model`` with joblib and ``X`` (plus ``y``) as CSV under ``tmp_path``, then load both."""
    frame = X.copy()
    if y is not None:
        frame[target] = np.asarray(y)
    model_path, data_path = tmp_path / f"{name}.joblib", tmp_path / f"{name}.csv"
    joblib.dump(model, model_path)
    frame.to_csv(data_path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return explainers.load(model_path, data_path, target=target if y is not None else None)


def assert_additive(att, tol: float = TOL) -> None:
    """base + sum of contributions == the model's output, row by row, within ``tol`` (relative above 1)."""
    total = att.base_values + att.values.sum(axis=1).to_numpy()
    scale = 1.0 + float(np.max(np.abs(att.output)))
    assert np.max(np.abs(total - att.output)) <= tol * scale, np.max(np.abs(total - att.output))
    assert att.max_additivity_error <= tol * scale


def mixed_frame(rows: int = 160, seed: int = 0, spaces: bool = False) -> tuple[pd.DataFrame, np.ndarray]:
    """Two numeric and two text columns and a binary label that depends on both kinds."""
    rng = np.random.default_rng(seed)
    names = ["num a", "num b", "cat x", "cat y"] if spaces else ["num_a", "num_b", "cat_x", "cat_y"]
    X = pd.DataFrame({names[0]: rng.normal(size=rows).round(3), names[1]: rng.normal(size=rows).round(3),
                      names[2]: rng.choice(list("abcdef"), rows), names[3]: rng.choice(list("pqrs"), rows)})
    signal = X[names[0]] + 1.2 * X[names[2]].isin(["a", "b", "c"]) - 0.6 * (X[names[3]] == "p")
    y = (signal + rng.normal(scale=0.4, size=rows) > 0.6).astype(int).to_numpy()
    return X, y


def forest_pipeline(frame, target: str, n_estimators: int = 40, max_depth: int = 6):
    """A random forest behind one-hot encoding of the text columns, fitted on ``frame`` (for planted-column tests)."""
    X = frame.drop(columns=[target])
    text = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
    columns = ColumnTransformer([("text", OneHotEncoder(handle_unknown="ignore"), text)], remainder="passthrough")
    model = RandomForestClassifier(n_estimators=n_estimators, max_depth=max_depth, random_state=0)
    return Pipeline([("columns", columns), ("model", model)]).fit(X, frame[target])
