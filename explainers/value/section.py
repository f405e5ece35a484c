"""Report section: what the model is worth against its fallbacks, the review band, and the fallback plan."""

from __future__ import annotations

from ..core.language import N_, _
from ..report.registry import section
from . import figures, words
from .value import value

TASK_ONLY = N_("Left out: values price the decisions of a yes/no classifier (per outcome) or a regressor's "
               "predictions (per unit of error); this model makes neither.")
TASKS = ("binary", "regression")


def options(ctx) -> dict:
    """The options every reader of this report's value result passes (the model card reads the same result)."""
    return {"threshold": ctx.threshold if ctx.case.proba is not None else None, "training": ctx.reference,
            "random_state": ctx.random_state, "level": ctx.level}


@section("value", "What is it worth", 85, needs_labels=True, without_labels=N_("decisions cannot be valued"),
         limitation=N_("Values per outcome (a regressor: per unit of error) are the sidecar's (or its costs) as stated; "
                       "the value of the model against its fallbacks holds for rows like these, and a person's error is "
                       "an assumption, not a measurement."))
def value_section(ctx, out) -> None:
    if ctx.case.task not in TASKS:
        out.text(_(TASK_ONLY), "muted")
        return
    found = ctx.once(value, **options(ctx))
    out.result("value", found)
    out.text(words.headline(found), "verdict")
    for sentence in words.others(found):
        out.text(sentence)
    out.figure(figures.fallbacks, found)
    out.table(words.fallback_table(found))
    if found.rule is not None:
        out.text(words.rule_sentence(found, ctx.case), "muted")
    # Translators: a heading; "unsure cases" are those whose probability lies close to the decision threshold.
    out.heading(_("Sending the least certain predictions to a person") if found.task == "regression"
                else _("Sending the unsure cases to a person"))
    out.text(words.review_sentence(found))
    out.text(words.review_share_sentence(found))
    out.figure(figures.review_curve, found)
    for column in [c for c in ctx.case.metadata.sensitive if c in ctx.case.X.columns][:2]:
        groups = found.review_by_group(column)
        out.result(f"review_by_{column}", groups)
        out.text(words.by_group_sentence(groups))
    out.heading(_("Fallback plan"))
    out.text(words.fallback_plan(found, ctx.case))
    out.text(words.values_sentence(found), "muted")
    out.text(found.method, "muted")
