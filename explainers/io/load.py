"""``load``: files or objects -> a validated :class:`Case`, or an InputError saying what to fix."""

from __future__ import annotations

import warnings
from pathlib import Path

from ..core.case import Case
from ..core.errors import InputWarning
from ..scale.frames import is_dask, is_glob
from .assemble import (
    category_values,
    check_labels,
    fingerprint,
    match_columns,
    metadata_notes,
    positive_class,
    sha256_of,
    source_name,
    split_target,
    unseen_category_notes,
)
from .categories import code_text, restore_categories
from .dask_load import load_dask
from .mlflow_models import is_mlflow_uri, open_model
from .mlflow_pyfunc import check_signature
from .models import read_model
from .predict import predict_all
from .schema import encoder_categories, feature_kinds, refuse_outlier_detector
from .scores import load_scores
from .sidecar import read_metadata, sidecar_path
from .tables import read_table


def load(model, data, target=None, metadata=None, *, trusted_types=(), allow_pickle=True, name=None,
         scheduler=None, scores=None, features=None) -> Case:
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
    scores : with ``model=None``, the column of scores a serving system logged: a score-only case
        (explainers/io/scores.py); ``features`` then names its input columns (default: the others but
        dates and identifiers).

    Raises
    ------
    InputError (DataError, ModelError, MetadataError) naming the problem and the fix. Anything
    that loaded but looks wrong is listed in ``Case.notes`` and warned as InputWarning.
    """
    if model is None and scores is not None:
        case = load_scores(data, target, scores, features=features, metadata=metadata, name=name)
        for note in case.notes:
            warnings.warn(note, InputWarning, stacklevel=2)
        return case
    if is_dask(data) or is_glob(data):
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
    X, y = split_target(frame, target, meta.target, notes)
    X = match_columns(X, model_obj, notes)
    X = restore_categories(X, model_obj, notes)  # LightGBM/XGBoost category columns a CSV cannot carry
    notes += check_signature(opened.signature, X) if opened else []  # an MLflow signature names and types columns
    notes += metadata_notes(meta, X)  # before predicting: a sidecar typo fails at once
    categories = encoder_categories(model_obj)
    notes += unseen_category_notes(X, categories)
    predicted, proba, task, classes = predict_all(model_obj, X, y, categories)
    text_X, X = X, code_text(X, model_obj, {c: list(known) for c, (known, _) in categories.items()})  # coded once
    check_labels(y, task, classes)
    positive = positive_class(task, classes, meta.positive_class, notes)
    for note in notes:
        warnings.warn(note, InputWarning, stacklevel=2)
    return Case(
        name=meta.title or model_name or type(model_obj).__name__,
        model=model_obj, X=X, y=y, task=task, classes=classes, positive_class=positive,
        feature_kinds=feature_kinds(X, set(categories)),
        categories=category_values(X, categories),
        metadata=meta, predicted=predicted, proba=proba, notes=tuple(notes),
        source={"model": str(model) if isinstance(model, (str, Path)) else model_name, "data": source_name(data),
                "model_sha256": None if opened else sha256_of(model), "data_sha256": sha256_of(data),
                **(opened.source if opened else {})},  # an MLflow model: its URI, content hash, version and run
        fingerprint=fingerprint(opened.source["model_sha256"].encode() if opened else model, text_X, y),
    )
