"""Performance, threshold costs, slice finding and group metrics."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin

import explainers
from explainers.core.stats import benjamini_hochberg
from explainers.failures.error_tree import error_tree
from explainers.failures.groups import group_metrics, largest_gap
from explainers.failures.performance import threshold_study


class LabelLookup(BaseEstimator, ClassifierMixin):
    """Predicts a label stored per row in column `_answer` (so the test decides where it errs)."""

    def fit(self, X, y):
        self.classes_ = np.array(sorted(set(y)))
        self.feature_names_in_ = np.array([c for c in X.columns])
        return self

    def predict(self, X):
        return X["_answer"].to_numpy()

    def predict_proba(self, X):
        return (X["_answer"].to_numpy()[:, None] == self.classes_[None, :]).astype(float) * 0.8 + 0.1


def planted_case(n=6000, seed=0, plant=True):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "colour": rng.choice(["red", "green", "blue", "grey"], n),
        "size": rng.uniform(0, 100, n).round(1),
        "weight": rng.normal(50, 10, n).round(2),
        "shape": rng.choice(["round", "square", "flat"], n),
    })
    truth = rng.choice(["yes", "no"], n)
    wrong = rng.uniform(size=n) < 0.05  # 5% background errors everywhere
    if plant:
        region = (frame["colour"] == "blue") & (frame["size"] >= 60)
        wrong |= region & (rng.uniform(size=n) < 0.6)
    answer = np.where(wrong, np.where(truth == "yes", "no", "yes"), truth)
    frame["_answer"] = answer
    model = LabelLookup().fit(frame, truth)
    case = explainers.load(model, frame.assign(label=truth), target="label")
    return case, frame


def test_planted_slice_is_found_first_and_its_query_selects_it():
    case, frame = planted_case()
    found = explainers.failures(case)
    assert not found.slices.empty
    top = found.slices.iloc[0]
    assert "colour = blue" in top["slice"] and "size" in top["slice"]
    assert ("colour", "==", "blue") in top["conditions"]
    chosen = found.rows(0)
    assert chosen.index.equals(case.X.query(top["query"]).index)
    planted = (frame["colour"] == "blue") & (frame["size"] >= 60)
    precision = planted.loc[chosen.index].mean()
    recall = planted.loc[chosen.index].sum() / planted.sum()
    assert precision > 0.9 and recall > 0.6, (top["slice"], precision, recall)
    assert top["q_value"] < 1e-6 and top["error"] > 0.4 and top["error_elsewhere"] < 0.1
    assert top["ci_low"] < top["error"] < top["ci_high"]
    assert top["size"] == len(chosen)


def test_no_false_alarms_when_errors_are_random():
    case, _ = planted_case(plant=False, seed=1)
    assert explainers.failures(case).slices.empty
    exploratory = explainers.failures(case, alpha=1.0)
    assert not exploratory.slices.empty and (exploratory.slices["q_value"] > 0.05).all()
    assert exploratory.notes


def test_regression_slices_use_absolute_error_and_welch():
    rng = np.random.default_rng(2)
    n = 4000
    frame = pd.DataFrame({"zone": rng.choice(["a", "b", "c"], n), "x": rng.uniform(0, 1, n)})
    noise = rng.normal(0, 1, n) * np.where(frame["zone"] == "c", 6, 1)

    class Truthful(BaseEstimator, RegressorMixin):
        def fit(self, X, y):
            self.feature_names_in_ = np.array(X.columns)
            return self

        def predict(self, X):
            return X["x"].to_numpy() * 10

    y = frame["x"] * 10 + noise
    case = explainers.load(Truthful().fit(frame, y), frame.assign(y=y), target="y")
    found = explainers.failures(case)
    assert found.slices.iloc[0]["slice"].startswith("zone = c")
    assert found.error_name == "absolute error" and "Welch" in found.method


def test_benjamini_hochberg_matches_a_hand_computation():
    p = np.array([0.01, 0.04, 0.03, 0.20])
    # sorted: 0.01 (x4/1=0.04), 0.03 (x4/2=0.06), 0.04 (x4/3=0.0533), 0.20 (x4/4=0.2); then cumulative minimum from the top
    assert np.allclose(benjamini_hochberg(p), [0.04, 0.0533333, 0.0533333, 0.20])


def test_cost_optimal_threshold_by_hand():
    truth = np.array([True, True, False, False, False])
    score = np.array([0.9, 0.3, 0.6, 0.2, 0.1])
    study = threshold_study(truth, score, {"false_positive": 1.0, "false_negative": 5.0}).set_index("threshold")
    # threshold 0.25: flags 0.9, 0.3, 0.6 -> tp 2, fp 1, fn 0: cost 1/5; threshold 0.5: tp 1, fp 1, fn 1: cost 6/5
    assert study.loc[0.25, ["tp", "fp", "fn", "tn"]].tolist() == [2, 1, 0, 2]
    assert study.loc[0.25, "cost_per_row"] == pytest.approx(0.2)
    assert study.loc[0.5, "cost_per_row"] == pytest.approx(1.2)
    best = study["cost_per_row"].idxmin()
    assert 0.2 < best <= 0.3


def test_performance_on_german_credit_uses_sidecar_costs(sample_cases_built):
    sample = sample_cases_built["german_credit"]
    case = explainers.load(sample.model_path, sample.holdout_path)
    perf = explainers.performance(case)
    assert perf.costs == {"false_positive": 1.0, "false_negative": 5.0}
    values = perf.metrics.set_index("key")["value"]
    assert values["accuracy"] == pytest.approx((case.predicted == case.y).mean())
    assert perf.value("roc_auc") == values["roc_auc"] and perf.costs_source == "sidecar"
    assert perf.metrics.set_index("key").loc["roc_auc", "name"] == "ROC AUC"
    assert int(perf.confusion.to_numpy().sum()) == len(case.X)
    # with misses five times dearer, the cheapest threshold flags more rows than 0.5 does
    assert perf.best_threshold < 0.5


def test_group_metrics_and_gap(sample_cases_built):
    sample = sample_cases_built["adult_income"]
    case = explainers.load(sample.model_path, sample.holdout_path)
    groups = group_metrics(case, "sex")
    table = groups.table
    assert groups.metric == "true_positive_rate" and groups.column == "sex"
    assert set(table["group"]) == {"Male", "Female"} and table["rows"].sum() == len(case.X)
    male = table.set_index("group").loc["Male"]
    rows = case.X["sex"] == "Male"
    assert male["accuracy"] == pytest.approx((case.predicted[rows] == case.y[rows]).mean())
    assert male["accuracy_low"] < male["accuracy"] < male["accuracy_high"]
    gap = largest_gap(table, "accuracy")
    assert gap.gap == pytest.approx(table["accuracy"].max() - table["accuracy"].min())
    assert groups.gap.gap == pytest.approx(table["true_positive_rate"].max() - table["true_positive_rate"].min())


def test_error_tree_finds_the_planted_region():
    case, _ = planted_case()
    tree = error_tree(case)
    worst = tree.worst_leaves(1).iloc[0]
    rules = " and ".join(tree.path_rules(int(worst["id"])))
    assert "colour = blue" in rules and "size >" in rules
    assert worst["error"] > 0.4
    assert tree.nodes.loc[tree.nodes["id"] == 0, "rows"].item() == len(case.X)


def test_three_conditions_find_a_region_that_needs_three():
    rng = np.random.default_rng(3)
    n = 8000
    frame = pd.DataFrame({"a": rng.choice(["x", "y"], n), "b": rng.choice(["u", "v"], n), "c": rng.choice(["p", "q"], n),
                          "d": rng.uniform(0, 1, n).round(3)})
    truth = rng.choice(["yes", "no"], n)
    region = (frame["a"] == "x") & (frame["b"] == "u") & (frame["c"] == "p")
    wrong = (rng.uniform(size=n) < 0.03) | (region & (rng.uniform(size=n) < 0.7))
    frame["_answer"] = np.where(wrong, np.where(truth == "yes", "no", "yes"), truth)
    case = explainers.load(LabelLookup().fit(frame, truth), frame.assign(label=truth), target="label")
    top = explainers.failures(case, max_conditions=3).slices.iloc[0]
    assert top["slice"].count(" and ") == 2, top["slice"]
    for part in ("a = x", "b = u", "c = p"):
        assert part in top["slice"]
    assert explainers.failures(case, max_conditions=2).slices.iloc[0]["error"] < top["error"]
