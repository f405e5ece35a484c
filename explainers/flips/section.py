"""Counterfactuals in the report: written inside each chosen row (see why/section.py)."""

from __future__ import annotations

from . import words
from .counterfactuals import counterfactuals


def counterfactual_block(out, case, label, random_state: int = 0) -> None:
    """The smallest changes that flip one row's decision, as a sentence and a table."""
    if case.task == "regression":
        return  # a regression counterfactual needs a target range chosen by the reader
    found = counterfactuals(case, label, random_state=random_state)
    out.result(f"counterfactuals_{label}", found)
    out.text(words.found_sentence(found), "" if len(found) else "muted")
    if len(found):
        out.table(words.table(found))
