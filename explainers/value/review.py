"""Selective automation: the model decides the clear rows, a person the unsure ones.

A band sends to review the rows whose score lies within ``width`` of the threshold (strictly closer), or
the rows whose conformal set holds both classes. Every band is read from one tally of the model's
decisions (cells of alike rows: label, decision, score and the conformal flag), so the curve, the best
band and its paired interval against no review all come from the same counts. The interval's rounds draw
the rows of one gain together (:func:`gain_rounds`): the same Poisson bootstrap, a few draws a round.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.language import _, count
from ..core.measures import PoissonRounds, case_tally, percentile_interval, wilson
from ..core.measures.flagged import flag_tally
from ..core.measures.formulas import cells_of
from ..core.result import Result
from .values import Values
from .worth import model_worth, person_worth

STEP = 0.01  # band widths 0, 0.01, 0.02 ... until every row is sent to review
NONE, CONFORMAL = "none", "conformal set holds both classes"
COLUMNS = ["band", "kind", "width", "lower", "upper", "reviewed", "automated_share", "error_rate", "value",
           "per_1000", "gain"]


@dataclass(frozen=True)
class BestBand(Result):
    """The band worth most on these rows: its ``band`` (words), ``kind`` ("none", "score" or "conformal"),
    ``width`` and score edges ``lower``/``upper``; ``reviewed`` rows (``review_share`` with its Wilson 95%
    interval ``share_low``/``share_high``); total ``value`` and ``gain`` over no review with its paired
    95% interval ``gain_low``/``gain_high``; ``review_rows``: the index labels of the rows it sends to review."""

    band: str
    kind: str
    width: float
    lower: float
    upper: float
    reviewed: int
    rows: int
    review_share: float
    share_low: float
    share_high: float
    value: float
    gain: float
    gain_low: float
    gain_high: float
    review_rows: tuple = ()


def widths(threshold: float) -> np.ndarray:
    """0, 0.01, ... up to the first width that reaches both ends of the scores (every row reviewed)."""
    reach = max(threshold, 1 - threshold)
    return np.round(np.arange(0, reach + 2 * STEP, STEP), 10)


def review_curve(case: Case, threshold: float | None, values: Values, error: float, conformal: pd.Series | None,
                 *, n_boot: int = 1000, random_state=0) -> tuple[pd.DataFrame, BestBand]:
    """One row per band (no review first, then score bands by width, then the conformal band), and the best."""
    centre = 0.5 if threshold is None else float(threshold)
    by = None if conformal is None else conformal.to_numpy(dtype=bool)
    # the conformal flags coded as they are (flag_tally: the cells of case_tally(by=<the flags>), 0.1 s less at 1M rows)
    found = case_tally(case, threshold=threshold)[0] if by is None else flag_tally(case, by, "conformal", threshold)
    s = found.setting
    cells = found.cells
    view = cells_of(cells, s.task, s.classes, s.positive)
    rows = view.rows
    model, person = model_worth(view, values), person_worth(view, values, error)
    scored = case.proba is not None
    masks = {"none": np.zeros(len(rows), dtype=bool)}  # the cells each kind of band sends to review
    table = [_row(NONE, "none", 0.0, centre, masks["none"], rows, view, model, person)]
    distance = np.abs(view["score"] - centre) if scored else None
    if scored:
        table += _score_rows(widths(centre)[1:], centre, distance, rows, view, model, person)
    if by is not None:
        masks["conformal"] = cells["conformal"].astype(str).eq("True").to_numpy()
        table.append(_row(CONFORMAL, "conformal", np.nan, centre, masks["conformal"], rows, view, model, person))
    table = pd.DataFrame(table, columns=COLUMNS)
    table["gain"] = table["value"] - table.loc[0, "value"]
    best = table.iloc[int(table["value"].to_numpy().argmax())]  # ties: the first, i.e. the narrowest band
    sent = distance < best["width"] if best["kind"] == "score" else masks[best["kind"]]
    return table, _best(case, best, sent, rows, model, person, centre, conformal, n_boot, random_state)


def _score_rows(steps, centre, distance, rows, view, model, person) -> list[dict]:
    """Every score band's row at once: cells sorted once by their distance to the threshold, and a band of
    width ``w`` (cells strictly closer than ``w``) read from cumulative sums of that order, its sent cells a
    prefix and its automated ones the rest (one pass instead of one pass over the cells per band)."""
    order = np.argsort(distance, kind="stable")
    ends = np.searchsorted(distance[order], steps, side="left")  # per band: how many sorted cells it sends

    def before(x):  # per band: the sum of x over the cells it sends
        return np.concatenate([[0.0], np.cumsum(x[order])])[ends]

    def after(x):  # per band: the sum of x over the cells it keeps automated
        return np.concatenate([np.cumsum(x[order][::-1])[::-1], [0.0]])[ends]

    n = rows.sum()
    automated, errors = after(rows), after(rows * (1 - view["correct"]))
    worth = before(rows * person) + after(rows * model)
    return [{"band": f"score within {w:g} of {centre:g}", "kind": "score", "width": float(w),
             "lower": max(0.0, centre - w), "upper": min(1.0, centre + w),
             "reviewed": int(np.rint(n - a)), "automated_share": float(a / n),
             "error_rate": float(e / a) if a else np.nan, "value": float(v), "per_1000": float(v) / n * 1000,
             "gain": 0.0} for w, a, e, v in zip(steps, automated, errors, worth, strict=True)]


def _row(name, kind, width, centre, sent, rows, view, model, person) -> dict:
    n = rows.sum()
    kept = rows * ~sent
    automated = kept.sum()
    errors = kept @ (1 - view["correct"])
    return {"band": name, "kind": kind, "width": width,
            "lower": max(0.0, centre - width) if kind == "score" else np.nan,
            "upper": min(1.0, centre + width) if kind == "score" else np.nan,
            "reviewed": int(round(n - automated)), "automated_share": float(automated / n),
            "error_rate": float(errors / automated) if automated else np.nan,
            "value": float(rows @ np.where(sent, person, model)), "per_1000": float(rows @ np.where(sent, person, model)) / n * 1000,
            "gain": 0.0}


def _best(case, row, sent, rows, model, person, centre, conformal, n_boot, random_state) -> BestBand:
    gain = np.where(sent, person - model, 0.0)
    low, high = percentile_interval(gain_rounds(gain, rows, n_boot, random_state)) if sent.any() else (0.0, 0.0)
    n = int(rows.sum())
    share_low, share_high = (float(b[0]) for b in wilson(np.array([row["reviewed"]]), np.array([n])))
    flags = review_flags(case, row["kind"], row["width"], centre, conformal)
    return BestBand(band=row["band"], kind=row["kind"], width=float(row["width"]), lower=float(row["lower"]),
                    upper=float(row["upper"]), reviewed=int(row["reviewed"]), rows=n,
                    review_share=float(row["reviewed"] / n), share_low=share_low, share_high=share_high,
                    value=float(row["value"]), gain=float(row["gain"]), gain_low=low, gain_high=high,
                    review_rows=tuple(case.X.index[flags.to_numpy()]), approximate=True,
                    method=_("The band worth most on these {rows} rows; gain over no review with a 95% paired "
                             "Poisson bootstrap interval ({rounds} rounds, seed {seed}; the rows of one gain drawn "
                             "together); review share with a Wilson interval.", rows=count(n), rounds=count(n_boot),
                             seed=random_state))


def gain_rounds(gain: np.ndarray, rows: np.ndarray, n_boot: int, random_state) -> np.ndarray:
    """Poisson bootstrap rounds of the total gain ``rows @ gain``, drawn per distinct gain: the cells with one
    gain (a row's gain depends only on its label and decision) weigh Poisson(their rows) together, the same
    distribution as drawing each cell or each row (a sum of independent Poisson counts is Poisson), at a few
    draws a round instead of one per cell (a million rows have about 100,000 cells)."""
    worth, which = np.unique(gain, return_inverse=True)
    counts = np.bincount(which.ravel(), weights=rows, minlength=len(worth))
    return np.concatenate([W @ worth for W in PoissonRounds(len(worth), n_boot, random_state).blocks(counts)])


def review_flags(case: Case, kind: str, width: float, centre: float, conformal: pd.Series | None) -> pd.Series:
    """Per row: True when the band sends it to review (a regressor's ``width`` band: ``conformal`` holds each
    row's interval width, and rows wider than ``width`` are sent)."""
    if kind == "width":
        return pd.Series(conformal.to_numpy(dtype=float) > width, index=case.X.index)
    if kind == "conformal":
        return pd.Series(conformal.to_numpy(dtype=bool), index=case.X.index)
    if kind == "none" or case.proba is None:
        return pd.Series(False, index=case.X.index)
    score = case.proba[case.positive_class].to_numpy(dtype=float)
    return pd.Series(np.abs(score - centre) < width, index=case.X.index)
