"""``load`` for a dask DataFrame or a Parquet glob: score every partition on the workers, keep a sample.

The Dask plumbing (partitions, cluster, whole-data sums) lives in scale/; this is io's side: the same
model, sidecar and checks as a single table, with the model called by io's own ``predict_all``.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from ..core.case import Case
from ..core.errors import DataError, InputWarning
from ..scale import partitions
from ..scale.cluster import client_for
from ..scale.frames import is_glob, read_parquet_files
from ..scale.whole import Whole
from . import assemble as single
from .models import read_model
from .predict import predict_all
from .schema import encoder_categories, feature_kinds
from .sidecar import read_metadata, sidecar_path

SAMPLE_ROWS = 50_000  # rows kept as case.X for row-level work (SHAP, counterfactuals, conformal, pages)


def load_dask(model, data, target=None, metadata=None, *, trusted_types=(), allow_pickle=True, name=None,
              scheduler=None, sample_rows: int = SAMPLE_ROWS, random_state: int = 0) -> Case:
    """A Case whose ``whole`` holds every row scored on the Dask workers and whose ``X`` is a stratified sample."""
    frame = read_parquet_files(data) if is_glob(data) else data
    client = client_for(scheduler)
    model_name = name or (Path(model).name if isinstance(model, (str, Path)) else None)
    model_obj, notes = read_model(model, name=model_name, trusted_types=trusted_types, allow_pickle=allow_pickle)
    meta = read_metadata(sidecar_path(model) if isinstance(model, (str, Path)) else None, metadata)
    X_meta, y_meta = single.split_target(frame._meta.copy(), target, meta.target, notes)
    X_meta = single.match_columns(X_meta, model_obj, notes)
    notes += single.metadata_notes(meta, X_meta)
    whole, total = _score(client, frame, model_obj, list(X_meta.columns), y_meta, encoder_categories(model_obj))
    sampled = _sample(whole, total, sample_rows, random_state)
    X, y = sampled[list(X_meta.columns)], (sampled["__label__"].rename(y_meta.name) if y_meta is not None else None)
    task, classes = _task(total)
    single.check_labels(y, task, classes)
    categories = encoder_categories(model_obj)
    notes += single.unseen_category_notes(X, categories)
    notes.append(whole.note())
    for note in notes:
        warnings.warn(note, InputWarning, stacklevel=2)
    proba = None if "__proba_0__" not in sampled else pd.DataFrame(
        {c: sampled[f"__proba_{i}__"].to_numpy() for i, c in enumerate(classes)}, index=sampled.index)
    return Case(name=meta.title or model_name or type(model_obj).__name__, model=model_obj, X=X, y=y, task=task,
                classes=classes, positive_class=single.positive_class(task, classes, meta.positive_class, notes),
                feature_kinds=feature_kinds(X, set(categories)), categories=single.category_values(X, categories),
                metadata=meta, predicted=sampled["__predicted__"].rename("prediction"), proba=proba, notes=tuple(notes),
                source={"model": str(model) if isinstance(model, (str, Path)) else model_name, "data": str(data),
                        "model_sha256": single.sha256_of(model), "data_sha256": None, "rows": whole.n_rows},
                fingerprint=single.fingerprint(model, X, y), whole=whole)


def _score(client, frame, model, columns, y_meta, categories) -> tuple[Whole, dict]:
    """Score every partition on the workers (the model sent once), and add up their summaries."""
    from dask import delayed

    expected = {str(c): str(t) for c, t in frame.dtypes.items()}
    target = None if y_meta is None else y_meta.name
    shared = client.scatter(model, broadcast=True, hash=False)
    scored = [delayed(partitions.score)(part, shared, columns, target, expected, i, categories, predict_all)
              for i, part in enumerate(frame.to_delayed())]
    parts = client.compute(scored)
    whole = Whole(client=client, parts=parts, n_rows=0, sample_rows=0, random_state=0)
    total = whole.reduce(partitions.summary)
    if target is not None:
        partitions.no_missing_labels(total, target)
    if total["rows"] == 0:
        raise DataError("The dask DataFrame has no rows. Choose data with at least one row.")
    whole.n_rows = total["rows"]
    return whole, total


def _sample(whole: Whole, total: dict, rows: int, random_state: int) -> pd.DataFrame:
    share = min(1.0, rows / whole.n_rows)
    parts = whole.gather(partitions.sample, share, random_state)
    sampled = pd.concat([p for p in parts if len(p)], ignore_index=True)
    whole.sample_rows, whole.random_state = len(sampled), random_state
    return sampled


def _task(total: dict) -> tuple[str, tuple | None]:
    if len(total["classes"]) > 1:
        raise DataError(f"Partitions disagree on the model's classes ({total['classes']}); the model should "
                        "know its classes (classes_) when the data is split.")
    classes = next(iter(total["classes"]), None)
    task = "regression" if classes is None else ("binary" if len(classes) == 2 else "multiclass")
    return task, classes
