"""Issue 21: the ten kinds of model that broke, each opened from joblib + CSV and explained exactly.

Every test fails when its item is broken: a raw error, a wrong column name, a wrong category, a
probability section for a model without probabilities, the permutation path where an exact
engine exists, model calls on many threads, an outlier detector taken for a regressor, estimates
where exact values are cheap, or a report sample not sized by the measured cost of a row.
"""

from __future__ import annotations

import json
import time

import lightgbm
import numpy as np
import pandas as pd
import pytest
import shap
import xgboost
from scipy import sparse
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_breast_cancer, load_wine
from sklearn.ensemble import HistGradientBoostingClassifier, IsolationForest, RandomForestClassifier
from sklearn.linear_model import RidgeClassifier
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC, LinearSVC, OneClassSVM
from threadpoolctl import threadpool_info

import explainers
from explainers.core.errors import ModelError
from explainers.why import section as why_section
from explainers.why.attributions import exact_method
from explainers.why.words import slow_units_reason
from tests.model_kinds_helpers import assert_additive, mixed_frame, open_from_files

TEXT = ["cat_x", "cat_y"]


def _cancer(columns: int = 6, rows: int = 200):
    data = load_breast_cancer(as_frame=True)
    return data.data.iloc[:rows, :columns], data.target.iloc[:rows].to_numpy()


# ---------------------------------------------------------------- 1. sparse ColumnTransformer output


def test_sparse_column_transformer_before_a_forest(tmp_path):
    X, y = mixed_frame()
    encode = ColumnTransformer([("one_hot", OneHotEncoder(handle_unknown="ignore"), TEXT)],
                               remainder="passthrough", sparse_threshold=0.8)
    model = make_pipeline(encode, RandomForestClassifier(n_estimators=15, max_depth=4, random_state=0)).fit(X, y)
    assert sparse.issparse(model[:-1].transform(X))
    case = open_from_files(tmp_path, "sparse", model, X, y)
    att = explainers.attributions(case, rows=list(case.X.index[:10]))
    assert not att.approximate and "TreeSHAP" in att.method
    assert_additive(att)
    dense = model[:-1].transform(case.X.iloc[:10]).toarray()
    raw = shap.TreeExplainer(model[-1]).shap_values(dense)[:, :, 1]
    width = [len(c) for c in model[0].named_transformers_["one_hot"].categories_]
    by_input = np.column_stack([raw[:, :width[0]].sum(1), raw[:, width[0]:sum(width)].sum(1),
                                raw[:, sum(width)], raw[:, sum(width) + 1]])
    np.testing.assert_allclose(att.values[TEXT + ["num_a", "num_b"]].to_numpy(), by_input, atol=1e-12)
    explainers.report(case, tmp_path / "sparse.json", format="json", sections=["why"])


# ---------------------------------------------------------------- 2. LightGBM with spaces in column names


def test_lightgbm_with_spaces_in_column_names_keeps_the_users_names(tmp_path):
    X, y = _cancer()
    model = lightgbm.LGBMClassifier(n_estimators=20, num_leaves=7, verbose=-1).fit(X, y)
    assert list(model.feature_names_in_) != list(X.columns)  # LightGBM stored "mean_radius"
    case = open_from_files(tmp_path, "spaces", model, X, y)
    assert list(case.X.columns) == list(X.columns)  # "mean radius", with its space
    att = explainers.attributions(case, rows=list(case.X.index[:20]))
    assert list(att.values.columns) == list(X.columns) and "TreeSHAP" in att.method
    assert_additive(att)


# ---------------------------------------------------------------- 3. categories restored from the model


@pytest.mark.parametrize("library", ["lightgbm", "xgboost"])
def test_category_columns_are_restored_from_the_model(tmp_path, library):
    X, y = mixed_frame()
    trained = X.assign(**{c: X[c].astype("category") for c in TEXT})
    if library == "lightgbm":
        model = lightgbm.LGBMClassifier(n_estimators=20, num_leaves=7, min_child_samples=5, verbose=-1)
    else:
        model = xgboost.XGBClassifier(n_estimators=20, max_depth=3, enable_categorical=True, tree_method="hist")
    model.fit(trained, y)
    unseen = X.copy()
    unseen.loc[0, "cat_x"] = "zzz"  # a category the model never saw
    case = open_from_files(tmp_path, library, model, unseen, y)
    assert all(isinstance(case.X[c].dtype, pd.CategoricalDtype) for c in TEXT)
    assert list(case.X["cat_x"].cat.categories) == list(trained["cat_x"].cat.categories)
    assert any("zzz" in note for note in case.notes)
    np.testing.assert_allclose(case.proba.to_numpy()[1:], model.predict_proba(trained)[1:], atol=1e-7)
    att = explainers.attributions(case, rows=list(case.X.index[:20]), units="log-odds")
    assert not att.approximate and "TreeSHAP" in att.method
    assert_additive(att)


# ---------------------------------------------------------------- 4. classifiers without predict_proba


@pytest.mark.parametrize("model", [RidgeClassifier(), LinearSVC(max_iter=5000)], ids=lambda m: type(m).__name__)
def test_margin_classifier_is_explained_in_its_decision_score(tmp_path, model):
    X, y = _cancer()
    model = make_pipeline(StandardScaler(), model).fit(X, y)
    case = open_from_files(tmp_path, "margin", model, X, y)
    assert case.proba is None
    att = explainers.attributions(case, rows=list(case.X.index[:20]))
    assert att.units == "decision score of 1" and not att.approximate and "Linear SHAP" in att.method
    np.testing.assert_allclose(att.output, model.decision_function(case.X.iloc[:20]), atol=1e-12)
    assert_additive(att)
    assert any("decision_function" in note for note in att.notes)
    zero = explainers.attributions(case, rows=list(case.X.index[:5]), target_class=0)
    np.testing.assert_allclose(zero.output, -model.decision_function(case.X.iloc[:5]), atol=1e-12)


def test_multiclass_margin_classifier_explains_each_class_score(tmp_path):
    data = load_wine(as_frame=True)
    X, y = data.data.iloc[:, :5], data.target.to_numpy()
    model = make_pipeline(StandardScaler(), RidgeClassifier()).fit(X, y)
    case = open_from_files(tmp_path, "wine_margin", model, X, y)
    att = explainers.attributions(case, rows=list(case.X.index[:10]), target_class=2)
    assert att.units == "decision score of 2" and not att.approximate
    np.testing.assert_allclose(att.output, model.decision_function(case.X.iloc[:10])[:, 2], atol=1e-12)
    assert_additive(att)


def test_kernel_svc_without_probabilities_explains_its_margin_exactly(tmp_path):
    X, y = _cancer(columns=5, rows=120)
    model = make_pipeline(StandardScaler(), SVC()).fit(X, y)
    case = open_from_files(tmp_path, "svc_margin", model, X, y)
    att = explainers.attributions(case, rows=list(case.X.index[:5]))
    assert "Exact Shapley" in att.method and att.units == "decision score of 1"
    assert_additive(att)


def test_report_of_a_classifier_without_probabilities_leaves_out_probability_sections(tmp_path):
    X, y = _cancer()
    model = make_pipeline(StandardScaler(), RidgeClassifier()).fit(X, y)
    case = open_from_files(tmp_path, "ridge", model, X, y)
    explainers.report(case, tmp_path / "ridge.json", format="json")
    sections = json.loads((tmp_path / "ridge.json").read_text())["sections"]
    assert sections["confidence"]["results"] == {}
    assert "no predict_proba" in " ".join(sections["confidence"]["sentences"])
    assert "left out" in " ".join(sections["summary"]["sentences"])
    assert sections["why"]["results"]["importance"]["units"] == "decision score of 1"


# ---------------------------------------------------------------- 5. XGBoost binary log-odds, exactly


def test_xgboost_binary_log_odds_take_the_exact_engine(tmp_path):
    X, y = _cancer(columns=10, rows=300)
    model = xgboost.XGBClassifier(n_estimators=60, max_depth=4, learning_rate=0.5).fit(X, y)  # outputs near 0 and 1
    case = open_from_files(tmp_path, "xgb", model, X, y)
    assert exact_method(case, "log-odds") is not None
    assert slow_units_reason(case, "log-odds") is None
    att = explainers.attributions(case, units="log-odds")
    assert not att.approximate and "XGBoost" in att.method
    margin = model.predict(case.X, output_margin=True)
    np.testing.assert_allclose(att.output, margin, atol=1e-12)
    assert_additive(att)
    contributions = model.get_booster().predict(xgboost.DMatrix(case.X), pred_contribs=True)
    np.testing.assert_allclose(att.values.to_numpy(), contributions[:, :-1], atol=1e-12)


def test_forest_log_odds_reason_names_the_averaging(tmp_path):
    X, y = _cancer()
    case = open_from_files(tmp_path, "forest", RandomForestClassifier(n_estimators=10, random_state=0).fit(X, y), X, y)
    assert "averages probabilities" in slow_units_reason(case, "log-odds")
    assert slow_units_reason(case, "probability") is None


# ---------------------------------------------------------------- 6. permutation path on one thread


class ThreadSpy:
    """Forwards to a fitted model and records the OpenMP thread limit in force at each call."""

    def __init__(self, model):
        self.model, self.classes_, self.seen = model, model.classes_, []
        self.feature_names_in_ = model.feature_names_in_

    def predict(self, X):
        return self.model.predict(X)

    def predict_proba(self, X):
        self.seen.append(max((i["num_threads"] for i in threadpool_info() if i["user_api"] == "openmp"), default=1))
        return self.model.predict_proba(X)


def test_permutation_path_calls_the_model_on_one_thread(tmp_path):
    X, y = _cancer(columns=12, rows=150)
    spy = ThreadSpy(HistGradientBoostingClassifier(max_iter=20).fit(X, y))
    case = open_from_files(tmp_path, "spy", spy, X, y)
    spy = case.model
    spy.seen.clear()
    att = explainers.attributions(case, rows=list(case.X.index[:2]))
    assert "Permutation" in att.method
    assert spy.seen and set(spy.seen) == {1}


# ---------------------------------------------------------------- 7. CatBoost


def test_catboost_reordered_csv_with_an_id_column_is_explained_exactly(tmp_path):
    catboost = pytest.importorskip("catboost")
    X, y = mixed_frame()
    model = catboost.CatBoostClassifier(iterations=30, depth=4, verbose=0, random_seed=0, cat_features=TEXT).fit(X, y)
    shuffled = X[["cat_y", "num_b", "cat_x", "num_a"]].assign(customer_id=np.arange(len(X)))
    case = open_from_files(tmp_path, "catboost", model, shuffled, y)
    assert list(case.X.columns) == list(X.columns)
    assert any("customer_id" in note for note in case.notes)
    att = explainers.attributions(case, rows=list(case.X.index[:20]), units="log-odds")
    assert not att.approximate and "CatBoost" in att.method
    assert_additive(att)
    expected = shap.TreeExplainer(model).shap_values(X.iloc[:20])
    np.testing.assert_allclose(att.values.to_numpy(), expected, atol=1e-10)


# ---------------------------------------------------------------- 8. outlier detectors


@pytest.mark.parametrize("detector", [IsolationForest(random_state=0), make_pipeline(StandardScaler(), OneClassSVM())],
                         ids=["IsolationForest", "OneClassSVM"])
def test_outlier_detector_is_refused_with_a_reason(tmp_path, detector):
    X, y = _cancer()
    detector.fit(X)
    with pytest.raises(ModelError, match="outlier detector"):
        open_from_files(tmp_path, "detector", detector, X, y)


# ---------------------------------------------------------------- 9. exact Shapley values on few columns


def test_few_columns_get_exact_shapley_values_equal_to_shaps(tmp_path):
    X, y = _cancer(columns=4)
    model = make_pipeline(StandardScaler(), KNeighborsClassifier()).fit(X, y)
    case = open_from_files(tmp_path, "knn", model, X, y)
    att = explainers.attributions(case, rows=list(case.X.index[:3]))
    assert not att.approximate and "all 16 coalitions" in att.method
    assert_additive(att, tol=1e-12)
    background = case.X.sample(50, random_state=0)

    def proba(values):
        return model.predict_proba(pd.DataFrame(values, columns=case.X.columns))[:, 1]

    explainer = shap.explainers.Exact(proba, shap.maskers.Independent(background.to_numpy(), max_samples=50))
    expected = explainer(case.X.iloc[:3].to_numpy()).values
    np.testing.assert_allclose(att.values.to_numpy(), expected, atol=1e-10)


# ---------------------------------------------------------------- 10. report sample sized by measured cost


class Slow:
    """A forwarding model that sleeps on every call, like an SVC with probabilities on a busy machine."""

    def __init__(self, model, seconds: float):
        self.model, self.seconds, self.classes_ = model, seconds, model.classes_
        self.feature_names_in_ = model.feature_names_in_

    def predict(self, X):
        return self.model.predict(X)

    def predict_proba(self, X):
        time.sleep(self.seconds)
        return self.model.predict_proba(X)


def test_report_why_sample_is_sized_by_the_measured_cost_of_a_row(tmp_path, monkeypatch):
    monkeypatch.setattr(why_section, "WHY_SECONDS", 1.0)
    X, y = _cancer(columns=5)
    case = open_from_files(tmp_path, "slow", Slow(KNeighborsClassifier().fit(X, y), 0.03), X, y)
    start = time.perf_counter()
    explainers.report(case, tmp_path / "slow.json", format="json", sections=["why"])
    assert time.perf_counter() - start < 10
    why = json.loads((tmp_path / "slow.json").read_text())["sections"]["why"]
    assert why["results"]["importance"]["rows"] == why_section.WHY_AGNOSTIC_AT_LEAST < len(X)
    assert "took" in why["sentences"][0] and "to explain" in why["sentences"][0]
