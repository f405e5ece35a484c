"""Fairness on German credit: age groups and foreign workers, the same sentences on the page and in the report."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import pytest
from conftest import load_quietly
from streamlit.testing.v1 import AppTest

import explainers
from explainers.core.columns import group_labels
from explainers.failures import words
from explainers.failures.fairness import fairness
from explainers.failures.performance import decide
from explainers.report import render

APP = str(Path(__file__).resolve().parents[2] / "app.py")
CHEAPEST = 0.215


@pytest.fixture(scope="module")
def case(german):
    return load_quietly(german.model_path, german.holdout_path)


def test_age_groups_have_readable_names_and_every_rate_matches_a_count(case):
    fair = fairness(case, "age", threshold=CHEAPEST)
    assert list(fair.table["group"]) == ["under 27", "27-33", "34-43", "44 and over"]
    decided = decide(case, CHEAPEST) == "bad"
    actual = case.y == "bad"
    young = (case.X["age"] < 27).to_numpy()
    row = fair.table.iloc[0]
    assert row["rows"] == young.sum()
    assert row["selection_rate"] == pytest.approx(decided[young].mean())
    assert row["false_positive_rate"] == pytest.approx((decided & ~actual)[young].sum() / (~actual)[young].sum())
    assert row["false_negative_rate"] == pytest.approx((~decided & actual)[young].sum() / actual[young].sum())
    assert row["selection_rate_low"] < row["selection_rate"] < row["selection_rate_high"]


def test_age_best_treated_group_ratios_and_four_fifths(case):
    fair = fairness(case, "age", threshold=CHEAPEST)
    assert fair.favourable == "good"  # "bad" is bad news: not being flagged is the favourable outcome
    table = fair.table.set_index("group")
    assert fair.best_group == table["favourable_rate"].idxmax()
    assert table.loc[fair.best_group, "favourable_ratio"] == 1
    assert table.loc["under 27", "selection_rate_difference"] == pytest.approx(
        table.loc["under 27", "selection_rate"] - table.loc[fair.best_group, "selection_rate"])
    assert "under 27" in fair.below_four_fifths
    text = words.four_fifths(fair)
    assert text.startswith("Four-fifths rule: under 27 (") and "less than 80% as often" in text
    assert words.fairness_gap(fair).startswith("The largest gap between groups of age is in share flagged bad")


def test_foreign_workers_small_group_is_shown_but_not_judged(case):
    fair = fairness(case, "foreign_worker", threshold=CHEAPEST)
    assert fair.small_groups == ["no"] and fair.gap is None
    said = words.fairness_sentences(fair)
    assert said[0] == ("Fewer than two groups of foreign_worker have 30 rows or more, so no gap between groups can be "
                       "judged.")
    assert said[-1].startswith("Too small to judge (under 30 rows): no (13 rows)")
    assert list(words.fairness_table(fair)["Judged"]) == ["best-treated", "too small to judge"]


def test_result_round_trips_through_json(case):
    data = fairness(case, "age").to_dict()
    assert data["column"] == "age" and data["gap"]["rate"] in ("selection_rate", "false_positive_rate",
                                                               "false_negative_rate", "accuracy")
    assert isinstance(data["table"][0]["rows"], int)


def test_regression_is_an_input_error(cases):
    with pytest.raises(explainers.InputError, match="binary classifier"):
        fairness(cases["bike_rentals"], "season")


def test_group_labels_read_as_ranges():
    ages = pd.Series([19, 22, 25, 27, 30, 33, 35, 40, 45, 50, 60, 70])
    labels = group_labels(ages)
    assert labels.iloc[0].startswith("under ") and labels.iloc[-1].endswith(" and over")
    amounts = pd.Series([0.5, 1.25, 2.5, 3.75, 5.0, 6.25, 7.5, 8.75, 10.0, 11.5])
    assert any(" to under " in label for label in group_labels(amounts))


def test_page_and_report_print_the_same_fairness_sentences(sample_cases_built, monkeypatch):
    for name in ("TRUSTBOARD_MODEL", "TRUSTBOARD_DATA", "TRUSTBOARD_MODEL_DIR"):
        monkeypatch.delenv(name, raising=False)
    app = AppTest.from_file(APP, default_timeout=300).run()
    app.switch_page("views/5_Where_it_fails.py").run()
    next(b for b in app.sidebar.button if b.label.startswith("Use the cheapest threshold")).click().run()
    for column in ("age", "foreign_worker"):
        next(s for s in app.sidebar.selectbox if s.label.startswith("Groups to compare")).set_value(column).run()
        assert not app.exception, app.exception
        page = [m.value.replace("\\", "") for m in app.markdown]
        case = app.session_state["case"]
        expected = words.fairness_sentences(fairness(case, column, threshold=CHEAPEST))
        assert all(sentence in page for sentence in expected), column
    report = render(case, sections=["fairness"], threshold=CHEAPEST)
    for column in ("age", "foreign_worker"):  # both are sensitive columns in the sidecar
        for sentence in words.fairness_sentences(fairness(case, column, threshold=CHEAPEST)):
            assert sentence in html.unescape(report)


def test_table_headers_keep_the_class_names_as_written(cases):
    fair = fairness(cases["adult_income"], "sex")
    assert "<=50K cases wrongly flagged >50K" in words.fairness_table(fair).columns


def test_a_rate_named_after_a_class_keeps_the_class_as_written(case):
    """A header that starts with a class label shows the label literally ("good cases ...", not "Good cases ...";
    a hostile label "www.evil.example" read "Www.evil.example"); a header that starts with a word is capitalised."""
    fair = fairness(case, "foreign_worker")
    headers = list(words.fairness_table(fair).columns)
    assert f"{fair.other} cases wrongly flagged {fair.positive}" in headers
    assert f"Share flagged {fair.positive}" in headers
