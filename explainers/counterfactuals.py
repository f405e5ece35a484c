"""``counterfactuals``: the smallest realistic changes to a row that change the model's decision.

Search, all in batched predictions so it stays fast:

1. single-feature flips: each mutable column alone, over a grid of its permitted values;
2. nearest unlike neighbours: real rows the model already gives the wanted decision, closest
   on the mutable columns (MAD-scaled L1 for numbers, 0/1 for categories); each donates its
   mutable values, within the constraints, to a copy of the row;
3. sparsify: changes are undone one at a time while the decision stays flipped;
4. tighten: each remaining numeric change is bisected back towards the original value.

Every returned row is re-predicted and checked against every constraint before it is returned.
Ranking: fewest features changed, then smallest scaled distance; then diverse feature sets.
Plausibility: distance to the nearest real row with the wanted decision, compared with the
typical nearest-neighbour distance between real rows.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .case import Case
from .errors import InputError, preview

NEIGHBOURS = 25
GRID = 40
BISECTIONS = 16  # at most; stops once every value is within one unit (integers) or 1% of the MAD
POOL_LIMIT = 3000


@dataclass(frozen=True)
class Constraints:
    mutable: list
    low: dict  # numeric column -> lowest permitted value
    high: dict
    allowed: dict  # categorical column -> permitted categories


def counterfactuals(case: Case, row, immutable=None, ranges=None, count: int = 3, directions=None,
                    target=None, random_state: int = 0) -> pd.DataFrame:
    """Up to ``count`` changed copies of ``row`` (an index label or a one-row DataFrame) with another decision.

    ``immutable``: columns never changed (default: the sidecar's). ``ranges``: column ->
    (low, high) for numbers or a list of categories (default: what the data shows).
    ``directions``: column -> "increase" or "decrease". ``target``: the wanted class
    (default: binary, the other class; multiclass, any other) or, for regression, a
    (low, high) range the prediction must enter or one threshold it must cross.
    Returns the input columns plus prediction, score, changes, features_changed, distance,
    plausibility; ``.attrs["message"]`` says what was tried when nothing is found.
    """
    x = _row(case, row)
    rules = _constraints(case, x, immutable, ranges, directions)
    goal = _goal(case, x, target)
    search = _Search(case, x, rules, goal, random_state)
    result = _finish(case, x, search.run(), search, count)
    if result.empty:
        result.attrs["message"] = (
            f"No change within the constraints flips the decision. Tried every single column over its permitted "
            f"values and the {NEIGHBOURS} nearest rows that have the wanted outcome; immutable: "
            f"{preview(sorted(set(case.X.columns) - set(rules.mutable))) or 'none'}. Loosen the ranges or free columns.")
    return result


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


def _constraints(case: Case, x, immutable, ranges, directions) -> Constraints:
    immutable = set(case.metadata.immutable if immutable is None else immutable)
    unknown = [c for c in [*immutable, *(ranges or {}), *(directions or {})] if c not in case.X.columns]
    if unknown:
        raise InputError(f"Constraints name columns that are not in the data: {preview(unknown)}.")
    bad_words = {c: w for c, w in (directions or {}).items() if w not in ("increase", "decrease")}
    if bad_words:
        raise InputError(f"Directions must be 'increase' or 'decrease'; got {bad_words}.")
    low, high, allowed = {}, {}, {}
    for column in case.X.columns:
        given = (ranges or {}).get(column)
        if case.feature_kinds[column] == "categorical":
            allowed[column] = list(given) if given is not None else list(case.categories.get(column) or
                                                                         case.X[column].dropna().unique())
            continue
        lo, hi = given if given is not None else (case.X[column].min(), case.X[column].max())
        value = x[column].iloc[0]
        way = (directions or {}).get(column)
        low[column] = max(lo, value) if way == "increase" else lo
        high[column] = min(hi, value) if way == "decrease" else hi
    return Constraints([c for c in case.X.columns if c not in immutable], low, high, allowed)


def _goal(case: Case, x, target):
    current = case.model.predict(x)[0]
    if case.task == "regression":
        if isinstance(target, numbers.Real) and not isinstance(target, bool):
            above = float(target) > float(current)  # a threshold: the prediction must cross it
            return ("range", float(target), np.inf) if above else ("range", -np.inf, float(target))
        if target is None or len(target) != 2:
            raise InputError("For a regression model, give target=(low, high), the range the prediction must "
                             "enter, or one number, the threshold it must cross.")
        low, high = target
        return ("range", float(low), float(high))
    if target is not None:
        if target not in case.classes:
            raise InputError(f"Target class {target!r} is not one of {preview(case.classes)}.")
        if target == current:
            raise InputError(f"The model already predicts {target!r} for this row.")
        return ("class", target)
    return ("not", current)


class _Search:
    """Batched search state: the row, constraints, goal, and scalings reused across steps."""

    def __init__(self, case: Case, x: pd.DataFrame, rules: Constraints, goal, random_state: int):
        self.case, self.x, self.rules, self.goal = case, x, rules, goal
        self.numeric = [c for c in case.X.columns if case.feature_kinds[c] != "categorical"]
        self.scale = {c: _mad(case.X[c]) for c in self.numeric}
        self.rng = np.random.default_rng(random_state)

    def valid(self, frame: pd.DataFrame) -> np.ndarray:
        model = self.case.model
        if self.goal[0] == "range":
            value = np.asarray(model.predict(frame), dtype=float)
            return (value >= self.goal[1]) & (value <= self.goal[2])
        predicted = model.predict(frame)
        if self.goal[0] == "class":
            return predicted == self.goal[1]
        return predicted != self.goal[1]

    def run(self) -> pd.DataFrame:
        candidates = pd.concat([self.single_flips(), self.neighbour_donations()], ignore_index=True)
        candidates = candidates[self.valid(candidates)] if len(candidates) else candidates
        if candidates.empty:
            return candidates
        candidates = self.tighten(self.sparsify(candidates.drop_duplicates().reset_index(drop=True)))
        candidates = candidates[self.valid(candidates) & self.within_rules(candidates)]
        return candidates.drop_duplicates().reset_index(drop=True)

    def single_flips(self) -> pd.DataFrame:
        frames = [self.with_values(column, self.grid(column)) for column in self.rules.mutable]
        frames = [f for f in frames if len(f)]
        return pd.concat(frames, ignore_index=True) if frames else self.x.iloc[:0]

    def grid(self, column: str) -> np.ndarray:
        if column in self.rules.allowed:
            return np.array([v for v in self.rules.allowed[column] if v != self.x[column].iloc[0]], dtype=object)
        lo, hi = self.rules.low[column], self.rules.high[column]
        values = np.unique(np.concatenate([np.linspace(lo, hi, GRID), self.case.X[column].quantile(
            np.linspace(0, 1, GRID)).to_numpy()]))
        values = values[(values >= lo) & (values <= hi)]
        return np.unique(np.round(values)) if self.case.feature_kinds[column] == "integer" else values

    def with_values(self, column: str, values) -> pd.DataFrame:
        frame = self.x.loc[self.x.index.repeat(len(values))].reset_index(drop=True)
        frame[column] = pd.Series(values, dtype=self.case.X[column].dtype) if len(values) else frame[column]
        return frame

    def neighbour_donations(self) -> pd.DataFrame:
        pool = self.pool()
        if pool.empty:
            return pool
        nearest = pool.iloc[np.argsort(self.distance(pool), kind="stable")[:NEIGHBOURS]]
        donated = pd.concat([self.x] * len(nearest), ignore_index=True)
        for column in self.rules.mutable:
            donated[column] = nearest[column].to_numpy()
        return self.clip(donated)

    def pool(self) -> pd.DataFrame:
        """Real rows with the wanted decision (from the case's stored predictions: no new model calls)."""
        predicted = self.case.predicted
        if self.goal[0] == "range":
            mask = (predicted.astype(float) >= self.goal[1]) & (predicted.astype(float) <= self.goal[2])
        elif self.goal[0] == "class":
            mask = predicted == self.goal[1]
        else:
            mask = predicted != self.goal[1]
        pool = self.case.X[mask.to_numpy()]
        if len(pool) > POOL_LIMIT:
            pool = pool.iloc[np.sort(self.rng.choice(len(pool), POOL_LIMIT, replace=False))]
        return pool

    def distance(self, frame: pd.DataFrame) -> np.ndarray:
        """MAD-scaled L1 distance of each row of ``frame`` from the original row, over mutable columns."""
        total = np.zeros(len(frame))
        for column in self.rules.mutable:
            if column in self.scale:
                total += np.abs(frame[column].to_numpy(dtype=float) - float(self.x[column].iloc[0])) / self.scale[column]
            else:
                total += (frame[column].to_numpy() != self.x[column].iloc[0]).astype(float)
        return total

    def clip(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Undo any donated value that breaks a range, direction or category rule."""
        original = self.x.iloc[0]
        for column in self.rules.mutable:
            if column in self.rules.allowed:
                bad = ~frame[column].isin(self.rules.allowed[column])
            else:
                values = frame[column].astype(float)
                bad = (values < self.rules.low[column]) | (values > self.rules.high[column])
            frame.loc[bad, column] = original[column]
        return frame

    def within_rules(self, frame: pd.DataFrame) -> np.ndarray:
        ok = np.ones(len(frame), dtype=bool)
        original = self.x.iloc[0]
        for column in self.case.X.columns:
            values = frame[column]
            if column not in self.rules.mutable:
                ok &= (values == original[column]).to_numpy()
            elif column in self.rules.allowed:
                ok &= values.isin(self.rules.allowed[column]).to_numpy()
            else:
                v = values.astype(float).to_numpy()
                ok &= (v >= self.rules.low[column] - 1e-9) & (v <= self.rules.high[column] + 1e-9)
        return ok

    def changed(self, frame: pd.DataFrame) -> np.ndarray:
        """rows x mutable columns: True where the value differs from the original row."""
        original = self.x.iloc[0]
        return np.column_stack([(frame[c] != original[c]).to_numpy() for c in self.rules.mutable])

    def sparsify(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Undo changes one at a time, cheapest-first, while the decision stays flipped (batched per round)."""
        frame = frame.copy()
        original = self.x.iloc[0]
        for _ in range(len(self.rules.mutable)):
            changed = self.changed(frame)
            rows, cols = np.nonzero(changed & (changed.sum(axis=1, keepdims=True) > 1))
            if len(rows) == 0:
                break
            trial = frame.iloc[rows].reset_index(drop=True)
            for k, c in enumerate(cols):
                trial.iat[k, trial.columns.get_loc(self.rules.mutable[c])] = original[self.rules.mutable[c]]
            ok = self.valid(trial)
            if not ok.any():
                break
            # per row, keep the valid undo that leaves the smallest distance
            scored = pd.DataFrame({"row": rows[ok], "distance": self.distance(trial[ok]), "k": np.flatnonzero(ok)})
            best = scored.sort_values(["row", "distance", "k"]).groupby("row").first()
            for r, k in zip(best.index, best["k"], strict=True):
                frame.iloc[r] = trial.iloc[k]
        return frame.astype(self.case.X.dtypes.to_dict())

    def tighten(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Bisect each changed numeric value back towards the original while still valid."""
        original = self.x.iloc[0]
        for column in [c for c in self.rules.mutable if c in self.scale]:
            moved = (frame[column] != original[column]).to_numpy()
            if not moved.any():
                continue
            good = frame.loc[moved, column].astype(float).to_numpy()
            near = np.full(len(good), float(original[column]))
            integer = self.case.feature_kinds[column] == "integer"
            for _ in range(BISECTIONS):
                if np.all(np.abs(good - near) <= (1 if integer else 0.01 * self.scale[column])):
                    break
                middle = (good + near) / 2
                if self.case.feature_kinds[column] == "integer":
                    middle = np.where(good > near, np.ceil(middle), np.floor(middle))
                trial = frame.loc[moved].copy()
                trial[column] = middle.astype(self.case.X[column].dtype)
                ok = self.valid(trial)
                good, near = np.where(ok, middle, good), np.where(ok, near, middle)
            frame.loc[moved, column] = good.astype(self.case.X[column].dtype)
        return frame


def _mad(series: pd.Series) -> float:
    values = series.dropna().to_numpy(dtype=float)
    mad = float(np.median(np.abs(values - np.median(values)))) if len(values) else 0.0
    return mad if mad > 0 else (float(np.std(values)) or 1.0)


def _finish(case: Case, x: pd.DataFrame, found: pd.DataFrame, search: _Search, count: int) -> pd.DataFrame:
    """Rank, pick diverse rows, re-predict them and describe each change."""
    columns = [*case.X.columns, "prediction", "score", "changes", "features_changed", "distance", "plausibility"]
    if found.empty:
        return pd.DataFrame(columns=columns)
    found = found.assign(features_changed=search.changed(found).sum(axis=1), distance=search.distance(found))
    found = found.sort_values(["features_changed", "distance"], kind="stable").reset_index(drop=True)
    chosen = _diverse(search.changed(found), count)
    result = found.iloc[chosen].reset_index(drop=True)
    inputs = result[list(case.X.columns)]
    if not (search.valid(inputs) & search.within_rules(inputs)).all():  # never show an unchecked row
        raise RuntimeError("a counterfactual failed its final check; this is a bug")
    result["prediction"] = case.model.predict(inputs)
    result["score"] = _score(case, inputs, result["prediction"])
    original = x.iloc[0]
    result["changes"] = [
        "; ".join(f"{c}: {_show(original[c])} -> {_show(row[c])}" for c in search.rules.mutable if row[c] != original[c])
        for _, row in inputs.iterrows()]
    result["plausibility"] = _plausibility(search, inputs)
    return result[columns]


def _diverse(changed: np.ndarray, count: int) -> list[int]:
    """Best-first, skipping rows whose set of changed columns was already shown, then filling up."""
    picked, seen = [], set()
    for i, row in enumerate(changed):
        key = tuple(np.flatnonzero(row))
        if key not in seen:
            picked.append(i)
            seen.add(key)
        if len(picked) == count:
            return picked
    rest = [i for i in range(len(changed)) if i not in picked]
    return picked + rest[: count - len(picked)]


def _score(case: Case, inputs: pd.DataFrame, predicted: pd.Series):
    if case.proba is None:
        return np.full(len(inputs), np.nan)
    proba = case.model.predict_proba(inputs)
    index = [list(case.classes).index(p) for p in predicted]
    return proba[np.arange(len(inputs)), index]


def _plausibility(search: _Search, inputs: pd.DataFrame) -> list[str]:
    """How close each row is to a real row with the wanted decision, against the usual spacing of real rows."""
    pool = search.pool()
    if pool.empty:
        return ["no real rows to compare with"] * len(inputs)
    sample = pool.iloc[: min(len(pool), 300)]
    spacing = np.median([np.sort(_all_column_distance(search, sample, sample.iloc[[i]]))[1]
                         for i in range(min(len(sample), 100))]) if len(sample) > 1 else 1.0
    notes = []
    for i in range(len(inputs)):
        nearest = float(np.min(_all_column_distance(search, pool, inputs.iloc[[i]])))
        ratio = nearest / spacing if spacing > 0 else 0.0
        notes.append("like real rows" if ratio <= 1.5 else "unusual combination" if ratio > 3 else "plausible")
    return notes


def _all_column_distance(search: _Search, frame: pd.DataFrame, one: pd.DataFrame) -> np.ndarray:
    total = np.zeros(len(frame))
    for column in search.case.X.columns:
        if column in search.scale:
            total += np.abs(frame[column].to_numpy(dtype=float) - float(one[column].iloc[0])) / search.scale[column]
        else:
            total += (frame[column].to_numpy() != one[column].iloc[0]).astype(float)
    return total


def _show(value) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{value:.4g}"
    return str(value)


def flip_points(case: Case, row, immutable=None, ranges=None, directions=None, target=None) -> pd.DataFrame:
    """For each mutable column alone: the nearest permitted value that flips the decision, or why none does.

    Columns: feature, current, flip_value (None if none), prediction, note.
    """
    x = _row(case, row)
    search = _Search(case, x, _constraints(case, x, immutable, ranges, directions), _goal(case, x, target), 0)
    rows = []
    for column in search.rules.mutable:
        values = search.grid(column)
        current = x[column].iloc[0]
        if len(values) == 0:
            rows.append({"feature": column, "current": current, "flip_value": None, "prediction": None,
                         "note": "no other permitted value"})
            continue
        trial = search.with_values(column, values)
        ok = search.valid(trial)
        if not ok.any():
            rows.append({"feature": column, "current": current, "flip_value": None, "prediction": None,
                         "note": "no single change of this column flips it"})
            continue
        candidates = trial[ok]
        nearest = candidates.iloc[[int(np.argmin(search.distance(candidates)))]]
        nearest = search.tighten(nearest.copy())  # bisect between the grid points towards the current value
        rows.append({"feature": column, "current": current, "flip_value": nearest[column].iloc[0],
                     "prediction": case.model.predict(nearest)[0], "note": ""})
    table = pd.DataFrame(rows)
    table["flips"] = table["flip_value"].notna()
    return table.sort_values("flips", ascending=False, kind="stable").drop(columns="flips").reset_index(drop=True)
