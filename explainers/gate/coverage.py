"""The ``coverage`` check: conformal coverage on held-out rows, its lower bound against level - tolerance."""

from __future__ import annotations

from ..confidence import coverage_summary
from . import words
from .measured import Inputs, Measured


def measure(check, inputs: Inputs) -> Measured:
    level, tolerance = float(check.options["level"]), float(check.options["tolerance"])
    found = inputs.result(coverage_summary, level=level, random_state=inputs.random_state)
    return Measured(value=found.coverage, low=found.low, high=found.high, bound=found.low, bound_name="lower bound",
                    limit=round(level - tolerance, 10), direction="min",
                    detail=words.coverage_detail(level, found.coverage, found.low, found.high, found.rows),
                    anchor="confidence")
