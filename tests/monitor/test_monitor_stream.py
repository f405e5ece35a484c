"""Done-when of issue 28 on a synthetic stream with a known shift (tests/monitor/stream_helpers.py): estimates
within 0.01 of realised ROC AUC in every chunk, drift alerts on the shifted chunks only, none before; and on a
stream leaving the reference's support, at least 90% of periods honest."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from stream_helpers import leaving_support, model_and_reference, stream

import explainers


@pytest.fixture(scope="module")
def shifted():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, reference, rng = model_and_reference()
        batches = stream(rng, chunks=8, size=40_000, shift_at=5)
        return explainers.monitor(reference, batches, time_column="day", period="D", explain=False)


@pytest.mark.slow
def test_estimated_roc_auc_is_within_0_01_of_realised_in_every_chunk(shifted):
    auc = shifted.periods[shifted.periods["metric"] == "roc_auc"]
    assert len(auc) == 8 and auc["realised"].notna().all()
    gap = (auc["estimated"] - auc["realised"]).abs()
    assert gap.max() <= 0.01, gap.tolist()
    assert auc["reliable"].all()  # the shift stays inside the reference's support


@pytest.mark.slow
def test_drift_alerts_on_the_shifted_chunks_only(shifted):
    drift = shifted.alerts[shifted.alerts["kind"] == "drift"]
    periods = sorted(shifted.periods["period"].unique())
    assert set(drift["period"]) == set(periods[4:])  # chunks 5 to 8 moved, each of them alerts
    assert set(drift.loc[drift["column"] != "predictions", "column"]) <= {"x1", "multivariate"}
    assert not shifted.drift[shifted.drift["period"].isin(periods[:4])]["alert"].any()  # none before the shift
    assert not shifted.alerts["period"].isin(periods[:4]).any()  # no alert of any kind before it


@pytest.mark.slow
def test_tables_hold_the_public_columns(shifted):
    for column in ("period", "start", "end", "rows", "labelled", "metric", "estimated", "estimated_low",
                   "estimated_high", "realised", "realised_low", "realised_high", "reliable", "alert"):
        assert column in shifted.periods.columns
    assert {"multivariate", "predictions"} <= set(shifted.drift["column"])
    assert list(shifted.alerts.columns) == ["period", "start", "kind", "column", "status", "sentence"]
    assert shifted.rollback_status == "none"


@pytest.mark.slow
def test_on_a_stream_leaving_the_support_nine_periods_in_ten_are_honest():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, reference, rng = model_and_reference(seed=1)
        result = explainers.monitor(reference, leaving_support(reference, rng), time_column="day", period="D",
                                    explain=False)
    auc = result.periods[result.periods["metric"] == "roc_auc"]
    inside = (auc["realised"] >= auc["estimated_low"]) & (auc["realised"] <= auc["estimated_high"])
    honest = inside | ~auc["reliable"]
    assert honest.mean() >= 0.9, auc[["period", "estimated", "estimated_low", "estimated_high", "realised",
                                      "reliable"]].to_string()
    assert not auc["reliable"].all()  # the far periods say their estimate cannot be trusted
    assert (auc.loc[~auc["reliable"], "why_unreliable"].str.contains("x1")).all()


def test_a_stream_with_no_shift_raises_no_alert():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, reference, rng = model_and_reference(seed=2, reference_rows=6_000)
        batches = stream(rng, chunks=12, size=2_000, shift_at=99)
        result = explainers.monitor(reference, batches, chunk_size=2_000, explain=False)
    assert result.alerts.empty, result.alerts["sentence"].tolist()
    assert len(result.drift) == 12 * 6  # per chunk: 4 inputs, the predictions and the multivariate row
    assert np.isfinite(result.periods["estimated"]).all()


def test_performance_alerts_are_judged_on_interval_bounds_not_points():
    """Labels that stop following the model (concept drift) in a large and in a small period: both points fall
    below the normal band, but only the large period's whole interval does; the small one is not an alert."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, reference, rng = model_and_reference(seed=5, reference_rows=6_000)
        parts = []
        for k, size in enumerate((3_000, 3_000, 3_000, 120)):
            part = stream(rng, chunks=1, size=size, shift_at=99).assign(day=pd.Timestamp("2024-02-01") + pd.Timedelta(days=k))
            if k >= 2:  # two outcomes in five become coin flips
                flip = rng.random(size) < 0.4
                part.loc[flip, "y"] = np.where(rng.random(int(flip.sum())) < 0.5, "yes", "no")
            parts.append(part)
        result = explainers.monitor(reference, pd.concat(parts, ignore_index=True), time_column="day", period="D",
                                    explain=False)
    auc = result.periods[result.periods["metric"] == "roc_auc"].set_index("period")
    large, small = auc.index[2], auc.index[3]
    assert auc.loc[large, "alert"] and auc.loc[large, "bound"] < auc.loc[large, "limit"]
    assert auc.loc[small, "realised"] < auc.loc[small, "limit"] < auc.loc[small, "bound"]  # point out, interval not
    assert not auc.loc[small, "alert"]
    assert (result.periods["alert"] == (result.periods["bound"] < result.periods["limit"])).all()  # higher is better
    sentence = result.alerts[(result.alerts["kind"] == "performance") & (result.alerts["column"] == "roc_auc")]
    assert "upper bound" in sentence["sentence"].iloc[0]


@pytest.mark.slow
def test_explanation_drift_alerts_when_what_drives_the_model_changes_and_not_before():
    """30 daily periods; from day 21 x1 spreads three times wider (its mean unchanged), so it drives far more of
    the model's output: attribution alerts on those days, none in the 20 before (Bonferroni over periods)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, reference, rng = model_and_reference(seed=0, reference_rows=6_000)
        batches = stream(rng, chunks=30, size=1_000, shift_at=21, shift=0.0, scale=3.0)
        result = explainers.monitor(reference, batches, time_column="day", period="D")
    found = result.attribution_drift
    assert not found["alert"].iloc[:20].any(), found["distance"].iloc[:20].max()
    assert found["alert"].iloc[20:].mean() >= 0.8, found[["period", "distance", "threshold"]].to_string()
    assert (found["top_columns"].iloc[20:].str.startswith("x1")).all()
