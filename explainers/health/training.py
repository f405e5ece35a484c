"""Is the model being judged on its own training rows? Rows that also occur in the training file, judged
against how often identical rows occur naturally, and the headline metric here against the model's holdout.

Identical rows are natural where many people give the same answers (adult: about one training row in six
has an identical twin). So the share of rows found in the training file is compared with the *natural
rate*: the share of training rows that have an identical twin elsewhere in the training file. That is a
leave-one-out estimate: each training row is looked up among the other N - 1 rows, exactly as a new row
from the same population is looked up among the N training rows, so both shares estimate the same
probability when no training rows were copied in. (Splitting the training file in two halves and looking
up one half in the other compares with only N / 2 rows and underestimates the rate: 11% against 17% on
adult.) Only the excess over the natural rate is a leak; its 95% interval is Newcombe's (MOVER) from the
two Wilson intervals, the natural rate's on the effective number of training rows: twins come in groups,
so its variance is the cluster-robust one (1.7 times the binomial on adult; with it, the interval of 200
random 70/30 splits of adult holds 0 about 95% of the time). A copied row always matches, a fresh one
with the natural rate, so
``excess / (1 - natural)`` estimates the share of rows that are copies of training rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.language import _, count
from ..core.result import Result
from ..core.stats import wilson_interval
from .reference import read_reference
from .values import row_hashes

MOST = 0.5  # more than half the rows estimated to be copies of training rows: the scores here are optimistic
FAR_ABOVE = 0.05  # a headline metric this much above the holdout's is suspicious


@dataclass(frozen=True)
class TrainingOverlap(Result):
    """``rows``: rows of the data; ``in_training``: how many also occur, identical in every input column, in
    the training file of ``training_rows`` rows, ``twins`` of which have an identical twin elsewhere in it;
    ``natural`` (twins / training rows), ``excess`` (share found minus natural) with its 95% interval
    ``excess_low`` to ``excess_high``; ``metric`` with ``value`` here and ``holdout`` on the model's own
    holdout (or None)."""

    rows: int
    in_training: int
    training_rows: int = 0
    twins: int = 0
    natural: float = 0.0
    excess: float = 0.0
    excess_low: float = 0.0
    excess_high: float = 0.0
    metric: str | None = None
    value: float | None = None
    holdout: float | None = None

    @property
    def share(self) -> float:
        return self.in_training / self.rows if self.rows else 0.0

    @property
    def excess_rows(self) -> int:
        """How many more rows were found in the training file than the natural rate explains (at least 0)."""
        return max(0, round(self.in_training - self.natural * self.rows))

    @property
    def copied(self) -> float:
        """The estimated share of rows that are copies of training rows (0 to 1)."""
        return min(1.0, max(0.0, self.excess) / (1 - self.natural)) if self.natural < 1 else 0.0

    @property
    def suspicious(self) -> bool:
        """Most rows look copied from training, or the metric is far above the holdout's."""
        far = self.value is not None and self.holdout is not None and self.value - self.holdout > FAR_ABOVE
        return self.copied > MOST or far


def shared_rows(X: pd.DataFrame, training: pd.DataFrame) -> dict:
    """The counts behind :class:`TrainingOverlap` for rows ``X`` and a ``training`` frame with the same columns:
    rows, in_training, training_rows, twins, natural, excess and its 95% interval."""
    found_in = row_hashes(training)
    rows, in_training = len(X), int(np.isin(row_hashes(X), found_in).sum())
    sizes = pd.Series(found_in).value_counts().to_numpy()  # rows per distinct row of the training file
    twins = int(sizes[sizes > 1].sum())
    natural = twins / len(found_in) if len(found_in) else 0.0
    share = in_training / rows if rows else 0.0
    effective = len(found_in) / _design_effect(sizes, natural)
    (l1, u1), (l2, u2) = wilson_interval(in_training, rows), wilson_interval(natural * effective, effective)
    excess = share - natural
    low, high = excess - math.hypot(share - l1, u2 - natural), excess + math.hypot(u1 - share, natural - l2)
    return {"rows": rows, "in_training": in_training, "training_rows": len(found_in), "twins": twins,
            "natural": natural, "excess": excess, "excess_low": low, "excess_high": high}


def _design_effect(sizes: np.ndarray, natural: float) -> float:
    """How much wider the natural rate's sampling variance is than independent rows' (at least 1): twins come in
    groups, so it is the cluster-robust variance (groups of identical rows as clusters) over the binomial one."""
    total = sizes.sum()
    if not 0 < natural < 1:
        return 1.0
    robust = float((((sizes > 1) * sizes - natural * sizes) ** 2).sum())
    return max(1.0, robust / (total * natural * (1 - natural)))


def training_overlap(case: Case, *, training, metric: str | None = None, value: float | None = None,
                     holdout: float | None = None) -> TrainingOverlap:
    """How many of the case's rows occur in ``training`` (a path, bytes or frame) beyond the natural rate of
    identical rows, with an optional headline ``metric`` (its ``value`` here and on the ``holdout``) to compare.
    The one place rows shared with the training file are counted (the robustness scan reads it too)."""
    ref, _notes = read_reference(case.X, case.feature_kinds, training)
    counts = shared_rows(case.X, ref)
    return TrainingOverlap(**counts, metric=metric, value=value, holdout=holdout,
                           method=_("Rows compared in every input column with the {rows} rows of the training file; "
                                    "the natural rate of identical rows is the share of training rows with an "
                                    "identical twin elsewhere in the training file; the excess has a 95% Newcombe "
                                    "interval, the natural rate's variance counting groups of identical rows as "
                                    "clusters.", rows=count(len(ref))))
