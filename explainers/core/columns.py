"""Group rows by a column: categories as they are, numbers in quantile bins with readable names
("under 27", "27-32", "42 and over"; "unter 27", "27–32", "ab 42" in German) for per-group views; and each row's
position in a list of values.

A bin's name is written in the language in force when the groups are made (explainers.core.language), like any
sentence written into a result: a German build groups its rows "unter 27", an English one "under 27" (English
unchanged). Groups made to be matched later (a fitted predictor's per-group keys, a Dask partition's tally) must be
made in the same language as the groups they are matched with: pass ``lang``."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from . import privacy
from .errors import InputError, preview
from .language import _, current, number, use_language


def group_labels(values: pd.Series, bins: int = 4, reference: pd.Series | None = None,
                 lang: str | None = None) -> pd.Series:
    """A label per row: the category, or the quantile bin (edges from ``reference``, default the values), the bin
    named in ``lang`` (default: the language in force)."""
    source = values if reference is None else reference  # decide and bin by the reference, so a batch of
    if not pd.api.types.is_numeric_dtype(source) or source.nunique() <= bins * 2:  # one row gets its group
        return privacy.small_groups(values.name, values.astype(str), source.astype(str))
    edges = source.quantile([i / bins for i in range(1, bins)]).tolist()
    whole = bool(np.all(np.mod(source.dropna().to_numpy(dtype=float), 1) == 0))
    if privacy.is_private(values.name):  # a private column's bins have coarse edges, never a row's value
        edges = [privacy.coarse(e, up=False, column=values.name) for e in edges]
    inner = sorted({_round(math.ceil(e) if whole else e) for e in edges if np.isfinite(e)})
    names = bin_names(inner, whole, lang)
    cut = pd.cut(values.astype(float), [-np.inf, *inner, np.inf], right=False, labels=names)
    return cut.astype(str)


def bin_names(inner: list[float], whole: bool, lang: str | None = None) -> list[str]:
    """Names of the bins ``[-inf, e1), [e1, e2), ..., [ek, inf)``: "under e1", "e1-e2" (whole numbers:
    e1 to e2 - 1) or "e1 to under e2", "ek and over", in ``lang`` (default: the language in force), edges
    written the local way (1,500 / 1.500 / 1 500)."""
    with use_language(lang or current()):
        # Translators: the name of the lowest group of a numeric column cut into bins, e.g. "under 27".
        names = [_("under {edge}", edge=_text(inner[0]))]
        for low, high in itertools.pairwise(inner):
            if whole:
                last = high - 1
                # Translators: a group of whole numbers from {low} to {high}, both included, e.g. "27-32".
                names.append(_text(low) if last == low else _("{low}-{high}", low=_text(low), high=_text(last)))
            else:
                # Translators: a group of numbers from {low} (included) up to {high} (not included).
                names.append(_("{low} to under {high}", low=_text(low), high=_text(high)))
        # Translators: the name of the highest group of a numeric column cut into bins, e.g. "42 and over".
        return names + [_("{edge} and over", edge=_text(inner[-1]))]


def _round(edge: float, digits: int = 3) -> float:
    """An edge rounded to ``digits`` significant digits (bins are cut at the rounded edge, so names stay true)."""
    if edge == 0:
        return 0.0
    return round(edge, digits - 1 - math.floor(math.log10(abs(edge))))


def _text(edge: float) -> str:
    """A bin's edge: 1,500 and 0.25 in English (as always), 1.500 and 0,25 in German, 1 500 and 0,25 in French."""
    if current() != "en":
        return number(edge)  # edges carry 3 significant digits (_round), so the local number is exact
    return f"{edge:,.0f}" if float(edge).is_integer() else f"{edge:,.6g}"


def positions(values: pd.Series, items) -> np.ndarray:
    """Each value's position in ``items`` (-1 when absent or missing). Each distinct value is looked up
    once: a million Arrow-backed strings cost one factorize, not a million lookups."""
    per_row, distinct = pd.factorize(values)
    return np.append(pd.Index(list(items)).get_indexer(distinct), -1)[per_row]


def class_positions(labels: pd.Series, classes) -> np.ndarray:
    """Each label's column among the model's ``classes`` (its probability column); a label that is not a
    class is an InputError naming it."""
    found = positions(labels, classes)
    if (found < 0).any():
        raise InputError(f"Label {labels.iloc[np.flatnonzero(found < 0)[0]]!r} is not one of the model's classes "
                         f"{preview(classes)}: check the target column.")
    return found


def is_unseen(values: pd.Series, seen) -> pd.Series:
    """True for each row whose value is present but not among ``seen``, the categories the model learnt: the
    one test of "a category the model never saw", for data health, the loading notes and refused predictions."""
    return values.notna() & ~values.isin(list(seen))
