"""A policy as a table (one row per check, one column per key) and back, for editing it in a grid."""

from __future__ import annotations

import math

import pandas as pd

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
