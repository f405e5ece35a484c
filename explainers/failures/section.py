"""Report sections: performance, costs and threshold; where it fails. Sentences come from words.py."""

from __future__ import annotations

from ..report.registry import section
from . import figures, words
from .groups import group_metrics
from .performance import performance
from .slices import failures

SLICES_SHOWN = 10
GROUP_COLUMNS = 3  # sensitive columns given a group table


@section("performance", "Performance, costs and threshold", 20, needs_labels=True,
         without_labels="performance cannot be measured")
def performance_section(ctx, out) -> None:
    perf = ctx.once(performance, threshold=ctx.threshold)
    out.result("performance", perf)
    out.table(perf.metrics.drop(columns="key"))
    out.text(perf.method, "muted")
    if perf.confusion is not None:
        out.figure(figures.confusion_matrix, perf)
    if perf.threshold_study is not None:
        out.figure(figures.threshold_costs, perf)
        out.text(words.threshold_move(perf))
        out.text(words.threshold_caveat(perf), "muted")
    if perf.residuals is not None:
        out.figure(figures.residuals, perf, label=f"predicted {ctx.case.target}")


@section("failures", "Where it fails", 60, needs_labels=True, without_labels="failures cannot be located",
         limitation="Failing slices are searched over single conditions and pairs on quantile bins; a slice that is "
                    "not listed may still be bad if it is small or needs three conditions to describe.")
def failures_section(ctx, out) -> None:
    case = ctx.case
    found = ctx.once(failures)
    out.result("failures", found)
    if found.slices.empty:
        out.text(words.no_slices(found))
    else:
        out.text(words.slices_method(), "muted")
        out.table(found.slices.drop(columns=["conditions", "explained"]).head(SLICES_SHOWN))
    for column in [c for c in case.metadata.sensitive if c in case.X.columns][:GROUP_COLUMNS]:
        groups = ctx.once(group_metrics, column=column)
        out.result(f"groups_{column}", groups)
        out.heading(f"Metrics by {column}")
        out.table(groups.table)
        gap = words.group_gap(groups)
        if gap:
            out.text(gap)
