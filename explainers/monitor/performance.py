"""Per period and metric: realised values with intervals (the measures layer, grouped by period), estimates
with intervals widened by the estimator's own error across the reference's chunks, and the band of normal
variation each value is judged against."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..core.case import Case
from ..core.measures import measures
from .batches import labelled_part
from .drift import ALPHA
from .estimate import (
    binary_estimates,
    error_model,
    estimable,
    interval_width,
    positive_scores,
    reference_binary,
    spread,
)

REALISED = {"binary": ("roc_auc", "accuracy", "precision", "recall", "f1"), "regression": ("mae", "rmse", "r2"),
            "multiclass": ("accuracy", "f1_macro")}
MIN_LABELLED = 30  # fewer labelled rows than this in a period: the value is shown, never alerted on
PERIOD_COLUMNS = ["period", "start", "end", "rows", "labelled", "metric", "estimated", "estimated_low",
                  "estimated_high", "realised", "realised_low", "realised_high", "reliable", "alert"]


def metrics_of(case: Case) -> tuple:
    if case.task == "binary" and case.proba is None:
        return ("accuracy", "precision", "recall", "f1")
    return REALISED[case.task]


def _by_chunk(reference: Case, chunks: np.ndarray, metrics, threshold, n_boot, random_state):
    """(values, lows, highs) per reference chunk: the measures layer grouped by chunk."""
    by = pd.Series(chunks.astype(str), index=reference.X.index, name="chunk")
    order = [str(k) for k in np.unique(chunks)]
    found = measures(reference, by=by, metrics=list(metrics), threshold=threshold, n_boot=max(n_boot, 100),
                     random_state=random_state)
    return tuple(t.reindex(order) for t in (found.by_group, found.by_group_low, found.by_group_high))


def estimates(reference: Case, chunks: np.ndarray, case: Case, labels_of_rows: pd.Series, order: list,
              threshold, random_state: int, on_dask=None):
    """(estimates per period, estimates per reference chunk), one column per estimable metric; ``on_dask`` (Dask
    batches, on_dask.OnDask) adds the per-period sums up on the workers instead of reading ``case``."""
    wanted = estimable(reference)
    if not wanted:
        return pd.DataFrame(index=order), pd.DataFrame()
    if reference.task == "binary":
        per_chunk, fitted = reference_binary(reference, chunks, threshold, wanted)
        if on_dask is not None:
            return on_dask.estimated(fitted, threshold, wanted), per_chunk
        calibrated = fitted.predict(positive_scores(case))
        return binary_estimates(case, labels_of_rows.to_numpy(), order, calibrated, threshold, wanted), per_chunk
    oof, predict = error_model(reference, chunks, random_state)
    per_chunk = pd.DataFrame({"mae": pd.Series(oof).groupby(chunks).mean().to_numpy()},
                             index=[str(k) for k in np.unique(chunks)])
    per_period = (on_dask.mean_error(predict) if on_dask is not None
                  else pd.Series(predict(case)).groupby(labels_of_rows.to_numpy()).mean())
    return pd.DataFrame({"mae": per_period.reindex(order)}), per_chunk


def period_table(reference: Case, chunks: np.ndarray, case: Case, labels: pd.Series, periods: pd.Series,
                 cut_table: pd.DataFrame, reliable: dict, threshold, n_boot: int, random_state: int,
                 on_dask=None) -> pd.DataFrame:
    """One row per period and metric, with PERIOD_COLUMNS and: basis (realised or estimated), limit (the edge of
    the reference's normal band: its value less z times the spread between its chunks beyond sampling and its own
    error, z at alpha / (periods x metrics)), bound (the period's interval bound judged against it, widened to the
    same level: an alert needs the whole interval beyond the band), outside_share and why_unreliable."""
    metrics = metrics_of(reference)
    order = list(cut_table["period"])
    whole = measures(reference, metrics=list(metrics), threshold=threshold, n_boot=max(n_boot, 100),
                     random_state=random_state).overall
    overall = whole["value"]
    ref_real, ref_low, ref_high = _by_chunk(reference, chunks, metrics, threshold, n_boot, random_state)
    sizes = np.bincount(chunks).astype(float)
    est, ref_est = estimates(reference, chunks, case, periods, order, threshold, random_state, on_dask)
    real = (on_dask.realised(metrics, threshold, n_boot, random_state) if on_dask is not None
            else _realised(case, labels, periods, order, metrics, threshold, n_boot, random_state))
    z = float(stats.norm.ppf(1 - ALPHA / max(len(order) * len(metrics), 1)))
    z95 = float(stats.norm.ppf(0.975))
    rows = []
    for m in metrics:
        width = interval_width(ref_est[m], ref_real[m], ref_low[m], ref_high[m], sizes) if m in ref_est else None
        _, between = spread(ref_real[m], ref_low[m], ref_high[m], sizes)
        known = ((whole.loc[m, "high"] - whole.loc[m, "low"]) / (2 * z95)) ** 2  # the reference value's own variance
        higher = m not in ("mae", "rmse")
        limit = overall[m] + (-1 if higher else 1) * z * np.sqrt(between + known)  # the normal band's edge
        for p, start, end, n in cut_table[["period", "start", "end", "rows"]].itertuples(index=False):
            r = real.get(p, {})
            labelled = int(r.get("count", 0))
            e = float(est.loc[p, m]) if m in est.columns else np.nan
            w = float(width(n)) if width is not None else np.nan
            basis = "realised" if labelled >= MIN_LABELLED else "estimated"
            low, high = r.get(m, (np.nan,) * 3)[1:] if m in r else (np.nan, np.nan)
            value, lo, hi = (r.get(m, (np.nan,))[0], low, high) if basis == "realised" else (e, e - w, e + w)
            bound = _bound(value, lo, hi, z / z95, higher)
            alert = bool(np.isfinite(bound) and (bound < limit if higher else bound > limit))
            rows.append({"period": p, "start": start, "end": end, "rows": int(n), "labelled": labelled, "metric": m,
                         "estimated": e, "estimated_low": e - w, "estimated_high": e + w,
                         "realised": r.get(m, (np.nan,))[0], "realised_low": low, "realised_high": high,
                         "reliable": reliable[p][0], "alert": alert, "basis": basis, "limit": float(limit),
                         "bound": bound, "reference": float(overall[m]), "outside_share": reliable[p][1],
                         "why_unreliable": reliable[p][2]})
    return pd.DataFrame(rows, columns=[*PERIOD_COLUMNS, "basis", "limit", "bound", "reference", "outside_share",
                                       "why_unreliable"])


def _bound(value: float, low: float, high: float, widen: float, higher: bool) -> float:
    """The bound a period is judged on: the side of its 95% interval nearest the reference (the upper bound of a
    measure where higher is better), widened by ``widen`` to the family-wise level over periods x metrics."""
    if not (np.isfinite(value) and np.isfinite(low) and np.isfinite(high)):
        return np.nan
    return value + widen * (high - value) if higher else value - widen * (value - low)


def _realised(case, labels, periods, order, metrics, threshold, n_boot, random_state) -> dict:
    """period -> {metric: (value, low, high), "count": labelled rows}."""
    part = labelled_part(case, labels)
    if part is None:
        return {}
    by = periods[labels.notna().to_numpy()].rename("period")
    found = measures(part, by=by, metrics=list(metrics), threshold=threshold, n_boot=n_boot, random_state=random_state)
    out = {}
    for p in found.by_group.index:
        out[str(p)] = {m: (float(found.by_group.loc[p, m]), float(found.by_group_low.loc[p, m]),
                           float(found.by_group_high.loc[p, m])) for m in metrics}
        out[str(p)]["count"] = int(found.by_group.loc[p, "count"])
    return out
