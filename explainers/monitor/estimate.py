"""Performance estimated without labels.

Binary classifiers (in the manner of NannyML's CBPE; read, not copied): the positive class's probability is
calibrated on the reference (isotonic regression), and every row counts as a positive with weight p and a
negative with weight 1 - p. Those weighted rows make an *expected tally*: the measures layer reads any metric
from it (expected confusion counts; ROC AUC from the probability-weighted positives and negatives), so no
formula lives here. Regressors: the absolute error is predicted from the inputs and the prediction by a
model fitted on the reference (in the manner of NannyML's DLE); its mean estimates the MAE.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.isotonic import IsotonicRegression

from ..core.case import Case
from ..core.measures import measure_tally, setting_of
from ..core.measures.tally import Tally, class_rows, collapse

BINARY_METRICS = ("roc_auc", "accuracy", "precision", "recall", "f1")
REGRESSION_METRICS = ("mae",)
FOLDS = 5


def estimable(case: Case) -> tuple:
    """The metrics that can be estimated without labels for this model."""
    if case.task == "binary" and case.proba is not None:
        return BINARY_METRICS
    return REGRESSION_METRICS if case.task == "regression" else ()


def positive_scores(case: Case) -> np.ndarray:
    return case.proba[case.positive_class].to_numpy(dtype=float)


def calibrator(scores: np.ndarray, hits: np.ndarray) -> IsotonicRegression:
    """Isotonic regression of the outcome on the score, clipped to [0, 1] outside the fitted range."""
    return IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(scores, hits.astype(float))


def expected_tally(case: Case, calibrated: np.ndarray, groups: np.ndarray, threshold: float | None) -> Tally:
    """Each row as a positive of weight ``calibrated`` and a negative of weight 1 - ``calibrated``, grouped by
    ``groups`` (a label per row), decided at ``threshold``: the tally of the expected outcomes."""
    setting = setting_of(case, threshold, ("period",))
    proba = case.proba.to_numpy(dtype=float)
    positive, negative = case.classes[setting.positive], case.classes[1 - setting.positive]
    parts = []
    for label, weight in ((positive, calibrated), (negative, 1.0 - calibrated)):
        frame = class_rows(setting, np.full(len(proba), label, dtype=object), case.predicted.to_numpy(), proba,
                           exact=len(proba) <= 200_000)
        frame["rows"] = weight
        for name in ("score_sum", "log_loss", "brier"):
            frame[name] = frame[name] * weight
        frame["period"] = np.asarray(groups).astype(str)
        parts.append(frame[weight > 0])
    return Tally(setting, collapse(pd.concat(parts, ignore_index=True), setting))


def binary_estimates(case: Case, groups: np.ndarray, order: list, calibrated: np.ndarray,
                     threshold: float | None, metrics=BINARY_METRICS) -> pd.DataFrame:
    """Estimated metrics per group (rows in ``order``; one column per metric)."""
    found = measure_tally(expected_tally(case, calibrated, groups, threshold), metrics=list(metrics), n_boot=0,
                          group_order=order)
    return found.by_group.reindex(order)[list(metrics)]


def reference_binary(reference: Case, chunks: np.ndarray, threshold: float | None, metrics=BINARY_METRICS):
    """Per reference chunk, the estimate from a calibrator fitted on the other chunks (out of fold), and the
    calibrator fitted on every reference row (for the batches)."""
    scores = positive_scores(reference)
    hits = (reference.y.to_numpy(dtype=object) == reference.positive_class)
    calibrated = np.empty(len(scores))
    for k in np.unique(chunks):
        inside = chunks == k
        calibrated[inside] = calibrator(scores[~inside], hits[~inside]).predict(scores[inside])
    order = [str(k) for k in np.unique(chunks)]
    estimates = binary_estimates(reference, chunks.astype(str), order, calibrated, threshold, metrics)
    return estimates, calibrator(scores, hits)


def _design(case: Case, predicted: np.ndarray, codes: dict) -> np.ndarray:
    """Inputs as numbers (categories as codes of the reference's values) plus the prediction."""
    columns = []
    for name in case.X.columns:
        values = case.X[name]
        if name in codes:
            columns.append(values.astype(str).map(codes[name]).fillna(-1).to_numpy(dtype=float))
        else:
            columns.append(pd.to_numeric(values, errors="coerce").to_numpy(dtype=float))
    return np.column_stack([*columns, predicted])


def error_model(reference: Case, chunks: np.ndarray, random_state: int = 0):
    """(out-of-fold predicted absolute error per reference row, a function of a case giving its rows'
    predicted absolute errors): a gradient-boosted regressor of |y - prediction| on the inputs and the
    prediction, fitted on the reference."""
    codes = {c: {v: i for i, v in enumerate(sorted(reference.X[c].astype(str).unique()))}
             for c in reference.X.columns if not pd.api.types.is_numeric_dtype(reference.X[c])}
    predicted = reference.predicted.to_numpy(dtype=float)
    X = _design(reference, predicted, codes)
    error = np.abs(reference.y.to_numpy(dtype=float) - predicted)

    def fit(rows):
        return HistGradientBoostingRegressor(max_iter=200, learning_rate=0.05, random_state=random_state).fit(
            X[rows], error[rows])

    oof = np.empty(len(error))
    for k in np.unique(chunks):
        inside = chunks == k
        oof[inside] = fit(~inside).predict(X[inside])
    whole = fit(np.ones(len(error), dtype=bool))

    def predict(case: Case) -> np.ndarray:
        return np.maximum(whole.predict(_design(case, case.predicted.to_numpy(dtype=float), codes)), 0.0)

    return np.maximum(oof, 0.0), predict


def spread(values, low, high, rows, level: float = 0.95) -> tuple[float, float]:
    """(sampling variance of one row's worth, between-chunk variance beyond sampling) from the reference chunks'
    values and interval bounds: a chunk's standard error is its interval's width over 2 z; scaled to n rows the
    sampling variance is ``first / n``."""
    z = float(stats.norm.ppf(0.5 + level / 2))
    se = (np.asarray(high, dtype=float) - np.asarray(low, dtype=float)) / (2 * z)
    ok = np.isfinite(se) & np.isfinite(np.asarray(values, dtype=float))
    if ok.sum() < 2:
        return np.nan, np.nan
    sampling = float(np.mean(se[ok] ** 2 * rows[ok]))
    between = max(float(np.var(np.asarray(values, dtype=float)[ok], ddof=1) - np.mean(se[ok] ** 2)), 0.0)
    return sampling, between


def interval_width(estimated, realised, low, high, rows: np.ndarray, level: float = 0.95):
    """Half-width of an estimate's interval as a function of a period's rows: z * sqrt(sampling variance at n
    rows + the estimator's own error), where sampling variance comes from the reference chunks' realised
    intervals and the estimator's own error is the mean squared gap between realised and estimated across the
    reference chunks, less what sampling explains."""
    z = float(stats.norm.ppf(0.5 + level / 2))
    sampling, _ = spread(realised, low, high, rows, level)
    se = (np.asarray(high, dtype=float) - np.asarray(low, dtype=float)) / (2 * z)
    gap = np.asarray(realised, dtype=float) - np.asarray(estimated, dtype=float)
    ok = np.isfinite(gap) & np.isfinite(se)
    own = max(float(np.mean(gap[ok] ** 2) - np.mean(se[ok] ** 2)), 0.0) if ok.sum() >= 2 else np.nan

    def width(n):
        return z * np.sqrt(sampling / np.maximum(np.asarray(n, dtype=float), 1.0) + own)

    return width
