"""An MLflow model seen through its pyfunc ``predict``, and the data checked against its signature.

A model signature names and types the input columns (``ColSpec``: name, type, required). Those
names become the model's ``feature_names_in_`` for a pyfunc model, and every model's data is
checked against the types before predicting, with the usual plain messages.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import DataError, ModelError, preview
from ..core.language import _

NUMBERS = ("integer", "long", "float", "double")


class PyfuncModel:
    """An MLflow pyfunc model: one value per row from ``predict``; no estimator, steps or encoders inside."""

    def __init__(self, pyfunc, signature=None):
        self.pyfunc = pyfunc
        names = input_names(signature)
        if names:
            self.feature_names_in_ = np.asarray(names, dtype=object)

    def _output(self, X) -> np.ndarray:
        out = self.pyfunc.predict(X)
        return np.asarray(out.to_numpy() if isinstance(out, (pd.DataFrame, pd.Series)) else out)

    def predict(self, X) -> np.ndarray:
        out = self._output(X)
        if out.ndim == 2 and out.shape[1] == 1:
            return out[:, 0]
        if out.ndim != 1:
            raise ModelError(f"The pyfunc model returned {out.shape[1]} values per row; Trustboard needs one decision "
                             "per row, or class probabilities in output columns named by the model's signature.")
        return out


class PyfuncClassifier(PyfuncModel):
    """A pyfunc model whose signature names one output column per class: its output is read as probabilities."""

    def __init__(self, pyfunc, signature, classes):
        super().__init__(pyfunc, signature)
        self.classes_ = np.asarray(classes, dtype=object)

    def predict_proba(self, X) -> np.ndarray:
        return np.asarray(self._output(X), dtype=float)

    def predict(self, X) -> np.ndarray:
        return self.classes_.take(self.predict_proba(X).argmax(axis=1))


def pyfunc_model(pyfunc, signature) -> PyfuncModel:
    """A classifier when the signature's outputs are two or more named number columns, else plain predict."""
    outputs = getattr(signature, "outputs", None)
    names = input_names(signature, outputs) if outputs is not None else None
    specs = outputs.inputs if names else []
    if len(specs) >= 2 and all(_type_name(s) in NUMBERS for s in specs):
        return PyfuncClassifier(pyfunc, signature, [int(n) if n.lstrip("-").isdigit() else n for n in names])
    return PyfuncModel(pyfunc, signature)


def pyfunc_note(uri: str, model: PyfuncModel) -> str:
    """What opening through pyfunc limits, in plain words."""
    start = _("{uri} has no scikit-learn flavour, so it is opened through MLflow's pyfunc predict; Trustboard cannot "
              "see its steps or encoders, so explanations treat it as a black box (slower, approximate).", uri=uri)
    if isinstance(model, PyfuncClassifier):
        return start + " " + _("Its output columns {classes} are read as class probabilities.",
                               classes=preview(model.classes_))
    return start + " " + _("It gives decisions only, no probabilities: calibration, confidence sets, thresholds and "
                           "ROC AUC are not available. Log it with mlflow.sklearn for the full report.")


def input_names(signature, schema=None) -> list[str] | None:
    """The column names a signature's schema (default: its inputs) gives, or None for tensors or no signature."""
    schema = schema if schema is not None else getattr(signature, "inputs", None)
    if schema is None or schema.is_tensor_spec() or not schema.has_input_names():
        return None
    return [str(n) for n in schema.input_names()]


def check_signature(signature, X: pd.DataFrame) -> list[str]:
    """Check ``X`` against the signature's named, typed inputs; DataError when a column is missing or mistyped."""
    if signature is None:
        return [_("The MLflow model has no signature, so its input columns are checked only against what the model "
                  "records.")]
    if input_names(signature) is None:
        return [_("The MLflow model's signature describes unnamed tensors, so the data's columns are not checked "
                  "against it.")]
    specs = signature.inputs.inputs
    missing = [s.name for s in specs if s.required and s.name not in X.columns]
    if missing:
        raise DataError(f"The data lacks {len(missing)} column(s) the model's MLflow signature requires: "
                        f"{preview(missing)}. Add them, or choose the data the model was trained for.")
    wrong = [w for s in specs if s.name in X.columns and (w := _type_problem(X[s.name], _type_name(s)))]
    if wrong:
        raise DataError(f"Column types differ from the model's MLflow signature: {'; '.join(wrong)}. Fix those "
                        "columns, or choose the data the model was trained for.")
    return []


def _type_name(spec) -> str:
    return str(getattr(spec.type, "name", spec.type))


def _type_problem(series: pd.Series, kind: str) -> str | None:
    """Why the column does not fit the signature's type, or None."""
    values = series.dropna()
    if values.empty:
        return None
    boolean = pd.api.types.is_bool_dtype(values)
    numeric = pd.api.types.is_numeric_dtype(values) and not boolean
    if kind in NUMBERS and not (numeric or boolean):
        bad = values[pd.to_numeric(values, errors="coerce").isna()]
        example = _plain(bad.iloc[0] if len(bad) else values.iloc[0])
        return f"{series.name!r} holds text such as {example!r} where the signature says {kind} (a number)"
    if kind in ("integer", "long") and numeric and not np.all(np.mod(values.to_numpy(dtype=float), 1) == 0):
        example = _plain(values[np.mod(values.to_numpy(dtype=float), 1) != 0].iloc[0])
        return f"{series.name!r} holds fractions such as {example!r} where the signature says {kind} (whole numbers)"
    if kind == "string" and (numeric or boolean):
        return f"{series.name!r} holds numbers such as {_plain(values.iloc[0])!r} where the signature says string (text)"
    if kind == "boolean" and not boolean and not (numeric and set(values.unique().tolist()) <= {0, 1}):
        return f"{series.name!r} holds values such as {_plain(values.iloc[0])!r} where the signature says boolean (true/false)"
    return None


def _plain(value):
    """A numpy scalar as the Python value it holds (for messages)."""
    return value.item() if hasattr(value, "item") else value
