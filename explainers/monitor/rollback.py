"""The release policy's checks as rollback criteria, judged per period: the gate itself on the period's
labelled rows (confirmed), and the policy's metric bars on the estimates' bounds where labels have not
arrived (provisional). Checks that need the whole release context (leakage, robustness, slices, coverage,
champion, drift) are judged at release only, and the method says so."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..core.errors import InputError
from ..core.language import _, current, decimal, shortest
from ..core.measures.names import NAMES
from ..gate import gate, read_policy
from .batches import labelled_part
from .performance import MIN_LABELLED

PER_PERIOD = ("metric", "group_gap", "group_ratio", "four_fifths")
ROLLBACK_COLUMNS = ["period", "check", "status", "basis", "value", "bound", "limit", "evidence"]


def policy_of(reference, policy):
    """The policy's per-period checks (given, else the sidecar's), or None when there is none."""
    source = policy if policy is not None else reference.metadata.policy
    if source is None:
        return None
    found = read_policy(source, "the policy given" if policy is not None else "the sidecar's policy")
    kept = tuple(c for c in found.checks if c.kind in PER_PERIOD)
    return replace(found, checks=kept) if kept else None


def judge_periods(policy, case, labels, periods: pd.Series, table: pd.DataFrame, threshold, n_boot: int,
                  random_state: int) -> tuple[pd.DataFrame, list[str]]:
    """One row per period and breached check (ROLLBACK_COLUMNS), and notes of checks that could not be judged."""
    rows, notes = [], []
    for period in table["period"].unique():
        mask = (periods == period).to_numpy()
        part = labelled_part(case, labels, mask)
        if part is not None and len(part.X) >= MIN_LABELLED:
            try:
                verdict = gate(part, policy, random_state=random_state, n_boot=max(n_boot, 100),
                               threshold=0.5 if threshold is None else threshold)
            except InputError as err:
                notes.append(_("{period}: the policy could not be judged on its labelled rows: {error}", period=period,
                               error=err))
                continue
            rows += [{"period": period, "check": c.name, "status": "confirmed", "basis": "realised", "value": c.value,
                      "bound": c.bound, "limit": c.limit, "evidence": c.evidence}
                     for c in verdict.checks if c.status == "fail"]
            continue
        rows += _on_estimates(policy, table[table["period"] == period], period)
    return pd.DataFrame(rows, columns=ROLLBACK_COLUMNS), notes


def _on_estimates(policy, table: pd.DataFrame, period) -> list[dict]:
    """Metric checks whose bar the estimate's interval misses, judged as the gate judges (a minimum on the
    lower bound, a maximum on the upper)."""
    out = []
    for check in policy.checks:
        key = check.options.get("metric")
        if check.kind != "metric" or check.severity != "fail" or key not in set(table["metric"]):
            continue
        row = table[table["metric"] == key].iloc[0]
        for direction, bound_key in (("min", "estimated_low"), ("max", "estimated_high")):
            if direction in check.options and pd.notna(row[bound_key]):
                limit, bound = float(check.options[direction]), float(row[bound_key])
                if (bound < limit) if direction == "min" else (bound > limit):
                    values = {"metric": _(NAMES.get(key, key)), "limit": f"{limit:g}" if _english() else shortest(limit)}
                    name = _("{metric} at least {limit}", **values) if direction == "min" else _(
                        "{metric} at most {limit}", **values)
                    out.append({"period": period, "check": name, "status": "provisional",
                                "basis": "estimated", "value": float(row["estimated"]), "bound": bound,
                                "limit": limit, "evidence": _("estimated {metric} {value} ({low} to {high})",
                                                              metric=key, value=_f3(row["estimated"]),
                                                              low=_f3(row["estimated_low"]),
                                                              high=_f3(row["estimated_high"]))})
    return out


def _english() -> bool:
    return current() == "en"


def _f3(x) -> str:
    """A measure to 3 decimals (0.812 / 0,812)."""
    return f"{float(x):.3f}" if _english() else decimal(float(x), 3)
