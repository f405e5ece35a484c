"""``fast_forest``: the forest's probabilities without per-tree overhead, bit for bit, or not at all."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

import explainers
from explainers.flips.fast_forest import forest_proba


def scrambled(X: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """Rows the model never saw: every column shuffled on its own."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({c: X[c].to_numpy()[rng.permutation(len(X))] for c in X.columns}).astype(X.dtypes.to_dict())


def test_the_sample_forest_gets_identical_probabilities(cases):
    case = cases["german_credit"]
    proba = forest_proba(case)
    assert proba is not None
    rows = scrambled(case.X)
    assert np.array_equal(proba(rows), case.model.predict_proba(rows))


def test_models_that_are_not_sklearn_forests_get_none(cases):
    for name in ("adult_income", "german_credit_linear", "bike_rentals"):
        assert forest_proba(cases[name]) is None, name


def _fit(classifier, german_case, sparse: bool):
    X, y = german_case.X, german_case.y
    categorical = [c for c in X.columns if german_case.feature_kinds[c] == "categorical"]
    encode = ColumnTransformer([("c", OneHotEncoder(handle_unknown="ignore", sparse_output=sparse), categorical)],
                               remainder="passthrough", sparse_threshold=1.0 if sparse else 0.0)
    return make_pipeline(encode, classifier).fit(X, y)


def test_sparse_input_and_extra_trees_are_exact_or_refused(cases):
    german = cases["german_credit"]
    for classifier, sparse in [(ExtraTreesClassifier(n_estimators=20, random_state=0), True),
                               (RandomForestClassifier(n_estimators=20, random_state=0), True),
                               (ExtraTreesClassifier(n_estimators=20, random_state=0), False)]:
        model = _fit(classifier, german, sparse)
        case = explainers.load(model, german.X.assign(credit_risk=german.y), target="credit_risk")
        proba = forest_proba(case)
        rows = scrambled(case.X, seed=1)
        if proba is not None:
            assert np.array_equal(proba(rows), model.predict_proba(rows)), (classifier, sparse)
    assert forest_proba(case) is not None  # the dense extra-trees pipeline takes the fast path


class TweakedForest(RandomForestClassifier):
    """A forest subclass may change predict_proba; the fast path must not assume it did not."""

    def predict_proba(self, X):
        return super().predict_proba(X) ** 2


def test_a_forest_subclass_is_not_taken_for_a_forest(cases):
    german = cases["german_credit"]
    model = _fit(TweakedForest(n_estimators=10, random_state=0), german, sparse=False)
    case = explainers.load(model, german.X.assign(credit_risk=german.y), target="credit_risk")
    assert forest_proba(case) is None
