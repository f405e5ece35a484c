"""Counterfactuals in the report: written inside each chosen row (see why/section.py)."""

from __future__ import annotations

from .counterfactuals import counterfactuals


def counterfactual_block(out, case, label, random_state: int = 0) -> None:
    """The smallest changes that flip one row's decision, as a sentence and a table."""
    if case.task == "regression":
        return  # a regression counterfactual needs a target range chosen by the reader
    found = counterfactuals(case, label, random_state=random_state)
    out.result(f"counterfactuals_{label}", found)
    if found.empty:
        out.text(found.attrs.get("message", "No counterfactual found."), "muted")
        return
    out.text("Smallest changes that flip the decision (each put through the model and checked against the constraints):")
    out.table(found[["prediction", "score", "changes", "features_changed", "plausibility"]])
