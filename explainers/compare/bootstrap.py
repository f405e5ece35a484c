"""The paired bootstrap: one (rounds x rows) array of resampled row indices, read as row weights.

Every metric is a weighted mean (or a ratio of weighted sums) over rows, so one matrix of draw
counts per block of rounds gives every metric of both models on the very same resampled rows.
The all-ones weight row gives the point estimate with the same code.

Above :data:`LARGE_ROWS` rows an (n_boot x n) array would not fit (4 GB at a million rows and 1,000
rounds), so :func:`resample_indices` returns :class:`PoissonRounds` instead: the rounds of a Poisson
bootstrap, which intervals.py reads on cells of like rows (see :func:`cells`): each cell's weight in
a round is Poisson(its row count), the sum of its rows' Poisson(1) weights, at (rounds x cells) cost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

BLOCK = 250  # rounds turned into weights at a time (bounds memory: 250 x rows float32)
LARGE_ROWS = 50_000  # above this many rows: the Poisson bootstrap over cells
CELL_BLOCK = 2_000_000  # rounds x cells (or rows) of Poisson weights at a time
SCORE_BINS = 1_000  # quantile bins of a model's score (or error) in a cell's key; pairs of models: both
NORMAL_FROM = 100  # a cell of at least this many rows draws Poisson(count) as its normal approximation
MAX_CELLS = 15_000  # fewer bins when the pairs of two models' bins would make more cells than this


@dataclass(frozen=True)
class PoissonRounds:
    """``n_boot`` rounds of a Poisson bootstrap over ``n`` rows, drawn when read (seeded by ``random_state``)."""

    n: int
    n_boot: int
    random_state: object

    @property
    def shape(self) -> tuple[int, int]:
        return self.n_boot, self.n

    def blocks(self, counts: np.ndarray):
        """(rounds x cells) float64 weights (float32 sums lose ROC AUC's precision at a million rows), Poisson(count)
        per cell (its normal approximation from NORMAL_FROM rows: a tenth of the time), a block of rounds at a time; same seed, same draws."""
        rng = np.random.default_rng(self.random_state)
        block = max(1, min(self.n_boot, CELL_BLOCK // max(len(counts), 1)))
        mean = counts.astype(float)
        big = mean >= NORMAL_FROM
        for start in range(0, self.n_boot, block):
            size = min(block, self.n_boot - start)
            W = np.empty((size, len(counts)))
            W[:, ~big] = rng.poisson(mean[~big], size=(size, int((~big).sum())))
            W[:, big] = np.maximum(mean[big] + np.sqrt(mean[big]) * rng.standard_normal((size, int(big.sum()))), 0)
            yield W


def resample_indices(n: int, n_boot: int, random_state, large_rows: int = LARGE_ROWS):
    """(n_boot, n) row positions drawn with replacement; the same seed gives the same draws. Above
    ``large_rows`` rows: :class:`PoissonRounds` (read on cells by intervals.py, or row by row by weight_blocks)."""
    if n > large_rows:
        return PoissonRounds(n, n_boot, random_state)
    rng = np.random.default_rng(random_state)
    dtype = np.int32 if n < 2**31 else np.int64
    return rng.integers(0, n, size=(n_boot, n), dtype=dtype)


def weight_blocks(indices: np.ndarray, columns: np.ndarray | None = None):
    """Yield (rounds x rows) draw counts, a block of rounds at a time; ``columns`` keeps only those rows."""
    if isinstance(indices, PoissonRounds):  # row by row: bounded memory, (rounds x rows) time
        for counts in indices.blocks(np.ones(indices.n)):
            yield counts if columns is None else counts[:, columns]
        return
    n_boot, n = indices.shape
    for start in range(0, n_boot, BLOCK):
        block = indices[start:start + BLOCK].astype(np.int64)
        block += np.arange(len(block), dtype=np.int64)[:, None] * n
        counts = np.bincount(block.ravel(), minlength=len(block) * n).reshape(len(block), n)
        counts = counts.astype(np.float32)  # exact for counts; half the memory traffic of float64
        yield counts if columns is None else counts[:, columns]


def percentile_interval(differences: np.ndarray, level: float = 0.95, max_missing: float = 0.1) -> tuple[float, float]:
    """The percentile interval of bootstrap differences; NaN when too many rounds had no value."""
    finite = differences[np.isfinite(differences)]
    if len(finite) < (1 - max_missing) * len(differences) or len(finite) == 0:
        return float("nan"), float("nan")
    low, high = np.quantile(finite, [(1 - level) / 2, (1 + level) / 2])
    return float(low), float(high)


def grades(values: dict) -> tuple[np.ndarray, list[np.ndarray]]:
    """(a discrete key per row, graded values as each row's share of rows ranked below it, ties sharing one share)
    from compare/metrics.py's row values: the label and whether the row was right, then the score (binary), the
    true class's loss (multiclass) or the label and the error (regression); any other values are all graded."""
    n = len(next(iter(values.values())))
    if "onehot" in values:
        key = values["onehot"].argmax(1).astype(np.int64) * 2 + values["correct"].astype(np.int64)
        graded = [values[k] for k in ("score", "log_loss") if k in values][:1]
    elif "y" in values:
        key, graded = np.zeros(n, dtype=np.int64), [values["y"], values["absolute"]]
    else:
        key = np.zeros(n, dtype=np.int64)
        graded = [v for v in values.values() if v.ndim == 1]
    return key, [_share_below(v) for v in graded]


def _share_below(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    ordered = np.sort(x)
    return np.searchsorted(ordered, x, side="left") / len(x)


def cell_keys(values: dict, bins: int = SCORE_BINS, graded=None) -> np.ndarray:
    """One integer per row: rows with the same key share the discrete values and a quantile bin (of ``bins``) of
    each graded value (see :func:`grades`), so every row value is (nearly) the same inside a cell."""
    key, shares = graded if graded is not None else grades(values)
    for share in shares:
        key = key * bins + np.minimum((share * bins).astype(np.int64), bins - 1)
    return key


def cells(keys: np.ndarray, *value_dicts: dict) -> tuple[np.ndarray, np.ndarray, list[dict]]:
    """(which cell each row is in, row count per cell, each dict's values as means per cell; booleans kept)."""
    _, which, counts = np.unique(keys, return_inverse=True, return_counts=True)
    which = which.ravel()
    return which, counts, [cell_means(which, counts, v) for v in value_dicts]


def cell_means(which: np.ndarray, counts: np.ndarray, values: dict) -> dict:
    out = {}
    for name, a in values.items():
        if a.ndim == 1:
            sums = np.bincount(which, weights=a.astype(float), minlength=len(counts))
            means = sums / counts
        else:
            means = np.stack([np.bincount(which, weights=a[:, j].astype(float), minlength=len(counts))
                              for j in range(a.shape[1])], axis=1) / counts[:, None]
        out[name] = means > 0.5 if a.dtype == bool else means
    return out


def paired_keys(champion: dict, challenger: dict, groups: np.ndarray | None = None) -> np.ndarray:
    """Cells of rows alike for both models (and in the same group): both models' keys, with fewer score bins
    while the pairs would make more than :data:`MAX_CELLS` cells."""
    first, second = grades(champion), grades(challenger)
    bins = min(SCORE_BINS, 4 * math.isqrt(MAX_CELLS))  # two graded scores: about bins^2 cells at most
    while True:
        a, b = cell_keys(champion, bins, first), cell_keys(challenger, bins, second)
        key = a * (int(b.max()) + 1) + b
        if groups is not None:
            key = key * (int(groups.max()) + 1) + groups
        if bins <= 20 or len(np.unique(key)) <= MAX_CELLS:
            return key
        bins //= 2
