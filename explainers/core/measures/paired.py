"""Paired tallies: two models' outputs on the same labelled rows as cells of rows alike for both.

A cell holds the rows that share their group, their label and both models' keys (decision and score;
regression: both errors), with each model's sums beside the shared ones. Each model's :class:`Cells`
view reads the same cells, so one set of Poisson bootstrap weights scores both models on the very same
resampled rows: their difference is paired. The formulas are core.measures' own (:func:`formulas`).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd

from ..case import Case
from ..errors import InputError
from .formulas import Cells, Formula, cells_of
from .intervals import PoissonRounds, percentile_interval
from .of_case import groups_of, setting_of
from .tally import EXACT_ROWS, Setting, Tally, class_rows, codes_of, regression_rows

MODELS = ("first", "second")
MAX_PAIRED_CELLS = 20_000  # more cells than this are merged (quantile bins of each score) for the bootstrap
OWN = {"classifier": (("decision", "score"), ("score_sum", "log_loss", "brier")),
       "regression": (("error_key",), ("absolute", "squared"))}
SHARED = {"classifier": (("label",), ("rows",)), "regression": (("y_key",), ("rows", "y_sum", "y_squared"))}


def _kind(setting: Setting) -> str:
    return "regression" if setting.task == "regression" else "classifier"


def _columns(setting: Setting) -> tuple[list[str], list[str]]:
    """(key columns, sum columns) of a paired tally's cells."""
    kind = _kind(setting)
    (shared_keys, shared_sums), (own_keys, own_sums) = SHARED[kind], OWN[kind]
    keys = [*setting.by, *shared_keys, *[f"{k}_{m}" for m in MODELS for k in own_keys]]
    return keys, [*shared_sums, *[f"{s}_{m}" for m in MODELS for s in own_sums]]


class PairedTally(Tally):
    """``cells``: one row per cell of rows alike for both models; ``a + b`` adds two tallies."""

    def merged(self, cells: pd.DataFrame) -> pd.DataFrame:
        return _collapse_pairs(cells, self.setting)

    def view(self, model: str, cells: pd.DataFrame | None = None) -> Cells:
        """One model's (``"first"`` or ``"second"``) :class:`Cells` of these cells (or of ``cells``, coarser ones)."""
        frame = self.cells if cells is None else cells
        kind, s = _kind(self.setting), self.setting
        (shared_keys, shared_sums), (own_keys, own_sums) = SHARED[kind], OWN[kind]
        own = {f"{c}_{model}": c for c in (*own_keys, *own_sums)}
        return cells_of(frame[[*shared_keys, *shared_sums, *own]].rename(columns=own), s.task, s.classes, s.positive)


def paired_tally(setting: Setting, y, first: tuple, second: tuple, groups: pd.DataFrame | None = None) -> PairedTally:
    """The paired tally of one chunk: labels ``y``, each model's ``(predicted, proba or None)`` (proba's
    columns in ``setting.classes`` order), and ``groups`` (one column per ``setting.by``, a label per row)."""
    exact = len(y) <= EXACT_ROWS
    kind = _kind(setting)
    frames = [regression_rows(np.asarray(y, dtype=float), np.asarray(p, dtype=float), exact) if kind == "regression"
              else class_rows(setting, y, p, None if q is None else np.asarray(q, dtype=float), exact)
              for p, q in (first, second)]
    (shared_keys, shared_sums), (own_keys, own_sums) = SHARED[kind], OWN[kind]
    frame = frames[0][[*shared_keys, *shared_sums]].copy()
    for model, rows in zip(MODELS, frames, strict=True):
        for c in (*own_keys, *own_sums):
            frame[f"{c}_{model}"] = rows[c].to_numpy()
    for name in setting.by:
        frame[name] = groups[name].astype(str).to_numpy()
    return PairedTally(setting, _collapse_pairs(frame, setting))


def label_codes(setting: Setting, y) -> np.ndarray:
    """Each label's class code (as :func:`paired_tally` codes them); a label that is not a class is an InputError."""
    label = codes_of(y, setting.classes)
    if (label < 0).any():
        unknown = pd.Series(y).to_numpy(dtype=object)[label < 0][0]
        raise InputError(f"The label {unknown!r} is not one of the model's classes {list(setting.classes)}: relabel "
                         "those rows or drop them.")
    return label


def paired_code_tally(setting: Setting, label: np.ndarray, first: np.ndarray, second: np.ndarray) -> PairedTally:
    """The paired tally of two classifiers' decisions without scores, from class codes (``label_codes``; each
    decision's ``codes_of``, -1 outside the classes): the same cells as :func:`paired_tally` of the labels, counted
    in one bincount, so a caller that compares one model with several alternatives codes each column once."""
    if setting.task == "regression" or setting.by or setting.has_proba:
        raise ValueError("paired_code_tally counts a classifier's decisions without scores or groups.")
    k = len(setting.classes) + 1  # the last code: a decision outside the classes
    first, second = (np.where(np.asarray(d) < 0, k - 1, d).astype(np.int64) for d in (first, second))
    counts = np.bincount((np.asarray(label, dtype=np.int64) * k + first) * k + second)
    present = np.flatnonzero(counts)  # in key order: label, then the first's decision, then the second's
    keys, sums = _columns(setting)
    found = {"label": present // (k * k), "decision_first": present // k % k, "score_first": -1.0,
             "decision_second": present % k, "score_second": -1.0, "rows": counts[present]}
    frame = pd.DataFrame({c: found.get(c, 0.0) for c in (*keys, *sums)}, index=pd.RangeIndex(len(present)))
    return PairedTally(setting, frame)


def paired_case_tally(first: Case, second: Case, *, by=None, threshold: float | None = None,
                      bins: int = 4) -> tuple[PairedTally, list | None]:
    """Both cases' paired tally on their (same) rows, each deciding at ``threshold`` (None: its own decision),
    and the groups of ``by`` in reading order (read from ``first``, else from ``second`` when only it has them)."""
    names = [by] if isinstance(by, str) else ([] if by is None else list(by))
    source = first if all(n in first.X.columns for n in names) else second
    names, labels, order = groups_of(source, by, bins)
    setting = setting_of(first, threshold, names)
    setting = dataclasses.replace(setting, has_proba=first.proba is not None and second.proba is not None)
    return paired_tally(setting, first.y, *[(case.predicted, _proba(case, setting)) for case in (first, second)],
                        groups=labels), order


def _proba(case: Case, setting: Setting):
    if case.proba is None or not setting.classes:
        return None
    return case.proba[list(setting.classes)].to_numpy(dtype=float)


def paired_measures(tally: PairedTally, chosen: dict[str, Formula], *, n_boot: int = 1000, random_state=0,
                    level: float = 0.95, group_order: list | None = None) -> pd.DataFrame:
    """Both models' value of each metric and the paired interval of second - first, over all rows (group None)
    and per group (in ``group_order``), every group read from the same bootstrap rounds.

    Columns: group, metric, rows, first, second, difference, low, high.
    """
    members = {None: np.arange(len(tally.cells))} | _group_positions(tally, group_order)
    views = {m: tally.view(m) for m in MODELS}
    rounds = _rounds(tally, chosen, list(members), n_boot, random_state)
    out = []
    for group, idx in members.items():
        rows = tally.cells["rows"].to_numpy(dtype=float)[idx][None, :]
        for key, formula in chosen.items():
            a, b = (_value(formula, rows, _subset(views[m], idx)) for m in MODELS)
            low, high = percentile_interval(rounds[group, key][1] - rounds[group, key][0], level)
            out.append({"group": group, "metric": key, "rows": int(rows.sum()), "first": a, "second": b,
                        "difference": b - a, "low": low, "high": high})
    return pd.DataFrame(out)


def _value(formula: Formula, W: np.ndarray, view: Cells) -> float:
    if not len(view.rows):
        return math.nan
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(formula.compute(W, view)[0])


def _rounds(tally: PairedTally, chosen: dict, groups: list, n_boot: int, random_state) -> dict:
    """(group, key) -> (first's rounds, second's rounds), both models read with the same Poisson weights over the
    same cells (coarser cells above MAX_PAIRED_CELLS, each model's rounds moved by its value on the exact cells
    minus its value on the coarse ones, so the merging does not shift the interval)."""
    coarse = _coarse(tally) if len(tally.cells) > MAX_PAIRED_CELLS else tally.cells
    counts = coarse["rows"].to_numpy(dtype=float)
    members = {None: np.arange(len(coarse))} | _group_positions(tally, groups[1:], coarse)
    exact = {None: np.arange(len(tally.cells))} | _group_positions(tally, groups[1:])
    parts = {(g, m): _subset(tally.view(m, coarse), idx) for g, idx in members.items() for m in MODELS}
    shift = {}
    if coarse is not tally.cells:
        rows = tally.cells["rows"].to_numpy(dtype=float)
        for g, idx in members.items():
            for m in MODELS:
                fine = _subset(tally.view(m), exact[g])
                for key, f in chosen.items():
                    gap = _value(f, rows[exact[g]][None, :], fine) - _value(f, counts[idx][None, :], parts[g, m])
                    shift[g, m, key] = gap if math.isfinite(gap) else 0.0
    out: dict = {}
    for W in PoissonRounds(len(coarse), n_boot, random_state).blocks(counts):
        for g, idx in members.items():
            for key, f in chosen.items():
                with np.errstate(invalid="ignore", divide="ignore"):
                    out.setdefault((g, key), ([], []))
                    for i, m in enumerate(MODELS):
                        out[g, key][i].append(f.compute(W[:, idx], parts[g, m]))
    return {(g, key): tuple(np.concatenate(r) + shift.get((g, m, key), 0.0) for r, m in zip(pair, MODELS, strict=True))
            for (g, key), pair in out.items()}


def _coarse(tally: PairedTally) -> pd.DataFrame:
    """Fewer cells for the bootstrap: each model's score (regression: the label and each error) in quantile bins
    of the rows, halving the bins while more than MAX_PAIRED_CELLS cells remain."""
    s = tally.setting
    graded = (["y_key", *[f"error_key_{m}" for m in MODELS]] if s.task == "regression"
              else [f"score_{m}" for m in MODELS])
    rows = tally.cells["rows"].to_numpy(dtype=float)
    shares = {c: _share_below(tally.cells[c].to_numpy(dtype=float), rows) for c in graded}
    bins = 4 * math.isqrt(MAX_PAIRED_CELLS)
    while True:
        cells = tally.cells.copy()
        for c, share in shares.items():
            cells[c] = np.minimum(np.floor(share * bins), bins - 1) / bins
        merged = _collapse_pairs(cells, s)
        if bins <= 20 or len(merged) <= MAX_PAIRED_CELLS:
            return merged
        bins //= 2


def _share_below(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Each cell's share of rows whose value is below its own (ties share one share)."""
    order = np.argsort(values, kind="mergesort")
    below = np.cumsum(rows[order]) - rows[order]
    first = np.searchsorted(values[order], values[order], side="left")
    share = np.empty(len(values))
    share[order] = below[first] / rows.sum()
    return share


def _group_positions(tally: PairedTally, order: list | None, cells: pd.DataFrame | None = None) -> dict:
    """group -> positions of its cells, in ``order`` (groups not in it after, by name)."""
    by = list(tally.setting.by)
    if not by:
        return {}
    cells = tally.cells if cells is None else cells
    found = cells.groupby(by, sort=False, observed=True).indices
    found = {(k if len(by) > 1 else (k[0] if isinstance(k, tuple) else k)): v for k, v in found.items()}
    rank = {g: i for i, g in enumerate(order or [])}
    return dict(sorted(found.items(), key=lambda item: (rank.get(item[0], len(rank)), str(item[0]))))


def _subset(view: Cells, idx: np.ndarray) -> Cells:
    return Cells(view.rows[idx], {k: v[idx] for k, v in view.arrays.items()})


def _collapse_pairs(frame: pd.DataFrame, setting: Setting) -> pd.DataFrame:
    """One row per distinct pair of keys (both models'), sums added."""
    keys, sums = _columns(setting)
    return frame.groupby(keys, sort=True, observed=True, dropna=False)[sums].sum().reset_index()
