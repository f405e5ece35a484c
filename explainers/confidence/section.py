"""Report section: confidence and calibration."""

from __future__ import annotations

from ..report.registry import section
from . import figures
from .calibration import calibration
from .conformal import SMALL_EVALUATION, confidence, coverage_over_splits
from .words import (
    calibration_sentence,
    coverage_sentence,
    describe,
    method_sentence,
    shortfall_sentence,
    splits_sentence,
)

NO_PROBABILITY = ("Left out: the model has no predict_proba, so it gives no probabilities to calibrate and no "
                  "confidence sets can be built from them. Refit it with probabilities (e.g. CalibratedClassifierCV) "
                  "to see how sure it is.")


@section("confidence", "Confidence and calibration", 50, needs_labels=True,
         without_labels="confidence bands cannot be calibrated",
         limitation="Confidence bands are split-conformal: they hold on average over rows like these, not for "
                    "every single row, and assume new rows resemble the labelled ones.")
def confidence_section(ctx, out) -> None:
    case = ctx.case
    if case.is_classifier and case.proba is None:
        out.text(NO_PROBABILITY)
        return
    conf = ctx.once(confidence, level=ctx.level, random_state=ctx.random_state)
    out.result("confidence", conf)
    if len(conf.evaluation_rows) < SMALL_EVALUATION:  # one split of few rows is noisy: lead with the average
        splits = ctx.once(coverage_over_splits, level=ctx.level)
        out.result("coverage_over_splits", splits)
        out.text(splits_sentence(splits))
    out.text(coverage_sentence(conf))
    out.text(describe(conf))
    out.text(method_sentence(conf), "muted")
    if case.is_classifier and case.proba is not None:
        cal = ctx.once(calibration)
        out.result("calibration", cal)
        out.figure(figures.reliability_diagram, cal)
        out.text(calibration_sentence(cal), "muted")
    groups = {column: conf.coverage_by(column) for column in list(case.metadata.sensitive)[:2]
              if column in case.X.columns}
    if groups:
        out.result("coverage_by_group", groups)
    for by_group in groups.values():
        out.figure(figures.coverage_by_group, by_group)
        if by_group.short_groups:
            out.text(shortfall_sentence(by_group))
