"""Counterfactuals in the report: written inside each chosen row (see why/section.py)."""

from __future__ import annotations

from . import words
from .counterfactuals import counterfactuals


def counterfactual_block(out, case, label, random_state: int = 0, threshold: float | None = None) -> None:
    """The smallest changes that flip one row's decision (at the report's ``threshold``; None: the model's
    own decision), as sentences and a table."""
    if case.task == "regression":
        return  # a regression counterfactual needs a target range chosen by the reader
    found = counterfactuals(case, label, random_state=random_state, threshold=threshold)
    out.result(f"counterfactuals_{label}", found)
    out.text(words.now_sentence(found.now, words.wanted(found.goal, found.now, case.classes), found.threshold))
    out.text(words.found_sentence(found), "" if len(found) else "muted")
    if len(found):
        out.table(words.headers(words.table(found)))
