"""Small statistics shared by the engine: Wilson intervals and conformal quantiles."""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import norm


def wilson_interval(successes: float, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion (sensible at 0, 1 and small counts)."""
    if trials == 0:
        return (float("nan"), float("nan"))
    z = norm.ppf(0.5 + confidence / 2)
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return (max(0.0, centre - half), min(1.0, centre + half))


def conformal_quantile(scores: np.ndarray, level: float) -> float:
    """The ceil((n + 1) * level) / n empirical quantile: split-conformal's finite-sample correction.

    Returns inf when there are too few scores for the level (then every band is unbounded).
    """
    scores = np.sort(np.asarray(scores, dtype=float))
    n = len(scores)
    rank = math.ceil((n + 1) * level - 1e-9)  # the tolerance stops float error adding a rank
    return float("inf") if rank > n or n == 0 else float(scores[rank - 1])


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """q-values: the smallest false discovery rate at which each test would be declared significant."""
    order = np.argsort(p)
    ranked = p[order] * len(p) / np.arange(1, len(p) + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty_like(q)
    out[order] = np.minimum(q, 1.0)
    return out


def clipped_log_loss(proba: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Each row's log loss, rows of class probabilities ``proba`` whose true class is column ``truth``: rows
    renormalised to sum to 1 and probabilities clipped to [eps, 1 - eps], as sklearn.metrics.log_loss does."""
    proba = np.asarray(proba, dtype=float)
    proba = proba / proba.sum(axis=1, keepdims=True)
    eps = np.finfo(float).eps
    return -np.log(np.clip(proba[np.arange(len(truth)), truth], eps, 1 - eps))


def log_loss_sum(proba: np.ndarray, truth: np.ndarray) -> float:
    """Summed :func:`clipped_log_loss`: a sum, so chunks and partitions add up; divide by the rows for the mean."""
    return float(clipped_log_loss(proba, truth).sum())
