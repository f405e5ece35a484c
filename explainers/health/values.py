"""How the health checks compare values: numbers as floats, rows and columns by content hashes."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from ..core.words import plain


def is_number(series: pd.Series) -> bool:
    """Numeric and not boolean (booleans are compared as categories)."""
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def column_key(series: pd.Series, hashed: np.ndarray | None = None) -> str:
    """A content hash that is equal for equal values (numbers compared as floats); ``hashed``: the column's
    :func:`value_hashes` when already made (a text column's key is made from them)."""
    if is_number(series):
        raw = series.to_numpy(dtype=float, na_value=np.nan).tobytes()
    else:
        raw = (value_hashes(series) if hashed is None else hashed).tobytes()
    return hashlib.sha1(raw).hexdigest()


def fingerprint(series: pd.Series, hashed: np.ndarray) -> tuple:
    """A cheap stand-in for :func:`column_key` (a wrapping sum of the same bytes): equal keys give equal
    fingerprints, so only columns sharing a fingerprint need their key."""
    raw = series.to_numpy(dtype=float, na_value=np.nan).view(np.uint64) if is_number(series) else hashed
    return is_number(series), int(raw.sum(dtype=np.uint64))


def _as_text(series: pd.Series) -> pd.Series:
    """Text columns as they are (pandas hashes Arrow strings like the same Python strings, ten times
    faster than an object copy); other non-numbers as objects, so equal values hash alike."""
    return series if isinstance(series.dtype, pd.StringDtype) else series.astype(object)


def value_hashes(series: pd.Series) -> np.ndarray:
    """A 64-bit hash per value (missing: the largest uint64), equal for equal values whatever the dtype.

    A category column (text is coded as categories at load) hashes its categories once and takes them by
    code: hashing is value by value, so this gives the hashes of its values as objects without making a
    million of them."""
    if is_number(series):
        return pd.util.hash_array(series.to_numpy(dtype=float, na_value=np.nan))
    if isinstance(series.dtype, pd.CategoricalDtype):
        categories = pd.util.hash_array(np.asarray(series.cat.categories, dtype=object), categorize=False)
        codes = series.cat.codes.to_numpy()
        hashed = categories.take(codes) if len(categories) else np.zeros(len(codes), dtype=np.uint64)
        hashed[codes < 0] = np.iinfo(np.uint64).max
        return hashed
    return pd.util.hash_pandas_object(_as_text(series), index=False).to_numpy()


def column_hashes(frame: pd.DataFrame) -> dict:
    """:func:`value_hashes` of every column, by name (the row hashes and the duplicate checks share them)."""
    return {column: value_hashes(frame[column]) for column in frame.columns}


def row_hashes(frame: pd.DataFrame, hashed: dict | None = None) -> np.ndarray:
    """A 64-bit hash per row, equal for rows with equal values whatever the column dtypes (pandas' own way of
    combining column hashes: the same as ``hash_pandas_object`` of the frame of floats and texts)."""
    arrays = list((column_hashes(frame) if hashed is None else hashed).values())
    out = np.full(len(frame), 0x345678, dtype=np.uint64)
    mult = np.uint64(1000003)
    for i, hashes in enumerate(arrays):
        out ^= hashes
        out *= mult
        mult += np.uint64(82520 + 2 * (len(arrays) - i))
    return out + np.uint64(97531)


def same_values(a: pd.Series, b: pd.Series) -> bool:
    """Equal in every row, missing matching missing (values compared only where both are present: pandas' NA
    has no truth value)."""
    missing_a, missing_b = a.isna().to_numpy(), b.isna().to_numpy()
    if not np.array_equal(missing_a, missing_b):
        return False
    present = ~missing_a
    return bool(np.all(a.to_numpy(dtype=object)[present] == b.to_numpy(dtype=object)[present]))


def as_values(items) -> tuple:
    """Cell values as plain Python values (missing as None), for a finding's ``values``."""
    return tuple(None if _missing(v) else plain(v) for v in items)


def _missing(item) -> bool:
    try:
        return bool(pd.isna(item))
    except (TypeError, ValueError):
        return False
