"""The value command line (exit 0 with the sentence and JSON, exit 2 on bad input, before loading) and the value
section of the JSON report: the same numbers as explainers.value."""

from __future__ import annotations

import json

import pytest

import explainers
from explainers.__main__ import main
from tests.conftest import load_quietly


@pytest.fixture(scope="module")
def german(sample_cases_built):
    return sample_cases_built["german_credit"]


def test_value_command_writes_the_fallbacks_as_json(german, tmp_path, capsys):
    out = tmp_path / "value.json"
    code = main(["value", "--model", str(german.model_path), "--data", str(german.holdout_path), "--threshold",
                 "0.215", "--training", str(german.training_path), "--json", str(out), "--rounds", "200"])
    said = capsys.readouterr().out
    assert code == 0, said
    document = json.loads(out.read_text())
    fallbacks = {row["name"]: row for row in document["value"]["fallbacks"]}
    assert {"model", "all_positive", "all_negative", "one_rule", "person"} <= set(fallbacks)
    case = load_quietly(german.model_path, german.holdout_path)
    expected = explainers.value(case, threshold=0.215, training=str(german.training_path), n_boot=200)
    assert fallbacks["all_positive"]["value"] == pytest.approx(
        float(expected.fallbacks.set_index("name").loc["all_positive", "value"]))
    assert document["headline"].split(" (")[0] in said


@pytest.mark.parametrize("arguments, words", [
    (["--threshold", "1.5"], ["--threshold", "between 0 and 1"]),
    (["--values", "[1, 2]"], ["--values", "JSON object"]),
    (["--values", "{oops"], ["--values", "JSON object"]),
])
def test_value_command_refuses_bad_settings_with_exit_2(german, arguments, words, capsys):
    code = main(["value", "--model", str(german.model_path), "--data", str(german.holdout_path), *arguments])
    err = capsys.readouterr().err
    assert code == 2 and all(w in err for w in words) and "Traceback" not in err, err


def test_the_json_report_carries_the_value_section(german, tmp_path):
    case = load_quietly(german.model_path, german.holdout_path)
    path = tmp_path / "report.json"
    explainers.report(case, str(path), format="json", threshold=0.215, sections=["value"])
    section = json.loads(path.read_text())["sections"]["value"]
    assert section["sentences"], section
    names = {row["name"] for row in section["results"]["value"]["fallbacks"]}
    assert {"model", "all_positive", "all_negative"} <= names


def test_value_command_prices_a_regressor(sample_cases_built, tmp_path, capsys):
    bike = sample_cases_built["bike_rentals"]
    out = tmp_path / "bike.json"
    code = main(["value", "--model", str(bike.model_path), "--data", str(bike.holdout_path), "--training",
                 str(bike.training_path), "--values", '{"per_unit_error": -2.0, "review": -5.0, "currency": "EUR"}',
                 "--review-error", "10", "--json", str(out), "--rounds", "100"])
    said = capsys.readouterr().out
    assert code == 0, said
    document = json.loads(out.read_text())
    fallbacks = {row["name"]: row for row in document["value"]["fallbacks"]}
    assert set(fallbacks) == {"model", "median", "one_rule", "person"}
    assert fallbacks["person"]["value"] == pytest.approx(4345 * (-5.0 - 2.0 * 10))
    assert document["value"]["task"] == "regression" and "mae" in document["value"]["review"][0]
    assert "compared with predicting the training median" in said and "€2 per unit of absolute error" in said


def test_value_command_refuses_classification_prices_for_a_regressor(sample_cases_built, capsys):
    bike = sample_cases_built["bike_rentals"]
    code = main(["value", "--model", str(bike.model_path), "--data", str(bike.holdout_path), "--values",
                 '{"false_negative": -5}'])
    err = capsys.readouterr().err
    assert code == 2 and "per_unit_error" in err and "Traceback" not in err, err


def test_the_json_report_values_a_regressor(sample_cases_built, tmp_path):
    bike = sample_cases_built["bike_rentals"]
    case = load_quietly(bike.model_path, bike.holdout_path)
    path = tmp_path / "report.json"
    explainers.report(case, str(path), format="json", sections=["value"])
    section = json.loads(path.read_text())["sections"]["value"]
    text = " ".join(str(s) for s in section["sentences"])
    assert "compared with predicting the median" in text  # no training rows: the judged rows' median, said so
    assert "whose conformal interval is wider than" in text and "as accurate as the model on average" in text
    names = {row["name"] for row in section["results"]["value"]["fallbacks"]}
    assert {"model", "median", "person"} <= names
