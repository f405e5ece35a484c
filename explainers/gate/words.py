"""The gate's sentences, for the page, the report and the command line: one place each."""

from __future__ import annotations

import math

from ..core.words import join, number, percent
from ..failures.words import name as metric_name

SIGNS = {"min": "at least", "max": "at most"}
STATUS_WORDS = {"pass": "passes", "warn": "warns", "fail": "fails", "not judged": "is not judged"}


def fmt(x) -> str:
    """A measured number: 4 significant digits; 'n/a' when it could not be measured."""
    return "n/a" if x is None or (isinstance(x, float) and not math.isfinite(x)) else number(round(float(x), 4))


def interval(low, high) -> str:
    return f"95% interval {fmt(low)} to {fmt(high)}"


def check_name(check, subject: str = "") -> str:
    """A short name for check ``number``: "ROC AUC at least 0.85"; ``subject``: the outcome the four-fifths rule
    measures."""
    o = check.options
    names = {
        "metric": lambda: f"{metric_name(o['metric'])} {SIGNS['min' if 'min' in o else 'max']} "
                          f"{fmt(o.get('min', o.get('max')))}",
        "group_gap": lambda: f"{metric_name(o['metric'])} gap between groups of {o['column']} at most {fmt(o['max'])}",
        "group_ratio": lambda: f"{metric_name(o['metric'])} ratio between groups of {o['column']} at least {fmt(o['min'])}",
        "four_fifths": lambda: (f"Four-fifths rule by {o['column']}: every group gets {subject!r} at least "
                                f"{percent(o.get('min', 0.8), 0)} as often as the best-treated"),
        "coverage": lambda: f"Coverage of {percent(o['level'], 0)} sets at least {percent(o['level'] - o['tolerance'])}",
        "drift": lambda: f"Drift (PSI) at most {fmt(o['max_psi'])}",
        "slices": lambda: f"At most {o['max_significant']} failing slices on {_columns(o.get('columns', 'all'))}",
        "champion": lambda: f"{metric_name(o['metric'])} no more than {fmt(o['max_drop'])} worse than the champion",
        "robustness": lambda: f"Flip rate at most {percent(o['max_flip_rate'])}",
        "leakage": lambda: "No leakage",
        "determinism": lambda: "Deterministic",
        "value": lambda: f"Worth at least {fmt(o['min_gain'])} more per 1,000 decisions than {subject or o['over']}",
        "review_share": lambda: f"Review band sends at most {percent(o['max'])} of cases to a person",
    }
    return f"{check.number}. {names[check.kind]()}"


def _columns(chosen) -> str:
    return {"all": "any column", "sensitive": "sensitive columns"}.get(chosen, join(list(chosen))) \
        if isinstance(chosen, str) else join(list(chosen))


def evidence(measured, met: bool, status: str) -> str:
    """What was measured, which bound was compared with which limit, and the outcome."""
    if status == "not judged" or measured.not_judged:
        return f"{measured.detail} Not judged: {not_judged_reason(measured)}".strip()
    relation = ("meets" if met else "misses") + f" the {'minimum' if measured.direction == 'min' else 'maximum'}"
    text = f"{measured.detail} The {measured.bound_name} {fmt(measured.bound)} {relation} {fmt(measured.limit)}"
    point_ok = (measured.value >= measured.limit if measured.direction == "min"
                else measured.value <= measured.limit)
    if not met and point_ok and measured.bound_name in ("lower bound", "upper bound"):
        text += " (the point estimate alone would meet it, but the gate judges the bound)"
    text += "."
    if measured.broken:
        text += f" {measured.broken}"
    return text


def not_judged_reason(measured) -> str:
    """Why a check could not be judged, as a sentence."""
    reason = measured.not_judged or "its value or interval could not be computed on these rows"
    return reason if reason.endswith(".") else reason + "."


def unjudged_fails() -> str:
    return " The policy fails a check it cannot judge (not_judged: fail)."


def rollback(check, measured) -> str:
    """The value at which a live model should be rolled back, as a monitoring rule (empty for yes/no checks)."""
    o, limit = check.options, fmt(measured.limit)
    rules = {
        "metric": lambda: f"{o['metric']} {'<' if 'min' in o else '>'} {limit}",
        "group_gap": lambda: f"max gap in {o['metric']} between groups of {o['column']} > {limit}",
        "group_ratio": lambda: f"lowest {o['metric']} ratio between groups of {o['column']} < {limit}",
        "four_fifths": lambda: (f"lowest ratio of {measured.subject!r} decisions between a group of {o['column']} "
                                f"and the best-treated group < {limit}"),
        "coverage": lambda: f"coverage of {percent(o['level'], 0)} sets < {limit}",
        "drift": lambda: f"PSI of any column > {limit}",
        "robustness": lambda: f"flip rate of any column > {limit}",
        "champion": lambda: f"{o['metric']} worse than the champion by > {limit}",
        "value": lambda: f"the gain per 1,000 decisions over {measured.subject or o['over']} < {limit}",
        "review_share": lambda: f"share of cases sent to review > {limit}",
    }
    if check.kind not in rules or measured.not_judged:
        return ""
    clear = "upper" if measured.direction == "min" else "lower"
    return (f"Roll back when {rules[check.kind]()} on recent rows: when even the {clear} end of its 95% interval "
            f"is past {limit}.")


def headline(result) -> str:
    """The verdict in one sentence (checks that fail or miss their bar named first), then the threshold."""
    total, failed, warned, unjudged = len(result.checks), result.failed, result.warned, result.not_judged
    names = lambda checks: join([c.name for c in checks])  # noqa: E731
    if failed:
        text = f"Not ready to go live: {len(failed)} of {total} checks {_fail_words(result)} ({names(failed)})."
    elif warned:
        text = (f"May go live only with accepted exceptions: {len(warned)} check{'s' if len(warned) != 1 else ''} "
                f"miss{'' if len(warned) != 1 else 'es'} {'their' if len(warned) != 1 else 'its'} bar "
                f"({names(warned)}).")
    elif unjudged:
        text = f"May go live: {total - len(unjudged)} of {total} checks passed."
    else:
        text = f"May go live: all {total} checks passed."
    if unjudged and not result.fails_unjudged:
        text += (f" {len(unjudged)} could not be judged ({names(unjudged)}); the policy does not fail a check it "
                 "cannot judge.")
    return f"{text} {deciding_at(result)}".strip()


def _fail_words(result) -> str:
    if result.fails_unjudged and result.not_judged:
        return "failed or could not be judged (the policy fails a check it cannot judge)"
    return "failed"


def deciding_at(result) -> str:
    """Which decision threshold the verdict judged (empty for models that do not decide at one)."""
    if result.threshold is None:
        return ""
    whose = " (the policy's own)" if result.threshold_source == "policy" else ""
    return f"Decided at the threshold {fmt(result.threshold)}{whose}."


def judged_on_bounds() -> str:
    return ("Each number is judged on its 95% interval: a minimum is met only when the lower bound meets it, a "
            "maximum only when the upper bound does.")


def method(case, policy, n_boot: int, random_state, threshold) -> str:
    at = ("the model's own decisions" if threshold is None else
          f"decisions at the threshold {fmt(threshold)} on the probability of {case.positive_class!r}")
    return (f"{len(policy.checks)} checks from {policy.source} judged on {len(case.X):,} rows, {at}. "
            f"{judged_on_bounds()} Metrics, group gaps and ratios come from the measures layer: rates with Wilson "
            "intervals (MOVER for their gaps and ratios), other metrics with a Poisson bootstrap over cells of alike "
            f"rows ({n_boot:,} rounds, seed {random_state}); drift: PSI with redrawn bucket counts; champion: paired "
            "bootstrap (champion, slices and robustness checks read the model's own decisions).")


# -- what each family measured -----------------------------------------------------------------------------
def metric_detail(key: str, value, low, high, how: str = "") -> str:
    kind = {"Wilson": "95% Wilson interval", "bootstrap": "95% Poisson-bootstrap interval"}.get(how, "95% interval")
    return f"{metric_name(key)} is {fmt(value)} ({kind} {fmt(low)} to {fmt(high)})."


def no_interval(key: str) -> str:
    return f"{metric_name(key)} or its interval could not be computed on these rows (e.g. no row of a class)"


def no_ratio(key: str, top) -> str:
    return f"no ratio of {metric_name(key)} can be formed: the highest group ({top}) is at 0"


def nobody_favoured(options: dict, good) -> str:
    return f"no group of {options['column']} gets {good!r} at all, so no ratio can be formed"


def four_fifths_detail(options: dict, good, group, rate, best, best_rate, value, low) -> str:
    return (f"{percent(rate)} of {group} get {good!r} against {percent(best_rate)} of {best} (the best-treated group "
            f"of {options['column']}): a ratio of {fmt(value)}, lower bound {fmt(low)}.")


def too_few_groups(options: dict) -> str:
    return (f"fewer than two groups of {options['column']} have at least {options.get('min_rows', 30)} rows, so "
            "there is nothing to compare")


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
