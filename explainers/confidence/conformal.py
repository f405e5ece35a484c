"""``confidence``: split-conformal prediction intervals (regression) and sets (classification).

The case's labelled rows are shuffled once (``random_state``) and split in two: calibration
rows fix the conformal quantile; evaluation rows, never used for calibration, report the
coverage. Methods:

- regression ``absolute``: ``prediction +- q``, q from absolute residuals.
- regression ``adaptive``: ``prediction +- q * difficulty(x)``; a gradient-boosted model of
  |residual| fitted on half of the calibration rows, q from residuals scaled by it on the
  other half, so easy rows get narrow bands and hard rows wide ones.
- classification ``lac``: every class whose probability is at least 1 - q (smallest sets;
  can be empty when no class is likely enough).
- classification ``aps``: classes in order of probability until their summed probability
  reaches q (randomised at the last class, seeded); sets grow on hard rows.

``mondrian=column`` calibrates a separate quantile for each group of that column, for
coverage within every group rather than on average.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor

from ..core.case import Case
from ..core.columns import class_positions, group_labels
from ..core.errors import InputError, preview
from ..core.language import _, count, current
from ..core.measures import rows_key
from ..core.memo import per_case
from ..core.result import PRIVATE, Result, jsonable
from ..core.stats import conformal_quantile, wilson_interval
from ..core.threads import one_thread
from .new_rows import conform

REGRESSION_METHODS = ("absolute", "adaptive")
CLASSIFICATION_METHODS = ("lac", "aps")
OTHER_GROUP = "(all other rows)"
SMALL_EVALUATION = 1000  # below this many evaluation rows one split is noisy: headline the average over splits
ALL_ROWS = "(all rows)"  # the key of the one quantile without Mondrian groups, in JSON


@dataclass(frozen=True)
class CoverageByGroup(Result):
    """Coverage per group of one column: ``table`` has group, rows, coverage, ci_low, ci_high, mean_size
    and ``short`` (the group's 95% interval lies below the level), lowest coverage first."""

    column: str
    level: float
    table: pd.DataFrame
    mondrian: bool = False  # calibrated separately for each group of this column

    @property
    def short_groups(self) -> list[str]:
        """Groups whose coverage falls clearly short of the level."""
        return list(self.table.loc[self.table["short"], "group"])


@dataclass(frozen=True)
class CoverageOverSplits(Result):
    """Measured coverage averaged over many random calibration/evaluation splits."""

    level: float
    scoring: str
    repeats: int
    evaluation_rows: int  # rows checked in each split
    mean: float
    std: float


@dataclass(frozen=True)
class Confidence(Result):
    """A calibrated conformal predictor for one case and level; call ``interval`` or ``predict_set``.

    ``scoring`` names the non-conformity score (``lac``, ``aps``, ``absolute``, ``adaptive``);
    ``method`` says in words how the bands were calibrated and checked.
    """

    case: Case = field(repr=False, metadata=PRIVATE)
    level: float
    scoring: str
    quantiles: dict  # group label (or None for all rows) -> conformal quantile
    mondrian: str | None
    calibration_rows: pd.Index = field(metadata=PRIVATE)
    evaluation_rows: pd.Index = field(metadata=PRIVATE)
    difficulty: object = field(default=None, repr=False, metadata=PRIVATE)
    random_state: int = 0
    _memo: dict = field(default_factory=dict, repr=False, compare=False)  # evaluation-row results

    def to_dict(self) -> dict:
        """Level, method, coverage with its interval, mean size and row counts, as JSON values."""
        low, high = self.coverage_interval
        return {**super().to_dict(), "quantiles": jsonable({ALL_ROWS if k is None else k: v for k, v in self.quantiles.items()}),
                "coverage": self.coverage, "coverage_interval": jsonable([low, high]), "mean_size": jsonable(self.mean_size),
                "calibration_rows": len(self.calibration_rows), "evaluation_rows": len(self.evaluation_rows)}

    # -- new rows ------------------------------------------------------------------------------
    def interval(self, X: pd.DataFrame) -> pd.DataFrame:
        """``lower`` and ``upper`` bounds (regression) for rows with the case's input columns."""
        if self.case.is_classifier:
            raise InputError("interval() is for regression models; use predict_set() for classifiers.")
        X = conform(self.case, X)  # the case's columns and the model's categories (a CSV carries neither)
        with one_thread(len(X), self.case.model):  # a few rows (a what-if): threads would only wait
            predicted = np.asarray(self.case.model.predict(X), dtype=float)
        half = self._quantile_per_row(X) * self._scale(X, predicted)
        return pd.DataFrame({"prediction": predicted, "lower": predicted - half, "upper": predicted + half}, index=X.index)

    def predict_set(self, X: pd.DataFrame) -> list[set]:
        """The set of labels for each row (classification)."""
        if not self.case.is_classifier:
            raise InputError("predict_set() is for classifiers; use interval() for regression models.")
        X = conform(self.case, X)
        with one_thread(len(X), self.case.model):
            proba = np.asarray(self.case.model.predict_proba(X), dtype=float)
        return self._sets(X, proba)

    def _sets(self, X: pd.DataFrame, proba: np.ndarray) -> list[set]:
        """The sets of rows ``X`` whose class probabilities are ``proba``."""
        classes = np.asarray(self.case.classes, dtype=object)
        return [set(classes[row].tolist()) for row in self._members(X, proba)]

    def _members(self, X: pd.DataFrame, proba: np.ndarray) -> np.ndarray:
        """rows x classes: True where the class is in the row's set."""
        q = self._quantile_per_row(X)
        if self.scoring == "lac":
            return proba >= 1 - q[:, None]
        return _aps_members(proba, q, _uniforms(len(X), self.random_state))

    # -- evaluation ----------------------------------------------------------------------------
    def covered(self, rows: pd.Index | None = None) -> pd.Series:
        """Whether each evaluation row's label lies in its interval or set."""
        if rows is None:
            if "covered" not in self._memo:
                self._memo["covered"] = self.covered(self.evaluation_rows)
            return self._memo["covered"]
        y = self.case.y.loc[rows]
        if self.case.is_classifier:
            members = self._case_members(rows)
            truth = pd.Index(self.case.classes).get_indexer(y)
            hit = members[np.arange(len(truth)), np.maximum(truth, 0)] & (truth >= 0)
            return pd.Series(hit, index=rows)
        band = self._case_band(rows)
        return (band["lower"] <= y) & (y <= band["upper"])

    def sizes(self, rows: pd.Index | None = None) -> pd.Series:
        """Interval width (regression) or set size (classification) per row."""
        if rows is None:
            if "sizes" not in self._memo:
                self._memo["sizes"] = self.sizes(self.evaluation_rows)
            return self._memo["sizes"]
        if self.case.is_classifier:
            return pd.Series(self._case_members(rows).sum(axis=1), index=rows)
        band = self._case_band(rows)
        return band["upper"] - band["lower"]

    def _own(self, frame, rows: pd.Index):
        """``frame``'s ``rows``: the frame itself when they are all its rows in order (a million-row .loc copied
        every column for nothing)."""
        return frame if rows is frame.index or rows.equals(frame.index) else frame.loc[rows]

    def _case_members(self, rows: pd.Index) -> np.ndarray:
        """Set membership for the case's own rows, from the probabilities loading computed (no model call)."""
        return self._members(self._own(self.case.X, rows), self._own(self.case.proba, rows).to_numpy(dtype=float))

    def _case_band(self, rows: pd.Index) -> pd.DataFrame:
        """Bands for the case's own rows, from the predictions loading computed."""
        X, predicted = self._own(self.case.X, rows), self._own(self.case.predicted, rows).to_numpy(dtype=float)
        half = self._quantile_per_row(X) * self._scale(X, predicted)
        return pd.DataFrame({"prediction": predicted, "lower": predicted - half, "upper": predicted + half}, index=rows)

    @property
    def coverage(self) -> float:
        """Share of evaluation rows (not used for calibration) whose label is covered."""
        return float(self.covered().mean())

    @property
    def coverage_interval(self) -> tuple[float, float]:
        covered = self.covered()
        return wilson_interval(covered.sum(), len(covered))

    @property
    def mean_size(self) -> float:
        """Mean interval width or mean set size on the evaluation rows."""
        return float(self.sizes().mean())

    def coverage_by(self, column: str, bins: int = 4) -> CoverageByGroup:
        """Coverage per group of ``column`` on the evaluation rows, with Wilson 95% intervals."""
        labels = group_labels(self.case.X.loc[self.evaluation_rows, column], bins)
        covered, sizes = self.covered(), self.sizes()
        rows = []
        for group, members in labels.groupby(labels, observed=True).groups.items():
            hits = covered.loc[members]
            low, high = wilson_interval(hits.sum(), len(hits))
            rows.append({"group": str(group), "rows": len(hits), "coverage": float(hits.mean()),
                         "ci_low": low, "ci_high": high, "mean_size": float(sizes.loc[members].mean())})
        table = pd.DataFrame(rows)
        table["short"] = table["ci_high"] < self.level  # coverage clearly below the promise
        table = table.sort_values("coverage").reset_index(drop=True)
        method = _("Coverage per group of {column} on the {rows} rows kept apart from calibration, with 95% Wilson "
                   "intervals; a group falls short when its interval lies below the level.", column=column,
                   rows=count(len(self.evaluation_rows)))
        return CoverageByGroup(column=column, level=self.level, table=table, mondrian=self.mondrian == column,
                               method=method, approximate=True)

    # -- internals -----------------------------------------------------------------------------
    def _quantile_per_row(self, X: pd.DataFrame) -> np.ndarray:
        if self.mondrian is None:
            return np.full(len(X), self.quantiles[None])
        groups = group_labels(X[self.mondrian], reference=self.case.X[self.mondrian], lang="en").astype(str)
        fallback = self.quantiles[OTHER_GROUP]
        return groups.map(lambda g: self.quantiles.get(g, fallback)).to_numpy(dtype=float)

    def _scale(self, X: pd.DataFrame, predicted: np.ndarray) -> np.ndarray:
        if self.difficulty is None:
            return np.ones(len(X))
        return _difficulty(self.difficulty, X, predicted)


def confidence(case: Case, level: float = 0.9, method: str | None = None, mondrian: str | None = None,
               calibration_share: float = 0.5, random_state: int = 0) -> Confidence:
    """Calibrate a conformal predictor on the case's labelled rows (see the module docstring), once per case
    content, settings and language: the confidence section, its coverage summary and the value check ask for the
    same one."""
    _check(case, level, calibration_share, mondrian)
    method = method or ("lac" if case.is_classifier else "adaptive")
    allowed = CLASSIFICATION_METHODS if case.is_classifier else REGRESSION_METHODS
    if method not in allowed:
        raise InputError(f"method {method!r} does not fit a {case.task} model; choose one of {preview(allowed)}.")
    key = ("confidence", id(case.model), *rows_key(case), float(level), method, mondrian, float(calibration_share),
           random_state, current())  # objects too: a case re-made around another model, labels or probabilities
    # keeps its fingerprint; a re-tagged copy (the dashboard's) shares them; the Confidence holds its case
    return per_case(case, key, lambda: _calibrate(case, level, method, mondrian, calibration_share, random_state))


def _calibrate(case: Case, level: float, method: str, mondrian: str | None, calibration_share: float,
               random_state: int) -> Confidence:
    """The calibration itself: split, difficulty model (adaptive), scores and quantiles."""
    order = np.random.default_rng(random_state).permutation(len(case.X))
    cut = int(round(len(order) * calibration_share))
    calibration, evaluation = case.X.index[order[:cut]], case.X.index[order[cut:]]
    difficulty = None
    if method == "adaptive":
        half = len(calibration) // 2
        difficulty = _fit_difficulty(case, calibration[:half], random_state)
        calibration = calibration[half:]
    scores = _scores(case, method, calibration, difficulty, random_state)
    quantiles = _quantiles(case, scores, calibration, level, mondrian)
    return Confidence(case=case, level=level, scoring=method, quantiles=quantiles, mondrian=mondrian,
                      calibration_rows=calibration, evaluation_rows=evaluation, difficulty=difficulty,
                      random_state=random_state, approximate=True,
                      method=_method_words(method, len(calibration), len(evaluation), difficulty, random_state))


def coverage_over_splits(case: Case, level: float, method: str | None = None, repeats: int = 50) -> CoverageOverSplits:
    """Mean and standard deviation of measured coverage over ``repeats`` random calibration/evaluation splits.

    One split of a small data set measures coverage roughly; the mean over many splits shows
    what the method delivers on this data (split conformal promises at least the level on average).
    No split refits anything: split conformal with a fixed non-conformity score needs only each row's
    score, so the scores are computed once (from the predictions made at loading) and re-split.
    ``lac``, ``aps`` and ``absolute`` splits are those of ``confidence(random_state=seed)`` for seeds
    0..repeats-1, with the same numbers. ``adaptive`` learns its difficulty model once, on seed 0's
    difficulty rows, and re-splits the other rows' scores (split 0 is seed 0's split): the average is
    the method's coverage given that difficulty model.
    """
    first = confidence(case, level, method, random_state=0)  # checks the input; the one difficulty fit
    if first.difficulty is not None:
        values, words = _adaptive_splits(first, repeats)
    else:
        values, words = _fixed_score_splits(first, repeats)
    return CoverageOverSplits(level=level, scoring=first.scoring, repeats=repeats,
                              evaluation_rows=len(first.evaluation_rows), mean=float(np.mean(values)),
                              std=float(np.std(values)), method=words, approximate=True)


def _fixed_score_splits(first: Confidence, repeats: int) -> tuple[list[float], str]:
    """Coverage of seeds 0..repeats-1 from scores that need no fit (``lac``, ``aps``, ``absolute``)."""
    case, level, n = first.case, first.level, len(first.case.X)
    cut = len(first.calibration_rows)
    score = _row_scores(case, first.scoring)
    values = []
    for seed in range(repeats):
        order = np.random.default_rng(seed).permutation(n)
        calibration, evaluation = order[:cut], order[cut:]
        q = conformal_quantile(score(calibration, seed + 1), level)
        values.append(float(np.mean(score(evaluation, seed) <= q)))
    words = _("Split conformal prediction ({scoring}) repeated on {repeats} random splits (seeds 0 to {last}) of the "
              "{rows} labelled rows: {calibrate} calibrate, {checked} are checked. Each row's non-conformity score "
              "comes from the predictions made at loading, computed once and re-split (split conformal needs nothing "
              "else: the model is not called again).", scoring=first.scoring, repeats=count(repeats),
              last=count(repeats - 1), rows=count(n), calibrate=count(cut), checked=count(n - cut))
    return values, words


def _row_scores(case: Case, scoring: str):
    """``score(positions, seed)``: the non-conformity of the rows at ``positions`` (APS draws its random share
    from ``seed`` in the order given, as :func:`confidence` does for calibration and evaluation rows)."""
    if not case.is_classifier:
        residual = np.abs(case.y.to_numpy(dtype=float) - case.predicted.to_numpy(dtype=float))
        return lambda positions, seed: residual[positions]
    proba = case.proba.to_numpy(dtype=float)
    truth = class_positions(case.y, case.classes)
    own = proba[np.arange(len(truth)), truth]
    if scoring == "lac":
        return lambda positions, seed: 1 - own[positions]
    above = np.where(proba > own[:, None], proba, 0).sum(axis=1)
    return lambda positions, seed: above[positions] + _uniforms(len(positions), seed) * own[positions]


def _adaptive_splits(first: Confidence, repeats: int) -> tuple[list[float], str]:
    """Coverage over splits of the rows the difficulty model did not learn from, their scores computed once."""
    case, level = first.case, first.level
    rows = first.calibration_rows.append(first.evaluation_rows)  # seed 0's split first: split 0 is that split
    predicted = case.predicted.loc[rows].to_numpy(dtype=float)
    residual = np.abs(case.y.loc[rows].to_numpy(dtype=float) - predicted)
    scores = residual / _difficulty(first.difficulty, case.X.loc[rows], predicted)
    cut = len(first.calibration_rows)
    values = []
    for seed in range(repeats):
        order = np.arange(len(rows)) if seed == 0 else np.random.default_rng(seed).permutation(len(rows))
        q = conformal_quantile(scores[order[:cut]], level)
        values.append(float(np.mean(scores[order[cut:]] <= q)))
    learnt = len(case.X) - len(rows)
    words = _("Split conformal prediction (adaptive) on {repeats} random splits of the {rows} labelled rows that did "
              "not teach the difficulty model ({calibrate} calibrate, {checked} are checked; split 0 is the one shown, "
              "the others use seeds 1 to {last}). The difficulty model is learnt once, on seed 0's other {learnt} "
              "rows, so each row's score is computed once and re-split: the average is the method's coverage given "
              "that difficulty model, and its spread leaves out the variation a new difficulty model would add.",
              repeats=count(repeats), rows=count(len(rows)), calibrate=count(cut), checked=count(len(rows) - cut),
              last=count(repeats - 1), learnt=count(learnt))
    return values, words


def _method_words(scoring: str, calibrated: int, evaluated: int, difficulty, seed: int) -> str:
    """How the bands were made and checked, in words."""
    values = {"scoring": scoring, "calibrated": count(calibrated), "evaluated": count(evaluated), "seed": seed}
    if difficulty is not None:
        return _("Split conformal prediction ({scoring}) calibrated on {calibrated} labelled rows (plus as many to "
                 "learn each row's difficulty); coverage measured on {evaluated} other rows (random split, seed "
                 "{seed}).", **values)
    return _("Split conformal prediction ({scoring}) calibrated on {calibrated} labelled rows; coverage measured on "
             "{evaluated} other rows (random split, seed {seed}).", **values)


def _check(case: Case, level: float, share: float, mondrian: str | None) -> None:
    if not case.labelled:
        raise InputError("Confidence bands are calibrated on labelled rows; open data that has the target column.")
    if case.is_classifier and case.proba is None:
        raise InputError("Prediction sets need predicted probabilities; this model has no predict_proba.")
    if not 0 < level < 1:
        raise InputError(f"level must be between 0 and 1 (e.g. 0.9 for 90%), got {level!r}.")
    if not 0.1 <= share <= 0.9:
        raise InputError(f"calibration_share must be between 0.1 and 0.9, got {share!r}.")
    if mondrian is not None and mondrian not in case.X.columns:
        raise InputError(f"Column {mondrian!r} is not in the data; choose one of {preview(case.X.columns)}.")
    if len(case.X) < 20:
        raise InputError(f"Only {len(case.X)} labelled rows: conformal calibration needs at least 20.")


def _scores(case, method, rows, difficulty, random_state) -> np.ndarray:
    """Non-conformity: how badly the model's output fits each calibration row's label."""
    if case.is_classifier:
        proba = case.proba.loc[rows].to_numpy()
        truth = class_positions(case.y.loc[rows], case.classes)
        if method == "lac":
            return 1 - proba[np.arange(len(rows)), truth]
        return _aps_scores(proba, truth, _uniforms(len(rows), random_state + 1))
    predicted = case.predicted.loc[rows].to_numpy(dtype=float)
    residual = np.abs(case.y.loc[rows].to_numpy(dtype=float) - predicted)
    if difficulty is None:
        return residual
    return residual / _difficulty(difficulty, case.X.loc[rows], predicted)


def _quantiles(case, scores, rows, level, mondrian) -> dict:
    if mondrian is None:
        return {None: conformal_quantile(scores, level)}
    # English bin names: they are keys (never shown), the same whichever language fits or predicts
    groups = group_labels(case.X.loc[rows, mondrian], reference=case.X[mondrian], lang="en").astype(str).to_numpy()
    found = {g: conformal_quantile(scores[groups == g], level) for g in np.unique(groups)}
    found[OTHER_GROUP] = conformal_quantile(scores, level)
    return found


def _uniforms(count: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(size=count)


def _aps_scores(proba, truth, u) -> np.ndarray:
    """Probability mass of classes ranked above the true one, plus a random share of its own."""
    own = proba[np.arange(len(truth)), truth]
    above = np.where(proba > own[:, None], proba, 0).sum(axis=1)
    return above + u * own


def _aps_members(proba, q, u) -> np.ndarray:
    """Classes whose randomised APS score (as if each were the truth) is within the quantile."""
    above = np.einsum("ij,ijk->ik", proba, proba[:, :, None] > proba[:, None, :])
    return above + u[:, None] * proba <= q[:, None]


def _fit_difficulty(case: Case, rows, random_state):
    """A model of |residual| from the inputs and the prediction: the row's expected difficulty."""
    predicted = case.predicted.loc[rows].to_numpy(dtype=float)
    residual = np.abs(case.y.loc[rows].to_numpy(dtype=float) - predicted)
    codes = _category_codes(case.X)  # the same codes when fitting and when used on any row
    features = _difficulty_features(case.X.loc[rows], predicted, codes)
    model = HistGradientBoostingRegressor(max_iter=100, max_depth=3, learning_rate=0.05, min_samples_leaf=20,
                                          random_state=random_state)
    with one_thread(len(features), model):  # a few thousand rows: OpenMP threads spin under load (0.5 s -> 6-13 s)
        model.fit(features, residual)
    floor = max(float(np.quantile(residual, 0.1)), 1e-9)  # no zero-width bands from over-confident fits
    return {"model": model, "floor": floor, "codes": codes}


def _difficulty(fitted, X, predicted) -> np.ndarray:
    features = _difficulty_features(X, predicted, fitted["codes"])
    with one_thread(len(features), fitted["model"]):
        return np.maximum(fitted["model"].predict(features), fitted["floor"])


def _category_codes(X: pd.DataFrame) -> dict:
    return {c: {v: i for i, v in enumerate(sorted(X[c].dropna().unique(), key=str))}
            for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])}


def _difficulty_features(X: pd.DataFrame, predicted, codes: dict) -> np.ndarray:
    columns = [X[c].map(codes[c]).to_numpy(dtype=float) if c in codes else X[c].to_numpy(dtype=float)
               for c in X.columns]
    return np.column_stack([predicted, *columns])
