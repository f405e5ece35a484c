"""Real rows that already have the wanted decision: the neighbours a counterfactual borrows values
from and is compared with for plausibility. Built from the case's stored predictions (no model
calls), encoded once as numbers and cached per case and goal, so later queries reuse it.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.columns import positions
from ..core.measures.of_case import class_codes
from ..core.memo import per_case
from .sample import shape_rows

POOL_LIMIT = 3000  # rows kept (a seeded sample beyond this) so distances stay fast on big tables
QUANTILES = 40  # per numeric column, offered as candidate values beside an even grid
SPACING_ROWS = 400  # pool rows whose nearest-neighbour distances make the scale of plausibility
CHUNK = 100  # rows compared at once (bounds the memory of the distance arrays)
POOLS_KEPT = 8  # goals per case whose pool stays cached


def mad_scale(series: pd.Series) -> float:
    """Median absolute deviation (the standard deviation, or 1, when the MAD is zero): one unit of change."""
    values = series.dropna().to_numpy(dtype=float)
    mad = float(np.median(np.abs(values - np.median(values)))) if len(values) else 0.0
    if mad > 0:
        return mad
    spread = float(np.std(values)) if len(values) else 0.0  # np.std([]) is NaN, and NaN or 1.0 stays NaN
    return spread if spread > 0 else 1.0


class Columns:
    """What the data shows about each column, computed once per case: MAD scale, observed range and
    quantiles of numbers, categories; and rows encoded as one float matrix (numbers divided by
    their MAD, categories as codes, -1 unseen). Scales and quantiles come from the shape rows
    (:func:`~explainers.flips.sample.shape_rows`: every row up to its size, else a stated sample);
    observed ranges and categories from every row.

    The L1 distance between two encoded rows, counting a category mismatch as 1, is the
    MAD-scaled distance used everywhere in counterfactuals.
    """

    def __init__(self, case: Case):
        self.columns = list(case.X.columns)
        self.numeric = np.array([case.feature_kinds[c] != "categorical" for c in self.columns])
        numbers = [c for c, n in zip(self.columns, self.numeric, strict=True) if n]
        rows = shape_rows(case)
        self.scale = {c: mad_scale(rows[c]) for c in numbers}
        self.observed = {c: (case.X[c].min(), case.X[c].max()) for c in numbers}
        self.quantiles = {c: rows[c].quantile(np.linspace(0, 1, QUANTILES)).to_numpy() for c in numbers}
        self.categories = {c: pd.Index(case.categories.get(c) or pd.unique(case.X[c].dropna()))
                           for c, n in zip(self.columns, self.numeric, strict=True) if not n}
        self.codes = {c: {v: i for i, v in enumerate(index)} for c, index in self.categories.items()}
        self.argmax_is_predict = case.proba is not None and _argmax_is_predict(case)

    def encode(self, frame: pd.DataFrame) -> np.ndarray:
        out = np.empty((len(frame), len(self.columns)))
        for j, column in enumerate(self.columns):
            if column in self.scale:
                out[:, j] = frame[column].to_numpy(dtype=float, na_value=np.nan) / self.scale[column]
            else:
                codes = self.codes[column]
                out[:, j] = [codes.get(v, -1) for v in frame[column].to_numpy()]
        return out

    def distances(self, a: np.ndarray, b: np.ndarray, columns=None) -> np.ndarray:
        """len(a) x len(b) MAD-scaled L1 distances, over ``columns`` (a boolean mask) or all."""
        keep = np.ones(len(self.columns), bool) if columns is None else columns
        numeric, categorical = keep & self.numeric, keep & ~self.numeric
        gaps = np.abs(a[:, None, numeric] - b[None, :, numeric])
        total = np.where(np.isnan(gaps), 1.0, gaps).sum(axis=2)  # a missing number differs by 1, like a category
        return total + (a[:, None, categorical] != b[None, :, categorical]).sum(axis=2)


def _argmax_is_predict(case: Case) -> bool:
    """Whether every stored prediction is the class of largest probability. Compared as positions among the
    probability columns (one factorize of a million Arrow strings, not a million Python objects); a prediction
    that is no column (or missing) never equals one, as before. With labels and the columns in the classes' order,
    those positions are the case's prediction codes, which every tally already made (of_case.class_codes)."""
    columns = list(case.proba.columns)
    if case.labelled and case.whole is None and columns == list(case.classes or ()):
        where = class_codes(case)[1]  # == positions(case.predicted, columns): the same lookup, made once per case
    else:
        where = positions(case.predicted, columns)
    return bool((where == case.proba.to_numpy().argmax(axis=1)).all())


class Pool:
    """Real rows with the wanted decision, encoded, and their own nearest-neighbour distances (sorted)."""

    def __init__(self, case: Case, wanted: np.ndarray, random_state: int):
        self.facts = columns(case)
        where = np.flatnonzero(np.asarray(wanted, dtype=bool))  # positions first: no copy of every wanted row
        rng = np.random.default_rng(random_state)
        if len(where) > POOL_LIMIT:
            where = where[np.sort(rng.choice(len(where), POOL_LIMIT, replace=False))]
        self.rows = rows = case.X.iloc[where]
        self.matrix = self.facts.encode(rows)
        probes = np.sort(rng.choice(len(rows), min(SPACING_ROWS, len(rows)), replace=False)) if len(rows) > 1 else []
        self.spread = np.sort(np.concatenate([np.zeros(0), *[self._nearest_other(probes[i:i + CHUNK])
                                                            for i in range(0, len(probes), CHUNK)]]))

    def _nearest_other(self, probes: np.ndarray) -> np.ndarray:
        """Each probe row's distance to its nearest other pool row."""
        near = self.facts.distances(self.matrix[probes], self.matrix)
        near[np.arange(len(probes)), probes] = np.inf  # not itself
        return near.min(axis=1)

    def nearest(self, x: pd.DataFrame, mask: np.ndarray, k: int) -> pd.DataFrame:
        """The ``k`` pool rows closest to ``x`` over the columns in the boolean ``mask`` (stable order on ties)."""
        if self.rows.empty:
            return self.rows
        d = self.facts.distances(self.facts.encode(x), self.matrix, mask)[0]
        return self.rows.iloc[np.argsort(d, kind="stable")[:k]]

    def plausibility(self, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Each row's distance to the nearest real row with the wanted decision, and the percentile (0-100)
        of that distance among those real rows' own nearest-neighbour distances (NaN: nothing to compare)."""
        if self.rows.empty or not len(self.spread):
            return np.full(len(frame), np.nan), np.full(len(frame), np.nan)
        nearest = self.facts.distances(self.facts.encode(frame), self.matrix).min(axis=1)
        return nearest, 100.0 * np.searchsorted(self.spread, nearest, side="left") / len(self.spread)


def columns(case: Case) -> Columns:
    return per_case(case, "columns", lambda: Columns(case))


def pool(case: Case, goal, wanted, random_state: int, threshold: float | None = None) -> Pool:
    """The cached :class:`Pool` for one goal of one case at one decision threshold (None: the model's own
    decisions); ``wanted()`` gives its row mask when not cached. Only the POOLS_KEPT most recent goals are
    kept (regression goals differ from query to query)."""
    pools = per_case(case, "pools", OrderedDict)
    key = (goal, random_state, threshold)
    if key in pools:
        pools.move_to_end(key)
    else:
        pools[key] = Pool(case, wanted(), random_state)
        while len(pools) > POOLS_KEPT:
            pools.popitem(last=False)
    return pools[key]

