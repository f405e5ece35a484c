"""Report sections: why (what drives the model), and the chosen rows one by one."""

from __future__ import annotations

from ..confidence.conformal import confidence
from ..confidence.words import band_sentence
from ..core.language import N_
from ..flips.section import counterfactual_block
from ..overview.rows import pick
from ..report.registry import section
from . import figures
from .attributions import attributions
from .sizing import sized_sample
from .summaries import importance
from .words import actual_sentence, explain_in_words, importance_sentence, method_note, row_heading, sample_note

WHY_ROWS = 500
WHY_SECONDS, WHY_ROWS_AT_LEAST = 30.0, 50  # fewer rows for models whose exact attributions are slow (deep forests)
WHY_AGNOSTIC_AT_LEAST = 20  # and for models whose model-agnostic rows are slow (measured)


@section("why", "Why: what drives the model", 30,
         limitation=N_("Attributions are SHAP values summed back to the input columns. Tree models use TreeSHAP "
                       "(path-dependent), linear models linear SHAP with independent features, other models "
                       "exact Shapley values over all coalitions of up to eight columns, else permutation sampling "
                       "(an estimate), on a sample sized by the measured cost of a row. For boosted and logistic "
                       "classifiers, probability "
                       "contributions are the exact log-odds contributions rescaled per row: additive, but the split "
                       "between columns is approximate. SHAP values describe the model, not the world: a large "
                       "contribution is not a cause."))
def why(ctx, out) -> None:
    case = ctx.case
    sample = sized_sample(case, WHY_SECONDS, WHY_ROWS, WHY_ROWS_AT_LEAST, ctx.random_state, WHY_AGNOSTIC_AT_LEAST)
    att = attributions(case, rows=sample.rows, random_state=ctx.random_state)
    imp = importance(att)
    out.result("importance", imp)
    out.text(sample_note(att, len(case.X), usual=WHY_ROWS, seconds_per_row=sample.seconds_per_row), "muted")
    out.text(method_note(att), "muted")
    out.text(importance_sentence(imp))
    out.figure(figures.importance_bar, imp, case.metadata.descriptions)
    out.figure(figures.beeswarm, att, case.feature_kinds, imp=imp)
    top = imp.columns[0]
    out.figure(figures.dependence, att, top, case.feature_kinds[top])


@section("rows", "Chosen rows", 40)
def chosen_rows(ctx, out) -> None:
    case = ctx.case
    labels = list(dict.fromkeys(ctx.rows if ctx.rows is not None else _default_rows(case)))
    scored = not case.is_classifier or case.proba is not None  # confidence bands need probabilities
    conf = ctx.once(confidence, level=ctx.level, random_state=ctx.random_state) if case.labelled and scored else None
    att = attributions(case, rows=labels, random_state=ctx.random_state)
    for label in labels:
        out.heading(row_heading(att, label))
        if case.labelled:
            out.text(actual_sentence(case.y.loc[label]))
        if conf is not None:
            out.text(band_sentence(case, conf, label))
        out.text(explain_in_words(att, label))
        out.figure(figures.waterfall, att, label)
        counterfactual_block(out, case, label, ctx.random_state, threshold=ctx.threshold)
    out.result("rows", att)


def _default_rows(case) -> list:
    labels = [case.X.index[0]]
    if case.labelled and case.is_classifier and case.proba is not None:
        labels += [r for r in pick(case, "most_confident_wrong", 1) if r not in labels]
    return labels
