"""``explainers.data_health``: data checks and drift, each tested on planted problems with known answers.

Drift is shown to appear when a column is shifted and not on a random split of the same data; PSI is
checked against a hand computation; every planted problem (missing values, outliers, unseen or
vanished categories, constant and duplicated columns, duplicated rows) is reported with its exact
count. All randomness is seeded.
"""

from __future__ import annotations

import dataclasses
import math
import time
import warnings

import numpy as np
import pandas as pd
import pytest

import explainers
from explainers.health.checks import DataHealth, data_health
from explainers.health.drift import psi
from explainers.health.words import findings_table
from sample_models.catalog import HERE

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


# ---------------------------------------------------------------- fixtures and helpers


def _load(sample):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return explainers.load(sample.model_path, sample.holdout_path)


@pytest.fixture(scope="module")
def adult(sample_cases_built):
    return _load(sample_cases_built["adult_income"])


@pytest.fixture(scope="module")
def german_case(sample_cases_built):
    return _load(sample_cases_built["german_credit"])


@pytest.fixture(scope="module")
def adult_full():
    return pd.read_csv(HERE / "adult_income.csv")


@pytest.fixture(scope="module")
def adult_halves(adult_full):
    """The full adult CSV split at random (seed 0) into two halves."""
    order = np.random.default_rng(0).permutation(len(adult_full))
    half = len(adult_full) // 2
    return (adult_full.iloc[order[:half]].reset_index(drop=True),
            adult_full.iloc[order[half:]].reset_index(drop=True))


def _with_data(case, X):
    """The case judged on another table with the same columns (kinds and categories unchanged)."""
    return dataclasses.replace(case, X=X[list(case.X.columns)].reset_index(drop=True))


def _tiny_case(case, X, kinds, categories=None):
    """A case whose data is an arbitrary small table, for hand-checked numbers."""
    return dataclasses.replace(case, X=X, feature_kinds=kinds, categories=categories or {})


def _rows_of(health: DataHealth, check: str, column: str | None = None) -> pd.DataFrame:
    table = findings_table(health)
    found = table[table["check"] == check]
    return found if column is None else found[found["column"] == column]


def _one(health: DataHealth, check: str, column: str | None = None) -> pd.Series:
    found = _rows_of(health, check, column)
    assert len(found) == 1, f"expected one {check!r} finding for {column!r}, got:\n{findings_table(health)}"
    return found.iloc[0]


def _drift_row(health: DataHealth, column: str) -> pd.Series:
    return health.drift.table.set_index("column").loc[column]


# ---------------------------------------------------------------- drift


def test_shifted_numeric_column_is_major_drift(adult, adult_halves):
    data, reference = adult_halves
    shifted = data.assign(age=data["age"] + 10)
    health = data_health(_with_data(adult, shifted), reference)
    age = _drift_row(health, "age")
    assert age["test"] == "KS" and age["verdict"] == "major shift"
    assert age["psi"] > 0.25 and age["p_value"] < 1e-12
    assert health.drift.table.iloc[0]["column"] == "age"  # worst first
    finding = _one(health, "drift", "age")
    assert finding["severity"] == "high" and "major shift" in finding["finding"]
    # the other columns were not touched and stay stable
    assert (health.drift.table[health.drift.table["column"] != "age"]["verdict"] == "stable").all()


def test_random_split_shows_no_drift(adult, adult_halves):
    data, reference = adult_halves
    health = data_health(_with_data(adult, data), reference)
    assert len(health.drift.table) == adult.X.shape[1]
    assert set(health.drift.table["column"]) == set(adult.X.columns)
    assert (health.drift.table["verdict"] == "stable").all()
    assert health.drift.table["psi"].max() < 0.05
    assert health.drift.table["p_value"].min() > 1e-3
    assert _rows_of(health, "drift").empty
    assert health.reference_rows == len(reference)


def test_dropped_category_is_found_by_chi_squared_and_mismatch(adult, adult_halves):
    data, reference = adult_halves
    without = data[data["marital_status"] != "Divorced"]
    health = data_health(_with_data(adult, without), reference)
    marital = _drift_row(health, "marital_status")
    assert marital["test"] == "chi-squared" and marital["p_value"] < 1e-12
    assert marital["verdict"] == "major shift"
    mismatch = _one(health, "category mismatch", "marital_status")
    divorced = int((reference["marital_status"] == "Divorced").sum())
    assert "'Divorced'" in mismatch["finding"] and f"{divorced:,} rows of the reference" in mismatch["finding"]
    assert mismatch["severity"] == "high"
    # and in the other direction: a category only in the data
    health = data_health(_with_data(adult, data), reference[reference["marital_status"] != "Divorced"])
    mismatch = _one(health, "category mismatch", "marital_status")
    in_data = int((data["marital_status"] == "Divorced").sum())
    assert "in the data but not the reference: 'Divorced'" in mismatch["finding"]
    assert mismatch["rows"] == in_data


def test_psi_matches_hand_computation_numeric():
    reference = pd.Series(np.arange(100, dtype=float))  # deciles 9.9, 19.8, ...: ten bins of 10 values
    data = pd.Series(np.arange(20, dtype=float))  # all in the first two bins
    eps = 1e-4  # the documented share of an empty bucket
    expected = 2 * (0.5 - 0.1) * math.log(0.5 / 0.1) + 8 * (eps - 0.1) * math.log(eps / 0.1)
    assert psi(data, reference) == pytest.approx(expected, rel=1e-12)
    assert psi(reference, reference) == 0.0


def test_psi_matches_hand_computation_categorical():
    reference = pd.Series(["a"] * 50 + ["b"] * 50)
    data = pd.Series(["a"] * 75 + ["b"] * 15 + ["c"] * 10)  # 'c' is new: its own bucket
    eps = 1e-4  # the documented share of an empty bucket
    expected = (0.25 * math.log(0.75 / 0.5) + (0.15 - 0.5) * math.log(0.15 / 0.5)
                + (0.1 - eps) * math.log(0.1 / eps))
    assert psi(data, reference, categorical=True) == pytest.approx(expected, rel=1e-12)


def test_drift_table_uses_the_same_psi(german_case):
    X = pd.DataFrame({"x": np.arange(20, dtype=float)})
    case = _tiny_case(german_case, X, {"x": "continuous"})
    health = data_health(case, pd.DataFrame({"x": np.arange(100, dtype=float), "other": 1}))
    eps = 1e-4  # the documented share of an empty bucket
    expected = 2 * 0.4 * math.log(5) + 8 * (eps - 0.1) * math.log(eps / 0.1)
    assert _drift_row(health, "x")["psi"] == pytest.approx(expected, rel=1e-12)
    assert _drift_row(health, "x")["verdict"] == "moderate shift"  # 20 rows: too few to call a shift major


# ---------------------------------------------------------------- checks on the data


def test_missing_values_counted_and_important_columns_rank_higher(adult):
    X = adult.X.copy()
    rows = np.random.default_rng(1).choice(len(X), size=300, replace=False)
    X.loc[rows, "hours_per_week"] = np.nan
    X.loc[rows[:20], "race"] = np.nan
    case = _with_data(adult, X)
    plain = _one(data_health(case), "missing values", "hours_per_week")
    assert plain["rows"] == 300
    assert f"300 of {len(X):,} values are missing ({300 / len(X):.1%})" in plain["finding"]
    assert plain["severity"] == "low"
    health = data_health(case, important=["hours_per_week", "age"])
    boosted = _one(health, "missing values", "hours_per_week")
    assert SEVERITY_RANK[boosted["severity"]] < SEVERITY_RANK[plain["severity"]]
    assert "among the most important" in boosted["finding"]
    race = _one(health, "missing values", "race")
    assert race["rows"] == 20 and race["severity"] == "low" and "most important" not in race["finding"]
    table = findings_table(health)
    assert table.index[table["column"] == "hours_per_week"][0] < table.index[table["column"] == "race"][0]


def test_planted_outliers_counted_exactly(adult):
    X = adult.X.copy()
    assert _rows_of(data_health(adult), "outliers", "age").empty  # none to begin with
    rows = np.random.default_rng(2).choice(len(X), size=5, replace=False)
    X.loc[rows, "age"] = 1_000_000
    outliers = _one(data_health(_with_data(adult, X)), "outliers", "age")
    assert outliers["rows"] == 5
    assert outliers["finding"].startswith("5 values (") and "1,000,000" in outliers["finding"]


def test_outlier_fallback_when_mad_is_zero(german_case):
    # 55% of the values are 5: MAD 0, but the quartiles differ (5 and 6), so the 3-IQR fences (2, 9) apply
    values = np.array([5.0] * 55 + [4.0] * 12 + [6.0, 7.0, 8.0] * 10 + [100.0, 101.0, -50.0])
    case = _tiny_case(german_case, pd.DataFrame({"v": values}), {"v": "continuous"})
    outliers = _one(data_health(case), "outliers", "v")
    assert outliers["rows"] == 3 and "interquartile" in outliers["finding"]


def test_zero_inflated_column_flags_extremes_not_every_nonzero(adult):
    gain = adult.X["capital_gain"]  # over 90% zeros: MAD and IQR are both 0
    found = _one(data_health(adult), "outliers", "capital_gain")
    assert (gain != 0).sum() > 5 * found["rows"]
    assert (gain == 99_999).sum() <= found["rows"] < 0.01 * len(gain)
    assert "e.g. 99,999" in found["finding"] and "other than 0" in found["finding"]


def test_unseen_categories_from_training(adult):
    X = adult.X.copy()
    X["workclass"] = X["workclass"].astype(object)  # text columns are categoricals of the values seen at loading
    X.loc[[3, 10, 11, 40], "workclass"] = "Martian"
    X.loc[[5, 6], "workclass"] = np.nan  # missing is not an unseen category
    unseen = _one(data_health(_with_data(adult, X)), "unseen categories", "workclass")
    assert unseen["rows"] == 4 and "'Martian'" in unseen["finding"]
    assert _rows_of(data_health(adult), "unseen categories").empty


def test_constant_and_duplicate_columns(adult):
    X = adult.X.copy()
    X["race"] = "White"
    X["capital_loss"] = X["age"]
    health = data_health(_with_data(adult, X))
    constant = _one(health, "constant column", "race")
    assert f"{len(X):,} rows" in constant["finding"] and "'White'" in constant["finding"]
    assert constant["rows"] == 0
    duplicate = _one(health, "duplicate column", "capital_loss")
    assert "exactly the same values as 'age'" in duplicate["finding"] and f"{len(X):,} rows" in duplicate["finding"]
    assert _rows_of(health, "duplicate column", "age").empty
    assert _rows_of(data_health(adult), "constant column").empty


def test_one_to_one_recoding_is_a_duplicate_column(adult):
    recoding = _one(data_health(adult), "duplicate column", "education_years")
    assert "one-to-one recoding of 'education'" in recoding["finding"] and "16 values" in recoding["finding"]


def test_duplicated_rows_counted(german_case):
    assert _rows_of(data_health(german_case), "duplicate rows").empty
    X = pd.concat([german_case.X, german_case.X.iloc[[0, 5, 5, 9, 20, 21, 22]]], ignore_index=True)
    duplicated = _one(data_health(_with_data(german_case, X)), "duplicate rows")
    assert duplicated["rows"] == 7 and duplicated["finding"].startswith(f"7 rows ({7 / len(X):.1%})")


# ---------------------------------------------------------------- reference handling and samples


def test_reference_missing_model_columns_is_an_input_error(adult, adult_full):
    with pytest.raises(explainers.InputError, match="'age'.*'race'|'race'.*'age'"):
        data_health(adult, adult_full.drop(columns=["age", "race"]))


def test_reference_with_text_in_a_numeric_column_is_an_input_error(adult, adult_full):
    broken = adult_full.astype({"age": object})
    broken.loc[4, "age"] = "forty"
    with pytest.raises(explainers.InputError, match="'age'.*'forty'"):
        data_health(adult, broken)


@pytest.mark.parametrize("name", ["german_credit", "bike_rentals"])
def test_sample_holdout_against_full_csv(sample_cases_built, name):
    case = _load(sample_cases_built[name])
    path = HERE / f"{name}.csv"
    health = data_health(case, path)
    assert health.reference_rows == len(pd.read_csv(path))
    assert list(findings_table(health).columns) == ["check", "column", "severity", "finding", "why", "rows"]
    assert sorted(health.drift.table["column"]) == sorted(case.X.columns)
    assert (health.drift.table["verdict"] == "stable").all()  # the holdout is part of the full file
    assert _one(health, "rows also in reference")["rows"] == len(case.X)
    assert health.drift.table["psi"].is_monotonic_decreasing
    assert "population stability index" in health.method
    table = findings_table(health)
    ranks = table["severity"].map(SEVERITY_RANK)
    assert ranks.is_monotonic_increasing and table["why"].str.len().gt(0).all()
    same = data_health(case, path.read_bytes())  # bytes read the same way, same report
    pd.testing.assert_frame_equal(findings_table(same), table)
    pd.testing.assert_frame_equal(same.drift.table, health.drift.table)


def test_without_reference_no_drift(german_case):
    health = data_health(german_case)
    assert health.drift is None and health.reference_rows is None
    assert "drift was not measured" in health.method


def test_fast_on_30000_rows(adult, adult_full):
    data = _with_data(adult, adult_full)
    reference = adult_full.sample(frac=1.0, random_state=3)
    data_health(data, reference)  # warm up imports
    start = time.perf_counter()
    health = data_health(data, reference)
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, f"data_health took {elapsed:.2f} s on {len(adult_full):,} rows"
    assert (health.drift.table["verdict"] == "stable").all()
    assert _one(health, "rows also in reference")["rows"] == len(adult_full)


def test_spike_values_are_never_outliers(german_case):
    # 80% zeros; the rest tightly around 1,000: only the one far value is flagged, not the zeros
    values = np.array([0.0] * 80 + [995.0, 1000.0, 1005.0, 1010.0] * 5)
    values[-1] = 50_000.0
    case = _tiny_case(german_case, pd.DataFrame({"v": values}), {"v": "continuous"})
    outliers = _one(data_health(case), "outliers", "v")
    assert outliers["rows"] == 1 and "50,000" in outliers["finding"]


def test_a_category_in_neither_sample_does_not_break_the_chi_squared_test():
    """Text columns are categoricals from loading on; a category of the dtype seen in neither sample made the
    test's expected counts zero, and drift raised (the bike monitoring page broke). It equals the test without it."""
    from scipy import stats

    from explainers.health.drift import _chi_squared

    dtype = pd.CategoricalDtype(["a", "b", "c", "never"])
    data = pd.Series(["a"] * 30 + ["b"] * 50 + ["c"] * 20, dtype=dtype)
    ref = pd.Series(["a"] * 40 + ["b"] * 40 + ["c"] * 20, dtype=dtype)
    statistic, p_value = _chi_squared(data, ref)
    expected = stats.chi2_contingency([[30, 50, 20], [40, 40, 20]], correction=False)
    assert (statistic, p_value) == pytest.approx((expected[0], expected[1]), rel=1e-12)
