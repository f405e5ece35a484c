"""Group rows by a column: categories as they are, numbers in quantile bins (for per-group views)."""

from __future__ import annotations

import pandas as pd


def group_labels(values: pd.Series, bins: int = 4, reference: pd.Series | None = None) -> pd.Series:
    """A label per row: the category, or the quantile bin (from ``reference``, default the values)."""
    source = values if reference is None else reference  # decide and bin by the reference, so a batch of
    if not pd.api.types.is_numeric_dtype(source) or source.nunique() <= bins * 2:  # one row gets its group
        return values.astype(str)
    edges = sorted(set(source.quantile([i / bins for i in range(bins + 1)]).tolist()))
    edges[0], edges[-1] = float("-inf"), float("inf")
    return pd.cut(values, edges, duplicates="drop").astype(str)
