"""The robustness scan: planted leaks, non-determinism, brittle models, false-discovery control, the report
section and JSON."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

import explainers
from explainers.report.build import build, context
from explainers.robustness import words
from tests.conftest import load_quietly
from tests.model_kinds_helpers import forest_pipeline


@pytest.fixture(scope="module")
def german_scan(german_case):
    return explainers.robustness(german_case)


def test_a_planted_leaking_column_is_found_and_named(german):
    rng = np.random.default_rng(0)
    frames = [pd.read_csv(p) for p in (german.training_path, german.holdout_path)]
    for frame in frames:  # a flag that copies the label, wrong for 1% of rows
        copy = (frame["credit_risk"] == "bad").to_numpy()
        frame["account_flag"] = np.where(rng.random(len(frame)) < 0.01, ~copy, copy).astype(int)
    case = load_quietly(forest_pipeline(frames[0], "credit_risk"), frames[1], target="credit_risk")
    scan = explainers.robustness(case)
    leaks = scan.findings[scan.findings["check"] == "leakage"]
    assert "account_flag" in set(leaks["where"]), scan.findings
    flagged = leaks.set_index("where").loc["account_flag"]
    assert flagged["severity"] == "major" and "account_flag" in flagged["advice"]
    assert scan.leakage_found


def test_the_measures_layers_auc_of_counts_equals_scikit_learns_on_scores_with_many_ties():
    """The leakage check scores a column from per-group counts with the measures layer's ROC AUC formula."""
    from sklearn.metrics import roc_auc_score

    from explainers.core.measures.formulas import Cells, roc_auc

    rng = np.random.default_rng(3)
    score = rng.integers(0, 7, 5_000) / 7  # few distinct values, as a column's guesses
    positive = rng.random(5_000) < 0.2 + 0.1 * score
    cells = Cells(np.ones(10_000), {"score": np.r_[score, score], "actual": np.r_[np.ones(5_000), np.zeros(5_000)]})
    weights = np.r_[positive, ~positive].astype(float)[None, :]  # each row once, on its own side
    assert roc_auc(weights, cells)[0] == pytest.approx(roc_auc_score(positive, score), abs=1e-12)
    one_class = Cells(np.ones(10), {"score": np.arange(10.0), "actual": np.ones(10)})
    assert np.isnan(roc_auc(np.ones((1, 10)), one_class)[0])


class Jittery:
    """A classifier whose probabilities move a little on every call (as a model sampling at predict time)."""

    def __init__(self, model):
        self.model, self.classes_, self.calls = model, model.classes_, 0

    def predict_proba(self, X):
        self.calls += 1
        proba = self.model.predict_proba(X)
        noise = np.random.default_rng(self.calls).normal(0, 0.02, len(proba))
        first = np.clip(proba[:, 0] + noise, 0, 1)
        return np.column_stack([first, 1 - first])

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def test_a_model_whose_probabilities_change_between_calls_is_found(german, german_case):
    case = load_quietly(Jittery(german_case.model), german.holdout_path, target="credit_risk")
    scan = explainers.robustness(case, rows=list(case.X.index[:100]))
    assert not scan.deterministic
    found = scan.findings[scan.findings["check"] == "determinism"]
    assert len(found) == 1 and found["severity"].iloc[0] in ("major", "medium")
    assert "twice" in found["evidence"].iloc[0]


def test_a_clean_sample_model_has_no_major_leak_or_non_determinism(german_scan):
    serious = german_scan.findings[german_scan.findings["severity"] == "major"]
    assert not serious["check"].isin(["leakage", "determinism"]).any(), serious
    assert german_scan.deterministic and not german_scan.leakage_found
    assert set(german_scan.passed["check"]) >= {"determinism", "leakage", "perturbation"}


def _one_column(seed: int = 0, n: int = 3000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 100, n)
    y = np.where(rng.random(n) < 1 / (1 + np.exp(-(x - 50) / 8)), "yes", "no")
    return pd.DataFrame({"x": x, "y": y})


def test_a_brittle_model_flips_more_than_a_smooth_one():
    train, test = _one_column(0), _one_column(1, 1000)
    rates = {}
    for name, model in {"deep tree": DecisionTreeClassifier(random_state=0),
                        "logistic": LogisticRegression()}.items():
        case = load_quietly(model.fit(train[["x"]], train["y"]), test, target="y")
        scan = explainers.robustness(case)
        rates[name] = scan.perturbation.set_index("column").loc["x", "flip_rate"]
        assert scan.max_flip_column == "x" and scan.max_flip_interval[0] <= scan.max_flip_rate
    assert rates["deep tree"] > 3 * rates["logistic"], rates


class Calibrated:
    """Probabilities from a fixed logistic formula; the labels are then drawn from those very probabilities,
    so its errors are random: no slice is over- or under-confident except by chance."""

    classes_ = np.array(["no", "yes"])

    def predict_proba(self, X):
        p = 1 / (1 + np.exp(-(X["a"].to_numpy() - 0.5 * X["b"].to_numpy())))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def test_no_confidence_slice_when_errors_are_random():
    rng = np.random.default_rng(3)
    n = 4000
    data = pd.DataFrame({"a": rng.normal(0, 2, n), "b": rng.normal(0, 2, n),
                         "colour": rng.choice(["red", "green", "blue"], n), "size": rng.integers(1, 6, n)})
    data["y"] = np.where(rng.random(n) < Calibrated().predict_proba(data)[:, 1], "yes", "no")
    case = load_quietly(Calibrated(), data, target="y")
    scan = explainers.robustness(case)
    assert scan.confidence_slices.empty
    assert "confidence" in set(scan.passed["check"]) and "confidence" not in set(scan.findings["check"])


def test_findings_say_what_to_do_and_the_result_round_trips_through_json(german_scan):
    assert set(german_scan.findings.columns) >= {"check", "severity", "where", "evidence", "p_value", "q_value"}
    assert german_scan.findings["advice"].str.len().gt(20).all()
    assert german_scan.findings["severity"].isin(["major", "medium", "minor"]).all()
    document = json.loads(json.dumps(german_scan.to_dict()))
    assert document["deterministic"] is True and isinstance(document["max_flip_rate"], float)
    assert len(document["max_flip_interval"]) == 2 and "timings" not in document
    assert {row["check"] for row in document["passed"]} >= {"determinism"}


def test_the_report_section_appears(german_case, german_scan):
    ctx = context(german_case)  # the scan is already made: handed to the report's memo (else it is made again)
    key = repr([("random_state", 0), ("threshold", ctx.threshold), ("training", None)])  # the report's threshold: 0.5
    ctx.memo[("explainers.robustness.scan", "robustness", key)] = german_scan
    built = build(ctx, ["robustness"], figures=False)
    assert [b.section.name for b in built] == ["robustness"]
    blocks = built[0].blocks
    assert blocks.results["robustness"].max_flip_rate == german_scan.max_flip_rate
    assert any(s.startswith("For a release gate") for s in blocks.sentences)
    assert any(item["kind"] == "table" for item in blocks.items)


def test_the_page_shows_findings_charts_and_what_held(sample_cases_built, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    for name in ("TRUSTBOARD_MODEL", "TRUSTBOARD_DATA", "TRUSTBOARD_MODEL_DIR"):
        monkeypatch.delenv(name, raising=False)
    app = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=180).run()
    app.switch_page("views/65_How_robust.py").run()
    assert not app.exception, app.exception
    assert app.title[0].value == "How robust is the model?"
    assert len(app.get("plotly_chart")) == 2
    assert any("release gate" in c.value.replace("\\", "") for c in app.caption)
    assert app.subheader and "findings, worst first" in app.subheader[0].value
    assert any(e.label.startswith("Tried and held") for e in app.expander)


def test_flips_are_decisions_that_change_at_the_threshold(german_case, german_scan):
    """Issue 26: a flip is counted at the person's threshold. At 0.215 (German credit's cheapest) more rows sit
    near it than near 0.5; at 0 every row is flagged whatever moves, so nothing can flip; None is the model's own."""
    case = german_case
    assert german_scan.threshold == 0.5
    cheap = explainers.robustness(case, threshold=0.215)
    assert cheap.threshold == 0.215 and "threshold 0.215" in cheap.method and "decisions at 0.215" in words.gate_values(cheap)
    assert cheap.max_flip_rate > german_scan.max_flip_rate + 0.05
    # the count behind the rate, by hand: the rows whose decision at 0.215 differs once the column is moved
    worst = cheap.perturbation.set_index("column").loc[cheap.max_flip_column]
    assert worst["flipped"] == round(cheap.max_flip_rate * worst["rows"])
    for label in worst["examples"][:5]:
        assert _moved_decisions_differ(case, label, cheap.max_flip_column, worst, 0.215)
    never = explainers.robustness(case, threshold=0.0)
    assert never.max_flip_rate == 0 and (never.missing["changed"] == 0).all()
    own = explainers.robustness(case, threshold=None)  # this forest predicts the arg-max: the same as 0.5
    assert own.threshold is None and own.max_flip_rate == german_scan.max_flip_rate
    with pytest.raises(explainers.InputError, match="threshold"):
        explainers.robustness(case, threshold=1.5)
    ctx = context(case, threshold=0.215)  # the report's robustness section decides at the report's threshold
    ctx.memo[("explainers.robustness.scan", "robustness",
              repr([("random_state", 0), ("threshold", 0.215), ("training", None)]))] = cheap
    built = build(ctx, ["robustness"], figures=False)[0].blocks
    assert built.results["robustness"] is cheap and words.gate_values(cheap) in built.sentences


def _moved_decisions_differ(case, label, column, entry, threshold) -> bool:
    """Whether some move of ``column`` by the scan's step changes the row's decision at ``threshold``."""
    row = case.X.loc[[label]]
    bad = list(case.classes).index(case.positive_class)
    before = case.proba.loc[label].iloc[bad] >= threshold
    values = case.X[column]
    if entry["move"] == "swap":
        candidates = [v for v in values.unique() if v != row[column].iloc[0]]
    else:
        step, value = float(entry["step"]), float(row[column].iloc[0])
        candidates = [np.clip(v, values.min(), values.max()) for v in (value + step, value - step, value * 1.01, value * 0.99)]
    for v in candidates:
        moved = row.copy()
        moved[column] = pd.Series([v], index=moved.index).astype(values.dtype)
        if (case.model.predict_proba(moved)[0, bad] >= threshold) != before:
            return True
    return False
