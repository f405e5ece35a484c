"""Report sections: performance, costs and threshold; where it fails."""

from __future__ import annotations

from ..report.registry import section
from . import figures
from .groups import group_metrics, largest_gap
from .performance import performance, threshold_change
from .slices import failures


@section("performance", "Performance, costs and threshold", 20, needs_labels=True,
         without_labels="performance cannot be measured")
def performance_section(ctx, out) -> None:
    case = ctx.case
    perf = ctx.once(performance, threshold=ctx.threshold)
    out.result("performance", perf)
    out.table(perf.metrics)
    if perf.confusion is not None:
        out.figure(figures.confusion_matrix, perf.confusion)
    if perf.threshold_study is not None:
        out.figure(figures.threshold_costs, perf.threshold_study, ctx.threshold, perf.best_threshold, perf.costs)
        out.text(threshold_change(perf, perf.best_threshold, ctx.threshold))
        out.text("The cheapest threshold is chosen on these same rows; confirm it on fresh data.", "muted")
    if perf.residuals is not None:
        out.figure(figures.residuals, perf.residuals, "prediction", f"predicted {case.target}")


@section("failures", "Where it fails", 60, needs_labels=True, without_labels="failures cannot be located",
         limitation="Failing slices are searched over single conditions and pairs on quantile bins; a slice that is "
                    "not listed may still be bad if it is small or needs three conditions to describe.")
def failures_section(ctx, out) -> None:
    case = ctx.case
    slices = ctx.once(failures)
    out.result("slices", slices)
    if slices.empty:
        out.text("No slice is significantly worse than the rest (5% false discovery rate).")
    else:
        out.text("Slices tested against the rest of the rows (Fisher's exact or Welch's t-test), "
                 "Benjamini-Hochberg q-values, most error explained first.", "muted")
        out.table(slices.drop(columns=["explained"]).head(10))
    for column in list(case.metadata.sensitive)[:3]:
        if column in case.X.columns:
            table = group_metrics(case, column)
            out.result(f"groups_{column}", table)
            out.heading(f"Metrics by {column}")
            out.table(table)
            metric = "mae" if case.task == "regression" else "accuracy"
            gap = largest_gap(table, metric)
            if gap:
                out.text(f"Largest {metric} gap: {gap['high_group']} {gap['high']:.3g} against "
                         f"{gap['low_group']} {gap['low']:.3g}.")
