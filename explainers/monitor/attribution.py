"""Explanation drift: each column's share of mean |SHAP| per period on a stated sample, its distance from the
reference's shares (total variation: half the sum of absolute share changes) and the ranking of the columns.

An alert needs the distance beyond both of what the reference's explained rows show: the largest distance of a
reference chunk (cut in its order, like the periods) from the rest, i.e. the change normal times bring (a season,
a weekday), and sampling noise: the distance between a random SHAP_ROWS of them and the rest over many random
splits, at the 1 - alpha / periods quantile (Bonferroni over periods: with no change, the chance of any
attribution alert in the run is about alpha; a split's two parts are both smaller than a period's sample against
the whole reference, so that part errs high). The largest of a few chunks alone is no family-wise bar: with four
chunks it is about the 80th percentile of the distances unchanged periods show.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.language import _, count, decimal
from ..why.attributions import attributions
from .batches import rows_of
from .drift import ALPHA

SHAP_ROWS = 200  # rows explained per period (and per reference chunk)
TOP = 5
MAX_SPLITS = 20_000  # random splits of the reference's explained rows for the threshold


def split_threshold(values: np.ndarray, size: int, periods: int, rng) -> float:
    """The 1 - ALPHA / periods quantile of the share distance between ``size`` random rows of ``values``
    (|SHAP|, rows x columns) and the other rows, over random splits."""
    n = len(values)
    size = max(1, min(size, n // 2))
    draws = int(min(max(1_000, 20 * periods / ALPHA), MAX_SPLITS))
    out = []
    for start in range(0, draws, 2_000):
        order = np.argsort(rng.random((min(2_000, draws - start), n)), axis=1)
        first = np.zeros(order.shape)
        np.put_along_axis(first, order[:, :size], 1.0, axis=1)
        a, b = first @ values / size, (1 - first) @ values / (n - size)
        a = a / np.maximum(a.sum(axis=1, keepdims=True), 1e-300)
        b = b / np.maximum(b.sum(axis=1, keepdims=True), 1e-300)
        out.append(0.5 * np.abs(a - b).sum(axis=1))
    return float(np.quantile(np.concatenate(out), 1 - ALPHA / max(periods, 1)))


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
                      random_state: int = 0) -> tuple[pd.DataFrame, dict]:
    """(one row per period: period, start, distance, threshold, alert, rank_change, top_columns and one share
    column per input; the numbers of how it was computed, for ``how_words``). No sentence is written here: the
    run is kept for every language (monitoring._measured), the words are written when shown."""
    rng = np.random.default_rng(random_state)
    picks = np.concatenate([_sample(chunks == k, rng) for k in np.unique(chunks)])
    ref_values = attributions(reference, rows=reference.X.index[picks], random_state=random_state).values
    base = shares(ref_values)
    ref_chunks = chunks[picks]
    normal = max(distance(shares(ref_values[ref_chunks == k]), shares(ref_values[ref_chunks != k]))
                 for k in np.unique(ref_chunks))
    threshold = max(normal, split_threshold(ref_values.abs().to_numpy(dtype=float), SHAP_ROWS, len(cut_table), rng))
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
    facts = {"seed": random_state, "reference": len(picks), "threshold": float(threshold), "normal": float(normal)}
    return pd.DataFrame(rows), facts


def how_words(facts: dict) -> str:
    """How explanation drift was computed, in the reader's language, from ``explanation_drift``'s facts."""
    return _("Explanation drift: mean |SHAP| shares on {shap_rows} rows per period (seed {seed}) against {reference} "
             "reference rows; distance = half the sum of absolute share changes; alert above {threshold}, the larger of "
             "the largest distance of a reference chunk from the rest ({normal}) and the 1 - {alpha} / periods quantile "
             "of the distance between {shap_rows} random reference rows and the rest (Bonferroni over periods); rank "
             "change: the largest move of the reference's top {top} columns.", shap_rows=SHAP_ROWS, seed=facts["seed"],
             reference=count(facts["reference"]), threshold=decimal(facts["threshold"], 3),
             normal=decimal(facts["normal"], 3), alpha=_g(ALPHA), top=TOP)


def _g(x: float) -> str:
    """A setting as Python's g format writes it (0.05 / 0,05)."""
    return f"{x:g}".replace(".", decimal(0.5)[1])
