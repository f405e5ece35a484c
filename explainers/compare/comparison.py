"""``compare``: is the challenger better than the champion on the same labelled rows, overall and per group?"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..confidence.calibration import calibration
from ..core.case import Case
from ..core.columns import group_labels
from ..core.errors import InputError, preview
from ..core.memo import per_case
from ..core.result import PRIVATE, Result, jsonable
from ..failures.slices import failures, row_errors
from . import intervals
from .bootstrap import resample_indices
from .flips import explain_flips, flip_table, flipped
from .metrics import row_values, shared_specs, subset
from .paired_tests import delong, mcnemar
from .pairing import paired
from .slices import worse_slices

LEVEL = 0.95
GROUP_COLUMNS = ["group", "metric", "rows", "champion", "challenger", "difference", "low", "high", "significant", "worse",
                 "better", "higher_is_better"]


@dataclass(frozen=True)
class Comparison(Result):
    """A champion and a challenger on the same rows (see :func:`compare` for the fields)."""

    champion_name: str
    challenger_name: str
    task: str
    rows: int
    metrics: pd.DataFrame
    tests: pd.DataFrame  # metric, test, p_value: exact or classical paired tests beside the intervals
    flips: pd.DataFrame
    agreement: float
    tolerance: float | None  # regression: the change in absolute error that counts as a flip
    calibration: dict | None  # {"champion": Calibration, "challenger": Calibration}
    challenger_worse: pd.DataFrame  # slices where the challenger is significantly worse (see slices.py)
    n_boot: int
    random_state: object
    champion: Case = field(metadata=PRIVATE, repr=False)
    challenger: Case = field(metadata=PRIVATE, repr=False)

    @property
    def slices(self) -> dict:
        """{"champion": Failures, "challenger": Failures, "challenger_worse": DataFrame}. Each model's own failing
        slices are searched on first use and remembered per case (the Where it fails search, run for each)."""
        return {"champion": per_case(self.champion, "compare_failures", lambda: failures(self.champion)),
                "challenger": per_case(self.challenger, "compare_failures", lambda: failures(self.challenger)),
                "challenger_worse": self.challenger_worse}

    def to_dict(self) -> dict:
        """The result as JSON-safe values, each model's failing slices included."""
        return {**super().to_dict(), "slices": jsonable(self.slices)}

    def by_group(self, column: str, metric: str | None = None, bins: int = 4) -> pd.DataFrame:
        """Per group of ``column`` (numbers in quantile bins): both values of ``metric`` and the paired
        interval of the difference, on the same bootstrap rounds as the overall table.

        Columns: group, metric, rows, champion, challenger, difference, low, high, significant, worse
        (``worse``: the challenger is significantly worse there: a regression even if it wins overall),
        better, higher_is_better.
        """
        return group_table(self, column, metric, bins)


def compare(champion: Case, challenger, *, random_state=0, n_boot: int = 1000, tolerance: float | None = None,
            max_explained: int = 200) -> Comparison:
    """Judge ``challenger`` against ``champion`` on the same labelled rows.

    Parameters
    ----------
    champion : Case, the model run now.
    challenger : Case on the same rows, or a model (path, bytes or fitted object) to load on them.
    random_state : seed of the bootstrap (the same seed gives the same result).
    n_boot : bootstrap rounds (rows resampled with replacement, the same rows for both models).
    tolerance : regression only: the change in absolute error that counts as a changed decision
        (default: the champion's mean absolute error).
    max_explained : at most this many flipped rows get attribution reasons (a reproducible sample).

    Returns
    -------
    Comparison with ``metrics`` (metric, champion, challenger, difference = challenger - champion,
    low, high: its 95% interval, significant: the interval excludes 0, better: the model it favours),
    ``tests`` (McNemar for accuracy, DeLong for ROC AUC), ``flips``, ``agreement``, ``calibration``,
    ``challenger_worse`` (slices where the challenger is significantly worse), ``slices`` (those and each
    model's failing slices, searched on first use) and the method :meth:`Comparison.by_group`.
    """
    if n_boot < 100:
        raise InputError(f"n_boot must be at least 100 for a 95% interval; got {n_boot}.")
    champion, challenger, notes = paired(champion, challenger)
    specs = shared_specs(champion, challenger)
    before, after = row_values(champion), row_values(challenger)
    rounds = intervals.paired_rounds(specs, before, after, resample_indices(len(champion.X), n_boot, random_state))
    metrics = intervals.table(intervals.metric_rows(specs, before, after, rounds, LEVEL))
    mask, tolerance = flipped(champion, challenger, tolerance)
    flips = explain_flips(champion, challenger, flip_table(champion, challenger, mask), max_explained, random_state)
    return Comparison(
        champion_name=champion.name, challenger_name=challenger.name, task=champion.task, rows=len(champion.X),
        metrics=metrics, tests=_tests(before, after, metrics), flips=flips,
        agreement=float(1 - mask.mean()), tolerance=tolerance, calibration=_calibrations(champion, challenger),
        challenger_worse=_worse(champion, challenger), n_boot=n_boot, random_state=random_state,
        champion=champion, challenger=challenger, approximate=True,
        method=_method(champion, n_boot, random_state, len(flips), max_explained),
        notes=notes,
    )


def _tests(before: dict, after: dict, metrics: pd.DataFrame) -> pd.DataFrame:
    rows = []
    if "correct" in before:
        rows.append({"metric": "accuracy", "test": "Exact McNemar test (two-sided)",
                     "p_value": mcnemar(before["correct"], after["correct"])})
    if "roc_auc" in set(metrics["metric"]):
        rows.append({"metric": "roc_auc", "test": "DeLong's test for correlated ROC AUCs (two-sided)",
                     "p_value": delong(before["positive"], before["score"], after["score"])})
    return pd.DataFrame(rows, columns=["metric", "test", "p_value"])


def _calibrations(champion: Case, challenger: Case) -> dict | None:
    if not champion.is_classifier or champion.proba is None or challenger.proba is None:
        return None
    return {"champion": calibration(champion), "challenger": calibration(challenger)}


def _worse(champion: Case, challenger: Case) -> pd.DataFrame:
    before, _, _ = row_errors(champion)
    after, _, _ = row_errors(challenger)
    return worse_slices(champion, challenger, before, after)


def _method(case: Case, n_boot: int, random_state, flips: int, max_explained: int) -> str:
    units = "probability" if case.is_classifier else "target"
    explained = (f"; reasons for {min(flips, max_explained):,} of {flips:,} changed rows from attributions in "
                 f"{units} units") if flips else ""
    return (f"Paired bootstrap over {len(case.X):,} labelled rows ({n_boot:,} rounds, seed {random_state}): both "
            f"models scored on the same resampled rows; 95% percentile intervals of challenger - champion{explained}.")


def group_table(comparison: Comparison, column: str, metric: str | None, bins: int) -> pd.DataFrame:
    """See :meth:`Comparison.by_group`."""
    champion, challenger = comparison.champion, comparison.challenger
    spec = _spec(comparison, metric)
    values = champion.X[column] if column in champion.X.columns else _column(challenger, column)
    labels = group_labels(values, bins)
    before, after = row_values(champion), row_values(challenger)
    indices = resample_indices(len(champion.X), comparison.n_boot, comparison.random_state)
    groups = _positions(labels, values)
    rounds = intervals.group_rounds(spec, before, after, indices, groups)
    rows = []
    for group, positions in groups.items():
        one = intervals.metric_rows([spec], subset(before, positions), subset(after, positions),
                                    {spec.key: rounds[group]}, LEVEL)[0]
        rows.append({"group": group, "rows": len(positions), **one, "worse": one["better"] == "champion"})
    table = pd.DataFrame(rows)
    return table[GROUP_COLUMNS].reset_index(drop=True)


def _spec(comparison: Comparison, metric: str | None):
    specs = shared_specs(comparison.champion, comparison.challenger)
    if metric is None:
        return specs[0]
    found = [s for s in specs if s.key == metric]
    if not found:
        raise InputError(f"Unknown metric {metric!r} for this comparison; choose from {preview([s.key for s in specs])}.")
    return found[0]


def _column(case: Case, column: str) -> pd.Series:
    if column not in case.X.columns:
        raise InputError(f"Column {column!r} is not an input of either model.")
    return case.X[column]


def _positions(labels: pd.Series, values: pd.Series) -> dict:
    """Group -> row positions; numeric bins in increasing order, categories by their count (largest first)."""
    codes = labels.astype(str).to_numpy()
    groups = {str(g): np.flatnonzero(codes == g) for g in pd.unique(codes)}
    binned = pd.api.types.is_numeric_dtype(values) and not np.array_equal(codes, values.astype(str).to_numpy())
    if binned:
        numbers = values.to_numpy(dtype=float)
        return dict(sorted(groups.items(), key=lambda item: np.nanmin(numbers[item[1]], initial=np.inf)))
    return dict(sorted(groups.items(), key=lambda item: -len(item[1])))
