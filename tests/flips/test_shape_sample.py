"""Counterfactuals' stated sample (issue 27 item 10): above ``sample.SAMPLE_ROWS`` rows, linked columns, column
scales and candidate values come from one seeded random sample, and the links' and counterfactuals' methods say
so; at or below it, every row is read and nothing changes. The faster pool selection and goal test equal the
row-by-row ones they replace. The German sample (300 rows) stands in for a million rows by lowering the size.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from explainers.flips import sample
from explainers.flips.counterfactuals import _wanted, counterfactuals
from explainers.flips.links import linked_columns
from explainers.flips.pool import Columns, _argmax_is_predict, mad_scale
from explainers.flips.search import meets

ROW = 3


def _fresh(case, tag: str):
    """The case under its own fingerprint, so the per-case memory holds nothing from another sample size."""
    return dataclasses.replace(case, fingerprint=f"{case.fingerprint}-shape-{tag}")


@pytest.fixture(scope="module")
def whole(german_case):
    """Links and counterfactuals of one row with every row read (the size at the case's own row count)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sample, "SAMPLE_ROWS", len(german_case.X))
        case = _fresh(german_case, "whole")
        label = case.X.index[ROW]
        return case, linked_columns(case), counterfactuals(case, label, random_state=0)


@pytest.fixture(scope="module")
def halved(german_case):
    """The same with a sample of half the rows."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sample, "SAMPLE_ROWS", len(german_case.X) // 2)
        case = _fresh(german_case, "half")
        label = case.X.index[ROW]
        rows = sample.shape_rows(case)
        of_rows = _fresh(dataclasses.replace(case, X=rows), "half-rows")
        return (case, rows, linked_columns(case), counterfactuals(case, label, random_state=0),
                linked_columns(of_rows), Columns(case))


def test_at_the_size_every_row_is_read_and_the_results_are_those_of_the_default(german_case, whole):
    case, links, found = whole
    assert sample.shape_rows(case) is case.X
    default = _fresh(german_case, "default")
    assert linked_columns(default).links == links.links and not links.approximate
    again = counterfactuals(default, default.X.index[ROW], random_state=0)
    pd.testing.assert_frame_equal(again.rows, found.rows)
    assert "random sample" not in links.method and "random sample" not in found.method


def test_above_the_size_the_sample_is_stated_and_the_links_are_the_samples(german_case, halved):
    case, rows, links, found, of_rows, facts = halved
    half = len(german_case.X) // 2
    assert len(rows) == half and rows.index.is_monotonic_increasing and set(rows.index) <= set(case.X.index)
    stated = f"random sample of {half} of the {len(case.X)} rows (seed 0)"
    assert stated in links.method and stated in found.method, (links.method, found.method)
    assert links.approximate and f"pairwise on {half} rows" in links.method
    assert links.links == of_rows.links  # the links of exactly the sampled rows
    number = next(c for c in case.X.columns if case.feature_kinds[c] != "categorical")
    assert facts.scale[number] == mad_scale(rows[number])  # scales from the sample
    assert facts.observed[number] == (case.X[number].min(), case.X[number].max())  # ranges from every row


def test_the_sample_is_the_same_for_the_same_number_of_rows():
    assert np.array_equal(sample.picks(sample.SAMPLE_ROWS * 2), sample.picks(sample.SAMPLE_ROWS * 2))


@pytest.mark.parametrize("dtype", ["object", "str", "category"])
def test_the_wanted_rows_are_those_meets_finds_row_by_row(dtype):
    decided = pd.Series(["good", "bad", "bad", "good", "maybe"] * 3, dtype=dtype)
    for goal in [("class", "bad"), ("not", "good"), ("class", "absent")]:
        assert _wanted(goal, decided).tolist() == list(meets(goal, decided.to_numpy()))
    numbers = pd.Series([0.5, 2.0, 7.5])
    assert _wanted(("range", 1.0, 5.0), numbers).tolist() == [False, True, False]


def test_argmax_is_predict_as_before(german_case):
    proba, predicted = german_case.proba, german_case.predicted
    before = bool((np.asarray(proba.columns, dtype=object)[proba.to_numpy().argmax(axis=1)]
                   == predicted.to_numpy()).all())
    assert _argmax_is_predict(german_case) == before
    flipped = predicted.where(predicted.index != predicted.index[0], "no such class")
    assert not _argmax_is_predict(dataclasses.replace(german_case, predicted=flipped))


def test_decisions_are_kept_for_the_latest_thresholds_only(german_case):
    from explainers.flips.counterfactuals import DECIDED_KEPT, _decided
    from explainers.core.measures import decide

    case = _fresh(german_case, "thresholds")
    for threshold in (0.1, 0.2, 0.3, 0.4, 0.3):
        pd.testing.assert_series_equal(_decided(case, threshold), decide(case, threshold))
    from explainers.core.memo import per_case
    assert list(per_case(case, "decided", dict)) == [0.4, 0.3][-DECIDED_KEPT:]
