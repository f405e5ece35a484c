"""Run the model once on every row: find its task and classes, and turn failures into advice."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.columns import is_unseen
from ..core.errors import DataError, ModelError, preview
from ..core.limits import ModelTimeout, model_call
from .tables import nested_columns


def predict_all(model, X: pd.DataFrame, y, categories) -> tuple[pd.Series, pd.DataFrame | None, str, tuple | None]:
    """Return ``(predicted, proba, task, classes)`` for every row of ``X``.

    A classifier whose decision is the arg-max of its probabilities (checked on a sample, the
    closest calls included) is run once, through ``predict_proba``; any other model as before.
    """
    _refuse_several_outputs(model)
    _refuse_nested(X)
    known = getattr(model, "classes_", None)
    if known is not None and callable(getattr(model, "predict_proba", None)):
        derived = _from_probabilities(model, X, categories, np.asarray(known))
        if derived is not None:
            return derived
    predicted = _call_predict(model, X, categories)
    classes = _classes(model, predicted, y)
    proba = _probabilities(model, X, classes) if classes is not None else None
    task = "regression" if classes is None else ("binary" if len(classes) == 2 else "multiclass")
    return pd.Series(predicted, index=X.index, name="prediction"), proba, task, classes


def _call_predict(model, X, categories) -> np.ndarray:
    try:
        with model_call("predict"):
            predicted = np.asarray(model.predict(X))
    except ModelTimeout:
        raise
    except Exception as exc:  # the model's own error, explained
        raise _explain_failure(model, X, categories, exc) from exc
    if predicted.ndim == 2 and len(predicted) == len(X) and predicted.shape[1] > 1:
        raise _several_outputs_error(model, predicted.shape[1], predicted.shape)
    if predicted.ndim != 1 or len(predicted) != len(X):
        fix = (" Wrap the model so that predict returns a flat array (e.g. predict(X).ravel())."
               if predicted.ndim == 2 and len(predicted) == len(X) else "")
        raise ModelError(f"The model's predict returned shape {predicted.shape} for {len(X)} rows; one value per row "
                         f"is needed.{fix}")
    return predicted


def _refuse_nested(X: pd.DataFrame) -> None:
    """DataError for a nested column (lists, maps or structs in a cell) among the model's inputs: Trustboard's
    questions edit, compare and hash cell values one by one. Nested columns the model does not use never get
    here: loading set them aside."""
    nested = nested_columns(X)
    if nested:
        raise DataError(
            f"The model needs columns that are nested (lists, maps or structs in a cell): {preview(nested)}. "
            "Trustboard explains models of flat tables: flatten each into one column per value and use a model "
            "trained on those columns. (Nested columns the model does not use are set aside; a model that does "
            "not record its input columns is given every column.)")


def _refuse_several_outputs(model) -> None:
    """ModelError for a model fitted on several targets at once (MultiOutputClassifier, a tree fitted on a
    2-D y): its ``classes_`` is one array per output, which no single-target reading can hold."""
    classes = getattr(model, "classes_", None)  # not n_outputs_: an MLPClassifier's counts its output units
    if isinstance(classes, (list, tuple)) and len(classes) > 1 and all(np.ndim(c) == 1 for c in classes):
        raise _several_outputs_error(model, len(classes))


def _several_outputs_error(model, outputs: int, shape: tuple | None = None) -> ModelError:
    returned = f" (predict returned shape {shape})" if shape else ""
    return ModelError(
        f"The model ({type(model).__name__}) predicts several outputs: {outputs} values per row, one per "
        f"target{returned}. "
        "Trustboard explains a model of one target. Load a model of that one target instead: for scikit-learn's "
        "MultiOutputClassifier or MultiOutputRegressor, the fitted model of target i is model.estimators_[i]; "
        "otherwise wrap the model so that predict returns one value per row.")


def _from_probabilities(model, X, categories, known: np.ndarray):
    """``(predicted, proba, task, classes)`` from one predict_proba pass, or None when predict is not its arg-max."""
    classes = tuple(known.tolist())
    try:
        with model_call("predict_proba"):
            values = np.asarray(model.predict_proba(X), dtype=float)
    except ModelTimeout:
        raise
    except Exception:  # noqa: BLE001 - predict runs next, so that its failure is explained as before
        return None
    if values.shape != (len(X), len(classes)) or len(classes) < 2:
        return None
    decided = known.take(values.argmax(axis=1))
    sample = argmax_sample(values)
    checked = _call_predict(model, X.iloc[sample], categories)
    if checked.dtype != decided.dtype or not np.array_equal(checked, decided[sample]):
        return None
    proba = pd.DataFrame(values, index=X.index, columns=list(classes))
    task = "binary" if len(classes) == 2 else "multiclass"
    return pd.Series(decided, index=X.index, name="prediction"), proba, task, classes


CHECKED_ROWS, CLOSEST_ROWS = 1000, 200


def argmax_sample(proba: np.ndarray) -> np.ndarray:
    """Row positions on which predict is compared with the arg-max: spread over the data, plus the closest calls."""
    n = len(proba)
    spread = np.unique(np.linspace(0, n - 1, min(n, CHECKED_ROWS)).astype(int))
    top = np.partition(proba, -2, axis=1)[:, -2:]
    margin = np.abs(top[:, 1] - top[:, 0])
    closest = np.argpartition(margin, min(CLOSEST_ROWS, n - 1))[:CLOSEST_ROWS] if n > CLOSEST_ROWS else np.arange(n)
    return np.unique(np.concatenate([spread, closest]))


def _classes(model, predicted, y) -> tuple | None:
    classes = getattr(model, "classes_", None)
    if classes is not None and len(classes):  # CatBoostRegressor has an empty classes_
        return tuple(np.asarray(classes).tolist())
    if pd.api.types.is_numeric_dtype(predicted) and not pd.api.types.is_bool_dtype(predicted):
        return None
    seen = set(pd.unique(predicted)) | (set(pd.unique(y)) if y is not None else set())
    return tuple(sorted(seen, key=str))


def _probabilities(model, X, classes) -> pd.DataFrame | None:
    if not callable(getattr(model, "predict_proba", None)):
        return None
    try:
        with model_call("predict_proba"):
            proba = np.asarray(model.predict_proba(X), dtype=float)
    except ModelTimeout:
        raise
    except Exception as exc:
        raise ModelError(f"The model's predict_proba failed ({type(exc).__name__}: {exc}) although predict worked.") from exc
    if proba.shape != (len(X), len(classes)):
        raise ModelError(f"predict_proba returned shape {proba.shape}; expected {(len(X), len(classes))} for classes {preview(classes)}.")
    return pd.DataFrame(proba, index=X.index, columns=list(classes))


def _explain_failure(model, X, categories, exc) -> Exception:
    said = f"{type(exc).__name__}: {exc}"
    empty = [c for c in X.columns if X[c].isna().all()]
    if empty:
        return DataError(f"These columns are empty in every row: {preview(empty)}. The model needs their values; "
                         f"fill them in or choose the right data. The model said: {said}")
    mismatched = _category_type_mismatch(X, categories)
    if mismatched:
        listed = "; ".join(f"{c!r} holds {kind} values such as {v!r} where the model learnt text such as {k!r}"
                           for c, (kind, v, k) in mismatched.items())
        return DataError(f"Column types differ from training: {listed}. Recode those columns to the text values the "
                         f"model was trained on. The model said: {said}")
    missing = X.columns[X.isna().any()].tolist()
    if missing and _predicts(model, X.dropna()):
        counts = {c: int(X[c].isna().sum()) for c in missing}
        return DataError(
            "The model cannot take missing values, and these columns have some: "
            + ", ".join(f"{c!r} ({n} rows)" for c, n in counts.items())
            + f". Fill them in or drop those rows. The model said: {said}"
        )
    strict = [c for c, (_, handling) in categories.items() if handling == "error" and c in X.columns]
    unseen = {c: sorted(set(X[c][is_unseen(X[c], categories[c][0].tolist())]), key=str) for c in strict}
    unseen = {c: v for c, v in unseen.items() if v}
    if unseen:
        listed = "; ".join(f"{c!r}: {preview(v, 5)}" for c, v in unseen.items())
        return DataError(
            f"The model refuses categories it never saw in training ({listed}). Recode those values to known "
            f"categories or drop those rows. The model said: {said}"
        )
    text = [c for c in X.columns if c not in categories and not pd.api.types.is_numeric_dtype(X[c])]
    if text and isinstance(exc, (ValueError, TypeError)):  # a conversion failure, not the model's own fault
        examples = "; ".join(f"{c!r} (e.g. {_first_text(X[c])!r})" for c in text[:5])
        return DataError(
            f"The model could not predict on this data; these columns hold text where it may expect numbers: "
            f"{examples}. Fix those values or choose the right data. The model said: {said}"
        )
    return ModelError(
        f"The model could not predict on this data. The model said: {said}. "
        "Check that the data has the columns, types and units the model was trained on."
    )


def _category_type_mismatch(X: pd.DataFrame, categories: dict) -> dict:
    """Columns whose encoder learnt text categories but whose values are booleans or numbers."""
    found = {}
    for column, (known, _) in categories.items():
        if column not in X.columns or not len(known) or not isinstance(known[0], str):
            continue
        values = X[column].dropna()
        if len(values) and (pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values)):
            kind = "true/false" if pd.api.types.is_bool_dtype(values) else "number"
            found[column] = (kind, values.iloc[0].item() if hasattr(values.iloc[0], "item") else values.iloc[0], known[0])
    return found


def _first_text(series: pd.Series):
    """The first value that does not read as a number."""
    values = series.dropna()
    numeric = pd.to_numeric(values, errors="coerce")
    return values[numeric.isna()].iloc[0] if numeric.isna().any() else values.iloc[0]


def _predicts(model, X) -> bool:
    if X.empty:
        return False
    try:
        model.predict(X.head(50))
    except Exception:
        return False
    return True
