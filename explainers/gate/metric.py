"""The ``metric`` check: a metric's interval bound against a minimum (lower bound) or maximum (upper bound)."""

from __future__ import annotations

from . import words
from .bootstrap import LARGE_ROWS, metric_intervals, specs
from .measured import Inputs, Measured


def measure(check, inputs: Inputs) -> Measured:
    key = check.options["metric"]
    direction = "min" if "min" in check.options else "max"
    value, low, high = _intervals(inputs)[key]
    return Measured(value=value, low=low, high=high, bound=low if direction == "min" else high,
                    bound_name="lower bound" if direction == "min" else "upper bound",
                    threshold=float(check.options[direction]), direction=direction,
                    detail=words.metric_detail(key, value, low, high, large=len(inputs.case.X) > LARGE_ROWS),
                    anchor="confidence" if key == "expected_calibration_error" else "performance")


def _intervals(inputs: Inputs) -> dict:
    """Every metric's interval on the same bootstrap rounds, computed once per gate (once per report through ``run``)."""
    return inputs.result(metric_intervals, keys=tuple(s.key for s in specs(inputs.case)), n_boot=inputs.n_boot,
                         random_state=inputs.random_state, threshold=inputs.threshold)
