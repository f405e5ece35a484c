"""The model output that attributions explain: a class probability, its log-odds, a decision score, or a value.

Units: ``probability`` (predict_proba), ``log-odds`` (binary: the model's own margin when its
sigmoid is the probability, as for boosted and logistic models, so nothing is lost to float32
rounding near 0 and 1; else the logit of the probability), ``margin`` (decision_function, for
classifiers without predict_proba such as RidgeClassifier and LinearSVC) and ``identity``
(regressors, the target's own units).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit, logit

from ..core.case import Case
from ..core.errors import InputError, preview
from ..core.estimators import split_pipeline
from ..core.memo import per_case

MARGIN_CHECK_ROWS = 200
NO_PROBABILITY = ("The model has no predict_proba, so its decision score (decision_function) is explained "
                  "instead of a probability.")


def class_index(case: Case, target_class) -> tuple[int | None, object]:
    """Position and label of the explained class (None, None for regressors)."""
    if not case.is_classifier:
        return None, None
    if case.proba is None and not has_decision_function(case.model):
        raise InputError("The model has neither predict_proba nor decision_function, so there is no score to "
                         "explain. Refit it with probabilities (e.g. SVC(probability=True) or CalibratedClassifierCV).")
    wanted = target_class if target_class is not None else (
        case.positive_class if case.positive_class is not None else case.classes[0])
    matches = [i for i, c in enumerate(case.classes) if c == wanted or str(c) == str(wanted)]
    if not matches:
        raise InputError(f"Class {wanted!r} is not one of the model's classes {preview(case.classes)}.")
    return matches[0], case.classes[matches[0]]


def check_units(case: Case, units: str) -> str:
    """The units served: ``identity`` for regressors, ``margin`` for classifiers without probabilities."""
    if not case.is_classifier:
        return "identity"
    if units not in ("probability", "log-odds", "margin"):
        raise InputError(f"units must be 'probability' or 'log-odds', got {units!r}.")
    if case.proba is None:
        return "margin"
    if units == "margin":
        raise InputError("units='margin' is for classifiers without predict_proba; use 'probability' or 'log-odds'.")
    return units


def has_decision_function(model) -> bool:
    return callable(getattr(model, "decision_function", None))


def output_function(case: Case, k, units):
    """Callable: input rows (DataFrame) -> the explained output, one float per row."""
    model = case.model
    if k is None:
        return lambda frame: np.asarray(model.predict(frame), dtype=float)
    if units == "margin":
        return lambda frame: _class_score(model.decision_function(frame), k)
    if units == "log-odds":
        margin = native_margin(case)
        if margin is not None and len(case.classes) == 2:
            return lambda frame: _class_score(margin(frame), k)
        return lambda frame: logit(np.clip(model.predict_proba(frame)[:, k], 1e-12, 1 - 1e-12))
    return lambda frame: model.predict_proba(frame)[:, k]


def stored_output(case: Case, X: pd.DataFrame, k, units) -> np.ndarray | None:
    """The output for rows of the case itself from what loading predicted (None: predict again)."""
    if units in ("margin", "log-odds") and k is not None:
        return None  # margins are not stored at load
    if X is not case.X and not (X.index.isin(case.X.index).all() and X.equals(case.X.loc[X.index])):
        return None
    if k is None:
        return case.predicted.loc[X.index].to_numpy(dtype=float)
    return case.proba.iloc[:, k].loc[X.index].to_numpy(dtype=float)


def native_margin(case: Case):
    """The binary model's raw score function when sigmoid(score) is its probability of classes[1], else None.

    Checked on the case's rows against predict_proba (in probability space, where float32 is exact
    enough); computed once per case."""
    return per_case(case, "native_margin", lambda: _checked_margin(case))


def _checked_margin(case: Case):
    if case.proba is None or len(case.classes) != 2:
        return None
    score = _margin_function(case.model)
    if score is None:
        return None
    X = case.X.iloc[:MARGIN_CHECK_ROWS]
    try:
        margin = np.asarray(score(X), dtype=float).reshape(len(X), -1)
    except Exception:  # noqa: BLE001 - a raw-score option that fails: use the logit of its probability
        return None
    if margin.shape[1] != 1:
        return None
    agrees = np.allclose(expit(margin[:, 0]), case.proba.iloc[:MARGIN_CHECK_ROWS, 1].to_numpy(), rtol=0, atol=1e-6)
    return score if agrees else None


def _margin_function(model):
    _, estimator = split_pipeline(model)
    module = type(estimator).__module__
    if module.startswith("xgboost"):
        return lambda frame: model.predict(frame, output_margin=True)
    if module.startswith("lightgbm"):
        return lambda frame: model.predict(frame, raw_score=True)
    if module.startswith("catboost"):
        return lambda frame: model.predict(frame, prediction_type="RawFormulaVal")
    return model.decision_function if has_decision_function(model) else None


def _class_score(scores, k: int) -> np.ndarray:
    """Class ``k``'s score: one column per class, or one binary score for classes[1] (negated for class 0)."""
    scores = np.asarray(scores, dtype=float)
    if scores.ndim == 2 and scores.shape[1] > 1:
        return scores[:, k]
    scores = scores.reshape(-1)
    return scores if k == 1 else -scores
