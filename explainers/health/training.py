"""Is the model being judged on its own training rows? The share of rows that also occur in the
training file, and the headline metric here against the one on the model's holdout."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.case import Case
from ..core.result import Result
from .reference import read_reference
from .values import row_hashes

MOST = 0.5  # more than half the rows in the training file: the scores here are optimistic
FAR_ABOVE = 0.05  # a headline metric this much above the holdout's is suspicious


@dataclass(frozen=True)
class TrainingOverlap(Result):
    """``rows``: rows of the data; ``in_training``: how many also occur, identical in every input column, in
    the training file; ``metric`` with ``value`` here and ``holdout`` on the model's own holdout (or None)."""

    rows: int
    in_training: int
    metric: str | None = None
    value: float | None = None
    holdout: float | None = None

    @property
    def share(self) -> float:
        return self.in_training / self.rows if self.rows else 0.0

    @property
    def suspicious(self) -> bool:
        """Most rows were trained on, or the metric is far above the holdout's."""
        far = self.value is not None and self.holdout is not None and self.value - self.holdout > FAR_ABOVE
        return self.share > MOST or far


def training_overlap(case: Case, *, training, metric: str | None = None, value: float | None = None,
                     holdout: float | None = None) -> TrainingOverlap:
    """How many of the case's rows occur in ``training`` (a path, bytes or frame), with an optional headline
    ``metric`` (its ``value`` here and on the ``holdout``) to compare."""
    ref, _ = read_reference(case.X, case.feature_kinds, training)
    found = int(np.isin(row_hashes(case.X), row_hashes(ref)).sum())
    return TrainingOverlap(rows=len(case.X), in_training=found, metric=metric, value=value, holdout=holdout,
                           method=f"Rows compared in every input column with the {len(ref):,} rows of the training "
                                  "file.")
