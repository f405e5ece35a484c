"""Who is sent to review: the share of each group's rows a band defers, and the lowest over the highest share.

The deferral is read as a decision ("review" or "automated") through the measures layer: its selection
rate per group with Wilson intervals, and its ``ratio()`` (smallest over largest group share, MOVER interval),
exactly as the four-fifths rule reads favourable decisions.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..core.case import Case
from ..core.language import _
from ..core.measures import Setting, measure_tally, tally
from ..core.measures.of_case import groups_of
from ..core.result import Result

CLASSES = ("automated", "review")


@dataclass(frozen=True)
class ReviewByGroup(Result):
    """``table``: group, rows, reviewed, share (of the group's rows sent to review), low, high (Wilson 95%);
    ``ratio`` (the least-deferred group's share over the most-deferred's) with ``ratio_low``/``ratio_high``,
    ``least`` and ``most`` naming the two groups."""

    column: str
    band: str
    table: pd.DataFrame
    ratio: float
    ratio_low: float
    ratio_high: float
    least: object
    most: object


def review_by_group(case: Case, flags: pd.Series, column, band: str, *, bins: int = 4) -> ReviewByGroup:
    """The review shares of ``flags`` (True: sent to review) per group of ``column`` (a name or a Series)."""
    names, labels, order = groups_of(case, column, bins)
    setting = Setting(task="binary", classes=CLASSES, positive=1, threshold=None, by=names, has_proba=False)
    decided = pd.Series(flags.to_numpy(dtype=bool)).map({True: CLASSES[1], False: CLASSES[0]})
    found = measure_tally(tally(setting, decided, decided, None, labels), metrics=["selection_rate"], n_boot=0,
                          group_order=order)
    by = found.by_group
    table = pd.DataFrame({"group": [str(g) for g in by.index], "rows": by["count"].astype(int).to_numpy(),
                          "share": by["selection_rate"].to_numpy(),
                          "low": found.by_group_low["selection_rate"].to_numpy(),
                          "high": found.by_group_high["selection_rate"].to_numpy()})
    table.insert(2, "reviewed", (table["rows"] * table["share"]).round().astype(int))
    ratio = found.ratio().loc["selection_rate"]
    return ReviewByGroup(column=names[0], band=band, table=table, ratio=float(ratio["value"]),
                         ratio_low=float(ratio["low"]), ratio_high=float(ratio["high"]), least=ratio["first"],
                         most=ratio["second"], approximate=True,
                         method=_("Share of each group of {column} sent to review by the band '{band}', with 95% "
                                  "Wilson intervals; the ratio of the lowest share to the highest has a MOVER interval "
                                  "(the measures layer's selection rate and ratio).", column=names[0], band=band))
