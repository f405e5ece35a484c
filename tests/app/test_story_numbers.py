"""Numbers that must not mislead (issue 13, items 6-8): drift verdicts, split points, thresholds,
training rows judged as if new, empty states, rate axes from zero, the headline on small data."""

from __future__ import annotations

from pathlib import Path

from conftest import load_quietly
from streamlit.testing.v1 import AppTest

import explainers
from explainers.confidence import coverage_summary
from explainers.confidence.conformal import coverage_over_splits
from explainers.confidence.words import shortfall_sentence, splits_sentence
from explainers.failures import figures, words
from explainers.failures.error_tree import error_tree
from explainers.failures.fairness import fairness
from explainers.failures.groups import group_metrics
from explainers.health.drift import verdict
from explainers.health.training import training_overlap
from explainers.health.words import training_warning

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_drift_is_major_only_when_a_test_rules_out_chance_on_enough_rows(cases, sample_cases_built):
    assert verdict(0.87, p_value=0.27, rows=54) == "possible shift"
    assert verdict(0.87, p_value=0.001, rows=20) == "moderate shift"
    assert verdict(0.87, p_value=0.001, rows=54) == "major shift"
    assert verdict(0.05, p_value=0.0, rows=1000) == "stable"
    health = explainers.data_health(cases["wine"], reference=sample_cases_built["wine"].training_path)
    table = health.drift.table
    assert not ((table["verdict"] == "major shift") & (table["p_value"] >= 0.05)).any()
    assert all(f.severity != "high" for f in health.findings if f.check == "drift")


def test_error_tree_splits_whole_number_columns_at_whole_numbers(cases):
    rules = set(error_tree(cases["bike_rentals"]).nodes["rule"])
    assert not any("year" in r and ".5" in r for r in rules)
    assert "year > 2012" not in rules
    assert words.tree_rule("amount", "<=", 2011.5) == "amount <= 2011.5"  # a number is never rounded into another


def test_thresholds_keep_their_digits():
    assert [words.threshold_text(t) for t in (0.5, 0.21, 0.215)] == ["0.50", "0.21", "0.215"]


def test_a_model_without_mistakes_has_nothing_to_analyse(cases):
    tree = error_tree(cases["wine"])
    assert words.no_mistakes(tree)
    assert words.worst_branch(tree) == "The model makes no mistakes on these 54 rows: there are no mistakes to analyse."


def test_rate_axes_start_at_zero_and_the_confusion_label_clears_the_title(cases):
    case = cases["german_credit"]
    bars = figures.fairness_bars(fairness(case, "age"))
    assert list(bars.layout.yaxis.range) == [0, 100]
    assert list(figures.group_metric_bars(group_metrics(case, "age")).layout.xaxis.range) == [0, 100]
    assert figures.confusion_matrix(explainers.performance(case)).layout.xaxis.side == "bottom"


def test_training_rows_are_flagged(cases, sample_cases_built):
    german = sample_cases_built["german_credit"]
    trained_on = load_quietly(german.model_path, german.training_path)
    overlap = training_overlap(trained_on, training=german.training_path, metric="ROC AUC", value=0.97, holdout=0.84)
    assert overlap.share == 1 and overlap.suspicious
    text = training_warning(overlap)
    assert text.startswith("This looks like the data the model was trained on: 700 of these 700 rows (100")
    assert "ROC AUC here is 0.970 against 0.840" in text
    fresh = training_overlap(cases["german_credit"], training=german.training_path)
    assert not fresh.suspicious and training_warning(fresh) == ""


def test_small_data_headline_is_the_average_over_splits(cases):
    splits = coverage_over_splits(cases["german_credit"], level=0.9, repeats=10)
    text = splits_sentence(splits)
    assert text.startswith(f"Averaged over 10 random splits of these rows, {splits.mean:.1%} fell inside")
    assert "within" in text


def test_shortfall_names_the_column(cases):
    conf = explainers.confidence(cases["adult_income"], level=0.9)
    by_group = conf.coverage_by("sex")
    text = shortfall_sentence(by_group)
    assert text == "" or "where sex = " in text


def test_how_sure_headlines_the_held_out_coverage_and_explains_the_split_average(sample_cases_built, monkeypatch):
    """One coverage number (issue 26): the held-out rows' share, as the gate and the report give it; the average
    over 50 random splits describes the method, under "How this was computed"."""
    for name in ("TRUSTBOARD_MODEL", "TRUSTBOARD_DATA", "TRUSTBOARD_MODEL_DIR"):
        monkeypatch.delenv(name, raising=False)
    app = AppTest.from_file(APP, default_timeout=300).run()
    app.switch_page("views/4_Confidence.py").run()
    assert not app.exception, app.exception
    case = load_quietly(sample_cases_built["german_credit"].model_path, sample_cases_built["german_credit"].holdout_path)
    found = coverage_summary(case, level=0.9)
    assert app.metric[0].label == "Rows inside their band"
    assert app.metric[0].value == f"{found.coverage:.1%}"
    assert any("Averaged over 50 random splits" in c.value.replace("\\", "") for c in app.caption)
