"""The Dask path: whole-data numbers equal the pandas path's on the same rows, the work runs on the workers,
and bad input (disagreeing files or partitions, a glob matching nothing, a silent scheduler) is an InputError."""

import time
import warnings

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("distributed")
import dask.dataframe as dd
from distributed import Client, LocalCluster

import explainers
from explainers.core.columns import group_labels
from explainers.core.errors import DataError, InputError
from explainers.failures.conditions import select
from explainers.failures.groups import group_metrics

ROWS, FILES = 300_000, 5


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local, \
            Client(local) as client:
        yield client


def _generated(rows: int, seed: int) -> pd.DataFrame:
    """Applicants with an income, a debt ratio, a region and a sex; default is more likely with debt."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"income": rng.lognormal(10, 0.5, rows).round(0), "debt_ratio": rng.uniform(0, 1, rows),
                          "region": rng.choice(["north", "south", "east", "west"], rows, p=[0.4, 0.3, 0.2, 0.1]),
                          "sex": rng.choice(["female", "male"], rows)})
    logit = 3 * frame["debt_ratio"] - 2 + (frame["region"] == "west") * 1.5 - (frame["income"] - 22000) / 20000
    frame["default"] = np.where(rng.uniform(size=rows) < 1 / (1 + np.exp(-logit)), "yes", "no")
    return frame


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A fitted pipeline, ROWS generated rows in FILES Parquet files, and the same rows as one frame."""
    import joblib
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder

    train = _generated(5000, 99)
    columns = ColumnTransformer([("text", OneHotEncoder(handle_unknown="ignore"), ["region", "sex"])],
                                remainder="passthrough")
    model = Pipeline([("columns", columns), ("model", LogisticRegression(max_iter=500))])
    model.fit(train.drop(columns="default"), train["default"])
    folder = tmp_path_factory.mktemp("parts")
    joblib.dump(model, folder / "model.joblib")
    frames = [_generated(ROWS // FILES, i) for i in range(FILES)]
    for i, part in enumerate(frames):
        part.to_parquet(folder / f"part-{i}.parquet")
    return folder / "model.joblib", folder, pd.concat(frames, ignore_index=True)


def _quiet(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return explainers.load(*args, **kwargs)


@pytest.fixture(scope="module")
def both(cluster, files):
    model, folder, whole = files
    on_dask = _quiet(model, str(folder / "*.parquet"), target="default")
    in_pandas = _quiet(model, whole, target="default")
    return on_dask, in_pandas


def test_rows_sample_and_workers(both, cluster):
    on_dask, in_pandas = both
    assert on_dask.n_rows == ROWS == len(in_pandas.X)
    assert 49_000 <= len(on_dask.X) <= 51_000 and on_dask.X.index.is_unique
    share = on_dask.y.value_counts(normalize=True)
    assert share.to_dict() == pytest.approx(in_pandas.y.value_counts(normalize=True).to_dict(), abs=0.002)
    workers = set(cluster.scheduler_info()["workers"])
    assert on_dask.whole.workers == workers and len(workers) == 2  # every partition was scored on a worker
    # the sample's predictions are the model's own (no re-prediction on the client needed, but they agree)
    assert (on_dask.predicted == on_dask.model.predict(on_dask.X)).all()
    assert any("stratified sample" in note for note in on_dask.notes)


def test_performance_equals_pandas(both):
    on_dask, in_pandas = both
    got, want = explainers.performance(on_dask), explainers.performance(in_pandas)
    for key in want.metrics["key"]:
        tolerance = 1e-4 if key in ("roc_auc", "average_precision") else 1e-9
        assert got.value(key) == pytest.approx(want.value(key), abs=tolerance), key
    pd.testing.assert_frame_equal(got.confusion, want.confusion, check_dtype=False, check_names=False)
    pd.testing.assert_frame_equal(got.threshold_study, want.threshold_study, check_dtype=False)
    assert got.best_threshold == want.best_threshold and got.approximate


def test_regression_metrics_count_every_row(cluster, files, tmp_path):
    """MAE, RMSE and R2 on Dask come from all rows' sums and equal the pandas path's."""
    import joblib
    from sklearn.linear_model import LinearRegression

    _, _, whole = files
    train = whole.head(5000)
    model = LinearRegression().fit(train[["debt_ratio", "income"]], train["income"] * 0.1 + train["debt_ratio"])
    joblib.dump(model, tmp_path / "regressor.joblib")
    frame = whole[["debt_ratio", "income"]].assign(target=whole["income"] * 0.1 + 50 * whole["debt_ratio"])
    for i, rows in enumerate(np.array_split(np.arange(len(frame)), 3)):
        frame.iloc[rows].to_parquet(tmp_path / f"reg-{i}.parquet")
    on_dask = _quiet(tmp_path / "regressor.joblib", str(tmp_path / "reg-*.parquet"), target="target")
    in_pandas = _quiet(tmp_path / "regressor.joblib", frame, target="target")
    got, want = explainers.performance(on_dask), explainers.performance(in_pandas)
    for key in ("mae", "rmse", "r2"):
        assert got.value(key) == pytest.approx(want.value(key), rel=1e-9), key
    assert "median_absolute_error" not in set(got.metrics["key"]) and "all 300,000" in got.method


def test_calibration_and_groups_equal_pandas(both):
    on_dask, in_pandas = both
    got, want = explainers.calibration(on_dask), explainers.calibration(in_pandas)
    pd.testing.assert_frame_equal(got.table, want.table, check_dtype=False, rtol=1e-9)
    assert (got.ece, got.brier, got.log_loss) == pytest.approx((want.ece, want.brier, want.log_loss), rel=1e-9)
    for column in ("sex", "region"):
        g, w = group_metrics(on_dask, column).table, group_metrics(in_pandas, column).table
        pd.testing.assert_frame_equal(g.sort_values("group").reset_index(drop=True),
                                      w.sort_values("group").reset_index(drop=True), check_dtype=False, rtol=1e-9)
    # a numeric column is cut at the sample's quantiles; each group counts every row of the whole data
    table = group_metrics(on_dask, "income").table.set_index("group")
    labels = group_labels(in_pandas.X["income"], 4, reference=on_dask.X["income"]).astype(str)
    right = (in_pandas.predicted == in_pandas.y).groupby(labels).agg(["size", "mean"])
    assert table["rows"].to_dict() == right["size"].to_dict()
    assert table["accuracy"].to_dict() == pytest.approx(right["mean"].to_dict(), rel=1e-12)


def test_failing_slices_count_every_row(both):
    on_dask, in_pandas = both
    found = explainers.failures(on_dask)
    assert len(found.slices) > 3 and found.total_rows == ROWS
    wrong = (in_pandas.predicted != in_pandas.y).to_numpy()
    for row in found.slices.itertuples():
        inside = select(in_pandas.X, row.conditions).to_numpy()
        assert row.size == inside.sum()
        assert row.error == pytest.approx(wrong[inside].mean(), rel=1e-12)
        assert row.error_elsewhere == pytest.approx(wrong[~inside].mean(), rel=1e-12)


def test_files_that_disagree_are_named(files, cluster, tmp_path):
    model, _, whole = files
    whole.head(100).to_parquet(tmp_path / "a.parquet")
    whole.head(100).astype({"income": "int64"}).to_parquet(tmp_path / "b.parquet")
    with pytest.raises(DataError, match="b.parquet.*income"):
        _quiet(model, str(tmp_path / "*.parquet"), target="default")
    with pytest.raises(DataError, match="No file matches"):
        _quiet(model, str(tmp_path / "nothing-*.parquet"), target="default")


def test_partitions_that_disagree_are_named(files, cluster):
    model, _, whole = files
    good = whole.head(500)
    bad = whole.iloc[500:1000].drop(columns="debt_ratio")
    frame = dd.from_map(lambda part: part, [good, bad], meta=good.head(0), enforce_metadata=False)
    with pytest.raises(DataError, match="Partition 1.*debt_ratio"):
        _quiet(model, frame, target="default")


def test_a_silent_scheduler_fails_fast(files):
    model, folder, _ = files
    started = time.perf_counter()
    with pytest.raises(InputError, match="tcp://127.0.0.1:9"):
        _quiet(model, str(folder / "*.parquet"), target="default", scheduler="tcp://127.0.0.1:9")
    assert time.perf_counter() - started < 15


def test_many_partitions_are_added_up_on_the_workers(files, cluster, monkeypatch):
    """Per-partition aggregates (a 100,000-bin histogram each) are summed on the workers where the partitions
    are: the client receives one total per result, not one per partition, and no partition moves."""
    model, _, whole = files
    rows = whole.head(40_000)
    on_dask = _quiet(model, dd.from_pandas(rows, npartitions=40), target="default")
    in_pandas = _quiet(model, rows, target="default")
    received = []
    gather = on_dask.whole.client.gather
    monkeypatch.setattr(on_dask.whole.client, "gather", lambda futures, *a, **k: received.append(
        len(futures) if isinstance(futures, list) else 1) or gather(futures, *a, **k))
    got, want = explainers.performance(on_dask), explainers.performance(in_pandas)
    assert got.value("accuracy") == pytest.approx(want.value("accuracy"), abs=1e-12)
    assert explainers.failures(on_dask).total_rows == 40_000
    assert received and max(received) == 1
    holders = cluster.who_has(on_dask.whole.parts)
    assert len(holders) == 40 and all(len(where) == 1 for where in holders.values())


def test_every_thread_of_a_worker_adds_up_a_share():
    """A worker with 4 threads holding 8 partitions adds them up in 4 tasks of 2, not in one of 8."""
    from explainers.scale.partitions import summary
    from explainers.scale.whole import Whole

    with LocalCluster(n_workers=1, threads_per_worker=4, processes=False, dashboard_address=":0") as local, \
            Client(local, set_as_default=False) as client:
        parts = client.scatter([{"X": range(i), "y": None, "worker": "w", "task": None, "classes": None}
                                for i in range(8)])
        whole = Whole(client=client, parts=parts, n_rows=0, sample_rows=0, random_state=0)
        assert [len(batch) for batch in whole._batches()] == [2, 2, 2, 2]
        assert whole.reduce(summary)["rows"] == sum(range(8))
