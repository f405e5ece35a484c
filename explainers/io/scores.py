"""Score-only cases: a table of the scores a serving system logged, its outcomes and its input columns, with
no model (a model served in another language). ``explainers.load(None, data, target=..., scores="column")``.

What needs only the scores works on such a case (performance, calibration, failures, fairness, data health,
compare, gate, monitoring). What needs to ask the model (attributions, counterfactuals, robustness, conformal
bands) meets :class:`NoModel`, whose every call raises an InputError saying so plainly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.errors import DataError, InputError, ModelError, preview
from ..core.language import _
from .assemble import fingerprint, metadata_notes, sha256_of, source_name, split_target
from .schema import feature_kinds
from .sidecar import read_metadata
from .tables import nested_columns, read_table

ASK = ("A score-only case has no model to ask: {what} needs the model itself. Open the model with the data "
       "(explainers.load(model, data, ...)) to answer it; the logged scores answer performance, calibration, "
       "failures, fairness, data health, compare, gate and monitoring.")


class NoModel:
    """Stands where a score-only case's model would be. Any question that would call the model is told, as an
    InputError, that there is none; ``scores`` names the logged column."""

    def __init__(self, scores: str):
        self.scores = scores

    def predict(self, X):
        raise ModelError(ASK.format(what="this question (it re-predicts changed or new rows)"))

    def predict_proba(self, X):
        raise ModelError(ASK.format(what="this question (it re-predicts changed or new rows)"))

    def __repr__(self) -> str:
        return f"NoModel(scores={self.scores!r})"


def has_model(case: Case) -> bool:
    """False for a score-only case."""
    return not isinstance(case.model, NoModel)


def require_model(case: Case, what: str) -> None:
    """An InputError naming ``what`` when ``case`` is score-only."""
    if not has_model(case):
        raise ModelError(ASK.format(what=what))


def load_scores(data, target, scores: str, *, features=None, metadata=None, name=None) -> Case:
    """A score-only Case. ``scores``: the column of logged scores (the positive class's probability for a
    yes/no outcome, the prediction for a number). ``features``: the input columns (default: every column but
    the target, the scores, date or time columns and identifiers, i.e. text or whole numbers unique on
    every row: those are set aside, and the notes say so)."""
    frame, notes = read_table(data, name=name or (str(data).rsplit("/", 1)[-1] if isinstance(data, str) else None))
    meta = read_metadata(None, metadata)
    if scores not in frame.columns:
        raise DataError(f"The scores column {scores!r} is not in the data; name one of {preview(frame.columns, 12)}.")
    logged = pd.to_numeric(frame.pop(scores), errors="coerce")
    if logged.isna().any():
        raise DataError(f"The scores column {scores!r} has blanks or text in {int(logged.isna().sum())} row(s); "
                        "every row needs its logged score.")
    if target is None and meta.target is None:
        raise DataError("A score-only case needs the outcome column (target=...): without a model, the classes "
                        "and the task are read from it.")
    X, y = split_target(frame, target, meta.target, notes)
    if y is None:
        raise DataError(f"The outcome column {meta.target!r} is not in the data; a score-only case needs it.")
    X = _features(X, features, notes)
    notes += metadata_notes(meta, X)
    task, classes, positive = _task(y, logged, meta.positive_class, scores)
    predicted, proba = _outputs(logged, task, classes, positive, y)
    return Case(
        name=meta.title or f"logged scores {scores!r}", model=NoModel(scores), X=X, y=y, task=task, classes=classes,
        positive_class=positive, feature_kinds=feature_kinds(X, set()), categories=_categories(X),
        metadata=meta, predicted=predicted, proba=proba, notes=tuple(notes),
        source={"model": None, "scores": scores, "data": source_name(data), "model_sha256": None,
                "data_sha256": sha256_of(data)},
        fingerprint=fingerprint(f"scores:{scores}".encode(), X.assign(**{f"__{scores}": logged.to_numpy()}), y),
    )


def _features(X: pd.DataFrame, features, notes: list) -> pd.DataFrame:
    nested = nested_columns(X)
    if features is not None:
        missing = [c for c in features if c not in X.columns]
        if missing:
            raise DataError(f"features= names {preview(missing)}, not columns of the data (the target and the "
                            f"scores are not features); the columns are {preview(X.columns, 12)}.")
        asked = [c for c in features if c in nested]
        if asked:
            raise DataError(f"features= names nested columns (lists, maps or structs): {preview(asked)}; Trustboard "
                            f"reads flat tables: flatten them into plain columns first.")
        return X[list(features)]
    if nested:
        notes.append(_("Nested columns (lists, maps or structs) are not features of a score-only case: {columns}.",
                       columns=preview(nested)))
        X = X.drop(columns=nested)
    times = [c for c in X.columns if _is_time(X[c])]
    ids = [c for c in X.columns if c not in times and len(X) > 1 and X[c].nunique() == len(X)
           and not pd.api.types.is_float_dtype(X[c])]
    if times:
        notes.append(_("Date or time columns are not features of a score-only case: {columns}.", columns=preview(times)))
    if ids:
        notes.append(_("Columns unique on every row are identifiers, not features (never drift-tested): {columns}; "
                       "name the features with features= to keep one.", columns=preview(ids)))
    kept = [c for c in X.columns if c not in times and c not in ids]
    if not kept:
        raise DataError("No feature columns are left beside the target, the scores, dates and identifiers; name "
                        "them with features=.")
    return X[kept]


def _is_time(values: pd.Series) -> bool:
    if pd.api.types.is_datetime64_any_dtype(values):
        return True
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return False
    sample = values.dropna().astype(str).head(200)
    if sample.empty or not sample.str.contains(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}").all():
        return False
    return bool(pd.to_datetime(sample, errors="coerce", format="mixed").notna().all())


def _task(y: pd.Series, logged: pd.Series, wanted, scores: str):
    """(task, classes, positive class) read from the outcomes and the scores."""
    found = pd.unique(y)
    probabilities = logged.between(0, 1).all()
    if len(found) == 2 and probabilities:
        classes = tuple(sorted(found.tolist(), key=str))
        if wanted is None:
            return "binary", classes, classes[1]
        match = [c for c in classes if c == wanted or str(c) == str(wanted)]
        if not match:
            raise InputError(f"positive_class {wanted!r} is not one of the outcomes {preview(classes)}.")
        return "binary", classes, match[0]
    if len(found) == 2:
        raise DataError(f"The outcome has two values but the scores in {scores!r} run from {logged.min():g} to "
                        f"{logged.max():g}: log the positive class's probability (0 to 1).")
    if pd.api.types.is_numeric_dtype(y) and len(found) > 2:
        return "regression", None, None
    raise DataError(f"The outcome has {len(found)} values: a score-only case reads one column of scores, the "
                    "probability of one of two outcomes or the predicted number; several classes need the model.")


def _outputs(logged: pd.Series, task: str, classes, positive, y: pd.Series):
    """(predicted, proba): the logged number itself, or the class decided at 0.5 (in the outcome's own type)
    and the two probabilities."""
    values = logged.to_numpy(dtype=float)
    if task == "regression":
        return pd.Series(values, index=y.index, name="prediction"), None
    other = classes[1 - classes.index(positive)]
    proba = pd.DataFrame({positive: values, other: 1 - values}, index=y.index)[list(classes)]
    chosen = np.where(values >= 0.5, classes.index(positive), classes.index(other))
    predicted = pd.Series(np.asarray(classes, dtype=object)[chosen], index=y.index, name="prediction")
    if pd.api.types.is_numeric_dtype(y):
        predicted = predicted.astype(y.dtype)
    return predicted, proba


def _categories(X: pd.DataFrame) -> dict:
    return {c: sorted(X[c].dropna().unique().tolist(), key=str) for c in X.columns
            if not pd.api.types.is_numeric_dtype(X[c])}
