"""Report sections: performance, costs and threshold; where it fails; fairness. Sentences come from words.py."""

from __future__ import annotations

from ..core import privacy
from ..core.language import N_, _, current, number
from ..glossary.terms import readable_columns
from ..report.registry import section
from . import figures, words
from .fairness import fairness
from .groups import group_metrics
from .performance import performance
from .slices import failures

SLICES_SHOWN = 10
GROUP_COLUMNS = 3  # sensitive columns given a group table


@section("performance", "Performance, costs and threshold", 20, needs_labels=True,
         without_labels=N_("performance cannot be measured"))
def performance_section(ctx, out) -> None:
    perf = ctx.once(performance, threshold=ctx.threshold)
    out.result("performance", perf)
    out.table(_metrics_table(perf.metrics))
    out.text(perf.method, "muted")
    if perf.confusion is not None:
        out.figure(figures.confusion_matrix, perf)
    if perf.threshold_study is not None:
        out.figure(figures.threshold_costs, perf)
        out.text(words.threshold_move(perf))
        out.text(words.threshold_caveat(perf), "muted")
    if perf.residuals is not None:
        out.figure(figures.residuals, perf, label=_("predicted {target}", target=ctx.case.target))


def _metrics_table(metrics):
    """The metrics as a reader sees them: readable headers in the reader's language, values written the local way
    outside English (English: the table as it always was)."""
    table = readable_columns(metrics.drop(columns="key").rename(columns={"name": "metric"}))
    if current() == "en":
        return table
    # Translators: the headers of the performance table: a metric's name, its value and what it says.
    headers = {"Metric": _("Metric"), "Value": _("Value"), "Meaning": _("Meaning")}
    return table.assign(Value=[number(v) for v in table["Value"]]).rename(columns=headers)


def _slices_table(shown):
    """The failing slices with readable headers; outside English, measured numbers written the local way (English:
    the table as it always was)."""
    if current() == "en":
        return readable_columns(shown)
    local = {c: [number(v) for v in shown[c]] for c in ("error", "ci_low", "ci_high", "error_elsewhere")
             if c in shown.columns}
    local |= {c: [words.p_text(v) for v in shown[c]] for c in ("p_value", "q_value") if c in shown.columns}
    # Translators: a slice's error (its error rate, or its mean absolute error for a regression).
    return readable_columns(shown.assign(**local)).rename(columns={"Error": _("Error")})


@section("failures", "Where it fails", 60, needs_labels=True, without_labels=N_("failures cannot be located"),
         # Translators: a slice is a group of rows described by one or two conditions, e.g. "age under 25".
         limitation=N_("Failing slices are searched over single conditions and pairs on quantile bins; a slice that is "
                       "not listed may still be bad if it is small or needs three conditions to describe."))
def failures_section(ctx, out) -> None:
    found = ctx.once(failures)
    out.result("failures", found)
    if found.slices.empty:
        out.text(words.no_slices(found))
    else:
        out.text(words.slices_method(), "muted")
        shown = privacy.slices(found.slices, words.slice_text)
        out.table(_slices_table(shown.drop(columns=["query", "conditions", "explained"]).head(SLICES_SHOWN)))
    for note in found.notes:  # samples and Dask partitions: what was counted where
        out.text(note, "muted")
    for column in [c for c in ctx.case.metadata.sensitive if c in ctx.case.X.columns][:GROUP_COLUMNS]:
        out.result(f"groups_{column}", ctx.once(group_metrics, column=column, threshold=ctx.threshold))  # fairness


@section("fairness", "Fairness: groups compared", 62, needs_labels=True,
         without_labels=N_("groups cannot be compared"),
         limitation=N_("Fairness compares decisions between the groups of the sidecar's sensitive columns on these "
                       "rows only; groups under 30 rows are shown but not judged, and equal rates do not prove fair "
                       "treatment."))
def fairness_section(ctx, out) -> None:
    case = ctx.case
    columns = list(dict.fromkeys([c for c in [ctx.group, *case.metadata.sensitive]
                                  if c in case.X.columns]))[:GROUP_COLUMNS]
    if not columns:
        out.text(_("No sensitive columns are named in the sidecar, so no groups were compared."))
        return
    for column in columns:
        out.heading(_("By {column}", column=column))
        if case.task == "binary" and case.proba is not None:
            fair = ctx.once(fairness, column=column, threshold=ctx.threshold)
            out.result(f"fairness_{column}", fair)
            for sentence in words.fairness_sentences(fair):
                out.text(sentence)
            out.figure(figures.fairness_bars, fair)
            out.table(words.fairness_table(fair))
            out.text(fair.method, "muted")
        else:
            groups = ctx.once(group_metrics, column=column, threshold=ctx.threshold)
            out.result(f"groups_{column}", groups)
            gap = words.group_gap(groups)
            if gap:
                out.text(gap)
            out.table(readable_columns(groups.table))
