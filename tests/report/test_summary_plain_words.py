"""The report's summary says what the model is in plain words (issue 31, item 4): "a random forest of 300 decision
trees, reading 20 columns", never its class names or pipeline steps ("RandomForestClassifier", "OneHotEncoder");
those are in the Model parameters appendix."""

from __future__ import annotations

from conftest import load_quietly

from explainers.overview.words import estimator_words, model_in_words
from explainers.report import render

CLASS_NAMES = ("RandomForestClassifier", "OneHotEncoder", "ColumnTransformer", "passthrough", "n_estimators")


def _section(html: str, name: str) -> str:
    start = html.index(f'<section id="{name}"')
    return html[start:html.index("</section>", start)]


def test_the_summary_names_the_model_in_plain_words_and_the_appendix_by_class(german):
    case = load_quietly(german.model_path, german.holdout_path)
    html = render(case, sections=["summary", "model_parameters"])
    summary = _section(html, "summary")
    assert "The model is a random forest of 300 decision trees, reading 20 columns" in summary
    assert "each category becomes a yes/no column" in summary
    for name in CLASS_NAMES:
        assert name not in summary, f"{name} in the summary"
    assert "RandomForestClassifier" in _section(html, "model-parameters")


def test_each_kind_of_model_has_its_own_words(cases):
    assert model_in_words(cases["german_credit_linear"]).startswith("The model is a logistic regression")
    assert "numbers are put on a common scale" in model_in_words(cases["german_credit_linear"])
    assert model_in_words(cases["bike_rentals"]).startswith("The model is 300 small decision trees")
    assert estimator_words("RandomForestRegressor", {"n_estimators": 1000}) == "a random forest of 1,000 decision trees"
    assert estimator_words("RandomForestClassifier", {}) == "a random forest of decision trees"
    assert estimator_words("MyOwnModel", {"n_estimators": 5}) == "a model of its own kind"
