"""Global summaries of attributions: importance ranking and the strongest interacting feature."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.result import Result
from .attributions import Attributions


@dataclass(frozen=True)
class Importance(Result):
    """How much each input column moves the output on average: mean |contribution| over ``rows`` rows.

    ``values``: column -> mean absolute contribution, largest first, in ``units`` (as the attributions).
    """

    values: pd.Series
    units: str
    rows: int

    @property
    def columns(self) -> list:
        """The input columns, most important first."""
        return list(self.values.index)


def importance(att: Attributions) -> Importance:
    """Mean absolute contribution per input column, largest first (same units as ``att``)."""
    values = att.values.abs().mean().sort_values(ascending=False)
    return Importance(values=values, units=att.units, rows=len(att.values), approximate=att.approximate,
                      method=f"Mean absolute SHAP value of each column over {len(att.values):,} rows ({att.method}).")


def numeric_codes(series: pd.Series) -> np.ndarray:
    """Numbers for any column: numeric values as they are, categories as codes in sorted order."""
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return series.to_numpy(dtype=float)
    codes = pd.Categorical(series.astype(str)).codes.astype(float)
    codes[series.isna().to_numpy()] = np.nan
    return codes


def strongest_interaction(att: Attributions, feature: str, bins: int = 10) -> str | None:
    """The column that best explains the spread of ``feature``'s contributions at equal values.

    Sorts rows by the feature, splits them into bins, and within each bin correlates the
    feature's contributions with every other column; the largest summed |correlation| wins
    (the heuristic of shap.utils.approximate_interactions).
    """
    others = [c for c in att.values.columns if c != feature]
    if len(att.values) < 2 * bins or not others:
        return None
    order = np.argsort(numeric_codes(att.data[feature]), kind="stable")
    contributions = att.values[feature].to_numpy()[order]
    scores = {}
    for column in others:
        values = numeric_codes(att.data[column])[order]
        scores[column] = sum(_abs_corr(c, v) for c, v in zip(np.array_split(contributions, bins),
                                                               np.array_split(values, bins), strict=True))
    best = max(scores, key=scores.get)
    return best if scores[best] > 0 else None


def _abs_corr(a: np.ndarray, b: np.ndarray) -> float:
    keep = ~(np.isnan(a) | np.isnan(b))
    a, b = a[keep], b[keep]
    if len(a) < 3 or np.std(a) == 0 or np.std(b) == 0:
        return 0.0
    return float(abs(np.corrcoef(a, b)[0, 1]))
