"""Drift: how far each input column moved from the reference, by population stability index (PSI)
and a two-sample test (Kolmogorov-Smirnov for numbers, chi-squared for categories)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..core.language import _, count, shortest
from ..core.result import Result
from .findings import Finding
from .values import as_values, is_number

DRIFT_COLUMNS = ["column", "kind", "psi", "test", "statistic", "p_value", "verdict"]
PSI_BINS = 10
PSI_EPSILON = 1e-4  # share given to an empty bucket so that the log stays finite
PSI_MODERATE, PSI_MAJOR = 0.1, 0.25
DRIFT_ALPHA = 0.05  # a shift counts only when the test says chance would rarely give one this large
MIN_DRIFT_ROWS = 30  # below this many rows on either side PSI is inflated by noise: never "major"


@dataclass(frozen=True)
class Drift(Result):
    """Per input column: ``table`` with column, kind, psi, test, statistic, p_value, verdict; largest PSI first."""

    table: pd.DataFrame
    reference_rows: int


def column_drift(X: pd.DataFrame, ref: pd.DataFrame, kinds: dict) -> Drift:
    """One row per input column: PSI, the two-sample test and the verdict; largest PSI first."""
    rows = []
    for column in X.columns:
        kind = kinds.get(column, "categorical")
        categorical = kind == "categorical" or not (is_number(X[column]) and is_number(ref[column]))
        value = psi(X[column], ref[column], categorical=categorical)
        if categorical:
            test, (statistic, p_value) = "chi-squared", _chi_squared(X[column], ref[column])
        else:
            test, (statistic, p_value) = "KS", _ks(X[column], ref[column])
        rows.append({"column": column, "kind": kind, "psi": value, "test": test, "statistic": statistic,
                     "p_value": p_value, "verdict": verdict(value, p_value, min(len(X), len(ref)))})
    table = pd.DataFrame(rows, columns=DRIFT_COLUMNS)
    table = table.sort_values("psi", ascending=False, kind="mergesort").reset_index(drop=True)
    return Drift(table=table, reference_rows=len(ref), method=_method(len(X), len(ref)))


def psi(data: pd.Series, reference: pd.Series, categorical: bool = False, bins: int = PSI_BINS) -> float:
    """Population stability index sum((d - r) * ln(d / r)) over buckets of the reference.

    Numbers: ``bins`` quantile bins of the reference (fewer when quantiles tie), right-closed, open
    at both ends. Categories: the reference's categories, plus one bucket for categories it lacks.
    Missing values form their own bucket. An empty bucket gets the share 1e-4.
    """
    return float(psi_of_counts(*bucket_counts(pd.Series(data), pd.Series(reference), categorical, bins)))


def psi_of_counts(data_counts: np.ndarray, ref_counts: np.ndarray) -> np.ndarray | float:
    """PSI from bucket counts, along the last axis: one value for two count vectors, one per row for two
    matrices of counts (the gate's bootstrap redraws). The one place the PSI formula lives."""
    d = _shares(np.asarray(data_counts))
    r = _shares(np.asarray(ref_counts))
    return np.sum((d - r) * np.log(d / r), axis=-1)


def _shares(counts: np.ndarray) -> np.ndarray:
    """Each bucket's share of its row's total; an empty bucket gets PSI_EPSILON so that the log stays finite."""
    return np.where(counts > 0, counts / np.maximum(counts.sum(axis=-1, keepdims=True), 1), PSI_EPSILON)


def bucket_counts(data: pd.Series, ref: pd.Series, categorical: bool, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Counts of data and reference in the buckets psi() describes."""
    if categorical:
        ref_counts = ref.value_counts()
        data_counts = data.value_counts().reindex(ref_counts.index, fill_value=0).to_numpy()
        unseen = int(data.notna().sum() - data_counts.sum())
        return (np.append(data_counts, [unseen, data.isna().sum()]),
                np.append(ref_counts.to_numpy(), [0, ref.isna().sum()]))
    d = data.to_numpy(dtype=float, na_value=np.nan)
    r = ref.to_numpy(dtype=float, na_value=np.nan)
    finite = r[~np.isnan(r)]
    if len(finite) == 0:
        edges = np.array([])
    else:
        edges = np.unique(np.quantile(finite, np.arange(1, bins) / bins))
    missing = len(edges) + 1
    data_idx = np.where(np.isnan(d), missing, np.searchsorted(edges, d, side="left"))
    ref_idx = np.where(np.isnan(r), missing, np.searchsorted(edges, r, side="left"))
    return np.bincount(data_idx, minlength=missing + 1), np.bincount(ref_idx, minlength=missing + 1)


def _ks(data: pd.Series, ref: pd.Series) -> tuple[float, float]:
    """Two-sample Kolmogorov-Smirnov statistic and p-value on the non-missing values."""
    d = data.to_numpy(dtype=float, na_value=np.nan)
    r = ref.to_numpy(dtype=float, na_value=np.nan)
    d, r = d[~np.isnan(d)], r[~np.isnan(r)]
    if len(d) == 0 or len(r) == 0:
        return float("nan"), float("nan")
    method = "exact" if len(d) * len(r) <= 1_000_000 else "asymp"
    result = stats.ks_2samp(d, r, method=method)
    return float(result.statistic), float(result.pvalue)


def _chi_squared(data: pd.Series, ref: pd.Series) -> tuple[float, float]:
    """Chi-squared test of homogeneity on the category counts (missing counted as a category). A category of the
    dtype seen in neither sample (text columns are categoricals from loading on) is no category of the test."""
    table = pd.concat([data.value_counts(dropna=False), ref.value_counts(dropna=False)], axis=1).fillna(0)
    table = table[table.sum(axis=1) > 0]
    if len(table) < 2:
        return 0.0, 1.0
    statistic, p_value, _, _ = stats.chi2_contingency(table.to_numpy().T, correction=False)
    return float(statistic), float(p_value)


def verdict(value: float, p_value: float = 0.0, rows: int = MIN_DRIFT_ROWS) -> str:
    """stable, possible shift, moderate shift or major shift: from the PSI, and major only when the test
    says the shift is unlikely to be chance (p < 0.05) and both samples hold at least 30 rows (``rows``:
    the smaller sample)."""
    if value < PSI_MODERATE:
        return "stable"
    if not p_value < DRIFT_ALPHA:  # NaN (no values to test) counts as not shown
        return "possible shift"
    return "major shift" if value > PSI_MAJOR and rows >= MIN_DRIFT_ROWS else "moderate shift"


def drift_findings(drift: Drift, X: pd.DataFrame, ref: pd.DataFrame) -> list[Finding]:
    """A finding for each column whose PSI verdict is not stable, with what moved as values."""
    findings = []
    table = drift.table
    for row in table[table["verdict"] != "stable"].itertuples(index=False):
        data_value, ref_value, moved = _what_moved(X[row.column], ref[row.column], row.test)
        details = {"psi": row.psi, "verdict": row.verdict, "test": row.test, "statistic": row.statistic,
                   "p_value": row.p_value, **moved}
        severity = {"major shift": "high", "moderate shift": "medium"}.get(row.verdict, "low")
        findings.append(Finding("drift", row.column, severity, 0, 0.0, values=as_values([data_value]),
                                reference_values=as_values([ref_value]), details=details))
    return findings


def _what_moved(data: pd.Series, ref: pd.Series, test: str) -> tuple[object, object, dict]:
    """The medians (numbers), or the category whose share changed most with its two shares (categories)."""
    if test == "KS":
        return data.median(), ref.median(), {"moved": "median"}
    shares = pd.concat([data.value_counts(normalize=True, dropna=False),
                        ref.value_counts(normalize=True, dropna=False)], axis=1).fillna(0)
    gap = (shares.iloc[:, 0] - shares.iloc[:, 1]).abs()
    label = gap.idxmax()
    moved = {"moved": "share", "data_share": float(shares.loc[label].iloc[0]),
             "reference_share": float(shares.loc[label].iloc[1])}
    return label, label, moved


def _method(rows: int, reference_rows: int) -> str:
    """How drift was measured, with every threshold."""
    # Translators: drift is the change between the reference (training) data and the data seen now.
    return _(
        "Drift per column ({rows} rows against {reference_rows} reference rows): population stability index over "
        "{bins} quantile bins of the reference (numbers) or the reference's categories plus one bucket for new ones "
        "(categories), missing values as their own bucket, empty buckets given a share of {epsilon}; PSI below "
        "{moderate} stable, {moderate} to {major} moderate shift (medium), above {major} major shift (high). With it a "
        "two-sample Kolmogorov-Smirnov test on the non-missing values (numbers; exact when the two sample sizes "
        "multiply to at most {exact_limit}, else asymptotic) or a chi-squared test of the category counts, missing as "
        "a category (categories), from scipy.stats.", rows=count(rows), reference_rows=count(reference_rows),
        bins=count(PSI_BINS), epsilon=shortest(PSI_EPSILON), moderate=shortest(PSI_MODERATE),
        major=shortest(PSI_MAJOR), exact_limit=count(1_000_000))
