"""SHAP values in a model's transformed input space, by the fastest exact method that fits.

Each engine returns :class:`RawShap` in the estimator's own raw space: ``probability`` (forests
average leaf probabilities), ``logit`` (binary boosting, logistic regression), ``softmax``
(multiclass raw scores), ``margin`` (decision scores of classifiers without predict_proba, such
as RidgeClassifier and LinearSVC) or ``identity`` (regressors). Converting units and summing back to
input columns happens in attributions.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sparse
from sklearn.base import is_classifier

PROBABILITY_TREES = ("RandomForestClassifier", "ExtraTreesClassifier", "DecisionTreeClassifier",
                     "ExtraTreeClassifier")
SKLEARN_TREES = PROBABILITY_TREES + (
    "RandomForestRegressor", "ExtraTreesRegressor", "DecisionTreeRegressor", "ExtraTreeRegressor",
    "GradientBoostingClassifier", "GradientBoostingRegressor",
    "HistGradientBoostingClassifier", "HistGradientBoostingRegressor", "IsolationForest")
IDENTITY_OBJECTIVES = ("regression", "regression_l2", "l2", "mse", "mean_squared_error", "rmse", "l1",
                       "regression_l1", "mae", "huber", "fair", "quantile", "reg:squarederror", "reg:absoluteerror",
                       "reg:pseudohubererror", "reg:quantileerror")
CATBOOST_IDENTITY = ("RMSE", "MAE", "Quantile", "Huber", "Expectile", "Lq")
LINEAR_SVM = ("LinearSVC", "LinearSVR")


@dataclass(frozen=True)
class RawShap:
    values: np.ndarray  # (n, f) or (n, f, K)
    base: np.ndarray  # (n,) or (n, K)
    space: str  # probability | logit | softmax | identity


@dataclass(frozen=True)
class Engine:
    """A fitted explainer for one estimator: call it on transformed rows."""

    name: str  # the method, as shown to users
    explain: object  # callable(Xt) -> RawShap


def choose_engine(estimator, background) -> Engine | None:
    """The exact engine for this estimator, or None (then use the model-agnostic path). ``background()``
    gives the transformed data; only Linear SHAP needs it (its mean), so tree models skip that pass."""
    kind = type(estimator).__name__
    module = type(estimator).__module__
    if module.startswith("lightgbm") and _identity_or_classifier(estimator, estimator.get_params().get("objective")):
        return Engine("TreeSHAP (LightGBM's native pred_contrib, path-dependent)", _LightGBM(estimator))
    if module.startswith("xgboost") and _identity_or_classifier(estimator, estimator.get_params().get("objective")):
        return Engine("TreeSHAP (XGBoost's native pred_contribs, path-dependent)", _XGBoost(estimator))
    if module.startswith("catboost") and _identity_or_classifier(estimator, _catboost_loss(estimator)):
        return Engine("TreeSHAP (shap.TreeExplainer on CatBoost's oblivious trees, exact)", _CatBoost(estimator))
    multiclass_gb = kind == "GradientBoostingClassifier" and len(getattr(estimator, "classes_", [])) > 2
    if (kind in SKLEARN_TREES and kind != "IsolationForest" and not _native_categories(estimator)
            and not multiclass_gb  # shap's TreeExplainer supports it for binary tasks only
            and _identity_or_classifier(estimator, _sklearn_loss(estimator))):
        return Engine("TreeSHAP (shap.TreeExplainer, path-dependent)", _SklearnTree(estimator))
    linear = module.startswith("sklearn.linear_model") or kind in LINEAR_SVM
    if linear and hasattr(estimator, "coef_") and _linear_output_ok(estimator):
        return Engine("Linear SHAP (coefficient x deviation from the data mean, features independent)",
                      _Linear(estimator, background()))
    return None


def _identity_or_classifier(estimator, objective) -> bool:
    if is_classifier(estimator):
        return True
    return objective is None or objective in IDENTITY_OBJECTIVES


def _native_categories(estimator) -> bool:
    """HistGradientBoosting with categorical splits: shap 0.51's TreeExplainer gets these wrong
    (additivity errors of hundreds of units seen on the bike data), so they take the agnostic path."""
    return bool(np.any(getattr(estimator, "is_categorical_", None) is not None and estimator.is_categorical_))


def _sklearn_loss(estimator):
    loss = getattr(estimator, "loss", None)
    return None if loss in (None, "squared_error", "absolute_error", "huber", "quantile") else loss


def _catboost_loss(estimator):
    loss = str(estimator.get_all_params().get("loss_function", ""))
    return None if loss.split(":")[0] in CATBOOST_IDENTITY else loss


def _linear_output_ok(estimator) -> bool:
    if is_classifier(estimator):
        if not callable(getattr(estimator, "predict_proba", None)):
            return callable(getattr(estimator, "decision_function", None))  # explained as a margin
        return type(estimator).__name__ == "LogisticRegression"
    return type(estimator).__name__ not in ("PoissonRegressor", "GammaRegressor", "TweedieRegressor")


def _dense(Xt):
    if sparse.issparse(Xt):
        return Xt.toarray()
    return Xt


def _classifier_space(n_classes: int) -> str:
    return "logit" if n_classes == 2 else "softmax"


class _LightGBM:
    def __init__(self, estimator):
        self.estimator = estimator

    def __call__(self, Xt) -> RawShap:
        # num_threads=0: OpenMP's default (all cores), whatever n_jobs the model was trained with
        contrib = np.asarray(self.estimator.predict(_dense(Xt), pred_contrib=True, num_threads=0), dtype=float)
        n_classes = len(getattr(self.estimator, "classes_", [])) or 1
        if n_classes > 2:
            per_class = contrib.reshape(len(contrib), n_classes, -1)
            return RawShap(per_class[:, :, :-1].transpose(0, 2, 1), per_class[:, :, -1], "softmax")
        space = _classifier_space(2) if n_classes == 2 else "identity"
        return RawShap(contrib[:, :-1], contrib[:, -1], space)


class _XGBoost:
    def __init__(self, estimator):
        self.booster = estimator.get_booster()
        self.n_classes = len(getattr(estimator, "classes_", [])) or 1

    def __call__(self, Xt) -> RawShap:
        import xgboost

        matrix = xgboost.DMatrix(_dense(Xt), enable_categorical=True)
        contrib = np.asarray(self.booster.predict(matrix, pred_contribs=True), dtype=float)
        if self.n_classes > 2:
            return RawShap(contrib[:, :, :-1].transpose(0, 2, 1), contrib[:, :, -1], "softmax")
        space = "logit" if self.n_classes == 2 else "identity"
        return RawShap(contrib[:, :-1], contrib[:, -1], space)


class _SklearnTree:
    def __init__(self, estimator):
        import shap

        self.explainer = shap.TreeExplainer(estimator)
        n_classes = len(getattr(estimator, "classes_", [])) if is_classifier(estimator) else 0
        if type(estimator).__name__ in PROBABILITY_TREES:
            self.space = "probability"
        else:
            self.space = _classifier_space(n_classes) if n_classes else "identity"

    def __call__(self, Xt) -> RawShap:
        values = np.asarray(self.explainer.shap_values(_dense(Xt), check_additivity=False), dtype=float)
        if values.ndim == 3 and values.shape[0] != Xt.shape[0] and values.shape[1] == Xt.shape[0]:
            values = values.transpose(1, 2, 0)  # older shap: list per class
        base = np.broadcast_to(np.asarray(self.explainer.expected_value, dtype=float),
                               (values.shape[0],) + np.shape(self.explainer.expected_value)).copy()
        if self.space == "logit" and values.ndim == 3:
            values, base = values[:, :, -1], base[:, -1]
        if self.space in ("logit", "identity") and base.ndim == 2:
            base = base[:, -1]  # single-output models report expected_value as a length-1 array
        return RawShap(values, base, self.space)


class _Linear:
    def __init__(self, estimator, background_t):
        coef = np.atleast_2d(np.asarray(estimator.coef_, dtype=float))
        intercept = np.atleast_1d(np.asarray(estimator.intercept_, dtype=float))
        self.mean = np.asarray(_dense(background_t), dtype=float).mean(axis=0)
        self.coef, self.base = coef, intercept + coef @ self.mean
        n_classes = len(getattr(estimator, "classes_", [])) if is_classifier(estimator) else 0
        self.space = _classifier_space(n_classes) if n_classes else "identity"
        if n_classes and not callable(getattr(estimator, "predict_proba", None)):
            self.space = "margin"  # decision_function: coef @ x + intercept, per class when multiclass

    def __call__(self, Xt) -> RawShap:
        deviation = np.asarray(_dense(Xt), dtype=float) - self.mean
        values = deviation[:, :, None] * self.coef.T[None, :, :]  # (n, f, outputs)
        base = np.tile(self.base, (len(deviation), 1))
        if values.shape[2] == 1:
            return RawShap(values[:, :, 0], base[:, 0], self.space)
        return RawShap(values, base, self.space)


class _CatBoost:
    """shap's TreeExplainer on CatBoost (which computes exact SHAP on its oblivious trees itself)."""

    def __init__(self, estimator):
        import shap

        self.explainer = shap.TreeExplainer(estimator)
        n_classes = len(getattr(estimator, "classes_", [])) if is_classifier(estimator) else 0
        self.space = _classifier_space(n_classes) if n_classes else "identity"

    def __call__(self, Xt) -> RawShap:
        values = np.asarray(self.explainer.shap_values(Xt), dtype=float)
        expected = np.asarray(self.explainer.expected_value, dtype=float)
        base = np.broadcast_to(expected, (values.shape[0],) + expected.shape).copy()
        if self.space == "softmax" and values.shape[1] != Xt.shape[1]:
            values = values.transpose(0, 2, 1)  # (n, K, f) -> (n, f, K)
        return RawShap(values, base, self.space)
