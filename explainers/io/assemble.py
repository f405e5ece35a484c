"""The steps that turn a table and a fitted model into the parts of a Case: the target split off, the
model's columns matched, labels and classes checked, the positive class, the sidecar's columns
checked, categories, content hashes. Shared by the in-memory and the Dask loaders."""

from __future__ import annotations

import difflib
import hashlib
import uuid
from pathlib import Path

import joblib
import numpy as np
import pandas as pd

from ..core.columns import is_unseen
from ..core.errors import DataError, MetadataError, preview
from ..core.language import _, count
from .schema import expected_columns

QUOTED_CHARS = 60  # a data value quoted in a message is cut to this many characters


class Clipped:
    """A long text value as a message quotes it: its first characters and its length, not a 1 MB cell."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return f"{self.text[:QUOTED_CHARS] + '…'!r} ({len(self.text):,} characters)"


def clipped(values) -> list:
    """``values`` for a message: texts longer than ``QUOTED_CHARS`` shortened (see :class:`Clipped`)."""
    return [Clipped(v) if isinstance(v, str) and len(v) > QUOTED_CHARS else v for v in values]


def split_target(frame, target, sidecar_target, notes):
    if target is not None and target not in frame.columns:
        close = difflib.get_close_matches(str(target), frame.columns, n=3)
        hint = f" Did you mean {preview(close)}?" if close else f" The columns are: {preview(frame.columns, 12)}."
        raise DataError(f"Target column {target!r} is not in the data.{hint}")
    target = target if target is not None else sidecar_target
    if target is None or target not in frame.columns:
        if target is not None:
            notes.append(_("The data has no {target} column, so it is unlabelled: performance and calibration need "
                           "labels.", target=repr(target)))
        return frame, None
    y = frame.pop(target)
    if y.isna().any():
        rows = [int(i) for i in np.flatnonzero(y.isna().to_numpy())[:5]]
        raise DataError(f"Target {target!r} is missing in {int(y.isna().sum())} rows (positions {preview(rows)}). Fill or drop those rows.")
    return frame, y


def match_columns(frame, model, notes):
    expected = expected_columns(model, list(frame.columns))
    if expected is None:
        notes.append(_("The model does not record its input columns; all data columns are passed to it in file "
                       "order."))
        return frame
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        raise DataError(
            f"The data lacks {len(missing)} column(s) the model needs: {preview(missing)}. "
            "Add them, or choose the data the model was trained for."
        )
    extra = [c for c in frame.columns if c not in expected]
    if extra:
        notes.append(_("Columns the model does not use were set aside: {columns}. If one holds the labels, name it as "
                       "the target.", columns=preview(extra)))
    return frame[expected]


def unseen_category_notes(X, categories):
    """A note per encoded column with values the model never saw in training: which, and on how many rows."""
    notes = []
    for column, (seen, _codes) in categories.items():
        if column not in X.columns:
            continue
        values = X[column]
        unseen_mask = is_unseen(values, seen)
        if unseen_mask.any():
            unseen = values[unseen_mask].unique().tolist()
            # Translators: a note from loading the data; {rows} is a count of rows.
            notes.append(_("Column {column} has values never seen in training: {values} ({rows} rows). The model "
                           "treats them as unknown; its predictions for those rows deserve less trust.",
                           column=repr(column), values=preview(clipped(unseen)), rows=count(int(unseen_mask.sum()))))
    return notes


def check_labels(y, task, classes):
    if y is None:
        return
    if task == "regression":
        if not pd.api.types.is_numeric_dtype(y):
            raise DataError(f"Target {y.name!r} holds text ({preview(clipped(y.unique()[:3]))}) but the model is a "
                            "regressor. Choose the numeric target column.")
        return
    found = y.unique().tolist()
    if len(found) < 2:
        raise DataError(
            f"Target {y.name!r} has only one value ({preview(clipped(found[:1]))}) in {len(y)} rows; judging a "
            "classifier needs rows of at least two classes. Use a labelled sample that contains both outcomes."
        )
    unknown = [v for v in found if v not in set(classes)]
    if unknown:
        raise DataError(
            f"Target {y.name!r} has values the model never predicts: {preview(clipped(unknown))}; the model's classes are "
            f"{preview(classes)}. Check the target column, or recode its values to the model's classes."
        )


def positive_class(task, classes, wanted, notes):
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


def metadata_notes(meta, X):
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
        notes.append(_("Metadata 'descriptions' names columns the model does not use: {columns}.",
                       columns=preview(unknown)))
    if meta.extra:
        notes.append(_("Metadata keys not understood and ignored: {keys}.", keys=preview(meta.extra)))
    return notes


def category_values(X, encoders):
    """Categories per categorical column: the encoder's training categories, else those observed."""
    found = {}
    for column in X.columns:
        if column in encoders:
            found[column] = [v for v in encoders[column][0].tolist() if not (isinstance(v, float) and np.isnan(v))]
        elif not pd.api.types.is_numeric_dtype(X[column]):
            found[column] = sorted(X[column].dropna().unique().tolist(), key=str)
    return found


def source_name(data):
    if isinstance(data, (str, Path)):
        return str(data)
    return "a DataFrame" if isinstance(data, pd.DataFrame) else str(getattr(data, "name", "uploaded data"))


def sha256_of(source) -> str | None:
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


def fingerprint(model, X, y) -> str:
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
