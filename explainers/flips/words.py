"""Plain words about counterfactuals and flip points: the same text on the What flips it page and in the report."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.words import value as format_value
from .counterfactuals import Counterfactuals, FlipPoints

FOUND = ("Smallest changes that flip the decision (each put through the model and checked against the "
         "constraints):")
REASONS = {"flips": "", "no_other_value": "no other permitted value",
           "no_single_flip": "no single change of this column flips it"}


def exact(item) -> str:
    """A changed cell exactly enough to be checked against the row (no thousands separators)."""
    if isinstance(item, (float, np.floating)):
        return f"{item:.4g}"
    return str(item)


def change_text(changes) -> str:
    """One row's changes, e.g. "credit_amount: 3345 -> 2100; savings: < 100 DM -> 500 to 1000 DM"."""
    return "; ".join(f"{column}: {exact(old)} -> {exact(new)}" for column, old, new in changes)


def found_sentence(result: Counterfactuals) -> str:
    """The line above the table, or what was tried when nothing flips the decision."""
    return FOUND if len(result) else (result.message or "No counterfactual found.")


def table(result: Counterfactuals) -> pd.DataFrame:
    """The rows as people read them: prediction, score, the changes (old -> new), columns changed, plausibility."""
    rows = result.rows
    return pd.DataFrame({"prediction": rows["prediction"].to_numpy(), "score": rows["score"].to_numpy(),
                         "changes": [change_text(c) for c in result.changes],
                         "features_changed": rows["features_changed"].to_numpy(),
                         "plausibility": rows["plausibility"].to_numpy()}, index=rows.index)


def flip_table(result: FlipPoints) -> pd.DataFrame:
    """Flip points with readable values and the reason a column cannot flip the decision alone."""
    points = result.points
    blank = lambda v: v is None or (isinstance(v, float) and np.isnan(v))
    return pd.DataFrame({"feature": points["feature"], "current": points["current"].map(format_value),
                         "flip_value": points["flip_value"].map(lambda v: "" if blank(v) else format_value(v)),
                         "prediction": points["prediction"].map(lambda v: "" if blank(v) else str(v)),
                         "note": points["reason"].map(REASONS)})
