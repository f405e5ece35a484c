"""AppTest of the Compare page: the open model is the candidate, the picked model the champion (the model you run
today): two samples out of the box, the operator's --challenger offered as the champion, and bad pairs."""

from __future__ import annotations

import pytest
from conftest import APP
from streamlit.testing.v1 import AppTest

PAGE = "views/9_Compare.py"


@pytest.fixture(autouse=True)
def _clean(clean_environment):
    """Every test here opens the default sample (see conftest)."""


def open_compare() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=300).run()
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    return app


def _plain(text: str) -> str:
    return text.replace("\\", "")


def test_compare_page_judges_the_forest_against_the_logistic_sample():
    app = open_compare()
    assert app.title[0].value == "Is it better than what we run now?"
    champion = next(s for s in app.selectbox if s.label == "Champion sample")
    assert champion.value == "sample:german_credit_linear"
    assert _plain(app.info[0].value).startswith("Against the champion, the candidate is ")
    metrics = app.dataframe[0].value
    assert list(metrics["metric"])[:2] == ["ROC AUC", "Accuracy"] and {"low", "high", "significant"} <= set(metrics)
    flips = app.dataframe[1].value
    assert len(flips) > 0
    assert {"champion (today)", "candidate (open model)", "actual", "right", "why"} <= set(flips.columns)
    assert flips["why"].str.len().gt(0).all()
    assert len(app.get("plotly_chart")) == 2  # the forest plot and both reliability curves

    group = next(s for s in app.selectbox if s.label == "Groups of")
    group.select("age").run()
    assert not app.exception, app.exception
    assert next(s for s in app.selectbox if s.label == "Groups of").value == "age"


def test_a_champion_for_other_data_is_an_error_naming_the_champion_and_the_fix(monkeypatch, sample_cases_built):
    monkeypatch.setenv("TRUSTBOARD_CHALLENGER", str(sample_cases_built["adult_income"].model_path))
    app = open_compare()
    assert not app.exception, app.exception
    errors = [_plain(e.value) for e in app.error]
    assert any(e.startswith("The champion (the model you run today), adult_income.joblib, cannot predict on the open "
                            "data's rows") and "lacks" in e for e in errors), errors


def test_only_sample_models_that_read_the_open_datas_columns_are_offered(monkeypatch, sample_cases_built):
    german = next(s for s in open_compare().selectbox if s.label == "Champion sample")
    assert set(german.options) == {"German credit risk (logistic regression)"}  # not adult, bikes or wine

    adult = sample_cases_built["adult_income"]
    monkeypatch.setenv("TRUSTBOARD_MODEL", str(adult.model_path))
    monkeypatch.setenv("TRUSTBOARD_DATA", str(adult.holdout_path))
    app = open_compare()
    champion = next(s for s in app.selectbox if s.label == "Champion sample")  # adult has its own logistic sample
    assert set(champion.options) == {"Adult census income (logistic regression)"}  # not German credit, bikes or wine
    assert champion.value == "sample:adult_income_linear"
    infos = [i.value for i in app.info]
    assert not any("No sample model reads this data's columns" in i for i in infos), infos
    assert _plain(app.info[0].value).startswith("Against the champion, the candidate is ")


def test_the_operators_challenger_file_is_offered_first_as_the_champion(monkeypatch, sample_cases_built):
    monkeypatch.setenv("TRUSTBOARD_CHALLENGER", str(sample_cases_built["german_credit_linear"].model_path))
    app = open_compare()
    assert next(r for r in app.radio if r.label == "Champion from").value == "Command line (--challenger)"
    assert _plain(app.info[0].value).startswith("Against the champion, the candidate is ")


def test_the_sidebar_threshold_decides_both_models_and_the_page_says_so(sample_cases_built):
    from explainers.core.measures import decide
    from tests.conftest import load_quietly

    a, b = sample_cases_built["german_credit"], sample_cases_built["german_credit_linear"]
    champion, challenger = load_quietly(a.model_path, a.holdout_path), load_quietly(b.model_path, a.holdout_path)
    app = open_compare()
    assert any(c.value.startswith("Deciding at 0.50") for c in app.caption), [c.value for c in app.caption]
    slider = next(s for s in app.slider if s.label.startswith("Decision threshold"))
    slider.set_value(0.215).run()
    assert not app.exception, app.exception
    assert any(_plain(c.value).startswith("Deciding at 0.215") for c in app.caption), [c.value for c in app.caption]
    changed = int((decide(champion, 0.215) != decide(challenger, 0.215)).sum())
    assert any(_plain(m.value).startswith(f"{changed} of 300 decisions change at 0.215") for m in app.markdown), \
        [m.value for m in app.markdown]
