"""Confidence slices judge near-copies from the search's packed rows (GridSearch.overlap_packed, made once per
condition): the same slices as from each candidate's boolean mask."""

from __future__ import annotations

import pandas as pd
import pytest

from explainers.failures.slices import GridSearch
from explainers.robustness.confidence_slices import confidence_slices


@pytest.mark.parametrize("alpha", [0.05, 1.0])
def test_packed_rows_give_the_same_slices_as_masks(german_case, monkeypatch, alpha):
    packed = confidence_slices(german_case, alpha=alpha)
    monkeypatch.setattr(GridSearch, "overlap_packed", GridSearch.overlap_mask)
    masks = confidence_slices(german_case, alpha=alpha)
    if alpha == 1.0:
        assert len(packed) > 1  # something to merge: both directions' strongest candidates
    pd.testing.assert_frame_equal(packed, masks)
