"""One meaning of champion (issue 26, item 6): the open model is the candidate, the picked model the champion
(the model you run today), on Compare and May it go live; pickers offer only models that read the open data; the
adult challenger sample; the operator's joblib files with the trust warning; champion checks in the verdict."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest
import yaml
from sklearn.metrics import roc_auc_score
from streamlit.testing.v1 import AppTest

from explainers.compare import words
from tests.conftest import APP, load_quietly

COMPARE, RELEASE = "views/9_Compare.py", "views/78_May_it_go_live.py"


@pytest.fixture(autouse=True)
def _clean(clean_environment):
    """Every test starts without operator settings (see conftest)."""


def _open(page: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=300).run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def _plain(text: str) -> str:
    return text.replace("\\", "")


def _texts(elements) -> list[str]:
    return [_plain(e.value) for e in elements]


def test_compare_judges_the_open_model_as_the_candidate_against_the_picked_champion(sample_cases_built):
    forest, linear = sample_cases_built["german_credit"], sample_cases_built["german_credit_linear"]
    app = _open(COMPARE)
    assert next(s for s in app.selectbox if s.label == "Champion sample").value == "sample:german_credit_linear"
    captions = _texts(app.caption)
    assert ("The candidate (the open model): German credit risk (random forest). The champion (the model you run "
            "today): German credit risk (logistic regression).") in captions, captions
    assert _plain(app.info[0].value).startswith("Against the champion, the candidate is ")
    metrics = app.dataframe[0].value.set_index("metric")
    holdout = pd.read_csv(forest.holdout_path)
    truth = holdout["credit_risk"].eq("bad")
    positive = {name: load_quietly(s.model_path, s.holdout_path) for name, s in (("forest", forest), ("linear", linear))}
    auc = {n: roc_auc_score(truth, np.asarray(c.proba)[:, list(c.classes).index("bad")]) for n, c in positive.items()}
    assert auc["forest"] != pytest.approx(auc["linear"], abs=1e-3)  # the roles can be told apart
    assert metrics.loc["ROC AUC", "candidate (open model)"] == pytest.approx(auc["forest"])
    assert metrics.loc["ROC AUC", "champion (today)"] == pytest.approx(auc["linear"])
    assert metrics.loc["ROC AUC", "difference (candidate - champion)"] == pytest.approx(auc["forest"] - auc["linear"])
    flips = app.dataframe[1].value
    assert {"champion (today)", "candidate (open model)"} <= set(flips.columns)
    assert set(flips["right"]) <= {"candidate", "champion", "neither", "both"}


def test_compare_words_name_the_candidate_and_the_champion():
    metrics = pd.DataFrame({"metric": ["roc_auc"], "champion": [0.80], "challenger": [0.83], "difference": [0.03],
                            "low": [0.01], "high": [0.05], "significant": [True], "better": ["challenger"],
                            "higher_is_better": [True]})
    comparison = type("C", (), {"metrics": metrics, "champion_name": "today.joblib", "challenger_name": "new.joblib"})
    assert words.headline(comparison) == ("Against the champion, the candidate is better on ROC AUC by 0.03 "
                                         "(95% interval 0.01 to 0.05).")
    assert words.roles(comparison) == ("The candidate (the open model): new.joblib. The champion (the model you run "
                                       "today): today.joblib.")
    assert "challenger" not in words.headline(comparison) + words.roles(comparison)


def test_pickers_offer_only_models_that_read_the_open_data(sample_cases_built, tmp_path, monkeypatch):
    folder = tmp_path / "models"
    folder.mkdir()
    for name in ("german_credit_linear", "adult_income", "wine"):
        shutil.copy(sample_cases_built[name].model_path, folder / f"{name}.joblib")
    monkeypatch.setenv("TRUSTBOARD_MODEL_DIR", str(folder))
    app = _open(COMPARE)
    assert next(s for s in app.selectbox if s.label == "Champion sample").options == [
        "German credit risk (logistic regression)"]  # not the adult, bike or wine samples
    next(r for r in app.radio if r.label == "Champion from").set_value("Model on this server").run()
    assert not app.exception, app.exception
    assert next(s for s in app.selectbox if s.label == "Champion model file").options == ["german_credit_linear.joblib"]
    assert any("Not offered, as they cannot read this data: adult_income.joblib, wine.joblib" in c
               for c in _texts(app.caption)), _texts(app.caption)
    warning = " ".join(_texts(app.warning))
    assert "german_credit_linear.joblib is a .joblib file: it runs code on this server when opened" in warning
    assert "(--model-dir)" in warning
    assert _plain(app.info[0].value).startswith("Against the champion, the candidate is ")

    release = _open(RELEASE)
    champion = next(s for s in release.selectbox if s.label.startswith("Champion (the model you run today)"))
    assert champion.options == ["(none)", "German credit risk (logistic regression)", "german_credit_linear.joblib"]


def test_a_champion_that_cannot_read_the_data_is_named_as_the_champion(sample_cases_built, monkeypatch):
    monkeypatch.setenv("TRUSTBOARD_CHALLENGER", str(sample_cases_built["adult_income"].model_path))
    app = _open(COMPARE)
    assert next(r for r in app.radio if r.label == "Champion from").value == "Command line (--challenger)"
    errors = _texts(app.error)
    assert any(e.startswith("The champion (the model you run today), adult_income.joblib, cannot predict on the open "
                            "data's rows") and "lacks" in e for e in errors), errors
    assert any("(--challenger)" in w for w in _texts(app.warning))  # the operator's joblib file: the trust warning


def test_adult_compares_out_of_the_box_against_its_logistic_sample(sample_cases_built, monkeypatch):
    adult, linear = sample_cases_built["adult_income"], sample_cases_built["adult_income_linear"]
    assert pd.read_csv(linear.holdout_path).equals(pd.read_csv(adult.holdout_path))  # same split, same rows
    sidecar = json.loads(linear.sidecar_path.read_text())
    assert sidecar["target"] == "income" and sidecar["title"] == "Adult census income (logistic regression)"
    model = load_quietly(linear.model_path, adult.holdout_path).model
    assert type(model.steps[-1][1]).__name__ == "LogisticRegression"
    monkeypatch.setenv("TRUSTBOARD_MODEL", str(adult.model_path))
    monkeypatch.setenv("TRUSTBOARD_DATA", str(adult.holdout_path))
    app = _open(COMPARE)
    assert next(s for s in app.selectbox if s.label == "Champion sample").options == [
        "Adult census income (logistic regression)"]
    assert not app.error, _texts(app.error)
    assert _plain(app.info[0].value).startswith("Against the champion, the candidate is better on ROC AUC")


def _policy_checks(app) -> list[str]:
    """The checks of the policy on May it go live, read from its "Edit as text" YAML."""
    text = next(t for t in app.text_area if t.label == "The policy as YAML").value
    return [c["check"] for c in yaml.safe_load(text)["checks"]]


def test_picking_a_champion_adds_the_champion_checks_to_the_verdict(sample_cases_built):
    from explainers.compare import on_same_rows
    from explainers.gate import gate

    app = _open(RELEASE)
    assert "champion" not in _policy_checks(app)
    champion = next(s for s in app.selectbox if s.label.startswith("Champion (the model you run today)"))
    champion.select("sample:german_credit_linear").run()
    assert not app.exception, app.exception
    checks = app.dataframe[0].value  # the judged checks (the policy itself is a form and its YAML)
    assert _policy_checks(app)[-1] == "champion"
    row = checks[checks["check"].str.contains("worse than the champion")]
    assert len(row) == 1
    case = app.session_state["case"]
    linear = on_same_rows(case, str(sample_cases_built["german_credit_linear"].model_path))
    training = str(sample_cases_built["german_credit"].training_path)  # the page's drift reference
    engine = next(c for c in gate(case, champion=linear, reference=training, threshold=0.5).checks
                  if c.check == "champion")
    assert row["measured"].iloc[0] == pytest.approx(engine.value)
    assert row["check"].iloc[0] == engine.name
    assert any("the champion (the model you run today) is German credit risk (logistic regression). Champion checks: "
               in c for c in _texts(app.caption)), _texts(app.caption)


def test_a_policy_without_a_champion_check_gets_the_default_one_and_says_so(sample_cases_built, tmp_path, monkeypatch):
    german = sample_cases_built["german_credit"]
    model = tmp_path / "credit.joblib"
    shutil.copy(german.model_path, model)
    sidecar = json.loads(german.sidecar_path.read_text())
    sidecar["policy"] = {"checks": [{"check": "determinism"}]}
    model.with_suffix(".json").write_text(json.dumps(sidecar))
    monkeypatch.setenv("TRUSTBOARD_MODEL", str(model))
    monkeypatch.setenv("TRUSTBOARD_DATA", str(german.holdout_path))
    app = _open(RELEASE)
    assert app.radio[0].value == "This model's sidecar"
    assert _policy_checks(app) == ["determinism"]
    next(s for s in app.selectbox if s.label.startswith("Champion (the model")).select(
        "sample:german_credit_linear").run()
    assert not app.exception, app.exception
    checks = app.dataframe[0].value
    assert _policy_checks(app) == ["determinism", "champion"]
    assert checks["check"].str.contains("2. ROC AUC no more than 0.02 worse than the champion").any()
    assert any("The policy had no champion check, so the default one was added: check 2." in c
               for c in _texts(app.caption)), _texts(app.caption)
    assert np.isfinite(checks["measured"]).all()
