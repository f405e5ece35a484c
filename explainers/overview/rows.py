"""Shortcuts to interesting rows: the most confident mistakes, the closest calls, the largest errors.

A classifier without predict_proba has no confidence to rank by: its shortcut is the wrong predictions
in row order, and asking it for a ranking by probability is an InputError saying so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.errors import InputError
from ..core.language import N_, _

# shortcut name -> its description (translated where offered)
SHORTCUTS = {"most_confident_wrong": N_("Most confident wrong prediction"),
             "closest_to_threshold": N_("Closest to the decision threshold"),
             "highest_score": N_("Highest score"),
             "wrong": N_("Wrong predictions (in row order: the model gives no probabilities)"),
             "largest_error": N_("Largest error")}

NO_PROBABILITIES = ("The model gives no probabilities (it has no predict_proba), so rows cannot be ranked by "
                    "confidence or closeness to the threshold; use 'wrong' for its wrong predictions in row order.")


def shortcuts(case: Case) -> dict[str, str]:
    """Shortcut name -> plain-words description, for the shortcuts this case supports."""
    found = []
    if case.is_classifier and case.proba is not None:
        if case.labelled:
            found.append("most_confident_wrong")
        found += ["closest_to_threshold", "highest_score"]
    elif case.is_classifier and case.labelled:
        found.append("wrong")
    if case.task == "regression" and case.labelled:
        found.append("largest_error")
    return {name: _(SHORTCUTS[name]) for name in found}


def pick(case: Case, shortcut: str, count: int = 20) -> list:
    """Index labels of up to ``count`` rows for a shortcut, best first."""
    return list(_ranking(case, shortcut).index[:count])


def _ranking(case: Case, shortcut: str) -> pd.Series:
    if shortcut == "largest_error":
        return (case.predicted.astype(float) - case.y.astype(float)).abs().sort_values(ascending=False)
    if shortcut == "wrong":
        return case.predicted[case.predicted != case.y]
    if shortcut in ("most_confident_wrong", "closest_to_threshold", "highest_score") and case.proba is None:
        raise InputError(NO_PROBABILITIES)
    confidence = case.proba.max(axis=1)
    if shortcut == "most_confident_wrong":
        wrong = case.predicted != case.y
        return confidence[wrong].sort_values(ascending=False)
    if shortcut == "closest_to_threshold":
        ordered = np.sort(case.proba.to_numpy(), axis=1)
        margin = pd.Series(ordered[:, -1] - ordered[:, -2], index=case.proba.index)
        return margin.sort_values()  # the gap between the two likeliest classes
    if shortcut == "highest_score":
        score = case.proba[case.positive_class] if case.positive_class is not None else confidence
        return score.sort_values(ascending=False)
    raise ValueError(f"unknown shortcut {shortcut!r}")
