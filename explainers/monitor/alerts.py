"""Alerts: one row per finding (kind, period, column, status, one plain sentence), built from the tables."""

from __future__ import annotations

import pandas as pd

from . import words

ALERT_COLUMNS = ["period", "start", "kind", "column", "status", "sentence"]


def _since(flags: pd.DataFrame, order: list) -> dict:
    """(key, period) -> the first period of the unbroken run of alerts it belongs to."""
    out = {}
    for key, group in flags.groupby("key", sort=False):
        alerted = set(group.loc[group["alert"], "period"])
        first = None
        for period in order:
            first = (first or period) if period in alerted else None
            if period in alerted:
                out[(key, period)] = first
    return out


def collect(perf, drift, att, quality, rollback, notes, table) -> pd.DataFrame:
    order = list(table["period"])
    starts = dict(zip(table["period"], table["start"], strict=True))
    rows = []
    if len(perf):
        runs = _since(perf.assign(key=perf["metric"]), order)
        for r in perf[perf["alert"]].itertuples(index=False):
            value = r.realised if r.basis == "realised" else r.estimated
            rows.append(_row(r.period, starts, "performance", r.metric,
                             "confirmed" if r.basis == "realised" else "provisional",
                             words.performance_alert(r.metric, r.period, runs[(r.metric, r.period)], value, r.bound,
                                                     r.limit, r.basis, r.metric not in ("mae", "rmse"))))
    if len(drift):
        runs = _since(drift.assign(key=drift["column"]), order)
        for r in drift[drift["alert"]].itertuples(index=False):
            rows.append(_row(r.period, starts, "drift", r.column, "confirmed",
                             words.drift_alert(r.column, r.period, runs[(r.column, r.period)], r.statistic,
                                               r.threshold, r.p_value, r.column == "multivariate")))
    if len(att):
        runs = _since(att.assign(key="attribution"), order)
        for r in att[att["alert"]].itertuples(index=False):
            rows.append(_row(r.period, starts, "attribution", "", "confirmed",
                             words.attribution_alert(r.period, runs[("attribution", r.period)], r.distance,
                                                     r.threshold, r.top_columns)))
    if len(quality):
        runs = _since(quality.assign(key=quality["column"] + quality["issue"]), order)
        for r in quality[quality["alert"]].itertuples(index=False):
            what = words.quality_problem(r.issue, r.share, r.reference_share)
            rows.append(_row(r.period, starts, "quality", r.column, "confirmed",
                             words.quality_alert(r.column, r.period, runs[(r.column + r.issue, r.period)], what)))
    rows += [_row(None, starts, "skew", "", "confirmed", words.skew_alert(n)) for n in notes if n.startswith("skew:")]
    if len(rollback):
        runs = _since(rollback.assign(key=rollback["check"], alert=True), order)
        for r in rollback.itertuples(index=False):
            rows.append(_row(r.period, starts, "rollback", r.check, r.status,
                             words.rollback_alert(r.check, r.period, runs[(r.check, r.period)], r.status, r.evidence)))
    return pd.DataFrame(rows, columns=ALERT_COLUMNS)


def _row(period, starts, kind, column, status, sentence) -> dict:
    return {"period": period, "start": starts.get(period), "kind": kind, "column": column, "status": status,
            "sentence": sentence}
