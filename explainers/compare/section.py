"""Report section: the report's model (the candidate) against the champion, the model you run today (written only
when the report is given a champion)."""

from __future__ import annotations

from ..core import privacy
from ..core.language import N_, _
from ..failures.words import slice_text
from ..report.registry import section
from . import figures, words
from .comparison import compare

GROUP_COLUMNS = 2  # sensitive columns compared group by group


@section("compare", "The candidate against the champion", 80, needs_labels=True,
         without_labels=N_("two models cannot be compared"),
         limitation=N_("The comparison judges both models on the same rows with paired bootstrap intervals; a "
                       "verdict on these rows says nothing about data unlike them, and group intervals are not "
                       "corrected for the number of groups looked at."))
def compare_section(ctx, out) -> None:
    if ctx.champion is None:
        out.text(_("No champion was given. Pass the model you run today ({command}, or {call}) to judge this model, "
                   "the candidate, against it on the same rows.",
                   command="python -m explainers report --champion C", call="explainers.report(..., champion=case)"),
                 "muted")
        return
    comparison = ctx.once(against, champion=ctx.champion, threshold=ctx.threshold, random_state=ctx.random_state)
    groups = {c: comparison.by_group(c) for c in list(ctx.case.metadata.sensitive)[:GROUP_COLUMNS]
              if c in ctx.case.X.columns}
    out.result("comparison", comparison)
    out.result("groups", groups)
    out.text(words.roles(comparison))
    out.text(words.headline(comparison, groups), "verdict")
    out.text(words.deciding(comparison))
    out.text(words.other_metrics(comparison))
    out.table(comparison.metrics.drop(columns=["higher_is_better"])
              .assign(better=lambda t: t["better"].map(words.role)).rename(columns=words.headers()))
    for column, table in groups.items():
        out.figure(figures.forest, figures.forest_rows(comparison.metrics, table, column))
    if not groups:
        out.figure(figures.forest, figures.forest_rows(comparison.metrics))
    _flips(comparison, out)
    if comparison.calibration is not None:
        out.figure(figures.calibration_pair, comparison.calibration["champion"], comparison.calibration["challenger"])
        out.text(words.calibration_sentence(comparison))
    out.text(words.slices_sentence(comparison))
    if not comparison.challenger_worse.empty:
        out.table(privacy.slices(comparison.challenger_worse, slice_text).drop(columns=["query", "conditions"]))
    out.text(f"{comparison.method} {words.tests_sentence(comparison)}", "muted")


def against(case, *, champion, **options):
    """The report's case, the candidate, judged against ``champion`` (the model you run today): ``compare`` with
    the roles the engine names champion and challenger."""
    return compare(champion, challenger=case, **options)


def _flips(comparison, out) -> None:
    out.text(words.flips_sentence(comparison))
    if comparison.flips.empty:
        return
    shown = comparison.flips.head(20)
    out.table(shown.assign(why=[words.flip_reason(w) for w in shown["why"]],
                           right=shown["right"].map(words.role)).rename(columns=words.headers()))
