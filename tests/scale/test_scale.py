"""Single-machine speed without changed numbers: one model pass at loading, slice tallies that add up over
chunks and agree with the rows x conditions matrix, and near-copy merging equal to the plain loop."""

import itertools

import numpy as np
import pandas as pd
import pytest
from conftest import load_quietly

import explainers
from explainers.failures import slices
from explainers.failures.conditions import candidates
from explainers.failures.tallies import codes_of, column_bins, tally
from explainers.io.predict import predict_all


@pytest.fixture(scope="module")
def german(sample_cases_built):
    sample = sample_cases_built["german_credit"]
    return load_quietly(sample.model_path, sample.holdout_path)


class Counting:
    """Wraps a classifier and counts the rows each method was asked about."""

    def __init__(self, model, threshold=None):
        self.model, self.threshold, self.rows = model, threshold, {"predict": 0, "predict_proba": 0}
        self.classes_ = model.classes_

    def predict_proba(self, X):
        self.rows["predict_proba"] += len(X)
        return self.model.predict_proba(X)

    def predict(self, X):
        self.rows["predict"] += len(X)
        if self.threshold is None:
            return self.model.predict(X)
        return self.classes_[(self.model.predict_proba(X)[:, 1] >= self.threshold).astype(int)]


def test_loading_runs_the_model_once_when_predict_is_the_arg_max(german):
    model = Counting(german.model)
    predicted, proba, task, _ = predict_all(model, german.X, german.y, {})
    assert model.rows["predict_proba"] == len(german.X) and model.rows["predict"] <= 1200
    assert (predicted == german.model.predict(german.X)).all() and task == german.task
    pd.testing.assert_frame_equal(proba, german.proba)


def test_a_decision_that_is_not_the_arg_max_is_predicted_in_full(german):
    model = Counting(german.model, threshold=0.2)  # a cut-off far from the arg-max
    predicted, _, _, _ = predict_all(model, german.X, german.y, {})
    assert model.rows["predict"] >= len(german.X)
    expected = german.model.classes_[(german.proba.iloc[:, 1] >= 0.2).astype(int)]
    assert (predicted.to_numpy() == expected).all()


def test_tallies_add_up_over_chunks(german):
    e = (german.predicted != german.y).to_numpy(dtype=float)
    grid = [column_bins(german.X[c], c, german.feature_kinds.get(c), 5) for c in german.X.columns]
    whole = tally(grid, codes_of(grid, german.X), e)
    cuts = [0, 170, 333, len(e)]
    parts = [tally(grid, codes_of(grid, german.X.iloc[a:b]), e[a:b]) for a, b in itertools.pairwise(cuts)]
    summed = parts[0] + parts[1] + parts[2]
    assert summed.n == whole.n and summed.total == pytest.approx(whole.total)
    for key, value in whole.pair.items():
        np.testing.assert_allclose(summed.pair[key], value)


def test_grid_search_equals_the_condition_matrix(german):
    e = (german.predicted != german.y).to_numpy(dtype=float)
    found, M = candidates(german.X, german.feature_kinds, 20, 5)
    matrix = slices._candidates(found, M, e, True, 2, 20)
    search = slices.GridSearch.build(german.X, german.feature_kinds, e, 20, 5, 2)
    assert search.found == found
    grid = search.table(True, 2)
    assert list(grid["members"]) == list(matrix["members"])
    for column in ("size", "sum", "error", "error_elsewhere", "p_value"):
        np.testing.assert_allclose(grid[column].to_numpy(float), matrix[column].to_numpy(float), rtol=1e-6)


def test_near_copies_above_the_merge_size_are_judged_on_a_sample_of_the_rows(german, monkeypatch):
    monkeypatch.setattr(slices, "MERGE_ROWS", 200)
    e = (german.predicted != german.y).to_numpy(dtype=float)
    search = slices.GridSearch.build(german.X, german.feature_kinds, e, 20, 5, 2)
    members = (0, 5)
    sampled = search.overlap_mask(members)
    assert len(sampled) == 200 < len(german.X)
    rows = np.sort(np.random.default_rng(0).choice(len(german.X), 200, replace=False))
    np.testing.assert_array_equal(sampled, search.mask(members)[rows])  # the same rows' own masks
    found = explainers.failures(german)
    assert any("random sample of 200 rows" in note for note in found.notes)
    from explainers.report import render

    assert "random sample of 200 rows" in render(german, sections=["failures"])  # the report says so too


def _merge_by_loop(table, masks, limit):
    """The original merge: each slice against each kept one, in Python."""
    kept, kept_masks = [], []
    explained, errors = table["explained"].to_numpy(), table["error"].to_numpy()
    for position in range(len(table)):
        mask, replaced, covered = masks[position], False, False
        for slot, other in enumerate(kept_masks):
            shared = np.logical_and(mask, other).sum()
            if shared / mask.sum() >= 0.95 and errors[position] > errors[kept[slot]] and \
                    explained[position] >= 0.9 * explained[kept[slot]]:
                kept[slot], kept_masks[slot], replaced = position, mask, True
                break
            covered = covered or (shared / other.sum() >= 0.95 and explained[position] * 0.9 <= explained[kept[slot]])
        jaccard = [np.logical_and(mask, o).sum() / np.logical_or(mask, o).sum() for o in kept_masks]
        if not replaced and not covered and all(j <= 0.8 for j in jaccard):
            kept.append(position)
            kept_masks.append(mask)
    return table.iloc[sorted(set(kept), key=lambda p: -explained[p])[:limit]]


def test_bit_packed_merge_equals_the_loop():
    rng = np.random.default_rng(0)
    base = rng.uniform(size=(1, 997)) < 0.3
    masks = [(base[0] if i % 3 == 0 else rng.uniform(size=997) < 0.3) & (rng.uniform(size=997) < 0.97)
             for i in range(80)]
    table = pd.DataFrame({"members": [(i,) for i in range(80)], "error": rng.uniform(size=80),
                          "explained": np.sort(rng.uniform(size=80))[::-1]})
    got = slices.merge_near_copies(table, lambda members: masks[members[0]], 20)
    assert list(got["members"]) == list(_merge_by_loop(table, masks, 20)["members"])
