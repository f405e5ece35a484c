"""Metric tables with paired bootstrap intervals of the difference (challenger - champion)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .bootstrap import PoissonRounds, cells, paired_keys, percentile_interval, weight_blocks
from .metrics import MetricSpec, subset

COLUMNS = ["metric", "champion", "challenger", "difference", "low", "high", "significant", "better",
           "higher_is_better"]


def paired_rounds(specs: list[MetricSpec], champion: dict, challenger: dict, indices: np.ndarray,
                  rows: np.ndarray | None = None) -> dict:
    """metric key -> (champion per round, challenger per round), both read with the same weights."""
    if rows is not None:
        champion, challenger = subset(champion, rows), subset(challenger, rows)
    if isinstance(indices, PoissonRounds):
        return _cell_rounds(specs, champion, challenger, indices)
    champion, challenger = single(champion), single(challenger)
    out = {s.key: ([], []) for s in specs}
    for W in weight_blocks(indices, rows):
        for spec in specs:
            out[spec.key][0].append(spec.compute(W, champion))
            out[spec.key][1].append(spec.compute(W, challenger))
    return {k: (np.concatenate(a), np.concatenate(b)) for k, (a, b) in out.items()}


def group_rounds(spec: MetricSpec, champion: dict, challenger: dict, indices: np.ndarray, groups: dict) -> dict:
    """group -> (champion per round, challenger per round): the overall rounds' weights inside each group."""
    if isinstance(indices, PoissonRounds):
        return _cell_group_rounds(spec, champion, challenger, indices, groups)
    parts = {g: (single(subset(champion, rows)), single(subset(challenger, rows))) for g, rows in groups.items()}
    out = {g: ([], []) for g in groups}
    for W in weight_blocks(indices):
        for g, rows in groups.items():
            out[g][0].append(spec.compute(W[:, rows], parts[g][0]))
            out[g][1].append(spec.compute(W[:, rows], parts[g][1]))
    return {g: (np.concatenate(a), np.concatenate(b)) for g, (a, b) in out.items()}


def _cell_rounds(specs: list[MetricSpec], champion: dict, challenger: dict, rounds: PoissonRounds) -> dict:
    """paired_rounds on many rows: Poisson weights on cells of rows alike for both models, each model's rounds
    moved by (its value on the rows - its value on the cells) so the binning does not shift the interval."""
    _, counts, (a, b) = cells(paired_keys(champion, challenger), champion, challenger)
    out = {s.key: ([], []) for s in specs}
    for W in rounds.blocks(counts):
        for spec in specs:
            out[spec.key][0].append(spec.compute(W, a))
            out[spec.key][1].append(spec.compute(W, b))
    return {s.key: tuple(np.concatenate(out[s.key][i]) + _offset(s, rows, cell, counts)
                         for i, (rows, cell) in enumerate(((champion, a), (challenger, b)))) for s in specs}


def _cell_group_rounds(spec: MetricSpec, champion: dict, challenger: dict, rounds: PoissonRounds, groups: dict) -> dict:
    """group_rounds on many rows: cells never straddle two groups; every group reads the same rounds' weights."""
    group_of = np.full(rounds.n, len(groups), dtype=np.int64)
    for i, positions in enumerate(groups.values()):
        group_of[positions] = i
    which, counts, (a, b) = cells(paired_keys(champion, challenger, group_of), champion, challenger)
    cell_group = np.empty(len(counts), dtype=np.int64)
    cell_group[which] = group_of
    members = {g: np.flatnonzero(cell_group == i) for i, g in enumerate(groups)}
    parts = {g: (subset(a, c), subset(b, c)) for g, c in members.items()}
    offsets = {g: (_offset(spec, subset(champion, groups[g]), parts[g][0], counts[c]),
                   _offset(spec, subset(challenger, groups[g]), parts[g][1], counts[c])) for g, c in members.items()}
    out = {g: ([], []) for g in groups}
    for W in rounds.blocks(counts):
        for g, c in members.items():
            out[g][0].append(spec.compute(W[:, c], parts[g][0]))
            out[g][1].append(spec.compute(W[:, c], parts[g][1]))
    return {g: (np.concatenate(x) + offsets[g][0], np.concatenate(y) + offsets[g][1]) for g, (x, y) in out.items()}


def _offset(spec: MetricSpec, rows: dict, cell: dict, counts: np.ndarray) -> float:
    """The metric on every row minus the metric on the cells (weighted by their counts): 0 but for binning."""
    if len(counts) == 0:
        return 0.0
    n = len(next(iter(rows.values())))
    gap = float(spec.compute(np.ones((1, n)), rows)[0]) - float(spec.compute(counts[None, :].astype(float), cell)[0])
    return gap if np.isfinite(gap) else 0.0


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
