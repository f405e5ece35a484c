"""The one-column rule a sceptic proposes instead of the model: learned on the training rows, judged here.

For each input column, the best single cut of a number (flag the rows above it, or below it) or the
best set of categories to flag, chosen for the most value on the training rows with the stated values;
the column whose rule is worth most wins. Rows the rule has not seen (a missing number, a new category)
get the training rows' best single decision. Without training rows the rule is not learned: learning it
on the judged rows would flatter it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.errors import InputError
from ..health.reference import read_reference
from ..io.tables import read_table
from .values import Values

MISSING = "(missing)"
MAX_CUTS = 256  # candidate cuts of a number: its quantiles, when it has more distinct values


@dataclass(frozen=True)
class OneRule:
    """Flag the positive class when ``column`` is at least ``cut`` (``above``; else below it), or is one of
    ``categories``; other rows (missing, unseen) get ``otherwise`` (True: flagged). ``training_value``: its
    value per row on the ``training_rows``."""

    column: str
    kind: str  # "cut" or "categories"
    cut: float | None = None
    above: bool = True
    categories: tuple = ()
    otherwise: bool = False
    training_value: float = 0.0
    training_rows: int = 0
    seen: tuple = ()  # categories found in the training rows ("(missing)" for blanks)

    def flags(self, X: pd.DataFrame) -> np.ndarray:
        """True where the rule flags a row as the positive class."""
        values = X[self.column]
        if self.kind == "cut":
            numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
            known = np.isfinite(numbers)
            hit = numbers >= self.cut if self.above else numbers < self.cut
            return np.where(known, hit, self.otherwise)
        text = values.astype("string").fillna(MISSING)
        return np.where(text.isin(set(self.seen)).to_numpy(dtype=bool),
                        text.isin(set(self.categories)).to_numpy(dtype=bool), self.otherwise)


def learn_rule(case: Case, training, values: Values) -> OneRule:
    """The best one-column rule on ``training`` (a path, bytes or frame holding the input columns and the target)."""
    frame, _ = read_table(training, name="The training data")
    if case.target not in frame.columns:
        raise InputError(f"The training data has no column {case.target!r} (the target): the one-column rule "
                         "learns from labelled training rows. Choose the file the model was trained on.")
    X, _ = read_reference(case.X, case.feature_kinds, frame)
    labels = frame[case.target]
    known = labels.notna().to_numpy()
    positive = (labels.astype(str) == str(case.positive_class)).to_numpy()[known]
    X = X.loc[known]
    if len(X) == 0 or positive.all() or not positive.any():
        raise InputError("The training rows hold one class only: no rule can be learned from them.")
    gain = _gains(positive, values)
    best = None
    for column in X.columns:
        found = (_categories if case.feature_kinds.get(column) == "categorical" or not _numeric(X[column])
                 else _cut)(column, X[column], gain)
        if best is None or found.training_value > best.training_value + 1e-12:
            best = found
    return best


def _gains(positive: np.ndarray, values: Values) -> np.ndarray:
    """Per training row: the value of flagging it minus the value of not flagging it; and the base."""
    flag = np.where(positive, values.true_positive, values.false_positive)
    keep = np.where(positive, values.false_negative, values.true_negative)
    return np.stack([keep, flag - keep])  # row 0: value when not flagged; row 1: extra when flagged


def _numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values)


def _cut(column: str, values: pd.Series, gain: np.ndarray) -> OneRule:
    """The best cut of a number (flag at or above it, or below it), missing numbers their best decision."""
    x = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    known = np.isfinite(x)
    base, extra = gain[0], gain[1]
    missing_extra = float(extra[~known].sum())
    otherwise = missing_extra > 0
    fixed = float(base.sum()) + max(missing_extra, 0.0)
    xs, es = x[known], extra[known]
    order = np.argsort(xs, kind="mergesort")
    xs, es = xs[order], es[order]
    distinct = np.unique(xs)
    cuts = distinct[1:] if len(distinct) <= MAX_CUTS else np.unique(np.quantile(xs, np.linspace(0, 1, MAX_CUTS)[1:-1]))
    cuts = np.concatenate([[distinct[0]], cuts])  # the lowest value: flag every known row (or none)
    below = np.concatenate([[0.0], np.cumsum(es)])[np.searchsorted(xs, cuts, side="left")]
    above = es.sum() - below
    i_up, i_down = int(np.argmax(above)), int(np.argmax(below))
    up = above[i_up] >= below[i_down]
    cut, extra_value = (cuts[i_up], above[i_up]) if up else (cuts[i_down], below[i_down])
    total = fixed + float(extra_value)
    return OneRule(column=column, kind="cut", cut=float(cut), above=bool(up), otherwise=bool(otherwise),
                   training_value=total / len(x), training_rows=len(x))


def _categories(column: str, values: pd.Series, gain: np.ndarray) -> OneRule:
    """The best set of categories to flag: each category flagged when flagging its rows gains value."""
    text = values.astype("string").fillna(MISSING)
    extra = pd.Series(gain[1]).groupby(text.to_numpy()).sum()
    chosen = tuple(sorted(str(c) for c in extra.index[extra > 0]))
    total = float(gain[0].sum()) + float(extra[extra > 0].sum())
    otherwise = float(gain[1].sum()) > 0  # an unseen category: the training rows' best single decision
    return OneRule(column=column, kind="categories", categories=chosen, otherwise=otherwise,
                   training_value=total / len(values), training_rows=len(values),
                   seen=tuple(sorted(str(c) for c in extra.index)))
