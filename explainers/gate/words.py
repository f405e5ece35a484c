"""The gate's sentences, for the page, the report and the command line: one place each."""

from __future__ import annotations

import math

from ..core.words import join, number, percent
from ..failures.words import name as metric_name

SIGNS = {"min": "at least", "max": "at most"}
STATUS_WORDS = {"pass": "passes", "warn": "warns", "fail": "fails"}


def fmt(x) -> str:
    """A measured number: 4 significant digits; 'n/a' when it could not be measured."""
    return "n/a" if x is None or (isinstance(x, float) and not math.isfinite(x)) else number(round(float(x), 4))


def interval(low, high) -> str:
    return f"95% interval {fmt(low)} to {fmt(high)}"


def check_name(check) -> str:
    """A short name for check ``number``: "ROC AUC at least 0.85"."""
    o = check.options
    names = {
        "metric": lambda: f"{metric_name(o['metric'])} {SIGNS['min' if 'min' in o else 'max']} "
                          f"{fmt(o.get('min', o.get('max')))}",
        "group_gap": lambda: f"{metric_name(o['metric'])} gap between groups of {o['column']} at most {fmt(o['max'])}",
        "group_ratio": lambda: f"{metric_name(o['metric'])} ratio between groups of {o['column']} at least {fmt(o['min'])}",
        "coverage": lambda: f"Coverage of {percent(o['level'], 0)} sets at least {percent(o['level'] - o['tolerance'])}",
        "drift": lambda: f"Drift (PSI) at most {fmt(o['max_psi'])}",
        "slices": lambda: f"At most {o['max_significant']} failing slices on {_columns(o.get('columns', 'all'))}",
        "champion": lambda: f"{metric_name(o['metric'])} no more than {fmt(o['max_drop'])} worse than the champion",
        "robustness": lambda: f"Flip rate at most {percent(o['max_flip_rate'])}",
        "leakage": lambda: "No leakage",
        "determinism": lambda: "Deterministic",
    }
    return f"{check.number}. {names[check.kind]()}"


def _columns(chosen) -> str:
    return {"all": "any column", "sensitive": "sensitive columns"}.get(chosen, join(list(chosen))) \
        if isinstance(chosen, str) else join(list(chosen))


def evidence(measured, met: bool, status: str) -> str:
    """What was measured, which bound was compared with what, and the outcome."""
    if not math.isfinite(measured.bound):
        return f"{measured.detail} It could not be measured, so it cannot pass."
    relation = ("meets" if met else "misses") + f" the {'minimum' if measured.direction == 'min' else 'maximum'}"
    text = f"{measured.detail} The {measured.bound_name} {fmt(measured.bound)} {relation} {fmt(measured.threshold)}"
    point_ok = (measured.value >= measured.threshold if measured.direction == "min"
                else measured.value <= measured.threshold)
    if not met and point_ok and measured.bound_name in ("lower bound", "upper bound"):
        text += " (the point estimate alone would meet it, but the gate judges the bound)"
    text += "."
    if measured.broken:
        text += f" {measured.broken}"
    return text


def rollback(check, measured) -> str:
    """The value at which a live model should be rolled back, as a monitoring rule (empty for yes/no checks)."""
    o, limit = check.options, fmt(measured.threshold)
    rules = {
        "metric": lambda: f"{o['metric']} {'<' if 'min' in o else '>'} {limit}",
        "group_gap": lambda: f"max gap in {o['metric']} between groups of {o['column']} > {limit}",
        "group_ratio": lambda: f"lowest {o['metric']} ratio between groups of {o['column']} < {limit}",
        "coverage": lambda: f"coverage of {percent(o['level'], 0)} sets < {limit}",
        "drift": lambda: f"PSI of any column > {limit}",
        "robustness": lambda: f"flip rate of any column > {limit}",
        "champion": lambda: f"{o['metric']} worse than the champion by > {limit}",
    }
    if check.kind not in rules:
        return ""
    clear = "upper" if measured.direction == "min" else "lower"
    return (f"Roll back when {rules[check.kind]()} on recent rows: when even the {clear} end of its 95% interval "
            f"is past {limit}.")


def headline(result) -> str:
    """The verdict in one sentence."""
    total, failed, warned = len(result.checks), result.failed, result.warned
    if failed:
        return (f"Not ready to go live: {len(failed)} of {total} checks failed "
                f"({join([c.name for c in failed])}).")
    warning = f", with {len(warned)} warning{'s' if len(warned) != 1 else ''} ({join([c.name for c in warned])})" \
        if warned else ""
    return f"May go live: all {total} checks passed{warning}."


def judged_on_bounds() -> str:
    return ("Each number is judged on its 95% interval: a minimum is met only when the lower bound meets it, a "
            "maximum only when the upper bound does.")


def method(case, policy, n_boot: int, random_state, large_rows: int | None = None) -> str:
    rows = len(case.X)
    over = ("bootstrap over rows" if large_rows is None or rows <= large_rows else
            f"an approximate Poisson bootstrap over cells of rows sharing the label, the decision and a fine score "
            f"bin, as used above {large_rows:,} rows")
    return (f"{len(policy.checks)} checks from {policy.source} judged on {rows:,} rows. "
            f"{judged_on_bounds()} Metric intervals: {over} ({n_boot:,} rounds, seed {random_state}); "
            "group gaps and ratios: MOVER intervals from each group's Wilson interval; drift: PSI with redrawn "
            "bucket counts; champion: paired bootstrap.")


# -- what each family measured -----------------------------------------------------------------------------
def metric_detail(key: str, value, low, high, large: bool = False) -> str:
    text = f"{metric_name(key)} is {fmt(value)} ({interval(low, high)})."
    return f"{text} {LARGE_METRIC_METHOD}" if large else text


LARGE_METRIC_METHOD = ("Its interval is approximate: a Poisson bootstrap over cells of rows sharing the label, the "
                       "decision and a fine score bin, not over single rows.")


def too_few_groups(options: dict) -> str:
    return (f"Fewer than two groups of {options['column']} have enough rows (at least "
            f"{options.get('min_rows', 30)}) to compare.")


def gap_detail(options: dict, a, rate_a, b, rate_b, bound) -> str:
    return (f"{metric_name(options['metric'])} by {options['column']}: {a} {fmt(rate_a)} against {b} {fmt(rate_b)}; "
            f"the widest plausible gap between two groups is {fmt(bound)}.")


def ratio_detail(options: dict, group, rate, top, top_rate, value, low) -> str:
    return (f"{metric_name(options['metric'])} by {options['column']}: {group} {fmt(rate)} against {top} "
            f"{fmt(top_rate)} (the highest), a ratio of {fmt(value)} with lower bound {fmt(low)}.")


def coverage_detail(level, coverage, low, high, rows) -> str:
    return (f"Sets meant to hold the truth {percent(level, 0)} of the time held it for {percent(coverage)} of "
            f"{rows:,} held-out rows ({interval(low, high)}).")


def drift_detail(column, value, low, high, columns: int) -> str:
    return f"Of {columns} columns, {column} has the widest drift: PSI {fmt(value)} ({interval(low, high)})."


def slices_detail(count: int, columns: list, worst, alpha: float) -> str:
    if count == 0:
        return f"No slice on {join(columns[:6]) or 'these columns'} is significantly worse ({percent(alpha, 0)} FDR)."
    return (f"{count} significantly worse slice{'s' if count != 1 else ''} ({percent(alpha, 0)} FDR); the worst: "
            f"{worst['slice']}, error {percent(worst['error'])} against {percent(worst['error_elsewhere'])} elsewhere.")


def nothing_moved() -> str:
    return "No column could be moved, so no flip rate was measured."


def flips_detail(scan, widest) -> str:
    return (f"Moving one column a little changed up to {percent(scan.max_flip_rate)} of decisions "
            f"({scan.max_flip_column}); the widest interval is {widest['column']}'s, "
            f"{percent(widest['ci_low'])} to {percent(widest['ci_high'])}.")


def leakage_detail(leaks) -> str:
    if leaks.empty:
        return "No leakage found (no column is almost the label; batch and single answers agree)."
    return "Leakage: " + " ".join(leaks["evidence"].head(3))


def determinism_detail(scan) -> str:
    if scan.deterministic:
        return f"Two identical calls gave the same output on all {scan.repeats.rows:,} rows tried."
    return f"Two identical calls gave different outputs on {percent(scan.repeats.repeat_share)} of rows."


def champion_detail(key: str, comparison, row, drop, low, high) -> str:
    return (f"{metric_name(key)}: champion {fmt(row['champion'])}, this model {fmt(row['challenger'])} on the same "
            f"{comparison.rows:,} rows; it is worse by {fmt(drop)} ({interval(low, high)}; negative means better).")


def worse_groups(pairs: list) -> str:
    if not pairs:
        return ""
    return "It is significantly worse than the champion for " + join([f"{g} ({c})" for c, g in pairs]) + "."
