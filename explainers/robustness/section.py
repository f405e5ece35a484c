"""Report section: how robust the model is."""

from __future__ import annotations

from ..report.registry import section
from . import figures, words
from .scan import robustness


@section("robustness", "How robust is it", 65,
         limitation="The robustness scan moves one column at a time by small amounts on a sample of rows; "
                    "changes to several columns at once, and shifts larger than those tried, are not covered.")
def robustness_section(ctx, out) -> None:
    case = ctx.case
    scan = ctx.once(robustness, random_state=ctx.random_state, training=ctx.reference, threshold=ctx.threshold)
    out.result("robustness", scan)
    out.text(words.summary(scan))
    out.text(words.gate_values(scan))
    if not scan.findings.empty:
        out.table(scan.findings[["severity", "check", "where", "evidence", "advice"]])
    out.figure(figures.flip_rates, scan.perturbation, case.task)
    out.figure(figures.blank_movement, scan.missing, case.task, case.target)
    if not scan.passed.empty:
        out.heading("Tried and held")
        out.table(scan.passed)
    out.text(scan.method, "muted")
    for note in scan.notes:
        out.text(note, "muted")
