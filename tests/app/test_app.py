"""AppTest (streamlit.testing) of the home and predictions pages on every sample model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sample_models.catalog import NAMES, samples

APP = str(Path(__file__).resolve().parents[2] / "app.py")

HEADLINES = {"binary": ["ROC AUC", "Accuracy"], "multiclass": ["Accuracy", "Balanced accuracy"],
             "regression": ["Mean absolute error", "R²"]}
TASKS = {"german_credit": "binary", "german_credit_linear": "binary", "adult_income": "binary",
         "adult_income_linear": "binary", "bike_rentals": "regression", "wine": "multiclass"}


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch, sample_cases_built):
    for name in ("TRUSTBOARD_MODEL", "TRUSTBOARD_DATA", "TRUSTBOARD_TARGET", "TRUSTBOARD_MODEL_DIR"):
        monkeypatch.delenv(name, raising=False)


def run_app() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120).run()
    assert not app.exception, app.exception
    return app


def test_home_opens_german_credit_by_default():
    app = run_app()
    assert app.title[0].value.replace("\\", "") == "German credit risk (random forest)"
    assert [m.label for m in app.metric] == ["Rows", *HEADLINES["binary"]]
    assert app.metric[0].value == "300"
    features = app.dataframe[0].value
    assert "checking_account" in set(features["feature"])
    assert features.loc[features["feature"] == "duration_months", "description"].item() == "Length of the loan in months"


@pytest.mark.parametrize("name", NAMES)
def test_home_and_predictions_for_each_sample(name):
    app = run_app()
    app.sidebar.selectbox[0].select(name).run()
    assert not app.exception, app.exception
    assert app.title[0].value.replace("\\", "") == samples()[name].title
    assert [m.label for m in app.metric][1:] == HEADLINES[TASKS[name]]
    holdout_rows = len(pd.read_csv(samples()[name].holdout_path))
    assert app.metric[0].value == f"{holdout_rows:,}"

    app.switch_page("views/1_Predictions.py").run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Predictions"
    assert app.sidebar.selectbox[0].value == name, "the chosen model must carry over to other pages"
    table = app.dataframe[0].value
    assert len(table) == holdout_rows
    assert "prediction" in table.columns and "actual" in table.columns


def test_predictions_page_filters_wrong_rows():
    app = run_app()
    app.switch_page("views/1_Predictions.py").run()
    show = next(r for r in app.radio if r.label == "Show")
    show.set_value("Only wrong predictions").run()
    table = app.dataframe[0].value
    assert len(table) > 0 and not table["correct"].any()


def test_bad_command_line_model_shows_error_and_keeps_working(monkeypatch, tmp_path):
    not_a_model = tmp_path / "notes.joblib"
    not_a_model.write_text("this is not a model")
    monkeypatch.setenv("TRUSTBOARD_MODEL", str(not_a_model))
    monkeypatch.setenv("TRUSTBOARD_DATA", str(samples()["german_credit"].holdout_path))
    app = run_app()
    errors = [e.value.replace("\\", "") for e in app.sidebar.error]  # shown as escaped Markdown
    assert any("notes.joblib" in e and "not a saved model" in e for e in errors), errors
    assert app.title[0].value.replace("\\", "") == "German credit risk (random forest)", "falls back to the default sample"


def test_model_from_operator_folder(monkeypatch, tmp_path):
    sample = samples()["german_credit_linear"]
    for path in (sample.model_path, sample.sidecar_path, sample.holdout_path):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setenv("TRUSTBOARD_MODEL_DIR", str(tmp_path))
    app = run_app()
    app.sidebar.radio[0].set_value("Model on this server").run()
    assert not app.exception, app.exception
    app.sidebar.button[0].click().run()
    assert not app.exception, app.exception
    assert app.title[0].value.replace("\\", "") == "German credit risk (logistic regression)"
    assert "german_credit_linear_holdout.csv" in app.caption[0].value.replace("\\", "")


def test_command_line_model_opens_first(monkeypatch):
    sample = samples()["bike_rentals"]
    monkeypatch.setenv("TRUSTBOARD_MODEL", str(sample.model_path))
    monkeypatch.setenv("TRUSTBOARD_DATA", str(sample.holdout_path))
    app = run_app()
    assert app.title[0].value.replace("\\", "") == sample.title
    assert app.sidebar.radio[0].value == "Model on this server"


def test_missing_sample_models_are_built_at_first_start(monkeypatch, tmp_path):
    import sample_models.build as build_module
    import sample_models.catalog as catalog

    monkeypatch.setattr(catalog, "BUILT", tmp_path / "built")
    monkeypatch.setattr(build_module, "BUILT", tmp_path / "built")
    app = run_app()
    assert app.title[0].value.replace("\\", "") == "German credit risk (random forest)"
    assert sorted(p.name for p in (tmp_path / "built").glob("*.joblib")) == sorted(f"{n}.joblib" for n in NAMES)
    assert any(s.label == "Sample models ready" for s in app.status)


@pytest.mark.parametrize("allowed", [False, True])
def test_pickle_upload_needs_the_operator_and_then_warns(monkeypatch, allowed):
    if allowed:
        monkeypatch.setenv("TRUSTBOARD_ALLOW_PICKLE_UPLOAD", "1")
    else:
        monkeypatch.delenv("TRUSTBOARD_ALLOW_PICKLE_UPLOAD", raising=False)
    app = run_app()
    app.sidebar.radio[0].set_value("Upload files").run()
    warnings = [w.value for w in app.sidebar.warning]
    assert any("runs code" in w for w in warnings) == allowed
