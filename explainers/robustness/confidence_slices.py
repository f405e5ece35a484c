"""Over- and under-confidence: slices where the model's confidence and its accuracy part ways more than
elsewhere.

Each labelled row has a calibration gap, its confidence (the probability of the class it chose)
minus 1 if it was right, 0 if wrong: the mean gap of a slice is how much surer than right the
model is there. Candidate slices (single conditions and pairs, from the failing-slice search) are
tested against the rest of the rows with Welch's t-test, two-sided; Benjamini-Hochberg controls the
false discovery rate over all candidates, a slice must differ by at least ``MIN_GAP`` as well, and
near-duplicate slices are merged. A positive difference is over-confidence (wrong answers carry
high confidence), a negative one under-confidence (right answers carry low confidence).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.columns import positions
from ..core.stats import benjamini_hochberg
from ..failures.conditions import query
from ..failures.slices import GridSearch, drop_weak_pairs, merge_near_copies
from ..failures.words import slice_text

MIN_GAP = 0.05  # a slice's gap must differ from elsewhere by at least this (5 probability points)
COLUMNS = ["direction", "slice", "query", "conditions", "size", "confidence", "accuracy", "gap", "gap_elsewhere",
           "p_value", "q_value"]


def confidence_slices(case: Case, alpha: float = 0.05, max_conditions: int = 2, bins: int = 5,
                      limit: int = 5) -> pd.DataFrame:
    """Slices significantly over- or under-confident compared with the rest, at most ``limit`` of each (empty
    without labels or probabilities)."""
    if not case.labelled or case.proba is None or not case.is_classifier:
        return pd.DataFrame(columns=COLUMNS)
    confidence, right = _confidence(case)
    gap = confidence - right
    min_support = max(20, len(gap) // 100)
    search = GridSearch.of_case(case, gap, min_support, bins, max_conditions)
    table = search.table(False, max_conditions)  # statistics from per-bin tallies: linear in rows
    if table.empty:
        return pd.DataFrame(columns=COLUMNS)
    one_sided = table["p_value"].to_numpy(dtype=float)
    table = table.assign(p_value=np.minimum(1.0, 2 * np.minimum(one_sided, 1 - one_sided)),
                         direction=np.where(table["error"] > table["error_elsewhere"], "over", "under"))
    table = table.assign(q_value=benjamini_hochberg(table["p_value"].to_numpy()))
    kept = [_direction(table, direction, search.overlap_packed, alpha, limit) for direction in ("over", "under")]
    kept = pd.concat([k for k in kept if not k.empty]) if any(not k.empty for k in kept) else table.head(0)
    return _finish(kept, search, confidence, right)


def _confidence(case: Case) -> tuple[np.ndarray, np.ndarray]:
    """Per labelled row: the probability of the chosen class, and 1.0 if the choice was right."""
    chosen = positions(case.predicted, case.classes)
    confidence = case.proba.to_numpy(dtype=float)[np.arange(len(chosen)), chosen]
    return confidence, (case.predicted == case.y).to_numpy(dtype=float)


def _direction(table: pd.DataFrame, direction: str, mask_of, alpha: float, limit: int) -> pd.DataFrame:
    """The significant, large enough slices of one direction, weak pairs dropped and near-duplicates merged."""
    sign = 1.0 if direction == "over" else -1.0
    part = table[table["direction"] == direction]
    part = part.assign(error=sign * part["error"], error_elsewhere=sign * part["error_elsewhere"])
    part = drop_weak_pairs(part)
    part = part[(part["q_value"] <= alpha) & (part["error"] - part["error_elsewhere"] >= MIN_GAP)]
    if part.empty:
        return part
    part = part.assign(explained=(part["error"] - part["error_elsewhere"]) * part["size"])
    part = merge_near_copies(part.sort_values("explained", ascending=False), mask_of, limit)
    return part.assign(error=sign * part["error"], error_elsewhere=sign * part["error_elsewhere"])


def _finish(table: pd.DataFrame, search, confidence: np.ndarray, right: np.ndarray) -> pd.DataFrame:
    out = []
    for row in table.itertuples():
        conditions = [c for i in row.members for c in search.found[i]]
        inside = search.mask(row.members)
        out.append({"direction": row.direction, "slice": slice_text(conditions), "query": query(conditions),
                    "conditions": conditions, "size": int(row.size), "confidence": float(confidence[inside].mean()),
                    "accuracy": float(right[inside].mean()), "gap": float(row.error),
                    "gap_elsewhere": float(row.error_elsewhere), "p_value": float(row.p_value),
                    "q_value": float(row.q_value)})
    return pd.DataFrame(out, columns=COLUMNS)
