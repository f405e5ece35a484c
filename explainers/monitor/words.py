"""Plain sentences about a monitoring run: alerts, the headline, the rollback status and the method."""

from __future__ import annotations

import math

import pandas as pd

from ..core.measures.names import NAMES
from ..core.words import p_value

TODO = {
    "performance": "check the model on the latest labelled rows and consider retraining",
    "drift": "find out what changed upstream (a new source, a broken feed, a real change in who arrives)",
    "attribution": "look at what the model now relies on before trusting its decisions",
    "quality": "fix the feed or the data's documentation before trusting these periods",
    "skew": "make the serving system compute the same scores as this model",
    "rollback": "roll back to the previous model or hold decisions for review, as the release policy says",
}


def _since(period, since) -> str:
    return f"in {period}" if since in (None, period) else f"in {period} (since {since})"


def performance_alert(metric: str, period, since, value: float, bound: float, limit: float, basis: str,
                      higher: bool) -> str:
    said = "estimated" if basis == "estimated" else "measured on labels"
    way, side = ("fell to", "even its interval's upper bound") if higher else ("rose to", "even its interval's lower bound")
    return (f"{NAMES.get(metric, metric)} {way} {value:.3f} ({said}) {_since(period, since)}; {side} ({bound:.3f}) lies "
            f"outside the reference's normal range ({'at least' if higher else 'at most'} {limit:.3f}): "
            f"{TODO['performance']}.")


def drift_alert(column: str, period, since, statistic: float, threshold: float, p: float, multivariate: bool) -> str:
    if multivariate:
        return (f"The rows as a whole moved away from the reference {_since(period, since)} (reconstruction error "
                f"{statistic:.3f}, normal up to {threshold:.3f}): {TODO['drift']}.")
    what = "The model's predictions" if column == "predictions" else f"Column {column!r}"
    return (f"{what} shifted {_since(period, since)} (PSI {statistic:.3f}, normal up to {threshold:.3f}; "
            f"{p_value(p)}): {TODO['drift']}.")


def attribution_alert(period, since, distance: float, threshold: float, top: str) -> str:
    return (f"What drives the model changed {_since(period, since)} (share distance {distance:.3f}, normal up to "
            f"{threshold:.3f}; now led by {top}): {TODO['attribution']}.")


def quality_alert(column: str, period, since, what: str) -> str:
    return f"Column {column!r} {what} {_since(period, since)}: {TODO['quality']}."


def skew_alert(note: str) -> str:
    return f"{note[len('skew: '):].capitalize()} Fix this first: {TODO['skew']}."


def rollback_alert(check: str, period, since, status: str, evidence: str) -> str:
    basis = "on estimates; labels will confirm or clear it" if status == "provisional" else "confirmed by labels"
    evidence = str(evidence).strip().rstrip(".")
    return f"The rollback criterion '{check}' is breached {_since(period, since)} ({evidence}; {basis}): {TODO['rollback']}."


def unreliable(why: str) -> str:
    return (f"Estimate not reliable: more than 5% of rows lie outside what the reference showed ({why}); "
            "wait for labels.")


def headline(result) -> str:
    """One sentence first: is a rollback confirmed, provisional, or is it holding up."""
    status = result.rollback_status
    periods = len(result.periods["period"].unique()) if len(result.periods) else 0
    kinds = result.alerts["kind"].value_counts()
    found = ", ".join(f"{n} {k}" for k, n in kinds.items()) or "none"
    if status == "confirmed":
        first = "A rollback criterion is breached and confirmed by labels: roll back or hold decisions for review."
    elif status == "provisional":
        first = "A rollback criterion looks breached on estimates; labels have not confirmed it yet."
    elif result.has_policy:
        first = "No rollback criterion is breached."
    else:
        first = "Things have changed since release." if len(result.alerts) else "Holding up as at release."
    return f"{first} {periods} period{'' if periods == 1 else 's'} watched; alerts: {found}."


def rollback_sentence(result) -> str:
    """The rollback status in words: which criteria are breached, since when, on what basis."""
    if not result.has_policy:
        return ("Rollback status: nothing to watch. No release policy was given (nor a sidecar policy), so there are "
                "no rollback criteria; give one to have its checks judged every period.")
    found = result.alerts[result.alerts["kind"] == "rollback"]
    if found.empty:
        return "Rollback status: none of the release policy's per-period criteria is breached."
    parts = []
    for status in ("confirmed", "provisional"):
        rows = found[found["status"] == status]
        if len(rows):
            checks = ", ".join(f"'{c}'" for c in dict.fromkeys(rows["column"]))
            parts.append(f"{'confirmed by labels' if status == 'confirmed' else 'provisional, on estimates only,'} in "
                         f"{', '.join(map(str, dict.fromkeys(rows['period'])))} ({checks})")
    return f"Rollback status: {result.rollback_status}. Breached: " + "; ".join(parts) + "."


def period_table(result):
    """One row per period for a table: rows, labelled rows, the headline measure estimated and realised with
    its interval, reliable, and the number of alerts."""
    if result.periods.empty:
        return pd.DataFrame()
    metric = result.periods["metric"].iloc[0]
    rows = result.periods[result.periods["metric"] == metric]
    counts = result.alerts["period"].value_counts()
    name = NAMES.get(metric, metric)
    return pd.DataFrame({
        "period": rows["period"].astype(str), "rows": rows["rows"], "labelled": rows["labelled"],
        f"{name} estimated": [f"{value(e)} ({value(lo)} to {value(hi)})" if value(e) else "not available"
                              for e, lo, hi in rows[["estimated", "estimated_low", "estimated_high"]].to_numpy()],
        f"{name} realised": [f"{value(r)} ({value(lo)} to {value(hi)})" if value(r) else "no labels yet"
                             for r, lo, hi in rows[["realised", "realised_low", "realised_high"]].to_numpy()],
        "estimate reliable": ["yes" if r else "no" for r in rows["reliable"]],
        "alerts": [int(counts.get(p, 0)) for p in rows["period"]],
    })


def estimate_check(result, metric: str) -> str:
    """How the estimate fared where labels arrived: the measured value inside its band in how many periods."""
    rows = result.periods[(result.periods["metric"] == metric) & result.periods["realised"].notna()
                          & result.periods["estimated"].notna()]
    if rows.empty:
        return ("No labels have arrived yet: every value shown is an estimate." if result.periods["estimated"].notna().any()
                else "")
    inside = int(((rows["realised"] >= rows["estimated_low"]) & (rows["realised"] <= rows["estimated_high"])).sum())
    said = (f"Where labels have arrived ({len(rows)} period{'' if len(rows) == 1 else 's'}), the measured value lay "
            f"inside the estimate's band in {inside} of them.")
    if inside * 2 >= len(rows):
        return said
    return (f"{said} The estimate misses: the link between the inputs and the outcome has changed (concept drift), "
            "which an estimate made without labels cannot see. Trust the measured values, and read the estimates "
            "of the periods without labels with that in mind.")


def period_summary(result, period) -> str:
    """What happened in one period, in words."""
    rows = result.periods[result.periods["period"] == period]
    if rows.empty:
        return ""
    row = rows.iloc[0]
    alerts = result.alerts[result.alerts["period"] == period]
    own = (f"{int(row['rows']):,} rows, {int(row['labelled']):,} with labels. "
           + ("" if row["reliable"] else unreliable(row["why_unreliable"]) + " "))
    return own + (f"{len(alerts)} alert{'' if len(alerts) == 1 else 's'}." if len(alerts) else "No alert.")


def value(x: float) -> str:
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f}"
