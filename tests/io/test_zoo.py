"""The model zoo (issue 21): common kinds of model, each opened from joblib + CSV and explained exactly.

For every kind: the model opens from files; its attributions add up to the model's own output
(within 1e-6 when exact, and exact when the kind has an exact method); exact ones equal shap's
own explainer (TreeExplainer, LinearExplainer, or ExactExplainer on the same background rows),
summed back to input columns; a classifier's counterfactuals change the decision when
re-predicted; and the JSON report is written. Small data and few rows keep it near a minute.
"""

from __future__ import annotations

import json

import lightgbm
import numpy as np
import pandas as pd
import pytest
import shap
import xgboost
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
from sklearn.ensemble import (
    ExtraTreesClassifier,
    GradientBoostingClassifier,
    HistGradientBoostingClassifier,
    RandomForestRegressor,
    StackingClassifier,
    VotingClassifier,
)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge, RidgeClassifier
from sklearn.neighbors import KNeighborsRegressor
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, OrdinalEncoder, StandardScaler
from sklearn.svm import SVC, LinearSVC
from sklearn.tree import DecisionTreeClassifier

import explainers
from explainers.why import section as why_section
from tests.model_kinds_helpers import assert_additive, mixed_frame, open_from_files

ROWS = 120
EXPLAINED = 4
TEXT = ["cat_x", "cat_y"]


class Clipper(BaseEstimator, TransformerMixin):
    """A custom transformer (clips each column to its training range), as users write them."""

    def fit(self, X, y=None):
        X = np.asarray(X, dtype=float)
        self.low_, self.high_ = X.min(axis=0), X.max(axis=0)
        return self

    def transform(self, X):
        return np.clip(np.asarray(X, dtype=float), self.low_, self.high_)


def _cancer(columns=6):
    data = load_breast_cancer(as_frame=True)
    return data.data.iloc[:ROWS, :columns], data.target.iloc[:ROWS].to_numpy()


def _wine(columns=6):
    data = load_wine(as_frame=True)
    X, y = data.data.iloc[:, :columns], data.target.to_numpy()
    keep = np.random.default_rng(0).permutation(len(X))[:ROWS]
    return X.iloc[keep].reset_index(drop=True), y[keep]


def _diabetes(columns=6):
    data = load_diabetes(as_frame=True)
    return data.data.iloc[:ROWS, :columns], data.target.iloc[:ROWS].to_numpy()


def _mixed():
    return mixed_frame(rows=ROWS)


def _one_hot_logistic():
    X, y = _mixed()
    encode = ColumnTransformer([("text", OneHotEncoder(handle_unknown="ignore", sparse_output=False), TEXT),
                                ("num", make_pipeline(SimpleImputer(), StandardScaler()), ["num_a", "num_b"])])
    return make_pipeline(encode, LogisticRegression(max_iter=500)).fit(X, y), X, y


def _native_categories():
    X, y = _mixed()
    encode = ColumnTransformer([("text", OrdinalEncoder(), TEXT)], remainder="passthrough")
    model = HistGradientBoostingClassifier(max_iter=30, categorical_features=[0, 1], random_state=0)
    return make_pipeline(encode, model).fit(X, y), X, y


def _lightgbm_categories():
    """LightGBM on pandas category columns whose names hold spaces: the CSV carries neither."""
    X, y = mixed_frame(rows=ROWS, spaces=True)
    trained = X.assign(**{c: X[c].astype("category") for c in ["cat x", "cat y"]})
    model = lightgbm.LGBMClassifier(n_estimators=20, num_leaves=7, min_child_samples=5, verbose=-1)
    return model.fit(trained, y), X, y


def _catboost_classifier():
    catboost = pytest.importorskip("catboost")
    X, y = _mixed()
    return catboost.CatBoostClassifier(iterations=30, depth=4, verbose=0, random_seed=0, cat_features=TEXT).fit(X, y), X, y


def _fit(model, data):
    X, y = data
    return model.fit(X, y), X, y


def _on_arrays(model, data):
    """Fitted on a NumPy array: the model records no column names (the CSV's order is used)."""
    X, y = data
    return model.fit(X.to_numpy(), y), X, y


def _catboost():
    catboost = pytest.importorskip("catboost")
    return _fit(catboost.CatBoostRegressor(iterations=40, depth=4, verbose=0, random_seed=0), _diabetes())


SMALL_MLP = {"hidden_layer_sizes": (8,), "max_iter": 800, "random_state": 0}
# kind -> (builder, exact?, the units shap's own explainer is compared in, or None when not compared)
KINDS = {
    "decision_tree": (lambda: _fit(DecisionTreeClassifier(max_depth=4, random_state=0), _cancer()), True, "probability"),
    "extra_trees_multiclass": (lambda: _fit(ExtraTreesClassifier(20, max_depth=4, random_state=0), _wine()), True,
                               "probability"),
    "random_forest_regressor": (lambda: _fit(RandomForestRegressor(20, max_depth=5, random_state=0), _diabetes()),
                                True, "identity"),
    "gradient_boosting": (lambda: _fit(GradientBoostingClassifier(n_estimators=30, random_state=0), _cancer()), True,
                          "log-odds"),
    "hist_gradient_boosting_native_categories": (_native_categories, True, None),  # text: shap's maskers take numbers
    "one_hot_logistic_pipeline": (_one_hot_logistic, True, "log-odds"),
    "function_transformer_ridge": (lambda: _fit(make_pipeline(FunctionTransformer(np.abs), Ridge()), _diabetes()),
                                   True, "shap-exact"),
    "custom_transformer_pipeline": (lambda: _fit(make_pipeline(Clipper(), StandardScaler(), LogisticRegression()),
                                                 _cancer()), True, "shap-exact"),
    "stacking": (lambda: _fit(StackingClassifier([("tree", DecisionTreeClassifier(max_depth=3, random_state=0)),
                                                  ("lr", make_pipeline(StandardScaler(), LogisticRegression()))], cv=3),
                              _cancer()), True, None),
    "soft_voting": (lambda: _fit(VotingClassifier([("tree", DecisionTreeClassifier(max_depth=3, random_state=0)),
                                                   ("lr", make_pipeline(StandardScaler(), LogisticRegression()))],
                                                  voting="soft"), _cancer()), True, None),
    "calibrated": (lambda: _fit(CalibratedClassifierCV(make_pipeline(StandardScaler(), LinearSVC()), cv=3),
                                _cancer()), True, None),
    "k_neighbours_regressor": (lambda: _fit(make_pipeline(StandardScaler(), KNeighborsRegressor()), _diabetes()),
                               True, "shap-exact"),
    "mlp_multiclass": (lambda: _fit(make_pipeline(StandardScaler(), MLPClassifier(**SMALL_MLP)), _wine()), True, None),
    "svc_probability": (lambda: _fit(make_pipeline(StandardScaler(), SVC(probability=True, random_state=0)),
                                     _cancer()), True, None),
    "ridge_classifier_no_proba": (lambda: _fit(make_pipeline(StandardScaler(), RidgeClassifier()), _cancer()), True,
                                  None),
    "lightgbm_regressor": (lambda: _fit(lightgbm.LGBMRegressor(n_estimators=30, num_leaves=7, verbose=-1),
                                        _diabetes()), True, "identity"),
    "xgboost_binary": (lambda: _fit(xgboost.XGBClassifier(n_estimators=30, max_depth=3), _cancer()), True, "log-odds"),
    "xgboost_multiclass": (lambda: _fit(xgboost.XGBClassifier(n_estimators=20, max_depth=3), _wine()), False, None),
    "forest_on_arrays": (lambda: _on_arrays(ExtraTreesClassifier(20, max_depth=4, random_state=0), _cancer()), True,
                         "probability"),
    "linear_svc_on_arrays": (lambda: _on_arrays(LinearSVC(), _cancer()), True, None),
    "catboost_regressor": (_catboost, True, "identity"),
    "catboost_classifier_text_columns": (_catboost_classifier, True, "log-odds"),
    "lightgbm_categories_spaces": (_lightgbm_categories, True, "log-odds"),
}


@pytest.fixture(autouse=True)
def _short_why_section(monkeypatch):
    monkeypatch.setattr(why_section, "WHY_SECONDS", 2.0)  # the report's Why sample: tens of rows, not hundreds


@pytest.mark.parametrize("kind", list(KINDS))
def test_zoo(kind, tmp_path):
    build, exact, compared = KINDS[kind]
    model, X, y = build()
    case = open_from_files(tmp_path, kind, model, X, y)
    rows = list(case.X.index[:EXPLAINED])
    units = "log-odds" if compared == "log-odds" else "probability"
    att = explainers.attributions(case, rows=rows, units=units)
    assert att.approximate is not exact, att.method
    assert_additive(att)
    if compared is not None:
        np.testing.assert_allclose(att.values.to_numpy(), _shaps_own(case, att, compared), atol=1e-7)
    if case.is_classifier:
        _assert_counterfactuals_flip(case, rows[0])
    explainers.report(case, tmp_path / f"{kind}.json", format="json")
    assert "why" in json.loads((tmp_path / f"{kind}.json").read_text())["sections"]


def _shaps_own(case, att, compared):
    """shap's values for the explained rows, summed back to input columns."""
    rows = case.X.loc[att.values.index]
    if compared == "shap-exact":
        return _shap_exact(case, att, rows)
    preprocess = case.model[:-1] if hasattr(case.model, "steps") else None
    estimator = case.model[-1] if preprocess is not None else case.model
    data = preprocess.transform(rows) if preprocess is not None else rows
    if isinstance(estimator, LogisticRegression):
        background = preprocess.transform(case.X)
        values = shap.LinearExplainer(estimator, shap.maskers.Independent(background, max_samples=len(background)))
        raw = values.shap_values(data)
    else:
        raw = np.asarray(shap.TreeExplainer(estimator).shap_values(data))
    if raw.ndim == 3:  # probability trees: one slice per class
        raw = raw[:, :, list(case.classes).index(att.target_class)]
    return _to_inputs(raw, preprocess, list(case.X.columns))


def _shap_exact(case, att, rows):
    background = case.X.sample(50, random_state=0)
    columns, kinds = list(case.X.columns), case.X.dtypes.to_dict()
    k = list(case.classes).index(att.target_class) if case.is_classifier else None

    def output(values):
        frame = pd.DataFrame(values, columns=columns).astype(kinds)
        return case.model.predict(frame) if k is None else case.model.predict_proba(frame)[:, k]

    masker = shap.maskers.Independent(background.to_numpy(dtype=float), max_samples=len(background))
    return shap.explainers.Exact(output, masker)(rows.to_numpy(dtype=float)).values


def _to_inputs(raw, preprocess, columns):
    """Sum transformed-column values into input columns, by the transformed names' input prefixes."""
    if preprocess is None:
        return raw
    names = [n.split("__", 1)[-1] for n in preprocess.get_feature_names_out()]
    owner = [max((c for c in columns if n.startswith(c)), key=len) for n in names]
    return np.column_stack([raw[:, [i for i, o in enumerate(owner) if o == c]].sum(axis=1) for c in columns])


def _assert_counterfactuals_flip(case, row):
    found = explainers.counterfactuals(case, row)
    assert len(found.rows), found.message
    again = case.model.predict(found.rows[list(case.X.columns)].astype(case.X.dtypes.to_dict()))
    assert (again != case.predicted.loc[row]).all()
