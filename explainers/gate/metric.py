"""The ``metric`` check: a measure's interval bound against a minimum (lower bound) or maximum (upper bound)."""

from __future__ import annotations

import math

from . import words
from .measured import Inputs, Measured


def measure(check, inputs: Inputs) -> Measured:
    """The measures layer's value and interval of the metric, at the gate's threshold, over all rows."""
    key = check.options["metric"]
    direction = "min" if "min" in check.options else "max"
    found = inputs.measures(key)
    value, low, high = found.interval(key)
    how = str(found.overall.loc[key, "interval"])
    bound = low if direction == "min" else high
    return Measured(value=value, low=low, high=high, bound=bound,
                    bound_name="lower bound" if direction == "min" else "upper bound",
                    limit=float(check.options[direction]), direction=direction,
                    detail=words.metric_detail(key, value, low, high, how),
                    not_judged="" if math.isfinite(bound) else words.no_interval(key),
                    anchor="confidence" if key == "expected_calibration_error" else "performance")
