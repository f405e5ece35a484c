"""``data_health``: is the data fit to judge the model on? Missing values, outliers, unseen
categories, constant and duplicated columns, duplicated rows and, given a reference table (e.g.
the training file), categories on one side only, shared rows and drift.

Each check reports only what it finds, as a :class:`Finding` of values (health/words.py writes
its sentence), worst first. Everything is computed on every row with vectorised numpy/pandas;
nothing is sampled. Drift is in health/drift.py, the reference checks in health/reference.py.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.columns import is_unseen
from ..core.language import _, count, shortest
from ..core.result import Result
from .drift import Drift, column_drift, drift_findings
from .findings import Finding, by_share, worse, worst_first
from .outliers import IQR_FENCE, Z_LIMIT, outliers
from .reference import read_reference, reference_checks
from .values import as_values, column_hashes, column_key, fingerprint, row_hashes, same_values

RECODING_MAX_VALUES = 50  # columns with more distinct values are not checked for one-to-one recodings
FIRST_ROWS = 10_000  # more distinct values than allowed among the first rows: too many among all (exact)


@dataclass(frozen=True)
class DataHealth(Result):
    """Findings about the case's data (worst first), and drift against a reference table when one is given."""

    findings: tuple  # of Finding
    rows: int
    drift: Drift | None = None
    reference_rows: int | None = None


def data_health(case: Case, reference=None, important=None, random_state: int = 0) -> DataHealth:
    """Check the case's input table and, given ``reference`` (table, path or bytes), its drift.

    Parameters
    ----------
    case : the loaded :class:`Case`; only ``X``, ``feature_kinds`` and ``categories`` are used.
    reference : None, or a DataFrame / CSV or Parquet path / bytes with at least the model's input
        columns (others, like the target, are ignored).
    important : names of the most important columns; missing values there rank one level worse.
    random_state : accepted for a uniform engine API; every check is exact, so nothing is random.

    Returns
    -------
    DataHealth with ``findings`` (check, column, severity, rows, share, values, reference_values,
    details), ``drift`` (a :class:`Drift`, or None without a reference) and the row counts.

    Raises
    ------
    DataError (an InputError) when the reference lacks model columns or cannot be read.
    """
    X, kinds = case.X, dict(case.feature_kinds)
    ref, notes = read_reference(X, kinds, reference)
    important = {c for c in (() if important is None else important) if c in X.columns}
    hashed = column_hashes(X)  # each column hashed once: row hashes, constant and duplicate columns
    hashes = row_hashes(X, hashed)
    findings = (_missing_values(X, important) + outliers(X, kinds) + _unseen_categories(X, case.categories)
                + _constant_columns(X, hashed) + _duplicate_columns(X, hashed) + _duplicate_rows(hashes))
    drift = None
    if ref is not None:
        drift = column_drift(X, ref, kinds)
        findings += reference_checks(X, ref, kinds, hashes) + drift_findings(drift, X, ref)
    if case.whole is not None:  # a dask case: these checks read the sample, not every row
        notes = [*notes, _("Checked on the stratified sample of {sample} of the {rows} rows on the Dask cluster; "
                           "counts and shares are the sample's.", sample=count(len(X)), rows=count(case.n_rows))]
    return DataHealth(findings=worst_first(findings), rows=len(X), drift=drift,
                      reference_rows=None if ref is None else len(ref), notes=tuple(notes),
                      method=_method(len(X), drift, notes))


def _missing_values(X: pd.DataFrame, important: set) -> list[Finding]:
    """Per column: how many values are missing; one level worse for the most important columns."""
    findings = []
    counts = X.isna().sum()
    for column, missing in counts[counts > 0].items():
        share = missing / len(X)
        severity = by_share(share, medium=0.05, high=0.2)
        if column in important:
            severity = worse(severity)
        findings.append(Finding("missing values", column, severity, int(missing), float(share),
                                details={"data_rows": len(X), "important": column in important}))
    return findings


def _unseen_categories(X: pd.DataFrame, categories: dict) -> list[Finding]:
    """Values of encoded columns that are not among the categories the model saw in training."""
    findings = []
    for column, seen in categories.items():
        if column not in X.columns:
            continue
        values = X[column]
        unseen = is_unseen(values, seen)
        count = int(unseen.sum())
        if count:
            share = count / len(X)
            names = as_values(values[unseen].value_counts().index)
            findings.append(Finding("unseen categories", column, "high" if share >= 0.05 else "medium", count, share,
                                    values=names))
    return findings


def _constant_columns(X: pd.DataFrame, hashed: dict) -> list[Finding]:
    """Columns with a single value (or all missing) in every row: those whose value hashes are all alike,
    confirmed by counting their values."""
    alike = [c for c in X.columns if len(X) > 1 and bool(np.all(hashed[c] == hashed[c][0]))]
    return [Finding("constant column", column, "medium", 0, 0.0, values=as_values([X[column].iloc[0]]),
                    details={"data_rows": len(X)})
            for column in alike if X[column].nunique(dropna=False) <= 1]


def _duplicate_columns(X: pd.DataFrame, hashed: dict) -> list[Finding]:
    """Columns identical to an earlier one, and low-cardinality columns that recode one another 1:1.

    A column's key is made only when its cheap fingerprint is shared (equal keys have equal fingerprints, so a
    column alone with its fingerprint matches no other)."""
    findings, first_of = [], {}
    prints = {column: fingerprint(X[column], hashed[column]) for column in X.columns}
    times = Counter(prints.values())
    for column in X.columns:
        if times[prints[column]] < 2:
            continue
        key = column_key(X[column], hashed[column])
        if key in first_of and same_values(X[first_of[key]], X[column]):
            findings.append(Finding("duplicate column", column, "low", 0, 0.0,
                                    details={"same_as": first_of[key], "how": "identical", "data_rows": len(X)}))
        else:
            first_of.setdefault(key, column)
    identical = {f.column for f in findings}
    return findings + _recodings(X, [c for c in X.columns if c not in identical])


def _recodings(X: pd.DataFrame, columns: list | None = None) -> list[Finding]:
    """Pairs of ``columns`` (default all) whose values map one-to-one (e.g. education and education_years)."""
    limit = min(RECODING_MAX_VALUES, len(X) // 10)
    codes = {}
    for column in X.columns if columns is None else columns:
        if _coded(X[column].iloc[:FIRST_ROWS])[1] > limit:
            continue  # already too many values (most numeric columns): no need to code every row
        code, distinct = _coded(X[column])
        if 2 <= distinct <= limit:
            codes[column] = (code, distinct)
    findings, names = [], list(codes)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            (code_a, n_a), (code_b, n_b) = codes[a], codes[b]
            if n_a != n_b or np.count_nonzero(np.bincount(code_a * n_b + code_b, minlength=n_a * n_b)) != n_a:
                continue
            findings.append(Finding("duplicate column", b, "low", 0, 0.0,
                                    details={"same_as": a, "how": "recoding", "distinct": n_a}))
    return findings


def _coded(series: pd.Series) -> tuple[np.ndarray, int]:
    """Codes 0 to n - 1 of the values (missing counted as one value) and n, as ``pd.factorize`` counts them; a
    category column's own codes renumbered (no pass over its values)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        raw = series.cat.codes.to_numpy().astype(np.int64) + 1  # 0: missing
        present = np.bincount(raw, minlength=len(series.cat.categories) + 1) > 0
        return (np.cumsum(present) - 1)[raw], int(present.sum())
    code, uniques = pd.factorize(series, use_na_sentinel=False)
    return code.astype(np.int64), len(uniques)


def _duplicate_rows(hashes: np.ndarray) -> list[Finding]:
    """Rows identical in every input column to an earlier row (from their row hashes)."""
    count = int(pd.Series(hashes).duplicated().sum())
    if count == 0:
        return []
    share = count / len(hashes)
    return [Finding("duplicate rows", "", by_share(share, medium=0.05, high=0.2), count, share)]


def _method(rows: int, drift: Drift | None, notes: list[str]) -> str:
    """What was checked and how, with every threshold, for the page's method note."""
    text = _(
        "Every one of the {rows} rows is checked. Missing values: severity high from 20% of a column, medium from 5%, "
        "one level higher for the most important columns. Outliers (numeric columns): robust z-score |x - median| / "
        "({mad_scale} x MAD) above {z_limit}; when the MAD is 0, values beyond {iqr_fence} IQR from the quartiles; "
        "when the IQR is 0 too, the robust z-score among the values other than the dominant one; medium from 1% of "
        "rows, else low (outliers concern single rows). Unseen categories: values of encoded columns not among the "
        "encoder's training categories; high from 5% of rows, else medium. Constant columns: medium. Duplicate "
        "columns: identical values, or a one-to-one recoding between columns with at most {max_values} values: low. "
        "Duplicate rows: identical in every input column; high from 20% of rows, medium from 5%.",
        rows=count(rows), mad_scale=shortest(1.4826), z_limit=shortest(Z_LIMIT), iqr_fence=shortest(IQR_FENCE),
        max_values=count(RECODING_MAX_VALUES))
    if drift is None:
        # Translators: drift is the change between the reference (training) data and the data seen now.
        return text + " " + _("No reference table was given, so drift was not measured.")
    return text + " " + _(
        "Reference: {rows} rows. Categories on one side only: high from 5% of either side's rows, medium from 1%. "
        "Rows also in the reference: identical in every input column; high from 20%, medium from 5%.",
        rows=count(drift.reference_rows)) + f" {drift.method}" + "".join(f" {note}" for note in notes)
