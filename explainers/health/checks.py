"""Is the data fit to judge the model on? Missing values, outliers, unseen categories, constant and
duplicated columns, duplicated rows and, given a reference table (e.g. the training file), drift.

Each check reports only what it finds, one row per finding in plain words with its numbers, worst
first. Drift compares every input column with the reference by population stability index (PSI)
and a two-sample test (Kolmogorov-Smirnov for numbers, chi-squared for categories). Everything is
computed on every row with vectorised numpy/pandas; nothing is sampled.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..core.case import Case
from ..core.errors import DataError, preview
from ..core.words import number, percent, plain
from ..core.words import rows as rows_
from ..io.tables import read_table

SEVERITIES = ("high", "medium", "low")
CHECK_COLUMNS = ["check", "column", "severity", "finding", "why", "rows"]
DRIFT_COLUMNS = ["column", "kind", "psi", "test", "statistic", "p_value", "verdict"]
Z_LIMIT = 5.0  # robust z-score above which a value is an outlier
MAD_SCALE = 1.4826  # makes the MAD estimate the standard deviation of normal data
IQR_FENCE = 3.0
PSI_BINS = 10
PSI_EPSILON = 1e-4  # share given to an empty bucket so that the log stays finite
PSI_MODERATE, PSI_MAJOR = 0.1, 0.25
RECODING_MAX_VALUES = 50  # columns with more distinct values are not checked for one-to-one recodings

WHY = {
    "missing values": "The model must guess or impute where inputs are missing, so its predictions for those rows rest on less.",
    "outliers": "Values far outside the usual range are often data errors, and models extrapolate unpredictably there.",
    "unseen categories": "The model never saw these values in training and treats them as unknown, so its predictions for those rows deserve less trust.",
    "category mismatch": "Categories present on one side only mean the data and the reference describe different populations.",
    "constant column": "A column with one value shows nothing about how the model uses it, and often means a broken export.",
    "duplicate column": "Two columns holding the same information split the credit in explanations, so each looks less important than it is.",
    "duplicate rows": "Repeated rows count several times in every metric and can hide a join or export error.",
    "rows also in reference": "If the reference is the training data, scores on rows the model was trained on are optimistic.",
    "drift": "The model learned from data like the reference; where an input has moved, its accuracy there may not carry over.",
}


@dataclass(frozen=True)
class DataHealth:
    """Findings about the case's data, and drift against a reference table when one is given."""

    checks: pd.DataFrame  # check, column, severity, finding, why, rows; worst first
    drift: pd.DataFrame | None  # column, kind, psi, test, statistic, p_value, verdict; worst first
    reference_rows: int | None
    method: str


def data_health(case: Case, reference=None, important=None, random_state: int = 0) -> DataHealth:
    """Check the case's input table and, given ``reference`` (table, path or bytes), its drift.

    Parameters
    ----------
    case : the loaded :class:`Case`; only ``X``, ``feature_kinds`` and ``categories`` are used.
    reference : None, or a DataFrame / CSV or Parquet path / bytes with at least the model's input
        columns (others, like the target, are ignored).
    important : names of the most important columns; missing values there rank one level worse.
    random_state : accepted for a uniform engine API; every check is exact, so nothing is random.

    Raises
    ------
    DataError (an InputError) when the reference lacks model columns or cannot be read.
    """
    X, kinds = case.X, dict(case.feature_kinds)
    ref, notes = _reference(X, kinds, reference)
    important = {c for c in (() if important is None else important) if c in X.columns}
    hashes = _row_hashes(X)
    findings = (
        _missing_values(X, important) + _outliers(X, kinds) + _unseen_categories(X, case.categories)
        + _constant_columns(X) + _duplicate_columns(X) + _duplicate_rows(hashes)
    )
    drift = None
    if ref is not None:
        findings += _category_mismatch(X, ref, kinds) + _rows_in_reference(hashes, _row_hashes(ref))
        drift = _drift_table(X, ref, kinds)
        findings += _drift_findings(drift, X, ref)
    method = _method(len(X), None if ref is None else len(ref), notes)
    return DataHealth(_checks_frame(findings), drift, None if ref is None else len(ref), method)


# ---------------------------------------------------------------- reference


def _reference(X: pd.DataFrame, kinds: dict, reference) -> tuple[pd.DataFrame | None, list[str]]:
    """The reference's model columns, numeric where the data is numeric; DataError if columns lack."""
    if reference is None:
        return None, []
    frame, notes = read_table(reference, name="The reference data")
    missing = [c for c in X.columns if c not in frame.columns]
    if missing:
        raise DataError(
            f"The reference data lacks {len(missing)} of the model's input column(s): {preview(missing)}. "
            "Choose the table the model was trained on, or one with the same columns."
        )
    frame = frame[list(X.columns)].copy()
    for column in X.columns:
        frame[column] = _align(X[column], frame[column], kinds.get(column))
    return frame, notes


def _align(data: pd.Series, ref: pd.Series, kind: str | None) -> pd.Series:
    """The reference column in a type comparable with the data's (numbers as numbers, else text)."""
    if _is_number(data) == _is_number(ref):
        return ref
    if not _is_number(data):
        return ref.astype("string")
    converted = pd.to_numeric(ref, errors="coerce")
    bad = ref[converted.isna() & ref.notna()]
    if len(bad) == 0:
        return converted
    if kind == "categorical":
        return ref  # categories that differ in kind are simply different categories
    raise DataError(
        f"Column {data.name!r} holds numbers in the data but text in the reference "
        f"(e.g. {preview(bad.unique(), 3)}). Fix the reference so both hold the same kind of values."
    )


# ---------------------------------------------------------------- checks on the data alone


def _missing_values(X: pd.DataFrame, important: set) -> list[dict]:
    """Per column: how many values are missing; one level worse for the most important columns."""
    findings = []
    counts = X.isna().sum()
    for column, count in counts[counts > 0].items():
        share = count / len(X)
        severity = _by_share(share, medium=0.05, high=0.2)
        text = f"{int(count):,} of {len(X):,} values are missing ({percent(share)})."
        if column in important:
            severity = SEVERITIES[max(0, SEVERITIES.index(severity) - 1)]
            text += f" {column!r} is among the most important columns for the model's predictions."
        findings.append(_finding("missing values", column, severity, text, int(count), share))
    return findings


def _outliers(X: pd.DataFrame, kinds: dict) -> list[dict]:
    """Numeric columns: values with robust z-score above 5 (or beyond 3 IQR when the MAD is 0)."""
    findings = []
    for column in X.columns:
        if kinds.get(column) == "categorical" or not _is_number(X[column]):
            continue
        values = X[column].to_numpy(dtype=float, na_value=np.nan)
        mask, rule = _outlier_mask(values)
        count = int(mask.sum())
        if count == 0:
            continue
        centre = np.nanmedian(values)
        example = values[mask][np.argmax(np.abs(values[mask] - centre))]
        share = count / len(X)
        text = (f"{count:,} values ({percent(share)}) are {rule}, e.g. {number(example)}; "
                f"the median is {number(centre)}.")
        findings.append(_finding("outliers", column, "medium" if share >= 0.01 else "low", text, count, share))
    return findings


def _outlier_mask(values: np.ndarray) -> tuple[np.ndarray, str]:
    """Outlier flags and the rule used, in words.

    Robust z-score |x - median| / (1.4826 MAD) > 5; when the MAD is 0 (over half the values are
    equal) the 3 IQR fences; when the IQR is 0 too (a spike, e.g. mostly zeros) the robust z-score
    among the values off the spike, so that a zero-inflated column does not flag every non-zero.
    """
    finite = values[np.isfinite(values)]
    none = np.zeros(len(values), dtype=bool)
    if len(finite) < 3:
        return none, ""
    median = np.median(finite)
    mad = np.median(np.abs(finite - median))
    if mad > 0:
        return np.abs(values - median) / (MAD_SCALE * mad) > Z_LIMIT, f"more than {Z_LIMIT:g} robust standard deviations from the median"
    q1, q3 = np.percentile(finite, [25, 75])
    if q3 > q1:
        low, high = q1 - IQR_FENCE * (q3 - q1), q3 + IQR_FENCE * (q3 - q1)
        return (values < low) | (values > high), f"beyond {IQR_FENCE:g} interquartile ranges from the quartiles"
    rest = finite[finite != median]
    if len(rest) < 3:
        return none, ""
    rest_median = np.median(rest)
    rest_mad = np.median(np.abs(rest - rest_median))
    if rest_mad == 0:
        return none, ""
    mask = (values != median) & (np.abs(values - rest_median) / (MAD_SCALE * rest_mad) > Z_LIMIT)
    return mask, (f"more than {Z_LIMIT:g} robust standard deviations from the median of the values "
                  f"other than {number(median)} (which fills over half the column)")


def _unseen_categories(X: pd.DataFrame, categories: dict) -> list[dict]:
    """Values of encoded columns that are not among the categories the model saw in training."""
    findings = []
    for column, seen in categories.items():
        if column not in X.columns:
            continue
        values = X[column]
        unseen = values.notna() & ~values.isin(list(seen))
        count = int(unseen.sum())
        if count:
            share = count / len(X)
            names = values[unseen].value_counts().index.tolist()
            text = f"{count:,} rows ({percent(share)}) hold {len(names)} value(s) never seen in training: {preview(names, 5)}."
            findings.append(_finding("unseen categories", column, "high" if share >= 0.05 else "medium", text, count, share))
    return findings


def _constant_columns(X: pd.DataFrame) -> list[dict]:
    """Columns with a single value (or all missing) in every row."""
    findings = []
    for column, distinct in X.nunique(dropna=False).items():
        if distinct <= 1 and len(X) > 1:
            value = X[column].iloc[0]
            shown = "missing" if pd.isna(value) else repr(plain(value))
            text = f"Every one of the {len(X):,} rows holds the same value, {shown}."
            findings.append(_finding("constant column", column, "medium", text, 0, 0.0))
    return findings


def _duplicate_columns(X: pd.DataFrame) -> list[dict]:
    """Columns identical to an earlier one, and low-cardinality columns that recode one another 1:1."""
    findings, first_of = [], {}
    for column in X.columns:
        key = _column_key(X[column])
        if key in first_of and _same_values(X[first_of[key]], X[column]):
            text = f"{column!r} holds exactly the same values as {first_of[key]!r} in all {len(X):,} rows."
            findings.append(_finding("duplicate column", column, "low", text, 0, 0.0))
        else:
            first_of.setdefault(key, column)
    identical = {f["column"] for f in findings}
    return findings + _recodings(X[[c for c in X.columns if c not in identical]])


def _recodings(X: pd.DataFrame) -> list[dict]:
    """Pairs of columns whose values map one-to-one (e.g. education and education_years)."""
    limit = min(RECODING_MAX_VALUES, len(X) // 10)
    codes = {}
    for column in X.columns:
        code, uniques = pd.factorize(X[column], use_na_sentinel=False)
        if 2 <= len(uniques) <= limit:
            codes[column] = (code.astype(np.int64), len(uniques))
    findings, names = [], list(codes)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            (code_a, n_a), (code_b, n_b) = codes[a], codes[b]
            if n_a != n_b or len(np.unique(code_a * n_b + code_b)) != n_a:
                continue
            text = (f"{b!r} is a one-to-one recoding of {a!r}: each of their {n_a} values always comes "
                    "with the same value of the other, so they carry the same information.")
            findings.append(_finding("duplicate column", b, "low", text, 0, 0.0))
    return findings


def _duplicate_rows(hashes: np.ndarray) -> list[dict]:
    """Rows identical in every input column to an earlier row (from their row hashes)."""
    count = int(pd.Series(hashes).duplicated().sum())
    if count == 0:
        return []
    share = count / len(hashes)
    text = f"{count:,} rows ({percent(share)}) repeat an earlier row exactly in every input column."
    return [_finding("duplicate rows", "", _by_share(share, medium=0.05, high=0.2), text, count, share)]


# ---------------------------------------------------------------- checks against the reference


def _category_mismatch(X: pd.DataFrame, ref: pd.DataFrame, kinds: dict) -> list[dict]:
    """Categorical columns: categories found in the data but not the reference, and the reverse."""
    findings = []
    for column in X.columns:
        if kinds.get(column) != "categorical":
            continue
        data_counts, ref_counts = X[column].value_counts(), ref[column].value_counts()
        only_data = data_counts[~data_counts.index.isin(ref_counts.index)]
        only_ref = ref_counts[~ref_counts.index.isin(data_counts.index)]
        if only_data.empty and only_ref.empty:
            continue
        data_share, ref_share = only_data.sum() / len(X), only_ref.sum() / len(ref)
        parts = []
        if len(only_data):
            parts.append(f"in the data but not the reference: {preview([plain(v) for v in only_data.index], 5)} "
                         f"({rows_(int(only_data.sum()))}, {percent(data_share)})")
        if len(only_ref):
            parts.append(f"in the reference but not the data: {preview([plain(v) for v in only_ref.index], 5)} "
                         f"({rows_(int(only_ref.sum()))} of the reference, {percent(ref_share)}; "
                         f"about {ref_share * len(X):,.1f} expected among the data's {len(X):,} rows)")
        text = "Categories " + "; categories ".join(parts) + "."
        severity = _by_share(max(data_share, ref_share), medium=0.01, high=0.05)
        findings.append(_finding("category mismatch", column, severity, text, int(only_data.sum()), data_share))
    return findings


def _rows_in_reference(hashes: np.ndarray, ref_hashes: np.ndarray) -> list[dict]:
    """Rows of the data that also appear, identical in every input column, in the reference."""
    count, rows = int(np.isin(hashes, ref_hashes).sum()), len(hashes)
    if count == 0:
        return []
    share = count / rows
    if count == rows:
        text = f"Every one of the data's {rows:,} rows also appears, identical in every input column, in the reference."
    else:
        text = (f"{count:,} of the data's {rows:,} rows ({percent(share)}) also appear, identical in every "
                "input column, in the reference.")
    return [_finding("rows also in reference", "", _by_share(share, medium=0.05, high=0.2), text, count, share)]


def _drift_table(X: pd.DataFrame, ref: pd.DataFrame, kinds: dict) -> pd.DataFrame:
    """One row per input column: PSI, the two-sample test and the verdict; largest PSI first."""
    rows = []
    for column in X.columns:
        kind = kinds.get(column, "categorical")
        categorical = kind == "categorical" or not (_is_number(X[column]) and _is_number(ref[column]))
        value = psi(X[column], ref[column], categorical=categorical)
        if categorical:
            test, (statistic, p_value) = "chi-squared", _chi_squared(X[column], ref[column])
        else:
            test, (statistic, p_value) = "KS", _ks(X[column], ref[column])
        rows.append({"column": column, "kind": kind, "psi": value, "test": test,
                     "statistic": statistic, "p_value": p_value, "verdict": _verdict(value)})
    table = pd.DataFrame(rows, columns=DRIFT_COLUMNS)
    return table.sort_values("psi", ascending=False, kind="mergesort").reset_index(drop=True)


def psi(data: pd.Series, reference: pd.Series, categorical: bool = False, bins: int = PSI_BINS) -> float:
    """Population stability index sum((d - r) * ln(d / r)) over buckets of the reference.

    Numbers: ``bins`` quantile bins of the reference (fewer when quantiles tie), right-closed, open
    at both ends. Categories: the reference's categories, plus one bucket for categories it lacks.
    Missing values form their own bucket. An empty bucket gets the share 1e-4.
    """
    data_counts, ref_counts = _bucket_counts(pd.Series(data), pd.Series(reference), categorical, bins)
    d = np.where(data_counts > 0, data_counts / max(data_counts.sum(), 1), PSI_EPSILON)
    r = np.where(ref_counts > 0, ref_counts / max(ref_counts.sum(), 1), PSI_EPSILON)
    return float(np.sum((d - r) * np.log(d / r)))


def _bucket_counts(data: pd.Series, ref: pd.Series, categorical: bool, bins: int) -> tuple[np.ndarray, np.ndarray]:
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
    """Chi-squared test of homogeneity on the category counts (missing counted as a category)."""
    table = pd.concat([data.value_counts(dropna=False), ref.value_counts(dropna=False)], axis=1).fillna(0)
    if len(table) < 2:
        return 0.0, 1.0
    statistic, p_value, _, _ = stats.chi2_contingency(table.to_numpy().T, correction=False)
    return float(statistic), float(p_value)


def _verdict(value: float) -> str:
    if value > PSI_MAJOR:
        return "major shift"
    return "moderate shift" if value >= PSI_MODERATE else "stable"


def _drift_findings(drift: pd.DataFrame, X: pd.DataFrame, ref: pd.DataFrame) -> list[dict]:
    """A finding for each column whose PSI verdict is not stable, with what moved in words."""
    findings = []
    for row in drift[drift["verdict"] != "stable"].itertuples(index=False):
        p = "p < 0.001" if row.p_value < 0.001 else f"p = {row.p_value:.3f}"
        text = (f"PSI {row.psi:.2f} ({row.verdict}): {_what_moved(X[row.column], ref[row.column], row.test)}; "
                f"{row.test} statistic {row.statistic:,.3g}, {p}.")
        severity = "high" if row.verdict == "major shift" else "medium"
        findings.append(_finding("drift", row.column, severity, text, 0, row.psi))
    return findings


def _what_moved(data: pd.Series, ref: pd.Series, test: str) -> str:
    """The median (numbers) or the category whose share changed most, in the data and the reference."""
    if test == "KS":
        return f"median {number(data.median())} in the data vs {number(ref.median())} in the reference"
    shares = pd.concat([data.value_counts(normalize=True, dropna=False),
                        ref.value_counts(normalize=True, dropna=False)], axis=1).fillna(0)
    gap = (shares.iloc[:, 0] - shares.iloc[:, 1]).abs()
    label = gap.idxmax()
    name = "missing" if pd.isna(label) else repr(plain(label))
    return (f"{name} is {percent(shares.loc[label].iloc[0])} of the data vs "
            f"{percent(shares.loc[label].iloc[1])} of the reference")


# ---------------------------------------------------------------- assembling and words


def _finding(check: str, column: str, severity: str, finding: str, rows: int, weight: float) -> dict:
    return {"check": check, "column": column, "severity": severity, "finding": finding,
            "why": WHY[check], "rows": int(rows), "_weight": float(weight)}


def _checks_frame(findings: list[dict]) -> pd.DataFrame:
    """Findings worst first: by severity, then by the share of rows (or PSI) concerned."""
    frame = pd.DataFrame(findings, columns=CHECK_COLUMNS + ["_weight"])
    frame["_rank"] = frame["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
    frame = frame.sort_values(["_rank", "_weight"], ascending=[True, False], kind="mergesort")
    frame = frame[CHECK_COLUMNS].reset_index(drop=True)
    return frame.astype({"rows": "int64"})


def _method(rows: int, reference_rows: int | None, notes: list[str]) -> str:
    """What was checked and how, with every threshold, for the page's method note."""
    text = (
        f"Every one of the {rows:,} rows is checked. Missing values: severity high from 20% of a column, "
        "medium from 5%, one level higher for the most important columns. Outliers (numeric columns): "
        f"robust z-score |x - median| / (1.4826 x MAD) above {Z_LIMIT:g}; when the MAD is 0, values beyond "
        f"{IQR_FENCE:g} IQR from the quartiles; when the IQR is 0 too, the robust z-score among the values "
        "other than the dominant one; medium from 1% of rows, else low (outliers concern single rows). Unseen categories: values of "
        "encoded columns not among the encoder's training categories; high from 5% of rows, else medium. "
        "Constant columns: medium. Duplicate columns: identical values, or a one-to-one recoding between "
        f"columns with at most {RECODING_MAX_VALUES} values: low. Duplicate rows: identical in every input "
        "column; high from 20% of rows, medium from 5%."
    )
    if reference_rows is None:
        return text + " No reference table was given, so drift was not measured."
    return text + (
        f" Reference: {reference_rows:,} rows. Categories on one side only: high from 5% of either side's "
        "rows, medium from 1%. Rows also in the reference: identical in every input column; high from 20%, "
        f"medium from 5%. Drift per column: population stability index over {PSI_BINS} quantile bins of the "
        "reference (numbers) or the reference's categories plus one bucket for new ones (categories), "
        f"missing values as their own bucket, empty buckets given a share of {PSI_EPSILON:g}; PSI below "
        f"{PSI_MODERATE:g} stable, {PSI_MODERATE:g} to {PSI_MAJOR:g} moderate shift (medium), above "
        f"{PSI_MAJOR:g} major shift (high). With it a two-sample Kolmogorov-Smirnov test on the non-missing "
        "values (numbers; exact when the two sample sizes multiply to at most 1,000,000, else asymptotic) or "
        "a chi-squared test of the category counts, missing as a category (categories), from scipy.stats."
        + "".join(f" {note}" for note in notes)
    )


def _by_share(share: float, medium: float, high: float) -> str:
    return "high" if share >= high else "medium" if share >= medium else "low"


def _is_number(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _column_key(series: pd.Series) -> str:
    """A content hash that is equal for equal values (numbers compared as floats)."""
    if _is_number(series):
        raw = series.to_numpy(dtype=float, na_value=np.nan).tobytes()
    else:
        raw = pd.util.hash_pandas_object(series.astype(object), index=False).to_numpy().tobytes()
    return hashlib.sha1(raw).hexdigest()


def _row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """A 64-bit hash per row, equal for rows with equal values whatever the column dtypes."""
    plain = pd.DataFrame({c: frame[c].to_numpy(dtype=float, na_value=np.nan) if _is_number(frame[c])
                          else frame[c].astype(object) for c in frame.columns})
    return pd.util.hash_pandas_object(plain, index=False).to_numpy()


def _same_values(a: pd.Series, b: pd.Series) -> bool:
    both_missing = a.isna().to_numpy() & b.isna().to_numpy()
    equal = (a.to_numpy(dtype=object) == b.to_numpy(dtype=object))
    return bool(np.all(equal | both_missing))


