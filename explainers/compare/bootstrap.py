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

from dataclasses import dataclass

import numpy as np

BLOCK = 250  # rounds turned into weights at a time (bounds memory: 250 x rows float32)
LARGE_ROWS = 50_000  # above this many rows: the Poisson bootstrap over cells
CELL_BLOCK = 2_000_000  # rounds x cells (or rows) of Poisson weights at a time
SCORE_BINS = 1_000  # quantile bins of a model's score (or error) in a cell's key; pairs of models: both
MAX_CELLS = 200_000  # fewer bins when the pairs of two models' bins would make more cells than this


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
        """(rounds x cells) float64 weights (float32 sums lose ROC AUC's precision at a million rows), Poisson(count) per cell, a block of rounds at a time; same seed, same draws."""
        rng = np.random.default_rng(self.random_state)
        block = max(1, min(self.n_boot, CELL_BLOCK // max(len(counts), 1)))
        mean = counts.astype(float)
        for start in range(0, self.n_boot, block):
            yield rng.poisson(mean, size=(min(block, self.n_boot - start), len(counts))).astype(float)


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


def cell_keys(values: dict, bins: int = SCORE_BINS) -> np.ndarray:
    """One integer per row from compare/metrics.py's row values: rows with the same key share the label, whether
    they were right, and a quantile bin of the score (binary), of the true class's loss (multiclass) or of the
    label and the error (regression), so every row value is (nearly) the same inside a cell."""
    if "onehot" in values:
        key = values["onehot"].argmax(1).astype(np.int64) * 2 + values["correct"].astype(np.int64)
        graded = values.get("score", values.get("log_loss"))
        return key if graded is None else key * (bins + 1) + quantile_bin(graded, bins)
    if "y" in values:
        return quantile_bin(values["y"], bins) * (bins + 1) + quantile_bin(values["absolute"], bins)
    graded = [quantile_bin(v, bins) if v.dtype != bool else v.astype(np.int64) for v in values.values() if v.ndim == 1]
    key = np.zeros(len(graded[0]), dtype=np.int64)
    for part in graded:
        key = key * (bins + 1) + part
    return key


def quantile_bin(x: np.ndarray, bins: int) -> np.ndarray:
    """0..bins: the quantile bin of each value (ties stay together)."""
    x = np.asarray(x, dtype=float)
    edges = np.unique(np.quantile(x, np.linspace(0, 1, bins + 1)[1:-1]))
    return np.searchsorted(edges, x, side="right").astype(np.int64)


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
    bins = SCORE_BINS
    while True:
        a, b = cell_keys(champion, bins), cell_keys(challenger, bins)
        _, a = np.unique(a, return_inverse=True)
        _, b = np.unique(b, return_inverse=True)
        key = a.ravel().astype(np.int64) * (int(b.max()) + 1) + b.ravel()
        if groups is not None:
            key = key * (int(groups.max()) + 1) + groups
        if bins <= 50 or len(np.unique(key)) <= MAX_CELLS:
            return key
        bins //= 2
