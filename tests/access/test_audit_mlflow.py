"""The audit trail mirrored to MLflow (issue 30): the operator's run (--audit-mlflow-run) and the run a model opened
from an MLflow URI came from, in a temporary SQLite store; never a data value, not even of a private column."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import joblib
import pandas as pd
import pytest
import streamlit as st

import explainers
from dashboard import access, keys
from dashboard.access import audit, mirror

pytest.importorskip("mlflow")
import mlflow
import mlflow.sklearn
from mlflow import MlflowClient

VIEWER = access.Person("vera@bank.example", "viewer", signed_in=True)
PRIVATE = ("purpose", "job")


@pytest.fixture(scope="module")
def store(tmp_path_factory, sample_cases_built):
    """A SQLite tracking store: the operator's audit run, and a run holding German credit (linear) as a model."""
    folder = tmp_path_factory.mktemp("mlflow")
    sample = sample_cases_built["german_credit_linear"]
    estimator = joblib.load(sample.model_path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{folder / 'mlflow.db'}")
        client = MlflowClient()
        experiment = client.create_experiment("audit", artifact_location=(folder / "artifacts").as_uri())
        given = client.create_run(experiment).info.run_id
        with mlflow.start_run(experiment_id=experiment) as run:
            mlflow.sklearn.log_model(estimator, name="model", pip_requirements=["scikit-learn"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            case = explainers.load(f"runs:/{run.info.run_id}/model", sample.holdout_path, target="credit_risk",
                                   metadata={"private": list(PRIVATE)})
        yield {"client": client, "given": given, "model_run": run.info.run_id, "case": case, "sample": sample,
               "folder": folder}


@pytest.fixture
def session(store, monkeypatch):
    """This session is Vera's (a viewer); the tracking store is the temporary one; no audit flags yet."""
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{store['folder'] / 'mlflow.db'}")
    for name in ("TRUSTBOARD_AUDIT_LOG", "TRUSTBOARD_AUDIT_MLFLOW_RUN"):
        monkeypatch.delenv(name, raising=False)
    st.session_state[keys.PERSON] = VIEWER
    yield
    for key in (keys.PERSON, keys.AUDITED):
        st.session_state.pop(key, None)


def mirrored(client, run: str) -> list[dict]:
    """The audit lines in a run's trustboard/audit/ artifacts, oldest first."""
    found = sorted(f.path for f in client.list_artifacts(run, mirror.FOLDER))  # named by the time written
    return [json.loads(Path(client.download_artifacts(run, path)).read_text(encoding="utf-8")) for path in found]


def test_lines_go_to_the_operators_run_and_the_models_own_run_without_data(store, session, monkeypatch, tmp_path):
    case, client = store["case"], store["client"]
    assert case.source["mlflow"]["run_id"] == store["model_run"]  # what the mirror reads: the run the model came from
    monkeypatch.setenv("TRUSTBOARD_AUDIT_MLFLOW_RUN", store["given"])
    monkeypatch.setenv("TRUSTBOARD_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    before = len(mirrored(client, store["model_run"]))
    access.record("sign-in")
    access.record("open", case, data_file="holdout.csv")

    given = mirrored(client, store["given"])[-2:]
    assert [(x["email"], x["role"], x["action"]) for x in given] == [("vera@bank.example", "viewer", "sign-in"),
                                                                     ("vera@bank.example", "viewer", "open")]
    (own,) = mirrored(client, store["model_run"])[before:]  # a sign-in is about no model: not on the model's run
    assert own == given[-1] == audit.read(tmp_path / "audit.jsonl")[-1]  # the very line of the audit file
    assert own["model_sha256"] == case.source["model_sha256"] and own["model"] == case.name

    values = set(case.X.columns)
    for column in PRIVATE:
        values |= {str(v) for v in pd.read_csv(store["sample"].holdout_path)[column].unique()}
    text = json.dumps(mirrored(client, store["given"]) + mirrored(client, store["model_run"]))
    assert not {v for v in values if v in text}
    assert not client.get_run(store["given"]).data.params  # nothing but the audit artifacts was written


def test_without_an_audit_flag_nothing_reaches_the_models_run(store, session):
    before = len(mirrored(store["client"], store["model_run"]))
    access.record("open", store["case"])
    assert len(mirrored(store["client"], store["model_run"])) == before


def test_a_run_that_does_not_exist_is_said_in_the_server_log_and_the_file_keeps_the_line(session, monkeypatch,
                                                                                        tmp_path, capsys):
    monkeypatch.setenv("TRUSTBOARD_AUDIT_MLFLOW_RUN", "no-such-run")
    monkeypatch.setenv("TRUSTBOARD_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    access.record("sign-in")
    assert audit.read(tmp_path / "audit.jsonl")[-1]["action"] == "sign-in"
    assert "could not be mirrored to MLflow run 'no-such-run'" in capsys.readouterr().err


def test_the_flag_and_its_environment_variable():
    assert mirror.given_run(["--audit-log", "a.jsonl", "--audit-mlflow-run", "abc"], {}) == "abc"
    assert mirror.given_run([], {"TRUSTBOARD_AUDIT_MLFLOW_RUN": "def"}) == "def"
    assert mirror.given_run([], {}) is None
