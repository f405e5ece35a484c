"""Outliers in numeric columns: robust z-score, with fallbacks for columns dominated by one value."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .findings import Finding
from .values import as_values, is_number

Z_LIMIT = 5.0  # robust z-score above which a value is an outlier
MAD_SCALE = 1.4826  # makes the MAD estimate the standard deviation of normal data
IQR_FENCE = 3.0


def outliers(X: pd.DataFrame, kinds: dict) -> list[Finding]:
    """Numeric columns: values with robust z-score above 5 (or beyond 3 IQR when the MAD is 0)."""
    findings = []
    for column in X.columns:
        if kinds.get(column) == "categorical" or not is_number(X[column]):
            continue
        values = X[column].to_numpy(dtype=float, na_value=np.nan)
        mask, rule = outlier_mask(values)
        count = int(mask.sum())
        if count == 0:
            continue
        centre = np.nanmedian(values)
        example = values[mask][np.argmax(np.abs(values[mask] - centre))]
        share = count / len(X)
        findings.append(Finding("outliers", column, "medium" if share >= 0.01 else "low", count, share,
                                values=as_values([example]), details={**rule, "median": float(centre)}))
    return findings


def outlier_mask(values: np.ndarray) -> tuple[np.ndarray, dict]:
    """Outlier flags and the rule used, as values (``rule`` and its limit; words.py says it).

    Robust z-score |x - median| / (1.4826 MAD) > 5; when the MAD is 0 (over half the values are
    equal) the 3 IQR fences; when the IQR is 0 too (a spike, e.g. mostly zeros) the robust z-score
    among the values off the spike, so that a zero-inflated column does not flag every non-zero.
    """
    finite = values[np.isfinite(values)]
    none = np.zeros(len(values), dtype=bool), {}
    if len(finite) < 3:
        return none
    median = np.median(finite)
    mad = np.median(np.abs(finite - median))
    if mad > 0:
        return np.abs(values - median) / (MAD_SCALE * mad) > Z_LIMIT, {"rule": "robust z-score", "limit": Z_LIMIT}
    q1, q3 = np.percentile(finite, [25, 75])
    if q3 > q1:
        low, high = q1 - IQR_FENCE * (q3 - q1), q3 + IQR_FENCE * (q3 - q1)
        return (values < low) | (values > high), {"rule": "interquartile fences", "limit": IQR_FENCE}
    rest = finite[finite != median]
    if len(rest) < 3:
        return none
    rest_median = np.median(rest)
    rest_mad = np.median(np.abs(rest - rest_median))
    if rest_mad == 0:
        return none
    mask = (values != median) & (np.abs(values - rest_median) / (MAD_SCALE * rest_mad) > Z_LIMIT)
    return mask, {"rule": "robust z-score off the spike", "limit": Z_LIMIT, "spike": float(median)}
