"""Plain sentences about a monitoring run: alerts, the headline, the rollback status and the method."""

from __future__ import annotations

import math

import pandas as pd

from ..core.language import N_, _, count, current, decimal, ngettext, percent
from ..core.measures.names import NAMES
from ..core.words import p_value

TODO = {
    "performance": N_("check the model on the latest labelled rows and consider retraining"),
    "drift": N_("find out what changed upstream (a new source, a broken feed, a real change in who arrives)"),
    "attribution": N_("look at what the model now relies on before trusting its decisions"),
    "quality": N_("fix the feed or the data's documentation before trusting these periods"),
    "skew": N_("make the serving system compute the same scores as this model"),
    "rollback": N_("roll back to the previous model or hold decisions for review, as the release policy says"),
}  # marked for the catalogs; translated where a sentence uses them


def _todo(kind: str) -> str:
    return _(TODO[kind])


def _since(period, since) -> str:
    # Translators: {period} is a period label as the data gives it (2024-01-03, 2024-W02).
    return _("in {period}", period=period) if since in (None, period) else _("in {period} (since {since})",
                                                                            period=period, since=since)


def _f3(x: float) -> str:
    """A measure to 3 decimals, the local way (0.812 / 0,812)."""
    return f"{float(x):.3f}" if current() == "en" else decimal(float(x), 3)


def _p(p) -> str:
    """core.words.p_value with the local decimal sign."""
    text = p_value(p)
    if current() == "en":
        return text
    if text == "not tested":
        return _("not tested")
    return text.replace(".", decimal(0.5)[1])


def performance_alert(metric: str, period, since, value: float, bound: float, limit: float, basis: str,
                      higher: bool) -> str:
    values = {"metric": _(NAMES.get(metric, metric)), "value": _f3(value), "when": _since(period, since),
              "bound": _f3(bound), "limit": _f3(limit), "todo": _todo("performance")}
    if higher:
        return (_("{metric} fell to {value} (estimated) {when}; even its interval's upper bound ({bound}) lies outside "
                  "the reference's normal range (at least {limit}): {todo}.", **values) if basis == "estimated" else
                _("{metric} fell to {value} (measured on labels) {when}; even its interval's upper bound ({bound}) lies "
                  "outside the reference's normal range (at least {limit}): {todo}.", **values))
    return (_("{metric} rose to {value} (estimated) {when}; even its interval's lower bound ({bound}) lies outside "
              "the reference's normal range (at most {limit}): {todo}.", **values) if basis == "estimated" else
            _("{metric} rose to {value} (measured on labels) {when}; even its interval's lower bound ({bound}) lies "
              "outside the reference's normal range (at most {limit}): {todo}.", **values))


def drift_alert(column: str, period, since, statistic: float, threshold: float, p: float, multivariate: bool) -> str:
    values = {"when": _since(period, since), "statistic": _f3(statistic), "threshold": _f3(threshold),
              "todo": _todo("drift"), "p": _p(p), "column": repr(column)}
    if multivariate:
        return _("The rows as a whole moved away from the reference {when} (reconstruction error {statistic}, normal "
                 "up to {threshold}): {todo}.", **values)
    if column == "predictions":
        return _("The model's predictions shifted {when} (PSI {statistic}, normal up to {threshold}; {p}): {todo}.",
                 **values)
    return _("Column {column} shifted {when} (PSI {statistic}, normal up to {threshold}; {p}): {todo}.", **values)


def attribution_alert(period, since, distance: float, threshold: float, top: str) -> str:
    # Translators: {top} is a column name; "share distance" compares the columns' shares of mean |SHAP|.
    return _("What drives the model changed {when} (share distance {distance}, normal up to {threshold}; now led by "
             "{top}): {todo}.", when=_since(period, since), distance=_f3(distance), threshold=_f3(threshold), top=top,
             todo=_todo("attribution"))


def quality_problem(issue: str, share: float, reference_share: float) -> str:
    """What went wrong with a column in a period: "has 12% missing values (reference 1%)"."""
    if issue == "missing":
        return _("has {share} missing values (reference {reference})", share=_pct(share), reference=_pct(reference_share))
    return _("has categories the reference never had on {share} of rows", share=_pct(share))


def _pct(share: float) -> str:
    """A share to whole percent as f"{share:.0%}" writes it, the local way."""
    return f"{share:.0%}" if current() == "en" else percent(share, 0)


def quality_alert(column: str, period, since, what: str) -> str:
    # Translators: {what} is what went wrong with the column, e.g. "has 12% missing values".
    return _("Column {column} {what} {when}: {todo}.", column=repr(column), what=what, when=_since(period, since),
             todo=_todo("quality"))


def skew_alert(note: str) -> str:
    note = note[len("skew: "):]
    note = note.capitalize() if current() == "en" else note[:1].upper() + note[1:]  # German nouns keep their capitals
    return _("{note} Fix this first: {todo}.", note=note, todo=_todo("skew"))


def rollback_alert(check: str, period, since, status: str, evidence: str) -> str:
    evidence = str(evidence).strip().rstrip(".")
    values = {"check": check, "when": _since(period, since), "evidence": evidence, "todo": _todo("rollback")}
    if status == "provisional":
        return _("The rollback criterion '{check}' is breached {when} ({evidence}; on estimates; labels will confirm or "
                 "clear it): {todo}.", **values)
    return _("The rollback criterion '{check}' is breached {when} ({evidence}; confirmed by labels): {todo}.", **values)


def unreliable(why: str) -> str:
    return _("Estimate not reliable: more than 5% of rows lie outside what the reference showed ({why}); wait for "
             "labels.", why=why)


ALERT_KINDS = {"performance": N_("performance"), "drift": N_("drift"), "attribution": N_("attribution"),
               "quality": N_("quality"), "skew": N_("skew"), "rollback": N_("rollback")}


def headline(result) -> str:
    """One sentence first: is a rollback confirmed, provisional, or is it holding up."""
    status = result.rollback_status
    periods = len(result.periods["period"].unique()) if len(result.periods) else 0
    kinds = result.alerts["kind"].value_counts()
    # Translators: "{n} {kind}" counts the alerts of one kind, e.g. "3 drift".
    found = ", ".join(_("{n} {kind}", n=count(n), kind=_(ALERT_KINDS[k]) if k in ALERT_KINDS else k)
                      for k, n in kinds.items()) or _("none")
    if status == "confirmed":
        first = _("A rollback criterion is breached and confirmed by labels: roll back or hold decisions for review.")
    elif status == "provisional":
        first = _("A rollback criterion looks breached on estimates; labels have not confirmed it yet.")
    elif result.has_policy:
        first = _("No rollback criterion is breached.")
    else:
        first = _("Things have changed since release.") if len(result.alerts) else _("Holding up as at release.")
    return first + " " + ngettext("{n} period watched; alerts: {alerts}.", "{n} periods watched; alerts: {alerts}.",
                                  periods, alerts=found)


def rollback_sentence(result) -> str:
    """The rollback status in words: which criteria are breached, since when, on what basis."""
    if not result.has_policy:
        return _("Rollback status: nothing to watch. No release policy was given (nor a sidecar policy), so there are "
                 "no rollback criteria; give one to have its checks judged every period.")
    found = result.alerts[result.alerts["kind"] == "rollback"]
    if found.empty:
        return _("Rollback status: none of the release policy's per-period criteria is breached.")
    parts = []
    for status in ("confirmed", "provisional"):
        rows = found[found["status"] == status]
        if len(rows):
            values = {"periods": ", ".join(map(str, dict.fromkeys(rows["period"]))),
                      "checks": ", ".join(f"'{c}'" for c in dict.fromkeys(rows["column"]))}
            parts.append(_("confirmed by labels in {periods} ({checks})", **values) if status == "confirmed"
                         else _("provisional, on estimates only, in {periods} ({checks})", **values))
    status = result.rollback_status
    return _("Rollback status: {status}. Breached: {breached}.", status=_(STATUSES[status]) if status in STATUSES
             else status, breached="; ".join(parts))


STATUSES = {"confirmed": N_("confirmed"), "provisional": N_("provisional")}


def alert_table(alerts):
    """The alerts for a table: period ("all" for the whole run), kind, column, status and the sentence; headers,
    kinds and statuses in the reader's language, the column as the data names it."""
    return pd.DataFrame({
        _("period"): alerts["period"].fillna(_("all")),
        _("kind"): [_(ALERT_KINDS[k]) if k in ALERT_KINDS else k for k in alerts["kind"]],
        _("column"): alerts["column"],
        _("status"): [_(STATUSES[s]) if s in STATUSES else s for s in alerts["status"]],
        _("sentence"): alerts["sentence"]}, index=alerts.index)


def period_table(result):
    """One row per period for a table: rows, labelled rows, the headline measure estimated and realised with
    its interval, reliable, and the number of alerts."""
    if result.periods.empty:
        return pd.DataFrame()
    metric = result.periods["metric"].iloc[0]
    rows = result.periods[result.periods["metric"] == metric]
    counts = result.alerts["period"].value_counts()
    name = _(NAMES.get(metric, metric))
    return pd.DataFrame({
        _("period"): rows["period"].astype(str), _("rows"): _counts(rows["rows"]), _("labelled"): _counts(rows["labelled"]),
        _("{metric} estimated", metric=name): [
            _("{value} ({low} to {high})", value=value(e), low=value(lo), high=value(hi)) if value(e)
            else _("not available") for e, lo, hi in rows[["estimated", "estimated_low", "estimated_high"]].to_numpy()],
        _("{metric} realised", metric=name): [
            _("{value} ({low} to {high})", value=value(r), low=value(lo), high=value(hi)) if value(r)
            else _("no labels yet") for r, lo, hi in rows[["realised", "realised_low", "realised_high"]].to_numpy()],
        _("estimate reliable"): [_("yes") if r else _("no") for r in rows["reliable"]],
        _("alerts"): [int(counts.get(p, 0)) for p in rows["period"]],
    })


def _counts(column):
    """Counts as they are in English (the table's numbers), written the local way elsewhere (1.000 / 1 000)."""
    return column if current() == "en" else [count(n) for n in column]


def estimate_check(result, metric: str) -> str:
    """How the estimate fared where labels arrived: the measured value inside its band in how many periods."""
    rows = result.periods[(result.periods["metric"] == metric) & result.periods["realised"].notna()
                          & result.periods["estimated"].notna()]
    if rows.empty:
        return (_("No labels have arrived yet: every value shown is an estimate.")
                if result.periods["estimated"].notna().any() else "")
    inside = int(((rows["realised"] >= rows["estimated_low"]) & (rows["realised"] <= rows["estimated_high"])).sum())
    said = ngettext("Where labels have arrived ({n} period), the measured value lay inside the estimate's band in "
                    "{inside} of them.", "Where labels have arrived ({n} periods), the measured value lay inside the "
                    "estimate's band in {inside} of them.", len(rows), inside=count(inside))
    if inside * 2 >= len(rows):
        return said
    return said + " " + _("The estimate misses: the link between the inputs and the outcome has changed (concept "
                          "drift), which an estimate made without labels cannot see. Trust the measured values, and "
                          "read the estimates of the periods without labels with that in mind.")


def period_summary(result, period) -> str:
    """What happened in one period, in words."""
    rows = result.periods[result.periods["period"] == period]
    if rows.empty:
        return ""
    row = rows.iloc[0]
    alerts = result.alerts[result.alerts["period"] == period]
    own = ngettext("{n} rows, {labelled} with labels.", "{n} rows, {labelled} with labels.", int(row["rows"]),
                   labelled=count(int(row["labelled"]))) + " "
    own += "" if row["reliable"] else unreliable(row["why_unreliable"]) + " "
    return own + (ngettext("{n} alert.", "{n} alerts.", len(alerts)) if len(alerts) else _("No alert."))


def value(x: float) -> str:
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else _f3(x)
