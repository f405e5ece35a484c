"""Exact or classical paired tests reported beside the bootstrap interval: McNemar and DeLong.

The interval is what the verdict uses; these say the same thing in the form a statistician
expects, on all rows at once.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import binomtest, norm, rankdata


def mcnemar(champion_correct: np.ndarray, challenger_correct: np.ndarray) -> float:
    """Exact McNemar test (binomial on the rows where exactly one model is right): two-sided p-value."""
    only_champion = int(np.sum((champion_correct > 0) & (challenger_correct == 0)))
    only_challenger = int(np.sum((challenger_correct > 0) & (champion_correct == 0)))
    discordant = only_champion + only_challenger
    if discordant == 0:
        return 1.0
    return float(binomtest(only_challenger, discordant, 0.5).pvalue)


def delong(positive: np.ndarray, champion_score: np.ndarray, challenger_score: np.ndarray) -> float:
    """DeLong's test for two correlated ROC AUCs on the same rows (fast midrank form): two-sided p-value."""
    positive = np.asarray(positive, dtype=bool)
    m, n = int(positive.sum()), int((~positive).sum())
    if m < 2 or n < 2:
        return float("nan")
    scores = np.vstack([champion_score, challenger_score]).astype(float)
    ordered = np.hstack([scores[:, positive], scores[:, ~positive]])
    all_ranks = np.vstack([rankdata(row) for row in ordered])
    positive_ranks = np.vstack([rankdata(row[:m]) for row in ordered])
    negative_ranks = np.vstack([rankdata(row[m:]) for row in ordered])
    aucs = all_ranks[:, :m].sum(1) / (m * n) - (m + 1) / (2 * n)
    v01 = (all_ranks[:, :m] - positive_ranks) / n
    v10 = 1.0 - (all_ranks[:, m:] - negative_ranks) / m
    covariance = np.cov(v01) / m + np.cov(v10) / n
    variance = covariance[0, 0] + covariance[1, 1] - 2 * covariance[0, 1]
    if variance <= 1e-15:
        return 1.0 if abs(aucs[1] - aucs[0]) < 1e-12 else 0.0
    z = (aucs[1] - aucs[0]) / np.sqrt(variance)
    return float(2 * norm.sf(abs(z)))
