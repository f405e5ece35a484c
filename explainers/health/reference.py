"""The reference table (e.g. the training file): read it in the data's terms, and the checks that
compare the data with it row by row or category by category (drift is in drift.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import DataError, preview
from ..io.tables import read_table
from .findings import Finding, by_share
from .values import as_values, is_number, row_hashes


def read_reference(X: pd.DataFrame, kinds: dict, reference) -> tuple[pd.DataFrame | None, list[str]]:
    """The reference's model columns, numeric where the data is numeric; DataError if columns lack."""
    if reference is None:
        return None, []
    frame, notes = read_table(reference, name="The reference data")
    missing = [c for c in X.columns if c not in frame.columns]
    if missing:
        raise DataError(
            f"The reference data lacks {len(missing)} of the model's input column(s): {preview(missing)}. "
            "Choose the table the model was trained on, or one with the same columns."
        )
    frame = frame[list(X.columns)].copy()
    for column in X.columns:
        frame[column] = _align(X[column], frame[column], kinds.get(column))
    return frame, notes


def _align(data: pd.Series, ref: pd.Series, kind: str | None) -> pd.Series:
    """The reference column in a type comparable with the data's (numbers as numbers, else text)."""
    if is_number(data) == is_number(ref):
        return ref
    if not is_number(data):
        return ref.astype("string")
    converted = pd.to_numeric(ref, errors="coerce")
    bad = ref[converted.isna() & ref.notna()]
    if len(bad) == 0:
        return converted
    if kind == "categorical":
        return ref  # categories that differ in kind are simply different categories
    raise DataError(
        f"Column {data.name!r} holds numbers in the data but text in the reference "
        f"(e.g. {preview(bad.unique(), 3)}). Fix the reference so both hold the same kind of values."
    )


def reference_checks(X: pd.DataFrame, ref: pd.DataFrame, kinds: dict, hashes: np.ndarray) -> list[Finding]:
    """Categories on one side only, and rows of the data found in the reference."""
    return _category_mismatch(X, ref, kinds) + _rows_in_reference(hashes, row_hashes(ref))


def _category_mismatch(X: pd.DataFrame, ref: pd.DataFrame, kinds: dict) -> list[Finding]:
    """Categorical columns: categories found in the data but not the reference, and the reverse."""
    findings = []
    for column in X.columns:
        if kinds.get(column) != "categorical":
            continue
        data_counts, ref_counts = X[column].value_counts(), ref[column].value_counts()
        only_data = data_counts[~data_counts.index.isin(ref_counts.index)]
        only_ref = ref_counts[~ref_counts.index.isin(data_counts.index)]
        if only_data.empty and only_ref.empty:
            continue
        data_share, ref_share = only_data.sum() / len(X), only_ref.sum() / len(ref)
        details = {"data_rows": len(X), "reference_rows": int(only_ref.sum()), "reference_share": float(ref_share)}
        severity = by_share(max(data_share, ref_share), medium=0.01, high=0.05)
        findings.append(Finding("category mismatch", column, severity, int(only_data.sum()), float(data_share),
                                values=as_values(only_data.index), reference_values=as_values(only_ref.index),
                                details=details))
    return findings


def _rows_in_reference(hashes: np.ndarray, ref_hashes: np.ndarray) -> list[Finding]:
    """Rows of the data that also appear, identical in every input column, in the reference."""
    count, rows = int(np.isin(hashes, ref_hashes).sum()), len(hashes)
    if count == 0:
        return []
    share = count / rows
    return [Finding("rows also in reference", "", by_share(share, medium=0.05, high=0.2), count, share,
                    details={"data_rows": rows})]
