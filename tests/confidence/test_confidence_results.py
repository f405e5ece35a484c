"""Confidence results as values: JSON round trips, numbers as numbers, and one coverage statement
shared by the How sure page and the report's confidence section."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from sklearn.dummy import DummyRegressor
from tests.app.test_app_explain import open_page

import explainers
from explainers.confidence import figures
from explainers.confidence.conformal import ALL_ROWS, CoverageByGroup, CoverageOverSplits, coverage_over_splits
from explainers.confidence.words import coverage_sentence, shortfall_sentence, splits_sentence
from explainers.core.result import Result
from explainers.report.build import build, context


def _round_trip(result: Result) -> dict:
    assert isinstance(result, Result)
    values = result.to_dict()
    assert json.loads(json.dumps(values, allow_nan=False)) == values
    assert isinstance(values["method"], str) and values["method"]
    return values


@pytest.mark.parametrize("name", ["german_credit", "bike_rentals", "wine"])
def test_confidence_round_trips_with_numbers_as_numbers(cases, name):
    conf = explainers.confidence(cases[name], level=0.9)
    values = _round_trip(conf)
    assert values["level"] == 0.9 and values["approximate"] is True
    assert values["coverage"] == pytest.approx(conf.coverage) and isinstance(values["coverage"], float)
    low, high = values["coverage_interval"]
    assert low - 1e-12 <= values["coverage"] <= high + 1e-12 and type(low) is float
    assert values["mean_size"] == pytest.approx(conf.mean_size)
    assert values["calibration_rows"] == len(conf.calibration_rows)
    assert values["evaluation_rows"] == len(conf.evaluation_rows)
    assert values["scoring"] == conf.scoring and "case" not in values and "difficulty" not in values
    assert values["quantiles"][ALL_ROWS] == pytest.approx(conf.quantiles[None])


def test_unbounded_bands_are_json_nulls():
    X = pd.DataFrame({"x": np.arange(24.0)})
    case = explainers.load(DummyRegressor().fit(X, X["x"]), X.assign(y=X["x"]), target="y")
    values = _round_trip(explainers.confidence(case, level=0.95, method="absolute"))
    assert values["quantiles"][ALL_ROWS] is None and values["mean_size"] is None


def test_calibration_round_trips_under_the_stable_metric_keys(cases):
    cal = explainers.calibration(cases["german_credit"])
    values = _round_trip(cal)
    assert values["expected_calibration_error"] == pytest.approx(cal.ece)
    assert values["brier_score"] == pytest.approx(cal.brier) and values["log_loss"] == pytest.approx(cal.log_loss)
    assert sum(row["rows"] for row in values["table"]) == len(cases["german_credit"].X)


def test_coverage_by_group_is_a_result_drawn_by_its_figure(cases):
    conf = explainers.confidence(cases["adult_income"], level=0.9)
    by_sex = conf.coverage_by("sex")
    assert isinstance(by_sex, CoverageByGroup) and by_sex.column == "sex" and by_sex.level == 0.9
    values = _round_trip(by_sex)
    assert {row["group"] for row in values["table"]} == {"Female", "Male"}
    assert all(isinstance(row["coverage"], float) and isinstance(row["short"], bool) for row in values["table"])
    assert by_sex.short_groups == list(by_sex.table.loc[by_sex.table["short"], "group"])
    assert len(figures.coverage_by_group(by_sex).data[0].y) == 2
    text = shortfall_sentence(by_sex)
    assert (text == "") == (not by_sex.short_groups)


def test_coverage_over_splits_is_a_small_result(cases):
    splits = coverage_over_splits(cases["german_credit"], level=0.9, repeats=5)
    assert isinstance(splits, CoverageOverSplits)
    values = _round_trip(splits)
    seeds = [explainers.confidence(cases["german_credit"], 0.9, random_state=s).coverage for s in range(5)]
    assert values["mean"] == pytest.approx(np.mean(seeds)) and values["std"] == pytest.approx(np.std(seeds))
    assert "over 5 random splits" in splits_sentence(splits)


def test_report_section_prints_the_words_coverage_statement(cases):
    case = cases["german_credit"]
    ctx = context(case, level=0.9, random_state=3)
    (built,) = build(ctx, ["confidence"], figures=False)
    conf = built.blocks.results["confidence"]
    assert conf.random_state == 3
    assert coverage_sentence(conf) in built.blocks.sentences
    # one coverage number, first: the held-out rows' coverage with its interval (not an average over other splits)
    assert built.blocks.sentences[0] == coverage_sentence(built.blocks.results["coverage"])
    assert built.blocks.results["coverage"].coverage == conf.coverage
    assert not any(s.startswith("Averaged over") for s in built.blocks.sentences)
    assert math.isclose(built.blocks.results["calibration"].ece, explainers.calibration(case).ece)


def test_page_and_report_give_the_same_coverage_statement(sample_cases_built, monkeypatch):
    for name in ("TRUSTBOARD_MODEL", "TRUSTBOARD_DATA", "TRUSTBOARD_MODEL_DIR"):
        monkeypatch.delenv(name, raising=False)
    app = open_page("german_credit", "views/4_Confidence.py")
    (built,) = build(context(app.session_state["case"], level=0.9), ["confidence"], figures=False)
    statement = built.blocks.sentences[0]
    page_sentences = [e.value.replace("\\", "") for e in [*app.caption, *app.markdown]]
    assert any(statement in text for text in page_sentences)
    assert "for a promised 90%" in statement
