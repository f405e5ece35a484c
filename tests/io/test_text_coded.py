"""Text columns are coded once at load (issue 27 items 7 and 10): same values, same model answers, short notes."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import explainers
from explainers.io.assemble import QUOTED_CHARS, clipped

CELL = "x" * 1_000_000


@pytest.fixture(scope="module")
def holdout(german) -> pd.DataFrame:
    return pd.read_csv(german.holdout_path)


def _load(model, data):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        case = explainers.load(model, data)
    return case, [str(w.message) for w in caught]


def test_a_1mb_cell_loads_and_its_note_quotes_the_start_and_the_length(german, holdout, tmp_path):
    path = tmp_path / "wide.csv"
    holdout.assign(purpose=[CELL, *holdout["purpose"][1:]]).to_csv(path, index=False)
    case, notes = _load(german.model_path, path)
    assert len(case.X) == len(holdout) and case.X["purpose"].iloc[0] == CELL  # the value itself is kept whole
    about = [n for n in notes if "purpose" in n and "never seen" in n]
    assert len(about) == 1 and len(about[0]) < 400, [len(n) for n in notes]
    assert f"'{'x' * QUOTED_CHARS}…' (1,000,000 characters)" in about[0]
    assert max(len(n) for n in notes) < 1_000


def test_short_values_are_quoted_whole_and_long_ones_clipped():
    assert clipped(["good", 3, None]) == ["good", 3, None]
    assert repr(clipped(["y" * 61])[0]) == f"'{'y' * 60}…' (61 characters)"


def test_text_columns_become_categories_with_the_same_values_and_answers(german, holdout):
    case, _ = _load(german.model_path, german.holdout_path)
    X = holdout.drop(columns="credit_risk")
    text = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
    assert text and all(isinstance(case.X[c].dtype, pd.CategoricalDtype) for c in text)
    for column in text:
        assert case.X[column].astype(object).tolist() == X[column].astype(object).tolist()
        assert set(case.categories[column]) <= set(case.X[column].cat.categories)  # every known value representable
    assert np.array_equal(case.model.predict_proba(case.X), case.model.predict_proba(X))
    assert np.array_equal(case.proba.to_numpy(), case.model.predict_proba(X))
    same = explainers.load(german.model_path, X.assign(credit_risk=holdout["credit_risk"]), target="credit_risk")
    assert same.fingerprint == case.fingerprint  # hashed as text: a report's signature does not change


class DtypeSensitiveModel:
    """Answers differently when a column is a pandas category (as a transformer that picks columns by dtype
    at predict time would)."""

    def __init__(self, inner):
        self.inner, self.classes_ = inner, inner.classes_

    def predict(self, X):
        return self.inner.predict(X)

    def predict_proba(self, X):
        proba = np.asarray(self.inner.predict_proba(X), dtype=float)
        if any(isinstance(t, pd.CategoricalDtype) for t in X.dtypes):
            proba = proba[:, ::-1]
        return proba


def test_a_model_that_answers_differently_on_categories_keeps_its_text_columns(german, holdout):
    import joblib

    model = DtypeSensitiveModel(joblib.load(german.model_path))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        case = explainers.load(model, holdout, target="credit_risk")
    assert not any(isinstance(t, pd.CategoricalDtype) for t in case.X.dtypes)
    assert np.array_equal(case.proba.to_numpy(), model.predict_proba(case.X))
