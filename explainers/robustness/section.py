"""Report section: how robust the model is."""

from __future__ import annotations

from ..core.language import N_, _, current
from ..report.registry import section
from . import figures, words
from .scan import robustness


@section("robustness", "How robust is it", 65,
         limitation=N_("The robustness scan moves one column at a time by small amounts on a sample of rows; "
                       "changes to several columns at once, and shifts larger than those tried, are not covered."))
def robustness_section(ctx, out) -> None:
    case = ctx.case
    scan = ctx.once(robustness, random_state=ctx.random_state, training=ctx.reference, threshold=ctx.threshold)
    out.result("robustness", scan)
    out.text(words.summary(scan))
    out.text(words.gate_values(scan))
    if not scan.findings.empty:
        out.table(readable(scan.findings[["severity", "check", "where", "evidence", "advice"]]))
    out.figure(figures.flip_rates, scan.perturbation, case.task)
    out.figure(figures.blank_movement, scan.missing, case.task, case.target)
    if not scan.passed.empty:
        out.heading(_("Tried and held"))
        out.table(readable(scan.passed))
    out.text(scan.method, "muted")
    for note in scan.notes:
        out.text(note, "muted")


def readable(table):
    """A findings or held table in the reader's language: headers, check names and severities translated (English:
    as computed); where a finding is (a column, a slice) is the data's own."""
    if current() == "en":
        return table
    # Translators: the headers of the robustness tables.
    headers = {"severity": _("severity"), "check": _("check"), "where": _("where"), "evidence": _("evidence"),
               "advice": _("advice")}
    shown = table.copy()
    shown["check"] = [words.check_name(c) for c in shown["check"]]
    shown["where"] = [_("Training rows") if w == "training rows" else w for w in shown["where"]]
    if "severity" in shown:
        shown["severity"] = [words.severity(s) for s in shown["severity"]]
    return shown.rename(columns=headers)
