"""``measures``: every metric of a model's decisions, overall and per group, with intervals, from one tally.

In the spirit of fairlearn's MetricFrame (``overall``, ``by_group``, ``difference()``, ``ratio()``), but
from mergeable tallies and with an interval on every number: Wilson for rates (and MOVER for their
differences and ratios), the Poisson bootstrap over cells for the rest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InputError
from ..result import PRIVATE, Result
from .formulas import Formula, cells_of, formulas
from .intervals import PoissonRounds, mover_difference, mover_ratio, percentile_interval, wilson
from .tally import EXACT_ROWS, Tally, collapse, significant

MAX_BOOTSTRAP_CELLS = 40_000  # more cells than this are merged into coarser ones for the bootstrap rounds
COARSE_BINS = 20_000  # the coarser score bins (binary and multiclass); regression: 3 significant digits


@dataclass(frozen=True)
class Measures(Result):
    """Metrics of the decisions at ``threshold`` (None: the model's own), overall and per group of ``by``.

    ``overall``: indexed by metric key: value, low, high, interval ("Wilson", "bootstrap" or "exact").
    ``by_group``: indexed by group (a MultiIndex for several columns), one column per metric key and
    ``count``; ``by_group_low`` / ``by_group_high``: the interval bounds, same shape. ``higher_is_better``:
    metric key -> bool.
    """

    overall: pd.DataFrame
    by_group: pd.DataFrame | None = None
    by_group_low: pd.DataFrame | None = None
    by_group_high: pd.DataFrame | None = None
    by: tuple = ()
    threshold: float | None = None
    level: float = 0.95
    higher_is_better: dict = field(default_factory=dict)
    rounds: dict = field(default_factory=dict, metadata=PRIVATE, repr=False)  # (group or None, key) -> rounds
    rates: frozenset = field(default=frozenset(), metadata=PRIVATE, repr=False)  # keys with Wilson intervals

    def value(self, key: str) -> float:
        return float(self.overall.loc[key, "value"])

    def interval(self, key: str) -> tuple[float, float, float]:
        """(value, low, high) of a metric over all rows."""
        row = self.overall.loc[key]
        return float(row["value"]), float(row["low"]), float(row["high"])

    def group_interval(self, group, key: str) -> tuple[float, float, float]:
        return (float(self.by_group.loc[group, key]), float(self.by_group_low.loc[group, key]),
                float(self.by_group_high.loc[group, key]))

    def difference(self, method: str = "between_groups", min_rows: int = 0) -> pd.DataFrame:
        """Per metric: the largest minus the smallest group value (``"between_groups"``, fairlearn's default) or
        the largest distance of a group from the overall value (``"to_overall"``), with an interval; groups of
        fewer than ``min_rows`` rows are left out."""
        return self._between(method, min_rows, ratio=False)

    def ratio(self, method: str = "between_groups", min_rows: int = 0) -> pd.DataFrame:
        """Per metric: the smallest over the largest group value, or the smallest of group/overall and
        overall/group (``"to_overall"``), as fairlearn's ``ratio()``, with an interval."""
        return self._between(method, min_rows, ratio=True)

    def _between(self, method: str, min_rows: int, ratio: bool) -> pd.DataFrame:
        if self.by_group is None:
            raise ValueError("difference() and ratio() compare groups: call measures(case, by=...) first.")
        if method not in ("between_groups", "to_overall"):
            raise ValueError(f"method must be 'between_groups' or 'to_overall', not {method!r}.")
        usable = self.by_group[self.by_group["count"] >= min_rows]
        rows = {}
        for key in self.by_group.columns:
            values = usable[key].dropna()
            if values.empty or (method == "between_groups" and len(values) < 2):
                rows[key] = {"value": np.nan, "low": np.nan, "high": np.nan, "first": None, "second": None}
                continue
            rows[key] = (self._to_overall(key, values, ratio) if method == "to_overall"
                         else self._pair(key, values.idxmin(), values.idxmax(), ratio))
        return pd.DataFrame.from_dict(rows, orient="index").rename_axis("metric")

    def _pair(self, key: str, low_group, high_group, ratio: bool) -> dict:
        """high - low (or low / high) of two groups, with its interval."""
        low, high = self.group_interval(low_group, key), self.group_interval(high_group, key)
        if ratio:
            value = low[0] / high[0] if high[0] > 0 else np.nan
            bounds = self._interval_of(key, (low_group, high_group), low, high, np.divide, mover_ratio)
        else:
            value = high[0] - low[0]
            bounds = self._interval_of(key, (high_group, low_group), high, low, np.subtract, mover_difference)
        return {"value": value, "low": bounds[0], "high": bounds[1], "first": low_group, "second": high_group}

    def _to_overall(self, key: str, values: pd.Series, ratio: bool) -> dict:
        overall = self.interval(key)
        if ratio:
            with np.errstate(divide="ignore", invalid="ignore"):
                scores = np.minimum(values / overall[0], overall[0] / values)
            group = scores.idxmin()
            one = self.group_interval(group, key)
            top, bottom = (one, overall) if one[0] <= overall[0] else (overall, one)
            low, high = mover_ratio(top, bottom)
            return {"value": float(scores[group]), "low": low, "high": high, "first": group, "second": "overall"}
        distance = (values - overall[0]).abs()
        group = distance.idxmax()
        one = self.group_interval(group, key)
        low, high = mover_difference(one, overall) if one[0] >= overall[0] else mover_difference(overall, one)
        return {"value": float(distance[group]), "low": low, "high": high, "first": group, "second": "overall"}

    def _interval_of(self, key, groups, a, b, combine, mover) -> tuple[float, float]:
        """Bootstrap metrics: the percentile interval of the same rounds combined; rates: MOVER."""
        if key not in self.rates and all((g, key) in self.rounds for g in groups):
            with np.errstate(divide="ignore", invalid="ignore"):
                return percentile_interval(combine(self.rounds[groups[0], key], self.rounds[groups[1], key]), self.level)
        return mover(a, b)


def measure_tally(tally: Tally, *, metrics=None, level: float = 0.95, n_boot: int = 1000, random_state=0,
                  group_order: list | None = None) -> Measures:
    """:class:`Measures` of a tally; ``group_order`` lists the groups in the order to show them."""
    s = tally.setting
    known = formulas(s.task, has_proba=s.has_proba)
    chosen = _chosen(known, metrics)
    cells = tally.cells
    groups = _group_positions(cells, s.by, group_order)
    view = cells_of(cells, s.task, s.classes, s.positive)
    views = {None: (np.arange(len(cells)), view)} | {g: (idx, _subset(view, idx)) for g, idx in groups.items()}
    points = {g: _points(chosen, v, level) for g, (_, v) in views.items()}
    rounds = _bootstrap(tally, chosen, groups, n_boot, random_state) if n_boot else {}
    for (g, key), values in rounds.items():
        points[g][key] = (points[g][key][0], *percentile_interval(values, level), "bootstrap")
    overall = pd.DataFrame([{"metric": k, "value": v, "low": lo, "high": hi, "interval": how}
                            for k, (v, lo, hi, how) in points[None].items()]).set_index("metric")
    tables = _group_tables(points, list(groups), s.by) if s.by else (None, None, None)
    return Measures(overall=overall, by_group=tables[0], by_group_low=tables[1], by_group_high=tables[2], by=s.by,
                    threshold=s.threshold, level=level, higher_is_better={k: f.higher_is_better for k, f in chosen.items()},
                    rounds=rounds, rates=frozenset(k for k, f in chosen.items() if f.rate),
                    approximate=bool(rounds) or not _exact(tally),
                    method=_method(tally, chosen, level, n_boot, random_state))


def _chosen(known: dict, metrics) -> dict[str, Formula]:
    if metrics is None:
        return known
    wanted = [metrics] if isinstance(metrics, str) else list(metrics)
    unknown = [m for m in wanted if m not in known]
    if unknown:
        raise InputError(f"Unknown metric {unknown[0]!r} for this model; choose from {sorted(known)}.")
    return {k: known[k] for k in dict.fromkeys([*wanted, "count"])}


def _group_positions(cells: pd.DataFrame, by: tuple, order: list | None) -> dict:
    if not by:
        return {}
    found = cells.groupby(list(by), sort=False, observed=True).indices
    found = {(k if len(by) > 1 else (k[0] if isinstance(k, tuple) else k)): v for k, v in found.items()}
    if order is None:
        return dict(sorted(found.items(), key=lambda item: str(item[0])))
    rank = {g: i for i, g in enumerate(order)}
    return dict(sorted(found.items(), key=lambda item: (rank.get(item[0], len(rank)), str(item[0]))))


def _subset(view, idx):
    return type(view)(view.rows[idx], {k: v[idx] for k, v in view.arrays.items()})


def _points(chosen: dict, view, level: float) -> dict:
    """key -> (value, low, high, interval kind) with Wilson bounds for rates and NaN bounds for the rest."""
    W = view.rows[None, :]
    out = {}
    for key, formula in chosen.items():
        value = float(formula.compute(W, view)[0]) if len(view.rows) else math.nan
        if key == "count":
            out[key] = (value, value, value, "exact")
        elif formula.rate:
            hits, trials = formula.rate
            h = float(W[0] @ view[hits])
            n = float(W[0] @ view[trials]) if trials else float(W.sum())
            low, high = wilson(np.array([h]), np.array([n]), level)
            out[key] = (value, float(low[0]), float(high[0]), "Wilson")
        else:
            out[key] = (value, math.nan, math.nan, "bootstrap")
    return out


def _bootstrap(tally: Tally, chosen: dict, groups: dict, n_boot: int, random_state) -> dict:
    """(group or None, key) -> the bootstrap rounds of each non-rate metric, every group on the same draws."""
    wanted = {k: f for k, f in chosen.items() if not f.rate and k != "count"}
    if not wanted:
        return {}
    cells = tally.cells if len(tally.cells) <= MAX_BOOTSTRAP_CELLS else _coarse(tally)
    s = tally.setting
    view = cells_of(cells, s.task, s.classes, s.positive)
    members = {None: np.arange(len(cells))} | (
        {g: idx for g, idx in _group_positions(cells, s.by, list(groups)).items()} if s.by else {})
    views = {g: (idx, _subset(view, idx)) for g, idx in members.items()}
    out: dict = {}
    for W in PoissonRounds(len(cells), n_boot, random_state).blocks(view.rows):
        for g, (idx, v) in views.items():
            for key, formula in wanted.items():
                with np.errstate(invalid="ignore", divide="ignore"):
                    out.setdefault((g, key), []).append(formula.compute(W[:, idx], v))
    return {k: np.concatenate(v) for k, v in out.items()}


def _coarse(tally: Tally) -> pd.DataFrame:
    """Fewer, wider cells for the bootstrap rounds: scores in 1/COARSE_BINS bins (regression: 3 significant digits)."""
    cells = tally.cells.copy()
    if tally.setting.task == "regression":
        cells["y_key"], cells["error_key"] = significant(cells["y_key"].to_numpy(), 3), significant(
            cells["error_key"].to_numpy(), 3)
    else:
        cells["score"] = np.floor(cells["score"] * COARSE_BINS) / COARSE_BINS
    return collapse(cells, tally.setting)


def _group_tables(points: dict, groups: list, by: tuple):
    keys = list(points[None])
    index = pd.MultiIndex.from_tuples(groups, names=list(by)) if len(by) > 1 else pd.Index(groups, name=by[0])
    tables = [pd.DataFrame([[points[g][k][i] for k in keys] for g in groups], index=index, columns=keys)
              for i in range(3)]
    return tuple(tables)


def _exact(tally: Tally) -> bool:
    return tally.rows <= EXACT_ROWS


def _method(tally: Tally, chosen: dict, level: float, n_boot: int, random_state) -> str:
    s = tally.setting
    at = ("the model's own decisions" if s.threshold is None or s.task != "binary"
          else f"decisions at the threshold {s.threshold:g} on the probability of the positive class")
    scores = ("exact scores" if _exact(tally) else
              "scores in 1/100,000 bins (ranking metrics within 1e-4 of exact; sums exact)")
    grouped = f", per group of {', '.join(map(str, s.by))}" if s.by else ""
    boot = (f"; other metrics: {level:.0%} percentile intervals from a Poisson bootstrap over cells of alike rows "
            f"({n_boot:,} rounds, seed {random_state})") if n_boot else ""
    return (f"{len(chosen)} measures of {at} on {tally.rows:,} labelled rows{grouped}, from tallies of {scores}; "
            f"rates with {level:.0%} Wilson intervals{boot}.")
