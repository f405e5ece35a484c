"""The why results in plain words: the same sentences on the pages and in the report."""

from __future__ import annotations

import re

import numpy as np

from ..core import privacy
from ..core.estimators import split_pipeline
from ..core.language import N_, _, count, current, decimal, join, percent
from ..core.words import output_name
from ..core.words import value as format_value
from ..failures.words import threshold_text
from .attributions import Attributions, exact_method
from .engines import PROBABILITY_TREES
from .summaries import Importance
from .units import RESCALED

LARGE_TREES = N_("this model's trees are large, and exact SHAP time grows with their leaves")
METHODS = {text: text for text in (  # the engines' method names (results keep the English), translated where shown
    N_("TreeSHAP (LightGBM's native pred_contrib, path-dependent)"),
    N_("TreeSHAP (XGBoost's native pred_contribs, path-dependent)"),
    N_("TreeSHAP (shap.TreeExplainer on CatBoost's oblivious trees, exact)"),
    N_("TreeSHAP (shap.TreeExplainer, path-dependent)"),
    N_("Linear SHAP (coefficient x deviation from the data mean, features independent)"),
    N_("log-odds contributions rescaled per row to probability (additive; the split is approximate)"))}
_EXACT = re.compile(r"Exact Shapley values on the raw columns \(all ([\d,]+) coalitions of (\d+) columns, (\d+) "
                    r"background rows\)")
_PERMUTATION = re.compile(r"Permutation SHAP on the raw columns \((\d+) antithetic orders, (\d+) background rows; "
                          r"estimates, additive by construction\)")


def method_text(method: str) -> str:
    """An attribution method (``Attributions.method``, English in the result) in the reader's language."""
    if current() == "en":
        return method
    if not method:
        return method
    method, rescaled = str(method), ""
    if method.endswith(RESCALED):  # RESCALED holds "; " itself: split off whole before splitting the rest
        method, rescaled = method.removesuffix(RESCALED).removesuffix("; "), _(RESCALED)
    return "; ".join([*(_method_part(part) for part in method.split("; ") if part), *([rescaled] if rescaled else [])])


def _method_part(part: str) -> str:
    if part in METHODS or part == RESCALED:
        return _(part)
    if found := _EXACT.fullmatch(part):
        return _("Exact Shapley values on the raw columns (all {coalitions} coalitions of {columns} columns, "
                 "{background} background rows)", coalitions=count(int(found[1].replace(",", ""))),
                 columns=count(int(found[2])), background=count(int(found[3])))
    if found := _PERMUTATION.fullmatch(part):
        return _("Permutation SHAP on the raw columns ({orders} antithetic orders, {background} background rows; "
                 "estimates, additive by construction)", orders=count(int(found[1])), background=count(int(found[2])))
    return part


def units_text(units: str) -> str:
    """An output's units as written in a result ("probability of bad", "log-odds of >50K", "decision score of 1")
    in the reader's language; a target's name unchanged."""
    units = str(units)
    # Translators: {outcome} is a class of the data, e.g. "probability of bad".
    forms = {"probability of ": N_("probability of {outcome}"), "log-odds of ": N_("log-odds of {outcome}"),
             "decision score of ": N_("decision score of {outcome}")}
    for prefix, template in forms.items():
        if units.startswith(prefix):
            return _(template, outcome=units.removeprefix(prefix))
    return _("prediction") if units == "prediction" else units


def is_probability(result: Attributions | Importance) -> bool:
    """Whether the result is in probability (shown in percent and percentage points)."""
    return result.units.startswith("probability")


def local_number(text: str) -> str:
    """A number formatted in English ("+1,234.5", "62%") rewritten the reader's way (digits, separators, % sign)."""
    if current() == "en":
        return text
    sign = text[0] if text[:1] in "+-" else ""
    body = text[len(sign):]
    if body.endswith("%"):
        return sign + percent(float(body[:-1].replace(",", "")) / 100, len(body[:-1].partition(".")[2]))
    if "e" in body or "n" in body:
        return text
    return sign + decimal(float(body.replace(",", "")))


def format_output(att: Attributions, value: float) -> str:
    """An output or base value: "62%" for probabilities, "1,234" in the target's units otherwise."""
    return local_number(f"{value:.0%}" if is_probability(att) else f"{value:,.4g}")


def format_change(att: Attributions, value: float) -> str:
    """A contribution: percentage points for probabilities, the target's units otherwise."""
    if is_probability(att):
        return _("{points} points", points=local_number(f"{value * 100:+.1f}"))
    return local_number(f"{value:+,.3g}")


def row_output(att: Attributions, label) -> str:
    """The model's output for the row ``label``, formatted (e.g. "62%")."""
    return format_output(att, att.output[att.values.index.get_loc(label)])


def row_heading(att: Attributions, label) -> str:
    """"Row 12: chance of bad 62%"."""
    return _("Row {row}: {output} {value}", row=label, output=output_name(att.units), value=row_output(att, label))


def decision_change(before, after, positive=None, threshold: float | None = None) -> str:
    """Whether a what-if edit changed the row's *decision* (both decided by the one rule at the person's
    threshold): "The decision changes: at the threshold 0.50 this row is now flagged bad (before: good)." or
    "The decision does not change: at the threshold 0.50 this row stays good."."""
    def named(decision) -> str:
        return _("flagged {outcome}", outcome=decision) if positive is not None and decision == positive else str(decision)
    values = dict(after=named(after), before=before)
    if threshold is None:
        if str(before) == str(after):
            return _("The decision does not change: this row stays {after}.", **values)
        return _("The decision changes: this row is now {after} (before: {before}).", **values)
    values["threshold"] = threshold_text(threshold)
    if str(before) == str(after):
        return _("The decision does not change: at the threshold {threshold} this row stays {after}.", **values)
    return _("The decision changes: at the threshold {threshold} this row is now {after} (before: {before}).", **values)


def actual_sentence(actual) -> str:
    """"Actual outcome: bad."."""
    return _("Actual outcome: {actual}.", actual=actual)


def sample_note(att: Attributions, total: int, usual: int | None = None, seconds_per_row: float | None = None) -> str:
    """In plain words: on how many of ``total`` rows the contributions were computed, and whether exactly.

    ``usual``: the sample size normally used; a smaller sample says why (large trees, or the
    measured ``seconds_per_row`` of the model-agnostic path). The method is in :func:`method_note`."""
    rows = len(att.values)
    values = dict(count=count(rows), total=count(total))
    text = (_("Contributions computed on all {count} of {total} rows", **values) if rows >= total else
            _("Contributions computed on a random sample of {count} of {total} rows", **values))
    if usual is not None and rows < min(usual, total):
        why = _(LARGE_TREES) if seconds_per_row is None else slow_rows(seconds_per_row)
        text = _("{text} (fewer than the usual {usual}: {why})", text=text, usual=count(usual), why=why)
    exact = (_("These are estimates: another sample of mixed rows would give slightly different numbers.")
             if att.approximate else _("They are exact: for every row they add up to the model's output."))
    return _("{text}. {exact}", text=text, exact=exact)


def method_note(att: Attributions) -> str:
    """How they were computed, for a data scientist: the method and the largest additivity error."""
    error = f"{att.max_additivity_error:.1e}"
    if current() != "en":
        mantissa, _sep, exponent = error.partition("e")
        error = f"{decimal(float(mantissa))}e{exponent}"
    return _("Method: {method}. Largest additivity error: {error} (the largest gap between a row's contributions plus "
             "the average and the model's output).", method=method_text(att.method), error=error)


def slow_rows(seconds_per_row: float) -> str:
    """Why a model-agnostic sample is small: its measured cost."""
    return _("this model has no explainer of its own (TreeSHAP or linear), and one row took {seconds} s to explain by "
             "calling the model on many mixed rows, so the sample was sized to keep this section near half a minute",
             seconds=local_number(f"{seconds_per_row:.2g}"))


def slow_units_reason(case, units: str, target_class=None) -> str | None:
    """Why these units take the slower model-agnostic path although the model has an exact engine, or None."""
    if exact_method(case, units, target_class) is not None or exact_method(case, "probability", target_class) is None:
        return None
    if units != "log-odds":
        return None
    if type(split_pipeline(case.model)[1]).__name__ in PROBABILITY_TREES:
        return _("This model averages probabilities over its trees, so log-odds have no exact split: "
                 "they are estimated on the raw columns (slower).")
    return _("For more than two classes the model's raw scores are not each class's log-odds, so log-odds "
             "have no exact split: they are estimated on the raw columns (slower).")


def importance_sentence(imp: Importance) -> str:
    """"Longer bars move predictions more. On average checking_account moves the chance of bad the most."."""
    return _("Longer bars move predictions more. On average {column} moves the {output} the most.",
             column=imp.columns[0], output=output_name(imp.units))


def dependence_note(feature: str, description: str, kind: str, partner: str | None) -> str:
    """What the dependence figure of ``feature`` shows (and the column colouring it, if any)."""
    text = _("{feature}: {description}. ", feature=feature, description=description) if description else ""
    if kind == "categorical":
        return text + _("Each box shows the contributions of rows in one category.")
    if partner:
        return text + _("Each dot is a row; colour shows {partner}, the column that best explains the vertical "
                        "spread (rows with the same value but different contributions).", partner=partner)
    return text


def explain_in_words(att: Attributions, label, top: int = 3) -> str:
    """E.g. "The model puts the chance of bad at 62%, 32 points above its average (30%),
    mainly because checking_account is '< 0 DM' (+18.0 points) and ..."."""
    values = att.values.loc[label]
    position = att.values.index.get_loc(label)
    output, base = att.output[position], att.base_values[position]
    gap = output - base
    shown = dict(output=output_name(att.units), value=format_output(att, output), average=format_output(att, base))
    if is_probability(att):
        shown["gap"] = local_number(f"{abs(gap) * 100:.0f}")
        text = (_("The model puts the {output} at {value}, {gap} points above its average ({average})", **shown)
                if gap >= 0 else
                _("The model puts the {output} at {value}, {gap} points below its average ({average})", **shown))
    else:
        shown["gap"] = local_number(f"{abs(gap):,.3g}")
        text = (_("The model predicts {value} {output}, {gap} above its average ({average})", **shown) if gap >= 0 else
                _("The model predicts {value} {output}, {gap} below its average ({average})", **shown))
    pushing = values[np.sign(values) == np.sign(gap)].abs().sort_values(ascending=False).index[:top]
    if len(pushing):
        text = _("{text}, mainly because {reasons}", text=text, reasons=join([_reason(att, label, c) for c in pushing]))
    against = values[np.sign(values) == -np.sign(gap)].abs().sort_values(ascending=False).index[:1]
    if len(against) and abs(values[against[0]]) > 0.1 * abs(gap):
        text = _("{text}. Pulling the other way: {reason}", text=text, reason=_reason(att, label, against[0]))
    return _("{text}.", text=text)


def _reason(att: Attributions, label, column) -> str:
    """"checking_account is '< 0 DM' (+18.0 points)"."""
    return _("{column} is {value} ({change})", column=column,
             value=privacy.shown(column, att.data.loc[label, column], format_value),
             change=format_change(att, att.values.loc[label, column]))
