"""The ``group_gap`` and ``group_ratio`` checks: how far apart groups of a column are, judged on bounds.

Per-group rates and their 95% Wilson intervals come from failures/groups.py; the interval of a
difference or a ratio of two groups is built from those intervals by the MOVER method (Newcombe's
difference; Donner and Zou's ratio), so no row is resampled.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np

from ..failures.groups import MIN_ROWS, group_metrics
from . import words
from .measured import NAN, Inputs, Measured

ALIASES = {"recall": "true_positive_rate", "selection_rate": "positive_rate"}  # policy key -> group table column


def column_of(metric: str) -> str:
    return ALIASES.get(metric, metric)


def difference(a: tuple, b: tuple) -> tuple[float, float]:
    """MOVER (Newcombe) 95% interval of ``a - b`` from each value's (point, low, high)."""
    (p1, l1, u1), (p2, l2, u2) = a, b
    d = p1 - p2
    return d - math.hypot(p1 - l1, u2 - p2), d + math.hypot(u1 - p1, p2 - l2)


def ratio(a: tuple, b: tuple) -> tuple[float, float]:
    """MOVER-R (Donner and Zou) 95% interval of ``a / b`` for non-negative rates; NaN when ``b`` is 0."""
    (p1, l1, u1), (p2, l2, u2) = a, b
    if p2 <= 0:
        return NAN, NAN
    pp = p1 * p2
    low_root = pp ** 2 - l1 * u2 * (2 * p1 - l1) * (2 * p2 - u2)
    high_root = pp ** 2 - u1 * l2 * (2 * p1 - u1) * (2 * p2 - l2)
    low_den, high_den = u2 * (2 * p2 - u2), l2 * (2 * p2 - l2)
    low = (pp - math.sqrt(low_root)) / low_den if low_root >= 0 and low_den > 0 else 0.0
    high = (pp + math.sqrt(high_root)) / high_den if high_root >= 0 and high_den > 0 else math.inf
    return max(low, 0.0), high


def _rates(check, inputs: Inputs) -> dict:
    """group -> (rate, low, high) for groups with at least ``min_rows`` rows and a rate."""
    metric = column_of(check.options["metric"])
    table = inputs.result(group_metrics, column=check.options["column"]).table
    usable = table[(table["rows"] >= check.options.get("min_rows", MIN_ROWS)) & table[metric].notna()]
    return {str(r["group"]): (float(r[metric]), float(r[f"{metric}_low"]), float(r[f"{metric}_high"]))
            for _, r in usable.iterrows()}


def measure_gap(check, inputs: Inputs) -> Measured:
    """The largest point gap; judged on the largest upper bound of |difference| over pairs of groups."""
    rates = _rates(check, inputs)
    worst, largest = None, NAN
    for a, b in combinations(rates, 2):
        low, high = difference(rates[a], rates[b])
        bound = max(abs(low), abs(high))
        if worst is None or bound > worst[2]:
            worst = (a, b, bound, low, high)
        largest = np.nanmax([largest, abs(rates[a][0] - rates[b][0])])
    if worst is None:
        return Measured(threshold=float(check.options["max"]), direction="max", bound_name="upper bound",
                        detail=words.too_few_groups(check.options), anchor="failures")
    a, b, bound, low, high = worst
    return Measured(value=float(largest), low=min(abs(low), abs(high)) if low * high > 0 else 0.0, high=bound, bound=bound,
                    bound_name="upper bound", threshold=float(check.options["max"]), direction="max",
                    detail=words.gap_detail(check.options, a, rates[a][0], b, rates[b][0], bound), anchor="failures")


def measure_ratio(check, inputs: Inputs) -> Measured:
    """Each group's rate over the highest group's; judged on the smallest lower bound (four-fifths rule)."""
    rates = _rates(check, inputs)
    if len(rates) < 2:
        return Measured(threshold=float(check.options["min"]), direction="min", bound_name="lower bound",
                        detail=words.too_few_groups(check.options), anchor="failures")
    top = max(rates, key=lambda g: rates[g][0])
    found = [(g, rates[g][0] / rates[top][0] if rates[top][0] > 0 else NAN, *ratio(rates[g], rates[top]))
             for g in rates if g != top]
    group, value, low, high = min(found, key=lambda f: (f[2] if math.isfinite(f[2]) else -1))
    return Measured(value=value, low=low, high=high, bound=low, bound_name="lower bound",
                    threshold=float(check.options["min"]), direction="min",
                    detail=words.ratio_detail(check.options, group, rates[group][0], top, rates[top][0], value, low),
                    anchor="failures")
