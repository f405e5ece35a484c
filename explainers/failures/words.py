"""Plain sentences about where the model fails: the one source for the Where it fails page and the report.

Every function takes a result (or values from one) and returns text; none calls the engine.
"""

from __future__ import annotations

from ..core.measures.names import NAMES
from ..core.words import join, number, plain, rows, value

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
    "selection_rate": "Share of rows decided {positive}.",
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

def threshold_text(threshold: float) -> str:
    """A threshold with the digits it has: "0.50", "0.21", "0.215" (never rounded into another threshold)."""
    return f"{float(threshold):.3f}".removesuffix("0")


def threshold_move(perf) -> str:
    """What moving the threshold from the chosen one to the cheapest one changes, in counts and cost."""
    study = perf.threshold_study.set_index("threshold")
    old, new = perf.threshold, perf.best_threshold
    a, b = study.loc[_nearest(study.index, old)], study.loc[_nearest(study.index, new)]
    total = a[["tp", "fp", "fn", "tn"]].sum()  # every row is in one of the four cells, at any threshold
    if a.name == b.name:
        return (f"The chosen threshold {threshold_text(old)} is already the cheapest on these rows: "
                f"{int(a['fp'])} false alarms and {int(a['fn'])} missed cases cost {a['cost_per_row'] * total:,.0f}.")
    saving = (a["cost_per_row"] - b["cost_per_row"]) * total
    return (f"Moving the threshold from {threshold_text(old)} to {threshold_text(new)} changes false alarms from "
            f"{int(a['fp'])} to {int(b['fp'])} and missed cases from {int(a['fn'])} to {int(b['fn'])}; the total cost "
            f"on these rows goes from {a['cost_per_row'] * total:,.0f} to {b['cost_per_row'] * total:,.0f}"
            f" ({'a saving of' if saving >= 0 else 'an extra'} {abs(saving):,.0f}).")


def decision_sentence(decision, positive, threshold: float) -> str:
    """One row's decision at the chosen threshold: "At the threshold 0.21 this row is flagged bad."."""
    verdict = f"flagged {positive}" if decision == positive else f"not flagged {positive} ({decision})"
    return f"At the threshold {threshold_text(threshold)} this row is {verdict}."


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
    if no_mistakes(tree):
        return no_mistakes_sentence(int(tree.nodes["rows"].iloc[0]))
    worst = tree.worst_leaves(1).iloc[0]
    overall = tree.nodes["error"].iloc[0]
    rules = tree.path_rules(int(worst["id"]))
    where = " and ".join(rules) if rules else "all rows"
    return (f"A shallow decision tree fitted to where the model errs. Its worst branch ({rows(int(worst['rows']))}, "
            f"{tree.error_name} {worst['error']:.3g} against {overall:.3g} overall): {where}.")


def no_mistakes(tree) -> bool:
    """True when the model makes no mistake on the tree's rows (nothing to analyse)."""
    return float(tree.nodes["error"].max()) == 0.0


def no_mistakes_sentence(count: int) -> str:
    return f"The model makes no mistakes on these {rows(count)}: there are no mistakes to analyse."


def tree_rule(column, op: str, item) -> str:
    """One split of the error tree: "age <= 30.5", "housing = own", "housing ≠ own"."""
    if op in ("==", "!="):
        return f"{column} {'=' if op == '==' else '≠'} {plain(item)}"
    return f"{column} {op} {_edge(item)}"


# -- groups --------------------------------------------------------------------------------------------------

def group_gap(groups) -> str:
    """The largest gap between groups on the compared metric, or "" when fewer than two groups are large enough."""
    gap = groups.gap
    if gap is None:
        return ""
    return (f"Largest gap in {name(gap.metric).lower()}: {value(gap.high_group, quote=False)} {gap.high:.3g} against "
            f"{value(gap.low_group, quote=False)} {gap.low:.3g} (groups of at least {number(groups.min_rows)} rows).")



# -- fairness ------------------------------------------------------------------------------------------------

def rate_name(rate: str, fair) -> str:
    """A fairness rate in plain words for this model's classes ("good cases wrongly flagged bad")."""
    return {"selection_rate": f"share flagged {fair.positive}",
            "false_positive_rate": f"{fair.other} cases wrongly flagged {fair.positive}",
            "false_negative_rate": f"{fair.positive} cases missed",
            "accuracy": "decisions right"}[rate]


def fairness_sentences(fair) -> list[str]:
    """What the group comparison says, in order: the largest gap, the four-fifths rule, small groups."""
    found = [fairness_gap(fair), four_fifths(fair), small_groups(fair)]
    return [text for text in found if text]


def fairness_gap(fair) -> str:
    """The one sentence naming the largest gap between groups (the page and the report print this one)."""
    gap = fair.gap
    if gap is None:
        return (f"Fewer than two groups of {fair.column} have {number(fair.min_rows)} rows or more, so no gap between "
                "groups can be judged.")
    chance = ("their 95% intervals overlap, so with this few rows the gap could be chance" if gap.overlap else
              "their 95% intervals do not overlap, so the gap is unlikely to be chance")
    return (f"The largest gap between groups of {fair.column} is in {rate_name(gap.rate, fair)}: "
            f"{gap.high:.0%} for {plain(gap.high_group)} against {gap.low:.0%} for {plain(gap.low_group)} "
            f"({(gap.high - gap.low) * 100:.0f} points); {chance}.")


def four_fifths(fair) -> str:
    """The four-fifths rule on the favourable outcome, stated plainly ("" without two groups to judge)."""
    if fair.best_group is None or (~fair.table["small"]).sum() < 2:
        return ""
    table = fair.table.set_index("group")
    best = table.loc[fair.best_group, "favourable_rate"]
    outcome = (f"the favourable outcome ({fair.favourable})" if str(fair.favourable) == str(fair.positive) else
               f"the favourable outcome ({fair.favourable}, not flagged {fair.positive})")
    below = fair.below_four_fifths
    if not below:
        return (f"Four-fifths rule: every group large enough to judge gets {outcome} at least 80% as often as the "
                f"best-treated group, {plain(fair.best_group)} ({best:.0%}).")
    named = join([f"{plain(g)} ({table.loc[g, 'favourable_rate']:.0%}, {table.loc[g, 'favourable_ratio']:.0%} of the "
                  "best rate)" for g in below])
    return (f"Four-fifths rule: {named} {'gets' if len(below) == 1 else 'get'} {outcome} less than 80% as often as "
            f"the best-treated group, {plain(fair.best_group)} ({best:.0%}); that deserves a closer look.")


def small_groups(fair) -> str:
    """Groups shown but too small to judge."""
    table = fair.table[fair.table["small"]]
    if table.empty:
        return ""
    named = join([f"{plain(g)} ({number(n)} rows)" for g, n in zip(table["group"], table["rows"], strict=True)])
    return f"Too small to judge (under {number(fair.min_rows)} rows): {named}; shown, but left out of the comparison."


def fairness_table(fair):
    """The group table as a person reads it: each rate with its 95% interval, the ratio to the best group."""
    import pandas as pd

    out = pd.DataFrame({"Group": fair.table["group"], "Rows": fair.table["rows"]})
    for rate in ("selection_rate", "false_positive_rate", "false_negative_rate", "accuracy"):
        out[_first_upper(rate_name(rate, fair))] = [
            "" if pd.isna(v) else f"{v:.0%} ({lo:.0%} to {hi:.0%})"
            for v, lo, hi in zip(fair.table[rate], fair.table[f"{rate}_low"], fair.table[f"{rate}_high"], strict=True)]
    out[f"Gets {fair.favourable}, against the best group"] = [
        "" if pd.isna(r) else f"{r:.0%}" for r in fair.table["favourable_ratio"]]
    out["Judged"] = ["too small to judge" if small else ("best-treated" if g == fair.best_group else
                     ("below four fifths" if not ok else "within four fifths"))
                     for g, small, ok in zip(fair.table["group"], fair.table["small"], fair.table["four_fifths"],
                                             strict=True)]
    return out


def _first_upper(text: str) -> str:
    """The first letter in upper case, the rest as it is ("<=50K cases ..." keeps its K)."""
    return text[:1].upper() + text[1:]


def fairness_differences(fair):
    """Each rate's difference (points) and ratio to the best-treated group, for "How this was computed"."""
    import pandas as pd

    rows = []
    for rate in ("selection_rate", "false_positive_rate", "false_negative_rate", "accuracy"):
        for group, diff, ratio in zip(fair.table["group"], fair.table[f"{rate}_difference"],
                                      fair.table[f"{rate}_ratio"], strict=True):
            rows.append({"Rate": rate_name(rate, fair), "Group": group,
                         "Difference from the best group (points)": None if pd.isna(diff) else round(diff * 100, 1),
                         "Ratio to the best group": None if pd.isna(ratio) else round(ratio, 2)})
    return pd.DataFrame(rows)
