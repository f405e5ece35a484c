"""The rows whose decision changes between the two models, who is right, and why the decision moved.

Classifiers: the decision differs (both decided by core.measures.decide, at the threshold or each model's
own decision). Regressors: the absolute error grows or shrinks by more
than ``tolerance`` (default: the champion's mean absolute error). The reason for a flip is read
from attributions: the columns whose contribution changed most between the two models.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.measures import decide
from ..core.threads import one_thread
from ..why.attributions import attributions

REASONS = 3  # columns named per flipped row


def flipped(champion: Case, challenger: Case, tolerance: float | None = None,
            threshold: float | None = None) -> tuple[np.ndarray, float | None]:
    """(boolean mask of changed rows, the regression tolerance used or None); classifiers decide at ``threshold``."""
    if champion.is_classifier:
        return (decide(champion, threshold).to_numpy() != decide(challenger, threshold).to_numpy()), None
    y = champion.y.to_numpy(dtype=float)
    before = np.abs(y - champion.predicted.to_numpy(dtype=float))
    after = np.abs(y - challenger.predicted.to_numpy(dtype=float))
    tolerance = float(before.mean()) if tolerance is None else float(tolerance)
    return np.abs(after - before) > tolerance, tolerance


def flip_table(champion: Case, challenger: Case, mask: np.ndarray, threshold: float | None = None) -> pd.DataFrame:
    """Changed rows: both outputs (classifiers: decisions at ``threshold``), the actual label, which model is right."""
    rows = champion.X.index[mask]
    frame = pd.DataFrame({"row": rows, "champion": decide(champion, threshold)[mask].to_numpy(),
                          "challenger": decide(challenger, threshold)[mask].to_numpy(),
                          "actual": champion.y[mask].to_numpy()})
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
        before, after = (_explain(case, labels, target, random_state) for case in (champion, challenger))
        columns = before.columns.union(after.columns, sort=False)
        before, after = before.reindex(columns=columns, fill_value=0.0), after.reindex(columns=columns, fill_value=0.0)
        for position, reasons in zip(part.index, _reasons(before.to_numpy(), after.to_numpy(), columns), strict=True):
            frame.at[position, "why"] = reasons
    return frame


def _explain(case: Case, labels: list, target, random_state: int) -> pd.DataFrame:
    with one_thread(len(labels), case.model):  # a few hundred rows: threads would only wait for each other
        return attributions(case, rows=labels, target_class=target, random_state=random_state).values


def _by_explained_class(champion: Case, chosen: pd.DataFrame):
    """(class whose probability is explained, rows): the positive class for binary, else the champion's choice."""
    if champion.task != "multiclass" or champion.proba is None:
        return [(None, chosen)]
    return list(chosen.groupby("champion", sort=True))


def _reasons(before: np.ndarray, after: np.ndarray, columns) -> list[list[dict]]:
    """Per row, the ``REASONS`` columns whose attribution changed most, with both attributions."""
    change = after - before
    top = np.argsort(-np.abs(change), axis=1, kind="stable")[:, :REASONS]
    return [[{"column": str(columns[j]), "champion": float(before[i, j]), "challenger": float(after[i, j]),
              "change": float(change[i, j])} for j in row] for i, row in enumerate(top)]
