"""How many rows a report section can explain in its time budget, on every attribution path.

Exact engines are sized from the model's structure (``affordable_rows``: deterministic). The
model-agnostic path (exact coalitions or permutation sampling) costs one batch of model calls a
row, from milliseconds for a linear pipeline to a second for an SVC with probabilities, so its
cost is measured on four rows of the sample and the sample is cut to fit, on a fixed ladder of
sizes so that small timing differences do not change it. The section says so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from ..core.case import Case
from .attributions import affordable_rows, attributions, exact_method

LADDER = (20, 30, 50, 75, 100, 150, 200, 300, 500, 1000, 2000)
MEASURED_ROWS = 4


@dataclass(frozen=True)
class Sample:
    """``rows``: index labels to explain (None: all). ``seconds_per_row``: measured cost, None for exact engines."""

    rows: list | None
    seconds_per_row: float | None = None


def sized_sample(case: Case, seconds: float, at_most: int, at_least: int, random_state: int = 0,
                 agnostic_at_least: int | None = None) -> Sample:
    """A reproducible random sample of rows that the attributions of this case explain in about ``seconds``
    (at least ``at_least`` rows on an exact engine, ``agnostic_at_least`` on the model-agnostic path)."""
    # positions shuffled as pandas' sample shuffles them (a RandomState permutation): the same rows and order as
    # shuffling the frame, without copying its rows or making a million labels to keep a few hundred
    order = np.random.RandomState(random_state).permutation(len(case.X))
    if exact_method(case) is not None:
        count, cost = affordable_rows(case, seconds, at_most, at_least), None
    else:
        cost = row_seconds(case, list(case.X.index[order[:MEASURED_ROWS]]), random_state)
        count = fitting_rows(seconds / max(cost, 1e-9), at_most, agnostic_at_least or at_least)
    rows = list(case.X.index[order[:count]])  # == list(X.sample(count).index)
    return Sample(None if len(order) <= count else rows, cost)


def row_seconds(case: Case, labels: list, random_state: int = 0) -> float:
    """Measured seconds per row of the model-agnostic attributions (a warm call on ``labels``)."""
    start = time.perf_counter()
    attributions(case, rows=labels, random_state=random_state)
    return (time.perf_counter() - start) / max(len(labels), 1)


def fitting_rows(budget: float, at_most: int, at_least: int) -> int:
    """The largest size on the ladder within ``budget`` rows, kept between ``at_least`` and ``at_most``."""
    fits = [size for size in LADDER if size <= budget]
    return int(min(max(fits[-1] if fits else 0, at_least), at_most))
