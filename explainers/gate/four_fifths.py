"""The ``four_fifths`` check: every group of a column gets the favourable outcome at least ``min`` (0.8) times
as often as the best-treated group, at the gate's threshold, judged on the lower bound of the smallest ratio.

The favourable outcome is the one the fairness section compares (the sidecar's ``favourable_class``, else
the positive class unless it is named like bad news); its rate per group is read from the measures layer's
selection rate (or one minus it) with its Wilson interval, and the ratio's interval is MOVER's.
"""

from __future__ import annotations

import math

from ..core.measures import favourable_class, mover_ratio
from ..failures.fairness import FOUR_FIFTHS
from ..failures.groups import MIN_ROWS
from . import words
from .measured import Inputs, Measured


def favourable_rates(found, good_is_positive: bool, min_rows: int) -> dict:
    """group -> (rate, low, high) of the favourable outcome, for groups of at least ``min_rows`` rows."""
    rates = {}
    for group in found.by_group.index:
        if found.by_group.loc[group, "count"] < min_rows:
            continue
        value, low, high = found.group_interval(group, "selection_rate")
        if math.isfinite(value):
            rates[group] = (value, low, high) if good_is_positive else (1 - value, 1 - high, 1 - low)
    return rates


def measure(check, inputs: Inputs) -> Measured:
    """The smallest ratio of a group's favourable rate to the best-treated group's; judged on its lower bound."""
    limit = float(check.options.get("min", FOUR_FIFTHS))
    good = favourable_class(inputs.case)
    found = inputs.measures("selection_rate", by=check.options["column"])
    rates = favourable_rates(found, good == inputs.case.positive_class, check.options.get("min_rows", MIN_ROWS))
    if len(rates) < 2:
        return Measured(limit=limit, direction="min", bound_name="lower bound", anchor="failures", subject=str(good),
                        not_judged=words.too_few_groups(check.options))
    best = max(rates, key=lambda g: rates[g][0])
    if rates[best][0] <= 0:
        return Measured(limit=limit, direction="min", bound_name="lower bound", anchor="failures", subject=str(good),
                        not_judged=words.nobody_favoured(check.options, good))
    group = min((g for g in rates if g != best), key=lambda g: rates[g][0])
    value = rates[group][0] / rates[best][0]
    low, high = mover_ratio(rates[group], rates[best])
    return Measured(value=value, low=low, high=high, bound=low, bound_name="lower bound", limit=limit,
                    direction="min", anchor="failures", subject=str(good),
                    detail=words.four_fifths_detail(check.options, good, group, rates[group][0], best,
                                                    rates[best][0], value, low))
