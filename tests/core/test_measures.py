"""The measures layer: equal to fairlearn's MetricFrame and scikit-learn on the same decisions, tallies that add
up across chunks, and intervals that cover as often as they claim (simulated)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import (
    MetricFrame,
    count,
    false_negative_rate,
    false_positive_rate,
    selection_rate,
    true_positive_rate,
)
from sklearn import metrics as skm

import explainers
from explainers.core.columns import group_labels
from explainers.core.measures import Setting, decide, measure_tally, tally


@pytest.fixture(scope="module")
def german(cases):
    return cases["german_credit"]

FAIRLEARN = {"selection_rate": selection_rate, "false_positive_rate": false_positive_rate,
             "false_negative_rate": false_negative_rate, "true_positive_rate": true_positive_rate,
             "accuracy": skm.accuracy_score, "count": count}


def _frame(case, threshold, by):
    positive = case.positive_class
    y = (case.y == positive).astype(int).to_numpy()
    decided = (decide(case, threshold) == positive).astype(int).to_numpy()
    groups = explainers.measures(case, by=by, threshold=threshold, n_boot=0)
    labels = pd.DataFrame({c: group_labels(case.X[c]).to_numpy() for c in ([by] if isinstance(by, str) else by)})
    frame = MetricFrame(metrics=FAIRLEARN, y_true=y, y_pred=decided, sensitive_features=labels)
    return groups, frame


@pytest.mark.parametrize("threshold", [0.3, 0.5])
@pytest.mark.parametrize("by", ["personal_status_sex", ["personal_status_sex", "age"]])
def test_equal_to_fairlearn_by_group_difference_and_ratio(german, threshold, by):
    """Equal to fairlearn wherever a rate is defined. A group with no rows to count a rate on (no actual
    positives for the true positive rate) has no rate here (NaN) where fairlearn reports 0: a gap to a
    made-up 0 would be the largest gap of all."""
    ours, theirs = _frame(german, threshold, by)
    keys = list(FAIRLEARN)
    expected = theirs.by_group[keys].astype(float)
    expected = expected[expected["count"] > 0]  # fairlearn lists every combination of two columns, empty ones too
    assert len(expected) == len(ours.by_group)
    got = ours.by_group.loc[expected.index, keys].astype(float)
    undefined = got.isna()
    assert (expected[undefined].fillna(0) == 0).all().all()
    assert np.allclose(got.to_numpy(), expected.mask(undefined).to_numpy(), rtol=0, atol=1e-12, equal_nan=True)
    defined = expected.mask(undefined)
    for key in keys:
        assert ours.overall.loc[key, "value"] == pytest.approx(float(theirs.overall[key]), abs=1e-12)
        column, overall = defined[key].dropna(), float(theirs.overall[key])
        between = {"difference": column.max() - column.min(), "ratio": column.min() / column.max()}
        to_overall = {"difference": (column - overall).abs().max(),
                      "ratio": np.minimum(column / overall, overall / column).min()}
        if not undefined[key].any():  # then fairlearn's own difference() and ratio() are the reference
            between = {"difference": float(theirs.difference()[key]), "ratio": float(theirs.ratio()[key])}
            to_overall = {"difference": float(theirs.difference(method="to_overall")[key]),
                          "ratio": float(theirs.ratio(method="to_overall")[key])}
        for method, reference in (("between_groups", between), ("to_overall", to_overall)):
            assert ours.difference(method).loc[key, "value"] == pytest.approx(reference["difference"], abs=1e-12)
            assert ours.ratio(method).loc[key, "value"] == pytest.approx(reference["ratio"], abs=1e-12)


def test_threshold_moves_the_decisions(german):
    low = explainers.measures(german, threshold=0.3, n_boot=0).value("selection_rate")
    high = explainers.measures(german, threshold=0.5, n_boot=0).value("selection_rate")
    assert low > high
    own = explainers.measures(german, n_boot=0).value("accuracy")
    assert own == pytest.approx(float((german.predicted == german.y).mean()))


def test_equal_to_scikit_learn_on_every_metric(german):
    positive = german.positive_class
    y = (german.y == positive).to_numpy()
    p = german.proba[positive].to_numpy()
    d = p >= 0.4
    m = explainers.measures(german, threshold=0.4, n_boot=0)
    expected = {"roc_auc": skm.roc_auc_score(y, p), "average_precision": skm.average_precision_score(y, p),
                "log_loss": skm.log_loss(y, p), "brier_score": skm.brier_score_loss(y, p),
                "accuracy": skm.accuracy_score(y, d), "balanced_accuracy": skm.balanced_accuracy_score(y, d),
                "f1": skm.f1_score(y, d), "precision": skm.precision_score(y, d), "recall": skm.recall_score(y, d)}
    for key, value in expected.items():
        assert m.value(key) == pytest.approx(value, abs=1e-12), key


def test_multiclass_and_regression_equal_scikit_learn(cases):
    wine, bikes = cases["wine"], cases["bike_rentals"]
    m = explainers.measures(wine, n_boot=0)
    assert m.value("accuracy") == pytest.approx(skm.accuracy_score(wine.y, wine.predicted), abs=1e-12)
    assert m.value("balanced_accuracy") == pytest.approx(skm.balanced_accuracy_score(wine.y, wine.predicted), abs=1e-12)
    assert m.value("f1_macro") == pytest.approx(skm.f1_score(wine.y, wine.predicted, average="macro"), abs=1e-12)
    assert m.value("log_loss") == pytest.approx(skm.log_loss(wine.y, wine.proba.to_numpy(), labels=list(wine.classes)),
                                                abs=1e-12)
    r = explainers.measures(bikes, n_boot=0)
    y, pred = bikes.y.to_numpy(dtype=float), bikes.predicted.to_numpy(dtype=float)
    assert r.value("mae") == pytest.approx(skm.mean_absolute_error(y, pred), rel=1e-12)
    assert r.value("rmse") == pytest.approx(np.sqrt(skm.mean_squared_error(y, pred)), rel=1e-12)
    assert r.value("r2") == pytest.approx(skm.r2_score(y, pred), rel=1e-12)


def test_tallies_of_chunks_add_up_to_the_tally_of_all_rows(german):
    setting = Setting("binary", tuple(german.classes), list(german.classes).index(german.positive_class), 0.3,
                      ("sex",))
    groups = pd.DataFrame({"sex": german.X["personal_status_sex"].astype(str).to_numpy()})
    proba = german.proba.to_numpy()
    whole = tally(setting, german.y, german.predicted, proba, groups)
    parts = [tally(setting, german.y.iloc[i:i + 70], german.predicted.iloc[i:i + 70], proba[i:i + 70],
                   groups.iloc[i:i + 70]) for i in range(0, len(german.y), 70)]
    added = parts[0]
    for part in parts[1:]:
        added = added + part
    a = measure_tally(whole, n_boot=0)
    b = measure_tally(added, n_boot=0)
    pd.testing.assert_frame_equal(a.overall, b.overall)
    pd.testing.assert_frame_equal(a.by_group, b.by_group)


def _simulated_case(rng, n):
    """A binary 'case'-like tally input: calibrated scores, two groups with different rates."""
    group = rng.integers(0, 2, n)
    score = np.clip(rng.beta(2, 3, n) + 0.15 * group, 0, 1)
    y = rng.random(n) < score
    return y, score, group


def test_intervals_cover_as_often_as_they_claim():
    """Simulated coverage of 95% intervals: rates (Wilson), their difference and ratio (MOVER), ROC AUC
    (Poisson-cell bootstrap). Truth from one very large sample of the same process."""
    rng = np.random.default_rng(7)
    y, score, group = _simulated_case(rng, 2_000_000)
    setting = Setting("binary", (False, True), 1, 0.5, ("g",))
    truth = measure_tally(tally(setting, y, score >= 0.5, np.column_stack([1 - score, score]),
                                pd.DataFrame({"g": group})), n_boot=0)
    true_rate = truth.value("selection_rate")
    true_difference = truth.difference().loc["selection_rate", "value"]
    true_ratio = truth.ratio().loc["selection_rate", "value"]
    true_auc = truth.value("roc_auc")
    hits = {"rate": 0, "difference": 0, "ratio": 0, "auc": 0}
    runs = 600
    for i in range(runs):
        y, score, group = _simulated_case(rng, 400)
        m = measure_tally(tally(setting, y, score >= 0.5, np.column_stack([1 - score, score]),
                                pd.DataFrame({"g": group})), metrics=["selection_rate", "roc_auc"], n_boot=300,
                          random_state=i)
        _, low, high = m.interval("selection_rate")
        hits["rate"] += low <= true_rate <= high
        d, r = m.difference().loc["selection_rate"], m.ratio().loc["selection_rate"]
        hits["difference"] += d["low"] <= true_difference <= d["high"]
        hits["ratio"] += r["low"] <= true_ratio <= r["high"]
        _, low, high = m.interval("roc_auc")
        hits["auc"] += low <= true_auc <= high
    shares = {k: v / runs for k, v in hits.items()}
    assert all(0.93 <= s <= 0.97 for s in shares.values()), shares


def test_unknown_metric_and_column_are_input_errors(german):
    with pytest.raises(explainers.InputError, match="Unknown metric 'auc'"):
        explainers.measures(german, metrics=["auc"])
    with pytest.raises(explainers.InputError, match="'nope' is not in the data"):
        explainers.measures(german, by="nope")


def test_a_period_series_groups_the_rows(german):
    period = pd.Series(np.repeat(["2024-01", "2024-02", "2024-03"], [100, 100, 100]), name="month")
    m = explainers.measures(german, by=period, threshold=0.5, n_boot=0)
    assert list(m.by_group.index) == ["2024-01", "2024-02", "2024-03"]
    assert m.by_group["count"].tolist() == [100, 100, 100]


@pytest.mark.parametrize("classes", [("bad", "good"), (0, 1), ("a", "b", "c")])
def test_the_coded_paired_tally_equals_the_paired_tally(classes):
    """value() counts each fallback against the model from class codes in one bincount; its cells must be the
    paired tally's, exactly (a decision outside the classes included)."""
    from explainers.core.measures.paired import label_codes, paired_code_tally, paired_tally
    from explainers.core.measures.tally import Setting, codes_of

    rng = np.random.default_rng(0)
    task = "binary" if len(classes) == 2 else "multiclass"
    setting = Setting(task, classes, positive=1 if task == "binary" else None, has_proba=False)
    y = pd.Series(rng.choice(list(classes), 5_000))
    first = pd.Series(rng.choice(list(classes), 5_000))
    second = pd.Series(rng.choice([*classes, "other"], 5_000), dtype=object)
    expected = paired_tally(setting, y, (first, None), (second, None)).cells
    coded = paired_code_tally(setting, label_codes(setting, y), codes_of(first, classes), codes_of(second, classes))
    columns = list(expected.columns)
    pd.testing.assert_frame_equal(coded.cells[columns].sort_values(columns[:4]).reset_index(drop=True),
                                  expected.sort_values(columns[:4]).reset_index(drop=True), check_dtype=False)
