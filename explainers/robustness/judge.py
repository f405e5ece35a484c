"""Turn each check's numbers into findings (with severity, evidence and advice) or into what held.

A finding is kept only when it is unlikely to be chance (q-value at most ``ALPHA`` where the check
has a test) and large enough to matter; severities follow the size of the effect.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core import privacy
from ..failures.words import slice_text
from . import words
from .missing import TOLERANCE as BLANK_TOLERANCE
from .perturbation import TOLERANCE as FLIP_TOLERANCE

ALPHA = 0.05
OVERLAP_FLOOR = 0.01  # an excess of shared rows over the natural rate below this share is too small to matter
SEVERITIES = ("major", "medium", "minor")
FINDING_COLUMNS = ["check", "severity", "where", "evidence", "advice", "value", "p_value", "q_value", "also"]
PASSED_COLUMNS = ["check", "where", "evidence"]


def by_size(size: float, medium: float, major: float) -> str:
    return "major" if size >= major else "medium" if size >= medium else "minor"


def finding(check, severity, where, texts, value=np.nan, p_value=np.nan, q_value=np.nan) -> dict:
    return {"check": check, "severity": severity, "where": where, "evidence": texts[0], "advice": texts[1],
            "value": float(value), "p_value": float(p_value), "q_value": float(q_value)}


def held(check: str, where: str, evidence: str) -> dict:
    return {"check": check, "where": where, "evidence": evidence}


def perturbations(table: pd.DataFrame, task: str) -> tuple[list, list]:
    found, passed = [], []
    for _, row in table[table["rows"] > 0].iterrows():
        if row["q_value"] <= ALPHA and row["flip_rate"] > FLIP_TOLERANCE:
            found.append(finding("perturbation", by_size(row["flip_rate"], 0.05, 0.10), row["column"],
                                 words.flip(row, task), row["flip_rate"], row["p_value"], row["q_value"]))
        else:
            passed.append(held("perturbation", row["column"], words.flip_held(row, task)))
    return found, passed


def blanks(table: pd.DataFrame, task: str, target) -> tuple[list, list]:
    found, passed = [], []
    for _, row in table[table["rows"] > 0].iterrows():
        if row["q_value"] <= ALPHA and row["change_rate"] > BLANK_TOLERANCE:
            found.append(finding("missing_values", by_size(row["change_rate"], 0.10, 0.20), row["column"],
                                 words.blank(row, task, target), row["change_rate"], row["p_value"], row["q_value"]))
        else:
            passed.append(held("missing_values", row["column"], words.blank_held(row, task, target)))
    return found, passed


def leaks(table: pd.DataFrame | None, attributed: bool, target) -> tuple[list, list]:
    """Suspected leaks (major): candidate columns that carry the largest attribution share. A candidate the
    model leans on less is minor; one at ``LEAK_SCORE`` whose attributions are unknown is medium."""
    found, passed = [], []
    if table is None:
        return found, passed
    top = table.loc[table["top"], "column"]
    for _, row in table[table["candidate"]].iterrows():
        if row["suspected"]:
            found.append(finding("leakage", "major", row["column"], words.leak_column(row, target), row["score"]))
        else:
            severity = "medium" if not attributed and row["score"] >= row["bar"] else "minor"
            found.append(finding("leakage", severity, row["column"],
                                 words.leak_candidate(row, None if top.empty else top.iloc[0], target), row["score"]))
    if not any(f["severity"] != "minor" for f in found):
        best = table.sort_values("score", ascending=False).iloc[0]
        passed.append(held("leakage", "", words.leak_held(best, target)))
    return found, passed


def repeats(rep) -> tuple[list, list]:
    found, passed = [], []
    if rep.deterministic:
        passed.append(held("determinism", "", words.determinism_held(rep)))
    else:
        severity = "major" if rep.repeat_decisions > 0 else "medium" if rep.repeat_max > 1e-6 else "minor"
        found.append(finding("determinism", severity, "", words.determinism(rep), rep.repeat_share))
    if rep.batch_share > 0:
        found.append(finding("leakage", "major", "", words.leak_batch(rep.batch_share, rep.batch_max, rep.single_rows),
                             rep.batch_share))
    elif rep.batch_share == 0:
        passed.append(held("leakage", "", words.batch_held(rep)))
    return found, passed


def overlap(shared) -> tuple[list, list]:
    """Rows shared with the training file, judged on the excess over the natural rate of identical rows: a
    finding when the excess is above 0 with 95% confidence and at least ``OVERLAP_FLOOR``; its severity from
    the lower bound of the share of rows that look copied (5% medium, 20% major)."""
    if shared is None:
        return [], []
    if not (shared.excess_low > 0 and shared.excess >= OVERLAP_FLOOR):
        return [], [held("leakage", "training rows", words.training_held(shared))]
    copied_low = shared.excess_low / (1 - shared.natural) if shared.natural < 1 else 0.0
    return [finding("leakage", by_size(copied_low, 0.05, 0.20), "training rows", words.leak_training(shared),
                    shared.copied)], []


def confidence_slices(table: pd.DataFrame, available: bool) -> tuple[list, list]:
    table = privacy.slices(table, slice_text)  # a slice on a private column coarse, or left out
    found = [finding("confidence", _confidence_severity(row), row["slice"],
                     words.confidence(row), row["gap"] - row["gap_elsewhere"], row["p_value"], row["q_value"])
             for _, row in table.iterrows()]
    passed = [] if found or not available else [
        held("confidence", "", words.confidence_held())]
    return found, passed


def _confidence_severity(row) -> str:
    """By the gap's difference from elsewhere; under-confidence (needless doubt) ranks one level lower."""
    severity = by_size(abs(row["gap"] - row["gap_elsewhere"]), 0.10, 0.20)
    return severity if row["direction"] == "over" else SEVERITIES[min(SEVERITIES.index(severity) + 1, 2)]


def sensitive(table: pd.DataFrame) -> tuple[list, list]:
    found, passed = [], []
    for _, row in table.iterrows():
        flips = row["q_value"] <= ALPHA and row["flip_rate"] > FLIP_TOLERANCE
        share = 0.0 if np.isnan(row["attribution_share"]) else row["attribution_share"]
        levels = ([("medium" if share >= 0.15 else "minor")] if share >= 0.05 else []) + (
            [("major" if row["flip_rate"] >= 0.05 else "medium")] if flips else [])
        severity = min(levels, key=SEVERITIES.index) if levels else None
        if severity is None:
            passed.append(held("sensitive", row["column"], words.sensitive_held(row)))
        else:
            found.append(finding("sensitive", severity, row["column"], words.sensitive(row, flips),
                                 row["flip_rate"] if flips else share, row["p_value"], row["q_value"]))
    return found, passed


def frames(found: list, passed: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Findings worst first, each naming the other checks that flagged the same place; then what held."""
    findings = pd.DataFrame(found, columns=FINDING_COLUMNS[:-1])
    checks = findings[findings["where"] != ""].groupby("where")["check"].apply(list).to_dict()
    findings["also"] = [[c for c in checks.get(w, []) if c != check] if w else []
                        for w, check in zip(findings["where"], findings["check"], strict=True)]
    order = {s: i for i, s in enumerate(SEVERITIES)}
    findings = findings.assign(_order=findings["severity"].map(order)).sort_values(
        ["_order", "value"], ascending=[True, False], kind="stable").drop(columns="_order").reset_index(drop=True)
    return findings, pd.DataFrame(passed, columns=PASSED_COLUMNS)
