"""The ``champion`` check: non-inferiority against the model run now, overall and (optionally) per group.

The gated case is the challenger. Its drop on the metric (champion - challenger, or the rise of
an error metric) is judged on the upper bound of the paired bootstrap interval; a group where it
is significantly worse than the champion fails the check too.
"""

from __future__ import annotations

from . import words
from .measured import Inputs, Measured
from .slices import chosen_columns


def measure(check, inputs: Inputs) -> Measured:
    found = inputs.comparison
    key = check.options["metric"]
    row = found.metrics.set_index("metric").loc[key]
    sign = -1.0 if row["higher_is_better"] else 1.0  # drop = how much worse the challenger is
    low, high = sorted([sign * row["low"], sign * row["high"]])
    drop = sign * row["difference"]
    worse = _worse_groups(found, check, inputs, key)
    return Measured(value=float(drop), low=float(low), high=float(high), bound=float(high), bound_name="upper bound",
                    limit=float(check.options["max_drop"]), direction="max",
                    detail=words.champion_detail(key, found, row, drop, low, high),
                    broken=words.worse_groups(worse), anchor="compare")


def _worse_groups(found, check, inputs: Inputs, key: str) -> list[tuple]:
    """(column, group) pairs where the challenger is significantly worse than the champion."""
    if "groups" not in check.options:
        return []
    out = []
    for column in chosen_columns(inputs.case, check.options["groups"]):
        table = found.by_group(column, key)
        out += [(column, g) for g in table.loc[table["worse"], "group"]]
    return out
