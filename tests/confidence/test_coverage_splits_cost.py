"""Issue 27 item 11: the repeated-split coverage re-splits scores computed once; it refits nothing.

A LightGBM regressor's report took 94 s, 35 s of it in ``coverage_over_splits``: 51 conformal refits
(the adaptive method's difficulty model, ~0.7 s each). Split conformal with a fixed score needs only
each row's score, so the splits now re-split scores computed once. Checked here: the numbers keep their
meaning (for fixed scores they equal the per-seed predictors' coverage; split 0 is the shown split), and
the model and the difficulty model are called a bounded number of times, counted with wrappers.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from conftest import load_quietly
from sklearn.ensemble import HistGradientBoostingRegressor
from threadpoolctl import threadpool_limits

import explainers
from explainers.confidence.conformal import coverage_over_splits
from explainers.report.build import build, context


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    with threadpool_limits(1):
        yield


@pytest.fixture(scope="module")
def bikes(sample_cases_built):
    sample = sample_cases_built["bike_rentals"]
    return load_quietly(sample.model_path, sample.holdout_path)


class Counting:
    """The case's model, counting every predict / predict_proba call."""

    def __init__(self, model):
        self.model, self.calls = model, 0

    def predict(self, X):
        self.calls += 1
        return self.model.predict(X)

    def predict_proba(self, X):
        self.calls += 1
        return self.model.predict_proba(X)

    def __getattr__(self, name):
        return getattr(self.model, name)


@pytest.fixture
def fits(monkeypatch):
    """How many difficulty models (HistGradientBoostingRegressor) are fitted while the test runs."""
    count = {"fits": 0}
    original = HistGradientBoostingRegressor.fit

    def counted(self, *args, **kwargs):
        count["fits"] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(HistGradientBoostingRegressor, "fit", counted)
    return count


def _counted(case):
    model = Counting(case.model)
    return dataclasses.replace(case, model=model), model


def test_adaptive_splits_fit_one_difficulty_model_and_call_no_model(bikes, fits):
    case, model = _counted(bikes)
    splits = coverage_over_splits(case, level=0.9, repeats=5)
    assert splits.scoring == "adaptive" and splits.repeats == 5
    assert fits["fits"] <= 1, f"{fits['fits']} difficulty models fitted for 5 splits (one is enough)"
    assert model.calls == 0
    assert 0.8 < splits.mean < 1 and splits.std > 0  # five different splits, coverage near the promised 90%
    assert "computed once" in splits.method


def test_adaptive_split_zero_is_the_split_shown(bikes):
    shown = explainers.confidence(bikes, level=0.9)
    assert coverage_over_splits(bikes, level=0.9, repeats=1).mean == pytest.approx(shown.coverage, abs=1e-12)


@pytest.mark.parametrize("method", ["lac", "aps"])
def test_fixed_score_splits_equal_the_per_seed_predictors(german_case, method):
    case, model = _counted(german_case)
    splits = coverage_over_splits(case, level=0.9, method=method, repeats=8)
    assert model.calls == 0
    per_seed = [explainers.confidence(german_case, 0.9, method, random_state=s).coverage for s in range(8)]
    assert splits.mean == pytest.approx(np.mean(per_seed), abs=1e-12)
    assert splits.std == pytest.approx(np.std(per_seed), abs=1e-12)
    assert splits.evaluation_rows == len(explainers.confidence(german_case, 0.9, method).evaluation_rows)


def test_absolute_splits_equal_the_per_seed_predictors(bikes, fits):
    splits = coverage_over_splits(bikes, level=0.8, method="absolute", repeats=6)
    assert fits["fits"] == 0
    per_seed = [explainers.confidence(bikes, 0.8, "absolute", random_state=s).coverage for s in range(6)]
    assert splits.mean == pytest.approx(np.mean(per_seed), abs=1e-12)
    assert splits.std == pytest.approx(np.std(per_seed), abs=1e-12)


def test_report_confidence_section_on_a_regressor_is_bounded(bikes, fits):
    case, model = _counted(bikes)
    built = build(context(case), names=["confidence"], figures=False)
    assert built, "the confidence section was not built"
    assert model.calls <= 1, f"the model was called {model.calls} times for the confidence section"
    assert fits["fits"] <= 1, f"{fits['fits']} difficulty models fitted for one report section"
