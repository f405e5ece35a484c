"""``explainers.attributions``: SHAP values in input columns and output units, checked against shap itself.

Every test asserts something that is false when the engine is wrong: additivity against the model's
own predictions, equality with shap run directly on the final estimator and summed by hand over the
one-hot columns (the grouping is rebuilt here from the encoders, not taken from feature_map.py),
units and labels, the model-agnostic fallback, determinism and input errors.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
import shap
from conftest import load_quietly as _load
from lightgbm import LGBMClassifier
from scipy.special import expit, logit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.decomposition import PCA
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler
from sklearn.svm import SVC
from xgboost import XGBClassifier

import explainers
from sample_models.catalog import HERE

TOL = 1e-6
TARGETS = {"german_credit": "credit_risk", "german_credit_linear": "credit_risk", "adult_income": "income",
           "bike_rentals": "rentals", "wine": "cultivar"}


# ---------------------------------------------------------------- fixtures and helpers




@pytest.fixture(scope="module")
def german_split():
    """German credit CSV split like the sample build (70/30, stratified, seed 0): (train frame, holdout frame)."""
    frame = pd.read_csv(HERE / "german_credit.csv")
    train, hold = train_test_split(frame, test_size=0.3, random_state=0, stratify=frame["credit_risk"])
    return train, hold


def _text(X):
    return [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]


def _one_hot_columns(X, numeric="passthrough"):
    text = _text(X)
    rest = [c for c in X.columns if c not in text]
    return ColumnTransformer([("categories", OneHotEncoder(handle_unknown="ignore", sparse_output=False), text),
                              ("numbers", numeric, rest)], verbose_feature_names_out=False)


def _fit_on_german(german_split, estimator, numeric="passthrough", y_map=None, extra_steps=()):
    """Fit ``one-hot -> [extra steps] -> estimator`` on the German training rows; return a Case on the holdout."""
    train, hold = german_split
    X, y = train.drop(columns="credit_risk"), train["credit_risk"]
    if y_map is not None:
        y, hold = y.map(y_map), hold.assign(credit_risk=hold["credit_risk"].map(y_map))
    steps = [("columns", _one_hot_columns(X, numeric)), *extra_steps, ("model", estimator)]
    model = Pipeline(steps).fit(X, y)
    return _load(model, hold.reset_index(drop=True), target="credit_risk")


@pytest.fixture(scope="module")
def xgb_case(german_split):
    """XGBClassifier after a one-hot ColumnTransformer; labels 1 = bad, 0 = good."""
    booster = XGBClassifier(n_estimators=60, max_depth=3, learning_rate=0.1, random_state=0, n_jobs=1)
    return _fit_on_german(german_split, booster, y_map={"bad": 1, "good": 0})


@pytest.fixture(scope="module")
def lgbm_german_case(german_split):
    """LGBMClassifier after a one-hot ColumnTransformer, string labels ('bad', 'good')."""
    booster = LGBMClassifier(n_estimators=60, num_leaves=8, random_state=0, n_jobs=1, verbose=-1)
    return _fit_on_german(german_split, booster)


def _model_output(case, X, target_class=None, units="probability"):
    """What the engine must reproduce, straight from the model."""
    if not case.is_classifier:
        return np.asarray(case.model.predict(X), dtype=float)
    cls = target_class if target_class is not None else (
        case.positive_class if case.positive_class is not None else case.classes[0])
    p = case.model.predict_proba(X)[:, list(case.classes).index(cls)]
    return logit(p) if units == "log-odds" else p


def _assert_additive(att, case, X, target_class=None, units="probability", tol=TOL):
    assert list(att.values.index) == list(X.index)
    np.testing.assert_allclose(att.base_values + att.values.to_numpy().sum(axis=1), att.output, rtol=0, atol=tol)
    np.testing.assert_allclose(att.output, _model_output(case, X, target_class, units), rtol=0, atol=tol)
    assert att.max_additivity_error < tol
    assert np.isfinite(att.values.to_numpy()).all()


def _input_of_each_output(column_transformer):
    """For each transformed column, the input column it came from (rebuilt from the fitted encoders)."""
    owners = []
    for _, step, columns in column_transformer.transformers_:
        if isinstance(step, str) and step == "drop":
            continue
        columns = [column_transformer.feature_names_in_[c] if isinstance(c, (int, np.integer)) else c for c in columns]
        if isinstance(step, OneHotEncoder):
            assert step.drop_idx_ is None
            for column, categories in zip(columns, step.categories_, strict=True):
                owners += [column] * len(categories)
        else:  # passthrough / scaler: one output per input
            owners += list(columns)
    return owners


def _sum_by_input(values_t, owners, input_columns, index):
    assert values_t.shape[1] == len(owners)
    frame = pd.DataFrame(values_t, index=index)
    summed = frame.T.groupby(np.asarray(owners)).sum().T
    assert set(summed.columns) == set(input_columns)
    return summed[list(input_columns)]


def _dense(Xt):
    return Xt.toarray() if hasattr(Xt, "toarray") else np.asarray(Xt, dtype=float)


def _binary_tree_shap(explainer, Xt):
    """shap.TreeExplainer log-odds values for classes_[1] (shap returns 2-d, or a list/3-d per class)."""
    values = explainer.shap_values(Xt)
    expected = np.atleast_1d(np.asarray(explainer.expected_value, dtype=float))
    values = np.asarray(values, dtype=float)
    if values.ndim == 3:
        values = values[1] if values.shape[0] == 2 and values.shape[1] == Xt.shape[0] else values[:, :, 1]
    return values, expected[-1]


# ---------------------------------------------------------------- 1. additivity against the model's own output


@pytest.mark.parametrize("name", list(TARGETS))
def test_additive_and_equal_to_the_models_prediction_for_every_sample(cases, name):
    case = cases[name]
    # all rows of the small samples, 1000 adult rows (LightGBM's pred_contrib takes ~1 s per 1000 rows
    # here) and 600 bike rows; chunking is tested separately
    X = {"adult_income": case.X.iloc[:1000], "bike_rentals": case.X.iloc[:600]}.get(name, case.X)
    att = explainers.attributions(case, rows=X.index if X is not case.X else None)
    _assert_additive(att, case, X)
    assert att.approximate is (name == "adult_income" or name == "german_credit_linear")  # rescaled log-odds
    assert "Permutation" not in att.method  # every sample has an exact engine


@pytest.mark.parametrize("target_class", ["cultivar_1", "cultivar_2", "cultivar_3"])
def test_multiclass_wine_is_additive_for_every_class(cases, target_class):
    case = cases["wine"]
    att = explainers.attributions(case, target_class=target_class)
    _assert_additive(att, case, case.X, target_class)
    assert att.target_class == target_class
    assert att.units == f"probability of {target_class}"
    assert att.approximate is False and "TreeSHAP" in att.method


def test_multiclass_wine_classes_sum_to_one(cases):
    """Probabilities of all classes sum to 1, so per row the class contributions cancel column by column."""
    case = cases["wine"]
    atts = [explainers.attributions(case, target_class=c) for c in case.classes]
    np.testing.assert_allclose(sum(a.values.to_numpy() for a in atts), 0.0, atol=TOL)
    np.testing.assert_allclose(sum(a.base_values for a in atts), 1.0, atol=TOL)
    # and they differ between classes (the engine did not explain one class three times)
    assert not np.allclose(atts[0].values, atts[1].values)


@pytest.mark.parametrize("units", ["probability", "log-odds"])
@pytest.mark.parametrize("target_class", [0, 1])
def test_xgboost_one_hot_pipeline_is_additive(xgb_case, units, target_class):
    att = explainers.attributions(xgb_case, target_class=target_class, units=units)
    # XGBoost predicts in float32: predict_proba[:, 0] = 1 - p1 rounded to float32 near 0.9, and its logit
    # magnifies that by 1 / (p (1 - p)), so in log-odds the model's own output is only good to ~1e-6 relative.
    tol = TOL * (1 + np.abs(att.output).max()) if units == "log-odds" else TOL
    _assert_additive(att, xgb_case, xgb_case.X, target_class, units, tol)
    assert "XGBoost" in att.method and att.approximate is (units == "probability")


@pytest.mark.parametrize("units", ["probability", "log-odds"])
@pytest.mark.parametrize("target_class", ["bad", "good"])
def test_lightgbm_one_hot_pipeline_is_additive(lgbm_german_case, units, target_class):
    att = explainers.attributions(lgbm_german_case, target_class=target_class, units=units)
    _assert_additive(att, lgbm_german_case, lgbm_german_case.X, target_class, units)
    assert "LightGBM" in att.method and att.approximate is (units == "probability")


def test_lightgbm_class_sign_flip(lgbm_german_case):
    """LightGBM's raw score is for classes_[1]: the log-odds of the other class are its exact negative."""
    rows = lgbm_german_case.X.index[:50]
    bad = explainers.attributions(lgbm_german_case, rows=rows, target_class="bad", units="log-odds")
    good = explainers.attributions(lgbm_german_case, rows=rows, target_class="good", units="log-odds")
    np.testing.assert_allclose(bad.values, -good.values, atol=1e-12)
    np.testing.assert_allclose(bad.base_values, -good.base_values, atol=1e-12)


def test_multiclass_boosting_is_additive_in_probability(cases):
    """Softmax raw scores rescaled to one class's probability (LightGBM and XGBoost fitted on wine)."""
    case = cases["wine"]
    y_codes = pd.Series(case.y).map({c: i for i, c in enumerate(case.classes)})
    for model in (LGBMClassifier(n_estimators=30, num_leaves=4, min_child_samples=3, verbose=-1, n_jobs=1).fit(case.X, case.y),
                  XGBClassifier(n_estimators=30, max_depth=2, n_jobs=1).fit(case.X, y_codes)):
        labels = case.y if isinstance(model, LGBMClassifier) else y_codes
        boosted = _load(model, case.X.assign(cultivar=labels), target="cultivar")
        for k, cls in enumerate(boosted.classes):
            att = explainers.attributions(boosted, target_class=cls)
            _assert_additive(att, boosted, boosted.X, cls)
            assert att.approximate is True and "rescaled" in att.method, (type(model).__name__, k)


# ---------------------------------------------------------------- 2. the same numbers as shap on the final estimator


def test_random_forest_equals_shap_summed_over_one_hot_columns(cases):
    case = cases["german_credit"]
    model = case.model
    X = case.X.iloc[:120]
    att = explainers.attributions(case, rows=X.index)  # probability of "bad" (the sidecar's positive class)
    assert att.target_class == "bad" and att.units == "probability of bad"

    forest = model[-1]
    k = list(forest.classes_).index("bad")
    Xt = _dense(model[:-1].transform(X))
    explainer = shap.TreeExplainer(forest)
    raw = np.asarray(explainer.shap_values(Xt), dtype=float)
    raw = raw[:, :, k] if raw.shape[0] == len(X) else raw[k]
    owners = _input_of_each_output(model.named_steps["columns"])
    expected = _sum_by_input(raw, owners, case.X.columns, X.index)

    np.testing.assert_allclose(att.values.to_numpy(), expected.to_numpy(), rtol=0, atol=TOL)
    np.testing.assert_allclose(att.base_values, np.asarray(explainer.expected_value)[k], rtol=0, atol=TOL)
    assert att.approximate is False


def test_logistic_regression_equals_shap_linear_explainer(cases):
    case = cases["german_credit_linear"]
    model = case.model
    logistic = model[-1]
    assert list(logistic.classes_) == ["bad", "good"]  # decision function is for "good"
    X = case.X.iloc[:150]
    Xt_all = _dense(model[:-1].transform(case.X))
    # LinearExplainer(model, array) subsamples the background to 100 rows; the engine (correctly) uses the
    # mean of all rows, so give shap the full background through an Independent masker.
    masker = shap.maskers.Independent(Xt_all, max_samples=len(Xt_all))
    explainer = shap.LinearExplainer(logistic, masker)
    raw_good = np.asarray(explainer.shap_values(_dense(model[:-1].transform(X))), dtype=float)
    owners = _input_of_each_output(model.named_steps["columns"])

    for cls, sign in (("bad", -1.0), ("good", 1.0)):
        att = explainers.attributions(case, rows=X.index, target_class=cls, units="log-odds")
        expected = _sum_by_input(sign * raw_good, owners, case.X.columns, X.index)
        np.testing.assert_allclose(att.values.to_numpy(), expected.to_numpy(), rtol=0, atol=TOL)
        np.testing.assert_allclose(att.base_values, sign * float(np.ravel(explainer.expected_value)[0]), rtol=0, atol=TOL)
        _assert_additive(att, case, X, cls, "log-odds")
        assert att.approximate is False and att.units == f"log-odds of {cls}"


@pytest.mark.filterwarnings("ignore:LightGBM binary classifier with TreeExplainer:UserWarning")
def test_lightgbm_adult_equals_shap_tree_explainer(cases):
    case = cases["adult_income"]
    model = case.model
    X = case.X.iloc[:300]
    att = explainers.attributions(case, rows=X.index, units="log-odds")
    assert list(model[-1].classes_) == ["<=50K", ">50K"] and att.target_class == ">50K"
    Xt = model[:-1].transform(X)  # pandas, reordered: categories first, then the remainder
    assert list(Xt.columns) != list(case.X.columns)
    values, base = _binary_tree_shap(shap.TreeExplainer(model[-1]), Xt)
    expected = pd.DataFrame(values, index=X.index, columns=list(Xt.columns))[list(case.X.columns)]
    np.testing.assert_allclose(att.values.to_numpy(), expected.to_numpy(), rtol=0, atol=TOL)
    np.testing.assert_allclose(att.base_values, base, rtol=0, atol=TOL)
    assert att.approximate is False


def test_xgboost_equals_shap_tree_explainer(xgb_case):
    model = xgb_case.model
    X = xgb_case.X.iloc[:150]
    Xt = _dense(model[:-1].transform(X))
    values, base = _binary_tree_shap(shap.TreeExplainer(model[-1]), Xt)
    expected = _sum_by_input(values, _input_of_each_output(model.named_steps["columns"]), xgb_case.X.columns, X.index)
    for cls, sign in ((1, 1.0), (0, -1.0)):
        att = explainers.attributions(xgb_case, rows=X.index, target_class=cls, units="log-odds")
        np.testing.assert_allclose(att.values.to_numpy(), sign * expected.to_numpy(), rtol=0, atol=TOL)
        np.testing.assert_allclose(att.base_values, sign * base, rtol=0, atol=TOL)


# ---------------------------------------------------------------- 3. units: rescaled probabilities, labels


@pytest.mark.parametrize("which", ["adult", "xgb", "lgbm_german"])
def test_boosted_probability_is_rescaled_log_odds(cases, xgb_case, lgbm_german_case, which):
    case = {"adult": cases["adult_income"], "xgb": xgb_case, "lgbm_german": lgbm_german_case}[which]
    rows = case.X.index[:200]
    prob = explainers.attributions(case, rows=rows, units="probability")
    odds = explainers.attributions(case, rows=rows, units="log-odds")
    assert prob.approximate is True and "rescaled" in prob.method
    assert odds.approximate is False and "rescaled" not in odds.method
    assert (np.sign(prob.values.to_numpy()) == np.sign(odds.values.to_numpy())).all()
    # one factor per row: (p(x) - p(base)) / (f(x) - base)
    np.testing.assert_allclose(prob.base_values, expit(odds.base_values), atol=1e-12)
    np.testing.assert_allclose(prob.output, expit(odds.output), atol=1e-12)
    change = odds.output - odds.base_values
    factor = (prob.output - prob.base_values) / change
    # rtol 1e-5: XGBoost's output is float32, so the factor from its outputs differs in the 7th digit
    np.testing.assert_allclose(prob.values.to_numpy(), odds.values.to_numpy() * factor[:, None], rtol=1e-5, atol=1e-9)


def test_units_labels(cases):
    german, adult, bike = cases["german_credit"], cases["adult_income"], cases["bike_rentals"]
    assert explainers.attributions(german, rows=german.X.index[:20]).units == "probability of bad"
    assert explainers.attributions(adult, rows=adult.X.index[:20], units="log-odds").units == "log-odds of >50K"
    assert explainers.attributions(adult, rows=adult.X.index[:20]).units == "probability of >50K"
    assert explainers.attributions(bike, rows=bike.X.index[:20]).units == "rentals"


def test_unlabelled_regression_is_in_prediction_units(cases):
    bike = cases["bike_rentals"]
    unlabelled = _load(bike.model, bike.X.iloc[:20])
    assert unlabelled.y is None
    att = explainers.attributions(unlabelled)
    assert att.units == "prediction" and att.max_additivity_error < TOL


def test_unknown_units_is_an_input_error(cases):
    with pytest.raises(explainers.InputError, match="units"):
        explainers.attributions(cases["adult_income"], rows=cases["adult_income"].X.index[:5], units="odds")


# ---------------------------------------------------------------- 4. input columns, never one-hot columns


def test_reordering_column_transformer_maps_back_to_input_order(cases):
    """adult: the ordinal ColumnTransformer puts categories first; the values come back in the input order."""
    case = cases["adult_income"]
    rows = case.X.index[:30]
    att = explainers.attributions(case, rows=rows, units="log-odds")
    assert list(att.values.columns) == list(case.X.columns)
    assert list(case.model[:-1].get_feature_names_out()) != list(case.X.columns)
    raw = case.model[-1].predict(case.model[:-1].transform(case.X.loc[rows]), pred_contrib=True)
    by_name = pd.DataFrame(raw[:, :-1], index=rows, columns=case.model[:-1].get_feature_names_out())
    pd.testing.assert_frame_equal(att.values, by_name[list(case.X.columns)], check_exact=False, atol=1e-9)


@pytest.mark.parametrize("name", ["german_credit", "german_credit_linear"])
def test_values_are_in_input_columns(cases, name):
    case = cases[name]
    att = explainers.attributions(case, rows=case.X.index[:30])
    assert list(att.values.columns) == list(case.X.columns)
    transformed = set(case.model[:-1].get_feature_names_out()) - set(case.X.columns)
    assert transformed  # the pipeline does have other columns ...
    assert not transformed & set(att.values.columns)  # ... and none of them is shown
    pd.testing.assert_frame_equal(att.data, case.X.iloc[:30])


def test_xgboost_pipeline_values_are_in_input_columns(xgb_case):
    att = explainers.attributions(xgb_case, rows=xgb_case.X.index[:10])
    assert list(att.values.columns) == list(xgb_case.X.columns)
    transformed = set(xgb_case.model[:-1].get_feature_names_out()) - set(xgb_case.X.columns)
    assert transformed and not transformed & set(att.values.columns)


# ---------------------------------------------------------------- 4b. column maps of other preprocessors


def reverse_columns(Z):
    """A FunctionTransformer that keeps the column count but not the columns' identity."""
    return np.asarray(Z, dtype=float)[:, ::-1]


def _mapping_free_linear_truth(case, rows, cls="bad"):
    """Exact interventional SHAP of a linear model's log-odds, computed on the raw input columns only.

    With per-column preprocessing and a model linear in its inputs, input column j's SHAP value with the
    whole data as background is ``f(x) - mean_z f(x with column j := z_j)``, so no column map is needed.
    """
    sign = 1.0 if list(case.model.classes_).index(cls) == 1 else -1.0
    n, columns = len(case.X), list(case.X.columns)
    out = []
    for label in rows:
        x = case.X.loc[[label]]
        mixed = {}  # block j: n copies of x with column j taken from each data row in turn
        for j, column in enumerate(columns):
            values = np.repeat(x[column].to_numpy(), n * len(columns))
            values[j * n:(j + 1) * n] = case.X[column].to_numpy()
            mixed[column] = values
        frame = pd.DataFrame(mixed).astype(case.X.dtypes.to_dict())
        means = case.model.decision_function(frame).reshape(len(columns), n).mean(axis=1)
        out.append(sign * (case.model.decision_function(x)[0] - means))
    return np.array(out)


def _german_text_numbers(german_split):
    X = german_split[0].drop(columns="credit_risk")
    text = _text(X)
    return X, text, [c for c in X.columns if c not in text]


# preprocessing whose every output comes from one input column: name -> f(X, text columns, number columns)
MAPPABLE = {
    "drop_first": lambda X, text, nums: ColumnTransformer(
        [("c", OneHotEncoder(drop="first", handle_unknown="ignore"), text), ("n", StandardScaler(), nums)]),
    "infrequent": lambda X, text, nums: ColumnTransformer(
        [("c", OneHotEncoder(min_frequency=40, handle_unknown="infrequent_if_exist", sparse_output=False), text),
         ("n", StandardScaler(), nums)]),
    "sparse_output": lambda X, text, nums: ColumnTransformer(
        [("c", OneHotEncoder(handle_unknown="ignore"), text), ("n", StandardScaler(), nums)], sparse_threshold=1.0),
    "nested_pipelines": lambda X, text, nums: ColumnTransformer(
        [("c", Pipeline([("i", SimpleImputer(strategy="most_frequent")), ("o", OneHotEncoder(handle_unknown="ignore"))]),
          text), ("n", Pipeline([("i", SimpleImputer()), ("s", StandardScaler())]), nums)]),
    "remainder_reordered": lambda X, text, nums: ColumnTransformer(
        [("c", OneHotEncoder(handle_unknown="ignore"), text)], remainder=StandardScaler()),
    "column_selectors": lambda X, text, nums: ColumnTransformer(
        [("n", StandardScaler(), make_column_selector(dtype_include="number")),
         ("c", OneHotEncoder(handle_unknown="ignore"), make_column_selector(dtype_exclude="number"))]),
    "columns_out_of_order": lambda X, text, nums: ColumnTransformer(
        [("n", StandardScaler(), nums[::-1]), ("c", OneHotEncoder(handle_unknown="ignore"), text[::-1])]),
    "integer_columns": lambda X, text, nums: ColumnTransformer(
        [("c", OneHotEncoder(handle_unknown="ignore"), [X.columns.get_loc(c) for c in text]),
         ("n", StandardScaler(), [X.columns.get_loc(c) for c in nums])]),
}
MAPPABLE_STEPS = {name: (lambda X, text, nums, build=build: [("columns", build(X, text, nums))])
                  for name, build in MAPPABLE.items()}
MAPPABLE_STEPS["scaler_after_columns"] = lambda X, text, nums: [("columns", _one_hot_columns(X)),
                                                                ("scale", StandardScaler())]


def _linear_case(german_split, preprocess_steps):
    train, hold = german_split
    X, y = train.drop(columns="credit_risk"), train["credit_risk"]
    model = Pipeline([*preprocess_steps, ("model", LogisticRegression(max_iter=3000))]).fit(X, y)
    return _load(model, hold.reset_index(drop=True), target="credit_risk")


@pytest.mark.parametrize("variant", list(MAPPABLE_STEPS))
def test_column_maps_of_many_preprocessors_match_a_mapping_free_truth(german_split, variant):
    case = _linear_case(german_split, MAPPABLE_STEPS[variant](*_german_text_numbers(german_split)))
    rows = case.X.index[:4]
    att = explainers.attributions(case, rows=rows, target_class="bad", units="log-odds")
    assert att.approximate is False and att.method.startswith("Linear SHAP")
    np.testing.assert_allclose(att.values.to_numpy(), _mapping_free_linear_truth(case, rows), rtol=0, atol=TOL)


def test_function_transformer_that_permutes_columns_is_not_mapped_one_to_one(german_split):
    _, text, nums = _german_text_numbers(german_split)
    numbers = Pipeline([("s", StandardScaler()), ("reverse", FunctionTransformer(reverse_columns))])
    case = _linear_case(german_split, [("columns", ColumnTransformer(
        [("c", OneHotEncoder(handle_unknown="ignore"), text), ("n", numbers, nums)]))])
    rows = case.X.index[:4]
    att = explainers.attributions(case, rows=rows, target_class="bad", units="log-odds")
    truth = _mapping_free_linear_truth(case, rows)
    if att.approximate:  # an honest fallback to the permutation estimate is acceptable
        assert np.corrcoef(att.values.to_numpy().ravel(), truth.ravel())[0, 1] > 0.9
    else:
        np.testing.assert_allclose(att.values.to_numpy(), truth, rtol=0, atol=TOL)


def test_column_transformer_with_a_label_slice(german_split):
    _, _, nums = _german_text_numbers(german_split)
    columns = ColumnTransformer([("n", StandardScaler(), nums),
                                 ("c", OneHotEncoder(handle_unknown="ignore"), slice("checking_account", "purpose"))])
    case = _linear_case(german_split, [("columns", columns)])
    rows = case.X.index[:4]
    att = explainers.attributions(case, rows=rows, target_class="bad", units="log-odds")
    np.testing.assert_allclose(att.values.to_numpy(), _mapping_free_linear_truth(case, rows), rtol=0, atol=TOL)


def test_multiclass_gradient_boosting_classifier_is_explained(cases):
    case = cases["wine"]
    model = GradientBoostingClassifier(n_estimators=10, max_depth=2, random_state=0).fit(case.X, case.y)
    boosted = _load(model, case.X.assign(cultivar=case.y), target="cultivar")
    rows = boosted.X.index[:3]
    att = explainers.attributions(boosted, rows=rows, target_class="cultivar_2")
    _assert_additive(att, boosted, boosted.X.loc[rows], "cultivar_2")


# ---------------------------------------------------------------- 5. the model-agnostic path


class Forwarding:
    """A model the engine cannot recognise: forwards predict / predict_proba to a fitted pipeline."""

    def __init__(self, model):
        self.model = model
        self.classes_ = model.classes_
        self.feature_names_in_ = model.feature_names_in_

    def predict(self, X):
        return self.model.predict(X)

    def predict_proba(self, X):
        return self.model.predict_proba(X)


def _agnostic_checks(case, rows):
    att = explainers.attributions(case, rows=rows)
    assert "Permutation" in att.method
    assert att.approximate is True
    assert list(att.values.columns) == list(case.X.columns)
    _assert_additive(att, case, case.X.loc[rows])
    assert np.abs(att.values.to_numpy()).sum() > 0
    return att


def test_calibrated_svc_takes_the_permutation_path(german_split):
    case = _fit_on_german(german_split, CalibratedClassifierCV(SVC(), cv=2), numeric=StandardScaler())
    _agnostic_checks(case, case.X.index[:8])


def test_k_neighbours_takes_the_permutation_path(german_split):
    case = _fit_on_german(german_split, KNeighborsClassifier(n_neighbors=15), numeric=StandardScaler())
    _agnostic_checks(case, case.X.index[:10])


def test_non_mappable_pipeline_takes_the_permutation_path(german_split):
    """One-hot then PCA: transformed columns mix inputs, so no exact map exists (even with a linear model)."""
    case = _fit_on_german(german_split, LogisticRegression(max_iter=2000), numeric=StandardScaler(),
                          extra_steps=[("pca", PCA(n_components=8, random_state=0))])
    _agnostic_checks(case, case.X.index[:10])


def _exact_linear_probability(case, rows, cls="bad"):
    """Linear SHAP by hand (coef x deviation from the mean), summed per input, rescaled per row to probability."""
    model = case.model
    logistic = model[-1]
    Xt_all = _dense(model[:-1].transform(case.X))
    Xt = _dense(model[:-1].transform(case.X.loc[rows]))
    sign = 1.0 if list(logistic.classes_).index(cls) == 1 else -1.0
    phi = sign * (Xt - Xt_all.mean(axis=0)) * logistic.coef_[0]
    base = sign * (logistic.intercept_[0] + logistic.coef_[0] @ Xt_all.mean(axis=0))
    phi = _sum_by_input(phi, _input_of_each_output(model.named_steps["columns"]), case.X.columns, rows).to_numpy()
    f = base + phi.sum(axis=1)
    factor = (expit(f) - expit(base)) / (f - base)
    return phi * factor[:, None], expit(base)


def test_linear_probability_method_does_not_claim_treeshap(cases):
    case = cases["german_credit_linear"]
    att = explainers.attributions(case, rows=case.X.index[:3])
    assert "rescaled" in att.method and "TreeSHAP" not in att.method


def test_linear_probability_is_rescaled_linear_shap(cases):
    case = cases["german_credit_linear"]
    rows = case.X.index[:50]
    att = explainers.attributions(case, rows=rows)
    values, base = _exact_linear_probability(case, rows)
    np.testing.assert_allclose(att.values.to_numpy(), values, atol=1e-9)
    np.testing.assert_allclose(att.base_values, base, atol=1e-9)
    assert att.approximate is True and "rescaled" in att.method


def test_permutation_estimate_is_close_to_the_exact_answer(cases, sample_cases_built):
    linear = cases["german_credit_linear"]
    wrapped = _load(Forwarding(linear.model), sample_cases_built["german_credit_linear"].holdout_path,
                    target="credit_risk")
    assert wrapped.classes == ("bad", "good")
    rows = linear.X.index[:20]
    att = explainers.attributions(wrapped, rows=rows, target_class="bad")
    assert "Permutation" in att.method and att.approximate is True
    _assert_additive(att, wrapped, wrapped.X.loc[rows], "bad")
    exact, _ = _exact_linear_probability(linear, rows)
    r = np.corrcoef(att.values.to_numpy().ravel(), exact.ravel())[0, 1]
    assert r > 0.9, r
    # the biggest contributions agree in sign
    big = np.abs(exact) > 0.02
    assert big.sum() > 10 and (np.sign(att.values.to_numpy()[big]) == np.sign(exact[big])).mean() > 0.9


# ---------------------------------------------------------------- 6. determinism


def test_permutation_is_deterministic_for_a_random_state(cases):
    wrapped = _load(Forwarding(cases["german_credit_linear"].model), cases["german_credit_linear"].X.assign(
        credit_risk=cases["german_credit_linear"].y), target="credit_risk")
    rows = wrapped.X.index[:4]
    first = explainers.attributions(wrapped, rows=rows, random_state=7)
    again = explainers.attributions(wrapped, rows=rows, random_state=7)
    other = explainers.attributions(wrapped, rows=rows, random_state=8)
    pd.testing.assert_frame_equal(first.values, again.values, check_exact=True)
    np.testing.assert_array_equal(first.base_values, again.base_values)
    assert not np.allclose(first.values, other.values)  # random_state is actually used
    # a row's estimate does not depend on which other rows are explained with it
    alone = explainers.attributions(wrapped, rows=[rows[2]], random_state=7)
    np.testing.assert_allclose(alone.values.to_numpy()[0], first.values.loc[rows[2]].to_numpy(), atol=1e-12)


def test_exact_path_chunked_and_parallel_is_the_same(lgbm_german_case, monkeypatch):
    case = lgbm_german_case
    whole = explainers.attributions(case, units="log-odds")
    engine_module = sys.modules["explainers.why.attributions"]
    monkeypatch.setattr(engine_module, "CHUNK_ROWS", 64)  # 300 rows -> 5 chunks (the real size is 2000)
    chunked = explainers.attributions(case, units="log-odds")
    parallel = explainers.attributions(case, units="log-odds", n_jobs=2)
    for other in (chunked, parallel):
        pd.testing.assert_frame_equal(other.values, whole.values, check_exact=False, atol=1e-12)
        np.testing.assert_allclose(other.base_values, whole.base_values, atol=1e-12)
        np.testing.assert_allclose(other.output, whole.output, atol=1e-12)
    # a row's numbers do not depend on the chunk it falls in
    late = case.X.index[[290, 70]]
    np.testing.assert_allclose(explainers.attributions(case, rows=late, units="log-odds").values.to_numpy(),
                               whole.values.loc[late].to_numpy(), atol=1e-12)


# ---------------------------------------------------------------- 7. rows, what-if, bad input


def test_rows_by_index_label(cases):
    case = cases["german_credit"]
    labels = [case.X.index[5], case.X.index[2]]
    att = explainers.attributions(case, rows=labels)
    assert list(att.values.index) == labels
    full = explainers.attributions(case, rows=case.X.index[:10])
    np.testing.assert_allclose(att.values.to_numpy(), full.values.loc[labels].to_numpy(), atol=1e-12)
    one = explainers.attributions(case, rows=case.X.index[5])  # a single label
    np.testing.assert_allclose(one.row(case.X.index[5]).to_numpy(), full.row(case.X.index[5]).to_numpy(), atol=1e-12)


@pytest.mark.parametrize("name", ["german_credit", "adult_income", "german_credit_linear"])
def test_what_if_rows_as_a_dataframe(cases, name):
    case = cases[name]
    row = case.X.iloc[[3]].copy()
    if name == "adult_income":
        row["age"], row["occupation"] = 58, ("Exec-managerial" if row["occupation"].iloc[0] != "Exec-managerial" else "Sales")
    else:
        row["duration_months"] = 60
        row["checking_account"] = "none" if row["checking_account"].iloc[0] != "none" else "< 0 DM"
    original = explainers.attributions(case, rows=case.X.index[[3]])
    # extra columns and another column order are fine
    shuffled = row.assign(note="what-if")[list(reversed(case.X.columns)) + ["note"]]
    att = explainers.attributions(case, rows=shuffled)
    assert list(att.values.columns) == list(case.X.columns)
    expected = _model_output(case, row[list(case.X.columns)])
    np.testing.assert_allclose(att.output, expected, atol=TOL)
    np.testing.assert_allclose(att.base_values + att.values.to_numpy().sum(axis=1), expected, atol=TOL)
    assert not np.allclose(att.output, original.output)  # the change did change the prediction
    assert not np.allclose(att.values.to_numpy(), original.values.to_numpy())
    assert att.max_additivity_error < TOL


def test_what_if_row_on_the_permutation_path(cases):
    linear = cases["german_credit_linear"]
    wrapped = _load(Forwarding(linear.model), linear.X.assign(credit_risk=linear.y), target="credit_risk")
    row = wrapped.X.iloc[[0]].copy()
    row["duration_months"], row["savings"] = 72, ">= 1000 DM"
    att = explainers.attributions(wrapped, rows=row, target_class="bad")
    assert "Permutation" in att.method
    expected = linear.model.predict_proba(row)[:, 0]
    np.testing.assert_allclose(att.output, expected, atol=TOL)
    np.testing.assert_allclose(att.base_values + att.values.to_numpy().sum(axis=1), expected, atol=TOL)
    assert att.values.loc[row.index[0], "duration_months"] > 0  # a 6-year loan raises the risk


@pytest.mark.parametrize("empty", ["labels", "frame"])
def test_no_rows_gives_an_empty_result_or_an_input_error(cases, empty):
    case = cases["german_credit"]
    rows = [] if empty == "labels" else case.X.iloc[:0]
    try:
        att = explainers.attributions(case, rows=rows)
    except explainers.InputError:
        return
    assert att.values.shape == (0, case.X.shape[1]) and list(att.values.columns) == list(case.X.columns)
    assert len(att.output) == 0 and len(att.base_values) == 0


def test_bad_rows_raise_input_error(cases):
    case = cases["german_credit"]
    with pytest.raises(explainers.InputError, match="not in the data"):
        explainers.attributions(case, rows=[case.X.index[0], 10**9])
    with pytest.raises(explainers.InputError, match="not in the data"):
        explainers.attributions(case, rows="no such row")
    with pytest.raises(explainers.InputError, match="age"):
        explainers.attributions(case, rows=case.X.iloc[:2].drop(columns="age"))


def test_unknown_target_class_raises_input_error(cases):
    for name, wrong in (("german_credit", "average"), ("wine", "cultivar_9")):
        with pytest.raises(explainers.InputError, match="not one of the model's classes"):
            explainers.attributions(cases[name], rows=cases[name].X.index[:2], target_class=wrong)


def test_log_odds_of_a_random_forest_falls_back_to_permutation(cases):
    case = cases["german_credit"]
    rows = case.X.index[:4]
    att = explainers.attributions(case, rows=rows, target_class="bad", units="log-odds")
    assert att.approximate is True and "Permutation" in att.method
    assert att.units == "log-odds of bad"
    np.testing.assert_allclose(att.base_values + att.values.to_numpy().sum(axis=1), att.output, atol=TOL)
    p = case.model.predict_proba(case.X.loc[rows])[:, 0]
    np.testing.assert_allclose(att.output, logit(np.clip(p, 1e-12, 1 - 1e-12)), atol=TOL)
    assert att.max_additivity_error < TOL


# ---------------------------------------------------------------- 8. regression


def test_regression_bike_rentals(cases):
    case = cases["bike_rentals"]
    rows = case.X.index[:300]
    att = explainers.attributions(case, rows=rows)
    assert att.units == "rentals" and att.target_class is None
    assert att.approximate is False and "TreeSHAP" in att.method
    _assert_additive(att, case, case.X.loc[rows])
    np.testing.assert_allclose(att.output, case.predicted.loc[rows].to_numpy(), atol=TOL)
    assert list(att.values.columns) == list(case.X.columns)


def test_exact_method_knows_when_log_odds_need_the_permutation_path(cases):
    """A forest averages probabilities: exact in probability, estimated in log-odds (the Why page
    samples fewer rows then); boosted and linear models are exact in both."""
    from explainers.why.attributions import exact_method

    forest = cases["german_credit"]
    assert exact_method(forest) is not None
    assert exact_method(forest, "log-odds") is None
    assert explainers.attributions(forest, forest.X.index[:2], units="log-odds").method.startswith("Permutation")
    for name in ("adult_income", "german_credit_linear"):
        assert exact_method(cases[name], "log-odds") is not None, name


def test_affordable_rows_shrinks_the_sample_for_deep_forests(cases):
    """Row budgets follow the trees' size (leaves and depth), so deep forests get smaller samples."""
    from sklearn.ensemble import RandomForestClassifier

    from explainers.why.attributions import TREESHAP_SECONDS, affordable_rows

    german = cases["german_credit"]
    assert affordable_rows(german, 20.0, 500) == 500  # 300 trees of depth 8: the whole sample fits
    assert affordable_rows(cases["adult_income"], 0.001, 500) == 500  # LightGBM's native contributions: no cap
    def forest_case(depth):
        model = Pipeline([("columns", german.model[0]), ("forest", RandomForestClassifier(
            n_estimators=60, max_depth=depth, random_state=0))]).fit(german.X, german.y)
        return model, explainers.load(model, german.X.assign(credit_risk=german.y), target="credit_risk")

    deep_model, deep = forest_case(None)  # unlimited depth, the scikit-learn default
    _, shallow = forest_case(3)
    size = sum(t.tree_.n_leaves * np.sqrt(t.tree_.max_depth) for t in deep_model[-1].estimators_)
    rows = affordable_rows(deep, 0.2, 500)
    assert 40 <= rows < affordable_rows(shallow, 0.2, 500)
    assert rows == max(40, int(0.2 / (size * TREESHAP_SECONDS)))
    assert affordable_rows(deep, 1e-9, 500) == 40  # never below the floor
