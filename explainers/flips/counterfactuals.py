"""``counterfactuals`` and ``flip_points``: the smallest realistic changes to a row that change the
model's decision.

The search itself (batched model calls) is in :mod:`.search`; the real rows with the wanted
decision, for borrowed values and plausibility, in :mod:`.pool`; the constraints in :mod:`.rules`
and linked columns in :mod:`.links`. This module sets the goal, ranks what was found and checks it.

Every returned row is a row the model itself scored during the search (``predict``, or
``predict_proba`` when the model's predictions are the arg-max of its probabilities on every row
of the data) and is checked against every constraint before it is returned. Ranking: least
effort (the cost-weighted count of changed columns), then smallest cost-weighted MAD-scaled L1
distance; then different sets of changed columns. Plausibility: the distance to the nearest real
row with the wanted decision, as a percentile of those real rows' own nearest-neighbour distances.

With ``threshold`` (a binary classifier with probabilities), every decision (the row's now, the
trials', the real rows') is the measures layer's :func:`~explainers.core.measures.decide` at that
threshold: the decision the person sees on every page.
"""

from __future__ import annotations

import numbers
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.errors import InputError, preview
from ..core.language import N_, _, shortest
from ..core.measures import decide, decisions, setting_of
from ..core.memo import per_case
from ..core.result import Result
from ..core.words import plain
from . import pool as counterfactual_pool
from .links import empty_columns, linked_columns
from .pool import POOL_LIMIT
from .rules import constraints
from .sample import sample_phrase
from .search import MAX_CHANGES, NEIGHBOURS, Search, Tried, decides_at, meets, undominated

__all__ = ["Counterfactuals", "FlipPoints", "counterfactuals", "flip_points", "NEIGHBOURS", "POOL_LIMIT"]

OUTPUTS = ["prediction", "score", "features_changed", "distance", "nearest_real", "nearest_real_percentile"]
PLAUSIBILITY_NOTE = N_("Plausibility is a distance to real rows, not a judgement of feasibility: a row near real "
                       "ones can still be a change the person cannot make.")  # translated when a result is made


@dataclass(frozen=True)
class Counterfactuals(Result):
    """Changed copies of one row that the model decides otherwise, best first.

    ``rows``: the input columns of each changed row, then ``prediction`` and ``score`` (the
    model's, re-predicted), ``features_changed``, ``distance`` (cost-weighted MAD-scaled L1 from
    the row), ``nearest_real`` (MAD-scaled L1 to the nearest real row with the wanted decision) and
    ``nearest_real_percentile`` (where that distance falls among those real rows' own
    nearest-neighbour distances, 0-100). ``changes``: per returned row, its changed cells as
    ``(column, old, new)``. ``goal``: what the decision had to become. ``original``: the row's
    values. ``immutable``, ``links``, ``actionability``: the constraints in force. ``message``:
    what was tried, when nothing was found. ``threshold``: the decision threshold the rows were
    decided at (None: the model's own decisions). ``now``: the row's decision before any change.
    """

    rows: pd.DataFrame
    changes: tuple = ()
    goal: dict = field(default_factory=dict)
    original: dict = field(default_factory=dict)
    immutable: tuple = ()
    links: tuple = ()
    actionability: dict = field(default_factory=dict)
    message: str = ""
    threshold: float | None = None
    now: object = None

    @property
    def empty(self) -> bool:
        return self.rows.empty

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class FlipPoints(Result):
    """Per mutable column alone, the nearest permitted value that flips the decision.

    ``points``: feature, current, flip_value (None when none), prediction, reason
    ("flips", "no_other_value" or "no_single_flip"), moves_with (the linked columns' new values
    as (column, value) pairs); flipping columns first. ``threshold`` and ``now`` as for
    :class:`Counterfactuals`.
    """

    points: pd.DataFrame
    goal: dict = field(default_factory=dict)
    threshold: float | None = None
    now: object = None


def counterfactuals(case: Case, row, immutable=None, ranges=None, count: int = 3, directions=None,
                    target=None, random_state: int = 0, actionability=None, links=None,
                    threshold: float | None = None) -> Counterfactuals:
    """Up to ``count`` changed copies of ``row`` (an index label or a one-row DataFrame) with another decision.

    ``immutable``: columns never changed (default: the sidecar's). ``ranges``: column ->
    (low, high) for numbers or a list of categories (default: what the data shows).
    ``directions``: column -> "increase" or "decrease". ``target``: the wanted class
    (default: binary, the other class; multiclass, any other) or, for regression, a
    (low, high) range the prediction must enter or one threshold it must cross.
    ``actionability``: column -> {"forbid": [values], "cost": weight} (default: the sidecar's).
    ``links``: linked columns, as :class:`~explainers.flips.links.Link` or (column, column) pairs
    (default: those the data shows, see :func:`~explainers.flips.links.linked_columns`).
    ``threshold``: a binary classifier's decision threshold on the positive class's probability; the
    row's decision now and every changed row's are made at it (None: the model's own decisions).
    Returns a :class:`Counterfactuals` (``message`` says what was tried when nothing is found).
    """
    if not isinstance(count, numbers.Integral) or count < 1:
        raise InputError(f"count must be a whole number of at least 1; got {count!r}.")
    search = _search(case, row, target, random_state, threshold=threshold, immutable=immutable, ranges=ranges,
                     directions=directions, actionability=actionability, links=links)
    rows, changes = _finish(search, search.run(count), count)
    frozen = tuple(c for c in case.X.columns if c not in search.rules.mutable)
    # Translators: "immutable" columns are those a counterfactual may never change (e.g. age).
    message = "" if len(rows) else _(
        "No change within the constraints flips the decision. Tried every single column over a grid of its "
        "permitted values, combinations of up to {most} columns at their most promising values, and the "
        "{neighbours} nearest rows that have the wanted outcome; immutable: {frozen}. Loosen the ranges or free "
        "columns.", most=MAX_CHANGES, neighbours=NEIGHBOURS, frozen=preview(sorted(frozen)) or _("none"))
    method = _("Batched search over single columns, pairs and the {neighbours} nearest real rows with the wanted "
               "outcome; every row re-predicted by the model and checked against the constraints",
               neighbours=NEIGHBOURS) + _at(search) + sample_phrase(case)
    return Counterfactuals(rows=rows, changes=changes, goal=_goal_values(search.goal),
                           original={c: plain(v) for c, v in search.original.items()},
                           immutable=tuple(sorted(search.rules.immutable)), links=_links(search),
                           actionability=_actionability(search.rules), message=message, method=method,
                           approximate=True, notes=(_(PLAUSIBILITY_NOTE), *_left_out(case)), threshold=search.threshold,
                           now=plain(search.now))


def _left_out(case: Case) -> tuple:
    """The links' notes when a column is empty in every row: the result itself says it was left out (the links
    are found only then, so a search with links of its own costs nothing more)."""
    return linked_columns(case).notes if empty_columns(case) else ()


def _at(search: Search) -> str:
    """", decided at threshold 0.215" when a threshold decides, else nothing."""
    return "" if search.threshold is None else _(", decided at threshold {threshold}",
                                                  threshold=shortest(search.threshold))


def _links(search: Search) -> tuple:
    return () if search.rules.links is None else search.rules.links.links


def _actionability(rules) -> dict:
    """The forbidden values and costs in force, in the sidecar's shape."""
    out = {c: {"forbid": sorted(v, key=str)} for c, v in rules.forbidden.items()}
    for column, cost in rules.cost.items():
        out.setdefault(column, {})["cost"] = cost
    return out


def _goal_values(goal) -> dict:
    """The search's goal tuple as named values (for JSON and words)."""
    if goal[0] == "range":
        return {"kind": "range", "low": goal[1], "high": goal[2]}
    return {"kind": "class" if goal[0] == "class" else "other_than", "class": plain(goal[1])}


def _search(case: Case, row, target, random_state: int, force_into_ranges: bool = True, threshold=None,
            **options) -> Search:
    threshold = decides_at(case, threshold)
    x = _row(case, row)
    rules = constraints(case, x, **options)
    known = not isinstance(row, pd.DataFrame)  # a row of the data: its decision follows from what was stored at load
    current = _decided(case, threshold).loc[row] if known else _decision(case, x, threshold)
    goal = _goal(case, current, target)
    return Search(case, x, rules, goal, _pool(case, goal, random_state, threshold), force_into_ranges, threshold,
                  now=current)


def _decision(case: Case, x: pd.DataFrame, threshold: float | None):
    """A new row's decision: at ``threshold`` by the judge's rule, else the model's own prediction."""
    if threshold is None:
        return case.model.predict(x)[0]
    s = setting_of(case, threshold)
    proba = np.asarray(case.model.predict_proba(x), dtype=float)
    return s.classes[decisions(s, np.zeros(len(proba), dtype=np.int64), proba)[0]]


def _pool(case: Case, goal, random_state: int, threshold: float | None = None) -> counterfactual_pool.Pool:
    """Real rows with the wanted decision (at ``threshold``), from the case's stored predictions (no new model
    calls)."""
    return counterfactual_pool.pool(case, goal, lambda: _wanted(goal, _decided(case, threshold)), random_state,
                                    threshold)


DECIDED_KEPT = 2  # thresholds per case whose decisions stay cached (a threshold slider must not fill memory)


def _decided(case: Case, threshold: float | None) -> pd.Series:
    """Every row's decision at ``threshold`` (:func:`decide`), made once per case and threshold: each query
    reads its row's decision now and its pool's rows from it. Only the DECIDED_KEPT latest thresholds are kept."""
    kept = per_case(case, "decided", OrderedDict)
    if threshold in kept:
        kept.move_to_end(threshold)
        return kept[threshold]
    found = kept[threshold] = decide(case, threshold)
    while len(kept) > DECIDED_KEPT:
        kept.popitem(last=False)
    return found


def _wanted(goal, decided: pd.Series) -> np.ndarray:
    """``meets(goal, ...)`` for every row, judged once per distinct decision (a million Arrow-string decisions
    cost one factorize, not a million Python objects); numbers (a regression's range) and missing decisions
    are judged row by row, as they were."""
    if goal[0] == "range":
        return meets(goal, decided.to_numpy())
    codes, distinct = pd.factorize(decided)
    if (codes < 0).any():
        return meets(goal, decided.to_numpy())
    return np.asarray(meets(goal, np.asarray(distinct, dtype=object)), dtype=bool)[codes]


def _row(case: Case, row) -> pd.DataFrame:
    if isinstance(row, pd.DataFrame):
        missing = [c for c in case.X.columns if c not in row.columns]
        if missing or len(row) != 1:
            raise InputError(f"Pass one row with the model's columns; missing: {preview(missing)}.")
        empty = [c for c in case.X.columns if row[c].isna().any()]
        if empty:
            raise InputError(f"The row has no value for {preview(empty)}; fill them in to search for changes.")
        return row[list(case.X.columns)].astype(case.X.dtypes.to_dict())
    if row not in case.X.index:
        raise InputError(f"Row {row!r} is not in the data.")
    return case.X.loc[[row]]


def _goal(case: Case, current, target):
    if case.task == "regression":
        if isinstance(target, numbers.Real) and not isinstance(target, bool):
            above = float(target) > float(current)  # a threshold: the prediction must cross it
            return ("range", float(target), np.inf) if above else ("range", -np.inf, float(target))
        if target is None or len(target) != 2:
            raise InputError("For a regression model, give target=(low, high), the range the prediction must "
                             "enter, or one number, the threshold it must cross.")
        low, high = float(target[0]), float(target[1])
        if low <= float(current) <= high:
            raise InputError(f"The model already predicts {float(current):,.4g}, inside the wanted range "
                             f"({low:,.4g}, {high:,.4g}); choose a range it does not reach yet.")
        return ("range", low, high)
    if target is not None:
        if target not in case.classes:
            raise InputError(f"Target class {target!r} is not one of {preview(case.classes)}.")
        if target == current:
            raise InputError(f"The model already predicts {target!r} for this row.")
        return ("class", target)
    return ("not", current)


def _finish(search: Search, found: list[Tried], count: int) -> tuple[pd.DataFrame, tuple]:
    """Rank, pick diverse rows, check them; the rows re-predicted and their changes as values."""
    case, original = search.case, search.original
    columns = [*case.X.columns, *OUTPUTS]
    found = undominated([t for t in found if t.changes and t.valid])
    found.sort(key=lambda t: (search.effort(t.changes), search.distance(t.changes)))
    chosen = [found[i] for i in _diverse([frozenset(t.changes) for t in found], count)]
    # never show an unchecked row: each was scored by the model in the search (see Judge) and is
    # checked here against the goal and every constraint once more
    chosen, predicted = search.confirm([t for t in chosen if _within_rules(search, t)])
    if not chosen:
        return pd.DataFrame(columns=columns), ()
    inputs = search.frame([t.changes for t in chosen])
    predicted = np.array(predicted, dtype=object)
    if case.task == "regression":
        predicted = predicted.astype(float)
    result = inputs.copy()
    result["prediction"] = predicted
    result["score"] = _score(case, inputs, predicted, chosen)
    result["features_changed"] = [len(t.changes) for t in chosen]
    result["distance"] = [search.distance(t.changes) for t in chosen]
    result["nearest_real"], result["nearest_real_percentile"] = search.pool.plausibility(inputs)
    changes = tuple(tuple((c, plain(original[c]), plain(t.changes[c])) for c in case.X.columns if c in t.changes)
                    for t in chosen)
    return result[columns], changes


def _within_rules(search: Search, trial: Tried) -> bool:
    """No immutable column changed, each change to a permitted value (integers whole), linked columns
    consistent, and every value outside a user's range moved inside."""
    rules = search.rules
    if any(column in rules.immutable for column in trial.changes):
        return False
    for column, value in trial.changes.items():
        if not search.permitted(column, value):
            return False
        if search.case.feature_kinds[column] == "integer" and float(value) != round(float(value)):
            return False
    if rules.links is not None and not rules.links.holds(trial.changes, search.original):
        return False
    return all(column in trial.changes for column in search.forced)


def _diverse(sets: list[frozenset], count: int) -> list[int]:
    """Best-first: first rows whose set of changed columns is new and adds nothing to a shown one, then
    rows with any set not shown yet, and only then another value of a shown set."""
    picked = []
    tests = (lambda s, shown: not any(t <= s for t in shown), lambda s, shown: s not in shown, lambda s, shown: True)
    for admits in tests:
        for i, s in enumerate(sets):
            if len(picked) == count:
                return picked
            if i not in picked and admits(s, [sets[j] for j in picked]):
                picked.append(i)
    return picked


def _score(case: Case, inputs: pd.DataFrame, predicted: np.ndarray, chosen: list[Tried]) -> np.ndarray:
    """Probability of the predicted class (from the search's own call on these exact rows when it has one)."""
    if case.proba is None:
        return np.full(len(inputs), np.nan)
    if all(t.proba is not None for t in chosen):
        proba = np.vstack([t.proba for t in chosen])
    else:
        proba = np.asarray(case.model.predict_proba(inputs), dtype=float)
    index = [list(case.classes).index(p) for p in predicted]
    return proba[np.arange(len(inputs)), index]



def flip_points(case: Case, row, immutable=None, ranges=None, directions=None, target=None, actionability=None,
                links=None, threshold: float | None = None) -> FlipPoints:
    """For each mutable column alone (with what moves with it): the nearest permitted value that flips
    the decision (at ``threshold``), or why none does. Options as for :func:`counterfactuals`."""
    search = _search(case, row, target, 0, force_into_ranges=False, threshold=threshold, immutable=immutable,
                     ranges=ranges, directions=directions, actionability=actionability, links=links)
    points, _grid = search.flip_points()
    flips, predicted = search.confirm([points[c] for c in search.rules.mutable if c in points])
    by_column = {next(iter(t.request)): (t, p) for t, p in zip(flips, predicted, strict=True)}
    rows = []
    for column in search.rules.mutable:
        current = plain(search.original[column])
        if column in by_column:
            t, p = by_column[column]
            also = tuple((c, plain(v)) for c, v in t.changes.items() if c != column)
            rows.append({"feature": column, "current": current, "flip_value": plain(t.changes[column]),
                         "prediction": plain(p), "reason": "flips", "moves_with": also})
        else:
            reason = "no_other_value" if len(search.grid(column)) == 0 else "no_single_flip"
            rows.append({"feature": column, "current": current, "flip_value": None, "prediction": None,
                         "reason": reason, "moves_with": ()})
    table = pd.DataFrame(rows, columns=["feature", "current", "flip_value", "prediction", "reason", "moves_with"])
    table["flip_value"] = pd.Series([r["flip_value"] for r in rows], dtype=object)  # keep integers whole
    table = table.sort_values("reason", key=lambda r: r != "flips", kind="stable").reset_index(drop=True)
    return FlipPoints(points=table, goal=_goal_values(search.goal), threshold=search.threshold,
                      now=plain(search.now),
                      method=_("Each mutable column alone over a grid of its permitted values, then narrowed towards "
                               "the row's value (a whole-number column to the nearest whole number that flips); every "
                               "flip re-predicted by the model") + _at(search))
