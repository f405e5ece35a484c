"""Private columns: their row-level values never leave the engine (DESIGN.md, "Trust").

Results keep every value (the engine needs them); each output path (words, figures, report
tables, the JSON writer, pages) passes what it shows through the functions here. The columns
hidden are those of the innermost :func:`hiding` block (the report) or of :func:`hide` (a page,
which sets them once per run). A private column's name and its aggregate numbers (importance)
still show; its values, and conditions naming a value, do not.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np
import pandas as pd

HIDDEN = "(private)"
MIN_ROWS = 20  # a slice on a private column is shown only when it covers at least this many rows
VALUE_KEYS = {"value", "values", "from", "to", "was", "now", "example", "examples", "original", "changed", "raw",
              "feature_value", "x", "reference_values", "current", "flip_value", "old", "new"}  # keys of a record about one column that carry its row-level values
COLUMN_KEYS = ("column", "feature", "name")

_ACTIVE: ContextVar[dict | None] = ContextVar("trustboard_private_columns", default=None)


def _hidden() -> dict:
    """Private column -> (its values, their span) hidden now."""
    return _ACTIVE.get() or {}


def columns() -> frozenset:
    """The columns hidden now."""
    return frozenset(_hidden())


def _known(names, data) -> dict:
    """Private column -> the set of its values in ``data`` (empty when not a column of it)."""
    found = {}
    for name in map(str, names or ()):
        values = data[name].dropna().tolist() if data is not None and name in data.columns else []
        values = [v.item() if hasattr(v, "item") else v for v in values]
        numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
        span = (min(numbers), max(numbers)) if numbers else None  # a counterfactual cell lies in the range
        found[name] = (frozenset([*values, *map(str, values)]), span)
    return found


def hide(names, data=None) -> None:
    """Hide ``names`` (columns of ``data``) from here on in this context (a page calls it on every run)."""
    _ACTIVE.set(_known(names, data))


@contextmanager
def hiding(names, data=None):
    """Hide ``names`` (columns of ``data``) inside the block (a report), then restore what was hidden."""
    token = _ACTIVE.set(_known(names, data))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def is_private(column) -> bool:
    return str(column) in _hidden()


def value(column, item):
    """``item`` unless ``column`` is private, then the placeholder :data:`HIDDEN`."""
    return HIDDEN if is_private(column) else item


def shown(column, item, fmt=str) -> str:
    """``fmt(item)``, or :data:`HIDDEN` when ``column`` is private (words and figures format values through it)."""
    return HIDDEN if is_private(column) else fmt(item)


def label(column, text: str) -> str:
    """A label "column = value" (already formatted as ``text``) with the value hidden for a private column."""
    return f"{column} = {HIDDEN}" if is_private(column) else text


def frame(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with the values of private columns hidden: columns named after one, and the value cells
    of rows that are about one (a "feature"/"column" cell naming it)."""
    hidden = _hidden()
    if not hidden or not isinstance(table, pd.DataFrame):
        return table
    out = table.copy()
    for column in out.columns:
        if str(column) in hidden:
            out[column] = HIDDEN
    for key in [k for k in COLUMN_KEYS if k in out.columns]:
        about = out[key].astype(str).isin(hidden)
        if about.any():
            for column in [c for c in out.columns if str(c).lower() in VALUE_KEYS]:
                out[column] = out[column].astype(object)
                out.loc[about, column] = HIDDEN
    return out


SMALL_GROUPS = f"small groups (under {MIN_ROWS} rows each; private)"


def small_groups(column, labels: pd.Series, source: pd.Series | None = None) -> pd.Series:
    """Group labels (a private column's values) with the groups under :data:`MIN_ROWS` rows of ``source``
    (default ``labels``) named together as :data:`SMALL_GROUPS`; other columns' labels unchanged."""
    if not is_private(column):
        return labels
    counts = (labels if source is None else source).value_counts()
    small = counts.index[counts < MIN_ROWS]
    return labels.where(~labels.isin(small), SMALL_GROUPS)


def coarse(bound: float, up: bool, column=None) -> float:
    """A bound rounded outward to a round step: a tenth to a hundredth of the private ``column``'s span
    when known, else two significant digits of the bound."""
    known = _hidden().get(str(column)) if column is not None else None
    span = known[1] if known else None
    width = abs(span[1] - span[0]) if span else abs(bound)
    if not math.isfinite(bound) or not width:
        return bound
    step = 10 ** (math.floor(math.log10(width)) - 1)
    rounded = (math.ceil if up else math.floor)(bound / step) * step
    return int(rounded) if step >= 1 else round(rounded, 12)


def conditions(conds, size: int | None = None):
    """Slice conditions ``(column, op, value)`` fit to show, or None to leave the slice out.

    A condition on a private column keeps its name and a coarse range ("<" rounded up, ">=" down);
    equality with a private value, or a slice under :data:`MIN_ROWS` rows, is left out.
    """
    hidden = _hidden()
    if not hidden or not any(str(c) in hidden for c, _, _ in conds):
        return list(conds)
    if size is not None and size < MIN_ROWS:
        return None
    out = []
    for column, op, item in conds:
        if str(column) in hidden:
            if op not in ("<", ">=") or not isinstance(item, (int, float)):
                return None
            item = coarse(float(item), up=op == "<", column=column)
        out.append((column, op, item))
    return out


def slices(table: pd.DataFrame, describe=None) -> pd.DataFrame:
    """A slices table (columns ``conditions``, ``size``, ``slice``, ``query``) fit to show: slices on a private
    column coarsened (their text rewritten by ``describe``) or left out (see :func:`conditions`)."""
    if not _hidden() or not isinstance(table, pd.DataFrame) or "conditions" not in table.columns or table.empty:
        return table
    describe = describe or condition_text
    kept = [conditions(c, s) for c, s in zip(table["conditions"], table.get("size", [None] * len(table)), strict=True)]
    out = table.loc[np.array([k is not None for k in kept], dtype=bool)].copy()
    changed = [list(k) != list(c) for k, c in zip([k for k in kept if k is not None], out["conditions"], strict=True)]
    out["conditions"] = [k for k in kept if k is not None]
    for column, text in (("slice", lambda c: describe(c)), ("query", lambda c: HIDDEN)):
        if column in out.columns:
            out[column] = [text(c) if ch else old for c, ch, old in zip(out["conditions"], changed, out[column], strict=True)]
    return out


def condition_text(conds) -> str:
    """Conditions as "column op value" joined by "and" (coarse bounds as about two significant digits)."""
    return " and ".join(f"{c} = {v}" if op == "==" else f"{c} {op} {v:,.6g}" for c, op, v in conds)


def record(data):
    """JSON-safe values (from ``to_dict``) with private values hidden: keys naming a private column
    (a row as a record), value keys of records about one, and slice conditions on one."""
    hidden = _hidden()
    if not hidden:
        return data
    if isinstance(data, list):
        if data and all(_is_condition(c) for c in data) and any(str(c[0]) in hidden for c in data):
            kept = conditions([tuple(c) for c in data])
            return HIDDEN if kept is None else [list(c) for c in kept]
        masked = [(v, record(v)) for v in data]
        return [r for v, r in masked if r is not None or not isinstance(v, dict)]  # a slice left out
    if not isinstance(data, dict):
        return data
    if _is_condition_list(data.get("conditions")):
        data = _slice_record(data)
        if data is None:
            return None
    about = any(str(data.get(k)) in hidden for k in COLUMN_KEYS if isinstance(data.get(k), str))
    return {k: HIDDEN if (_holds(k, v) or (about and k.lower() in VALUE_KEYS)) else record(v) for k, v in data.items()}


def _holds(column, item) -> bool:
    """True when ``item`` may be a value of private ``column``: one of its values, or a number in its range
    (a row's cell, a counterfactual's; an importance outside the range is not)."""
    known = _hidden().get(str(column))
    if known is None or isinstance(item, (dict, list)) or item is None:
        return False
    values, span = known
    if not values or item in values or str(item) in values:
        return True
    number = isinstance(item, (int, float)) and not isinstance(item, bool)
    return number and span is not None and span[0] <= item <= span[1]


def _slice_record(data: dict) -> dict | None:
    """A slice as values ({"conditions": [...], "slice": text, ...}) coarsened, or None to leave it out."""
    conds = [tuple(c) for c in data["conditions"]]
    kept = conditions(conds, data.get("size") if isinstance(data.get("size"), int) else None)
    if kept is None:
        return None
    if kept == conds:
        return data
    out = {**data, "conditions": [list(c) for c in kept]}
    for key in ("slice", "query", "text", "description"):
        if key in out:
            out[key] = condition_text(kept) if key == "slice" else HIDDEN
    return out


def _is_condition_list(item) -> bool:
    return isinstance(item, list) and bool(item) and all(_is_condition(c) for c in item)


def _is_condition(item) -> bool:
    return isinstance(item, (list, tuple)) and len(item) == 3 and item[1] in ("==", "<", ">=", "!=", "<=", ">")


def note() -> str:
    """The sentence a report or page shows about its private columns ("" when none)."""
    hidden = sorted(_hidden())
    if not hidden:
        return ""
    names = ", ".join(hidden)
    return (f"Private columns: {names}. Their row-level values are hidden everywhere; they are still explained "
            "in aggregate (importance, the shape of their effect).")
