"""Report sections: why (what drives the model), and the chosen rows one by one."""

from __future__ import annotations

from ..confidence.conformal import confidence
from ..confidence.words import band_sentence
from ..flips.section import counterfactual_block
from ..overview.rows import pick
from ..report.registry import section
from . import figures
from .attributions import affordable_rows, attributions
from .summaries import importance
from .words import explain_in_words, format_output

WHY_ROWS = 500
WHY_SECONDS, WHY_ROWS_AT_LEAST = 30.0, 50  # fewer rows for models whose exact attributions are slow (deep forests)


@section("why", "Why: what drives the model", 30,
         limitation="Attributions are SHAP values summed back to the input columns. Tree models use TreeSHAP "
                    "(path-dependent), linear models linear SHAP with independent features, other models "
                    "permutation sampling (an estimate). For boosted and logistic classifiers, probability "
                    "contributions are the exact log-odds contributions rescaled per row: additive, but the split "
                    "between columns is approximate. SHAP values describe the model, not the world: a large "
                    "contribution is not a cause.")
def why(ctx, out) -> None:
    case = ctx.case
    count = affordable_rows(case, WHY_SECONDS, WHY_ROWS, WHY_ROWS_AT_LEAST)
    rows = None if len(case.X) <= count else list(case.X.sample(count, random_state=ctx.random_state).index)
    att = attributions(case, rows=rows, random_state=ctx.random_state)
    out.result("importance", importance(att))
    sample = ""
    if rows is not None:
        sample = (" (a random sample" + (f"; {count} rather than {WHY_ROWS} because this model's trees are large and "
                                         "exact SHAP time grows with their leaves" if count < WHY_ROWS else "") + ")")
    out.text(f"SHAP values on {len(att.values):,} of {len(case.X):,} rows{sample}. Method: {att.method}. "
             f"Largest additivity error {att.max_additivity_error:.1e}.", "muted")
    out.figure(figures.importance_bar, att, case.metadata.descriptions)
    out.figure(figures.beeswarm, att, case.feature_kinds)
    top = importance(att).index[0]
    out.figure(figures.dependence, att, top, case.feature_kinds[top])


@section("rows", "Chosen rows", 40)
def chosen_rows(ctx, out) -> None:
    case = ctx.case
    labels = ctx.rows if ctx.rows is not None else _default_rows(case)
    conf = ctx.once(confidence, level=ctx.level, random_state=ctx.random_state) if case.labelled else None
    explained = []
    for label in labels:
        att = attributions(case, rows=[label], random_state=ctx.random_state)
        out.heading(f"Row {label}: {att.units} {format_output(att, att.output[0])}")
        if case.labelled:
            out.text(f"Actual outcome: {case.y.loc[label]}.")
        if conf is not None:
            out.text(band_sentence(case, conf, label))
        out.text(explain_in_words(case, att, label))
        out.figure(figures.waterfall, att, label)
        counterfactual_block(out, case, label, ctx.random_state)
        explained.append({"row": label, "output": float(att.output[0]), "units": att.units,
                          "contributions": att.values.loc[label]})
    out.result("rows", explained)


def _default_rows(case) -> list:
    labels = [case.X.index[0]]
    if case.labelled and case.is_classifier and case.proba is not None:
        labels += [r for r in pick(case, "most_confident_wrong", 1) if r not in labels]
    return labels
