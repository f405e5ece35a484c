"""Report section: confidence and calibration."""

from __future__ import annotations

from ..core.language import N_, _
from ..report.registry import section
from . import figures
from .calibration import calibration
from .summary import coverage_summary
from .words import calibration_sentence, coverage_sentence, describe, groups_sentence, method_sentence

NO_PROBABILITY = N_("Left out: the model has no predict_proba, so it gives no probabilities to calibrate and no "
                  "confidence sets can be built from them. Refit it with probabilities (e.g. CalibratedClassifierCV) "
                  "to see how sure it is.")


@section("confidence", "Confidence and calibration", 50, needs_labels=True,
         without_labels=N_("confidence bands cannot be calibrated"),
         limitation=N_("Confidence bands are split-conformal: they hold on average over rows like these, not for "
                       "every single row, and assume new rows resemble the labelled ones."))
def confidence_section(ctx, out) -> None:
    case = ctx.case
    if case.is_classifier and case.proba is None:
        out.text(_(NO_PROBABILITY))
        return
    found = ctx.once(coverage_summary, level=ctx.level, random_state=ctx.random_state)  # the gate reads the same
    conf = found.bands
    out.result("coverage", found)
    out.result("confidence", conf)
    out.text(coverage_sentence(found))
    out.text(describe(conf))
    out.text(method_sentence(conf), "muted")
    if case.is_classifier and case.proba is not None:
        cal = ctx.once(calibration)
        out.result("calibration", cal)
        out.figure(figures.reliability_diagram, cal)
        out.text(calibration_sentence(cal), "muted")
    if found.groups:
        out.result("coverage_by_group", found.groups)
        for by_group in found.groups.values():
            out.figure(figures.coverage_by_group, by_group)
        out.text(groups_sentence(found))
