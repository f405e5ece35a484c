"""``load``: files or objects -> a validated :class:`Case`, or an InputError saying what to fix."""

from __future__ import annotations

import difflib
import hashlib
import uuid
import warnings
from pathlib import Path

import joblib
import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.errors import DataError, InputWarning, MetadataError, preview
from ..scale.frames import is_dask, is_glob
from .categories import restore_categories
from .mlflow_models import is_mlflow_uri, open_model
from .mlflow_pyfunc import check_signature
from .models import read_model
from .predict import predict_all
from .schema import encoder_categories, expected_columns, feature_kinds, refuse_outlier_detector
from .sidecar import read_metadata, sidecar_path
from .tables import read_table


def load(model, data, target=None, metadata=None, *, trusted_types=(), allow_pickle=True, name=None,
         scheduler=None) -> Case:
    """Load a model and a data table into a validated :class:`Case`.

    Parameters
    ----------
    model : path (.joblib, .pkl, .skops), bytes of such a file (give ``name``), a fitted model, or an
        MLflow URI (``models:/NAME/VERSION``, ``models:/NAME@ALIAS``, ``runs:/RUN_ID/PATH``).
    data : path (.csv, .parquet), bytes, file object, DataFrame, dask DataFrame, or a Parquet glob
        (``scores/*.parquet``) read as a dask DataFrame. Dask data is scored on the cluster's workers;
        ``case.X`` is then a stratified sample and whole-data results add up per-partition aggregates.
    target : label column in ``data``; defaults to the sidecar's ``target``. Given explicitly, it
        must exist; from the sidecar, a missing column means the data is unlabelled.
    metadata : dict or JSON path overriding the sidecar ``<model>.json`` key by key.
    trusted_types : types a ``.skops`` file may contain beyond skops' defaults.
    allow_pickle : False refuses joblib/pickle files (they run code when loaded).
    scheduler : for dask data: None (the current client, else a local cluster), "local", or "tcp://host:8786".

    Raises
    ------
    InputError (DataError, ModelError, MetadataError) naming the problem and the fix. Anything
    that loaded but looks wrong is listed in ``Case.notes`` and warned as InputWarning.
    """
    if is_dask(data) or is_glob(data):
        from ..scale.load import load_dask

        return load_dask(model, data, target, metadata, trusted_types=trusted_types, allow_pickle=allow_pickle,
                         name=name, scheduler=scheduler)
    opened = open_model(model, allow_pickle=allow_pickle) if is_mlflow_uri(model) else None
    model_name = name or (model if opened else Path(model).name if isinstance(model, (str, Path)) else None)
    model_obj, notes = read_model(opened.model if opened else model, name=model_name, trusted_types=trusted_types,
                                  allow_pickle=allow_pickle)
    notes = [*opened.notes, *notes] if opened else notes
    refuse_outlier_detector(model_obj)  # an outlier detector is not a regressor of whatever target is named
    sidecar = sidecar_path(model) if isinstance(model, (str, Path)) and not opened else None
    meta = read_metadata(sidecar, metadata)
    frame, data_notes = read_table(data, name=Path(data).name if isinstance(data, (str, Path)) else None)
    notes += data_notes
    X, y = _split_target(frame, target, meta.target, notes)
    X = _match_columns(X, model_obj, notes)
    X = restore_categories(X, model_obj, notes)  # LightGBM/XGBoost category columns a CSV cannot carry
    notes += check_signature(opened.signature, X) if opened else []  # an MLflow signature names and types columns
    notes += _metadata_notes(meta, X)  # before predicting: a sidecar typo fails at once
    categories = encoder_categories(model_obj)
    notes += _unseen_category_notes(X, categories)
    predicted, proba, task, classes = predict_all(model_obj, X, y, categories)
    _check_labels(y, task, classes)
    positive = _positive_class(task, classes, meta.positive_class, notes)
    for note in notes:
        warnings.warn(note, InputWarning, stacklevel=2)
    return Case(
        name=meta.title or model_name or type(model_obj).__name__,
        model=model_obj, X=X, y=y, task=task, classes=classes, positive_class=positive,
        feature_kinds=feature_kinds(X, set(categories)),
        categories=_categories(X, categories),
        metadata=meta, predicted=predicted, proba=proba, notes=tuple(notes),
        source={"model": str(model) if isinstance(model, (str, Path)) else model_name, "data": _source_name(data),
                "model_sha256": None if opened else _sha256_of(model), "data_sha256": _sha256_of(data),
                **(opened.source if opened else {})},  # an MLflow model: its URI, content hash, version and run
        fingerprint=_fingerprint(opened.source["model_sha256"].encode() if opened else model, X, y),
    )


def _split_target(frame, target, sidecar_target, notes):
    if target is not None and target not in frame.columns:
        close = difflib.get_close_matches(str(target), frame.columns, n=3)
        hint = f" Did you mean {preview(close)}?" if close else f" The columns are: {preview(frame.columns, 12)}."
        raise DataError(f"Target column {target!r} is not in the data.{hint}")
    target = target if target is not None else sidecar_target
    if target is None or target not in frame.columns:
        if target is not None:
            notes.append(f"The data has no {target!r} column, so it is unlabelled: performance and calibration need labels.")
        return frame, None
    y = frame.pop(target)
    if y.isna().any():
        rows = [int(i) for i in np.flatnonzero(y.isna().to_numpy())[:5]]
        raise DataError(f"Target {target!r} is missing in {int(y.isna().sum())} rows (positions {preview(rows)}). Fill or drop those rows.")
    return frame, y


def _match_columns(frame, model, notes):
    expected = expected_columns(model, list(frame.columns))
    if expected is None:
        notes.append("The model does not record its input columns; all data columns are passed to it in file order.")
        return frame
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        raise DataError(
            f"The data lacks {len(missing)} column(s) the model needs: {preview(missing)}. "
            "Add them, or choose the data the model was trained for."
        )
    extra = [c for c in frame.columns if c not in expected]
    if extra:
        notes.append(f"Columns the model does not use were set aside: {preview(extra)}. If one holds the labels, name it as the target.")
    return frame[expected]


def _unseen_category_notes(X, categories):
    notes = []
    for column, (seen, _) in categories.items():
        if column not in X.columns:
            continue
        values = X[column].dropna()
        unseen_mask = ~values.isin(list(seen))
        if unseen_mask.any():
            unseen = values[unseen_mask].unique().tolist()
            notes.append(
                f"Column {column!r} has values never seen in training: {preview(unseen)} ({int(unseen_mask.sum())} rows). "
                "The model treats them as unknown; its predictions for those rows deserve less trust."
            )
    return notes


def _check_labels(y, task, classes):
    if y is None:
        return
    if task == "regression":
        if not pd.api.types.is_numeric_dtype(y):
            raise DataError(f"Target {y.name!r} holds text ({preview(y.unique()[:3])}) but the model is a regressor. Choose the numeric target column.")
        return
    found = y.unique().tolist()
    if len(found) < 2:
        raise DataError(
            f"Target {y.name!r} has only one value ({found[0]!r}) in {len(y)} rows; judging a classifier needs "
            "rows of at least two classes. Use a labelled sample that contains both outcomes."
        )
    unknown = [v for v in found if v not in set(classes)]
    if unknown:
        raise DataError(
            f"Target {y.name!r} has values the model never predicts: {preview(unknown)}; the model's classes are "
            f"{preview(classes)}. Check the target column, or recode its values to the model's classes."
        )


def _positive_class(task, classes, wanted, notes):
    if task == "regression":
        return None
    if wanted is not None:
        match = [c for c in classes if c == wanted or str(c) == str(wanted)]
        if not match:
            raise MetadataError(f"positive_class {wanted!r} is not one of the model's classes {preview(classes)}. Fix the sidecar.")
        return match[0]
    if task == "binary":
        return classes[1]
    return None


def _metadata_notes(meta, X):
    """Columns named by the sidecar's constraints must exist (a typo would silently drop a constraint)."""
    for key, columns in {"immutable": meta.immutable, "sensitive": meta.sensitive,
                         "private": meta.private}.items():
        unknown = [c for c in columns if c not in X.columns]
        if unknown:
            hints = [f"{c!r} (did you mean {close[0]!r}?)" if (close := difflib.get_close_matches(c, X.columns, 1))
                     else repr(c) for c in unknown]
            raise MetadataError(f'The sidecar\'s "{key}" names columns the model does not use: {", ".join(hints)}. '
                                "Fix the sidecar (the <model>.json file or the metadata argument).")
    notes = []
    unknown = [c for c in meta.descriptions if c not in X.columns]
    if unknown:
        notes.append(f"Metadata 'descriptions' names columns the model does not use: {preview(unknown)}.")
    if meta.extra:
        notes.append(f"Metadata keys not understood and ignored: {preview(meta.extra)}.")
    return notes


def _categories(X, encoders):
    """Categories per categorical column: the encoder's training categories, else those observed."""
    found = {}
    for column in X.columns:
        if column in encoders:
            found[column] = [v for v in encoders[column][0].tolist() if not (isinstance(v, float) and np.isnan(v))]
        elif not pd.api.types.is_numeric_dtype(X[column]):
            found[column] = sorted(X[column].dropna().unique().tolist(), key=str)
    return found


def _source_name(data):
    if isinstance(data, (str, Path)):
        return str(data)
    return "a DataFrame" if isinstance(data, pd.DataFrame) else str(getattr(data, "name", "uploaded data"))


def _sha256_of(source) -> str | None:
    """SHA-256 of the bytes a model or table was read from: a path the caller gave, or bytes received.

    An upload's name is never opened: only the bytes that arrived are hashed. Objects in memory
    (a fitted model, a DataFrame) have no file and give None.
    """
    if isinstance(source, (str, Path)):
        return hashlib.sha256(Path(source).read_bytes()).hexdigest()
    if isinstance(source, (bytes, bytearray, memoryview)):
        return hashlib.sha256(bytes(source)).hexdigest()
    if hasattr(source, "getvalue"):
        return hashlib.sha256(source.getvalue()).hexdigest()
    return None


def _fingerprint(model, X, y) -> str:
    """Content hash of the model (file bytes, or joblib.hash of an object) and the data."""
    if isinstance(model, (str, Path)):
        digest = hashlib.sha256(Path(model).read_bytes())
    elif isinstance(model, (bytes, bytearray)):
        digest = hashlib.sha256(model)
    else:
        try:
            digest = hashlib.sha256(joblib.hash(model).encode())
        except Exception:  # an unpicklable object: unique per load, so caches never mix it up
            digest = hashlib.sha256(uuid.uuid4().bytes)
    digest.update(pd.util.hash_pandas_object(X, index=True).to_numpy().tobytes())
    if y is not None:
        digest.update(pd.util.hash_pandas_object(y, index=True).to_numpy().tobytes())
    return digest.hexdigest()[:16]
