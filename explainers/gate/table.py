"""A policy as a table (one row per check, one column per key) and back, and as a form (one row per check, its
bar the one editable number), for editing it on the page without losing a key."""

from __future__ import annotations

import math

import pandas as pd

from ..core.measures import formulas
from ..failures.fairness import FOUR_FIFTHS
from ..health.drift import PSI_MAJOR
from ..robustness.perturbation import TOLERANCE as FLIP_TOLERANCE
from .default import COVERAGE_LEVEL, COVERAGE_TOLERANCE
from .policy import Policy, as_mapping
from .rules import COLUMN_LISTS, NUMBERS, WHOLE_NUMBERS

COLUMNS = ["check", "metric", "column", "columns", "min", "max", "level", "tolerance", "max_psi", "max_significant",
           "max_drop", "max_flip_rate", "min_rows", "groups", "over", "min_gain", "severity", "why"]
NUMBER_COLUMNS = [c for c in COLUMNS if c in NUMBERS or c in WHOLE_NUMBERS]


def to_table(policy: Policy) -> pd.DataFrame:
    """One row per check; lists of columns as "a, b"; empty cells where a check has no such key."""
    rows = []
    for entry in as_mapping(policy)["checks"]:
        rows.append({k: ", ".join(v) if k in COLUMN_LISTS and isinstance(v, list) else v for k, v in entry.items()})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame[NUMBER_COLUMNS] = frame[NUMBER_COLUMNS].astype(float)
    text = [c for c in COLUMNS if c not in NUMBER_COLUMNS]
    frame[text] = frame[text].astype(object).where(frame[text].notna(), None)
    return frame


def from_table(frame: pd.DataFrame) -> list[dict]:
    """The checks of an edited table, empty cells left out (the policy reader then checks them)."""
    checks = []
    for _, row in frame.iterrows():
        entry = {k: _value(k, v) for k, v in row.items() if not _empty(v)}
        if entry:
            checks.append(entry)
    return checks


def _empty(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str)
                                                                               and not value.strip())


def _value(key: str, value):
    if key in WHOLE_NUMBERS and isinstance(value, float) and value.is_integer():
        return int(value)
    if key in NUMBERS and hasattr(value, "item"):
        return value.item()
    if key in COLUMN_LISTS and isinstance(value, str) and value.strip() not in ("sensitive", "all"):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value.strip() if isinstance(value, str) else value


# -- a policy as a form: one row per check, one editable number (its bar) -----------------------------------
BARS = {"group_gap": "max", "group_ratio": "min", "four_fifths": "min", "drift": "max_psi", "slices": "max_significant",
        "champion": "max_drop", "robustness": "max_flip_rate", "value": "min_gain", "review_share": "max"}
# metric: "min" or "max", whichever is written; coverage: the share the sets must hold (level - tolerance)
HEADLINE_BARS = {"roc_auc": ("min", 0.75), "accuracy": ("min", 0.7), "r2": ("min", 0.5)}  # a new metric check's start


def to_form(policy: Policy) -> tuple[dict, list[dict]]:
    """(settings: title, threshold, not_judged..., the checks as written): what the form edits."""
    mapping = as_mapping(policy)
    return {k: v for k, v in mapping.items() if k != "checks"}, [dict(c) for c in mapping["checks"]]


def from_form(settings: dict, entries: list[dict]) -> dict:
    """The policy mapping of a form: its settings and checks, in that order (read_policy checks it)."""
    return {**settings, "checks": [dict(e) for e in entries]}


def bar(entry: dict) -> float | None:
    """The number a check is judged against, as the form shows it (None: a yes/no check)."""
    kind = entry["check"]
    if kind == "metric":
        return entry.get("min", entry.get("max"))
    if kind == "coverage":
        return round(entry["level"] - entry["tolerance"], 6)
    if kind == "four_fifths":
        return entry.get("min", FOUR_FIFTHS)
    return entry.get(BARS[kind]) if kind in BARS else None


def bar_range(entry: dict) -> tuple:
    """(lowest, highest, step, whole) of the form's number for this check."""
    kind = entry["check"]
    if kind == "coverage":
        return 0.0, float(entry["level"]), 0.01, False
    key = ("min" if "min" in entry else "max") if kind == "metric" else BARS.get(kind)
    if key in WHOLE_NUMBERS:
        return WHOLE_NUMBERS[key], None, 1, True
    low, high = NUMBERS.get(key, (None, None))
    if kind in ("four_fifths", "group_ratio"):
        low, high = 0, 1
    return low, high, 0.01, False


def with_bar(entry: dict, number) -> dict:
    """The check with its bar set to ``number`` (the same mapping when the number is unchanged: lossless)."""
    if number is None or bar(entry) is None or _same(number, bar(entry)):
        return dict(entry)
    kind = entry["check"]
    if kind == "coverage":
        return {**entry, "tolerance": round(entry["level"] - float(number), 6)}
    key = ("min" if "min" in entry else "max") if kind == "metric" else BARS[kind]
    return {**entry, key: int(number) if key in WHOLE_NUMBERS else float(number)}


def with_severity(entry: dict, severity: str) -> dict:
    """The check with ``severity`` ("fail" or "warn"), left unwritten when it is the default and was unwritten."""
    if entry.get("severity", "fail") == severity:
        return dict(entry)
    return {**entry, "severity": severity}


def _same(a, b) -> bool:
    return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-9)


def templates(case, entries: list[dict], *, reference: bool = False) -> list[dict]:
    """Checks that may be added to this case's policy (those already in it left out), each with a starting bar."""
    binary, labelled = case.task == "binary", case.labelled
    sensitive = [c for c in case.metadata.sensitive if c in case.X.columns]
    # A regressor starts from R² (a share, so one bar fits every target); its first metric, MAE, is in the target's
    # units and lower is better, so no starting bar fits it.
    headline = "r2" if case.task == "regression" else next(iter(formulas(case.task, case.proba is not None)))
    side, start = HEADLINE_BARS.get(headline, ("min", 0.5))
    found = [{"check": "metric", "metric": headline, side: start}] if labelled else []
    found += [{"check": "four_fifths", "column": c, "min": FOUR_FIFTHS, "severity": "warn"} for c in sensitive
              if binary and labelled]
    found += [{"check": "determinism"}, {"check": "robustness", "max_flip_rate": FLIP_TOLERANCE, "severity": "warn"}]
    if labelled:
        found += [{"check": "leakage"},
                  {"check": "coverage", "level": COVERAGE_LEVEL, "tolerance": COVERAGE_TOLERANCE, "severity": "warn"},
                  {"check": "slices", "columns": "sensitive" if sensitive else "all", "max_significant": 0,
                   "severity": "warn"}]
    if reference:
        found.append({"check": "drift", "max_psi": PSI_MAJOR})
    if (binary or case.task == "regression") and labelled:  # values price a classifier's decisions or a regressor's errors
        found.append({"check": "value", "over": "median" if case.task == "regression" else "approve_all", "min_gain": 0})
        if case.proba is not None or case.task == "regression":  # a regressor's review band: its widest intervals
            found.append({"check": "review_share", "max": 0.2, "severity": "warn"})
    have = {_identity(e) for e in entries}
    return [t for t in found if _identity(t) not in have]


def _identity(entry: dict) -> tuple:
    return entry["check"], entry.get("metric"), entry.get("column"), entry.get("over")
