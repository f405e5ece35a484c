"""One paragraph, in plain words, of why the model gave one row its output."""

from __future__ import annotations

import numpy as np

from ..core.case import Case
from ..core.words import join
from ..core.words import value as format_value
from .attributions import Attributions


def is_probability(att: Attributions) -> bool:
    return att.units.startswith("probability")


def format_output(att: Attributions, value: float) -> str:
    return f"{value:.0%}" if is_probability(att) else f"{value:,.4g}"


def format_change(att: Attributions, value: float) -> str:
    """A contribution: percentage points for probabilities, the target's units otherwise."""
    if is_probability(att):
        return f"{value * 100:+.1f} points"
    return f"{value:+,.3g}"




def explain_in_words(case: Case, att: Attributions, label, top: int = 3) -> str:
    """E.g. "The model puts the probability of bad at 62%, 32 points above its average (30%),
    mainly because checking_account is '< 0 DM' (+18.0 points) and ..."."""
    values = att.values.loc[label]
    position = att.values.index.get_loc(label)
    output, base = att.output[position], att.base_values[position]
    gap = output - base
    direction = "above" if gap >= 0 else "below"
    if is_probability(att):
        text = (f"The model puts the {att.units} at {format_output(att, output)}, {abs(gap) * 100:.0f} points "
                f"{direction} its average ({format_output(att, base)})")
    else:
        text = (f"The model predicts {format_output(att, output)} {att.units}, {abs(gap):,.3g} {direction} "
                f"its average ({format_output(att, base)})")
    pushing = values[np.sign(values) == np.sign(gap)].abs().sort_values(ascending=False).index[:top]
    if len(pushing):
        reasons = [f"{c} is {format_value(att.data.loc[label, c])} ({format_change(att, values[c])})" for c in pushing]
        text += ", mainly because " + join(reasons)
    against = values[np.sign(values) == -np.sign(gap)].abs().sort_values(ascending=False).index[:1]
    if len(against) and abs(values[against[0]]) > 0.1 * abs(gap):
        c = against[0]
        text += f". Pulling the other way: {c} is {format_value(att.data.loc[label, c])} ({format_change(att, values[c])})"
    return text + "."

