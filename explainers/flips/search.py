"""The counterfactual search: few, large batched model calls instead of many small ones.

A model call costs about the same for 1 row as for a few hundred (pipeline and per-tree
overheads dominate), so every step builds all its trial rows first and scores them at once:

1. first sweep (one call): every mutable column alone over a grid of its permitted values, and
   every pair of columns at values of the nearest real rows with the wanted decision;
2. beam: the best-scoring partial changes that do not flip yet get one more column each,
   taking that column's best-scoring values and values of the nearest real rows with the
   wanted decision (one call per added column), until enough different flips are found;
3. donations, in the beam's first call: the nearest real rows with the wanted decision, their
   values copied (within the constraints) in order of each column's strength, every prefix;
4. tighten: each changed number moves back towards the original over a fine grid, alone and all
   together by the same fraction, while the decision stays flipped (in the next beam round's
   call, or one call of its own at the end);
5. flip points: a number changed alone is narrowed to the nearest value that still flips (a
   whole number on a whole-number column), once per column for the counterfactuals' one-column
   rows and the flip-point table alike, so both state the same value (a few calls of their own).

A query takes 2 calls when the first sweep finds enough, usually 3 to 6, at most MAX_CHANGES + 1
plus the narrowing's.

Scores come from ``predict_proba`` (the margin of the wanted class over the best other) when
the model's own predictions are the arg-max of its probabilities on every row of the data;
otherwise validity comes from ``predict``. At a decision threshold (a binary classifier with
probabilities), the decision is the measures layer's rule on the positive class's probability and
the margin is that probability's distance from the threshold, towards the wanted side. Random forests are scored through
:mod:`fast_forest` (the same trees summed without scikit-learn's per-tree overhead, checked bit
for bit against the model first).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from ..core.case import Case
from ..core.measures import decisions, setting_of
from ..core.threads import one_thread
from .fast_forest import forest_proba
from .links import LinkRules
from .pool import Pool, columns

GRID = 40  # evenly spaced values per numeric column, beside the data's quantiles
FINE = 24  # points between the last value that does not flip and the first that does
NARROW = 512  # points per column per round narrowing a flip point (a whole-number column: every one, when fewer)
BEAM = 8  # partial changes extended per round
MOVES = 3  # best-scoring values per column offered to the beam
MAX_CHANGES = 5  # the beam stops adding columns here; donations may change more
NEIGHBOURS = 25  # nearest real rows with the wanted decision: values for moves, and donations
NEIGHBOUR_VALUES = 2  # values per column borrowed from those rows for the first sweep's pairs


@dataclass(frozen=True)
class Constraints:
    mutable: list  # columns the search changes on its own (not immutable, not moved by a determinant)
    low: dict  # numeric column -> lowest permitted value
    high: dict
    allowed: dict  # categorical column -> permitted categories (forbidden ones left out)
    given: frozenset = frozenset()  # columns whose range or categories the user set
    forbidden: dict = field(default_factory=dict)  # column -> values never taken
    cost: dict = field(default_factory=dict)  # column -> weight of a change (default 1)
    immutable: frozenset = frozenset()
    links: LinkRules | None = None


@dataclass
class Tried:
    """One scored trial: the changes from the original row (``asked``: before linked columns were
    made consistent) and what the model said."""

    changes: dict
    valid: bool
    margin: float
    prediction: object
    proba: np.ndarray | None
    asked: dict | None = None

    @property
    def request(self) -> dict:
        return self.changes if self.asked is None else self.asked


def meets(goal, predicted: np.ndarray) -> np.ndarray:
    """Which predictions meet the goal: ("range", low, high), ("class", wanted) or ("not", current)."""
    if goal[0] == "range":
        value = predicted.astype(float)
        return (value >= goal[1]) & (value <= goal[2])
    return predicted == goal[1] if goal[0] == "class" else predicted != goal[1]


class Judge:
    """Scores trial rows with one model call: do they meet the goal, and by what margin (> 0 meets it).
    ``threshold``: decide at it (see :func:`decides_at`); None: the model's own decisions."""

    def __init__(self, case: Case, goal, threshold: float | None = None):
        self.model, self.goal = case.model, goal
        self.classes = None if case.classes is None else np.asarray(case.classes, dtype=object)
        self.has_proba = case.proba is not None
        self.setting = setting_of(case, threshold) if decides_at(case, threshold) is not None else None
        self.by_proba = self.setting is not None or columns(case).argmax_is_predict
        # predict_proba found the rows; unless predict is known to be its arg-max, predict confirms them
        self.needs_predict_check = self.setting is None and self.by_proba and not _argmax_by_design(self.model)
        self.predict_proba = (forest_proba(case) or self.model.predict_proba) if self.has_proba else None

    def __call__(self, frame: pd.DataFrame):
        """(valid, margin, predictions, probabilities or None) for each row of ``frame``."""
        if self.goal[0] == "range":
            value = np.asarray(self.model.predict(frame), dtype=float)
            low, high = self.goal[1], self.goal[2]
            return meets(self.goal, value), np.minimum(value - low, high - value), value, None
        proba = np.asarray(self.predict_proba(frame), dtype=float) if self.has_proba else None
        if self.setting is not None:
            return self.at_threshold(proba)
        predicted = (self.classes[proba.argmax(axis=1)] if self.by_proba
                     else np.asarray(self.model.predict(frame), dtype=object))
        wanted = meets(self.goal, predicted)
        if proba is None:
            return wanted, np.where(wanted, 1.0, -1.0), predicted, None
        j = list(self.classes).index(self.goal[1])
        others = np.delete(proba, j, axis=1).max(axis=1) if proba.shape[1] > 1 else 0.0
        margin = proba[:, j] - others if self.goal[0] == "class" else others - proba[:, j]
        return wanted, margin, predicted, proba

    def at_threshold(self, proba: np.ndarray):
        """(valid, margin, decisions, probabilities) with each row decided at the threshold."""
        s = self.setting
        predicted = self.classes[decisions(s, np.zeros(len(proba), dtype=np.int64), proba)]
        positive = self.classes[s.positive]
        wants_positive = (self.goal[1] == positive) == (self.goal[0] == "class")
        distance = proba[:, s.positive] - s.threshold
        return meets(self.goal, predicted), distance if wants_positive else -distance, predicted, proba


def decides_at(case: Case, threshold: float | None) -> float | None:
    """The threshold a binary classifier with probabilities decides at (checked: between 0 and 1); None for
    other models or no threshold (the model's own decisions)."""
    if threshold is None or case.task != "binary" or case.proba is None:
        return None
    return setting_of(case, threshold).threshold


class Search:
    """One query: the row, its constraints and goal, and the batched steps above."""

    def __init__(self, case: Case, x: pd.DataFrame, rules: Constraints, goal, pool: Pool, force_into_ranges=True,
                 threshold: float | None = None, now=None):
        """``force_into_ranges``: a row whose value lies outside a permitted range (or category list)
        only counts once that value has moved inside (flip points, about one column, turn it off).
        ``threshold``: decisions at it (binary classifiers with probabilities), else the model's own.
        ``now``: the row's decision before any change (for the result)."""
        self.case, self.x, self.rules, self.goal, self.pool = case, x, rules, goal, pool
        self.threshold, self.now = decides_at(case, threshold), now
        self.original = {c: x[c].iloc[0] for c in case.X.columns}
        self.dtypes = case.X.dtypes.to_dict()
        self.facts = columns(case)
        self.scale = self.facts.scale
        self.template = {c: x[c].to_numpy() for c in case.X.columns if c in self.scale}
        # categories are built by position into a small typed array (fast, unlike converting text)
        self.vocabulary, self.code, self.unrepresentable = {}, {}, {}
        for column in case.X.columns:
            if column not in self.scale:
                values = list(dict.fromkeys([self.original[column], *rules.allowed[column],
                                             *self.facts.categories[column]]))
                # a category the column's dtype cannot hold (pandas 'category' without it) is never tried
                held = getattr(self.dtypes[column], "categories", None)
                self.unrepresentable[column] = {v for v in values[1:] if held is not None and v not in held}
                values = [v for v in values if v not in self.unrepresentable[column]]
                self.vocabulary[column] = pd.array(values, dtype=self.dtypes[column])
                self.code[column] = {v: i for i, v in enumerate(values)}
        self.judge = Judge(case, goal, threshold)
        # for distance(): numbers whose original is known, their scale and original as floats
        self._unit = {c: self.scale[c] for c in self.scale if not _missing(self.original[c])}
        self._at = {c: float(self.original[c]) for c in self._unit}
        self.forced = [c for c in rules.mutable if force_into_ranges and c in rules.given
                       and not _missing(self.original[c]) and not self.permitted(c, self.original[c])]
        self.movable = set(rules.mutable)
        self._singles = None
        self._flip_points = {}  # column -> its flip point (see flip_points)
        self._neighbour_values = None
        self._nearest = None
        self._grids = {}

    # ------------------------------------------------------------ building and scoring trial rows

    def frame(self, changes: list[dict]) -> pd.DataFrame:
        """The original row once per entry of ``changes``, each with its changes applied."""
        n = len(changes)
        numbers = {c: np.repeat(one, n) for c, one in self.template.items()}
        codes = {c: np.zeros(n, dtype=np.intp) for c in self.vocabulary}  # 0: the original value
        for i, change in enumerate(changes):
            for column, value in change.items():
                if column in codes:
                    codes[column][i] = self.code[column][value]
                else:
                    numbers[column][i] = value
        frame = pd.DataFrame({c: numbers[c] if c in numbers else self.vocabulary[c].take(codes[c])
                              for c in self.case.X.columns})
        if frame.dtypes.equals(self.case.X.dtypes):
            return frame
        return frame.astype(self.dtypes)

    def score(self, asked: list[dict]) -> list[Tried]:
        """Each trial made consistent with the linked columns, then scored in one model call; a trial that
        cannot be made consistent is not scored (invalid, margin -inf)."""
        if not asked:
            return []
        completed = [self.complete(change) for change in asked]
        kept = [i for i, change in enumerate(completed) if change]
        out = [Tried(change, False, -np.inf, None, None, change) for change in asked]
        if not kept:
            return out
        changes = [completed[i] for i in kept]
        with one_thread(len(changes), self.case.model):
            valid, margin, predicted, proba = self.judge(self.frame(changes))
        if self.forced:  # the goal is met only once every value outside its permitted range has moved in
            valid &= np.array([all(c in change for c in self.forced) for change in changes])
        for k, i in enumerate(kept):
            out[i] = Tried(changes[k], bool(valid[k]), float(margin[k]), predicted[k],
                           None if proba is None else proba[k], None if changes[k] is asked[i] else asked[i])
        return out

    def complete(self, change: dict) -> dict | None:
        """``change`` with linked columns made consistent (see :mod:`links`), or None when impossible."""
        if self.rules.links is None:
            return change
        return self.rules.links.complete(change, self.original, self.may_change)

    def may_change(self, column: str, value) -> bool:
        """Whether a linked column may be moved to ``value`` to keep the row consistent."""
        return column not in self.rules.immutable and self.permitted(column, value)

    def confirm(self, trials: list[Tried]) -> tuple[list[Tried], list]:
        """The trials that ``model.predict`` agrees meet the goal, with its predictions. Only asked
        when probabilities guided the search and predict is not their arg-max by design."""
        if not trials or not self.judge.needs_predict_check:
            return trials, [t.prediction for t in trials]
        predicted = np.asarray(self.case.model.predict(self.frame([t.changes for t in trials])), dtype=object)
        keep = meets(self.goal, predicted)
        return [t for t, k in zip(trials, keep, strict=True) if k], list(predicted[keep])

    def distance(self, changes: dict) -> float:
        """Cost-weighted MAD-scaled L1 distance from the original row (a changed category, or a filled-in
        missing number, counts 1 before its weight)."""
        unit, at, cost = self._unit, self._at, self.rules.cost
        return sum((abs(float(v) - at[c]) / unit[c] if c in unit else 1.0) * cost.get(c, 1.0)
                   for c, v in changes.items())

    def effort(self, changes: dict) -> float:
        """The cost-weighted count of the columns a person changes (a column that moves with its
        determinant is not counted again)."""
        moved = self.rules.links.determined if self.rules.links is not None else {}
        return sum(self.rules.cost.get(c, 1.0) for c in changes if c not in moved)

    # ------------------------------------------------------------ the values each column may take

    def grid(self, column: str) -> np.ndarray:
        if column not in self._grids:
            self._grids[column] = self._grid(column)
        return self._grids[column]

    def _grid(self, column: str) -> np.ndarray:
        current = self.original[column]
        if column in self.rules.allowed:
            return np.array([v for v in self.rules.allowed[column] if not _same(v, current)
                             and self.permitted(column, v)], dtype=object)
        lo, hi = self.rules.low[column], self.rules.high[column]
        values = np.unique(np.concatenate([np.linspace(lo, hi, GRID), self.facts.quantiles[column]]))
        if self.case.feature_kinds[column] == "integer":
            values = np.unique(np.round(values))
        values = values[(values >= lo) & (values <= hi) & (values != current)]
        values = self.cast(column, values)
        return values[[v not in self.rules.forbidden.get(column, ()) for v in values]]

    def cast(self, column: str, values):
        """Numbers in the column's own type, so equal values compare and print the same."""
        if column not in self.scale:
            return values
        dtype = self.dtypes[column]
        return np.asarray(values).astype(getattr(dtype, "numpy_dtype", dtype))  # nullable Int64 -> int64

    def permitted(self, column: str, value) -> bool:
        if column in self.rules.allowed:
            return value in self.rules.allowed[column] and value not in self.unrepresentable.get(column, ())
        return (not _missing(value) and self.rules.low[column] <= float(value) <= self.rules.high[column]
                and value not in self.rules.forbidden.get(column, ()))

    # ------------------------------------------------------------ the steps

    def singles(self) -> list[Tried]:
        """Step 1 (cached: counterfactuals and flip points share it)."""
        if self._singles is None:
            self._singles = self.score([{c: v} for c in self.rules.mutable for v in self.grid(c)])
        return self._singles

    def first_sweep(self) -> tuple[list[Tried], list[Tried]]:
        """Step 1 in one call: the singles, and pairs of columns set to values of the nearest real
        rows with the wanted decision (often enough on their own; no call needed to choose them)."""
        singles = [{c: v} for c in self.rules.mutable for v in self.grid(c)]
        options = self.neighbour_values()
        pairs = [{a: va, b: vb} for a, b in itertools.combinations(self.rules.mutable, 2)
                 for va in options.get(a, []) for vb in options.get(b, [])]
        scored = self.score(singles + pairs)
        self._singles = scored[: len(singles)]
        return self._singles, scored[len(singles):]

    def run(self, count: int) -> list[Tried]:
        """Valid trials, tightened: sparsest first found."""
        singles, pairs = self.first_sweep()
        hits = [t for t in singles + pairs if t.valid]
        if _sets(hits) >= count:
            return self.tighten(self.shortlist(hits, count))
        found, pending = self.beam(singles, count, hits)
        return _unique(self.tighten(self.shortlist(pending, count), also=found))

    def one_number(self, trial: Tried) -> str | None:
        """The column when ``trial`` asks to change one number alone (its flip point answers it), else None."""
        if len(trial.request) != 1:
            return None
        (column, _), = trial.request.items()
        return column if column in self._unit and column in self.movable else None

    def shortlist(self, found: list[Tried], count: int) -> list[Tried]:
        """The trials worth tightening (tightening only shortens distances within a set of changed
        columns): the nearest of each of the ``2 * count`` sparsest and nearest sets, and the
        second nearest of the first ``count`` sets (to fill up when there are few sets)."""
        ranked = sorted(_unique(found), key=lambda t: (self.effort(t.changes), self.distance(t.changes)))
        per_set = {}
        for t in ranked:
            per_set.setdefault(frozenset(t.changes), []).append(t)
        sets = list(per_set.values())
        return [kept[0] for kept in sets[: 2 * count]] + [kept[1] for kept in sets[:count] if len(kept) > 1]

    def moves(self, singles: list[Tried]) -> dict:
        """Per column: its best-scoring single values and the nearest wanted real row's value."""
        by_column = {}
        for t in singles:
            (column, value), = t.request.items()
            if np.isfinite(t.margin):
                by_column.setdefault(column, []).append((t.margin, value))
        moves = {c: [v for _, v in sorted(pairs, key=lambda p: -p[0])[:MOVES]] for c, pairs in by_column.items()}
        for column, values in self.neighbour_values().items():
            taken = moves.setdefault(column, [])
            taken += [v for v in values if not any(_same(v, m) for m in taken)]
        return moves

    def nearest(self) -> pd.DataFrame:
        """The NEIGHBOURS real rows with the wanted decision nearest the row on the mutable columns (cached)."""
        if self._nearest is None:
            mask = np.array([c in self.rules.mutable for c in self.case.X.columns])
            self._nearest = self.pool.nearest(self.x, mask, NEIGHBOURS)
        return self._nearest

    def neighbour_values(self) -> dict:
        """Per mutable column, the first NEIGHBOUR_VALUES different permitted values it takes in the
        nearest real rows with the wanted decision (nearest on the mutable columns)."""
        if self._neighbour_values is None:
            nearest, values = self.nearest(), {}
            for column in self.rules.mutable:
                taken = values.setdefault(column, [])
                for value in nearest[column].to_numpy():
                    if len(taken) == NEIGHBOUR_VALUES:
                        break
                    if (not _same(value, self.original[column]) and self.permitted(column, value)
                            and not any(_same(value, v) for v in taken)):
                        taken.append(value)
            self._neighbour_values = values
        return self._neighbour_values

    def beam(self, singles: list[Tried], count: int, hits: list[Tried]) -> tuple[list[Tried], list[Tried]]:
        """Step 2: add one column at a time to the most promising partial changes that do not flip yet.

        The first round's call also tries the neighbour donations (step 3) and each round's call
        tightens the previous round's hits. Returns (tightened hits, hits still to tighten)."""
        moves, done, pending, every_hit = self.moves(singles), [], hits, list(hits)
        frontier, donations = [t for t in singles if not t.valid], self.donations(singles)
        first_hit = min((len(t.changes) for t in hits), default=None)
        for size in range(2, min(MAX_CHANGES, len(self.rules.mutable)) + 1):
            # enough: count different sets no later round could beat on sparsity (size or fewer)
            enough = _sets([t for t in every_hit if len(t.changes) <= size]) >= count
            if not (frontier or donations) or enough or (first_hit is not None and size > first_hit + 1):
                break
            frontier.sort(key=lambda t: (-t.margin, self.distance(t.changes)))
            trials = self.extensions(_best_per_column_set(frontier, BEAM), moves) + donations
            to_tighten = self.shortlist(pending, count)
            plan = self.tighten_trials(to_tighten)
            scored = self.score(trials + plan[0])
            done += self.tighten_pick(to_tighten, plan[1], scored[len(trials):])
            pending = [t for t in scored[: len(trials)] if t.valid]
            frontier = [t for t in scored[: len(trials) - len(donations)] if not t.valid]
            donations = []
            every_hit += pending
            if pending and first_hit is None:
                first_hit = min(len(t.changes) for t in pending)
        return done, pending

    def extensions(self, states: list[Tried], moves: dict) -> list[dict]:
        """Each state with one more column changed, to each of that column's moves (no repeats)."""
        trials, seen = [], set()
        for t in states:
            for column in self.rules.mutable:
                if column in t.changes:
                    continue
                for value in moves.get(column, []):
                    change = {**t.changes, column: value}
                    key = _key(change)
                    if key not in seen:
                        seen.add(key)
                        trials.append(change)
        return trials

    def donations(self, singles: list[Tried]) -> list[dict]:
        """Step 3's trials: the nearest wanted rows' values copied (within the constraints), strongest
        columns first (by their best single-change score), as every prefix of that order."""
        strength = {}
        for t in singles:
            (column, _), = t.request.items()
            strength[column] = max(strength.get(column, -np.inf), t.margin)
        nearest = self.nearest()
        values = {c: nearest[c].to_numpy() for c in self.rules.mutable}
        trials, seen = [], set()
        for k in range(len(nearest)):
            row = {c: values[c][k] for c in self.rules.mutable}
            donated = [c for c in self.rules.mutable
                       if not _same(row[c], self.original[c]) and self.permitted(c, row[c])]
            donated.sort(key=lambda c: -strength.get(c, -np.inf))
            for n in range(2, len(donated) + 1):
                change = {c: row[c] for c in donated[:n]}
                if _key(change) not in seen:
                    seen.add(_key(change))
                    trials.append(change)
        return trials

    def tighten(self, found: list[Tried], also: list[Tried] = ()) -> list[Tried]:
        """Step 4: move changed numbers back towards the original while still flipping, then ``also``
        and the result with each one-number change replaced by its column's flip point (step 5, whose
        first round shares this call), so a one-column counterfactual and the flip-point table state
        the same value."""
        trials, owners = self.tighten_trials(found)
        every = [*also, *found]
        columns = {self.one_number(t) for t in every} - {None}
        points, scored = self.flip_points(columns, trials) if columns else ({}, self.score(trials))
        done = [*also, *self.tighten_pick(found, owners, scored)]
        return _unique([points.get(self.one_number(t), t) for t in done])

    def tighten_trials(self, found: list[Tried]) -> tuple[list[dict], list[int]]:
        """Trial rows for each found trial: each changed number alone on a fine grid towards the
        original (others kept), and all changed numbers moved back together by the same fraction."""
        trials, owners = [], []
        for i, t in enumerate(found):
            if self.one_number(t):  # its flip point answers it (see tighten)
                continue
            numbers = [c for c in t.changes if c in self._unit and c in self.movable]
            for column in numbers:
                start = self.inner(column, t.changes[column], len(t.changes) == 1)
                for v in self.fine(column, t.changes[column], start):
                    trials.append({**t.changes, column: v})
                    owners.append(i)
            if len(numbers) > 1:
                for f in np.arange(1, FINE) / FINE:
                    trials.append({**t.changes, **{c: self.towards(c, t.changes[c], f) for c in numbers}})
                    owners.append(i)
        return trials, owners

    def tighten_pick(self, found: list[Tried], owners: list[int], scored: list[Tried]) -> list[Tried]:
        """For each found trial, the nearest valid one among it and its tightened versions."""
        best = list(found)
        for i, t in zip(owners, scored, strict=True):
            if t.valid and self.distance(t.changes) < self.distance(best[i].changes):
                best[i] = t
        return _unique(best)

    def towards(self, column: str, value, fraction: float):
        """``fraction`` of the way from the original value to ``value`` (integers rounded towards ``value``)."""
        current = float(self.original[column])
        point = current + (float(value) - current) * fraction
        low, high = self.rules.low[column], self.rules.high[column]  # a forced value stays inside
        if self.case.feature_kinds[column] == "integer":
            point = np.ceil(point) if float(value) > current else np.floor(point)
            low, high = np.ceil(low), np.floor(high)
        return self.cast(column, [min(max(point, low), high)])[0]

    def fine(self, column: str, value, inner) -> np.ndarray:
        """Values strictly between ``inner`` and ``value`` on the original's side of ``value``: FINE
        steps, or every whole number when an integer column has few."""
        current, value, inner = float(self.original[column]), float(value), float(inner)
        points = inner + (value - inner) * np.arange(1, FINE) / FINE
        if self.case.feature_kinds[column] == "integer":
            whole = np.arange(np.ceil(min(inner, value)), np.floor(max(inner, value)) + 1)
            points = whole if len(whole) <= 4 * FINE else np.unique(np.round(points))
        points = points[(points != value) & (points != current)]
        points = points[(points >= self.rules.low[column]) & (points <= self.rules.high[column])]
        return self.cast(column, points[(points - current) * (value - current) > 0])

    def inner(self, column: str, value, single: bool) -> float:
        """Where the fine search for ``value`` starts: the original value, or for a single change the
        nearest grid value between the original and ``value`` (that one did not flip)."""
        current, value = float(self.original[column]), float(value)
        if single:
            grid = self.grid(column).astype(float)
            between = grid[(grid - current) * (grid - value) < 0]
            if len(between):
                return float(between[np.argmin(np.abs(between - value))])
        return current

    def flip_points(self, columns=None, alongside: list[dict] = ()) -> tuple[dict, list[Tried]]:
        """Per mutable column alone (or those of ``columns``): its flip point, the single change nearest
        the original that flips the decision. Cached per column: the counterfactuals' one-column rows and
        the flip-point table read the same one. Returns (column -> Tried, ``alongside`` scored: other
        trials sharing the first call).

        Start: the column's nearest flipping grid value (step 1); a number is then narrowed towards the
        original (:meth:`narrow`)."""
        wanted = set(self.rules.mutable if columns is None else columns)
        nearest = {}
        for t in self.singles():
            (column, _), = t.request.items()
            if column in wanted and column not in self._flip_points and t.valid and (
                    column not in nearest or self.distance(t.changes) < self.distance(nearest[column].changes)):
                nearest[column] = t
        narrowed, scored = self.narrow([t for t in nearest.values() if self.one_number(t)], list(alongside))
        narrowed = {self.one_number(t): t for t in narrowed}
        self._flip_points.update({c: narrowed.get(c, t) for c, t in nearest.items()})
        return {c: t for c, t in self._flip_points.items() if c in wanted}, scored

    def narrow(self, found: list[Tried], alongside: list[dict]) -> tuple[list[Tried], list[Tried]]:
        """Each one-number change moved to the nearest value (towards the original) that still flips, and
        ``alongside`` scored in the first call.

        Each round is one call for all columns: up to NARROW points between the last value known not to
        flip (at first the nearest grid value between the original and the change) and the nearest known
        flip; the first that flips becomes the flip and the point before it the new bound. A whole-number
        column ends once every whole number between the two was tried (exact: one nearer does not flip);
        a decimal column after one round (a NARROW-th of a grid step)."""
        states = []
        for t in found:
            column = self.one_number(t)
            states.append({"column": column, "inside": self.inner(column, t.request[column], True), "best": t,
                           "done": False})
        extra, scored_extra = list(alongside), []
        while extra or any(not s["done"] for s in states):
            trials, owners = [], []
            for i, state in enumerate(states):
                if state["done"]:
                    continue
                points, state["done"] = self.narrow_points(state["column"], state["best"].request[state["column"]],
                                                           state["inside"])
                trials += [{state["column"]: v} for v in points]
                owners += [i] * len(points)
            scored = self.score(extra + trials)
            scored_extra, scored = (scored_extra or scored[: len(extra)]), scored[len(extra):]
            extra = []
            for i in set(owners):
                ks = [k for k, o in enumerate(owners) if o == i]
                column, flips = states[i]["column"], [k for k in ks if scored[k].valid]
                if flips:
                    states[i]["best"] = scored[flips[0]]
                    if flips[0] != ks[0]:
                        states[i]["inside"] = float(trials[flips[0] - 1][column])
                else:
                    states[i]["inside"] = float(trials[ks[-1]][column])
        return [state["best"] for state in states], scored_extra

    def narrow_points(self, column: str, value, inside) -> tuple[np.ndarray, bool]:
        """(points strictly between ``inside`` and ``value``, nearest the original first, permitted and in
        the column's type; whether this is the last round): every whole number when at most NARROW lie
        between, else NARROW evenly spaced ones."""
        current, value, inside = float(self.original[column]), float(value), float(inside)
        points, last = np.linspace(inside, value, NARROW + 2)[1:-1], True
        if self.case.feature_kinds[column] == "integer":
            whole = np.arange(np.ceil(min(inside, value)), np.floor(max(inside, value)) + 1)
            last = len(whole) <= NARROW
            points = whole if last else np.unique(np.round(points))
        points = points[(points != value) & (points != current) & ((points - current) * (value - current) > 0)]
        points = points[(points >= self.rules.low[column]) & (points <= self.rules.high[column])]
        points = self.cast(column, points[np.argsort(np.abs(points - current), kind="stable")])
        points = [v for v in points if self.permitted(column, v)]
        return points, last or not points


# Classifiers whose predict is documented as the arg-max of predict_proba (exact types, not subclasses).
ARGMAX_CLASSIFIERS = {
    "sklearn.ensemble._forest": ("RandomForestClassifier", "ExtraTreesClassifier"),
    "sklearn.ensemble._gb": ("GradientBoostingClassifier",),
    "sklearn.ensemble._hist_gradient_boosting.gradient_boosting": ("HistGradientBoostingClassifier",),
    "sklearn.tree._classes": ("DecisionTreeClassifier", "ExtraTreeClassifier"),
    "sklearn.linear_model._logistic": ("LogisticRegression",),
    "sklearn.calibration": ("CalibratedClassifierCV",),
    "lightgbm.sklearn": ("LGBMClassifier",),
    "xgboost.sklearn": ("XGBClassifier",),
}


def _argmax_by_design(model) -> bool:
    final = model[-1] if isinstance(model, Pipeline) else model
    return type(final).__name__ in ARGMAX_CLASSIFIERS.get(type(final).__module__, ())


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _same(a, b) -> bool:
    return (_missing(a) and _missing(b)) or (not _missing(a) and not _missing(b) and a == b)


def _best_per_column_set(ranked: list[Tried], limit: int) -> list[Tried]:
    """The first (best) trial of each set of changed columns, at most ``limit`` of them."""
    kept, sets = [], set()
    for t in ranked:
        key = frozenset(t.changes)
        if key not in sets:
            sets.add(key)
            kept.append(t)
            if len(kept) == limit:
                break
    return kept


def _key(changes: dict) -> frozenset:
    """Equal changes give equal keys whatever their order (numbers are in their column's type)."""
    return frozenset(changes.items())


def _sets(trials: list[Tried]) -> int:
    """How many different sets of changed columns the trials have, not counting a trial that only adds
    changes to another (it would not be shown)."""
    return len({frozenset(t.changes) for t in undominated(trials)})


def undominated(found: list[Tried]) -> list[Tried]:
    """Drop trials that make all the changes of another trial and more besides."""
    items = [frozenset(t.changes.items()) for t in found]
    smaller = sorted(set(items), key=len)
    return [t for t, mine in zip(found, items, strict=True)
            if not any(other < mine for other in smaller if len(other) < len(mine))]


def _unique(trials: list[Tried]) -> list[Tried]:
    seen, out = set(), []
    for t in trials:
        key = _key(t.changes)
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out
