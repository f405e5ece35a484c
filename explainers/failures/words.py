"""Plain sentences about where the model fails: the one source for the Where it fails page and the report.

Every function takes a result (or values from one) and returns text; none calls the engine.
"""

from __future__ import annotations

from ..core.words import number, plain, rows, value

NAMES = {  # stable metric key -> display name
    "accuracy": "Accuracy",
    "balanced_accuracy": "Balanced accuracy",
    "roc_auc": "ROC AUC",
    "average_precision": "PR AUC (average precision)",
    "f1": "F1",
    "f1_macro": "Macro F1",
    "precision": "Precision",
    "recall": "Recall",
    "log_loss": "Log loss",
    "brier_score": "Brier score",
    "mae": "Mean absolute error",
    "rmse": "Root mean squared error",
    "r2": "R²",
    "median_absolute_error": "Median absolute error",
    "positive_rate": "Positive rate",
    "true_positive_rate": "True positive rate",
    "false_positive_rate": "False positive rate",
}

_MEANINGS = {  # what each metric says, for a business reader; {positive}, {other}, {base_rate}, {target}
    "accuracy": "Share of rows whose decision is right.",
    "balanced_accuracy": "Mean of the shares of {positive} and of {other} rows recognised; not fooled by imbalance.",
    "roc_auc": "Chance that a random {positive} row scores above a random {other} row.",
    "average_precision": "How precise the {positive} alarms stay as more of them are raised; the base rate is {base_rate}.",
    "f1": "Balance of precision and recall for {positive}.",
    "precision": "Of rows flagged {positive}, the share truly {positive}.",
    "recall": "Of truly {positive} rows, the share flagged.",
    "log_loss": "Penalises confident mistakes; lower is better.",
    "brier_score": "Mean squared gap between probability and outcome; lower is better.",
    "f1_macro": "F1 averaged over classes, each counting equally.",
    "mae": "Typical miss, in {target}.",
    "rmse": "Like MAE but large misses weigh more, in {target}.",
    "r2": "Share of the variation explained (0: no better than the average).",
    "median_absolute_error": "Half the misses are smaller than this, in {target}.",
    "positive_rate": "Share of rows flagged {positive}.",
    "true_positive_rate": "Of truly {positive} rows, the share flagged.",
    "false_positive_rate": "Of rows truly not {positive}, the share flagged {positive}.",
}

_MULTICLASS_MEANINGS = {
    "accuracy": "Share of rows whose class is right.",
    "balanced_accuracy": "Mean share recognised per class.",
}


def name(key: str) -> str:
    """The display name of a metric key ("roc_auc" -> "ROC AUC"); unknown keys read as words."""
    return NAMES.get(key, key.replace("_", " ").capitalize())


def meaning(key: str, task: str = "binary", **context) -> str:
    """What the metric says for a model of ``task``, with the classes or target filled in (``positive``,
    ``other``, ``base_rate``, ``target``)."""
    template = (_MULTICLASS_MEANINGS.get(key) if task == "multiclass" else None) or _MEANINGS.get(key, "")
    return template.format(**{k: str(v) for k, v in context.items()})


# -- headline metrics (home page, command line, report verdict) ---------------------------------------------

def headline_meaning(key: str, value_: float, **context) -> str:
    """The one-line reading of a headline metric (``positive``/``other``, ``majority``, ``classes``, ``target``, ``median``)."""
    c = context
    if key == "roc_auc":
        return (f"Picking one {c['positive']!s} and one {c['other']!s} case at random, the model gives the "
                f"{c['positive']!s} one the higher score {value_:.0%} of the time (50% is guessing, 100% is perfect).")
    if key == "accuracy":
        return (f"The model's decision is right for {value_:.0%} of rows; always answering the most common class "
                f"would be right for {c['majority']:.0%}.")
    if key == "balanced_accuracy":
        return f"Averaged over the {c['classes']} classes, the model recognises {value_:.0%} of each class's rows."
    if key == "mae":
        return (f"On average the prediction is off by {value_:,.3g} {c['target']} (the typical actual value is "
                f"{c['median']:,.3g}).")
    if key == "r2":
        return (f"The model explains {value_:.0%} of the variation in {c['target']} (0% is no better than always "
                "predicting the average).")
    return ""


# -- performance and threshold -------------------------------------------------------------------------------

def threshold_move(perf) -> str:
    """What moving the threshold from the chosen one to the cheapest one changes, in counts and cost."""
    study = perf.threshold_study.set_index("threshold")
    old, new = perf.threshold, perf.best_threshold
    a, b = study.loc[_nearest(study.index, old)], study.loc[_nearest(study.index, new)]
    total = a[["tp", "fp", "fn", "tn"]].sum()  # every row is in one of the four cells, at any threshold
    saving = (a["cost_per_row"] - b["cost_per_row"]) * total
    return (f"Moving the threshold from {old:.2f} to {new:.2f} changes false alarms from {int(a['fp'])} to "
            f"{int(b['fp'])} and missed cases from {int(a['fn'])} to {int(b['fn'])}; the total cost on these rows "
            f"goes from {a['cost_per_row'] * total:,.0f} to {b['cost_per_row'] * total:,.0f}"
            f" ({'a saving of' if saving >= 0 else 'an extra'} {abs(saving):,.0f}).")


def threshold_caveat(perf) -> str:
    """Where the costs come from, and why the cheapest threshold needs confirming on fresh data."""
    source = "the sidecar" if perf.costs_source == "sidecar" else "a default of 1 each (no costs in the sidecar)"
    return (f"Costs from {source}. The cheapest threshold is chosen on these same rows, so it flatters itself a "
            "little: confirm it on fresh data before using it.")


def _nearest(index, target: float) -> float:
    values = list(index)
    return min(values, key=lambda v: abs(v - target))


# -- failing slices ------------------------------------------------------------------------------------------

def slice_text(conditions) -> str:
    """A slice's conditions as people read them: "colour = blue and 25 <= age < 33"."""
    parts, i = [], 0
    conditions = list(conditions)
    while i < len(conditions):
        column, op, item = conditions[i]
        following = conditions[i + 1] if i + 1 < len(conditions) else None
        if op == ">=" and following is not None and following[0] == column and following[1] == "<":
            parts.append(f"{_edge(item)} <= {column} < {_edge(following[2])}")
            i += 2
            continue
        parts.append(f"{column} = {plain(item)}" if op == "==" else f"{column} {op} {_edge(item)}")
        i += 1
    return " and ".join(parts)


def _edge(item) -> str:
    item = float(item)
    return str(int(item)) if item.is_integer() else f"{item:.6g}"


def slices_method() -> str:
    """How slices are found and ranked (the note above the table)."""
    return ("Every slice is tested against the rest of the rows (Fisher's exact test for error rates, Welch's t-test "
            "for continuous errors), with Benjamini-Hochberg control of false discoveries (q-value); sorted by the "
            "error each explains: (error - error elsewhere) x rows.")


def no_slices(found) -> str:
    """Said when no slice is significantly worse than the rest."""
    text = f"No slice is significantly worse than the rest at a {found.alpha:.0%} false discovery rate"
    if found.total_rows < 2000:
        return text + f"; with {rows(found.total_rows)} only large differences can be shown."
    return text + "."


def worst_slice(found) -> str:
    """The worst slice in one clause: "age < 25 (error 0.41 against 0.22 elsewhere)"."""
    top = found.slices.iloc[0]
    return f"{top['slice']} (error {top['error']:.3g} against {top['error_elsewhere']:.3g} elsewhere)"


# -- error tree ----------------------------------------------------------------------------------------------

def worst_branch(tree) -> str:
    """The error tree's worst branch: its rows, its error against the overall error, and its rules."""
    worst = tree.worst_leaves(1).iloc[0]
    overall = tree.nodes["error"].iloc[0]
    return (f"A shallow decision tree fitted to where the model errs. Its worst branch ({rows(int(worst['rows']))}, "
            f"{tree.error_name} {worst['error']:.3g} against {overall:.3g} overall): "
            + " and ".join(tree.path_rules(int(worst["id"]))) + ".")


def tree_rule(column, op: str, item) -> str:
    """One split of the error tree: "age <= 30.5", "housing = own", "housing ≠ own"."""
    if op in ("==", "!="):
        return f"{column} {'=' if op == '==' else '≠'} {plain(item)}"
    return f"{column} {op} {float(item):.4g}"


# -- groups --------------------------------------------------------------------------------------------------

def group_gap(groups) -> str:
    """The largest gap between groups on the compared metric, or "" when fewer than two groups are large enough."""
    gap = groups.gap
    if gap is None:
        return ""
    return (f"Largest gap in {name(gap.metric).lower()}: {value(gap.high_group, quote=False)} {gap.high:.3g} against "
            f"{value(gap.low_group, quote=False)} {gap.low:.3g} (groups of at least {number(groups.min_rows)} rows).")

