"""What runs on the workers, one partition at a time: score it once, then add up what each result needs.

A scored partition is a dict: ``X`` (the model's input columns), ``y`` (labels or None),
``predicted``, ``proba`` (or None), ``index`` (the partition's number) and ``worker`` (its address).
Every function here takes one and returns values that add up over partitions (:func:`add`).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from ..core.errors import DataError
from .frames import check_partition


def score(part: pd.DataFrame, model, columns: list, target, expected: dict, index: int, categories: dict,
          predict_all) -> dict:
    """Check a partition's schema and run the model once over it: ``predict_all(model, X, y, categories)`` is
    io's call for a single table, passed in (scale sits below io and imports none of it)."""
    from distributed import get_worker

    check_partition(part, expected, index)
    y = None if target is None else part[target]
    X = part[columns]
    if len(X) == 0:
        return {"X": X, "y": y, "predicted": pd.Series([], dtype=object), "proba": None, "index": index,
                "worker": get_worker().address, "task": None, "classes": None}
    predicted, proba, task, classes = predict_all(model, X, y, categories)
    return {"X": X, "y": y, "predicted": predicted, "proba": proba, "index": index, "worker": get_worker().address,
            "task": task, "classes": classes}


def summary(part: dict) -> dict:
    """Rows, labels per value, missing labels, the model's task and classes, and where this ran."""
    y = part["y"]
    labels = {} if y is None else {k: int(v) for k, v in y.value_counts().items()}
    return {"rows": len(part["X"]), "labels": labels, "missing_labels": 0 if y is None else int(y.isna().sum()),
            "workers": {part["worker"]}, "tasks": {part["task"]} - {None},
            "classes": {part["classes"]} - {None}}


MAX_STRATA = 100  # labels with more values than this are sampled as one stratum


def sample(part: dict, share: float, seed: int) -> pd.DataFrame:
    """The same share of each label's rows of this partition (seeded), with predictions and probabilities.

    Labels with many values (a regression target) are not strata: every row would be its own stratum of one,
    rounded down to none; their rows are sampled as one stratum."""
    rng = np.random.default_rng([seed, part["index"]])
    y = part["y"]
    by_label = y is not None and y.nunique() <= MAX_STRATA
    strata = [np.flatnonzero((y == v).to_numpy()) for v in y.unique()] if by_label else [np.arange(len(part["X"]))]
    keep = np.sort(np.concatenate([rng.choice(s, round(len(s) * share), replace=False) for s in strata]
                                  + [np.zeros(0, int)]))
    frame = part["X"].iloc[keep].copy()
    frame["__predicted__"] = part["predicted"].iloc[keep].to_numpy()
    if y is not None:
        frame["__label__"] = y.iloc[keep].to_numpy()
    if part["proba"] is not None:
        for i, column in enumerate(part["proba"].columns):
            frame[f"__proba_{i}__"] = part["proba"][column].iloc[keep].to_numpy()
    return frame


def add(a, b):
    """Sum of two partitions' aggregates: numbers and arrays add, sets unite, dicts add key by key."""
    if isinstance(a, dict):
        return {k: add(a[k], b[k]) if k in a and k in b else a.get(k, b.get(k)) for k in {*a, *b}}
    if isinstance(a, (set, frozenset)):
        return a | b
    return a + b


def fold(fn, parts: list, *args):
    """``fn(part, *args)`` of each part added up one at a time (``fn`` None: the parts are partial sums)."""
    return functools.reduce(add, (part if fn is None else fn(part, *args) for part in parts))


def no_missing_labels(total: dict, target) -> None:
    if total["missing_labels"]:
        raise DataError(f"Target {target!r} is missing in {total['missing_labels']} rows of the data. "
                        "Fill or drop those rows.")
