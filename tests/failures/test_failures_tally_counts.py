"""The slice search's tallies of 0/1 errors (one bincount per bin and pass) equal counting each bin's and each pair
of bins' rows and errors by hand, and the same rows with errors that are not 0/1 take the general counts; a
conjunction's packed rows made from its conditions' packed rows are the bits of its own mask."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from explainers.failures import slices
from explainers.failures.tallies import cut_columns, tally


def _rows(n: int = 3_000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"colour": rng.choice(["red", "green", "blue"], n), "size": rng.uniform(0, 100, n),
                          "shape": rng.choice(["round", "flat"], n), "weight": rng.normal(50, 10, n)})
    frame.loc[rng.random(n) < 0.05, "size"] = np.nan  # missing values: a bin of their own
    return frame


def _by_hand(grid, codes, e, a, b=None):
    """(3, bins) or (3, bins_a, bins_b): rows, error sums, squared-error sums counted row by row."""
    shape = (grid[a].size,) if b is None else (grid[a].size, grid[b].size)
    out = np.zeros((3, *shape))
    for row in range(len(e)):
        at = (codes[a][row],) if b is None else (codes[a][row], codes[b][row])
        out[(0, *at)] += 1
        out[(1, *at)] += e[row]
        out[(2, *at)] += e[row] ** 2
    return out


@pytest.mark.parametrize("zero_one", [True, False])
def test_every_bin_and_pair_of_bins_counts_its_rows_and_errors(zero_one):
    X = _rows()
    rng = np.random.default_rng(1)
    e = (rng.random(len(X)) < 0.3).astype(float) if zero_one else rng.exponential(1.0, len(X))
    grid, codes = cut_columns(X, {"colour": "categorical", "shape": "categorical"}, 5)
    found = tally(grid, codes, e)
    assert found.n == len(X) and found.total == pytest.approx(e.sum()) and found.total_sq == pytest.approx((e * e).sum())
    for a in range(len(grid)):
        np.testing.assert_allclose(found.single[a], _by_hand(grid, codes, e, a), rtol=1e-12)
    for a, b in itertools.combinations(range(len(grid)), 2):
        np.testing.assert_allclose(found.pair[a, b], _by_hand(grid, codes, e, a, b), rtol=1e-12)
    if zero_one:  # counts of whole rows: exactly equal
        assert all(np.array_equal(found.pair[k], _by_hand(grid, codes, e, *k)) for k in found.pair)


def test_packed_conjunctions_equal_packing_their_masks_and_merging_leaves_them_unchanged():
    X = _rows(2_000, 3)
    e = (np.random.default_rng(2).random(len(X)) < 0.2).astype(float)
    search = slices.GridSearch.build(X, {"colour": "categorical", "shape": "categorical"}, e, 20, 5)
    K = len(search.found)
    members = [(i,) for i in range(K)] + [(i, j) for i in range(K) for j in range(i + 1, K)][:60]
    before = [search.overlap_packed(m).copy() for m in members]
    for m, words in zip(members, before, strict=True):
        assert np.array_equal(words, slices._packed(search.overlap_mask(m)))
    table = pd.DataFrame({"members": members, "explained": np.linspace(50, 1, len(members)),
                          "error": np.linspace(0.2, 0.6, len(members))})
    by_words = slices.merge_near_copies(table, search.overlap_packed, 20)
    by_masks = slices.merge_near_copies(table, search.overlap_mask, 20)
    pd.testing.assert_frame_equal(by_words, by_masks)
    i, j = next(m for m in members if len(m) == 2 and search.owner[m[0]] != search.owner[m[1]]
                and search.overlap_mask(m).sum() > 50)  # a pair inside its first condition replaces it as tighter
    tighter = pd.DataFrame({"members": [(i,), (i, j)], "explained": [10.0, 9.5], "error": [0.3, 0.5]})
    assert list(slices.merge_near_copies(tighter, search.overlap_packed, 20)["members"]) == [(i, j)]
    assert all(np.array_equal(search.overlap_packed(m), w) for m, w in zip(members, before, strict=True))
