"""``attributions``: SHAP values in the user's own input columns and the model's output units.

The engine is chosen per case (see engines.py): native or shap TreeSHAP for tree
ensembles, linear SHAP for linear models; for anything else, or a Pipeline whose transformed
columns do not map back to input columns, the model-agnostic path on the raw columns: exact
enumeration of coalitions up to eight columns (coalitions.py), permutation sampling beyond.
Every call checks ``base_values + values.sum(axis=1) == output`` against the model's own
output (a binary model's log-odds: its native margin) and stores the largest error;
approximate results say so in ``approximate`` and ``method``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from ..core.case import Case
from ..core.errors import InputError, preview
from ..core.estimators import input_map, split_pipeline
from ..core.memo import per_case
from ..core.result import PRIVATE, Result, jsonable
from ..core.threads import one_thread
from . import coalitions
from .engines import Engine, choose_engine
from .outputs import NO_PROBABILITY, check_units, class_index, output_function, stored_output
from .permutation import permutation_shap
from .units import RESCALED, logit_to_probability, softmax_to_probability

CHUNK_ROWS = 2000
BACKGROUND_ROWS = 50
PERMUTATIONS = 5  # antithetic pairs: 10 orders per row


@dataclass(frozen=True)
class Attributions(Result):
    """SHAP values of some rows: ``base_values + values.sum(axis=1) == output`` for every row.

    ``values``: rows x input columns, in ``units``. ``base_values`` and ``output`` (the model's
    prediction): one per row, in ``units``. ``data``: the explained rows' input values (not in
    JSON: row-level values). ``units``: e.g. "probability of bad", "rentals", "log-odds of >50K".
    ``to_dict()`` gives one record per row: its label, base value, output and contributions.
    """

    values: pd.DataFrame = field(metadata=PRIVATE)
    base_values: np.ndarray = field(metadata=PRIVATE)
    output: np.ndarray = field(metadata=PRIVATE)
    data: pd.DataFrame = field(metadata=PRIVATE, repr=False)
    units: str
    target_class: object
    max_additivity_error: float

    def row(self, label) -> pd.Series:
        """Contributions of one row, by its index label."""
        return self.values.loc[label]

    def to_dict(self) -> dict:
        """The summary fields, and ``rows``: one record per row (row, base_value, output, contributions)."""
        records = [{"row": jsonable(label), "base_value": jsonable(base), "output": jsonable(out),
                    "contributions": jsonable(self.values.iloc[i])}
                   for i, (label, base, out) in enumerate(zip(self.values.index, self.base_values, self.output,
                                                               strict=True))]
        return super().to_dict() | {"rows": records}


@dataclass(frozen=True)
class _Plan:
    engine: Engine | None
    preprocess: object
    mapping: np.ndarray | None
    all_rows: dict = field(default_factory=dict)  # cached results for rows=None, by (class, units, seed)
    exact_units: dict = field(default_factory=dict)  # (class, units) -> whether the exact engine serves them


def attributions(case: Case, rows=None, target_class=None, units: str = "probability",
                 random_state: int = 0, n_jobs: int | None = None) -> Attributions:
    """Explain ``rows`` of the case (None: all; index labels; or a DataFrame of input rows).

    ``target_class``: for classifiers, whose probability is explained (default: the positive
    class, else the first class). ``units``: "probability" or "log-odds" for classifiers;
    regressors are always in the target's own units, and a classifier without predict_proba is
    explained in its decision score (decision_function), with a note.
    """
    X = _rows(case, rows)
    if len(X) == 0:
        raise InputError("No rows to explain: pass None (all rows), index labels or a non-empty DataFrame.")
    k, _ = class_index(case, target_class)
    units = check_units(case, units)
    plan = _plan(case)
    key = (k, units, random_state)
    if rows is None and key in plan.all_rows:
        return plan.all_rows[key]
    result = _exact(case, plan, X, k, units, n_jobs) if plan.engine is not None else None
    if result is None:
        result = _agnostic(case, X, k, units, random_state, n_jobs)
    if rows is None:
        plan.all_rows[key] = result
    return result


def exact_method(case: Case, units: str = "probability", target_class=None) -> str | None:
    """The exact engine this case uses for these units, or None when it takes the (slower)
    permutation path: no exact engine, or one that cannot give these units (a forest averages
    probabilities, so it has no exact log-odds split). Checked once on one row, then cached."""
    plan = _plan(case)
    if plan.engine is None:
        return None
    k, _ = class_index(case, target_class)
    key = (k, check_units(case, units))
    if key not in plan.exact_units:
        plan.exact_units[key] = _exact(case, plan, case.X.iloc[:1], k, key[1], n_jobs=1) is not None
    return plan.engine.name if plan.exact_units[key] else None


# TreeSHAP on scikit-learn trees, seconds per row per (leaf x sqrt(depth)) of every tree: 0.20e-6 on
# the german forest (300 trees, 60 leaves, depth 8), 0.22e-6 on a 100-tree unlimited-depth forest on
# adult rows (3,904 leaves, depth 51) on this 2-core machine.
TREESHAP_SECONDS = 0.22e-6


def affordable_rows(case: Case, seconds: float, at_most: int, at_least: int = 40) -> int:
    """How many rows to explain so that exact attributions take about ``seconds``, between
    ``at_least`` and ``at_most``. Only scikit-learn tree models are capped: path-dependent
    TreeSHAP time grows with the trees' leaves and depth, so a forest of unlimited-depth trees
    (the default) costs 10-100x a shallow one. Deterministic: it depends on the model, not on a timing."""
    _, estimator = split_pipeline(case.model)
    members = getattr(estimator, "estimators_", [estimator])  # a forest's list, boosting's 2-D array, or one tree
    members = members.ravel() if isinstance(members, np.ndarray) else members
    trees = [getattr(e, "tree_", None) for e in members]
    size = sum(int(t.n_leaves) * np.sqrt(max(int(t.max_depth), 1)) for t in trees
               if t is not None and hasattr(t, "n_leaves"))
    if size == 0:
        return at_most
    return int(min(max(seconds / (size * TREESHAP_SECONDS), at_least), at_most))


def _rows(case: Case, rows) -> pd.DataFrame:
    if rows is None:
        return case.X
    if isinstance(rows, pd.DataFrame):
        missing = [c for c in case.X.columns if c not in rows.columns]
        if missing:
            raise InputError(f"Rows to explain lack the model's columns {preview(missing)}.")
        return rows[list(case.X.columns)]
    labels = [rows] if np.isscalar(rows) else list(rows)
    unknown = [r for r in labels if r not in case.X.index]
    if unknown:
        raise InputError(f"Rows {preview(unknown)} are not in the data (its index runs {case.X.index[0]}..{case.X.index[-1]}).")
    return case.X.loc[labels]


def _plan(case: Case) -> _Plan:
    """Engine and column map, made once per case (building a TreeExplainer is not free)."""
    return per_case(case, "attribution_plan", lambda: _make_plan(case))


def _make_plan(case: Case) -> _Plan:
    preprocess, estimator = split_pipeline(case.model)
    mapping = input_map(preprocess, list(case.X.columns))
    engine = None
    if mapping is not None:
        def background():
            return preprocess.transform(case.X) if preprocess is not None else case.X
        try:
            engine = choose_engine(estimator, background)
        except Exception:  # an explainer that refuses this model: use the model-agnostic path
            engine = None
    return _Plan(engine, preprocess, mapping)


def _exact(case, plan, X, k, units, n_jobs) -> Attributions | None:
    chunks = [X.iloc[i:i + CHUNK_ROWS] for i in range(0, len(X), CHUNK_ROWS)]
    transform = plan.preprocess.transform if plan.preprocess is not None else (lambda frame: frame)
    raws = Parallel(n_jobs=n_jobs)(delayed(plan.engine.explain)(transform(chunk)) for chunk in chunks)
    values = np.concatenate([r.values for r in raws])
    base = np.concatenate([r.base for r in raws])
    values, base, approximate, method = _to_units(values, base, raws[0].space, k, units, plan.engine.name)
    if values is None:
        return None
    result = _result(case, X, values @ plan.mapping, base, k, units, method, approximate)
    scale = 1.0 + float(np.max(np.abs(result.output))) if len(X) else 1.0
    return result if result.max_additivity_error <= 1e-6 * scale else None  # else: agnostic path


def _to_units(values, base, space, k, units, method):
    """Select the class and convert the raw space to the wanted units; None if impossible."""
    if space == "identity":
        return values, base, False, method
    if space == "margin":
        if units != "margin":
            return None, None, None, None
        if values.ndim == 3:
            return values[:, :, k], base[:, k], False, method
        sign = 1.0 if k == 1 else -1.0  # the binary score is for classes_[1]
        return sign * values, sign * base, False, method
    if units == "margin":
        return None, None, None, None
    if space == "probability":
        if units == "log-odds":
            return None, None, None, None  # forests average probabilities: no exact log-odds split
        return values[:, :, k], base[:, k], False, method
    if space == "logit":
        sign = 1.0 if k == 1 else -1.0  # raw score is for classes_[1]; class 0 is its negative
        values, base = sign * values, sign * base
        if units == "log-odds":
            return values, base, False, method
        values, base = logit_to_probability(values, base)
        return values, base, True, f"{method}; {RESCALED}"
    if units == "log-odds":
        return None, None, None, None  # multiclass raw scores are not per-class log-odds
    values, base = softmax_to_probability(values, base, k)
    return values, base, True, f"{method}; {RESCALED}"


def _agnostic(case, X, k, units, random_state, n_jobs) -> Attributions:
    output = output_function(case, k, units)
    background = case.X.sample(min(BACKGROUND_ROWS, len(case.X)), random_state=random_state)
    exact = X.shape[1] <= coalitions.MAX_COLUMNS
    chunks = [X.iloc[i:i + 25] for i in range(0, len(X), 25)]
    parts = Parallel(n_jobs=n_jobs)(delayed(_agnostic_chunk)(output, chunk, background, exact, random_state, case.model)
                                    for chunk in chunks)
    values = np.vstack([p[0] for p in parts]) if parts else np.zeros((0, X.shape[1]))
    base = np.full(len(X), parts[0][1] if parts else 0.0)
    if exact:
        method = (f"Exact Shapley values on the raw columns (all {2 ** X.shape[1]:,} coalitions of "
                  f"{X.shape[1]} columns, {len(background)} background rows)")
    else:
        method = (f"Permutation SHAP on the raw columns ({2 * PERMUTATIONS} antithetic orders, "
                  f"{len(background)} background rows; estimates, additive by construction)")
    return _result(case, X, values, base, k, units, method, approximate=not exact)


def _agnostic_chunk(output, chunk, background, exact, random_state, model):
    """One chunk of rows on the model-agnostic path, its many small model calls on one OpenMP thread."""
    with one_thread(0, model):
        if exact:
            return coalitions.exact_shap(output, chunk, background)
        return permutation_shap(output, chunk, background, PERMUTATIONS, random_state)


def _result(case, X, values, base, k, units, method, approximate) -> Attributions:
    base = np.broadcast_to(np.asarray(base, dtype=float), (len(X),))  # one base value per row, never (n, 1)
    output = stored_output(case, X, k, units)
    if output is None:
        with one_thread(len(X), case.model):
            output = output_function(case, k, units)(X)
    error = float(np.max(np.abs(base + values.sum(axis=1) - output))) if len(X) else 0.0
    cls = case.classes[k] if k is not None else None
    return Attributions(
        values=pd.DataFrame(values, index=X.index, columns=X.columns),
        base_values=np.asarray(base, dtype=float), output=np.asarray(output, dtype=float), data=X,
        units=_units_label(case, units, cls), target_class=cls, method=method, approximate=approximate,
        max_additivity_error=error, notes=(NO_PROBABILITY,) if units == "margin" else (),
    )


def _units_label(case, units, cls) -> str:
    """E.g. "probability of bad", "log-odds of >50K", "decision score of 1", or the target's name."""
    if cls is None:
        return case.target or "prediction"
    return f"{ {'log-odds': 'log-odds', 'margin': 'decision score'}.get(units, 'probability')} of {cls}"
