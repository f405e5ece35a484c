"""Counterfactuals on awkward inputs: missing values, 'category' and nullable dtypes, models whose
predict is not the arg-max of their probabilities, blank or reversed bounds. Each case here broke
an earlier version of the search (found in review); every returned row is re-checked with
``model.predict``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier, VotingClassifier
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder
from sklearn.tree import DecisionTreeClassifier

import explainers
from explainers.core.memo import per_case
from explainers.flips import pool as counterfactual_pool
from explainers.flips.counterfactuals import counterfactuals, flip_points
from explainers.why.attributions import affordable_rows


@pytest.fixture(scope="module")
def german_frame(cases):
    case = cases["german_credit"]
    return case.X.copy(), case.y.copy()


def text_columns(X: pd.DataFrame) -> list[str]:
    return [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]


def assert_flips(case, label, result) -> None:
    if result.empty:
        return
    original = case.model.predict(case.X.loc[[label]])[0]
    again = case.model.predict(result.rows[list(case.X.columns)])
    assert (again != original).all(), f"row {label}: {list(again)} includes {original!r}"
    assert list(result.rows["prediction"]) == list(again)


def test_missing_values_are_neither_forced_to_change_nor_fatal(german_frame):
    X, y = german_frame
    X = X.copy()
    rng = np.random.default_rng(0)
    X["credit_amount"] = X["credit_amount"].astype(float).mask(rng.random(len(X)) < 0.15)
    X["savings"] = X["savings"].astype(object).mask(rng.random(len(X)) < 0.15)
    encode = ColumnTransformer([("text", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1,
                                                        encoded_missing_value=-2), text_columns(X))],
                               remainder="passthrough")
    model = Pipeline([("c", encode), ("m", HistGradientBoostingClassifier(max_iter=60, random_state=0))]).fit(X, y)
    case = explainers.load(model, X.assign(credit_risk=y), target="credit_risk")
    with_gaps = list(case.X.index[case.X["credit_amount"].isna()][:3]) + list(case.X.index[case.X["savings"].isna()][:3])
    unforced = 0
    for label in with_gaps:
        result = counterfactuals(case, label)
        assert_flips(case, label, result)
        gaps = [c for c in ("credit_amount", "savings") if pd.isna(case.X.loc[label, c])]
        unforced += any(all(pd.isna(row[c]) for c in gaps) for _, row in result.rows.iterrows())
        assert np.isfinite(result.rows["distance"].to_numpy(dtype=float)).all()
        flip_points(case, label)  # no crash
    assert unforced > 0, "every counterfactual filled in the missing value: it was treated as a constraint"


def test_a_category_the_dtype_cannot_hold_is_never_used(german_frame):
    """With pandas 'category' columns, a listed category outside the dtype would become NaN."""
    X, y = german_frame
    X = X.copy()
    for column in text_columns(X):
        X[column] = X[column].astype("category")
    encode = ColumnTransformer([
        ("history", Pipeline([("fill", SimpleImputer(strategy="constant", fill_value="no credits / all paid")),
                              ("onehot", OneHotEncoder(handle_unknown="ignore"))]), ["credit_history"]),
        ("rest", OneHotEncoder(handle_unknown="ignore"), [c for c in text_columns(X) if c != "credit_history"]),
    ], remainder="passthrough")
    model = Pipeline([("c", encode), ("m", RandomForestClassifier(n_estimators=30, max_depth=6, random_state=0))]).fit(X, y)
    case = explainers.load(model, X.assign(credit_risk=y), target="credit_risk")
    only_history = [c for c in case.X.columns if c != "credit_history"]
    for label in case.X.index[:15]:
        result = counterfactuals(case, label, immutable=only_history, ranges={"credit_history": ["BRAND NEW"]})
        assert result.empty, f"row {label}: {result.changes}"
        free = counterfactuals(case, label)
        assert not free.rows[list(case.X.columns)].isna().any().any()
        assert_flips(case, label, free)


def test_a_row_beyond_the_datas_range_is_not_forced_back_inside(cases):
    case = cases["german_credit_linear"]
    label = case.X.index[3]
    row = case.X.loc[[label]].copy()
    row["credit_amount"] = case.X["credit_amount"].max() + 5000
    result = counterfactuals(case, row)
    assert (result.rows["credit_amount"] == row["credit_amount"].iloc[0]).any(), result.changes


class ThresholdAt:
    """Predicts the second class from probability ``threshold`` on: not the arg-max, yet it agrees
    with the arg-max on every data row when no row falls between ``threshold`` and 0.5."""

    def __init__(self, fitted, threshold):
        self.fitted, self.threshold = fitted, threshold
        self.classes_, self.feature_names_in_ = fitted.classes_, fitted.feature_names_in_

    def predict_proba(self, X):
        return self.fitted.predict_proba(X)

    def predict(self, X):
        return self.classes_[(self.predict_proba(X)[:, 1] >= self.threshold).astype(int)]


def test_predict_has_the_last_word_when_it_is_not_the_argmax_by_design(cases):
    base = cases["german_credit"]
    p = base.proba.iloc[:, 1].to_numpy()
    threshold = float(p[p < 0.5].max()) + 1e-9  # no data row between it and 0.5
    case = explainers.load(ThresholdAt(base.model, threshold), base.X.assign(credit_risk=base.y), target="credit_risk")
    assert counterfactual_pool.columns(case).argmax_is_predict  # the data cannot tell them apart
    checked = 0
    for label in case.X.index[case.predicted == case.classes[1]][:25]:
        result = counterfactuals(case, label)
        assert_flips(case, label, result)
        checked += len(result)
    assert checked > 0


def test_blank_reversed_and_malformed_bounds(cases):
    case = cases["german_credit_linear"]
    label = case.X.index[0]
    blank = counterfactuals(case, label, ranges={"age": (np.nan, None), "credit_amount": (None, np.nan)})
    assert not blank.empty  # a cleared cell means "what the data shows", not "nothing allowed"
    pd.testing.assert_frame_equal(blank.rows, counterfactuals(case, label).rows)
    for bad in [{"credit_amount": (5000, 1000)}, {"credit_amount": [1, 2, 3]}, {"credit_amount": "1-2"}]:
        with pytest.raises(explainers.InputError, match="credit_amount"):
            counterfactuals(case, label, ranges=bad)
    with pytest.raises(explainers.InputError, match="purpose"):
        counterfactuals(case, label, directions={"purpose": "increase"})
    for count in (0, -1, 2.5):
        with pytest.raises(explainers.InputError, match="count"):
            counterfactuals(case, label, count=count)


def test_a_regression_range_already_reached_is_refused(cases):
    case = cases["bike_rentals"]
    label = case.X.index[0]
    now = float(case.predicted.loc[label])
    with pytest.raises(explainers.InputError, match="already"):
        counterfactuals(case, label, target=(now - 10, now + 10))


def test_nullable_integer_and_float_columns(cases):
    base = cases["german_credit"]
    data = base.X.assign(credit_risk=base.y)
    data["duration_months"] = data["duration_months"].astype("Int64")
    data["credit_amount"] = data["credit_amount"].astype("Float64")
    case = explainers.load(base.model, data, target="credit_risk")
    for label in case.X.index[:3]:
        result = counterfactuals(case, label)
        assert_flips(case, label, result)
        assert str(result.rows["duration_months"].dtype) == "Int64"
        flip_points(case, label)


def test_regression_pools_do_not_pile_up(cases):
    case = cases["bike_rentals"]
    for label in case.X.index[:counterfactual_pool.POOLS_KEPT + 4]:
        now = float(case.predicted.loc[label])
        counterfactuals(case, label, target=(now + 40, now + 120))
    assert len(per_case(case, "pools", dict)) <= counterfactual_pool.POOLS_KEPT


def test_row_budget_accepts_a_mixed_voting_ensemble(german_frame):
    X, y = german_frame
    encode = ColumnTransformer([("text", OneHotEncoder(handle_unknown="ignore"), text_columns(X))], remainder="passthrough")
    voting = VotingClassifier([("forest", Pipeline([("c", encode), ("m", RandomForestClassifier(n_estimators=10, random_state=0))])),
                               ("tree", Pipeline([("c", encode), ("m", DecisionTreeClassifier(max_depth=4, random_state=0))]))],
                              voting="soft").fit(X, y)
    case = explainers.load(voting, X.assign(credit_risk=y), target="credit_risk")
    assert affordable_rows(case, 2.0, 200) == 200  # members are pipelines: no tree size to read, no cap
