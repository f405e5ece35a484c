"""Intervals for measures: Wilson for rates, MOVER for differences and ratios of two estimates, and the
Poisson bootstrap over cells for every other metric (one implementation; compare/ and the gate use it).

The Poisson bootstrap draws each row's weight as Poisson(1); the rows of a cell then weigh
Poisson(rows) together, so a round costs one draw per cell, whatever the rows (cells of
:data:`NORMAL_FROM` rows or more draw its normal approximation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

CELL_BLOCK = 2_000_000  # rounds x cells of weights at a time
NORMAL_FROM = 100


def wilson(hits: np.ndarray, trials: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score intervals of ``hits / trials`` (NaN where there are no trials)."""
    hits, trials = np.asarray(hits, dtype=float), np.asarray(trials, dtype=float)
    z = norm.ppf(0.5 + level / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = hits / trials
        centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
        half = z * np.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    low, high = np.maximum(0.0, centre - half), np.minimum(1.0, centre + half)
    empty = trials <= 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)


def mover_difference(a: tuple, b: tuple) -> tuple[float, float]:
    """MOVER (Newcombe) interval of ``a - b`` from each estimate's (value, low, high)."""
    (p1, l1, u1), (p2, l2, u2) = a, b
    d = p1 - p2
    return d - math.hypot(p1 - l1, u2 - p2), d + math.hypot(u1 - p1, p2 - l2)


def mover_ratio(a: tuple, b: tuple) -> tuple[float, float]:
    """MOVER-R (Donner and Zou) interval of ``a / b`` for non-negative estimates; NaN when ``b`` is 0."""
    (p1, l1, u1), (p2, l2, u2) = a, b
    if not p2 > 0 or not all(map(math.isfinite, (p1, l1, u1, l2, u2))):
        return math.nan, math.nan
    pp = p1 * p2
    low_root = pp ** 2 - l1 * u2 * (2 * p1 - l1) * (2 * p2 - u2)
    high_root = pp ** 2 - u1 * l2 * (2 * p1 - u1) * (2 * p2 - l2)
    low_den, high_den = u2 * (2 * p2 - u2), l2 * (2 * p2 - l2)
    low = (pp - math.sqrt(low_root)) / low_den if low_root >= 0 and low_den > 0 else 0.0
    high = (pp + math.sqrt(high_root)) / high_den if high_root >= 0 and high_den > 0 else math.inf
    return max(low, 0.0), high


@dataclass(frozen=True)
class PoissonRounds:
    """``n_boot`` rounds of a Poisson bootstrap, drawn when read (seeded by ``random_state``)."""

    n: int
    n_boot: int
    random_state: object

    @property
    def shape(self) -> tuple[int, int]:
        return self.n_boot, self.n

    def blocks(self, counts: np.ndarray):
        """(rounds x cells) float64 weights, Poisson(count) per cell (its normal approximation from NORMAL_FROM
        rows), a block of rounds at a time; same seed, same draws."""
        rng = np.random.default_rng(self.random_state)
        block = max(1, min(self.n_boot, CELL_BLOCK // max(len(counts), 1)))
        mean = np.asarray(counts, dtype=float)
        big = mean >= NORMAL_FROM
        for start in range(0, self.n_boot, block):
            size = min(block, self.n_boot - start)
            W = np.empty((size, len(mean)))
            W[:, ~big] = rng.poisson(mean[~big], size=(size, int((~big).sum())))
            W[:, big] = np.maximum(mean[big] + np.sqrt(mean[big]) * rng.standard_normal((size, int(big.sum()))), 0)
            yield W


def percentile_interval(rounds: np.ndarray, level: float = 0.95, max_missing: float = 0.1) -> tuple[float, float]:
    """The percentile interval of bootstrap rounds; NaN when too many rounds had no value."""
    finite = rounds[np.isfinite(rounds)]
    if len(finite) == 0 or len(finite) < (1 - max_missing) * len(rounds):
        return float("nan"), float("nan")
    low, high = np.quantile(finite, [(1 - level) / 2, (1 + level) / 2])
    return float(low), float(high)
