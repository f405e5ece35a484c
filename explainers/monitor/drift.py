"""Drift per period: each input column and the predicted score (health's PSI and two-sample tests), and the
rows as a whole (PCA reconstruction error), with thresholds learned from the reference's own chunks and
false alarms controlled family-wise over every column and period together.

Per column, a period alerts only when both hold: the health folder's test (Kolmogorov-Smirnov or
chi-squared) rejects "no change" at alpha / (columns x periods) (Bonferroni: with no shift, the chance of
any alert in the whole table is at most alpha), and the PSI exceeds the largest PSI any reference chunk shows
against the rest of the reference (a max-statistic over the reference's chunks: the shift is larger than
normal times give, whatever the sample size).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..health.drift import column_drift, psi
from ..health.values import is_number

ALPHA = 0.05  # the chance of one false alarm or more in a whole run with no shift
DRIFT_COLUMNS = ["period", "start", "column", "method", "statistic", "threshold", "p_value", "alert"]
PCA_VARIANCE = 0.65  # share of the reference's variance the components keep
MAX_CATEGORIES = 20  # per column, the reference's most frequent categories become indicator columns


def drift_columns(reference: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(columns to test, identifiers left out: text or whole numbers unique on every reference row)."""
    skipped = [c for c in reference.columns if len(reference) > 1 and reference[c].nunique() == len(reference)
               and not pd.api.types.is_float_dtype(reference[c])]
    return [c for c in reference.columns if c not in skipped], skipped


def _categorical(kind: str, a: pd.Series, b: pd.Series) -> bool:
    return kind == "categorical" or not (is_number(a) and is_number(b))


def reference_thresholds(frame: pd.DataFrame, chunks: np.ndarray, kinds: dict) -> dict[str, float]:
    """Per column, the largest PSI of a reference chunk against the rest of the reference."""
    out = {}
    for column in frame.columns:
        categorical = _categorical(kinds.get(column, "continuous"), frame[column], frame[column])
        values = [psi(frame[column][chunks == k], frame[column][chunks != k], categorical=categorical)
                  for k in np.unique(chunks)]
        out[column] = float(np.max(values))
    return out


def period_drift(batches: pd.DataFrame, labels: pd.Series, cut_table: pd.DataFrame, reference: pd.DataFrame,
                 thresholds: dict, kinds: dict, tests: int) -> pd.DataFrame:
    """One row per period and column: PSI (statistic), its reference threshold, the test's p-value, the alert."""
    rows = []
    level = ALPHA / max(tests, 1)
    for period, start in zip(cut_table["period"], cut_table["start"], strict=True):
        part = batches[(labels == period).to_numpy()]
        found = column_drift(part, reference, kinds).table.set_index("column")
        for column in batches.columns:
            row = found.loc[column]
            alert = bool(row["p_value"] < level and row["psi"] > thresholds[column])
            rows.append({"period": period, "start": start, "column": column,
                         "method": f"PSI; {row['test']} p < {level:.2g}", "statistic": float(row["psi"]),
                         "threshold": thresholds[column], "p_value": float(row["p_value"]), "alert": alert})
    return pd.DataFrame(rows, columns=DRIFT_COLUMNS)


class Reconstruction:
    """PCA fitted on the reference's standardised numbers and category indicators (the eigenvectors of their
    covariance keeping PCA_VARIANCE of the variance, as scikit-learn's PCA(n_components=0.65) keeps); a row's
    error is its distance from its reconstruction."""

    def __init__(self, reference: pd.DataFrame, random_state: int = 0):
        self.numbers = [c for c in reference.columns if is_number(reference[c])]
        self.categories = {c: list(reference[c].astype(str).value_counts().index[:MAX_CATEGORIES])
                           for c in reference.columns if c not in self.numbers}
        values = reference[self.numbers].apply(pd.to_numeric, errors="coerce").astype(float)
        self.mean, self.scale = values.mean(), values.std().replace(0, 1).fillna(1)
        self.reference_design = self._design(reference)
        self.center, self.components = _pca(self.reference_design)
        self.n_components = self.components.shape[1]

    def _design(self, frame: pd.DataFrame) -> np.ndarray:
        values = frame[self.numbers].apply(pd.to_numeric, errors="coerce").astype(float)
        parts = [((values - self.mean) / self.scale).fillna(0.0).to_numpy()]
        for column, known in self.categories.items():
            text = frame[column].astype(str).to_numpy()
            parts.append((text[:, None] == np.asarray(known, dtype=object)[None, :]).astype(float))
        return np.column_stack(parts)

    def errors(self, frame: pd.DataFrame) -> np.ndarray:
        return _errors(self._design(frame), self.center, self.components)

    def out_of_fold_errors(self, chunks: np.ndarray) -> np.ndarray:
        """Each reference row's error under a PCA fitted on the other chunks (the same standardisation): errors
        of rows the fit never saw, as a period's rows are (in-sample errors are smaller and would make normal
        periods look moved)."""
        out = np.empty(len(chunks))
        for k in np.unique(chunks):
            inside = chunks == k
            out[inside] = _errors(self.reference_design[inside], *_pca(self.reference_design[~inside]))
        return out


def _pca(design: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(centre, components keeping PCA_VARIANCE of the variance) from the covariance's eigenvectors."""
    variances, vectors = np.linalg.eigh(np.atleast_2d(np.cov(design, rowvar=False)))
    variances, vectors = np.clip(variances[::-1], 0, None), vectors[:, ::-1]
    share = np.cumsum(variances) / max(float(variances.sum()), 1e-12)
    keep = int(min(np.searchsorted(share, PCA_VARIANCE, side="right") + 1, len(variances)))
    return design.mean(axis=0), vectors[:, :keep]


def _errors(design: np.ndarray, center: np.ndarray, components: np.ndarray) -> np.ndarray:
    centred = design - center
    rest = centred - (centred @ components) @ components.T
    return np.sqrt((rest ** 2).sum(axis=1))


def multivariate(model: Reconstruction, reference_errors: np.ndarray, chunks: np.ndarray, period_errors: dict,
                 cut_table: pd.DataFrame) -> pd.DataFrame:
    """Per period the mean reconstruction error against mu + z * sqrt(between-chunk variance + row variance / n +
    row variance / reference rows) (the last: mu's own error), z at ALPHA / periods (Bonferroni over periods),
    every variance learned from the reference's chunks."""
    mu, spread = float(reference_errors.mean()), float(reference_errors.var(ddof=1))
    means = np.array([reference_errors[chunks == k].mean() for k in np.unique(chunks)])
    sizes = np.array([(chunks == k).sum() for k in np.unique(chunks)])
    between = max(float(means.var(ddof=1) - np.mean(spread / sizes)), 0.0)
    z = float(stats.norm.ppf(1 - ALPHA / max(len(cut_table), 1)))
    rows = []
    for period, start in zip(cut_table["period"], cut_table["start"], strict=True):
        errors = period_errors[period]
        sd = np.sqrt(between + spread / max(len(errors), 1) + spread / len(reference_errors))
        value = float(errors.mean())
        rows.append({"period": period, "start": start, "column": "multivariate",
                     "method": f"PCA reconstruction error ({model.n_components} components)", "statistic": value,
                     "threshold": float(mu + z * sd), "p_value": float(stats.norm.sf((value - mu) / sd)),
                     "alert": bool(value > mu + z * sd)})
    return pd.DataFrame(rows, columns=DRIFT_COLUMNS)
