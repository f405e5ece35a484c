"""The measures layer on a Dask case equals the pandas case on the same rows: measures(), performance(),
calibration, group metrics and fairness are one code path reading one tally (per partition, added up)."""

import warnings

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("distributed")
from distributed import Client, LocalCluster

import explainers
from explainers.core.measures import measures
from explainers.failures.fairness import fairness
from explainers.failures.groups import group_metrics
from explainers.failures.performance import decide

PARTS = 4
COUNTS = {"count"}  # exact integers; rates are compared exactly too (the same counts give the same floats)


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local, \
            Client(local) as client:
        yield client


def _quiet(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return explainers.load(*args, **kwargs)


def _split(sample, folder) -> pd.DataFrame:
    """The sample's holdout written as PARTS Parquet files; the same rows read back as one frame."""
    frame = pd.read_csv(sample.holdout_path)
    for i, rows in enumerate(np.array_split(np.arange(len(frame)), PARTS)):
        frame.iloc[rows].reset_index(drop=True).to_parquet(folder / f"part-{i}.parquet")
    return pd.concat([pd.read_parquet(folder / f"part-{i}.parquet") for i in range(PARTS)], ignore_index=True)


@pytest.fixture(scope="module")
def adult(cluster, sample_cases_built, tmp_path_factory):
    sample = sample_cases_built["adult_income"]
    folder = tmp_path_factory.mktemp("adult_parts")
    whole = _split(sample, folder)
    on_dask = _quiet(sample.model_path, str(folder / "*.parquet"))
    in_pandas = _quiet(sample.model_path, whole)
    assert on_dask.whole is not None and in_pandas.whole is None
    assert on_dask.n_rows == len(in_pandas.X) == len(whole)
    return on_dask, in_pandas


def _same_measures(got, want):
    """Rates and counts exactly equal, with their Wilson bounds; ranking within 1e-4; other sums to 1e-9."""
    assert list(got.overall.index) == list(want.overall.index)
    for key in want.overall.index:
        g, w = got.overall.loc[key], want.overall.loc[key]
        if key in want.rates or key in COUNTS:
            assert (g["value"], g["low"], g["high"]) == (w["value"], w["low"], w["high"]), key
        else:
            tolerance = 1e-4 if key in ("roc_auc", "average_precision") else 1e-9
            assert g["value"] == pytest.approx(w["value"], abs=tolerance), key
    if want.by_group is not None:
        pd.testing.assert_frame_equal(got.by_group, want.by_group, check_exact=False, rtol=1e-9, atol=1e-12)
        rates = sorted(want.rates | COUNTS)
        for table in ("by_group", "by_group_low", "by_group_high"):
            pd.testing.assert_frame_equal(getattr(got, table)[rates], getattr(want, table)[rates], check_exact=True)


@pytest.mark.parametrize("by", [None, "sex", ["sex", "race"], "age"])
@pytest.mark.parametrize("threshold", [None, 0.3])
def test_measures_of_the_dask_case_equal_the_pandas_case(adult, by, threshold):
    on_dask, in_pandas = adult
    got = measures(on_dask, by=by, threshold=threshold, n_boot=0)
    want = measures(in_pandas, by=by, threshold=threshold, n_boot=0)
    _same_measures(got, want)
    assert got.value("count") == len(in_pandas.X)
    # the number means what it says: the share decided positive at the threshold, counted by hand
    decided = decide(in_pandas, threshold) == in_pandas.positive_class
    assert got.value("selection_rate") == decided.mean()


def test_performance_of_the_dask_case_equals_the_pandas_case(adult):
    on_dask, in_pandas = adult
    for threshold in (0.5, 0.3):
        got, want = explainers.performance(on_dask, threshold=threshold), explainers.performance(in_pandas,
                                                                                                 threshold=threshold)
        assert list(got.metrics["key"]) == list(want.metrics["key"])
        for key in want.metrics["key"]:
            tolerance = 1e-4 if key in ("roc_auc", "average_precision") else 1e-9
            assert got.value(key) == pytest.approx(want.value(key), abs=tolerance), key
        pd.testing.assert_frame_equal(got.confusion, want.confusion)
        pd.testing.assert_frame_equal(got.threshold_study, want.threshold_study)
        assert got.best_threshold == want.best_threshold
        assert int(got.confusion.to_numpy().sum()) == len(in_pandas.X)
        flagged = (in_pandas.proba[in_pandas.positive_class] >= threshold).sum()
        assert int(got.confusion[in_pandas.positive_class].sum()) == flagged


def test_calibration_of_the_dask_case_equals_the_pandas_case(adult):
    on_dask, in_pandas = adult
    got, want = explainers.calibration(on_dask), explainers.calibration(in_pandas)
    pd.testing.assert_frame_equal(got.table, want.table, check_exact=False, rtol=1e-9)
    assert got.table["rows"].tolist() == want.table["rows"].tolist()
    assert (got.ece, got.brier, got.log_loss) == pytest.approx((want.ece, want.brier, want.log_loss), rel=1e-9)
    assert "Dask" in got.method


@pytest.mark.parametrize("column", ["sex", "race", "age"])
def test_group_tables_of_the_dask_case_equal_the_pandas_case(adult, column):
    on_dask, in_pandas = adult
    for threshold in (None, 0.3):
        got = group_metrics(on_dask, column, threshold=threshold).table
        want = group_metrics(in_pandas, column, threshold=threshold).table
        pd.testing.assert_frame_equal(got, want, check_exact=True)
    got, want = fairness(on_dask, column, threshold=0.3).table, fairness(in_pandas, column, threshold=0.3).table
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert got["rows"].sum() == len(in_pandas.X) and (got[["tp", "fp", "fn", "tn"]].sum(axis=1) == got["rows"]).all()
    # one table: group metrics at the same threshold give fairness's selection rates
    groups = group_metrics(on_dask, column, threshold=0.3).table.set_index("group")
    assert groups.loc[got["group"], "selection_rate"].tolist() == got["selection_rate"].tolist()


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_numeric_groups_on_dask_are_named_in_the_readers_language(adult, lang):
    """Workers do not inherit the caller's language: the partitions must still name age's bins the way the sample
    does ("unter 27" / "moins de 27"), else the groups come out English and out of order."""
    on_dask, in_pandas = adult
    with explainers.language.use_language(lang):
        got = measures(on_dask, by="age", n_boot=0)
        want = measures(in_pandas, by="age", n_boot=0)
    assert list(got.by_group.index) == list(want.by_group.index)
    assert not any("under" in str(name) or "over" in str(name) for name in got.by_group.index), got.by_group.index
    _same_measures(got, want)
