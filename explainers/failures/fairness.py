"""Fairness of a binary classifier's decisions across the groups of one column (fairlearn-style).

Per group: rows, share flagged (selection rate), false positive rate, false negative rate and
accuracy, each with a 95% Wilson interval; each rate's difference and ratio to the best-treated
group (the one getting the favourable outcome most often); the four-fifths rule on the favourable
outcome's rate. Groups under ``min_rows`` rows are kept but marked too small to judge. The counts
and rates come from the measures layer (explainers.core.measures: one tally of the case, the same on
Dask); this module compares the groups with the best-treated one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.errors import InputError
from ..core.language import _, count
from ..core.measures import case_tally, favourable_class, measure_tally
from ..core.measures.tables import binary_counts
from ..core.result import Result
from .groups import MIN_ROWS, group_table
from .words import threshold_text, whole

RATES = ("selection_rate", "false_positive_rate", "false_negative_rate", "accuracy")
FOUR_FIFTHS = 0.8


@dataclass(frozen=True)
class FairnessGap:
    """The largest gap between two large-enough groups: on ``rate``, ``low_group`` < ``high_group``."""

    rate: str
    low_group: str
    low: float
    high_group: str
    high: float
    overlap: bool  # the two 95% intervals overlap: the gap may be chance


@dataclass(frozen=True)
class Fairness(Result):
    """Decisions at ``threshold`` compared across the groups of ``column``.

    ``table``: one row per group (bins in order, categories largest first): group, rows, small
    (fewer than ``min_rows``), tp, fp, fn, tn, and for each of :data:`RATES` the value,
    ``_low``/``_high`` (95% Wilson), ``_difference`` and ``_ratio`` to the best-treated group;
    favourable_rate, favourable_ratio and four_fifths (the ratio is at least 0.8).
    """

    column: str
    threshold: float
    positive: str
    other: str
    favourable: str
    best_group: str | None
    table: pd.DataFrame
    min_rows: int
    gap: FairnessGap | None

    @property
    def small_groups(self) -> list[str]:
        return list(self.table.loc[self.table["small"], "group"])

    @property
    def below_four_fifths(self) -> list[str]:
        """Large-enough groups getting the favourable outcome at under 80% of the best-treated group's rate."""
        large = self.table[~self.table["small"]]
        return list(large.loc[~large["four_fifths"], "group"])


def fairness(case: Case, column: str, *, threshold: float = 0.5, bins: int = 4, min_rows: int = MIN_ROWS,
             favourable=None) -> Fairness:
    """Group rates of the decisions at ``threshold`` on ``column``; ``favourable``: the class that is good
    news for a row (default: the sidecar's ``favourable_class``, else the other class when the positive
    class is named like bad news, e.g. "bad" or "default", else the positive class)."""
    _check(case, column)
    positive = case.positive_class
    other = next(c for c in case.classes if c != positive)
    favourable = favourable_class(case) if favourable is None else favourable
    table = group_rates(case, column, threshold, bins)
    best = _best_group(table, favourable == positive, min_rows)
    table = _compare(table, best, favourable == positive, min_rows)
    return Fairness(column=column, threshold=float(threshold), positive=str(positive), other=str(other),
                    favourable=str(favourable), best_group=best, table=table, min_rows=min_rows,
                    gap=largest_gap(table), method=_("Decisions at the threshold {threshold} on all {rows} labelled "
                                                     "rows, grouped by {column}; 95% Wilson intervals; groups under "
                                                     "{min_rows} rows are not compared.",
                                                     threshold=threshold_text(threshold), rows=count(case.n_rows),
                                                     column=column, min_rows=whole(min_rows)))


def _check(case: Case, column: str) -> None:
    if case.task != "binary" or case.proba is None:
        raise InputError("Fairness compares the decisions of a binary classifier with probabilities; this model is "
                         f"a {case.task} model.")
    if not case.labelled:
        raise InputError("Fairness needs labelled rows: open data that has the target column.")
    if column not in case.X.columns:
        raise InputError(f"Column {column!r} is not in the data.")


def group_rates(case: Case, column: str, threshold: float, bins: int = 4) -> pd.DataFrame:
    """Per group in reading order (bins low to high, categories largest first): rows, tp, fp, fn, tn and each
    of :data:`RATES` with its 95% Wilson bounds, all from one tally of the case (explainers.core.measures)."""
    found, order = case_tally(case, by=column, threshold=threshold, bins=bins)
    measured = measure_tally(found, metrics=RATES, n_boot=0, group_order=order)
    counts = binary_counts(found).reindex(measured.by_group.index, fill_value=0)
    table = pd.concat([counts, group_table(measured, RATES).drop(columns=["group", "rows"]).set_index(counts.index)],
                      axis=1)
    return table.rename_axis("group").reset_index().astype({"group": str})


def _best_group(table: pd.DataFrame, positive_is_favourable: bool, min_rows: int) -> str | None:
    favourable = table["selection_rate"] if positive_is_favourable else 1 - table["selection_rate"]
    large = favourable[table["rows"] >= min_rows]
    pool = large if len(large) else favourable
    return None if pool.dropna().empty else str(table.loc[pool.idxmax(), "group"])


def _compare(table: pd.DataFrame, best: str | None, positive_is_favourable: bool, min_rows: int) -> pd.DataFrame:
    table = table.copy()
    table.insert(2, "small", table["rows"] < min_rows)
    table["favourable_rate"] = table["selection_rate"] if positive_is_favourable else 1 - table["selection_rate"]
    reference = table.loc[table["group"] == best].iloc[0] if best is not None else None
    for rate in (*RATES, "favourable_rate"):
        base = np.nan if reference is None else reference[rate]
        table[f"{rate}_difference"] = table[rate] - base
        table[f"{rate}_ratio"] = table[rate] / base if base else np.nan
    table = table.rename(columns={"favourable_rate_ratio": "favourable_ratio"})
    table["four_fifths"] = table["favourable_ratio"].fillna(1.0) >= FOUR_FIFTHS
    return table.drop(columns=["favourable_rate_difference"])


def largest_gap(table: pd.DataFrame) -> FairnessGap | None:
    """The rate on which two large-enough groups differ most, and whether their intervals overlap."""
    large = table[~table["small"]]
    if len(large) < 2:
        return None
    spreads = {rate: large[rate].max() - large[rate].min() for rate in RATES if large[rate].notna().sum() >= 2}
    if not spreads:
        return None
    rate = max(spreads, key=lambda r: (spreads[r], -RATES.index(r)))
    low, high = large.loc[large[rate].idxmin()], large.loc[large[rate].idxmax()]
    return FairnessGap(rate, str(low["group"]), float(low[rate]), str(high["group"]), float(high[rate]),
                       overlap=bool(low[f"{rate}_high"] >= high[f"{rate}_low"]))
