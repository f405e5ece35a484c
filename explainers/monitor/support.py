"""Support: the share of a period's rows outside what the reference showed (a number outside a column's
reference range, or a category the reference never had). Estimates assume the rows are like the reference's;
a period with more than SUPPORT_SHARE of its rows outside is flagged unreliable, and says why."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.language import current, percent
from ..health.values import is_number

SUPPORT_SHARE = 0.05


def outside(reference: pd.DataFrame, batches: pd.DataFrame) -> tuple[np.ndarray, dict]:
    """(per batch row: outside the reference's support on some column; per column: rows outside)."""
    flags = np.zeros(len(batches), dtype=bool)
    per_column = {}
    for column in reference.columns:
        values = batches[column]
        if is_number(reference[column]) and is_number(values):
            ref = pd.to_numeric(reference[column], errors="coerce")
            x = pd.to_numeric(values, errors="coerce")
            out = ((x < ref.min()) | (x > ref.max())).to_numpy()
        else:
            out = (values.notna() & ~values.astype(str).isin(set(reference[column].dropna().astype(str)))).to_numpy()
        per_column[column] = out
        flags |= out
    return flags, per_column


def reasons(per_column: dict, mask: np.ndarray) -> str:
    """The columns that take a period's rows outside the support, most first, with their shares."""
    rows = max(int(mask.sum()), 1)
    shares = sorted(((float(v[mask].sum()) / rows, c) for c, v in per_column.items() if v[mask].any()), reverse=True)
    return ", ".join(f"{c} ({s:.0%})" if current() == "en" else f"{c} ({percent(s, 0)})" for s, c in shares[:3])
