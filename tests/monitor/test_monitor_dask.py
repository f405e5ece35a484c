"""Batches on Dask (issue 28): a Parquet glob or a dask frame is cut and scored on a real local 2-worker cluster,
per-period sums come back as the measures layer's tallies, and the per-period numbers equal the pandas path's."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("distributed")
import dask.dataframe as dd
from distributed import Client, LocalCluster
from stream_helpers import model_and_reference, stream

import explainers

PERIOD_COLUMNS = ["period", "start", "rows", "labelled", "metric", "estimated", "estimated_low", "estimated_high",
                  "realised", "realised_low", "realised_high", "reliable", "alert"]


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local, \
            Client(local) as client:
        yield client


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, reference, rng = model_and_reference(seed=7, reference_rows=4_000)
    batches = stream(rng, chunks=6, size=3_000, shift_at=5, shift=1.0)
    batches.loc[batches["day"] >= batches["day"].iloc[-1], "y"] = np.nan  # the last day's labels have not arrived
    folder = tmp_path_factory.mktemp("batches")
    for i, rows in enumerate(np.array_split(np.arange(len(batches)), 5)):  # files cut across days
        batches.iloc[rows].to_parquet(folder / f"part-{i}.parquet", index=False)
    return reference, batches, folder


def _watch(reference, batches, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return explainers.monitor(reference, batches, time_column="day", period="D", explain=False, **options)


def test_a_parquet_glob_on_two_workers_gives_the_pandas_numbers(cluster, data):
    reference, batches, folder = data
    on_pandas = _watch(reference, batches)
    on_dask = _watch(reference, str(folder / "*.parquet"))
    pd.testing.assert_frame_equal(on_dask.periods[PERIOD_COLUMNS], on_pandas.periods[PERIOD_COLUMNS], check_exact=False,
                                  rtol=1e-9, atol=1e-12)
    pd.testing.assert_frame_equal(on_dask.drift.drop(columns="method"), on_pandas.drift.drop(columns="method"),
                                  check_exact=False, rtol=1e-9, atol=1e-12)
    assert list(on_dask.alerts["sentence"]) == list(on_pandas.alerts["sentence"])
    assert "read on Dask (5 partitions)" in on_dask.method
    assert on_dask.periods.loc[on_dask.periods["period"] == "2024-01-06", "labelled"].eq(0).all()


def test_a_dask_frame_is_never_computed_into_memory(cluster, data, monkeypatch):
    reference, batches, _ = data
    frame = dd.from_pandas(batches, npartitions=4)

    def refuse(*args, **kwargs):
        raise AssertionError("the batches were computed into the client's memory")

    monkeypatch.setattr(type(frame), "compute", refuse)
    on_dask = _watch(reference, frame)
    on_pandas = _watch(reference, batches)
    pd.testing.assert_frame_equal(on_dask.periods[PERIOD_COLUMNS], on_pandas.periods[PERIOD_COLUMNS], check_exact=False,
                                  rtol=1e-9, atol=1e-12)


def test_chunk_size_is_refused_on_dask(cluster, data):
    reference, _, folder = data
    with pytest.raises(explainers.InputError, match="cut Dask batches by period"):
        explainers.monitor(reference, str(folder / "*.parquet"), chunk_size=1_000)
