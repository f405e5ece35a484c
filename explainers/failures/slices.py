"""``failures``: the data slices where the model is significantly worse than elsewhere.

Candidates are single conditions (a category; a numeric range from quantile bins) and pairs
of conditions on different columns. Counts and error sums for every candidate come from two
matrix products over a rows x conditions indicator matrix, so all pairs cost about as much as
a few passes over the data. Each candidate is tested against the rest of the rows (one-sided
Fisher's exact test for a 0/1 error, Welch's t-test otherwise), the false discovery rate is
controlled with Benjamini-Hochberg, a pair must be worse than both of its halves, near-duplicate
slices are merged, and slices are ranked by the error they explain: (error - error elsewhere) x size.
Above ``SEARCH_ROWS`` rows the search runs on a seeded random sample of that many rows; the slices it
keeps are then measured on every row (size, error, interval, error elsewhere, p-value), so the numbers
shown are exact for the slices shown, and the method and a note say which part was sampled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..core.case import Case
from ..core.columns import class_positions
from ..core.errors import InputError
from ..core.language import _, count
from ..core.memo import per_case
from ..core.result import PRIVATE, Result
from ..core.stats import benjamini_hochberg, wilson_interval
from . import words
from .conditions import query, select
from .sample import sample_positions, sampled_case
from .tallies import candidate_stats, codes_of, cut_columns, slice_mask, tally

OVERLAP_TO_MERGE = 0.8  # Jaccard similarity above which two slices count as one
MERGE_ROWS = 250_000  # near-copies are judged on at most this many rows (a fixed random sample above it)
SEARCH_ROWS = 200_000  # above this many rows, slices are searched on a random sample of this many (seed SEED)
SEED = 0
COLUMNS = ["slice", "query", "conditions", "size", "error", "ci_low", "ci_high", "error_elsewhere", "p_value",
           "q_value", "explained"]


@dataclass(frozen=True)
class Failures(Result):
    """The failing slices, most error explained first.

    ``slices``: slice (display text), query (pandas query, for reading), conditions (a list of
    ``(column, operator, value)``), size, error, ci_low, ci_high, error_elsewhere, p_value, q_value,
    explained. ``rows(i)`` / ``mask(i)`` select slice ``i``'s rows from its conditions.
    """

    slices: pd.DataFrame
    error_name: str
    alpha: float
    max_conditions: int
    min_support: int
    total_rows: int
    data: pd.DataFrame | None = field(default=None, metadata=PRIVATE, repr=False, compare=False)

    def mask(self, i: int, X: pd.DataFrame | None = None) -> pd.Series:
        """True for the rows of slice ``i`` (in ``X``, by default the data the slices were found in)."""
        return select(self.data if X is None else X, self.slices["conditions"].iloc[i])

    def rows(self, i: int, X: pd.DataFrame | None = None) -> pd.DataFrame:
        """The rows of slice ``i`` (in ``X``, by default the data the slices were found in)."""
        X = self.data if X is None else X
        return X[self.mask(i, X)]


def row_errors(case: Case, error: str = "auto") -> tuple[np.ndarray, bool, str]:
    """``(error per row, is 0/1, name)``: misclassification, log loss or absolute error."""
    if not case.labelled:
        raise InputError("Finding where the model fails needs labelled rows: open data with the target column.")
    if case.task == "regression":
        return _errors(case.y, case.predicted, True), False, "absolute error"
    if error == "log_loss" and case.proba is not None:
        truth = class_positions(case.y, case.classes)
        p = case.proba.to_numpy()[np.arange(len(truth)), truth]
        return -np.log(np.clip(p, 1e-15, 1)), False, "log loss"
    return _errors(case.y, case.predicted, False), True, "error rate"


def _errors(y: pd.Series, predicted: pd.Series, regression: bool) -> np.ndarray:
    """Each row's absolute error (regression) or 0/1 mistake."""
    if regression:
        return np.abs(y.to_numpy(dtype=float) - predicted.to_numpy(dtype=float))
    return (predicted != y).to_numpy(dtype=float)


def partition_tallies(part: dict, grid: list, regression: bool):
    """The slice search's tallies of one Dask partition's rows (runs on the worker; 0/1 or absolute errors)."""
    return tally(grid, codes_of(grid, part["X"]), _errors(part["y"], part["predicted"], regression))


def failures(case: Case, *, max_conditions: int = 2, min_support: int | None = None, alpha: float = 0.05,
             error: str = "auto", bins: int = 5, limit: int = 20, max_share: float = 0.5) -> Failures:
    """Slices significantly worse than the rest, most error explained first (see module docstring).

    ``max_conditions``: 1, 2 (default) or 3; triples extend the 30 pairs with most excess error.

    ``min_support``: fewest rows in a slice (default max(20, 1% of rows)); ``max_share``: largest
    slice as a share of rows (a slice of most of the data says more about the easy rest).
    ``alpha``: false discovery rate; ``alpha=1`` lists the strongest candidates, significant or not.

    Returns :class:`Failures`; ``result.rows(i)`` are the rows of slice ``i``.
    """
    e, binary, name = row_errors(case, error if case.whole is None else "auto")  # Dask: 0/1 or absolute error
    n = case.n_rows
    min_support = min_support or max(20, n // 100)
    sampled = case.whole is None and len(case.X) > SEARCH_ROWS
    if case.whole is not None:
        max_conditions = min(max_conditions, 2)  # triples need a second pass over the partitions: not on Dask yet
        search = GridSearch.whole(case, e, min_support, bins)
    elif sampled:  # the search on a sample; the slices it keeps are measured on every row below
        searched = sampled_case(case, SEARCH_ROWS, SEED)
        support = max(1, math.ceil(min_support * SEARCH_ROWS / n))  # the same share of the sample's rows
        search = GridSearch.of_case(searched, row_errors(searched, error)[0], support, bins, max_conditions)
    else:
        search = GridSearch.of_case(case, e, min_support, bins, max_conditions)
    table = search.table(binary, max_conditions)
    found = search.found
    table = select_slices(table, SEARCH_ROWS if sampled else n, alpha, max_share, limit, search.overlap_packed)
    if sampled:
        table = measured(table, found, case.X, e, binary, min_support, max_share)
    method = _method(name, n, max_conditions) + (" " + _sample_words(n) if sampled else "")
    return Failures(slices=_finish(table, found, binary), error_name=name, alpha=alpha, max_conditions=max_conditions,
                    min_support=min_support, total_rows=n, data=case.X, method=method,
                    notes=_notes(case, alpha), approximate=sampled)


def measured(table: pd.DataFrame, found: list, X: pd.DataFrame, e: np.ndarray, binary: bool, min_support: int,
             max_share: float) -> pd.DataFrame:
    """The slices a search on a sample kept, measured on every row of ``X`` (errors ``e``): each slice's rows
    selected from its conditions as :meth:`Failures.rows` selects them, its size and error sums counted, and
    tested against the rest again; the q-value stays the search's. A slice no longer large enough, small
    enough or worse than the rest on every row is dropped; most error explained first."""
    if table.empty:
        return table
    chosen, sizes, sums, squares = {}, [], [], []
    wrong = e.astype(bool) if binary else None  # 0/1 errors: a slice's sums are counts of its wrong rows
    for members in table["members"]:
        inside = np.ones(len(X), dtype=bool)
        for condition in (c for i in members for c in found[i]):
            if condition not in chosen:
                chosen[condition] = select(X, [condition]).to_numpy()
            inside &= chosen[condition]
        sizes.append(float(np.count_nonzero(inside)))
        if binary:
            sums.append(float(np.count_nonzero(inside & wrong)))
            squares.append(sums[-1])
        else:
            part = e[inside]
            sums.append(float(part.sum()))
            squares.append(float((part * part).sum()))
    n = len(e)
    table = test_counts(table.assign(size=sizes, sum=sums, sq=squares), n, float(e.sum()), float((e * e).sum()), binary)
    table = table[(table["size"] >= min_support) & (table["size"] <= max_share * n)
                  & (table["size"] <= n - min_support) & (table["error"] > table["error_elsewhere"])]
    table = table.assign(explained=(table["error"] - table["error_elsewhere"]) * table["size"])
    return table.sort_values("explained", ascending=False, kind="stable")


def _notes(case: Case, alpha: float) -> tuple:
    notes = (_("Exploratory: the strongest candidates, listed whether significant or not."),) if alpha >= 1 else ()
    if case.whole is not None:
        # Translators: a slice is a group of rows described by one or two conditions, e.g. "age under 25".
        notes += (_("Slice statistics count all {rows} rows on the Dask cluster; quantile bins and the merging of "
                    "near-copies come from the stratified sample of {sample} rows.", rows=count(case.n_rows),
                    sample=count(len(case.X))),)
    elif len(case.X) > SEARCH_ROWS:
        notes += (_sample_words(len(case.X)),)
    elif len(case.X) > MERGE_ROWS:
        notes += (_("Near-copies were judged on a random sample of {sample} rows (how much of one slice lies inside "
                    "another); each slice's statistics count all {rows} rows.", sample=count(MERGE_ROWS),
                    rows=count(len(case.X))),)
    return notes


def _case_grid(case: Case, bins: int) -> tuple[list, list]:
    """``case.X``'s fine bins and each row's codes, cut once per case content."""
    return per_case(case, ("slice_grid", bins), lambda: cut_columns(case.X, case.feature_kinds, bins))


class GridSearch:
    """The slice search on fine bins of each column (failures/tallies.py): statistics from tallies, rows from codes."""

    def __init__(self, grid, codes, tallies, min_support: int, e: np.ndarray):
        self.grid, self.codes, self.min_support, self.e = grid, codes, min_support, e
        owner = np.concatenate([np.full(b.members.shape[1], a) for a, b in enumerate(grid)] or [np.zeros(0, int)])
        local = np.concatenate([np.arange(b.members.shape[1]) for b in grid] or [np.zeros(0, int)])
        singles, self.pairs = candidate_stats(grid, tallies)
        every = [c for b in grid for c in b.conditions]
        keep = np.flatnonzero((singles[0] >= min_support) & (singles[0] <= tallies.n - min_support))
        self.found = [every[k] for k in keep]
        self.owner, self.local, self.keep = owner[keep], local[keep], keep
        self.singles, self.tallies = singles[:, keep], tallies
        self.pairs = self.pairs[:, keep][:, :, keep]

    @classmethod
    def build(cls, X: pd.DataFrame, kinds: dict, e: np.ndarray, min_support: int, bins: int, max_conditions: int = 2):
        """The search over the rows of ``X`` with per-row errors ``e``."""
        grid, codes = cut_columns(X, kinds, bins)
        return cls(grid, codes, tally(grid, codes, e, pairs=max_conditions >= 2), min_support, e)

    @classmethod
    def of_case(cls, case: Case, e: np.ndarray, min_support: int, bins: int, max_conditions: int = 2):
        """:meth:`build` on ``case.X``, its bins and codes cut once per case (failures and confidence slices share them)."""
        grid, codes = _case_grid(case, bins)
        return cls(grid, codes, tally(grid, codes, e, pairs=max_conditions >= 2), min_support, e)

    @classmethod
    def whole(cls, case: Case, e: np.ndarray, min_support: int, bins: int):
        """A dask case: bins and near-copy masks from the sample ``case.X``, statistics from every partition."""
        grid, codes = _case_grid(case, bins)
        return cls(grid, codes, case.whole.reduce(partition_tallies, grid, case.task == "regression"), min_support, e)

    def mask(self, members) -> np.ndarray:
        """True for the rows of the candidate conjunction ``members``."""
        return slice_mask(self.grid, self.codes, members, self.owner, self.local)

    def overlap_mask(self, members) -> np.ndarray:
        """:meth:`mask` on at most ``MERGE_ROWS`` rows (seed 0), for judging near-copies: shares of one
        slice inside another are estimated within a fraction of a percent there, at a quarter of the cost
        of a million-row mask per candidate. Each slice's statistics still count every row."""
        if len(self.codes[0]) <= MERGE_ROWS:
            return self.mask(members)
        if not hasattr(self, "_sample_codes"):
            rows = sample_positions(len(self.codes[0]), MERGE_ROWS, 0)
            self._sample_codes = [c[rows] for c in self.codes]
        return slice_mask(self.grid, self._sample_codes, members, self.owner, self.local)

    def overlap_packed(self, members) -> np.ndarray:
        """:meth:`overlap_mask` as 64-bit words (:func:`merge_near_copies` reads either): each condition's words
        made once, a conjunction's the AND of its conditions' (the same bits as packing its mask)."""
        if not hasattr(self, "_packed_conditions"):
            self._packed_conditions = {}
        words = None
        for i in members:
            if i not in self._packed_conditions:
                self._packed_conditions[i] = _packed(self.overlap_mask((i,)))
            words = self._packed_conditions[i] if words is None else words & self._packed_conditions[i]
        return words

    def table(self, binary: bool, max_conditions: int) -> pd.DataFrame:
        """Every candidate with enough rows, tested against the rest."""
        t, n = self.tallies, self.tallies.n
        columns = np.array([self.grid[a].column for a in self.owner], dtype=object)
        rows = candidate_rows(self.singles, self.pairs if max_conditions >= 2 else None, columns, self.min_support)
        if max_conditions >= 3:
            rows = pd.concat([rows, pd.DataFrame(self.triples(rows, columns),
                                                 columns=["members", "size", "sum", "sq"])], ignore_index=True)
        rows = rows[(rows["size"] >= self.min_support) & (rows["size"] <= n - self.min_support)].copy()
        return test_counts(rows, n, t.total, t.total_sq, binary)

    def triples(self, rows: pd.DataFrame, columns: np.ndarray) -> list[dict]:
        """The seed pairs extended by one condition on a third column."""
        e, found, seen = self.e, [], set()
        for a, b in seeds(rows, self.tallies.total / self.tallies.n):
            inside = self.mask((a, b))
            stats = np.concatenate([np.stack([np.bincount(self.codes[g][inside], w, bins.size) for w in (None, e[inside],
                                    e[inside] ** 2)]) @ bins.members for g, bins in enumerate(self.grid)], axis=1)
            stats = stats[:, self.keep]
            for c in np.flatnonzero((stats[0] >= self.min_support) & (columns != columns[a]) & (columns != columns[b])):
                key = tuple(sorted((a, b, int(c))))
                if key not in seen:
                    seen.add(key)
                    found.append({"members": key, "size": stats[0, c], "sum": stats[1, c], "sq": stats[2, c]})
        return found


def _sample_words(n: int) -> str:
    """Which part of the slice search was sampled (above ``SEARCH_ROWS`` rows), for the method and the notes."""
    # Translators: a slice is a group of rows described by one or two conditions, e.g. "age under 25".
    return _("The slices were searched on a random sample of {sample} of the {rows} rows (seed {seed}); each slice "
             "listed was then measured on every row: its size, error, interval, error elsewhere and p-value count all "
             "{rows} rows, its q-value comes from the search.", sample=count(SEARCH_ROWS), rows=count(n), seed=SEED)


def _method(error_name: str, n: int, max_conditions: int) -> str:
    if error_name == "error rate":
        return _("Slices of up to {conditions} conditions on {rows} labelled rows, each tested against the rest (error "
                 "rate, Fisher's exact test) with Benjamini-Hochberg false discovery rate control.",
                 conditions=count(max_conditions), rows=count(n))
    return _("Slices of up to {conditions} conditions on {rows} labelled rows, each tested against the rest ({error}, "
             "Welch's t-test) with Benjamini-Hochberg false discovery rate control.", conditions=count(max_conditions),
             rows=count(n), error=words.error_label(error_name))


def select_slices(table: pd.DataFrame, n: int, alpha: float, max_share: float, limit: int, mask_of) -> pd.DataFrame:
    """Tested candidates -> the kept slices: not too large, FDR-controlled, worse than their parts, no near-copies."""
    table = table[table["size"] <= max_share * n]
    if table.empty:
        return table
    table = table.assign(q_value=benjamini_hochberg(table["p_value"].to_numpy()))
    table = drop_weak_pairs(table)
    table = table[(table["q_value"] <= alpha) & (table["error"] > table["error_elsewhere"])]
    table = table.assign(explained=(table["error"] - table["error_elsewhere"]) * table["size"])
    return merge_near_copies(table.sort_values("explained", ascending=False).head(15 * limit), mask_of, limit)


def _candidates(found, M, e, binary, max_conditions, min_support) -> pd.DataFrame:
    """Tested candidates from a rows x conditions 0/1 matrix ``M`` (see :class:`GridSearch` for the fast path)."""
    columns = np.array([c[0][0] for c in found], dtype=object)
    singles = np.stack([M.sum(0), e @ M, (e * e) @ M]).astype(float)
    pairs = None
    if max_conditions >= 2 and len(found) > 1:
        M64 = M.astype(np.float32)
        pairs = np.stack([M64.T @ M64, M64.T @ (M64 * e[:, None].astype(np.float32)),
                          M64.T @ (M64 * (e * e)[:, None].astype(np.float32))]).astype(float)
    rows = candidate_rows(singles, pairs, columns, min_support)
    if max_conditions >= 3:
        rows = pd.concat([rows, pd.DataFrame(_triples(rows, found, M, e, min_support),
                                             columns=["members", "size", "sum", "sq"])], ignore_index=True)
    rows = rows[(rows["size"] >= min_support) & (rows["size"] <= len(e) - min_support)].copy()
    return _test(rows, e, binary)


def candidate_rows(singles: np.ndarray, pairs: np.ndarray | None, columns: np.ndarray, min_support: int) -> pd.DataFrame:
    """members, size, sum, sq of every single candidate, then of every pair on two columns with enough rows."""
    K = singles.shape[1]
    members = [(i,) for i in range(K)]
    size, total, sq = (list(v) for v in singles)
    if pairs is not None and K > 1:
        i, j = np.triu_indices(K, k=1)
        keep = (columns[i] != columns[j]) & (pairs[0][i, j] >= min_support)
        i, j = i[keep], j[keep]
        members += list(zip(i.tolist(), j.tolist(), strict=True))
        size, total, sq = size + list(pairs[0][i, j]), total + list(pairs[1][i, j]), sq + list(pairs[2][i, j])
    return pd.DataFrame({"members": members, "size": size, "sum": total, "sq": sq},
                        columns=["members", "size", "sum", "sq"])


TRIPLE_SEEDS = 30  # pairs (most excess error first) extended by a third condition


def _triples(rows, found, M, e, min_support) -> list[dict]:
    """Extend the pairs with the most excess error by one condition on a third column."""
    columns = np.array([c[0][0] for c in found], dtype=object)
    mean = e.mean()
    found_triples, seen = [], set()
    for a, b in seeds(rows, mean):
        inside = M[:, a] * M[:, b]
        sizes, sums, squares = inside @ M, (inside * e) @ M, (inside * e * e) @ M
        for c in np.flatnonzero((sizes >= min_support) & (columns != columns[a]) & (columns != columns[b])):
            key = tuple(sorted((a, b, int(c))))
            if key not in seen:
                seen.add(key)
                found_triples.append({"members": key, "size": sizes[c], "sum": sums[c], "sq": squares[c]})
    return found_triples


def seeds(rows: pd.DataFrame, mean: float) -> list[tuple]:
    """The pairs with most excess error, extended to triples."""
    pairs = rows[rows["members"].map(len) == 2]
    excess = -(pairs["sum"].to_numpy(float) - mean * pairs["size"].to_numpy(float))
    order = np.argsort(excess, kind="stable")[:TRIPLE_SEEDS]
    return [pairs["members"].iloc[k] for k in order]


def _test(table: pd.DataFrame, e: np.ndarray, binary: bool) -> pd.DataFrame:
    return test_counts(table, len(e), e.sum(), (e * e).sum(), binary)


def test_counts(table: pd.DataFrame, n: int, total: float, total_sq: float, binary: bool) -> pd.DataFrame:
    """Each candidate against the rest from counts: Fisher's exact test (0/1 error) or Welch's t-test."""
    n1, s1, q1 = table["size"].to_numpy(float), table["sum"].to_numpy(float), table["sq"].to_numpy(float)
    n0, s0, q0 = n - n1, total - s1, total_sq - q1
    m1, m0 = s1 / n1, s0 / n0
    if binary:
        p = stats.hypergeom.sf(np.round(s1) - 1, n, round(total), n1)
    else:
        v1 = np.maximum(q1 - n1 * m1 ** 2, 0) / np.maximum(n1 - 1, 1)
        v0 = np.maximum(q0 - n0 * m0 ** 2, 0) / np.maximum(n0 - 1, 1)
        se2 = v1 / n1 + v0 / n0
        t = (m1 - m0) / np.sqrt(np.maximum(se2, 1e-300))
        dof = se2 ** 2 / ((v1 / n1) ** 2 / np.maximum(n1 - 1, 1) + (v0 / n0) ** 2 / np.maximum(n0 - 1, 1) + 1e-300)
        p = stats.t.sf(t, np.maximum(dof, 1))
    return table.assign(error=m1, error_elsewhere=m0, p_value=np.clip(p, 0, 1), variance=q1 / n1 - m1 ** 2)


def drop_weak_pairs(table: pd.DataFrame) -> pd.DataFrame:
    """A conjunction is kept only when it is worse than every shorter conjunction of its conditions."""
    known = {tuple(sorted(m)): err for m, err in zip(table["members"], table["error"], strict=True)}

    def worse_than_parts(members, err) -> bool:
        parts = [p for size in range(1, len(members)) for p in _subsets(members, size)]
        return all(err > known.get(p, -np.inf) for p in parts)

    keep = [worse_than_parts(tuple(sorted(m)), err) for m, err in zip(table["members"], table["error"], strict=True)]
    return table[np.array(keep, dtype=bool)]


def _subsets(members: tuple, size: int) -> list[tuple]:
    from itertools import combinations

    return [tuple(sorted(c)) for c in combinations(members, size)]


def merge_near_copies(table: pd.DataFrame, mask_of, limit: int) -> pd.DataFrame:
    """Drop near-copies of better slices; prefer a tighter slice that explains nearly as much.

    Supersets of a bad region explain the same excess errors as the region itself (effect x size
    ties), so a slice lying inside a kept one, with a higher error and at least 90% of its
    explained error, replaces it: the tighter description of the same mistakes. Rows are compared
    as bit-packed masks (``mask_of(members)``: a boolean row mask, or already :func:`_packed` 64-bit words), each
    new slice against all kept ones at once.
    """
    kept, masks, counts = [], None, np.zeros(0)
    explained, errors = table["explained"].to_numpy(), table["error"].to_numpy()
    for position, members in enumerate(table["members"]):
        found = np.asarray(mask_of(members))
        packed = found if found.dtype == np.uint64 else _packed(found)
        size = np.bitwise_count(packed).sum(dtype=np.int64)
        if masks is None:
            kept, masks, counts = [position], packed[None, :].copy(), np.array([size])  # rows are overwritten
            continue
        shared = np.bitwise_count(masks & packed).sum(axis=1, dtype=np.int64)
        with np.errstate(divide="ignore", invalid="ignore"):
            tighter = (shared / size >= 0.95) & (errors[position] > errors[kept]) & (explained[position] >= 0.9 * explained[kept])
            covered = (shared / counts >= 0.95) & (explained[position] * 0.9 <= explained[kept])
            union = size + counts - shared
            jaccard = np.where(union > 0, shared / np.maximum(union, 1), 0.0)
        if tighter.any():
            slot = int(np.argmax(tighter))
            kept[slot], masks[slot], counts[slot] = position, packed, size
        elif not covered.any() and np.all(jaccard <= OVERLAP_TO_MERGE):
            kept.append(position)
            masks, counts = np.vstack([masks, packed]), np.append(counts, size)
    order = sorted(set(kept), key=lambda p: -explained[p])
    return table.iloc[order[:limit]]


def _packed(mask: np.ndarray) -> np.ndarray:
    """A boolean row mask as 64-bit words."""
    bits = np.packbits(np.asarray(mask, dtype=bool))
    return np.pad(bits, (0, -len(bits) % 8)).view(np.uint64)


def _finish(table: pd.DataFrame, found, binary) -> pd.DataFrame:
    """One row per kept slice: its conditions as values, their text and query, and its statistics."""
    out = []
    for row in table.itertuples():
        conditions = [c for i in row.members for c in found[i]]
        if binary:
            low, high = wilson_interval(row.sum, int(row.size))
        else:
            half = 1.96 * np.sqrt(max(row.variance, 0) / row.size)
            low, high = row.error - half, row.error + half
        out.append({"slice": words.slice_text(conditions), "query": query(conditions), "conditions": conditions,
                    "size": int(row.size), "error": row.error, "ci_low": low, "ci_high": high,
                    "error_elsewhere": row.error_elsewhere, "p_value": row.p_value, "q_value": row.q_value,
                    "explained": row.explained})
    return pd.DataFrame(out, columns=COLUMNS)
