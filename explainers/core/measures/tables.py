"""Tables read off a tally's cells: the confusion matrix, counts at every threshold, confusion counts per
group, the reliability table and point values of named formulas.

Each reads the cells' row counts and sums only, so a table of one chunk, of a Dask case's partitions added
up or of one period is the same code (performance, fairness and calibration read these).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .formulas import BINARY, BINARY_PROBABILITY, CLASSES, COUNT, PROBABILITY, REGRESSION, cells_of, formulas
from .intervals import wilson
from .tally import Tally

TIED = 1e-9  # a cell whose mean score is this close to its key holds one score (exact, or tied rows)


def confusion(tally: Tally) -> pd.DataFrame:
    """Rows per label (rows, "actual") x decision (columns, "predicted"), over the classes in their order,
    every group added up; a decision that is not a class is left out."""
    s = tally.setting
    k = len(s.classes)
    cells = tally.cells
    label, decision = cells["label"].to_numpy(), cells["decision"].to_numpy()
    inside = (label >= 0) & (label < k) & (decision >= 0) & (decision < k)
    counts = np.bincount(label[inside] * k + decision[inside], weights=cells["rows"].to_numpy()[inside],
                         minlength=k * k).reshape(k, k).astype(np.int64)
    names = pd.Index(list(s.classes))
    return pd.DataFrame(counts, index=names, columns=names).rename_axis(index="actual", columns="predicted")


def binary_counts(tally: Tally) -> pd.DataFrame:
    """tp, fp, fn, tn of the positive class (binary tallies), per group of ``setting.by`` (one row when
    there are no groups), with ``rows`` first."""
    s = tally.setting
    if s.task != "binary":
        raise ValueError("Confusion counts of the positive class need a binary tally.")
    cells = tally.cells
    actual, flagged = cells["label"].to_numpy() == s.positive, cells["decision"].to_numpy() == s.positive
    rows = cells["rows"].to_numpy()
    frame = pd.DataFrame({"tp": rows * (actual & flagged), "fp": rows * (~actual & flagged),
                          "fn": rows * (actual & ~flagged), "tn": rows * (~actual & ~flagged)}).astype(np.int64)
    if s.by:
        keys = [cells[name].to_numpy() for name in s.by]
        frame = frame.groupby(keys if len(keys) > 1 else keys[0], sort=False).sum()
        frame.index = frame.index.set_names(list(s.by))
    else:
        frame = frame.sum().to_frame().T
    frame.insert(0, "rows", frame.sum(axis=1))
    return frame


def threshold_counts(score: np.ndarray, actual: np.ndarray, rows: np.ndarray, thresholds: np.ndarray) -> pd.DataFrame:
    """tp, fp, fn, tn at each threshold (a row is flagged when its score is at least the threshold), from
    scores with a row count each (a tally's cells, or rows with a count of 1)."""
    score, actual = np.asarray(score, dtype=float), np.asarray(actual, dtype=bool)
    rows, thresholds = np.asarray(rows, dtype=np.int64), np.asarray(thresholds, dtype=float)
    flagged = {}
    for name, members in (("positive", actual), ("negative", ~actual)):
        order = np.argsort(score[members], kind="mergesort")
        cumulative = np.r_[0, np.cumsum(rows[members][order])]
        below = cumulative[np.searchsorted(score[members][order], thresholds, side="left")]
        flagged[name] = (cumulative[-1] - below, cumulative[-1])
    (tp, positives), (fp, negatives) = flagged["positive"], flagged["negative"]
    return pd.DataFrame({"threshold": thresholds, "tp": tp, "fp": fp, "fn": positives - tp, "tn": negatives - fp})


def tally_threshold_counts(tally: Tally, thresholds: np.ndarray) -> pd.DataFrame:
    """:func:`threshold_counts` of a binary tally with probabilities (every group added up)."""
    s, cells = tally.setting, tally.cells
    if s.task != "binary" or not s.has_proba:
        raise ValueError("Counts at every threshold need a binary classifier with probabilities.")
    return threshold_counts(cells["score"].to_numpy(), cells["label"].to_numpy() == s.positive,
                            cells["rows"].to_numpy(), thresholds)


def reliability(tally: Tally, bins: int = 10, level: float = 0.95) -> pd.DataFrame:
    """Predicted probability against observed frequency per equal-width bin of the score (binary: the positive
    class's probability, hit = the label is positive; multiclass: the top probability, hit = the decision is
    right): bin_low, bin_high, rows, mean_predicted, observed, ci_low, ci_high (Wilson), non-empty bins only.

    A cell goes to the bin of its score; a cell of binned scores (chunks above EXACT_ROWS) to the bin of its
    rows' mean score, which lies in the same 1e-5-wide score bin."""
    s, cells = tally.setting, tally.cells
    if s.task == "regression" or not s.has_proba:
        raise ValueError("A reliability table needs a classifier's probabilities.")
    rows = cells["rows"].to_numpy(dtype=float)
    key, mean = cells["score"].to_numpy(dtype=float), cells["score_sum"].to_numpy(dtype=float) / rows
    label, decision = cells["label"].to_numpy(), cells["decision"].to_numpy()
    hit = (label == s.positive) if s.task == "binary" else (label == decision)
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(np.where(mean - key > TIED, mean, key), edges[1:-1]), 0, bins - 1)
    count = np.bincount(which, rows, bins)
    hits = np.bincount(which, rows * hit, bins)
    summed = np.bincount(which, cells["score_sum"].to_numpy(dtype=float), bins)
    used = np.flatnonzero(count > 0)
    low, high = wilson(hits[used], count[used], level)
    return pd.DataFrame({"bin_low": edges[used], "bin_high": edges[used + 1], "rows": count[used].astype(np.int64),
                         "mean_predicted": summed[used] / count[used], "observed": hits[used] / count[used],
                         "ci_low": low, "ci_high": high})


EVERY = {f.key: f for f in [*BINARY, *CLASSES, *PROBABILITY, *BINARY_PROBABILITY, *REGRESSION, COUNT]}


def point_values(tally: Tally, keys, task: str | None = None) -> dict[str, float]:
    """The value of each formula in ``keys`` on all rows of the tally (no interval), read as ``task`` (default
    the tally's): e.g. a binary tally read as "multiclass" for macro F1, or the Brier score of a multiclass
    tally (the mean of its cells' Brier sums, the binary formula's definition)."""
    s = tally.setting
    task = task or s.task
    known = EVERY | formulas(task, s.has_proba)
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise ValueError(f"No formula {unknown[0]!r}; choose from {sorted(known)}.")
    cells = cells_of(tally.cells, task, s.classes, s.positive if task == "binary" else None)
    W = cells.rows[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        return {k: float(known[k].compute(W, cells)[0]) for k in keys}
