"""Metric tables with paired bootstrap intervals of the difference (challenger - champion)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .bootstrap import percentile_interval, weight_blocks
from .metrics import MetricSpec, subset

COLUMNS = ["metric", "champion", "challenger", "difference", "low", "high", "significant", "better",
           "higher_is_better"]


def paired_rounds(specs: list[MetricSpec], champion: dict, challenger: dict, indices: np.ndarray,
                  rows: np.ndarray | None = None) -> dict:
    """metric key -> (champion per round, challenger per round), both read with the same weights."""
    if rows is not None:
        champion, challenger = subset(champion, rows), subset(challenger, rows)
    champion, challenger = single(champion), single(challenger)
    out = {s.key: ([], []) for s in specs}
    for W in weight_blocks(indices, rows):
        for spec in specs:
            out[spec.key][0].append(spec.compute(W, champion))
            out[spec.key][1].append(spec.compute(W, challenger))
    return {k: (np.concatenate(a), np.concatenate(b)) for k, (a, b) in out.items()}


def group_rounds(spec: MetricSpec, champion: dict, challenger: dict, indices: np.ndarray, groups: dict) -> dict:
    """group -> (champion per round, challenger per round): the overall rounds' weights inside each group."""
    parts = {g: (single(subset(champion, rows)), single(subset(challenger, rows))) for g, rows in groups.items()}
    out = {g: ([], []) for g in groups}
    for W in weight_blocks(indices):
        for g, rows in groups.items():
            out[g][0].append(spec.compute(W[:, rows], parts[g][0]))
            out[g][1].append(spec.compute(W[:, rows], parts[g][1]))
    return {g: (np.concatenate(a), np.concatenate(b)) for g, (a, b) in out.items()}


def single(values: dict) -> dict:
    """Row values in float32 for the bootstrap rounds (the point estimates keep float64)."""
    return {k: v.astype(np.float32) if v.dtype == np.float64 else v for k, v in values.items()}


def point_estimates(specs: list[MetricSpec], values: dict) -> dict:
    """metric key -> the metric on every row (weights of one)."""
    ones = np.ones((1, len(next(iter(values.values())))))
    return {s.key: float(s.compute(ones, values)[0]) for s in specs}


def metric_rows(specs: list[MetricSpec], champion: dict, challenger: dict, rounds: dict, level: float = 0.95) -> list[dict]:
    """One row per metric: both values, the difference, its interval, and which model it favours."""
    before, after = point_estimates(specs, champion), point_estimates(specs, challenger)
    rows = []
    for spec in specs:
        a, b = rounds[spec.key]
        low, high = percentile_interval(b - a, level)
        rows.append(judged(spec, before[spec.key], after[spec.key], low, high))
    return rows


def judged(spec: MetricSpec, champion: float, challenger: float, low: float, high: float) -> dict:
    """A table row; ``significant`` when the interval excludes 0, ``better`` names the model it favours."""
    significant = bool(low > 0 or high < 0)
    better = ""
    if significant:
        better = "challenger" if (low > 0) == spec.higher_is_better else "champion"
    return {"metric": spec.key, "champion": champion, "challenger": challenger, "difference": challenger - champion,
            "low": low, "high": high, "significant": significant, "better": better,
            "higher_is_better": spec.higher_is_better}


def table(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)
