"""The value check's conformal review band reads a tally split by one yes/no flag per row. flag_tally codes the
flags directly above the exact size; its cells must be those of case_tally(by=<the flags as a Series>) (the
binned path, forced here on the small German sample by lowering the exact size), and at or below the exact size
it is case_tally itself."""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest

from explainers.core.errors import InputError
from explainers.core.measures import case_tally
from explainers.core.measures.flagged import flag_tally

tally_module = importlib.import_module("explainers.core.measures.tally")
flagged_module = importlib.import_module("explainers.core.measures.flagged")


def _plain(case, flags, threshold):
    return case_tally(case, by=pd.Series(flags, index=case.X.index, name="conformal"), threshold=threshold)[0]


@pytest.mark.parametrize("kind", ["mixed", "all_false", "all_true"])
@pytest.mark.parametrize("threshold", [None, 0.3])
def test_binned_flag_tally_has_the_cells_of_the_series_grouping(german_case, monkeypatch, kind, threshold):
    rows = len(german_case.X)
    flags = {"mixed": np.random.default_rng(0).random(rows) < 0.2, "all_false": np.zeros(rows, bool),
             "all_true": np.ones(rows, bool)}[kind]
    monkeypatch.setattr(tally_module, "EXACT_ROWS", 50)  # scores binned, as above 200,000 rows
    monkeypatch.setattr(flagged_module, "EXACT_ROWS", 50)
    plain, fast = _plain(german_case, flags, threshold), flag_tally(german_case, flags, "conformal", threshold)
    assert fast.setting == plain.setting
    present = {"mixed": {"False", "True"}, "all_false": {"False"}, "all_true": {"True"}}[kind]
    assert set(fast.cells["conformal"]) == present
    pd.testing.assert_frame_equal(fast.cells, plain.cells, check_exact=True)


def test_at_the_exact_size_it_is_case_tally(german_case):
    flags = np.arange(len(german_case.X)) % 3 == 0
    pd.testing.assert_frame_equal(flag_tally(german_case, flags, "conformal", 0.5).cells,
                                  _plain(german_case, flags, 0.5).cells, check_exact=True)


def test_flags_of_another_length_are_refused(german_case):
    with pytest.raises(InputError, match="one per row"):
        flag_tally(german_case, np.zeros(3, bool), "conformal", 0.5)
