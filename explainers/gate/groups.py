"""The ``group_gap`` and ``group_ratio`` checks: how far apart the groups of a column are, judged on bounds.

Both read the measures layer per group of the column at the gate's threshold: the gap is
``difference()`` (the largest minus the smallest group value), the ratio ``ratio()`` (the smallest over
the largest), each with its interval (MOVER from the groups' Wilson intervals for rates, the same
bootstrap rounds for other metrics). Groups under ``min_rows`` rows are left out.
"""

from __future__ import annotations

import math

from ..failures.groups import MIN_ROWS
from . import words
from .measured import Inputs, Measured


def _between(check, inputs: Inputs, ratio: bool):
    """(the measures per group, the difference or ratio row of the check's metric)."""
    found = inputs.measures(check.options["metric"], by=check.options["column"])
    min_rows = check.options.get("min_rows", MIN_ROWS)
    table = found.ratio(min_rows=min_rows) if ratio else found.difference(min_rows=min_rows)
    return found, table.loc[check.options["metric"]]


def _value(found, group, key: str) -> float:
    return float(found.by_group.loc[group, key])


def _measure(check, inputs: Inputs, ratio: bool) -> Measured:
    """The gap (judged on its upper bound, at most ``max``) or the ratio (on its lower bound, at least ``min``)."""
    direction, side = ("min", "lower bound") if ratio else ("max", "upper bound")
    limit = float(check.options[direction])
    found, row = _between(check, inputs, ratio=ratio)
    if row["first"] is None:
        return Measured(limit=limit, direction=direction, bound_name=side, anchor="failures",
                        not_judged=words.too_few_groups(check.options))
    key, low_group, high_group = check.options["metric"], row["first"], row["second"]
    value, low, high = float(row["value"]), float(row["low"]), float(row["high"])
    low_value, high_value = _value(found, low_group, key), _value(found, high_group, key)
    if ratio:
        return Measured(value=value, low=low, high=high, bound=low, bound_name=side, limit=limit, direction=direction,
                        anchor="failures", not_judged="" if math.isfinite(low) else words.no_ratio(key, high_group),
                        detail=words.ratio_detail(check.options, low_group, low_value, high_group, high_value, value,
                                                  low))
    return Measured(value=value, low=max(low, 0.0), high=high, bound=high, bound_name=side, limit=limit,
                    direction=direction, anchor="failures",
                    not_judged="" if math.isfinite(high) else words.no_interval(key),
                    detail=words.gap_detail(check.options, low_group, low_value, high_group, high_value, high))


def measure_gap(check, inputs: Inputs) -> Measured:
    """The largest minus the smallest group value; judged on the upper bound of its interval."""
    return _measure(check, inputs, ratio=False)


def measure_ratio(check, inputs: Inputs) -> Measured:
    """The smallest group value over the largest; judged on the lower bound of its interval."""
    return _measure(check, inputs, ratio=True)
