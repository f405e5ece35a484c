"""The why results in plain words: the same sentences on the pages and in the report."""

from __future__ import annotations

import numpy as np

from ..core import privacy
from ..core.estimators import split_pipeline
from ..core.words import join, output_name
from ..core.words import value as format_value
from ..failures.words import threshold_text
from .attributions import Attributions, exact_method
from .engines import PROBABILITY_TREES
from .summaries import Importance

LARGE_TREES = "this model's trees are large, and exact SHAP time grows with their leaves"


def is_probability(result: Attributions | Importance) -> bool:
    """Whether the result is in probability (shown in percent and percentage points)."""
    return result.units.startswith("probability")


def format_output(att: Attributions, value: float) -> str:
    """An output or base value: "62%" for probabilities, "1,234" in the target's units otherwise."""
    return f"{value:.0%}" if is_probability(att) else f"{value:,.4g}"


def format_change(att: Attributions, value: float) -> str:
    """A contribution: percentage points for probabilities, the target's units otherwise."""
    if is_probability(att):
        return f"{value * 100:+.1f} points"
    return f"{value:+,.3g}"


def row_output(att: Attributions, label) -> str:
    """The model's output for the row ``label``, formatted (e.g. "62%")."""
    return format_output(att, att.output[att.values.index.get_loc(label)])


def row_heading(att: Attributions, label) -> str:
    """"Row 12: chance of bad 62%"."""
    return f"Row {label}: {output_name(att.units)} {row_output(att, label)}"


def decision_change(before, after, positive=None, threshold: float | None = None) -> str:
    """Whether a what-if edit changed the row's *decision* (both decided by the one rule at the person's
    threshold): "The decision changes: at the threshold 0.50 this row is now flagged bad (before: good)." or
    "The decision does not change: at the threshold 0.50 this row stays good."."""
    at = "" if threshold is None else f"at the threshold {threshold_text(threshold)} "
    def named(decision) -> str:
        return f"flagged {decision}" if positive is not None and decision == positive else str(decision)
    if str(before) == str(after):
        return f"The decision does not change: {at}this row stays {named(after)}."
    return f"The decision changes: {at}this row is now {named(after)} (before: {before})."


def actual_sentence(actual) -> str:
    """"Actual outcome: bad."."""
    return f"Actual outcome: {actual}."


def sample_note(att: Attributions, total: int, usual: int | None = None, seconds_per_row: float | None = None) -> str:
    """In plain words: on how many of ``total`` rows the contributions were computed, and whether exactly.

    ``usual``: the sample size normally used; a smaller sample says why (large trees, or the
    measured ``seconds_per_row`` of the model-agnostic path). The method is in :func:`method_note`."""
    count = len(att.values)
    which = f"all {count:,}" if count >= total else f"a random sample of {count:,}"
    text = f"Contributions computed on {which} of {total:,} rows"
    if usual is not None and count < min(usual, total):
        why = LARGE_TREES if seconds_per_row is None else slow_rows(seconds_per_row)
        text += f" (fewer than the usual {usual:,}: {why})"
    exact = ("These are estimates: another sample of mixed rows would give slightly different numbers."
             if att.approximate else "They are exact: for every row they add up to the model's output.")
    return f"{text}. {exact}"


def method_note(att: Attributions) -> str:
    """How they were computed, for a data scientist: the method and the largest additivity error."""
    return (f"Method: {att.method}. Largest additivity error: {att.max_additivity_error:.1e} (the largest gap "
            "between a row's contributions plus the average and the model's output).")


def slow_rows(seconds_per_row: float) -> str:
    """Why a model-agnostic sample is small: its measured cost."""
    return (f"this model has no explainer of its own (TreeSHAP or linear), and one row took {seconds_per_row:.2g} s "
            "to explain by calling the model on many mixed rows, so the sample was sized to keep this section "
            "near half a minute")


def slow_units_reason(case, units: str, target_class=None) -> str | None:
    """Why these units take the slower model-agnostic path although the model has an exact engine, or None."""
    if exact_method(case, units, target_class) is not None or exact_method(case, "probability", target_class) is None:
        return None
    if units != "log-odds":
        return None
    if type(split_pipeline(case.model)[1]).__name__ in PROBABILITY_TREES:
        return ("This model averages probabilities over its trees, so log-odds have no exact split: "
                "they are estimated on the raw columns (slower).")
    return ("For more than two classes the model's raw scores are not each class's log-odds, so log-odds "
            "have no exact split: they are estimated on the raw columns (slower).")


def importance_sentence(imp: Importance) -> str:
    """"Longer bars move predictions more. On average checking_account moves the chance of bad the most."."""
    return f"Longer bars move predictions more. On average {imp.columns[0]} moves the {output_name(imp.units)} the most."


def dependence_note(feature: str, description: str, kind: str, partner: str | None) -> str:
    """What the dependence figure of ``feature`` shows (and the column colouring it, if any)."""
    text = f"{feature}: {description}. " if description else ""
    if kind == "categorical":
        return text + "Each box shows the contributions of rows in one category."
    if partner:
        return text + (f"Each dot is a row; colour shows {partner}, the column that best explains the vertical "
                       "spread (rows with the same value but different contributions).")
    return text


def explain_in_words(att: Attributions, label, top: int = 3) -> str:
    """E.g. "The model puts the chance of bad at 62%, 32 points above its average (30%),
    mainly because checking_account is '< 0 DM' (+18.0 points) and ..."."""
    values = att.values.loc[label]
    position = att.values.index.get_loc(label)
    output, base = att.output[position], att.base_values[position]
    gap = output - base
    direction = "above" if gap >= 0 else "below"
    if is_probability(att):
        text = (f"The model puts the {output_name(att.units)} at {format_output(att, output)}, {abs(gap) * 100:.0f} points "
                f"{direction} its average ({format_output(att, base)})")
    else:
        text = (f"The model predicts {format_output(att, output)} {output_name(att.units)}, {abs(gap):,.3g} {direction} "
                f"its average ({format_output(att, base)})")
    pushing = values[np.sign(values) == np.sign(gap)].abs().sort_values(ascending=False).index[:top]
    if len(pushing):
        text += ", mainly because " + join([_reason(att, label, c) for c in pushing])
    against = values[np.sign(values) == -np.sign(gap)].abs().sort_values(ascending=False).index[:1]
    if len(against) and abs(values[against[0]]) > 0.1 * abs(gap):
        text += f". Pulling the other way: {_reason(att, label, against[0])}"
    return text + "."


def _reason(att: Attributions, label, column) -> str:
    """"checking_account is '< 0 DM' (+18.0 points)"."""
    return f"{column} is {privacy.shown(column, att.data.loc[label, column], format_value)} ({format_change(att, att.values.loc[label, column])})"
