"""A regressor against its fallbacks, and the review band that defers its widest conformal intervals.

Every prediction is priced from the measures layer's absolute errors (cells of a tally: the label and the
error as keys, the absolute error summed): ``per_decision + per_unit_error * |error|``. A person deciding a
row costs ``review`` and is off by a stated ``error`` (units of the target). Paired differences read both
predictions' views of one paired tally with the same Poisson bootstrap weights; the review curve reads one
tally whose cells also carry each row's band (the first band that defers it), so the curve, the best band
and its interval come from the same counts.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.language import _, count
from ..core.measures import formulas, setting_of, tally
from ..core.measures.formulas import Cells, cells_of
from ..core.measures.paired import paired_tally
from .error_values import ErrorValues
from .review import BestBand, _best
from .worth import Paired, paired_totals

SHARES = np.round(np.arange(0.99, -0.005, -0.01), 2)  # candidate cut-offs: the width quantiles 99%, 98%, ... 0%
NONE, EVERY = "none", "every prediction"
COLUMNS = ["band", "kind", "width", "lower", "upper", "reviewed", "automated_share", "mae", "value", "per_1000",
           "gain"]


def model_worth(cells: Cells, values: ErrorValues) -> np.ndarray:
    """Per cell: the value of one of its rows as predicted (the mean over its rows)."""
    return values.per_decision + values.per_unit_error * cells["absolute"]


def person_worth(cells: Cells, values: ErrorValues, error: float) -> np.ndarray:
    """Per cell: the value of one of its rows sent to a person, off by ``error`` units, at the review cost."""
    return np.full(len(cells.rows), values.per_decision + values.per_unit_error * error + values.review)


def paired_error_worth(case: Case, model: np.ndarray, other: np.ndarray | None, values: ErrorValues, *,
                       person_error: float | None = None, n_boot: int = 1000, random_state=0,
                       level: float = 0.95) -> Paired:
    """The model's predictions ``model`` against ``other`` (numbers per row; with ``person_error`` the alternative
    is a person predicting every row at the review cost, ``other`` ignored)."""
    setting = dataclasses.replace(setting_of(case, None), has_proba=False)
    y = case.y.to_numpy(dtype=float)
    second = y if person_error is not None else np.asarray(other, dtype=float)
    found = paired_tally(setting, y, (np.asarray(model, dtype=float), None), (second, None))
    first_view, second_view = found.view("first"), found.view("second")
    a = model_worth(first_view, values)
    b = person_worth(second_view, values, person_error) if person_error is not None else model_worth(second_view, values)
    return paired_totals(found, a, b, n_boot=n_boot, random_state=random_state, level=level)


def cutoffs(widths: np.ndarray) -> np.ndarray:
    """Band cut-offs from widest to narrowest: +inf (no review), the widths' quantiles 99%, 98% ... 0% (distinct,
    each deferring more rows), -inf (every row). A band defers the rows whose interval is wider than its cut-off."""
    found = np.unique(np.quantile(widths, SHARES))[::-1]
    found = found[found < widths.max()]  # a cut-off at the widest defers nothing: the same as no review
    return np.concatenate([[np.inf], found, [-np.inf]])


def band_name(cut: float) -> str:
    if cut == np.inf:
        return NONE
    if cut == -np.inf:
        return EVERY
    return f"interval wider than {cut:,.4g}"


def first_band(widths: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    """Per row: the index of the first band that defers it (the first cut-off its width exceeds)."""
    return np.argmax(widths[:, None] > cuts[None, :], axis=1)


def error_review_curve(case: Case, values: ErrorValues, error: float, widths: pd.Series, *, n_boot: int = 1000,
                       random_state=0) -> tuple[pd.DataFrame, BestBand]:
    """One row per band (no review first, then ever more of the widest intervals deferred), and the best."""
    w = widths.to_numpy(dtype=float)
    cuts = cutoffs(w)
    band = pd.DataFrame({"band": first_band(w, cuts)})
    setting = setting_of(case, None, ("band",))
    found = tally(setting, case.y.to_numpy(dtype=float), case.predicted.to_numpy(dtype=float), None, band)
    view = cells_of(found.cells, "regression", (), None)
    rows = view.rows
    first = found.cells["band"].astype(int).to_numpy()
    model, person = model_worth(view, values), person_worth(view, values, error)
    mae = formulas("regression", False)["mae"]
    table, sent_of = [], []
    for j, cut in enumerate(cuts):
        sent = first <= j if j else np.zeros(len(rows), dtype=bool)
        kept = rows * ~sent
        n, automated = rows.sum(), kept.sum()
        total = float(rows @ np.where(sent, person, model))
        table.append({"band": band_name(cut), "kind": "none" if j == 0 else "width", "width": float(cut),
                      "lower": np.nan, "upper": np.nan, "reviewed": round(n - automated),
                      "automated_share": float(automated / n),
                      "mae": float(mae.compute(kept[None, :], view)[0]) if automated else np.nan,
                      "value": total, "per_1000": total / n * 1000, "gain": 0.0})
        sent_of.append(sent)
    table = pd.DataFrame(table, columns=COLUMNS)
    table["gain"] = table["value"] - table.loc[0, "value"]
    best = int(table["value"].to_numpy().argmax())  # ties: the first, i.e. the fewest rows deferred
    flags = pd.Series(w, index=case.X.index)
    best_band = _best(case, table.iloc[best], sent_of[best], rows, model, person, 0.0, flags, n_boot, random_state)
    method = _("The band worth most on these {rows} rows: the rows whose conformal interval is wider than a cut-off "
               "go to a person; gain over no review with a 95% paired Poisson bootstrap interval ({rounds} rounds, "
               "seed {seed}); review share with a Wilson interval.", rows=count(int(rows.sum())), rounds=count(n_boot),
               seed=random_state)
    return table, dataclasses.replace(best_band, method=method)
