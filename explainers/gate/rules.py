"""What each check of a policy takes: its required and optional keys and the type of every key."""

from __future__ import annotations

import math

SEVERITIES = ("fail", "warn")
COMMON = {"check", "severity", "why"}
NOT_JUDGED = ("allow", "fail")  # the policy's ``not_judged``: a check that cannot be measured is said, or fails

# kind -> (required keys, optional keys, keys of which exactly one is required)
CHECKS = {
    "metric": ({"metric"}, set(), {"min", "max"}),
    "group_gap": ({"column", "metric", "max"}, {"min_rows"}, set()),
    "group_ratio": ({"column", "metric", "min"}, {"min_rows"}, set()),
    "four_fifths": ({"column"}, {"min", "min_rows"}, set()),
    "coverage": ({"level", "tolerance"}, set(), set()),
    "drift": ({"max_psi"}, {"columns"}, set()),
    "slices": ({"max_significant"}, {"columns"}, set()),
    "champion": ({"metric", "max_drop"}, {"groups"}, set()),
    "robustness": ({"max_flip_rate"}, set(), set()),
    "leakage": (set(), set(), set()),
    "determinism": (set(), set(), set()),
    "value": ({"over", "min_gain"}, set(), set()),
    "review_share": ({"max"}, set(), set()),
}

EXAMPLES = {
    "metric": "{check: metric, metric: roc_auc, min: 0.85}",
    "group_gap": "{check: group_gap, column: sex, metric: recall, max: 0.10}",
    "group_ratio": "{check: group_ratio, column: age, metric: selection_rate, min: 0.8}",
    "four_fifths": "{check: four_fifths, column: age}",
    "coverage": "{check: coverage, level: 0.9, tolerance: 0.03}",
    "drift": "{check: drift, max_psi: 0.25}",
    "slices": "{check: slices, columns: sensitive, max_significant: 0}",
    "champion": "{check: champion, metric: roc_auc, max_drop: 0.005}",
    "robustness": "{check: robustness, max_flip_rate: 0.02}",
    "leakage": "{check: leakage}",
    "determinism": "{check: determinism}",
    "value": "{check: value, over: approve_all, min_gain: 0}",
    "review_share": "{check: review_share, max: 0.2}",
}

# key -> (kind of value, lowest, highest, whether the ends are allowed)
NUMBERS = {
    "min": (None, None), "max": (None, None), "max_psi": (0, None), "tolerance": (0, 1),
    "max_drop": (0, None), "max_flip_rate": (0, 1), "level": (0, 1), "min_gain": (None, None),
}
WHOLE_NUMBERS = {"max_significant": 0, "min_rows": 1}
TEXTS = {"metric", "column"}
OVER = ("approve_all", "reject_all", "all_positive", "all_negative", "one_rule", "person", "champion",
        "median")  # value checks; median: a regressor's do-nothing fallback (its approve_all)
COLUMN_LISTS = {"columns", "groups"}  # "sensitive", "all" or a list of column names


def problem_with(key: str, value) -> str:
    """Why ``value`` is not a valid ``key`` (empty when it is)."""
    if key in NUMBERS:
        return _number_problem(key, value)
    if key in WHOLE_NUMBERS:
        if isinstance(value, bool) or not isinstance(value, int) or value < WHOLE_NUMBERS[key]:
            return f"must be a whole number of at least {WHOLE_NUMBERS[key]}"
        return ""
    if key == "over":
        return "" if value in OVER else f"must name a fallback: one of {', '.join(OVER)}"
    if key in TEXTS:
        return "" if isinstance(value, str) and value.strip() else "must be a name (text)"
    if key in COLUMN_LISTS:
        if value in ("sensitive", "all") or (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
            return ""
        return "must be 'sensitive', 'all' or a list of column names"
    if key == "severity":
        return "" if value in SEVERITIES else "must be 'fail' or 'warn'"
    if key == "why":
        return "" if isinstance(value, str) else "must be a sentence (text)"
    return ""


def top_level_problem(key: str, value) -> str:
    """Why ``value`` is not a valid top-level ``key`` of a policy (empty when it is)."""
    if key == "threshold":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            return "must be a decision threshold between 0 and 1 (e.g. 0.3)"
    if key == "not_judged" and value not in NOT_JUDGED:
        return "must be 'allow' (a check that cannot be measured is said, and does not fail) or 'fail'"
    if key in ("title", "description") and not isinstance(value, str):
        return "must be text"
    return ""


def _number_problem(key: str, value) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return "must be a number"
    low, high = NUMBERS[key]
    if key == "level" and not 0 < value < 1:
        return "must lie strictly between 0 and 1 (e.g. 0.9)"
    if low is not None and value < low or high is not None and value > high:
        return f"must lie between {low} and {high}" if high is not None else f"must be at least {low}"
    return ""
