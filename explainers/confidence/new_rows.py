"""New rows given the case's input columns and the model's categories before the model sees them.

A CSV cannot carry pandas ``category`` dtypes, and LightGBM and XGBoost (``enable_categorical``) refuse
text where they learnt categories. ``load()`` restores them for its own data; bands for new rows
(``Confidence.interval`` / ``predict_set``) read the same record through
:func:`explainers.io.categories.restore_categories`. A value the model never saw is refused with an
InputError instead of being treated as missing, as ``load()`` does with a note: a band is a promise
calibrated on rows like the labelled ones, and a new row with an unknown category is not such a row.
A blank stays missing, which these models handle themselves.
"""

from __future__ import annotations

import pandas as pd

from ..core.case import Case
from ..core.errors import InputError, preview
from ..io.categories import restore_categories


def conform(case: Case, X: pd.DataFrame) -> pd.DataFrame:
    """``X``'s rows with the case's input columns, in its order, with the model's categories restored."""
    if not isinstance(X, pd.DataFrame):
        raise InputError(f"New rows must be a pandas DataFrame with the columns {preview(case.X.columns)}; "
                         f"got {type(X).__name__}.")
    missing = [c for c in case.X.columns if c not in X.columns]
    if missing:
        raise InputError(f"The new rows lack the column(s) {preview(missing)} that the model reads; add them "
                         f"(expected {preview(case.X.columns)}).")
    X = X[list(case.X.columns)]
    restored = restore_categories(X, case.model, [])
    if restored is not X:
        _refuse_unseen(X, restored)
    return restored


def _refuse_unseen(given: pd.DataFrame, restored: pd.DataFrame) -> None:
    """InputError naming each column whose non-blank values the model never saw (they became missing)."""
    named = []
    for column in restored.columns:
        lost = restored[column].isna().to_numpy() & given[column].notna().to_numpy()
        if lost.any():
            values = pd.unique(given[column][lost].astype(str))
            named.append(f"{column!r}: {preview(values, 5)} ({int(lost.sum())} row(s))")
    if named:
        raise InputError(f"The new rows hold categories the model never saw in training, in {'; '.join(named)}. "
                         f"Its bands were calibrated on known categories only: replace these values with one the "
                         f"model knows, or leave them blank to mark them missing.")
