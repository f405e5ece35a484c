"""Data health's cheap paths (issue 27 item 10) give what the plain ones gave.

Category columns are hashed through their categories (not a million objects), the row hashes combine the
column hashes the way pandas does, only columns sharing a cheap fingerprint get their full key, and the
recoding check skips a column whose first rows already hold too many values. Each is compared here with the
plain computation it replaced, on small frames with every kind of column (categories with missing values,
unused and numeric categories, Arrow text, objects, booleans, numbers with NaN).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from explainers.health import checks
from explainers.health.values import column_hashes, column_key, is_number, row_hashes, same_values


def _plain_row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """The row hashes as made before: numbers as floats, everything else as objects (Arrow text as it is)."""
    flat = pd.DataFrame({c: frame[c].to_numpy(dtype=float, na_value=np.nan) if is_number(frame[c])
                         else frame[c] if isinstance(frame[c].dtype, pd.StringDtype) else frame[c].astype(object)
                         for c in frame.columns})
    return pd.util.hash_pandas_object(flat, index=False).to_numpy()


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 400
    words = np.array(["red", "green", "blue", "http://x.example"], dtype=object)
    text = words[rng.integers(0, 4, n)]
    text[::17] = None
    coded = pd.Series(pd.Categorical(text, categories=[*words, "never used"]))
    numbers = rng.normal(size=n)
    numbers[::13] = np.nan
    return pd.DataFrame({
        "coded": coded,
        "as_text": pd.Series(text, dtype="string"),
        "as_objects": pd.Series(text, dtype=object),
        "int_categories": pd.Series(pd.Categorical(rng.integers(0, 3, n))),
        "flag": rng.integers(0, 2, n).astype(bool),
        "number": numbers,
        "whole": rng.integers(0, 5, n),
        "coded_copy": coded.copy(),
        "constant": pd.Series(pd.Categorical(["same"] * n)),
        "number_copy": numbers.copy(),
        "recoded": pd.Series(pd.Categorical(text)).cat.rename_categories(lambda c: f"x{c}"),
    })


def test_row_hashes_equal_the_plain_ones(frame):
    assert np.array_equal(row_hashes(frame), _plain_row_hashes(frame))


def test_a_category_column_hashes_like_its_values_as_text(frame):
    hashed = column_hashes(frame)
    assert np.array_equal(hashed["coded"], hashed["as_text"])
    assert np.array_equal(hashed["coded"], hashed["as_objects"])
    assert np.all(hashed["coded"][frame["coded"].isna().to_numpy()] == np.iinfo(np.uint64).max)


def test_keys_are_unchanged(frame):
    for column in frame.columns:
        series = frame[column]
        raw = (series.to_numpy(dtype=float, na_value=np.nan) if is_number(series)
               else pd.util.hash_pandas_object(series if isinstance(series.dtype, pd.StringDtype)
                                               else series.astype(object), index=False).to_numpy())
        assert column_key(series) == hashlib.sha1(raw.tobytes()).hexdigest(), column


def _plain_duplicates(X: pd.DataFrame) -> list[tuple]:
    """Identical columns and one-to-one recodings found the plain way: every pair compared."""
    found, identical = [], set()
    for i, a in enumerate(X.columns):
        for b in X.columns[i + 1:]:
            if b not in identical and column_key(X[a]) == column_key(X[b]) and same_values(X[a], X[b]):
                found.append((b, a, "identical"))
                identical.add(b)
    rest = [c for c in X.columns if c not in identical]
    limit = min(checks.RECODING_MAX_VALUES, len(X) // 10)
    codes = {c: pd.factorize(X[c], use_na_sentinel=False) for c in rest}
    codes = {c: (k.astype(np.int64), len(u)) for c, (k, u) in codes.items() if 2 <= len(u) <= limit}
    names = list(codes)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            (ka, na), (kb, nb) = codes[a], codes[b]
            if na == nb and len(np.unique(ka * nb + kb)) == na:
                found.append((b, a, "recoding"))
    return found


def test_duplicate_and_constant_columns_as_the_plain_checks(frame, monkeypatch):
    monkeypatch.setattr(checks, "FIRST_ROWS", 50)  # the first-rows shortcut taken on this small frame
    hashed = column_hashes(frame)
    found = [(f.column, f.details["same_as"], f.details["how"]) for f in checks._duplicate_columns(frame, hashed)]
    assert sorted(found) == sorted(_plain_duplicates(frame))
    assert ("coded_copy", "coded", "identical") in found and ("number_copy", "number", "identical") in found
    assert ("recoded", "coded", "recoding") in found
    for column in frame.columns:  # the distinct values counted as pandas counts them, missing as one value
        code, distinct = checks._coded(frame[column])
        plain_code, uniques = pd.factorize(frame[column], use_na_sentinel=False)
        assert distinct == len(uniques) and len(np.unique(code * len(uniques) + plain_code)) == distinct, column
    constant = [f.column for f in checks._constant_columns(frame, hashed)]
    assert constant == [c for c, k in frame.nunique(dropna=False).items() if k <= 1] == ["constant"]


def test_a_column_with_many_values_late_is_still_checked(monkeypatch):
    """The first-rows shortcut only skips columns that already have too many values there: a column whose
    first rows hold few values is coded in full."""
    monkeypatch.setattr(checks, "FIRST_ROWS", 10)
    n = 1000
    a = np.repeat(np.arange(20), n // 20)
    X = pd.DataFrame({"a": a, "b": a * 3 + 1, "late": np.r_[np.zeros(900), np.arange(100)]})
    found = [(f.column, f.details["same_as"]) for f in checks._recodings(X)]
    assert found == [("b", "a")]
