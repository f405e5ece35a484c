"""A report asks several sections for the same tally (performance, the release brief, the headline metrics):
``case_tally`` makes it once per case and setting (issue 27 item 10: half a second each at a million rows),
and never hands one case's cells to another that shares its fingerprint (a monitoring period's rows, another
positive class) or to another language's bin names.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from explainers.core.language import use_language
from explainers.core.measures import case_tally
from explainers.core.measures.of_case import _case_tally


def _cells(found) -> pd.DataFrame:
    return found[0].cells


def test_the_same_tally_is_made_once_and_equals_a_fresh_one(german_case):
    first, again = case_tally(german_case, threshold=0.5), case_tally(german_case, threshold=0.5)
    assert again[0] is first[0]
    pd.testing.assert_frame_equal(_cells(first), _cells(_case_tally(german_case, None, 0.5, 4)))
    assert case_tally(german_case, threshold=0.3)[0] is not first[0]
    grouped = case_tally(german_case, by="age", threshold=0.5)
    grouped[1].append("changed by a caller")  # the group order handed out is a copy
    assert "changed by a caller" not in case_tally(german_case, by="age", threshold=0.5)[1]


def test_rows_cut_under_the_same_fingerprint_get_their_own_tally(german_case):
    whole = case_tally(german_case, threshold=0.5)[0]
    keep = german_case.X.index[:100]
    part = dataclasses.replace(german_case, X=german_case.X.loc[keep], y=german_case.y.loc[keep],
                               predicted=german_case.predicted.loc[keep], proba=german_case.proba.loc[keep])
    assert part.fingerprint == german_case.fingerprint
    assert case_tally(part, threshold=0.5)[0].rows == 100 and whole.rows == len(german_case.X)


def test_bin_names_follow_the_language(german_case):
    english = case_tally(german_case, by="age")[1]
    with use_language("de"):
        german = case_tally(german_case, by="age")[1]
    assert english != german and any("under" in str(g) for g in english)


def test_group_labels_are_written_as_astype_str_writes_them():
    """Each distinct group value is written once (tally.as_text); the labels and the group order are those of
    writing every row (a million booleans took 1.7 s)."""
    import numpy as np

    from explainers.core.measures.of_case import groups_of
    from explainers.core.measures.tally import as_text

    rng = np.random.default_rng(0)
    for values in [pd.Series(rng.random(50) < .3), pd.Series(rng.choice(["a", "b", None], 50)),
                   pd.Series(rng.choice([1.5, np.nan, 2.25], 50)), pd.Series(pd.Categorical(rng.choice(["x", "y"], 50))),
                   pd.Series([np.nan] * 4), pd.Series([], dtype=float)]:
        expected = values.astype(str).to_numpy()
        assert [str(v) for v in as_text(values)] == [str(v) for v in expected]

        class Rows:  # groups_of reads only the rows' index
            X = pd.DataFrame(index=values.index)
        names, labels, order = groups_of(Rows, values.rename("period"), 4)
        assert order == [str(v) for v in pd.unique(values.dropna().sort_values())]
        assert [str(v) for v in labels["period"]] == [str(v) for v in expected]


def test_decisions_keep_the_dtype_and_values_of_the_row_by_row_series():
    """``decide``'s Series is taken from the classes (of_case.classes_at): values, index and dtype as before."""
    import numpy as np

    from explainers.core.measures.of_case import classes_at

    rng = np.random.default_rng(0)
    for classes in [("bad", "good"), (0, 1), (False, True), ("a", 1), (np.int64(0), np.int64(1))]:
        for codes in [rng.integers(0, len(classes), 40), np.zeros(0, dtype=np.int64)]:
            index = pd.RangeIndex(len(codes)) * 3
            expected = pd.Series(np.asarray(classes, dtype=object)[codes], index=index, name="income")
            pd.testing.assert_series_equal(classes_at(classes, codes, index, "income"), expected)
