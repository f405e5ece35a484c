"""The rows whose decision changes between the two models, who is right, and why the decision moved.

Classifiers: the predicted class differs. Regressors: the absolute error grows or shrinks by more
than ``tolerance`` (default: the champion's mean absolute error). The reason for a flip is read
from attributions: the columns whose contribution changed most between the two models.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.case import Case
from ..why.attributions import attributions

REASONS = 3  # columns named per flipped row


def flipped(champion: Case, challenger: Case, tolerance: float | None = None) -> tuple[np.ndarray, float | None]:
    """(boolean mask of changed rows, the regression tolerance used or None)."""
    if champion.is_classifier:
        return (champion.predicted.to_numpy() != challenger.predicted.to_numpy()), None
    y = champion.y.to_numpy(dtype=float)
    before = np.abs(y - champion.predicted.to_numpy(dtype=float))
    after = np.abs(y - challenger.predicted.to_numpy(dtype=float))
    tolerance = float(before.mean()) if tolerance is None else float(tolerance)
    return np.abs(after - before) > tolerance, tolerance


def flip_table(champion: Case, challenger: Case, mask: np.ndarray) -> pd.DataFrame:
    """Changed rows: both outputs, the actual label and which model is right."""
    rows = champion.X.index[mask]
    frame = pd.DataFrame({"row": rows, "champion": champion.predicted[mask].to_numpy(),
                          "challenger": challenger.predicted[mask].to_numpy(), "actual": champion.y[mask].to_numpy()})
    if champion.task == "binary" and champion.proba is not None and challenger.proba is not None:
        positive = champion.positive_class
        frame["champion_score"] = champion.proba[positive].to_numpy()[mask]
        frame["challenger_score"] = challenger.proba[positive].to_numpy()[mask]
    if champion.is_classifier:
        a, b = frame["champion"] == frame["actual"], frame["challenger"] == frame["actual"]
    else:
        a = (frame["champion"] - frame["actual"]).abs() < (frame["challenger"] - frame["actual"]).abs()
        b = ~a
    frame["right"] = np.select([a & ~b, b & ~a, a & b], ["champion", "challenger", "both"], "neither")
    return frame


def explain_flips(champion: Case, challenger: Case, frame: pd.DataFrame, max_explained: int,
                  random_state: int = 0) -> pd.DataFrame:
    """Add ``why``: per row the columns whose attribution changed most (up to ``max_explained`` rows)."""
    frame = frame.assign(why=[None] * len(frame))
    if frame.empty or max_explained <= 0:
        return frame
    chosen = frame if len(frame) <= max_explained else frame.sample(max_explained, random_state=random_state)
    for target, part in _by_explained_class(champion, chosen):
        labels = list(part["row"])
        before = attributions(champion, rows=labels, target_class=target, random_state=random_state).values
        after = attributions(challenger, rows=labels, target_class=target, random_state=random_state).values
        change = after.reindex(columns=before.columns.union(after.columns, sort=False), fill_value=0.0)
        change = change - before.reindex(columns=change.columns, fill_value=0.0)
        for position, label in zip(part.index, labels, strict=True):
            frame.at[position, "why"] = _reasons(change.loc[label], before, after, label)
    return frame


def _by_explained_class(champion: Case, chosen: pd.DataFrame):
    """(class whose probability is explained, rows): the positive class for binary, else the champion's choice."""
    if champion.task != "multiclass" or champion.proba is None:
        return [(None, chosen)]
    return list(chosen.groupby("champion", sort=True))


def _reasons(change: pd.Series, before: pd.DataFrame, after: pd.DataFrame, label) -> list[dict]:
    top = change.abs().sort_values(ascending=False, kind="mergesort").head(REASONS).index
    return [{"column": str(c), "champion": float(before.at[label, c]) if c in before.columns else 0.0,
             "challenger": float(after.at[label, c]) if c in after.columns else 0.0, "change": float(change[c])}
            for c in top]
