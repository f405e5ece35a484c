"""Plain sentences about where the model fails: the one source for the Where it fails page and the report.

Every function takes a result (or values from one) and returns text; none calls the engine. Each sentence is one
whole template in the reader's language (explainers/locale/), numbers written the local way; data values and column
names go in as they are.
"""

from __future__ import annotations

import math

from ..core.language import N_, _, count, current, decimal, join, ngettext, shortest
from ..core.language import percent as local_percent
from ..core.measures.names import NAMES
from ..core.words import plain, value


def pct(share: float, digits: int = 0) -> str:
    """A share as in ``f"{share:.0%}"`` (English exactly so), the reader's way elsewhere (74 %)."""
    return f"{share:.{digits}%}" if current() == "en" else local_percent(share, digits)


def sig(x: float, spec: str = ".3g") -> str:
    """A measured number to a few significant digits as ``format(x, spec)`` (English exactly so), the reader's way
    elsewhere (0,412)."""
    text = format(float(x), spec)
    if current() == "en" or "e" in text or "n" in text.lower():
        return text
    return shortest(float(text.replace(",", "")))


def fixed(x: float, digits: int = 0) -> str:
    """``f"{x:,.0f}"`` in English, grouped the reader's way elsewhere (1.234 / 1 234)."""
    return f"{float(x):,.{digits}f}" if current() == "en" else decimal(float(x), digits)


def p_text(p) -> str:
    """A p- or q-value for a table cell as core.words.p_value writes it ("< 0.0001", "0.013"), the reader's way."""
    p = float(p)
    if not math.isfinite(p):
        return _("not tested")
    if p < 0.0001:
        return "< " + shortest(0.0001)
    return shortest(float(f"{p:.2g}")) if p < 1 else count(1)


def whole(n) -> str:
    """A whole number as ``str(int(n))`` in English (1180), grouped the reader's way elsewhere (1.180)."""
    return str(int(n)) if current() == "en" else count(n)


def rows_text(n: int) -> str:
    """"1 row", "2,048 rows" in the reader's language."""
    # Translators: a count of data rows (records), e.g. "300 rows".
    return ngettext("{n} row", "{n} rows", int(n))


def all_of(parts) -> str:
    """Conditions that must all hold, "a and b and c" (a slice, a branch of the error tree)."""
    parts = list(parts)
    text = parts[0] if parts else ""
    for part in parts[1:]:
        # Translators: two conditions that both hold, e.g. "age < 25 and housing = own".
        text = _("{left} and {right}", left=text, right=part)
    return text

# Translators: {positive} and {other} are the model's classes (data values, e.g. "bad", "good"); {target} the
# predicted column; a row is one record of the data.
_MEANINGS = {  # what each metric says, for a business reader; {positive}, {other}, {base_rate}, {target}
    "accuracy": N_("Share of rows whose decision is right."),
    "balanced_accuracy": N_("Mean of the shares of {positive} and of {other} rows recognised; not fooled by "
                            "imbalance."),
    "roc_auc": N_("Chance that a random {positive} row scores above a random {other} row."),
    "average_precision": N_("How precise the {positive} alarms stay as more of them are raised; the base rate is "
                            "{base_rate}."),
    "f1": N_("Balance of precision and recall for {positive}."),
    "precision": N_("Of rows flagged {positive}, the share truly {positive}."),
    "recall": N_("Of truly {positive} rows, the share flagged."),
    "log_loss": N_("Penalises confident mistakes; lower is better."),
    "brier_score": N_("Mean squared gap between probability and outcome; lower is better."),
    "f1_macro": N_("F1 averaged over classes, each counting equally."),
    "mae": N_("Typical miss, in {target}."),
    "rmse": N_("Like MAE but large misses weigh more, in {target}."),
    "r2": N_("Share of the variation explained (0: no better than the average)."),
    "median_absolute_error": N_("Half the misses are smaller than this, in {target}."),
    "selection_rate": N_("Share of rows decided {positive}."),
    "true_positive_rate": N_("Of truly {positive} rows, the share flagged."),
    "false_positive_rate": N_("Of rows truly not {positive}, the share flagged {positive}."),
}

_MULTICLASS_MEANINGS = {
    "accuracy": N_("Share of rows whose class is right."),
    "balanced_accuracy": N_("Mean share recognised per class."),
}


def name(key: str) -> str:
    """The display name of a metric key ("roc_auc" -> "ROC AUC") in the reader's language (core/measures/names.py
    marks them); unknown keys read as words."""
    return _(NAMES[key]) if key in NAMES else key.replace("_", " ").capitalize()


def meaning(key: str, task: str = "binary", **context) -> str:
    """What the metric says for a model of ``task``, with the classes or target filled in (``positive``,
    ``other``, ``base_rate``, ``target``)."""
    template = (_MULTICLASS_MEANINGS.get(key) if task == "multiclass" else None) or _MEANINGS.get(key, "")
    if not template:
        return ""
    return _(template, **{k: str(v) for k, v in context.items()})


# -- headline metrics (home page, command line, report verdict) ---------------------------------------------

def headline_meaning(key: str, value_: float, **context) -> str:
    """The one-line reading of a headline metric (``positive``/``other``, ``majority``, ``classes``, ``target``, ``median``)."""
    c = context
    if key == "roc_auc":
        return _("Picking one {positive} and one {other} case at random, the model gives the {positive} one the higher "
                 "score {share} of the time ({guessing} is guessing, {perfect} is perfect).",
                 positive=str(c["positive"]), other=str(c["other"]), share=pct(value_), guessing=pct(0.5),
                 perfect=pct(1.0))
    if key == "accuracy":
        return _("The model's decision is right for {share} of rows; always answering the most common class would be "
                 "right for {majority}.", share=pct(value_), majority=pct(c["majority"]))
    if key == "balanced_accuracy":
        return _("Averaged over the {classes} classes, the model recognises {share} of each class's rows.",
                 classes=c["classes"], share=pct(value_))
    if key == "mae":
        return _("On average the prediction is off by {error} {target} (the typical actual value is {median}).",
                 error=sig(value_, ",.3g"), target=c["target"], median=sig(c["median"], ",.3g"))
    if key == "r2":
        return _("The model explains {share} of the variation in {target} ({none} is no better than always predicting "
                 "the average).", share=pct(value_), target=c["target"], none=pct(0))
    return ""


# -- performance and threshold -------------------------------------------------------------------------------

def threshold_text(threshold: float) -> str:
    """A threshold with the digits it has: "0.50", "0.21", "0.215" (never rounded into another threshold); "0,50" in
    German and French."""
    text = f"{float(threshold):.3f}".removesuffix("0")
    return text if current() == "en" else decimal(float(text), len(text.partition(".")[2]))


def threshold_move(perf) -> str:
    """What moving the threshold from the chosen one to the cheapest one changes, in counts and cost."""
    study = perf.threshold_study.set_index("threshold")
    old, new = perf.threshold, perf.best_threshold
    a, b = study.loc[_nearest(study.index, old)], study.loc[_nearest(study.index, new)]
    total = a[["tp", "fp", "fn", "tn"]].sum()  # every row is in one of the four cells, at any threshold
    if a.name == b.name:
        return _("The chosen threshold {threshold} is already the cheapest on these rows: {false_alarms} false alarms "
                 "and {missed} missed cases cost {cost}.", threshold=threshold_text(old), false_alarms=whole(a["fp"]),
                 missed=whole(a["fn"]), cost=fixed(a["cost_per_row"] * total))
    saving = (a["cost_per_row"] - b["cost_per_row"]) * total
    moved = {"old": threshold_text(old), "new": threshold_text(new), "fp_old": whole(a["fp"]),
             "fp_new": whole(b["fp"]), "fn_old": whole(a["fn"]), "fn_new": whole(b["fn"]),
             "cost_old": fixed(a["cost_per_row"] * total), "cost_new": fixed(b["cost_per_row"] * total),
             "change": fixed(abs(saving))}
    if saving >= 0:
        return _("Moving the threshold from {old} to {new} changes false alarms from {fp_old} to {fp_new} and missed "
                 "cases from {fn_old} to {fn_new}; the total cost on these rows goes from {cost_old} to {cost_new} (a "
                 "saving of {change}).", **moved)
    return _("Moving the threshold from {old} to {new} changes false alarms from {fp_old} to {fp_new} and missed cases "
             "from {fn_old} to {fn_new}; the total cost on these rows goes from {cost_old} to {cost_new} (an extra "
             "{change}).", **moved)


def decision_sentence(decision, positive, threshold: float) -> str:
    """One row's decision at the chosen threshold: "At the threshold 0.21 this row is flagged bad."."""
    if decision == positive:
        return _("At the threshold {threshold} this row is flagged {positive}.", threshold=threshold_text(threshold),
                 positive=positive)
    return _("At the threshold {threshold} this row is not flagged {positive} ({decision}).",
             threshold=threshold_text(threshold), positive=positive, decision=decision)


def threshold_caveat(perf) -> str:
    """Where the costs come from, and why the cheapest threshold needs confirming on fresh data."""
    if perf.costs_source == "sidecar":
        return _("Costs from the sidecar. The cheapest threshold is chosen on these same rows, so it flatters itself a "
                 "little: confirm it on fresh data before using it.")
    return _("Costs from a default of {one} each (no costs in the sidecar). The cheapest threshold is chosen on these "
             "same rows, so it flatters itself a little: confirm it on fresh data before using it.", one=count(1))


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
    return all_of(parts)


def _edge(item) -> str:
    """A bin edge as written in a condition: 30, 30.5 (30,5 in German and French)."""
    item = float(item)
    if current() == "en":
        return str(int(item)) if item.is_integer() else f"{item:.6g}"
    return count(item) if item.is_integer() else shortest(item)


def slices_method() -> str:
    """How slices are found and ranked (the note above the table)."""
    # Translators: a slice is a group of rows described by one or two conditions, e.g. "age under 25".
    return _("Every slice is tested against the rest of the rows (Fisher's exact test for error rates, Welch's t-test "
             "for continuous errors), with Benjamini-Hochberg control of false discoveries (q-value); sorted by the "
             "error each explains: (error - error elsewhere) x rows.")


def no_slices(found) -> str:
    """Said when no slice is significantly worse than the rest."""
    if found.total_rows < 2000:
        # Translators: a slice is a group of rows described by one or two conditions, e.g. "age under 25".
        return ngettext("No slice is significantly worse than the rest at a {rate} false discovery rate; with {n} row "
                        "only large differences can be shown.",
                        "No slice is significantly worse than the rest at a {rate} false discovery rate; with {n} rows "
                        "only large differences can be shown.", int(found.total_rows), rate=pct(found.alpha))
    return _("No slice is significantly worse than the rest at a {rate} false discovery rate.", rate=pct(found.alpha))


def worst_slice(found) -> str:
    """The worst slice in one clause: "age < 25 (error 0.41 against 0.22 elsewhere)"."""
    top = found.slices.iloc[0]
    return _("{slice} (error {error} against {elsewhere} elsewhere)", slice=top["slice"], error=sig(top["error"]),
             elsewhere=sig(top["error_elsewhere"]))


# -- error tree ----------------------------------------------------------------------------------------------

def worst_branch(tree) -> str:
    """The error tree's worst branch: its rows, its error against the overall error, and its rules."""
    if no_mistakes(tree):
        return no_mistakes_sentence(int(tree.nodes["rows"].iloc[0]))
    worst = tree.worst_leaves(1).iloc[0]
    overall = tree.nodes["error"].iloc[0]
    rules = tree.path_rules(int(worst["id"]))
    where = all_of(rules) if rules else _("all rows")
    return _("A shallow decision tree fitted to where the model errs. Its worst branch ({rows}, {error_name} {error} "
             "against {overall} overall): {where}.", rows=rows_text(int(worst["rows"])),
             error_name=error_label(tree.error_name),
             error=sig(worst["error"]), overall=sig(overall), where=where)


# Translators: what a slice's or the error tree's "error" measures.
ERROR_NAMES = {"error rate": N_("error rate"), "absolute error": N_("absolute error")}


def error_label(name_: str) -> str:
    """What an error measures ("error rate") in the reader's language; the result keeps the English key."""
    return _(ERROR_NAMES[name_]) if name_ in ERROR_NAMES else name_


def no_mistakes(tree) -> bool:
    """True when the model makes no mistake on the tree's rows (nothing to analyse)."""
    return float(tree.nodes["error"].max()) == 0.0


def no_mistakes_sentence(count: int) -> str:
    return ngettext("The model makes no mistakes on these {n} row: there are no mistakes to analyse.",
                    "The model makes no mistakes on these {n} rows: there are no mistakes to analyse.", int(count))


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
    metric = name(gap.metric) if current() == "de" else name(gap.metric).lower()  # German nouns keep their capital
    return _("Largest gap in {metric}: {high_group} {high} against {low_group} {low} (groups of at least {min_rows} "
             "rows).", metric=metric, high_group=value(gap.high_group, quote=False), high=sig(gap.high),
             low_group=value(gap.low_group, quote=False), low=sig(gap.low), min_rows=count(groups.min_rows))



# -- fairness ------------------------------------------------------------------------------------------------

def rate_name(rate: str, fair) -> str:
    """A fairness rate in plain words for this model's classes ("good cases wrongly flagged bad")."""
    template = RATE_NAMES[rate]
    return _(template, positive=fair.positive, other=fair.other)


# Translators: fairness rates; {positive} and {other} are the model's classes (data values, e.g. "bad", "good").
RATE_NAMES = {"selection_rate": N_("share flagged {positive}"),
              "false_positive_rate": N_("{other} cases wrongly flagged {positive}"),
              "false_negative_rate": N_("{positive} cases missed"),
              "accuracy": N_("decisions right")}


def fairness_sentences(fair) -> list[str]:
    """What the group comparison says, in order: the largest gap, the four-fifths rule, small groups."""
    found = [fairness_gap(fair), four_fifths(fair), small_groups(fair)]
    return [text for text in found if text]


def fairness_gap(fair) -> str:
    """The one sentence naming the largest gap between groups (the page and the report print this one)."""
    gap = fair.gap
    if gap is None:
        return _("Fewer than two groups of {column} have {min_rows} rows or more, so no gap between groups can be "
                 "judged.", column=fair.column, min_rows=count(fair.min_rows))
    found = {"column": fair.column, "rate": rate_name(gap.rate, fair), "high": pct(gap.high),
             "high_group": plain(gap.high_group), "low": pct(gap.low), "low_group": plain(gap.low_group),
             "points": whole(round((gap.high - gap.low) * 100))}
    if gap.overlap:
        return _("The largest gap between groups of {column} is in {rate}: {high} for {high_group} against {low} for "
                 "{low_group} ({points} points); their 95% intervals overlap, so with this few rows the gap could be "
                 "chance.", **found)
    return _("The largest gap between groups of {column} is in {rate}: {high} for {high_group} against {low} for "
             "{low_group} ({points} points); their 95% intervals do not overlap, so the gap is unlikely to be chance.",
             **found)


def four_fifths(fair) -> str:
    """The four-fifths rule on the favourable outcome, stated plainly ("" without two groups to judge)."""
    if fair.best_group is None or (~fair.table["small"]).sum() < 2:
        return ""
    table = fair.table.set_index("group")
    best = table.loc[fair.best_group, "favourable_rate"]
    outcome = (_("the favourable outcome ({favourable})", favourable=fair.favourable)
               if str(fair.favourable) == str(fair.positive) else
               _("the favourable outcome ({favourable}, not flagged {positive})", favourable=fair.favourable,
                 positive=fair.positive))
    below = fair.below_four_fifths
    if not below:
        return _("Four-fifths rule: every group large enough to judge gets {outcome} at least {share} as often as the "
                 "best-treated group, {best_group} ({best}).", outcome=outcome, share=pct(0.8),
                 best_group=plain(fair.best_group), best=pct(best))
    named = join([_("{group} ({rate}, {ratio} of the best rate)", group=plain(g),
                    rate=pct(table.loc[g, "favourable_rate"]), ratio=pct(table.loc[g, "favourable_ratio"]))
                  for g in below])
    return ngettext("Four-fifths rule: {groups} gets {outcome} less than {share} as often as the best-treated group, "
                    "{best_group} ({best}); that deserves a closer look.",
                    "Four-fifths rule: {groups} get {outcome} less than {share} as often as the best-treated group, "
                    "{best_group} ({best}); that deserves a closer look.", len(below), groups=named, outcome=outcome,
                    share=pct(0.8), best_group=plain(fair.best_group), best=pct(best))


def small_groups(fair) -> str:
    """Groups shown but too small to judge."""
    table = fair.table[fair.table["small"]]
    if table.empty:
        return ""
    named = join([ngettext("{group} ({n} rows)", "{group} ({n} rows)", int(n), group=plain(g))
                  for g, n in zip(table["group"], table["rows"], strict=True)])
    return _("Too small to judge (under {min_rows} rows): {groups}; shown, but left out of the comparison.",
             min_rows=count(fair.min_rows), groups=named)


def fairness_table(fair):
    """The group table as a person reads it: each rate with its 95% interval, the ratio to the best group."""
    import pandas as pd

    out = pd.DataFrame({_("Group"): fair.table["group"], _("Rows"): fair.table["rows"]})
    for rate in ("selection_rate", "false_positive_rate", "false_negative_rate", "accuracy"):
        out[_first_upper(rate_name(rate, fair), _(RATE_NAMES[rate]))] = [
            "" if pd.isna(v) else _("{rate} ({low} to {high})", rate=pct(v), low=pct(lo), high=pct(hi))
            for v, lo, hi in zip(fair.table[rate], fair.table[f"{rate}_low"], fair.table[f"{rate}_high"], strict=True)]
    out[_("Gets {favourable}, against the best group", favourable=fair.favourable)] = [
        "" if pd.isna(r) else pct(r) for r in fair.table["favourable_ratio"]]
    judged = {"small": _("too small to judge"), "best": _("best-treated"), "below": _("below four fifths"),
              "within": _("within four fifths")}
    out[_("Judged")] = [judged["small"] if small else (judged["best"] if g == fair.best_group else
                        (judged["below"] if not ok else judged["within"]))
                        for g, small, ok in zip(fair.table["group"], fair.table["small"], fair.table["four_fifths"],
                                                strict=True)]
    return out


def _first_upper(text: str, template: str = "") -> str:
    """The first letter in upper case, the rest as it is ("<=50K cases ..." keeps its K); a text that starts with
    a data value (``template`` starts with a placeholder) is left as it is: data is shown literally."""
    return text if template.startswith("{") else text[:1].upper() + text[1:]


def fairness_differences(fair):
    """Each rate's difference (points) and ratio to the best-treated group, for "How this was computed"."""
    import pandas as pd

    rows = []
    for rate in ("selection_rate", "false_positive_rate", "false_negative_rate", "accuracy"):
        for group, diff, ratio in zip(fair.table["group"], fair.table[f"{rate}_difference"],
                                      fair.table[f"{rate}_ratio"], strict=True):
            rows.append({_("Rate"): rate_name(rate, fair), _("Group"): group,
                         _("Difference from the best group (points)"): None if pd.isna(diff) else round(diff * 100, 1),
                         _("Ratio to the best group"): None if pd.isna(ratio) else round(ratio, 2)})
    return pd.DataFrame(rows)
