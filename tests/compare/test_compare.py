"""Champion against challenger (issue 15): planted pairs, interval coverage, bad input, report and command line."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

import explainers
from explainers.core.columns import group_labels
from explainers.core.measures import Setting, formulas
from explainers.core.measures import paired as paired_module
from explainers.core.measures.paired import paired_measures, paired_tally
from explainers.report import render
from tests.conftest import load_quietly

ROOT = Path(__file__).resolve().parents[2]


def _data(n: int = 2000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"x1": rng.normal(size=n), "x2": rng.normal(size=n), "group": rng.choice(["a", "b"], n)})
    logit = 1.5 * frame["x1"] + 1.0 * frame["x2"]
    frame["y"] = np.where(rng.random(n) < 1 / (1 + np.exp(-logit)), "yes", "no")
    return frame


def _logistic(frame: pd.DataFrame, columns=("x1", "x2", "group")):
    columns = list(columns)
    encode = ColumnTransformer([("g", OneHotEncoder(), [c for c in columns if c == "group"])], remainder="passthrough")
    return Pipeline([("columns", encode), ("model", LogisticRegression())]).fit(frame[columns], frame["y"])


class SpoiledForGroupB:
    """The champion everywhere, but with its probability reversed on a third of group b's rows."""

    def __init__(self, base):
        self.base, self.classes_ = base, base.classes_
        self.feature_names_in_ = base.feature_names_in_

    def predict_proba(self, X):
        proba = self.base.predict_proba(X)
        spoil = (X["group"].to_numpy() == "b") & ((np.abs(X["x2"].to_numpy()) * 1000).astype(int) % 3 == 0)
        proba[spoil] = proba[spoil][:, ::-1]
        return proba

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(1)]


@pytest.fixture(scope="module")
def planted():
    train, test = _data(3000, 1), _data(2000, 2)
    champion = load_quietly(_logistic(train), test, target="y")
    return train, test, champion


@pytest.fixture(scope="module")
def german_pair(sample_cases_built):
    a, b = sample_cases_built["german_credit"], sample_cases_built["german_credit_linear"]
    return load_quietly(a.model_path, a.holdout_path), load_quietly(b.model_path, b.holdout_path)


# -- planted pairs ---------------------------------------------------------------------------------------

def test_identical_twin_has_no_difference_no_flips_and_full_agreement(german_pair):
    champion, _ = german_pair
    twin = load_quietly(champion.source["model"], champion.source["data"])
    result = explainers.compare(champion, twin, n_boot=300)
    assert not result.metrics["significant"].any()
    assert (result.metrics["difference"] == 0).all() and (result.metrics[["low", "high"]] == 0).all().all()
    assert result.flips.empty and result.agreement == 1.0
    assert result.slices["challenger_worse"].empty
    assert set(result.tests["p_value"]) == {1.0}


def test_a_weaker_model_is_worse_with_the_whole_interval_below_zero(planted):
    train, _, champion = planted
    weaker = _logistic(train, columns=("x2", "group"))  # without its strongest column
    result = explainers.compare(champion, weaker, n_boot=500, max_explained=10)
    auc = result.metrics.set_index("metric").loc["roc_auc"]
    assert auc["high"] < 0 and auc["low"] < auc["difference"] < auc["high"]
    assert auc["significant"] and auc["better"] == "champion"
    assert result.metrics.loc[result.metrics["metric"] == "accuracy", "high"].item() < 0
    assert (result.tests["p_value"] < 0.001).all()
    assert len(result.flips) > 0 and set(result.flips["right"]) <= {"champion", "challenger"}
    explained = result.flips.dropna(subset=["why"])
    assert len(explained) == 10 and explained["why"].iloc[0][0]["column"] in {"x1", "x2", "group"}


def test_a_model_worse_for_one_group_only_is_flagged_for_that_group(planted):
    _, test, champion = planted
    result = explainers.compare(champion, SpoiledForGroupB(champion.model), n_boot=500, max_explained=0)
    groups = result.by_group("group").set_index("group")
    assert groups.loc["b", "worse"] and groups.loc["b", "high"] < 0
    assert not groups.loc["a", "worse"] and groups.loc["a", "difference"] == 0
    assert set(groups.columns) >= {"rows", "champion", "challenger", "difference", "low", "high", "significant"}
    flips = result.flips
    assert len(flips) > 0 and (test.loc[flips["row"], "group"] == "b").all()
    worse = result.slices["challenger_worse"]
    assert len(worse) and "group = b" in worse["slice"].iloc[0]


def test_same_seed_same_result_other_seed_other_intervals(german_pair):
    champion, challenger = german_pair
    first = explainers.compare(champion, challenger, n_boot=200, random_state=3, max_explained=5)
    again = explainers.compare(champion, challenger, n_boot=200, random_state=3, max_explained=5)
    other = explainers.compare(champion, challenger, n_boot=200, random_state=4, max_explained=5)
    pd.testing.assert_frame_equal(first.metrics, again.metrics)
    assert json.dumps(first.to_dict(), sort_keys=True) == json.dumps(again.to_dict(), sort_keys=True)
    assert not np.allclose(first.metrics["low"], other.metrics["low"])


def test_metrics_equal_scikit_learn_and_groups_read_as_ranges(german_pair):
    from sklearn.metrics import balanced_accuracy_score, roc_auc_score

    champion, challenger = german_pair
    result = explainers.compare(champion, challenger, n_boot=200, max_explained=0)
    table = result.metrics.set_index("metric")
    assert list(table.index) == ["roc_auc", "accuracy", "balanced_accuracy", "brier_score", "log_loss"]
    assert table.loc["roc_auc", "challenger"] == pytest.approx(roc_auc_score(challenger.y == "bad", challenger.proba["bad"]))
    assert table.loc["balanced_accuracy", "champion"] == pytest.approx(balanced_accuracy_score(champion.y, champion.predicted))
    ages = result.by_group("age", metric="accuracy")
    labels = group_labels(champion.X["age"], 4)
    lowest = [champion.X["age"][labels == g].min() for g in ages["group"]]
    assert len(ages) == 4 and lowest == sorted(lowest)  # age ranges in increasing order
    assert ages["rows"].sum() == len(champion.X) and set(ages["metric"]) == {"accuracy"}
    with pytest.raises(explainers.InputError, match="Unknown metric"):
        result.by_group("age", metric="r2")


# -- the interval's coverage, by simulation -----------------------------------------------------------------

SIMULATIONS, ROWS, ROUNDS = 200, 300, 400
CLASSES = ("no", "yes")


def _model(score: np.ndarray) -> tuple:
    """(decisions, probabilities) of a model scoring rows ``score`` (any real number; a logistic turns it into
    the probability of "yes", which keeps its ranks)."""
    p = 1 / (1 + np.exp(-score))
    return np.where(p >= 0.5, "yes", "no"), np.column_stack([1 - p, p])


def _coverage(simulate, key: str, truth: float) -> float:
    """Share of simulations whose paired 95% interval (core.measures.paired) covers the true difference."""
    rng, covered = np.random.default_rng(12345), 0
    for k in range(SIMULATIONS):
        y, first, second, has_proba = simulate(rng)
        setting = Setting(task="binary", classes=CLASSES, positive=1, has_proba=has_proba)
        chosen = {key: formulas("binary", has_proba)[key]}
        row = paired_measures(paired_tally(setting, y, first, second), chosen, n_boot=ROUNDS, random_state=k).iloc[0]
        covered += row["low"] <= truth <= row["high"]
    return covered / SIMULATIONS


def test_accuracy_interval_covers_a_known_difference_about_95_percent_of_the_time():
    def simulate(rng):  # champion right 80%, challenger 75%, correlated through a shared draw
        u = rng.random(ROWS)
        v = np.where(rng.random(ROWS) < 0.5, u, rng.random(ROWS))
        y = np.full(ROWS, "yes")
        return y, (np.where(u < 0.80, "yes", "no"), None), (np.where(v < 0.75, "yes", "no"), None), False

    assert 0.92 <= _coverage(simulate, "accuracy", -0.05) <= 0.98


def test_roc_auc_interval_covers_a_known_difference_about_95_percent_of_the_time():
    shift, noise = 1.2, 0.8  # challenger = champion's score plus noise: AUC falls from Phi(d/√2) to Phi(d/√(2(1+σ²)))
    truth = norm.cdf(shift / np.sqrt(2 * (1 + noise ** 2))) - norm.cdf(shift / np.sqrt(2))

    def simulate(rng):
        positive = rng.random(ROWS) < 0.4
        score = rng.normal(size=ROWS) + shift * positive
        return np.where(positive, "yes", "no"), _model(score), _model(score + noise * rng.normal(size=ROWS)), True

    assert 0.92 <= _coverage(simulate, "roc_auc", truth) <= 0.98


def test_paired_cells_give_each_model_scikit_learns_values_with_ties():
    from sklearn.metrics import accuracy_score, roc_auc_score

    rng = np.random.default_rng(0)
    y = np.where(rng.random(500) < 0.3, "yes", "no")
    scores = [np.round(rng.normal(size=500), 1) + (y == "yes") for _ in range(2)]  # rounded: many ties
    models = [_model(s) for s in scores]
    paired = paired_tally(Setting(task="binary", classes=CLASSES, positive=1), y, *models)
    assert paired.rows == 500 and len(paired.cells) < 500  # tied rows share a cell
    table = paired_measures(paired, {k: formulas("binary", True)[k] for k in ("roc_auc", "accuracy")}, n_boot=100)
    table = table.set_index("metric")
    for column, (decision, proba) in zip(("first", "second"), models, strict=True):
        assert table.loc["roc_auc", column] == pytest.approx(roc_auc_score(y == "yes", proba[:, 1]), abs=1e-12)
        assert table.loc["accuracy", column] == pytest.approx(accuracy_score(y, decision), abs=1e-12)


def test_many_rows_merge_cells_for_the_rounds_without_moving_the_interval(monkeypatch):
    """Above MAX_PAIRED_CELLS the rounds read coarser cells (quantile bins of both scores); the interval stays
    within a fraction of its width of the one on exact cells, and the point values stay exact."""
    rng = np.random.default_rng(3)
    n = 30_000
    positive = rng.random(n) < 0.3
    score = rng.normal(size=n) + 1.5 * positive
    y, first, second = np.where(positive, "yes", "no"), _model(score), _model(score + 0.7 * rng.normal(size=n))
    paired = paired_tally(Setting(task="binary", classes=CLASSES, positive=1), y, first, second)
    chosen = {k: formulas("binary", True)[k] for k in ("roc_auc", "log_loss")}
    coarse = paired_measures(paired, chosen, n_boot=300, random_state=1).set_index("metric")
    assert len(paired.cells) > paired_module.MAX_PAIRED_CELLS and len(paired_module._coarse(paired)) <= 20_000
    monkeypatch.setattr(paired_module, "MAX_PAIRED_CELLS", 10 ** 9)
    exact = paired_measures(paired, chosen, n_boot=300, random_state=1).set_index("metric")
    pd.testing.assert_frame_equal(coarse[["first", "second", "difference"]], exact[["first", "second", "difference"]])
    width = exact["high"] - exact["low"]
    assert ((coarse["low"] - exact["low"]).abs() < 0.25 * width).all()
    assert ((coarse["high"] - exact["high"]).abs() < 0.25 * width).all()


# -- bad input --------------------------------------------------------------------------------------------

def test_different_rows_order_targets_tasks_and_classes_are_named(planted, german_pair):
    train, test, champion = planted
    model = champion.model
    with pytest.raises(explainers.InputError, match="has 2,000 rows and the challenger 1,999"):
        explainers.compare(champion, load_quietly(model, test.iloc[:-1], target="y"))
    with pytest.raises(explainers.InputError, match="different order"):
        explainers.compare(champion, load_quietly(model, test.sample(frac=1, random_state=0), target="y"))
    relabelled = test.assign(y2=test["y"].iloc[::-1].to_numpy())
    with pytest.raises(explainers.InputError, match="target 'y' and the challenger on 'y2'"):
        explainers.compare(champion, load_quietly(model, relabelled.drop(columns="y"), target="y2"))
    with pytest.raises(explainers.InputError, match="label 'y' differs"):
        explainers.compare(champion, load_quietly(model, relabelled.drop(columns="y").rename(columns={"y2": "y"}),
                                                  target="y"))
    numeric = train.assign(y=(train["y"] == "yes").astype(int))
    regressor = LinearRegression().fit(numeric[["x1", "x2"]], numeric["y"])
    classifier = LogisticRegression().fit(numeric[["x1", "x2"]], numeric["y"])
    as_numbers = test.assign(y=(test["y"] == "yes").astype(int))
    with pytest.raises(explainers.InputError, match="binary model and the challenger a regression model"):
        explainers.compare(load_quietly(classifier, as_numbers, target="y"), load_quietly(regressor, as_numbers, target="y"))


def test_different_classes_and_a_challenger_that_cannot_predict_are_named(german_pair, sample_cases_built):
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"x": rng.normal(size=300)})
    three = LogisticRegression().fit(X, rng.choice(["a", "b", "c"], 300))
    other = LogisticRegression().fit(X, rng.choice(["a", "b", "d"], 300))
    data = X.assign(y=rng.choice(["a", "b"], 300))
    with pytest.raises(explainers.InputError, match="predict different classes"):
        explainers.compare(load_quietly(three, data, target="y"), load_quietly(other, data, target="y"))
    champion, _ = german_pair
    with pytest.raises(explainers.InputError, match="challenger cannot predict on the champion's rows.*lacks"):
        explainers.compare(champion, sample_cases_built["adult_income"].model_path)
    with pytest.raises(explainers.InputError, match="n_boot"):
        explainers.compare(champion, champion, n_boot=10)


# -- report and command line ------------------------------------------------------------------------------

def test_report_judges_its_model_as_the_candidate_against_the_given_champion(german_pair):
    candidate, champion = german_pair  # the report's model is the candidate; champion= is the model run today
    document = json.loads(render(candidate, format="json", sections=["compare"], champion=champion))
    section = document["sections"]["compare"]
    comparison = section["results"]["comparison"]
    assert (comparison["champion_name"], comparison["challenger_name"]) == (champion.name, candidate.name)
    metrics = comparison["metrics"]
    assert metrics[0]["metric"] == "roc_auc" and isinstance(metrics[0]["low"], float)
    assert section["sentences"][0] == (f"The candidate (the open model): {candidate.name}. The champion (the model "
                                       f"you run today): {champion.name}.")
    assert section["sentences"][1].startswith("Against the champion, the candidate is ")
    assert document["settings"]["champion"] == champion.name
    html = render(candidate, format="html", sections=["compare"], champion=champion)
    assert "The candidate against the champion" in html and "95% intervals" in html
    assert "candidate (open model)" in html and "champion (today)" in html  # the table's headers say the roles
    alone = json.loads(render(candidate, format="json", sections=["compare"]))
    assert "No champion was given" in alone["sections"]["compare"]["sentences"][0]


def test_command_line_compare_prints_the_table_and_writes_json(sample_cases_built, tmp_path):
    a, b = sample_cases_built["german_credit"], sample_cases_built["german_credit_linear"]
    out = tmp_path / "comparison.json"
    done = subprocess.run([sys.executable, "-m", "explainers", "compare", "--champion", str(a.model_path),
                           "--challenger", str(b.model_path), "--data", str(a.holdout_path), "--json", str(out),
                           "--rounds", "200"], capture_output=True, text=True, cwd=ROOT, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert "Against the champion, the candidate is" in done.stdout and "roc_auc" in done.stdout
    document = json.loads(out.read_text())
    assert document["comparison"]["metrics"][0]["metric"] == "roc_auc" and "personal_status_sex" in document["groups"]
    bad = subprocess.run([sys.executable, "-m", "explainers", "compare", "--champion", str(a.model_path),
                          "--challenger", str(sample_cases_built["adult_income"].model_path), "--data",
                          str(a.holdout_path)], capture_output=True, text=True, cwd=ROOT, timeout=600, check=False)
    assert bad.returncode == 2 and "challenger" in bad.stderr and "Traceback" not in bad.stderr


def test_command_line_report_takes_the_champion(sample_cases_built, tmp_path):
    a, b = sample_cases_built["german_credit"], sample_cases_built["german_credit_linear"]
    out = tmp_path / "report.json"
    done = subprocess.run([sys.executable, "-m", "explainers", "report", "--model", str(a.model_path), "--data",
                           str(a.holdout_path), "--champion", str(b.model_path), "--format", "json", "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=900, check=False)
    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text())
    comparison = document["sections"]["compare"]["results"]["comparison"]
    assert comparison["champion_name"] == "German credit risk (logistic regression)"  # --champion: run today
    assert comparison["challenger_name"] == "German credit risk (random forest)"  # --model: the candidate
    assert {"champion", "challenger", "challenger_worse"} <= set(comparison["slices"])
    assert document["signature"]["champion_sha256"] == hashlib.sha256(b.model_path.read_bytes()).hexdigest()
