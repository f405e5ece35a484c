"""Explanation drift: each column's share of mean |SHAP| per period on a stated sample, its distance from the
reference's shares (total variation: half the sum of absolute share changes) and the ranking of the columns.

The threshold is the largest distance a reference chunk's sample shows against the rest of the reference's
sample (a max-statistic over the reference's chunks, samples of the same size as a period's).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..why.attributions import attributions
from .batches import rows_of

SHAP_ROWS = 200  # rows explained per period (and per reference chunk)
TOP = 5


def shares(values: pd.DataFrame) -> pd.Series:
    mean = values.abs().mean()
    total = float(mean.sum())
    return mean / total if total > 0 else mean


def distance(a: pd.Series, b: pd.Series) -> float:
    return float(0.5 * (a - b.reindex(a.index)).abs().sum())


def _sample(mask: np.ndarray, rng) -> np.ndarray:
    where = np.flatnonzero(mask)
    return np.sort(rng.choice(where, size=min(SHAP_ROWS, len(where)), replace=False)) if len(where) else where


def explanation_drift(reference, chunks: np.ndarray, case, labels: pd.Series, cut_table: pd.DataFrame,
                      random_state: int = 0) -> tuple[pd.DataFrame, str]:
    """(one row per period: period, start, distance, threshold, alert, rank_change, top_columns and one share
    column per input; how it was computed)."""
    rng = np.random.default_rng(random_state)
    picks = np.concatenate([_sample(chunks == k, rng) for k in np.unique(chunks)])
    ref_values = attributions(reference, rows=reference.X.index[picks], random_state=random_state).values
    ref_chunks = chunks[picks]
    base = shares(ref_values)
    threshold = max(distance(shares(ref_values[ref_chunks == k]), shares(ref_values[ref_chunks != k]))
                    for k in np.unique(ref_chunks))
    order = list(base.sort_values(ascending=False).index)
    rows = []
    for period, start in zip(cut_table["period"], cut_table["start"], strict=True):
        mask = (labels == period).to_numpy()
        part = rows_of(case, mask)
        take = _sample(np.ones(int(mask.sum()), dtype=bool), rng)
        found = shares(attributions(part, rows=part.X.index[take], random_state=random_state).values)
        ranked = list(found.sort_values(ascending=False).index)
        moved = max(abs(ranked.index(c) - order.index(c)) for c in order[:TOP])
        value = distance(found, base)
        rows.append({"period": period, "start": start, "distance": value, "threshold": float(threshold),
                     "alert": bool(value > threshold), "rank_change": int(moved),
                     "top_columns": ", ".join(map(str, ranked[:3])), **{f"share_{c}": float(found[c]) for c in order}})
    how = (f"Explanation drift: mean |SHAP| shares on {SHAP_ROWS} rows per period (seed {random_state}) against "
           f"{len(picks):,} reference rows; distance = half the sum of absolute share changes; alert above the "
           f"largest distance of a reference chunk from the rest ({threshold:.3f}); rank change: the largest move of "
           f"the reference's top {TOP} columns.")
    return pd.DataFrame(rows), how
