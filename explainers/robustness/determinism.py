"""Determinism: the same rows predicted twice, and each row predicted alone, in a batch and at load.

A model is deterministic here when two calls on the same rows give the same outputs (within 1e-9).
Only then is a row that scores differently alone, in a small batch or in the whole table at load
time a sign that the output depends on the other rows in the call (batch statistics, or state
leaking between rows): checked on ``SINGLE_ROWS`` rows one call each.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.case import Case
from .batch import Outputs, loaded, outputs

REPEAT_ROWS = 500
SINGLE_ROWS = 20
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Repeats:
    """How far outputs moved between repeated calls (``repeat_*``) and between a row alone, in a batch
    and at load (``batch_*``); shares are of the rows compared."""

    rows: int
    repeat_share: float  # rows whose output differed between two identical calls
    repeat_max: float  # largest difference (probability points or target units)
    repeat_decisions: float  # share of rows whose decision differed
    single_rows: int
    batch_share: float  # rows whose output alone / in the batch / at load differed (NaN if not deterministic)
    batch_max: float

    @property
    def deterministic(self) -> bool:
        return self.repeat_share == 0


def repeats(case: Case, X: pd.DataFrame, threshold: float | None = None) -> Repeats:
    """Predict ``REPEAT_ROWS`` rows twice, then ``SINGLE_ROWS`` of them alone (see the module docstring);
    decisions at ``threshold`` (None: the model's own)."""
    rows = X.head(REPEAT_ROWS)
    first, second = outputs(case, rows, threshold), outputs(case, rows, threshold)
    differ = _difference(first, second)
    decisions = float(np.mean(first.decision.astype(object) != second.decision.astype(object)))
    share, largest = float(np.mean(differ > TOLERANCE)), float(differ.max(initial=0.0))
    batch_share = batch_max = float("nan")
    singles = rows.head(SINGLE_ROWS)
    if share == 0:
        alone = [outputs(case, singles.iloc[[i]], threshold) for i in range(len(singles))]
        alone = Outputs(np.concatenate([a.decision for a in alone]),
                        None if first.score is None else np.concatenate([a.score for a in alone]))
        in_batch, at_load = _head(first, len(singles)), loaded(case, singles, threshold)
        gaps = np.maximum(_difference(alone, in_batch), _difference(in_batch, at_load))
        batch_share, batch_max = float(np.mean(gaps > TOLERANCE)), float(gaps.max(initial=0.0))
    return Repeats(len(rows), share, largest, decisions, len(singles), batch_share, batch_max)


def _head(out: Outputs, count: int) -> Outputs:
    return Outputs(out.decision[:count], None if out.score is None else out.score[:count])


def _difference(a: Outputs, b: Outputs) -> np.ndarray:
    """Largest absolute difference per row: in scores when there are some, else 0/1 for a changed decision."""
    if a.score is None or b.score is None:
        return (a.decision.astype(object) != b.decision.astype(object)).astype(float)
    diff = np.abs(np.asarray(a.score, dtype=float) - np.asarray(b.score, dtype=float))
    return diff.max(axis=1) if diff.ndim == 2 else diff
