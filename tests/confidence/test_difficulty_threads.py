"""The adaptive method's difficulty model, and the model on a few new rows, use one OpenMP thread (issue 27 item 11).

Under load, HistGradientBoosting's OpenMP threads spin waiting for each other: the ~1,000-row
difficulty fit took 6-13 s instead of 0.5 s on the 2-core machine, once per confidence section
(and per value section), which is how a ridge regressor's 3 s report became 29 s.
"""

from __future__ import annotations

import os

import pytest
from conftest import load_quietly
from sklearn.ensemble import HistGradientBoostingRegressor
from threadpoolctl import threadpool_info

import explainers


def _openmp_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "openmp"]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: every fit runs on one thread anyway")
def test_difficulty_model_and_a_few_rows_bands_use_one_thread(sample_cases_built, monkeypatch):
    sample = sample_cases_built["bike_rentals"]
    case = load_quietly(sample.model_path, sample.holdout_path)
    assert len(case.X) < 5000 and max(_openmp_threads(), default=1) > 1  # threads available outside the fit
    seen = []
    fit, predict = HistGradientBoostingRegressor.fit, HistGradientBoostingRegressor.predict

    def recorded(method):
        def call(self, *args, **kwargs):
            seen.append((method.__name__, max(_openmp_threads(), default=1)))
            return method(self, *args, **kwargs)
        return call

    monkeypatch.setattr(HistGradientBoostingRegressor, "fit", recorded(fit))
    monkeypatch.setattr(HistGradientBoostingRegressor, "predict", recorded(predict))
    conf = explainers.confidence(case, level=0.9)
    conf.interval(case.X.head(3))
    assert conf.scoring == "adaptive" and {name for name, _ in seen} == {"fit", "predict"}
    assert all(threads == 1 for _, threads in seen), seen
