"""Leakage that is right both ways (issue 26, item 4): a noisy copy of the label is found and named; rows
shared with the training file are judged against the natural rate of identical rows, so adult's holdout
passes and adult's training file fails; one count of shared rows for the home page and the scan."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import explainers
from explainers.health.training import shared_rows, training_overlap
from explainers.robustness import words
from tests.conftest import load_quietly
from tests.model_kinds_helpers import forest_pipeline

LEAKAGE = [{"check": "leakage"}]


@pytest.fixture(scope="module")
def adult(sample_cases_built):
    return sample_cases_built["adult_income"]


def test_a_noisy_copy_of_the_label_is_found_and_named_with_both_scores(german):
    rng = np.random.default_rng(7)
    frames = [pd.read_csv(p) for p in (german.training_path, german.holdout_path)]
    for frame in frames:  # a flag equal to the label, with 3% of rows flipped
        copy = (frame["credit_risk"] == "bad").to_numpy()
        frame["review_flag"] = np.where(rng.random(len(frame)) < 0.03, ~copy, copy).astype(int)
    model = forest_pipeline(frames[0], "credit_risk", n_estimators=60, max_depth=8)
    case = load_quietly(model, frames[1], target="credit_risk")
    scan = explainers.robustness(case, random_state=0)
    row = scan.leakage.set_index("column").loc["review_flag"]
    assert 0.95 <= row["score"] < 0.98  # noisy: under the old 0.98 bar, which let it pass
    assert row["top"] and row["suspected"] and scan.leakage["suspected"].sum() == 1
    found = scan.findings[scan.findings["check"] == "leakage"].set_index("where").loc["review_flag"]
    assert found["severity"] == "major" and scan.leakage_found
    assert f"ROC AUC of {row['score']:.3f}" in found["evidence"]
    assert f"the whole model: {row['model_score']:.3f}" in found["evidence"]
    gate = explainers.gate(case, LEAKAGE).checks[0]
    assert gate.status == "fail" and gate.value == 1
    assert "1 suspected leak: (1) review_flag" in gate.evidence
    assert "The number of suspected leaks 1 misses the maximum 0" in gate.evidence


def test_a_strong_column_the_model_does_not_lean_on_most_is_only_a_minor_finding(german):
    table = pd.DataFrame({"column": ["a", "b"], "metric": "roc_auc", "score": [0.96, 0.70], "model_score": 0.97,
                          "bar": 0.95, "candidate": [True, False]})
    from explainers.robustness import judge
    from explainers.robustness.leakage import suspects

    judged = suspects(table, pd.Series({"b": 0.6, "a": 0.4}))
    assert not judged["suspected"].any() and judged["top"].tolist() == [False, True]
    found, passed = judge.leaks(judged, True, "y")
    assert [f["severity"] for f in found] == ["minor"] and "leans more on b" in found[0]["evidence"]
    assert passed and "No column is a suspected leak" in passed[0]["evidence"]
    found, _ = judge.leaks(suspects(table, None), False, "y")  # attributions unknown: cannot clear it
    assert [f["severity"] for f in found] == ["medium"]


def test_adults_holdout_passes_the_leakage_check(adult):
    case = load_quietly(adult.model_path, adult.holdout_path)
    shared = training_overlap(case, training=adult.training_path)
    assert shared.share > 0.15  # many identical people: identical rows are natural here
    assert abs(shared.excess) < 0.01 and shared.excess_low < 0 < shared.excess_high
    check = explainers.gate(case, LEAKAGE, reference=adult.training_path).checks[0]
    assert check.status == "pass", check.evidence
    assert "No suspected leak" in check.evidence and "no more than the natural rate" in check.evidence
    scan = explainers.robustness(case, training=adult.training_path)
    held = scan.passed[(scan.passed["check"] == "leakage") & (scan.passed["where"] == "training rows")]
    assert "no more than identical answers explain" in held["evidence"].iloc[0]


def test_adults_training_file_fails_the_leakage_check(adult):
    case = load_quietly(adult.model_path, adult.training_path)
    check = explainers.gate(case, LEAKAGE, reference=adult.training_path).checks[0]
    assert check.status == "fail" and check.value == 1
    assert "(1) Training rows: 21,114 of the 21,114 rows judged here (100.0%)" in check.evidence
    assert "about 100% of the rows look copied from training" in check.evidence
    assert "The number of suspected leaks 1 misses the maximum 0" in check.evidence


def test_the_natural_rate_is_each_training_row_looked_up_among_the_others():
    training = pd.DataFrame({"a": [1, 1, 2, 3, 3, 3, 4, 5], "b": ["x"] * 8})
    fresh = pd.DataFrame({"a": [1, 3, 6, 7], "b": ["x"] * 4})
    counts = shared_rows(fresh, training)
    assert counts["twins"] == 5 and counts["natural"] == pytest.approx(5 / 8)
    assert counts["in_training"] == 2 and counts["excess"] == pytest.approx(0.5 - 5 / 8)
    assert counts["excess_low"] < counts["excess"] < counts["excess_high"]


def test_some_copied_rows_in_a_holdout_are_an_excess_beyond_the_natural_rate(adult):
    holdout, training = pd.read_csv(adult.holdout_path), pd.read_csv(adult.training_path)
    copied = pd.concat([holdout, training.sample(2_000, random_state=0)], ignore_index=True)  # 18% copies
    case = load_quietly(adult.model_path, copied)
    shared = training_overlap(case, training=adult.training_path)
    assert 0.12 < shared.copied < 0.24 and shared.excess_low > 0.05
    scan = explainers.robustness(case, training=adult.training_path, rows=list(case.X.index[:200]))
    found = scan.findings[(scan.findings["check"] == "leakage") & (scan.findings["where"] == "training rows")]
    assert found["severity"].iloc[0] in ("medium", "major") and scan.leakage_found


def test_the_gate_sentence_names_every_counted_leak():
    leaks = pd.DataFrame({"where": ["income_copy", "training rows"], "evidence": ["A.", "B."]})
    assert words.leakage_gate(leaks, True) == "2 suspected leaks: (1) income_copy: A. (2) Training rows: B."
    assert "not looked up in the training file" in words.leakage_gate(leaks.iloc[:0], False)


def test_the_excess_interval_holds_zero_on_honest_random_splits_of_adult():
    from explainers.health.values import row_hashes
    from sample_models.catalog import HERE

    data = pd.read_csv(HERE / "adult_income.csv").drop(columns="income")
    rows = pd.DataFrame({"row": row_hashes(data).astype(np.int64)})  # one column: the same twins, faster
    rng, misses = np.random.default_rng(0), 0
    for _ in range(400):  # 70/30 splits; with binomial intervals (twins as independent) 26 of 400 miss
        order = rng.permutation(len(rows))
        cut = int(0.7 * len(rows))
        counts = shared_rows(rows.iloc[order[cut:]], rows.iloc[order[:cut]])
        misses += not counts["excess_low"] <= 0 <= counts["excess_high"]
    assert misses <= 16  # at most 4%: a 95% interval
