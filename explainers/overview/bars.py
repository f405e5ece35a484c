"""The score histogram's bars: how many rows fall in each bin of the model's output, split by the decision at the
threshold (binary classifiers), counted on the server so a page can draw them as a static picture (drawing.py)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.measures import decide
from ..core.result import Result
from .predictions import scores

BINS = 40  # as the plotly histogram's nbinsx: 2.5 percentage points for probabilities


@dataclass(frozen=True)
class ScoreBars(Result):
    """Rows per bar of the model's output. ``edges``: the bins' edges in drawn units (percent for probabilities,
    ``share``), empty when the output is classes (``names``: one bar each). ``counts``: per bar, the rows decided
    the other class and the rows decided the positive class (``sides``: their names) for a binary classifier at
    ``threshold`` (drawn units), else one count per bar. ``label`` names the output, ``rows`` the rows drawn."""

    label: str
    share: bool
    edges: tuple
    names: tuple
    counts: tuple
    threshold: float | None
    sides: tuple
    rows: int


def score_bars(case: Case, threshold: float = 0.5) -> ScoreBars:
    """The bars of :func:`~explainers.overview.predictions.scores` on every row: 40 bins of equal width (0-100 % for
    probabilities, the values' range otherwise), one bar per class for a classifier without probabilities; for a
    binary classifier each bar split by ``decide(case, threshold)``, the one decision rule."""
    found = scores(case, threshold)
    if case.is_classifier and not found.share:  # decisions only: one bar per class, in the model's order
        counted = pd.Series(found.values).value_counts()
        names = [c for c in (case.classes or ()) if c in counted.index] + [c for c in counted.index
                                                                            if c not in (case.classes or ())]
        return ScoreBars(label=found.label, share=False, edges=(), names=tuple(str(n) for n in names),
                         counts=tuple((int(counted[n]),) for n in names), threshold=None, sides=(),
                         rows=int(counted.sum()), method=found.method)
    values = np.asarray(found.values, dtype=float) * (100 if found.share else 1)
    drawn = np.isfinite(values)
    if found.share:
        edges = np.linspace(0.0, 100.0, BINS + 1)
    else:
        edges = np.histogram_bin_edges(values[drawn], bins=BINS) if drawn.any() else np.linspace(0.0, 1.0, BINS + 1)
    if found.threshold is None or case.positive_class is None:
        counts = [(int(n),) for n in np.histogram(values[drawn], bins=edges)[0]]
        return ScoreBars(label=found.label, share=found.share, edges=tuple(edges.tolist()), names=(),
                         counts=tuple(counts), threshold=None, sides=(), rows=int(drawn.sum()), method=found.method)
    positive = case.positive_class
    flagged = (decide(case, threshold) == positive).to_numpy(dtype=bool)
    other = next((c for c in (case.classes or ()) if c != positive), None)
    below = np.histogram(values[drawn & ~flagged], bins=edges)[0]
    above = np.histogram(values[drawn & flagged], bins=edges)[0]
    return ScoreBars(label=found.label, share=True, edges=tuple(edges.tolist()), names=(),
                     counts=tuple((int(b), int(a)) for b, a in zip(below, above)), threshold=found.threshold * 100,
                     sides=(str(other), str(positive)), rows=int(drawn.sum()), method=found.method)
