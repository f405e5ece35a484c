"""A numeric column empty in every row (issue 27, item 2): it has no values to link or to edit, so the
linked columns leave it out and say so, and counterfactuals and flip points still answer. Before, the
links' count table raised ``ValueError: cannot reshape array of size 0``. The command line's report on
such data is a case of the table in tests/io/test_hostile_inputs.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from explainers import InputError
from explainers.flips.counterfactuals import counterfactuals, flip_points
from explainers.flips.links import _table, linked_columns
from tests.conftest import load_quietly

EMPTY = "duration_months"


@pytest.fixture(scope="module")
def empty_case(german, tmp_path_factory):
    data = pd.read_csv(german.holdout_path).assign(**{EMPTY: np.nan})
    path = tmp_path_factory.mktemp("empty") / "empty_column.csv"
    data.to_csv(path, index=False)
    return load_quietly(german.model_path, path)


def test_the_count_table_of_an_empty_column_has_no_rows_or_no_columns():
    some, none = np.array([0, 1, 1, -1]), np.array([-1, -1, -1, -1])
    assert _table(some, none).shape == (2, 0)
    assert _table(none, some).shape == (0, 2)
    assert _table(some, some).tolist() == [[1, 0], [0, 2]]


def test_links_leave_the_empty_column_out_and_say_so(empty_case):
    found = linked_columns(empty_case)
    assert all(EMPTY not in link.columns for link in found.links)
    assert any(EMPTY in note and "empty in every row" in note for note in found.notes), found.notes


def test_counterfactuals_answer_without_editing_the_empty_column(empty_case):
    row = empty_case.X.index[0]
    found = counterfactuals(empty_case, row)
    assert len(found) > 0
    assert all(column != EMPTY for changes in found.changes for column, _, _ in changes)
    assert found.rows[EMPTY].isna().all()


def test_flip_points_give_the_empty_column_no_value(empty_case):
    points = flip_points(empty_case, empty_case.X.index[0]).points
    assert (points["reason"] == "flips").any()
    assert not (points.loc[points["feature"] == EMPTY, "reason"] == "flips").any()


def test_a_link_naming_the_empty_column_is_refused(empty_case):
    with pytest.raises(InputError, match="empty in every row") as info:
        counterfactuals(empty_case, empty_case.X.index[0], links=[("purpose", EMPTY)])
    assert EMPTY in str(info.value)


def test_the_search_never_tries_the_empty_column(empty_case):
    from explainers.flips.rules import constraints
    x = empty_case.X.iloc[[0]]
    mutable = constraints(empty_case, x).mutable
    assert EMPTY not in mutable
    assert len(mutable) > 0


def test_the_counterfactual_result_says_the_empty_column_was_left_out(empty_case):
    found = counterfactuals(empty_case, empty_case.X.index[0])
    assert any(EMPTY in note and "empty in every row" in note for note in found.notes), found.notes


def test_an_empty_column_moves_by_one_unit():
    from explainers.flips.pool import mad_scale
    assert mad_scale(pd.Series([np.nan, np.nan], dtype=float)) == 1.0
    assert mad_scale(pd.Series([], dtype=float)) == 1.0
    assert mad_scale(pd.Series([1.0, 2.0, 4.0])) == 1.0  # median 2, deviations 1, 0, 2: MAD 1
