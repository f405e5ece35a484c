"""Report section: since go-live, the batches watched period by period (written when the report is given batches)."""

from __future__ import annotations

from ..core.language import N_, _, ngettext
from ..report.registry import section
from . import figures, words
from .monitoring import monitor

ALERTS_SHOWN = 40  # alerts listed in the report; the JSON form holds them all


def options(ctx) -> dict:
    """How the report's batches are watched: its own seed, threshold and policy, then the monitoring options."""
    chosen = {"random_state": ctx.random_state, "policy": ctx.policy}
    if ctx.case.task == "binary" and ctx.case.proba is not None:
        chosen["threshold"] = ctx.threshold
    return {**chosen, **ctx.monitoring}


@section("monitor", "Since go-live", 88, needs_labels=True,
         without_labels=N_("batches are watched against the labelled rows the release was judged on"),
         limitation=N_("Monitoring estimates performance before labels arrive assuming no concept drift and rows like "
                       "the reference's (periods that leave its support are marked unreliable); alerts are provisional "
                       "until labels confirm them, and thresholds come from the reference's own variation."))
def monitor_section(ctx, out) -> None:
    if ctx.batches is None:
        out.text(_("No batches after go-live were given. Pass them ({command}, or {call}) to watch them period by "
                   "period.", command="python -m explainers report --batches 'scored/*.csv' --time-column T --period M",
                   call="explainers.report(..., batches=..., monitoring={'time_column': ..., 'period': ...})"), "muted")
        return
    found = ctx.once(monitor, batches=ctx.batches, **options(ctx))
    out.result("monitoring", found)
    out.text(words.headline(found), "verdict")
    out.text(words.rollback_sentence(found))
    metrics = list(dict.fromkeys(found.periods["metric"]))
    if metrics:
        out.figure(figures.metric_over_time, found, metrics[0])
        out.text(words.estimate_check(found, metrics[0]))
    out.figure(figures.drift_heatmap, found)
    if len(found.alerts):
        out.heading(_("Alerts"))
        shown = found.alerts.head(ALERTS_SHOWN)
        out.table(words.alert_table(shown))
        if len(found.alerts) > ALERTS_SHOWN:
            more = len(found.alerts) - ALERTS_SHOWN
            out.text(ngettext("{n} more alert is in the JSON form of this report.",
                              "{n} more alerts are in the JSON form of this report.", more), "muted")
    out.heading(_("Per period"))
    out.table(words.period_table(found))
    out.text(found.method, "muted")
