"""Spurious dependence: how much the model leans on each column (attributions), and on the sensitive ones.

Attributions come from :func:`explainers.attributions` on a sample of rows sized to the model (an
exact engine explains up to ``ATTRIBUTION_ROWS`` rows in about a second; the permutation fallback
explains fewer). A column's share is its mean absolute attribution over the sum for all columns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.case import Case
from ..why.attributions import affordable_rows, attributions, exact_method

ATTRIBUTION_ROWS = 200
AGNOSTIC_ROWS = 20
COLUMNS = ["column", "attribution_share", "rank", "flip_rate", "ci_low", "ci_high", "p_value", "q_value"]


def attribution_shares(case: Case, X: pd.DataFrame, random_state: int = 0) -> pd.Series | None:
    """Each column's share of the mean absolute attribution (summing to 1), largest first; None if unavailable."""
    exact = exact_method(case) is not None
    count = affordable_rows(case, 1.0, ATTRIBUTION_ROWS, at_least=25) if exact else AGNOSTIC_ROWS
    rows = X.sample(min(count, len(X)), random_state=random_state).index
    try:
        values = attributions(case, rows=list(rows), random_state=random_state).values
    except Exception:  # noqa: BLE001 - an explanation that fails must not stop the scan; the note says so
        return None
    size = values.abs().mean()
    total = float(size.sum())
    return (size / total if total > 0 else size).sort_values(ascending=False)


def sensitive_reliance(case: Case, shares: pd.Series | None, flips: pd.DataFrame) -> pd.DataFrame:
    """One row per sensitive column (sidecar): its attribution share and rank, and the flip rate of swapping it."""
    rows = []
    by_column = flips.set_index("column")
    for column in [c for c in case.metadata.sensitive if c in case.X.columns]:
        share = np.nan if shares is None else float(shares.get(column, np.nan))
        rank = np.nan if shares is None else int(list(shares.index).index(column)) + 1
        flip = by_column.loc[column]
        rows.append({"column": column, "attribution_share": share, "rank": rank, "flip_rate": flip["flip_rate"],
                     "ci_low": flip["ci_low"], "ci_high": flip["ci_high"], "p_value": flip["p_value"],
                     "q_value": flip["q_value"]})
    return pd.DataFrame(rows, columns=COLUMNS)
