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
    found = inputs.measures(by=check.options["column"])
    min_rows = check.options.get("min_rows", MIN_ROWS)
    table = found.ratio(min_rows=min_rows) if ratio else found.difference(min_rows=min_rows)
    return found, table.loc[check.options["metric"]]


def _value(found, group, key: str) -> float:
    return float(found.by_group.loc[group, key])


def measure_gap(check, inputs: Inputs) -> Measured:
    """The largest minus the smallest group value; judged on the upper bound of its interval."""
    limit = float(check.options["max"])
    found, row = _between(check, inputs, ratio=False)
    if row["first"] is None:
        return Measured(limit=limit, direction="max", bound_name="upper bound", anchor="failures",
                        not_judged=words.too_few_groups(check.options))
    low_group, high_group = row["first"], row["second"]
    key = check.options["metric"]
    high = float(row["high"])
    return Measured(value=float(row["value"]), low=max(float(row["low"]), 0.0), high=high, bound=high,
                    bound_name="upper bound", limit=limit, direction="max", anchor="failures",
                    detail=words.gap_detail(check.options, low_group, _value(found, low_group, key), high_group,
                                            _value(found, high_group, key), high),
                    not_judged="" if math.isfinite(high) else words.no_interval(key))


def measure_ratio(check, inputs: Inputs) -> Measured:
    """The smallest group value over the largest; judged on the lower bound of its interval."""
    limit = float(check.options["min"])
    found, row = _between(check, inputs, ratio=True)
    if row["first"] is None:
        return Measured(limit=limit, direction="min", bound_name="lower bound", anchor="failures",
                        not_judged=words.too_few_groups(check.options))
    group, top = row["first"], row["second"]
    key = check.options["metric"]
    value, low = float(row["value"]), float(row["low"])
    return Measured(value=value, low=low, high=float(row["high"]), bound=low, bound_name="lower bound", limit=limit,
                    direction="min", anchor="failures",
                    detail=words.ratio_detail(check.options, group, _value(found, group, key), top,
                                              _value(found, top, key), value, low),
                    not_judged="" if math.isfinite(low) else words.no_ratio(key, top))
