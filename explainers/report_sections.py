"""One builder per report section: engine results -> text, tables and figures (see report.py)."""

from __future__ import annotations

import pandas as pd

from . import figures
from .attributions import affordable_rows, attributions
from .calibration import calibration
from .confidence import confidence, describe
from .counterfactuals import counterfactuals
from .data_health import data_health
from .group_metrics import group_metrics, largest_gap
from .metrics import headline_metrics
from .narrative import explain_in_words, format_output
from .overview import feature_table, model_structure, task_in_words
from .performance import performance, threshold_change
from .row_picks import pick
from .slices import failures
from .summaries import importance

WHY_ROWS = 500
WHY_SECONDS, WHY_ROWS_AT_LEAST = 30.0, 50  # fewer rows for models whose exact attributions are slow (deep forests)


def _text(text: str, css: str = "") -> dict:
    return {"kind": "text", "text": text, "css": css}


def _table(frame: pd.DataFrame) -> dict:
    from .report import table_html

    return {"kind": "table", "html": table_html(frame)}


def summary(builder, case, settings) -> None:
    blocks = builder.section("summary", "Summary")
    structure = model_structure(case)
    blocks.append(_text(f"Model: {structure['estimator']}. {task_in_words(case)}"))
    blocks.append({"kind": "list", "items": structure["steps"]})
    labels = f"labelled by '{case.target}'" if case.labelled else "unlabelled"
    blocks.append(_text(f"Data: {len(case.X):,} rows x {case.X.shape[1]} columns, {labels}."))
    blocks.append(_text(_verdict(case, settings), "verdict"))
    for note in case.notes:
        blocks.append(_text(f"Note from loading: {note}", "muted"))
    blocks.append(_table(feature_table(case).drop(columns=["missing"])))


def _verdict(case, settings) -> str:
    if not case.labelled:
        return "The data has no labels, so this report explains the model's outputs but cannot judge their accuracy."
    parts = [m.meaning for m in headline_metrics(case)[:1]]
    if case.is_classifier and case.proba is not None:
        cal = _once(settings, ("calibration",), lambda: calibration(case))
        honesty = "close to" if cal.ece < 0.05 else "somewhat off" if cal.ece < 0.1 else "far from"
        parts.append(f"Its probabilities are {honesty} the observed shares (expected calibration error {cal.ece:.3f}).")
    slices = _once(settings, ("failures",), lambda: failures(case))
    parts.append(f"{len(slices)} data slice{'s are' if len(slices) != 1 else ' is'} significantly worse than the rest"
                 + (f"; the worst: {slices['slice'].iloc[0]} (error {slices['error'].iloc[0]:.3g} against "
                    f"{slices['error_elsewhere'].iloc[0]:.3g} elsewhere)." if len(slices) else "."))
    return " ".join(parts)


def _once(settings: dict, key: tuple, compute):
    """A result several sections of one report use (the verdict and its own section): computed once."""
    memo = settings.setdefault("computed", {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _without_labels(blocks, case, consequence: str) -> bool:
    """True (and a note in the section) when the data has no labels, so the section cannot be computed."""
    if not case.labelled:
        blocks.append(_text(f"No labels in the data: {consequence}."))
    return not case.labelled


def performance_section(builder, case, settings) -> None:
    blocks = builder.section("performance", "Performance, costs and threshold")
    if _without_labels(blocks, case, "performance cannot be measured"):
        return
    perf = performance(case)
    blocks.append(_table(perf.metrics))
    if perf.confusion is not None:
        blocks.append(builder.figure(figures.confusion_matrix(perf.confusion)))
    if perf.threshold_study is not None:
        blocks.append(builder.figure(figures.threshold_costs(perf.threshold_study, 0.5, perf.best_threshold, perf.costs)))
        blocks.append(_text(threshold_change(perf, perf.best_threshold)))
        blocks.append(_text("The cheapest threshold is chosen on these same rows; confirm it on fresh data.", "muted"))
    if perf.residuals is not None:
        blocks.append(builder.figure(figures.residuals(perf.residuals, "prediction", f"predicted {case.target}")))


def why(builder, case, settings) -> None:
    blocks = builder.section("why", "Why: what drives the model")
    count = affordable_rows(case, WHY_SECONDS, WHY_ROWS, WHY_ROWS_AT_LEAST)
    rows = None if len(case.X) <= count else list(case.X.sample(count, random_state=settings["random_state"]).index)
    att = attributions(case, rows=rows, random_state=settings["random_state"])
    sample = ""
    if rows is not None:
        sample = (" (a random sample" + (f"; {count} rather than {WHY_ROWS} because this model's trees are large and "
                                         "exact SHAP time grows with their leaves" if count < WHY_ROWS else "") + ")")
    blocks.append(_text(f"SHAP values on {len(att.values):,} of {len(case.X):,} rows{sample}. Method: {att.method}. "
                        f"Largest additivity error {att.max_additivity_error:.1e}.", "muted"))
    blocks.append(builder.figure(figures.importance_bar(att, case.metadata.descriptions)))
    blocks.append(builder.figure(figures.beeswarm(att, case.feature_kinds)))
    top = importance(att).index[0]
    blocks.append(builder.figure(figures.dependence(att, top, case.feature_kinds[top])))


def chosen_rows(builder, case, settings) -> None:
    blocks = builder.section("rows", "Chosen rows")
    labels = settings["rows"] if settings["rows"] is not None else _default_rows(case)
    conf = (_once(settings, ("confidence", settings["level"], 0), lambda: confidence(case, settings["level"]))
            if case.labelled else None)
    for label in labels:
        att = attributions(case, rows=[label])
        blocks.append({"kind": "heading", "text": f"Row {label}: {att.units} {format_output(att, att.output[0])}"})
        if case.labelled:
            blocks.append(_text(f"Actual outcome: {case.y.loc[label]}."))
        if conf is not None:
            blocks.append(_text(_band(case, conf, label)))
        blocks.append(_text(explain_in_words(case, att, label)))
        blocks.append(builder.figure(figures.waterfall(att, label)))
        _counterfactual_block(blocks, case, label)


def _default_rows(case) -> list:
    labels = [case.X.index[0]]
    if case.labelled and case.is_classifier and case.proba is not None:
        labels += [r for r in pick(case, "most_confident_wrong", 1) if r not in labels]
    return labels


def _band(case, conf, label) -> str:
    level = f"{conf.level:.0%}"
    if case.is_classifier:
        labels = conf.predict_set(case.X.loc[[label]])[0]
        return f"At {level} confidence: " + (" or ".join(map(str, sorted(labels, key=str))) if labels else "no class")
    band = conf.interval(case.X.loc[[label]]).iloc[0]
    return f"At {level} confidence: between {band['lower']:,.4g} and {band['upper']:,.4g} {case.target}."


def _counterfactual_block(blocks, case, label) -> None:
    if case.task == "regression":
        return  # a regression counterfactual needs a target range chosen by the reader
    found = counterfactuals(case, label)
    if found.empty:
        blocks.append(_text(found.attrs.get("message", "No counterfactual found."), "muted"))
        return
    blocks.append(_text("Smallest changes that flip the decision (each put through the model and checked against the constraints):"))
    blocks.append(_table(found[["prediction", "score", "changes", "features_changed", "plausibility"]]))


def confidence_section(builder, case, settings) -> None:
    blocks = builder.section("confidence", "Confidence and calibration")
    if _without_labels(blocks, case, "confidence bands cannot be calibrated"):
        return
    seed = settings["random_state"]
    conf = _once(settings, ("confidence", settings["level"], seed),
                 lambda: confidence(case, settings["level"], random_state=seed))
    low, high = conf.coverage_interval
    blocks.append(_text(f"Split conformal prediction ({conf.method}) calibrated on {len(conf.calibration_rows):,} rows; "
                        f"measured coverage {conf.coverage:.1%} (95% interval {low:.1%} to {high:.1%}) on "
                        f"{len(conf.evaluation_rows):,} other rows, for a promised {conf.level:.0%}."))
    blocks.append(_text(describe(conf)))
    if case.is_classifier and case.proba is not None:
        cal = _once(settings, ("calibration",), lambda: calibration(case))
        blocks.append(builder.figure(figures.reliability_diagram(cal)))
        blocks.append(_text(f"Expected calibration error {cal.ece:.3f}, Brier score {cal.brier:.3f}, log loss "
                            f"{cal.log_loss:.3f}. {cal.method}", "muted"))
    for column in list(case.metadata.sensitive)[:2]:
        if column in case.X.columns:
            blocks.append(builder.figure(figures.coverage_by_group(conf.coverage_by(column), conf.level, column)))


def failures_section(builder, case, settings) -> None:
    blocks = builder.section("failures", "Where it fails")
    if _without_labels(blocks, case, "failures cannot be located"):
        return
    slices = _once(settings, ("failures",), lambda: failures(case))
    if slices.empty:
        blocks.append(_text("No slice is significantly worse than the rest (5% false discovery rate)."))
    else:
        blocks.append(_text("Slices tested against the rest of the rows (Fisher's exact or Welch's t-test), "
                            "Benjamini-Hochberg q-values, most error explained first.", "muted"))
        blocks.append(_table(slices.drop(columns=["explained"]).head(10)))
    for column in list(case.metadata.sensitive)[:3]:
        if column in case.X.columns:
            table = group_metrics(case, column)
            blocks.append({"kind": "heading", "text": f"Metrics by {column}"})
            blocks.append(_table(table))
            metric = "mae" if case.task == "regression" else "accuracy"
            gap = largest_gap(table, metric)
            if gap:
                blocks.append(_text(f"Largest {metric} gap: {gap['high_group']} {gap['high']:.3g} against "
                                    f"{gap['low_group']} {gap['low']:.3g}."))


def health_section(builder, case, settings) -> None:
    blocks = builder.section("data-health", "Data health")
    health = data_health(case, reference=settings["reference"])
    if health.checks.empty:
        blocks.append(_text("No problem found in the data."))
    else:
        blocks.append(_table(health.checks))
    if health.drift is not None:
        blocks.append(builder.figure(figures.drift_bars(health.drift)))
    blocks.append(_text(health.method, "muted"))


def methods(builder, case, settings) -> None:
    blocks = builder.section("methods", "Methods and limitations")
    blocks.append({"kind": "list", "items": [
        "Attributions are SHAP values summed back to the input columns. Tree models use TreeSHAP "
        "(path-dependent), linear models linear SHAP with independent features, other models permutation "
        "sampling (an estimate). For boosted and logistic classifiers, probability contributions are the "
        "exact log-odds contributions rescaled per row: additive, but the split between columns is approximate.",
        "SHAP values describe the model, not the world: a large contribution is not a cause.",
        f"Confidence bands are split-conformal at {settings['level']:.0%}: they hold on average over rows like "
        "these, not for every single row, and assume new rows resemble the labelled ones.",
        "Failing slices are searched over single conditions and pairs on quantile bins; a slice that is not "
        "listed may still be bad if it is small or needs three conditions to describe.",
        "Counterfactuals change only mutable columns within the observed ranges; they show what the model "
        "would do, not what is feasible or fair for the person.",
        "Metrics are measured on the rows given; they say nothing about data unlike them.",
    ]})


SECTION_BUILDERS = {
    "summary": summary, "performance": performance_section, "why": why, "rows": chosen_rows,
    "confidence": confidence_section, "failures": failures_section, "data_health": health_section,
    "methods": methods,
}
