"""Tallies: a model's labelled outputs as cells of alike rows, with each cell's row count and sums.

A cell holds the rows that share their group, their label, the decision and the score (binary: the
positive class's probability; multiclass: the top probability; regression: the label and the error).
Up to :data:`EXACT_ROWS` rows a chunk keeps scores exact, so every measure is exact (ROC AUC included);
above it, scores are binned to 1/:data:`SCORE_BINS` (regression: 4 significant digits), and the sums
(probabilities, losses, errors) stay exact per cell. Tallies add up (``a + b``): one for a table, one
per chunk of a stream, per Dask partition or per period, and every measure reads a tally, so all of
them are the same code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..columns import positions
from ..errors import InputError
from ..stats import clipped_log_loss

EXACT_ROWS = 200_000  # a chunk with more rows bins its scores (its cells would be about its rows)
SCORE_BINS = 100_000  # binned scores: within 1e-5 of the row's own, ROC AUC within 1e-4 of exact
SUMS = ("rows", "score_sum", "log_loss", "brier")  # a classifier cell's sums
REGRESSION_SUMS = ("rows", "absolute", "squared", "y_sum", "y_squared")


@dataclass(frozen=True)
class Setting:
    """What every chunk of one tally shares: the task, the classes (their order gives the codes), the
    positive class's code (binary), the decision threshold (None: the model's own decision) and the group
    columns' names."""

    task: str
    classes: tuple = ()
    positive: int | None = None
    threshold: float | None = None
    by: tuple = ()
    has_proba: bool = True

    @property
    def keys(self) -> list[str]:
        own = ["y_key", "error_key"] if self.task == "regression" else ["label", "decision", "score"]
        return [*self.by, *own]

    @property
    def sums(self) -> tuple:
        return REGRESSION_SUMS if self.task == "regression" else SUMS


@dataclass(frozen=True)
class Tally:
    """``cells``: one row per cell, the setting's keys then its sums. ``a + b`` adds two tallies."""

    setting: Setting
    cells: pd.DataFrame

    def __add__(self, other: Tally) -> Tally:
        if type(other) is not type(self) or other.setting != self.setting:
            raise ValueError("Only tallies of the same kind, task, classes, threshold and groups add up.")
        return type(self)(self.setting, self.merged(pd.concat([self.cells, other.cells], ignore_index=True)))

    def merged(self, cells: pd.DataFrame) -> pd.DataFrame:
        """``cells`` with one row per distinct key, sums added."""
        return collapse(cells, self.setting)

    @property
    def rows(self) -> int:
        return int(self.cells["rows"].sum())


def decisions(setting: Setting, predicted_codes: np.ndarray, proba: np.ndarray | None) -> np.ndarray:
    """The one decision rule: a binary classifier with probabilities flags a row when the positive class's
    probability is at least the threshold; otherwise (or with no threshold) the model's own decision."""
    if setting.threshold is None or setting.task != "binary" or proba is None:
        return np.asarray(predicted_codes, dtype=np.int64)
    other = 1 - setting.positive
    return np.where(proba[:, setting.positive] >= setting.threshold, setting.positive, other).astype(np.int64)


def tally(setting: Setting, y, predicted, proba=None, groups: pd.DataFrame | None = None, codes=None) -> Tally:
    """The tally of one chunk: labels ``y`` and the model's ``predicted`` values (class labels or numbers),
    ``proba`` (rows x classes, in ``setting.classes`` order) or None, and ``groups`` (one column per
    ``setting.by``, a label per row). ``codes``: a classifier's (label codes, predicted codes) when already
    made (:func:`codes_of`; a case codes its columns once for every tally)."""
    exact = len(y) <= EXACT_ROWS
    if setting.task == "regression":
        frame = regression_rows(np.asarray(y, dtype=float), np.asarray(predicted, dtype=float), exact)
    else:
        frame = class_rows(setting, y, predicted, None if proba is None else np.asarray(proba, dtype=float), exact,
                           codes)
    binned = not exact and setting.task != "regression" and proba is not None
    if binned:
        written = [text_codes(groups[name]) for name in setting.by]
        if all(w is not None for w in written):  # groups as codes of their texts: no million texts written
            return Tally(setting, collapse_binned(frame, setting, written))
    for name in setting.by:
        frame[name] = as_text(groups[name])
    return Tally(setting, (collapse_binned if binned else collapse)(frame, setting))


def text_codes(values) -> tuple[np.ndarray, np.ndarray] | None:
    """(each row's position among the sorted texts, the texts): the groups :func:`as_text` writes, in the order
    sorting their texts gives, from one factorize of the values themselves (values written alike share a text).
    None when a value is missing (:func:`as_text` writes those row by row)."""
    values = pd.Series(values)
    codes, first = first_rows(values)
    if (codes < 0).any():
        return None
    texts = np.asarray(values.iloc[first].astype(str).to_numpy(), dtype=object)
    written, position = np.unique(texts, return_inverse=True)
    return np.asarray(position).ravel()[codes].astype(np.int64), written


def as_text(values: pd.Series) -> np.ndarray:
    """``values.astype(str).to_numpy()``, each distinct value written once: a million group labels cost one
    factorize, not a million conversions (1.7 s for a million booleans under load). Missing values are
    written by ``astype(str)`` itself, as before."""
    values = pd.Series(values)
    codes, first = first_rows(values)
    out = np.append(np.asarray(values.iloc[first].astype(str).to_numpy(), dtype=object), None)[codes]  # -1: None
    missing = codes < 0
    if missing.any():
        out[missing] = values[missing].astype(str).to_numpy()
    return out


def first_rows(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(each row's code among the distinct values, -1 missing; the position of each distinct value's first row)."""
    codes = pd.factorize(values)[0]
    first = np.zeros(int(codes.max()) + 1 if len(codes) else 0, dtype=np.int64)
    where = np.flatnonzero(codes >= 0)[::-1]
    first[codes[where]] = where  # written last to first: each code keeps its first row
    return codes, first


def codes_of(values, classes: tuple) -> np.ndarray:
    """Each value's position in ``classes`` (-1 for a value that is not a class). Each distinct value is looked up
    once (:func:`core.columns.positions`): a million Arrow-string labels cost one factorize, not a million
    Python objects."""
    return positions(pd.Series(values), classes)


def class_rows(setting: Setting, y, predicted, proba, exact: bool, codes=None) -> pd.DataFrame:
    label = codes_of(y, setting.classes) if codes is None else codes[0]
    if (label < 0).any():
        unknown = pd.Series(y).to_numpy(dtype=object)[label < 0][0]
        raise InputError(f"The label {unknown!r} is not one of the model's classes {list(setting.classes)}: relabel "
                         "those rows or drop them.")
    decision = decisions(setting, codes_of(predicted, setting.classes) if codes is None else codes[1], proba)
    decision = np.where(decision < 0, len(setting.classes), decision)  # a decision outside the classes
    frame = pd.DataFrame({"label": label, "decision": decision, "rows": 1})
    if proba is None:
        frame["score"], frame["score_sum"], frame["log_loss"], frame["brier"] = -1.0, 0.0, 0.0, 0.0
        return frame
    if setting.task == "binary":
        score = proba[:, setting.positive]
        hit = (label == setting.positive).astype(float)
        brier = (score - hit) ** 2
    else:
        score = proba.max(axis=1)
        onehot = label[:, None] == np.arange(proba.shape[1])[None, :]
        brier = ((proba - onehot) ** 2).sum(axis=1)
    frame["score"] = score if exact else np.minimum(np.floor(score * SCORE_BINS), SCORE_BINS - 1) / SCORE_BINS
    frame["score_sum"], frame["log_loss"], frame["brier"] = score, clipped_log_loss(proba, label), brier
    return frame


def regression_rows(y: np.ndarray, predicted: np.ndarray, exact: bool) -> pd.DataFrame:
    error = y - predicted
    keys = (y, error) if exact else (significant(y), significant(error))
    return pd.DataFrame({"y_key": keys[0], "error_key": keys[1], "rows": 1, "absolute": np.abs(error),
                         "squared": error ** 2, "y_sum": y, "y_squared": y ** 2})


def significant(x: np.ndarray, digits: int = 4) -> np.ndarray:
    """``x`` rounded to ``digits`` significant digits: a bin that does not depend on the other rows."""
    magnitude = np.floor(np.log10(np.where(x == 0, 1.0, np.abs(x))))
    scale = 10.0 ** (digits - 1 - magnitude)
    return np.round(x * scale) / scale


def collapse(frame: pd.DataFrame, setting: Setting) -> pd.DataFrame:
    """One row per distinct key, sums added."""
    keys = setting.keys
    summed = frame.groupby(keys, sort=True, observed=True, dropna=False)[list(setting.sums)].sum()
    return summed.reset_index()


def collapse_binned(frame: pd.DataFrame, setting: Setting, written: list | None = None) -> pd.DataFrame:
    """:func:`collapse` of a classifier chunk whose scores are binned (above :data:`EXACT_ROWS`), grouped by one
    integer per row instead of by its keys: groups (by their sorted labels), label, decision and score bin
    written in one number whose order is the keys' order. The same cells, sums added by the same groupby in the
    same row order, so every number is the same; a key it cannot write so (a missing group label, a score that is
    not a finite bin, too many cells for one number) takes :func:`collapse`. ``written``: each group's
    :func:`text_codes`, when the frame has no group columns."""
    keys = setting.keys

    def plain() -> pd.DataFrame:
        for name, (codes, texts) in zip(setting.by, written or (), strict=written is not None):
            frame[name] = texts[codes]  # the texts as_text writes
        return collapse(frame, setting)

    parts = list(written) if written is not None else []  # per key: (codes, the value of each code)
    for name in setting.by if written is None else ():
        codes, uniques = pd.factorize(frame[name].to_numpy(), sort=True)
        if (codes < 0).any():
            return plain()
        parts.append((codes.astype(np.int64), np.asarray(uniques)))
    for name in keys[len(setting.by):-1]:  # label and decision: small class codes
        values = frame[name].to_numpy(dtype=np.int64)
        low = int(values.min()) if len(values) else 0
        parts.append((values - low, np.arange(low, int(values.max()) + 1 if len(values) else low + 1)))
    score = frame[keys[-1]].to_numpy(dtype=float)
    bins = np.rint(score * SCORE_BINS)
    if not np.isfinite(bins).all() or not len(bins):
        return plain()
    low = int(bins.min())
    parts.append(((bins - low).astype(np.int64), (np.arange(low, int(bins.max()) + 1) / SCORE_BINS)))
    sizes = [max(len(u), 1) for _, u in parts]
    if float(np.prod(np.array(sizes, dtype=float))) >= 2.0 ** 62:
        return plain()
    key = np.zeros(len(frame), dtype=np.int64)
    for (codes, _), size in zip(parts, sizes, strict=True):
        key = key * size + codes
    summed = frame[list(setting.sums)].groupby(key, sort=True).sum()
    present = summed.index.to_numpy(dtype=np.int64)
    out = {}
    for name, (_codes, uniques), size in reversed(list(zip(keys, parts, sizes, strict=True))):
        out[name] = uniques[present % size]
        present = present // size
    columns = {name: out[name] for name in keys} | {c: summed[c].to_numpy() for c in setting.sums}
    return pd.DataFrame(columns, index=pd.RangeIndex(len(summed)))
