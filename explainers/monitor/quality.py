"""Data quality per period: missing values above the reference's normal share (a binomial test at
alpha / (columns x periods) and a share above every reference chunk's), and categories the reference never had."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..health.values import is_number
from .drift import ALPHA

UNSEEN_SHARE = 0.01  # unseen categories on more than this share of a period's rows is an alert
QUALITY_COLUMNS = ["period", "start", "column", "issue", "share", "reference_share", "alert"]


def quality_table(reference: pd.DataFrame, batches: pd.DataFrame, labels: pd.Series, table: pd.DataFrame,
                  chunks: np.ndarray) -> pd.DataFrame:
    level = ALPHA / max(len(reference.columns) * len(table), 1)
    rows = []
    for column in reference.columns:
        ref_missing = reference[column].isna().to_numpy()
        base = float(ref_missing.mean())
        worst = max(float(ref_missing[chunks == k].mean()) for k in np.unique(chunks))
        known = None if is_number(reference[column]) else set(reference[column].dropna().astype(str))
        for period, start in zip(table["period"], table["start"], strict=True):
            values = batches[column][(labels == period).to_numpy()]
            n, missing = len(values), int(values.isna().sum())
            p = stats.binomtest(missing, n, max(base, 1e-6), alternative="greater").pvalue if n else 1.0
            if missing:
                rows.append({"period": period, "start": start, "column": column, "issue": "missing",
                             "share": missing / n, "reference_share": base,
                             "alert": bool(p < level and missing / n > worst)})
            if known is not None:
                unseen = float((values.notna() & ~values.astype(str).isin(known)).mean()) if n else 0.0
                if unseen > 0:
                    rows.append({"period": period, "start": start, "column": column, "issue": "unseen",
                                 "share": unseen, "reference_share": 0.0, "alert": unseen > UNSEEN_SHARE})
    return pd.DataFrame(rows, columns=QUALITY_COLUMNS)
