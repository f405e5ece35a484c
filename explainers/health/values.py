"""How the health checks compare values: numbers as floats, rows and columns by content hashes."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from ..core.words import plain


def is_number(series: pd.Series) -> bool:
    """Numeric and not boolean (booleans are compared as categories)."""
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def column_key(series: pd.Series) -> str:
    """A content hash that is equal for equal values (numbers compared as floats)."""
    if is_number(series):
        raw = series.to_numpy(dtype=float, na_value=np.nan).tobytes()
    else:
        raw = pd.util.hash_pandas_object(_as_text(series), index=False).to_numpy().tobytes()
    return hashlib.sha1(raw).hexdigest()


def _as_text(series: pd.Series) -> pd.Series:
    """Text columns as they are (pandas hashes Arrow strings like the same Python strings, ten times
    faster than an object copy); other non-numbers as objects, so equal values hash alike."""
    return series if isinstance(series.dtype, pd.StringDtype) else series.astype(object)


def row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """A 64-bit hash per row, equal for rows with equal values whatever the column dtypes."""
    flat = pd.DataFrame({c: frame[c].to_numpy(dtype=float, na_value=np.nan) if is_number(frame[c])
                         else _as_text(frame[c]) for c in frame.columns})
    return pd.util.hash_pandas_object(flat, index=False).to_numpy()


def same_values(a: pd.Series, b: pd.Series) -> bool:
    """Equal in every row, missing matching missing."""
    both_missing = a.isna().to_numpy() & b.isna().to_numpy()
    equal = (a.to_numpy(dtype=object) == b.to_numpy(dtype=object))
    return bool(np.all(equal | both_missing))


def as_values(items) -> tuple:
    """Cell values as plain Python values (missing as None), for a finding's ``values``."""
    return tuple(None if _missing(v) else plain(v) for v in items)


def _missing(item) -> bool:
    try:
        return bool(pd.isna(item))
    except (TypeError, ValueError):
        return False
