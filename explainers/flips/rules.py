"""The constraints of one counterfactual query, checked and compiled: immutable columns, ranges,
directions, forbidden values and costs (``actionability``), and linked columns.

``actionability`` has the sidecar's shape, ``{"checking_account": {"forbid": ["none"]},
"credit_amount": {"cost": 2}}``: ``forbid`` lists values a counterfactual never moves a column to,
``cost`` weighs a change of that column (how hard it is for the person; default 1). Every mistake
is an InputError naming the column or value.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.errors import InputError, preview
from ..core.words import plain
from . import pool as counterfactual_pool
from .links import chosen_links, empty_columns, link_rules
from .search import Constraints

ACTIONS = ("forbid", "cost")


def constraints(case: Case, x: pd.DataFrame, immutable=None, ranges=None, directions=None, actionability=None,
                links=None) -> Constraints:
    """Checked constraints for row ``x`` (defaults: the sidecar's immutables and actionability, the
    data's ranges and links)."""
    immutable = set(case.metadata.immutable if immutable is None else immutable)
    _check_columns(case, immutable, ranges, directions)
    forbidden, cost = parse_actionability(case, actionability)
    rules = link_rules(case, chosen_links(case, links))
    low, high, allowed = {}, {}, {}
    observed = counterfactual_pool.columns(case).observed
    for column in case.X.columns:
        given = (ranges or {}).get(column)
        if case.feature_kinds[column] == "categorical":
            values = list(given) if given is not None else list(case.categories.get(column) or
                                                                 case.X[column].dropna().unique())
            allowed[column] = [v for v in values if v not in forbidden.get(column, ())]
            continue
        lo, hi = observed[column] if given is None else _bounds(column, given, observed[column])
        value = x[column].iloc[0]
        way = (directions or {}).get(column)
        known = not pd.isna(value)
        low[column] = max(lo, value) if way == "increase" and known else lo
        high[column] = min(hi, value) if way == "decrease" and known else hi
    empty = set(empty_columns(case))  # no value to move it to: the search never tries it
    mutable = [c for c in case.X.columns if c not in immutable and c not in rules.determined and c not in empty]
    return Constraints(mutable, low, high, allowed, given=frozenset(ranges or {}), forbidden=forbidden, cost=cost,
                       immutable=frozenset(immutable), links=rules if rules.links else None)


def _check_columns(case: Case, immutable: set, ranges, directions) -> None:
    unknown = [c for c in [*immutable, *(ranges or {}), *(directions or {})] if c not in case.X.columns]
    if unknown:
        raise InputError(f"Constraints name columns that are not in the data: {preview(unknown)}.")
    bad_words = {c: w for c, w in (directions or {}).items() if w not in ("increase", "decrease")}
    if bad_words:
        raise InputError(f"Directions must be 'increase' or 'decrease'; got {bad_words}.")
    worded = [c for c in (directions or {}) if case.feature_kinds[c] == "categorical"]
    if worded:
        raise InputError(f"Directions apply to numbers; {preview(worded)} hold categories. List the categories "
                         "they may take in ranges instead.")


def _bounds(column: str, given, observed: tuple) -> tuple:
    """A user's (low, high) for a numeric column; a blank (None or NaN) end means the data's own."""
    if isinstance(given, str) or not hasattr(given, "__len__") or len(given) != 2:
        raise InputError(f"The range for {column!r} must be (lowest, highest); got {given!r}.")
    lo, hi = (observed[i] if given[i] is None or pd.isna(given[i]) else given[i] for i in (0, 1))
    if lo > hi:
        raise InputError(f"The range for {column!r} runs from {lo} down to {hi}; the lowest must not exceed the highest.")
    return lo, hi


def actionability_of(case: Case, actionability=None) -> dict:
    """The actionability in force: the one given, else the sidecar's (``metadata.actionability``)."""
    if actionability is None:
        actionability = case.metadata.actionability
    if not isinstance(actionability, dict):
        raise InputError(f"actionability must map columns to {{'forbid': [...], 'cost': n}}; got {actionability!r}.")
    return actionability


def parse_actionability(case: Case, actionability=None) -> tuple[dict, dict]:
    """(column -> forbidden values, column -> cost) from ``actionability``, every entry checked."""
    forbidden, cost = {}, {}
    for column, rule in actionability_of(case, actionability).items():
        if column not in case.X.columns:
            raise InputError(f"actionability names a column that is not in the data: {column!r}.")
        if not isinstance(rule, dict) or set(rule) - set(ACTIONS):
            raise InputError(f"actionability for {column!r} takes 'forbid' (a list of values) and 'cost' (a number "
                             f"of at least 0); got {rule!r}.")
        if rule.get("forbid"):
            forbidden[column] = _forbidden(case, column, rule["forbid"])
        if "cost" in rule:
            cost[column] = _cost(column, rule["cost"])
    return forbidden, cost


def _forbidden(case: Case, column: str, values) -> set:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        values = [values]
    values = [plain(v) for v in values]
    if case.feature_kinds[column] != "categorical":
        bad = [v for v in values if not isinstance(v, numbers.Real) or isinstance(v, bool) or not np.isfinite(v)]
        if bad:
            raise InputError(f"{column!r} holds numbers; forbidden values {preview(bad)} are not numbers.")
        return set(values)
    known = [plain(v) for v in (case.categories.get(column) or pd.unique(case.X[column].dropna()))]
    unknown = [v for v in values if v not in known]
    if unknown:
        raise InputError(f"Forbidden values {preview(unknown)} are not categories of {column!r} "
                         f"(its categories: {preview(known)}).")
    if set(known) <= set(values):
        raise InputError(f"actionability forbids every value of {column!r}; mark it immutable instead.")
    return set(values)


def _cost(column: str, cost) -> float:
    if not isinstance(cost, numbers.Real) or isinstance(cost, bool) or not np.isfinite(cost) or cost < 0:
        raise InputError(f"The cost of changing {column!r} must be a number of at least 0; got {cost!r}.")
    return float(cost)
