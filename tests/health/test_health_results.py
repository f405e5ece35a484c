"""Data health results as values: findings carry their example values as values (not inside
sentences), every result round-trips through JSON, and the page and the report print the same
sentences from health/words.py."""

from __future__ import annotations

import dataclasses
import json
import warnings

import pandas as pd
import pytest
from tests.app.test_app_explain import open_page

import explainers
from explainers.core.result import Result
from explainers.health import figures
from explainers.health.checks import data_health
from explainers.health.drift import Drift
from explainers.health.findings import Finding
from explainers.health.words import findings_table, sentence, verdict
from explainers.report.build import build, context
from sample_models.catalog import HERE


@pytest.fixture(scope="module")
def adult(sample_cases_built):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sample = sample_cases_built["adult_income"]
        return explainers.load(sample.model_path, sample.holdout_path)


@pytest.fixture(scope="module")
def planted(adult):
    """The adult holdout with an unseen category, an outlier, a constant column and a shifted age."""
    X = adult.X.copy()
    X["workclass"] = X["workclass"].astype(object)
    X.loc[X.index[:3], "workclass"] = "Martian"
    X.loc[X.index[5], "capital_gain"] = 1_000_000
    X["race"] = "White"
    X["age"] = X["age"] + 15
    return dataclasses.replace(adult, X=X)


def _round_trip(result: Result) -> dict:
    values = result.to_dict()
    assert json.loads(json.dumps(values, allow_nan=False)) == values
    return values


def _only(health, check, column) -> Finding:
    (found,) = [f for f in health.findings if f.check == check and f.column == column]
    return found


def test_findings_carry_their_values_as_values(planted):
    health = data_health(planted, reference=HERE / "adult_income.csv")
    unseen = _only(health, "unseen categories", "workclass")
    assert unseen.values == ("Martian",) and unseen.rows == 3
    outlier = _only(health, "outliers", "capital_gain")
    assert outlier.values == (1_000_000.0,) and isinstance(outlier.values[0], float)
    assert _only(health, "constant column", "race").values == ("White",)
    drift = _only(health, "drift", "age")
    data_median, ref_median = drift.values[0], drift.reference_values[0]
    assert data_median - ref_median == pytest.approx(15, abs=1) and drift.details["verdict"] == "major shift"
    for finding in (unseen, outlier, drift):  # the sentence is made from the values
        assert sentence(finding)
    assert "'Martian'" in sentence(unseen) and "1,000,000" in sentence(outlier)


def test_category_mismatch_keeps_both_sides_as_values(adult):
    reference = pd.read_csv(HERE / "adult_income.csv")
    reference = reference[reference["marital_status"] != "Divorced"]
    mismatch = _only(data_health(adult, reference), "category mismatch", "marital_status")
    assert mismatch.values == ("Divorced",) and mismatch.reference_values == ()
    assert mismatch.rows == int((adult.X["marital_status"] == "Divorced").sum())


def test_data_health_and_drift_round_trip_through_json(planted, adult):
    health = data_health(planted, reference=HERE / "adult_income.csv")
    values = _round_trip(health)
    assert values["rows"] == len(planted.X) and isinstance(values["reference_rows"], int)
    assert {"check", "column", "severity", "rows", "share", "values", "reference_values", "details"} \
        <= set(values["findings"][0])
    assert not any("finding" in f for f in values["findings"])  # no sentences among the values
    assert isinstance(health.drift, Drift)
    drift = _round_trip(health.drift)
    assert {row["column"] for row in drift["table"]} == set(planted.X.columns)
    assert all(isinstance(row["psi"], float) for row in drift["table"])
    assert _round_trip(data_health(adult))["drift"] is None


def test_drift_bars_take_the_result(planted):
    health = data_health(planted, reference=HERE / "adult_income.csv")
    fig = figures.drift_bars(health.drift, top=5)
    assert len(fig.data[0].y) == 5 and fig.data[0].y[-1] == "age"  # largest PSI drawn on top


def test_report_section_shows_the_words_sentences(planted):
    ctx = context(planted, reference=HERE / "adult_income.csv")
    (built,) = build(ctx, ["data_health"], figures=False)
    health = built.blocks.results["data_health"]
    assert built.blocks.sentences[0] == verdict(health)
    table = next(item["html"] for item in built.blocks.items if item["kind"] == "table")
    for text in findings_table(health)["finding"]:
        assert text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in table


def test_page_shows_the_words_sentences(sample_cases_built, monkeypatch):
    for name in ("TRUSTBOARD_MODEL", "TRUSTBOARD_DATA", "TRUSTBOARD_MODEL_DIR"):
        monkeypatch.delenv(name, raising=False)
    app = open_page("german_credit", "views/6_Data_health.py")
    shown = app.dataframe[0].value
    case = app.session_state["case"]
    health = data_health(case, reference=sample_cases_built["german_credit"].training_path)
    expected = {sentence(f) for f in health.findings if f.check != "missing values"}  # importance may rank these
    assert len(shown.columns) == 6  # readable headers: the finding is the fourth column
    assert expected <= set(shown.iloc[:, 3])
