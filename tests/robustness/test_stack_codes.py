"""The scan's stacked table builds category columns from codes (issue 27 item 10): the same table as through a
Python object per row, including values outside the categories and blanks."""

from __future__ import annotations

import numpy as np
import pandas as pd

from explainers.robustness import batch


def _plain_stack(X: pd.DataFrame, changes: list[tuple]) -> pd.DataFrame:
    """The stack as it was built before: every column through objects, then back to its dtype."""
    data = {}
    for column in X.columns:
        base = X[column].to_numpy()
        parts = [np.asarray(values, dtype=object) if changed == column else base[positions]
                 for changed, positions, values in changes]
        data[column] = batch._typed(np.concatenate(parts) if parts else base[:0], X[column].dtype)
    return pd.DataFrame(data, columns=X.columns)


def test_category_columns_stack_as_through_objects():
    rng = np.random.default_rng(0)
    n = 60
    colour = np.array(["red", "green", "blue"], dtype=object)[rng.integers(0, 3, n)]
    colour[::7] = None
    X = pd.DataFrame({
        "colour": pd.Series(pd.Categorical(colour, categories=["red", "green", "blue", "unused"])),
        "size": pd.Series(pd.Categorical(rng.integers(1, 4, n))),
        "amount": rng.normal(size=n),
        "count": rng.integers(0, 9, n),
    }).set_index(pd.RangeIndex(100, 100 + n))
    some, others = np.arange(0, n, 2), np.arange(1, n, 3)
    changes = [
        ("colour", some, np.array(["green", "purple", np.nan, None] * (len(some) // 4) + ["blue"] * (len(some) % 4),
                                  dtype=object)),
        ("size", others, np.array([2, 3.0, np.nan, 9] * (len(others) // 4) + [1] * (len(others) % 4), dtype=object)),
        ("amount", some, np.full(len(some), np.nan, dtype=object)),
        ("count", others, np.full(len(others), 4, dtype=object)),
        ("colour", np.array([], dtype=int), np.array([], dtype=object)),
    ]
    stacked = batch.stack(X, changes)
    pd.testing.assert_frame_equal(stacked, _plain_stack(X, changes))
    assert stacked["colour"].isna().sum() > X["colour"].isna().sum()  # 'purple' and blanks became missing
    assert list(stacked.dtypes) == list(X.dtypes)
    pd.testing.assert_frame_equal(batch.stack(X, []), _plain_stack(X, []))
