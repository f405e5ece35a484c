"""The ``coverage`` check: conformal coverage on held-out rows, its lower bound against level - tolerance."""

from __future__ import annotations

from ..confidence.conformal import confidence
from . import words
from .measured import Inputs, Measured


def measure(check, inputs: Inputs) -> Measured:
    level, tolerance = float(check.options["level"]), float(check.options["tolerance"])
    conf = inputs.result(confidence, level=level, random_state=inputs.random_state)
    low, high = (float(x) for x in conf.coverage_interval)
    return Measured(value=float(conf.coverage), low=low, high=high, bound=low, bound_name="lower bound",
                    limit=round(level - tolerance, 10), direction="min",
                    detail=words.coverage_detail(level, conf.coverage, low, high, len(conf.evaluation_rows)),
                    anchor="confidence")
