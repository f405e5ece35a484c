"""The paired bootstrap: one (rounds x rows) array of resampled row indices, read as row weights.

Every metric is a weighted mean (or a ratio of weighted sums) over rows, so one matrix of draw
counts per block of rounds gives every metric of both models on the very same resampled rows.
The all-ones weight row gives the point estimate with the same code.
"""

from __future__ import annotations

import numpy as np

BLOCK = 250  # rounds turned into weights at a time (bounds memory: 250 x rows float32)


def resample_indices(n: int, n_boot: int, random_state) -> np.ndarray:
    """(n_boot, n) row positions drawn with replacement; the same seed gives the same draws."""
    rng = np.random.default_rng(random_state)
    dtype = np.int32 if n < 2**31 else np.int64
    return rng.integers(0, n, size=(n_boot, n), dtype=dtype)


def weight_blocks(indices: np.ndarray, columns: np.ndarray | None = None):
    """Yield (rounds x rows) draw counts, a block of rounds at a time; ``columns`` keeps only those rows."""
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
