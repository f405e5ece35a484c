"""Batches after go-live: read them, score them with the reference's model (or read the scores the serving
system logged), and make one Case of every batch row with its label where it has arrived."""

from __future__ import annotations

import glob as globbing
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.errors import InputError
from ..core.language import _, count, current, decimal
from ..io.categories import restore_categories
from ..io.predict import predict_all
from ..io.schema import encoder_categories
from ..io.scores import has_model
from ..io.tables import read_table
from ..scale.frames import is_dask, is_glob

SKEW_SAMPLE = 1_000  # rows re-scored when both a model and logged scores are given
SKEW_TOLERANCE = 1e-6  # a logged score further than this from the model's own is training-serving skew


def read_batches(batches) -> pd.DataFrame:
    """A DataFrame of every batch row from a DataFrame, a dask DataFrame (computed), a path or a glob."""
    if isinstance(batches, pd.DataFrame):
        return batches.reset_index(drop=True)
    if is_dask(batches):
        return batches.compute().reset_index(drop=True)
    if is_glob(batches):
        paths = sorted(globbing.glob(str(batches))) if not Path(batches).is_dir() else sorted(
            str(p) for p in Path(batches).iterdir() if p.suffix in (".csv", ".parquet"))
        if not paths:
            raise InputError(f"No batch files match {str(batches)!r}; check the pattern.")
        return pd.concat([read_table(p, name=Path(p).name)[0] for p in paths], ignore_index=True)
    if isinstance(batches, (str, Path)):
        return read_table(batches, name=Path(batches).name)[0].reset_index(drop=True)
    raise InputError(f"Batches are a DataFrame, a dask DataFrame, a path or a glob; got {type(batches).__name__}.")


def batch_case(reference: Case, frame: pd.DataFrame, scores: str | None,
               skew: bool = True) -> tuple[Case, pd.Series, list[str]]:
    """(a Case of every batch row, labelled by the rows whose outcome has arrived; the labels, NaN where not yet
    known; notes). Scores come from the ``scores`` column when given, else from the reference's model; with
    both, a sample is re-scored for skew (``skew``)."""
    missing = [c for c in reference.X.columns if c not in frame.columns]
    if missing and (scores is None or has_model(reference)):
        raise InputError(f"The batches lack the model's input column(s) {missing[:5]}; add them or name the logged "
                         "scores with scores=.")
    X = frame[[c for c in reference.X.columns if c in frame.columns]].copy()
    labels = _labels(reference, frame)
    notes: list[str] = []
    if scores is not None:
        predicted, proba = _logged(reference, frame, scores)
        if has_model(reference) and skew:
            notes += skew_notes(reference, X, proba if proba is not None else predicted)
    else:
        if not has_model(reference):
            raise InputError("The reference has no model (score-only): name the batches' column of logged scores "
                             "with scores=.")
        X = restore_categories(X, reference.model, notes)
        predicted, proba, _, _ = predict_all(reference.model, X, None, encoder_categories(reference.model))
    case = replace(reference, X=X, y=None, predicted=pd.Series(np.asarray(predicted), index=X.index, name="prediction"),
                   proba=proba, notes=(), fingerprint="", whole=None,
                   source={**reference.source, "data": "batches after go-live"})
    return case, labels, notes


def labelled_part(case: Case, labels: pd.Series, rows=None) -> Case | None:
    """The case restricted to the rows (all, or ``rows``: a boolean mask) whose label is known; None if none is."""
    keep = labels.notna().to_numpy() if rows is None else (labels.notna().to_numpy() & np.asarray(rows))
    if not keep.any():
        return None
    return replace(case, X=case.X[keep], y=labels[keep], predicted=case.predicted[keep],
                   proba=None if case.proba is None else case.proba[keep])


def rows_of(case: Case, mask) -> Case:
    """The case restricted to the rows of ``mask`` (labels as they are)."""
    mask = np.asarray(mask)
    return replace(case, X=case.X[mask], y=None if case.y is None else case.y[mask], predicted=case.predicted[mask],
                   proba=None if case.proba is None else case.proba[mask])


def _labels(reference: Case, frame: pd.DataFrame) -> pd.Series:
    target = reference.target
    if target is None or target not in frame.columns:
        return pd.Series(np.nan, index=frame.index, dtype=object, name=target)
    raw = frame[target]
    if reference.task == "regression":
        return pd.to_numeric(raw, errors="coerce").rename(target)
    by_text = {str(c): c for c in reference.classes}
    known = raw.map(lambda v: by_text.get(str(v), by_text.get(_whole(v))) if pd.notna(v) and str(v) != "" else np.nan)
    unknown = raw.notna() & known.isna() & (raw.astype(str) != "")
    if unknown.any():
        raise InputError(f"The outcome {raw[unknown].iloc[0]!r} in {target!r} is not one of the model's classes "
                         f"{list(reference.classes)}; relabel or blank those rows.")
    return known.astype(object).rename(target)


def _whole(value) -> str:
    """'1' for 1.0: a label read as a float from a column with blanks."""
    try:
        return str(int(float(value))) if float(value) == int(float(value)) else str(value)
    except (TypeError, ValueError):
        return str(value)


def _logged(reference: Case, frame: pd.DataFrame, column: str):
    """(predicted, proba) from a column of logged scores: the positive class's probability (binary) or the
    prediction (regression)."""
    if column not in frame.columns:
        raise InputError(f"The scores column {column!r} is not in the batches; name one of {list(frame.columns)[:12]}.")
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
    if np.isnan(values).any():
        raise InputError(f"The scores column {column!r} has blanks or text; every row needs a logged score.")
    if reference.task == "regression":
        return values, None
    if reference.task != "binary":
        raise InputError("Logged scores are read for binary classifiers (the positive class's probability) and "
                         "regressors; this model has several classes.")
    if values.min() < 0 or values.max() > 1:
        raise InputError(f"The scores in {column!r} must be probabilities between 0 and 1 (of "
                         f"{reference.positive_class!r}); found {values.min():g} to {values.max():g}.")
    classes = list(reference.classes)
    positive = classes.index(reference.positive_class)
    proba = np.empty((len(values), 2))
    proba[:, positive], proba[:, 1 - positive] = values, 1 - values
    predicted = np.asarray(classes, dtype=object)[np.where(values >= 0.5, positive, 1 - positive)]
    return predicted, pd.DataFrame(proba, columns=classes, index=frame.index)


def skew_notes(reference: Case, X: pd.DataFrame, logged) -> list[str]:
    """Re-score a stated sample with the model and compare with the logged scores: training-serving skew."""
    rng = np.random.default_rng(0)
    take = np.sort(rng.choice(len(X), size=min(SKEW_SAMPLE, len(X)), replace=False))
    sample = restore_categories(X.iloc[take], reference.model, [])
    predicted, proba, _codes, _notes = predict_all(reference.model, sample, None, encoder_categories(reference.model))
    if proba is not None:
        own = proba[reference.positive_class].to_numpy(dtype=float)
        served = logged.iloc[take][reference.positive_class].to_numpy(dtype=float)
    else:
        own, served = np.asarray(predicted, dtype=float), np.asarray(logged, dtype=float)[take]
    gap = np.abs(own - served)
    differing = int((gap > SKEW_TOLERANCE).sum())
    if not differing:
        return []
    largest = f"{gap.max():.3g}" if current() == "en" else f"{gap.max():.3g}".replace(".", decimal(0.5)[1])
    return ["skew: " + _("{differing} of {taken} re-scored rows differ from the logged scores (largest gap {gap}): the "
                         "serving system does not compute what this model computes.", differing=count(differing),
                         taken=count(len(take)), gap=largest)]  # "skew: " marks the note; the alert drops it
