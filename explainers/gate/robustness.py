"""The ``robustness``, ``leakage`` and ``determinism`` checks, read from the robustness scan's result."""

from __future__ import annotations

from ..robustness import words as robustness_words
from ..robustness.scan import robustness
from . import words
from .measured import Inputs, Measured


def _scan(inputs: Inputs):
    return inputs.result(robustness, random_state=inputs.random_state, training=inputs.reference,
                         threshold=inputs.threshold)


def measure_flips(check, inputs: Inputs) -> Measured:
    """The largest flip rate over the columns moved; judged on the largest upper bound of its 95% interval."""
    scan = _scan(inputs)
    tried = scan.perturbation[scan.perturbation["rows"] > 0]
    if tried.empty:
        return Measured(value=0.0, low=0.0, high=0.0, bound=0.0, bound_name="upper bound",
                        limit=float(check.options["max_flip_rate"]), detail=words.nothing_moved(), anchor="robustness")
    widest = tried.loc[tried["ci_high"].idxmax()]
    return Measured(value=scan.max_flip_rate, low=float(widest["ci_low"]), high=float(widest["ci_high"]),
                    bound=float(widest["ci_high"]), bound_name="upper bound",
                    limit=float(check.options["max_flip_rate"]), direction="max",
                    detail=words.flips_detail(scan, widest), anchor="robustness")


def measure_leakage(check, inputs: Inputs) -> Measured:
    """The number of suspected leaks (major or medium leakage findings: a column as good as the model that it
    leans on most, rows shared with the training file beyond the natural rate, batch effects); at most 0."""
    scan = _scan(inputs)
    leaks = scan.findings[(scan.findings["check"] == "leakage") & (scan.findings["severity"] != "minor")]
    count, detail = len(leaks), robustness_words.leakage_gate(leaks, scan.training is not None)
    return Measured(value=count, low=count, high=count, bound=count, bound_name="number of suspected leaks",
                    limit=0.0, direction="max", detail=detail, anchor="robustness")


def measure_determinism(check, inputs: Inputs) -> Measured:
    scan = _scan(inputs)
    changed = 0.0 if scan.deterministic else float(scan.repeats.repeat_share)
    return Measured(value=changed, low=changed, high=changed, bound=changed, bound_name="share of rows", limit=0.0,
                    direction="max", detail=words.determinism_detail(scan), anchor="robustness")
