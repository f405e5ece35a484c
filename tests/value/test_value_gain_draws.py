"""The best band's gain interval draws the rows of one gain together (value/review.gain_rounds): its rounds have
the mean and spread of a Poisson bootstrap over the rows, and the 95% interval covers the true total about 95% of
the time on simulated rows."""

from __future__ import annotations

import numpy as np
import pytest

from explainers.value.review import gain_rounds

GAINS = np.array([-1.0, 0.0, 0.5, 3.0])
SHARES = np.array([0.3, 0.4, 0.2, 0.1])


def test_rounds_have_the_mean_and_spread_of_a_bootstrap_over_rows():
    rng = np.random.default_rng(0)
    gain = rng.choice(GAINS, 400, p=SHARES)  # 400 cells of 1 to 5 rows each
    rows = rng.integers(1, 6, 400).astype(float)
    rounds = gain_rounds(gain, rows, 8_000, 0)
    # Poisson(1) weights per row: mean the total, variance the sum of squared gains over rows
    assert rounds.mean() == pytest.approx(rows @ gain, rel=0.01)
    assert rounds.std() == pytest.approx(np.sqrt(rows @ gain ** 2), rel=0.03)
    assert np.array_equal(gain_rounds(gain, rows, 100, 7), gain_rounds(gain, rows, 100, 7))  # same seed, same draws


def test_the_interval_covers_the_true_total_about_95_percent_of_the_time():
    rng = np.random.default_rng(1)
    n, truth, covered = 300, 300 * (GAINS @ SHARES), 0
    trials = 300
    for seed in range(trials):
        gain = rng.choice(GAINS, n, p=SHARES)
        low, high = np.quantile(gain_rounds(gain, np.ones(n), 400, seed), [0.025, 0.975])
        covered += low <= truth <= high
    assert 0.90 <= covered / trials <= 0.99
