"""Plain sentences about a comparison: the one source for the Compare page, the report and the command line.

One meaning of the two roles everywhere: the *candidate* (the open model, the engine's ``challenger``) is judged
against the *champion* (the model you run today). Every function takes a :class:`Comparison` (or values from
one) and returns text; none calls the engine.
"""

from __future__ import annotations

import pandas as pd

from ..core.words import join, number, p_value, percent, value
from ..failures.words import name, threshold_text

CANDIDATE = "the candidate (the open model)"
CHAMPION = "the champion (the model you run today)"
COLUMNS = {"champion": "champion (today)", "challenger": "candidate (open model)",
           "difference": "difference (candidate - champion)", "champion_score": "champion score",
           "challenger_score": "candidate score"}  # readable headers of Comparison.metrics and .flips


def roles(comparison) -> str:
    """Who is who: "The candidate (the open model): X. The champion (the model you run today): Y."."""
    return f"{CANDIDATE.capitalize()}: {comparison.challenger_name}. {CHAMPION.capitalize()}: {comparison.champion_name}."


def amount(x: float) -> str:
    """A metric or a difference: three significant digits."""
    return f"{x:.3g}" if abs(x) >= 1e-3 or x == 0 else f"{x:.2g}"


def interval(low: float, high: float) -> str:
    """"95% interval 0.004 to 0.020"."""
    if pd.isna(low) or pd.isna(high):
        return "no interval: too few rows"
    return f"95% interval {amount(low)} to {amount(high)}"


def judgement(row) -> str:
    """One metric's verdict: "better on ROC AUC by 0.012 (95% interval 0.004 to 0.020)"."""
    metric, size = name(row["metric"]), amount(abs(row["difference"]))
    detail = f"({interval(row['low'], row['high'])})"
    if row["better"] == "challenger":
        return f"better on {metric} by {size} {detail}"
    if row["better"] == "champion":
        return f"worse on {metric} by {size} {detail}"
    direction = "higher" if row["difference"] > 0 else "lower" if row["difference"] < 0 else "the same"
    moved = f"{size} {direction}" if direction != "the same" else "the same"
    return f"not clearly different on {metric} ({moved}; the {interval(row['low'], row['high'])} includes no change)"


def headline(comparison, groups: dict | None = None) -> str:
    """The lead sentence: the headline metric's verdict, then any group where the candidate is worse.

    ``groups``: column -> the table of :meth:`Comparison.by_group` for that column.
    """
    first = comparison.metrics.iloc[0]
    text = f"Against the champion, the candidate is {judgement(first)}"
    worse = [f"{value(column, quote=False)} = {value(row['group'], quote=False)} "
             f"(by {amount(abs(row['difference']))} {name(row['metric'])})"
             for column, table in (groups or {}).items() for _, row in table[table["worse"]].iterrows()]
    if worse:
        text += ("; but it is " if first["better"] == "challenger" else "; it is ") + "significantly worse for " + join(worse)
    return text + "."


def other_metrics(comparison) -> str:
    """The verdict on the other metrics, one clause each."""
    rest = comparison.metrics.iloc[1:]
    if rest.empty:
        return ""
    return "On the other metrics the candidate is " + join([judgement(row) for _, row in rest.iterrows()]) + "."


def deciding(comparison) -> str:
    """Where both models decide: "Deciding at 0.215. Both models decide at the threshold 0.215: ..."."""
    if comparison.threshold is None:
        return comparison.decided
    return f"Deciding at {threshold_text(comparison.threshold)}. {comparison.decided}"


def flips_sentence(comparison) -> str:
    """How many decisions change (at the threshold both decide at), and which model is right on them."""
    flips, total = comparison.flips, comparison.rows
    at = "" if comparison.threshold is None else f" at {threshold_text(comparison.threshold)}"
    if flips.empty:
        return f"No decision changes{at}: the two models agree on all {number(total)} rows."
    counts = flips["right"].value_counts()
    what = f"decisions change{at}" if comparison.tolerance is None else (
        f"rows' errors change by more than {amount(comparison.tolerance)} (the champion's mean absolute error)")
    text = (f"{number(len(flips))} of {number(total)} {what} (agreement {percent(comparison.agreement)}): the candidate "
            f"is right on {number(counts.get('challenger', 0))} of them, the champion on {number(counts.get('champion', 0))}")
    neither = counts.get("neither", 0) + counts.get("both", 0)
    return text + (f", neither or both on {number(neither)}." if neither else ".")


def flip_reason(why) -> str:
    """The columns whose attribution moved most, champion -> candidate: "credit_amount (-0.006 -> -0.066), ..."."""
    if not isinstance(why, list) or not why:
        return ""
    return ", ".join(f"{r['column']} ({r['champion']:+.3f} -> {r['challenger']:+.3f})" for r in why)


def tests_sentence(comparison) -> str:
    """The paired tests reported beside the intervals, in one technical sentence."""
    parts = [f"{row['test']} for {name(row['metric'])}: {p_value(row['p_value'])}" for _, row in comparison.tests.iterrows()]
    return (("; ".join(parts) + ". ") if parts else "") + "The verdict reads the bootstrap intervals, not these p-values."


def calibration_sentence(comparison) -> str:
    """Both expected calibration errors."""
    if comparison.calibration is None:
        return ""
    a, b = comparison.calibration["champion"], comparison.calibration["challenger"]
    return (f"Expected calibration error: champion {a.ece:.3f}, candidate {b.ece:.3f} (0 is perfectly honest "
            "probabilities).")


def slices_sentence(comparison) -> str:
    """Where the candidate is significantly worse than the champion, or that it is nowhere."""
    worse = comparison.challenger_worse
    if worse.empty:
        return "No slice of the data is significantly worse under the candidate (5% false discovery rate)."
    top = worse.iloc[0]
    return (f"The candidate is significantly worse in {number(len(worse))} slices (5% false discovery rate); the "
            f"largest loss is in {top['slice']}: error {amount(top['challenger_error'])} against "
            f"{amount(top['champion_error'])} for the champion over {number(top['size'])} rows.")
