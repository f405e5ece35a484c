"""AppTest of the Why and single-prediction pages on every sample model."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import explainers
from sample_models.catalog import NAMES

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(autouse=True)
def _samples(sample_cases_built, monkeypatch):
    for name in ("TRUSTBOARD_MODEL", "TRUSTBOARD_DATA", "TRUSTBOARD_MODEL_DIR"):
        monkeypatch.delenv(name, raising=False)


def open_page(sample: str, page: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=180).run()
    app.sidebar.selectbox[0].select(sample).run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def plain(element) -> str:
    return element.value.replace("\\", "")


def plain_label(element) -> str:
    """A widget's label as a person reads it (labels from data are Markdown-escaped)."""
    return element.label.replace("\\", "")


@pytest.mark.parametrize("sample", NAMES)
def test_why_page_shows_importance_beeswarm_and_dependence(sample):
    app = open_page(sample, "views/2_Why.py")
    assert app.title[0].value == "Why: what drives the model's output"
    charts = app.get("plotly_chart")
    assert len(charts) == 3
    note = next(plain(c) for c in app.caption if "Contributions computed on" in plain(c))
    method = next(plain(c) for c in app.caption if "Method:" in plain(c))  # under "How this was computed"
    assert "rows" in note and "additivity error" in method


def test_why_page_all_rows_button_uses_every_row():
    app = open_page("adult_income", "views/2_Why.py")
    first = next(plain(c) for c in app.caption if "Contributions computed on" in plain(c))
    assert "random sample of 200 of 9,048 rows" in first
    next(b for b in app.button if b.label.startswith("Use all")).click().run()
    assert not app.exception, app.exception
    after = next(plain(c) for c in app.caption if "Contributions computed on" in plain(c))
    assert "all 9,048 of 9,048 rows" in after


def test_why_page_multiclass_class_choice():
    app = open_page("wine", "views/2_Why.py")
    chooser = next(s for s in app.selectbox if s.label == "Explain the chance of")
    chooser.select("cultivar_3").run()
    assert not app.exception, app.exception
    assert any("chance of cultivar_3" in plain(c) for c in app.caption)


@pytest.mark.parametrize("sample", NAMES)
def test_single_prediction_page_explains_a_row_in_words(sample):
    app = open_page(sample, "views/3_Single_prediction.py")
    assert app.title[0].value == "One prediction, explained"
    words = " ".join(plain(m) for m in app.markdown)
    assert "The model " in words and "mainly because" in words
    assert len(app.get("plotly_chart")) == 1


def test_shortcut_most_confident_wrong_picks_a_wrong_row():
    app = open_page("german_credit", "views/3_Single_prediction.py")
    app.radio[0].set_value("Shortcut").run()
    assert not app.exception, app.exception
    first = next(s for s in app.selectbox if s.label == "Row").options[0]
    # e.g. "row 12: decided good at the threshold 0.5 (chance of bad 19%), actual bad"
    predicted, actual = first.split("decided ")[1].split(" at the threshold")[0], first.split("actual ")[1]
    assert predicted != actual, first


def test_what_if_editor_changes_the_prediction_in_apptest():
    app = open_page("german_credit", "views/3_Single_prediction.py")
    original = app.metric[0].value
    next(s for s in app.selectbox if plain_label(s) == "checking_account").select("none").run()
    next(n for n in app.number_input if plain_label(n) == "duration_months").set_value(6).run()
    assert not app.exception, app.exception
    what_if = next(m for m in app.metric if m.label == "What if")
    assert what_if.value != original
    assert any("Changed: checking_account, duration_months" in plain(c) for c in app.caption)


@pytest.mark.parametrize("sample", NAMES)
def test_confidence_page_for_each_sample(sample):
    app = open_page(sample, "views/4_Confidence.py")
    assert app.title[0].value == "How sure is the model?"
    labels = [m.label for m in app.metric]
    assert "Rows inside their band" in labels or "Rows inside their band (average of 50 splits)" in labels
    coverage = float(app.metric[0].value.rstrip("%")) / 100
    assert 0.6 <= coverage <= 1.0
    words = " ".join(plain(m) for m in app.markdown)
    assert "At 90% confidence" in words


def test_confidence_level_carries_to_the_single_prediction_page():
    app = open_page("bike_rentals", "views/4_Confidence.py")
    next(s for s in app.sidebar.slider if s.label == "Confidence level (%)").set_value(95).run()
    assert not app.exception, app.exception
    app.switch_page("views/3_Single_prediction.py").run()
    words = " ".join(plain(m) for m in app.markdown)
    assert "At 95% confidence: between" in words and "rentals" in words


def test_mondrian_checkbox_recalibrates_per_group():
    app = open_page("adult_income", "views/4_Confidence.py")
    next(s for s in app.sidebar.selectbox if s.label.startswith("Groups to compare")).select("sex").run()
    app.checkbox[0].check().run()
    assert not app.exception, app.exception
    assert len(app.dataframe[0].value) == 2  # Female, Male


@pytest.mark.parametrize("sample", NAMES)
def test_where_it_fails_page_for_each_sample(sample):
    app = open_page(sample, "views/5_Where_it_fails.py")
    assert app.title[0].value == "Where does the model fail?"
    metrics = app.dataframe[0].value
    assert "Accuracy" in set(metrics["metric"]) or "Mean absolute error" in set(metrics["metric"])
    assert len(app.get("plotly_chart")) >= (2 if sample == "wine" else 3)  # wine's model makes no mistakes


def test_threshold_slider_moves_the_confusion_matrix_and_cost_text():
    app = open_page("german_credit", "views/5_Where_it_fails.py")
    before = " ".join(plain(m) for m in app.markdown)
    next(s for s in app.main.slider if s.label.startswith("Decision threshold")).set_value(0.2).run()
    assert not app.exception, app.exception
    after = " ".join(plain(m) for m in app.markdown)
    assert "Moving the threshold from 0.20" in after and before != after


def test_slice_opens_its_first_row_on_the_single_prediction_page():
    app = open_page("adult_income", "views/5_Where_it_fails.py")
    slices_table = next(d.value for d in app.dataframe if "slice" in d.value.columns)  # result keys
    assert len(slices_table) > 0
    next(b for b in app.button if b.label.startswith("Explain the first row")).click().run()
    assert not app.exception, app.exception
    assert app.title[0].value == "One prediction, explained"
    position = next(n for n in app.number_input if n.label.startswith("Row number")).value
    case = app.session_state["case"]
    first = explainers.failures(case).rows(0).index[0]
    assert position == case.X.index.get_loc(first)


@pytest.mark.parametrize("sample", NAMES)
def test_data_health_page_for_each_sample(sample):
    app = open_page(sample, "views/6_Data_health.py")
    assert app.title[0].value == "Is the data healthy?"
    assert any("Reference: the rows the sample model was trained on" in plain(m) for m in app.markdown)
    assert any("Drift from the reference" in h.value for h in app.subheader)
    drift = app.dataframe[-1].value
    assert set(drift["Column"]) == set(app.session_state["case"].X.columns)
    assert "Shift score (PSI)" in drift.columns and "psi" not in drift.columns  # no snake_case headers


@pytest.mark.parametrize("sample", ["german_credit", "adult_income", "wine"])
def test_what_flips_it_page_shows_valid_counterfactuals(sample):
    app = open_page(sample, "views/7_What_flips_it.py")
    assert app.title[0].value == "What would flip the decision?"
    found = next(d.value for d in app.dataframe if "changes" in d.value.columns)
    case = app.session_state["case"]
    current = case.predicted.iloc[0]
    assert len(found) > 0 and (found["prediction"] != current).all()


def test_counterfactual_opens_in_the_what_if_editor():
    app = open_page("adult_income", "views/7_What_flips_it.py")
    changes = next(d.value for d in app.dataframe if "changes" in d.value.columns)["changes"].iloc[0]
    next(b for b in app.button if b.label == "Open in the what-if editor").click().run()
    assert not app.exception, app.exception
    assert app.title[0].value == "One prediction, explained"
    what_if = next(m for m in app.metric if m.label == "What if")
    assert what_if.value != app.metric[0].value
    changed = next(plain(c) for c in app.caption if c.value.startswith("Changed"))
    first_column = changes.split(":")[0]
    assert first_column in changed
