"""Failing slices above ``SEARCH_ROWS`` rows: searched on a seeded sample, measured on every row.

The method and a note say which part was sampled and the result is marked approximate; each listed
slice's size, error, interval, error elsewhere and p-value are its own rows' numbers on the whole data;
measuring a whole-data search's slices again gives that search's numbers; at or below the size nothing
changes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from explainers.core.stats import wilson_interval
from explainers.failures import slices
from explainers.failures.sample import sample_positions, sampled_case


@pytest.fixture(scope="module")
def whole(german_case):
    return slices.failures(german_case, alpha=1.0)


@pytest.fixture(scope="module")
def searched(german_case):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(slices, "SEARCH_ROWS", 200)
        return slices.failures(german_case, alpha=1.0)


def test_the_sampled_search_says_so_and_is_marked_approximate(german_case, searched, whole):
    assert len(german_case.X) > 200 and not searched.slices.empty
    assert searched.approximate and not whole.approximate
    said = f"random sample of 200 of the {len(german_case.X):,} rows (seed 0)"
    assert said in searched.method and any(said in note for note in searched.notes)
    assert "random sample" not in whole.method and not any("random sample" in note for note in whole.notes)
    assert searched.total_rows == whole.total_rows == len(german_case.X) and searched.min_support == whole.min_support


def test_each_listed_slice_is_measured_on_every_row(german_case, searched):
    e = (german_case.predicted != german_case.y).to_numpy(dtype=float)
    n, wrong = len(e), int(e.sum())
    for i, row in enumerate(searched.slices.itertuples()):
        inside = searched.mask(i).to_numpy()
        size, errors = int(inside.sum()), int(e[inside].sum())
        assert row.size == size and row.error == pytest.approx(errors / size)
        assert row.error_elsewhere == pytest.approx((wrong - errors) / (n - size))
        assert (row.ci_low, row.ci_high) == pytest.approx(wilson_interval(errors, size))
        assert row.p_value == pytest.approx(stats.hypergeom.sf(errors - 1, n, wrong, size), abs=1e-12)
        assert row.explained == pytest.approx((row.error - row.error_elsewhere) * size)
    assert list(searched.slices["explained"]) == sorted(searched.slices["explained"], reverse=True)


def test_the_sample_is_the_seeded_one_and_shared_by_fingerprint(german_case):
    picks = sample_positions(len(german_case.X), 200, 0)
    sample = sampled_case(german_case, 200, 0)
    assert list(sample.X.index) == list(german_case.X.index[picks]) and list(sample.y) == list(german_case.y.iloc[picks])
    assert sample.fingerprint == sampled_case(german_case, 200, 0).fingerprint != german_case.fingerprint
    assert sampled_case(german_case, len(german_case.X), 0) is german_case  # at or below the size: the case itself


def test_measuring_a_whole_data_search_again_gives_its_numbers(german_case):
    e = (german_case.predicted != german_case.y).to_numpy(dtype=float)
    search = slices.GridSearch.build(german_case.X, german_case.feature_kinds, e, 20, 5, 2)
    table = slices.select_slices(search.table(True, 2), len(e), 1.0, 0.5, 20, search.overlap_packed)
    again = slices.measured(table, search.found, german_case.X, e, True, 20, 0.5)
    assert len(again) == len(table) > 0
    pd.testing.assert_frame_equal(again.sort_index()[["size", "sum", "error", "error_elsewhere", "p_value", "q_value"]],
                                  table.sort_index()[["size", "sum", "error", "error_elsewhere", "p_value", "q_value"]],
                                  check_dtype=False)
    regression = np.random.default_rng(0).exponential(1.0, len(e))  # errors that are not 0/1: sums of squares too
    search = slices.GridSearch.build(german_case.X, german_case.feature_kinds, regression, 20, 5, 2)
    table = slices.select_slices(search.table(False, 2), len(e), 1.0, 0.5, 20, search.overlap_packed)
    again = slices.measured(table, search.found, german_case.X, regression, False, 20, 0.5)
    columns = ["size", "sum", "sq", "error", "error_elsewhere", "p_value", "variance"]
    pd.testing.assert_frame_equal(again.sort_index()[columns], table.sort_index()[columns], check_dtype=False)


def test_at_or_below_the_size_the_search_is_unchanged(german_case, whole):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(slices, "SEARCH_ROWS", len(german_case.X))
        same = slices.failures(german_case, alpha=1.0)
    pd.testing.assert_frame_equal(same.slices, whole.slices)
    assert same.method == whole.method and not same.approximate


def test_cases_without_a_fingerprint_each_search_their_own_sample(german_case):
    """A shared sample name made a second fingerprint-less case read the first one's slice grid (0 slices)."""
    import dataclasses

    plain = dataclasses.replace(german_case, fingerprint="")
    order = np.random.default_rng(1).permutation(len(plain.X))  # other rows at the sample's positions
    other = dataclasses.replace(plain, X=plain.X.iloc[order], y=plain.y.iloc[order],
                                predicted=plain.predicted.iloc[order], proba=plain.proba.iloc[order])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(slices, "SEARCH_ROWS", 200)
        first = slices.failures(plain, alpha=1.0)
        second = slices.failures(other, alpha=1.0)
        alone = slices.failures(dataclasses.replace(other, fingerprint="second"), alpha=1.0)
    assert not first.slices.empty
    assert second.slices[["query", "size", "error"]].equals(alone.slices[["query", "size", "error"]])
