"""The slice search's sufficient statistics, as tallies that add up across chunks of rows.

Each column is cut once into fine bins (its categories, or the intervals between its quantile
edges; missing and unknown values in a bin of their own). A candidate condition is a set of fine
bins. Per chunk we count rows, error sums and squared-error sums per fine bin of every column and
per pair of fine bins of every two columns; summed over chunks (one for a DataFrame, one per
partition on Dask) they give every single condition's and every pair's statistics exactly, by
small matrix products, without a rows x candidates matrix.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core.columns import positions
from ..core.words import plain


@dataclass(frozen=True)
class ColumnBins:
    """One column's fine bins: ``items`` (categories) or ``edges`` (numbers), and which bins each candidate holds."""

    column: str
    items: list | None
    edges: np.ndarray | None
    conditions: list  # one tuple of conditions per candidate
    members: np.ndarray  # fine bins x candidates, bool

    @property
    def size(self) -> int:
        return self.members.shape[0]

    def codes(self, series: pd.Series) -> np.ndarray:
        """The fine bin of each value; missing and unknown values get the last bin (in no candidate)."""
        if self.items is not None:
            found = positions(series, self.items)
            return np.where(found < 0, len(self.items), found).astype(np.int64)
        values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bins = np.searchsorted(self.edges, values, side="right")
        return np.where(np.isnan(values), len(self.edges) + 1, bins).astype(np.int64)


def column_bins(series: pd.Series, column, kind: str | None, bins: int) -> ColumnBins:
    """Fine bins and candidates of a column, in the order :func:`conditions.candidates` lists them."""
    if kind == "categorical" or series.nunique() <= 2 * bins:
        items = sorted(series.dropna().unique().tolist(), key=str)
        members = np.vstack([np.eye(len(items), dtype=bool), np.zeros((1, len(items)), bool)])
        return ColumnBins(column, items, None, [((column, "==", plain(i)),) for i in items], members)
    values = series.to_numpy(dtype=float, na_value=np.nan)
    edges = np.array([float(e) for e in np.unique(np.nanquantile(values, np.linspace(0, 1, bins + 1)[1:-1]))])
    fine = np.arange(len(edges) + 2)  # bin j: j edges <= value; the last bin holds missing values
    conditions, columns = [], []
    for i, edge in enumerate(edges):
        conditions += [((column, "<", float(edge)),), ((column, ">=", float(edge)),)]
        columns += [fine <= i, (fine >= i + 1) & (fine <= len(edges))]
    for i, (low, high) in enumerate(itertools.pairwise(edges)):
        conditions.append(((column, ">=", float(low)), (column, "<", float(high))))
        columns.append(fine == i + 1)
    members = np.column_stack(columns) if columns else np.zeros((len(fine), 0), bool)
    return ColumnBins(column, None, edges, conditions, members)


@dataclass
class Tallies:
    """Rows, error sums and squared-error sums per fine bin (``single``) and per pair of bins (``pair``)."""

    n: int = 0
    total: float = 0.0
    total_sq: float = 0.0
    single: dict = field(default_factory=dict)  # column position -> (3, bins) array
    pair: dict = field(default_factory=dict)  # (a, b) positions -> (3, bins_a, bins_b) array

    def __add__(self, other: Tallies) -> Tallies:
        return Tallies(self.n + other.n, self.total + other.total, self.total_sq + other.total_sq,
                       {k: v + other.single[k] for k, v in self.single.items()},
                       {k: v + other.pair[k] for k, v in self.pair.items()})


def codes_of(grid: list[ColumnBins], X: pd.DataFrame) -> list[np.ndarray]:
    """Each column's fine bin per row."""
    return [bins.codes(X[bins.column]) for bins in grid]


def cut_columns(X: pd.DataFrame, kinds: dict, bins: int) -> tuple[list[ColumnBins], list[np.ndarray]]:
    """Each column's fine bins (:func:`column_bins`) and each row's bin in them (:func:`codes_of`)."""
    grid = [column_bins(X[c], c, kinds.get(c), bins) for c in X.columns]
    return grid, codes_of(grid, X)


def tally(grid: list[ColumnBins], codes: list[np.ndarray], e: np.ndarray, pairs: bool = True) -> Tallies:
    """The tallies of one chunk of rows (its ``codes_of``) with per-row errors ``e``."""
    e = np.asarray(e, dtype=float)
    if bool(np.all((e == 0) | (e == 1))):
        return _zero_one_tally(grid, codes, e, pairs)

    def counts(index, size):
        rows, sums = np.bincount(index, None, size), np.bincount(index, e, size)
        return np.stack([rows, sums, np.bincount(index, e * e, size)])

    single = {a: counts(codes[a], grid[a].size) for a in range(len(grid))}
    pair = {}
    if pairs:
        for a, b in itertools.combinations(range(len(grid)), 2):
            joint = codes[a] * grid[b].size + codes[b]
            pair[a, b] = counts(joint, grid[a].size * grid[b].size).reshape(3, grid[a].size, grid[b].size)
    return Tallies(len(e), float(e.sum()), float((e * e).sum()), single, pair)


def _zero_one_tally(grid: list[ColumnBins], codes: list[np.ndarray], e: np.ndarray, pairs: bool) -> Tallies:
    """:func:`tally` of 0/1 errors in one count per bin and pass: each row's bin written with its error
    (``2 * bin + error``), so a bin's rows and error sum come from one bincount, not two (sums of 0/1 are
    counts, so every number is the same; a million rows and 78 column pairs made 182 passes)."""
    wrong = e.astype(np.int64)

    def counts(index, size):
        both = np.bincount(index, None, 2 * size).reshape(size, 2).astype(float)
        rows, sums = both.sum(axis=1), both[:, 1]
        return np.stack([rows, sums, sums])

    marked = [c * 2 + wrong for c in codes]  # each row's bin and error in one number
    single = {a: counts(marked[a], grid[a].size) for a in range(len(grid))}
    pair = {}
    if pairs and len(grid) > 1:
        widest = max(bins.size for bins in grid)  # one stride for every second column: one product per first
        for a in range(len(grid) - 1):
            first = codes[a] * (2 * widest)
            for b in range(a + 1, len(grid)):
                found = counts(first + marked[b], grid[a].size * widest).reshape(3, grid[a].size, widest)
                pair[a, b] = np.ascontiguousarray(found[:, :, :grid[b].size])
    return Tallies(len(e), float(e.sum()), float((e * e).sum()), single, pair)


def candidate_stats(grid: list[ColumnBins], tallies: Tallies) -> tuple[np.ndarray, np.ndarray]:
    """``(singles, pairs)``: (3, K) and (3, K, K) rows / sums / squares of every candidate and candidate pair."""
    starts = np.cumsum([0] + [bins.members.shape[1] for bins in grid])
    K = int(starts[-1])
    singles, pairs = np.zeros((3, K)), np.zeros((3, K, K))
    for a, bins in enumerate(grid):
        singles[:, starts[a]:starts[a + 1]] = tallies.single[a] @ bins.members
    for (a, b), cells in tallies.pair.items():
        A, B = grid[a].members.astype(float), grid[b].members.astype(float)
        block = np.einsum("ia,sij,jb->sab", A, cells, B)
        pairs[:, starts[a]:starts[a + 1], starts[b]:starts[b + 1]] = block
        pairs[:, starts[b]:starts[b + 1], starts[a]:starts[a + 1]] = block.transpose(0, 2, 1)
    return singles, pairs


def slice_mask(grid: list[ColumnBins], codes: list[np.ndarray], members, owner, local) -> np.ndarray:
    """True for the rows in every candidate of ``members`` (candidate i: bins of column ``owner[i]``, column ``local[i]``)."""
    keep = np.ones(len(codes[0]), dtype=bool)
    for i in members:
        keep &= grid[owner[i]].members[codes[owner[i]], local[i]]
    return keep
