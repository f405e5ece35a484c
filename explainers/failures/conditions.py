"""Conditions on the user's columns as values, ``(column, operator, value)``: made, applied and written as a query.

A slice is a list of such conditions, all of which hold. Rows are selected from the values
(:func:`select`), never by parsing a query string, so any column name works, backticks included.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from ..core.words import plain

OPERATORS = ("==", "<", ">=")


def candidates(X: pd.DataFrame, kinds: dict, min_support: int, bins: int = 5) -> tuple[list[tuple], np.ndarray]:
    """Candidate conditions (each a tuple of one condition, or two for a range) and their rows x candidates
    0/1 matrix (float32); a candidate holds for at least ``min_support`` rows and misses as many."""
    found, masks = [], []
    for column in X.columns:
        for candidate, mask in _column_candidates(X[column], column, kinds.get(column), bins):
            if min_support <= mask.sum() <= len(X) - min_support:
                found.append(candidate)
                masks.append(mask)
    matrix = np.column_stack(masks).astype(np.float32) if masks else np.zeros((len(X), 0), np.float32)
    return found, matrix


def _column_candidates(series: pd.Series, column, kind: str | None, bins: int):
    """Each category (few values) or each quantile range (numbers), with its row mask."""
    if kind == "categorical" or series.nunique() <= 2 * bins:
        for item in sorted(series.dropna().unique().tolist(), key=str):
            yield ((column, "==", plain(item)),), (series == item).to_numpy()
        return
    values = series.to_numpy(dtype=float)
    edges = [float(edge) for edge in np.unique(np.nanquantile(values, np.linspace(0, 1, bins + 1)[1:-1]))]
    for edge in edges:
        yield ((column, "<", edge),), values < edge
        yield ((column, ">=", edge),), values >= edge
    for low, high in itertools.pairwise(edges):
        yield ((column, ">=", low), (column, "<", high)), (values >= low) & (values < high)


def select(X: pd.DataFrame, conditions) -> pd.Series:
    """True for the rows of ``X`` where every condition holds (missing values never match)."""
    keep = np.ones(len(X), dtype=bool)
    for column, op, item in conditions:
        if op == "==":
            keep &= (X[column] == item).to_numpy(dtype=bool)
        elif op in ("<", ">="):
            values = pd.to_numeric(X[column], errors="coerce").to_numpy(dtype=float)
            keep &= values < item if op == "<" else values >= item
        else:
            raise ValueError(f"Unknown operator {op!r}; expected one of {OPERATORS}.")
    return pd.Series(keep, index=X.index)


def query(conditions) -> str:
    """The conditions as a pandas query string (for reading; :func:`select` is what selects rows)."""
    return " and ".join(f"(`{column}` {op} {plain(item)!r})" for column, op, item in conditions)
