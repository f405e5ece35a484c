"""MLflow: open a model by models:/NAME/VERSION, alias or run, and log the report and the verdict back.

One temporary local store (a SQLite file, MLflow's default kind) per module: a German credit model
logged with the sklearn flavour and registered as ``credit`` (alias ``champion``), and a pyfunc-only
model that predicts decisions.
"""

from __future__ import annotations

import sys
import warnings

import joblib
import pandas as pd
import pytest

import explainers
from explainers.__main__ import main
from explainers.io.mlflow_models import is_mlflow_uri

pytest.importorskip("mlflow")
import mlflow
import mlflow.pyfunc
import mlflow.sklearn
from mlflow import MlflowClient

TARGET = "credit_risk"


class Decisions(mlflow.pyfunc.PythonModel):
    """A pyfunc-only model: the estimator's decisions, nothing else."""

    def __init__(self, estimator):
        self.estimator = estimator

    def predict(self, context, model_input, params=None):
        return self.estimator.predict(model_input)


@pytest.fixture(scope="module")
def store(tmp_path_factory, sample_cases_built):
    """A local SQLite tracking store with the registered sklearn model and a pyfunc-only model."""
    folder = tmp_path_factory.mktemp("mlflow")
    sample = sample_cases_built["german_credit_linear"]
    estimator = joblib.load(sample.model_path)
    features = pd.read_csv(sample.holdout_path)[list(estimator.feature_names_in_)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{folder / 'mlflow.db'}")
        client = MlflowClient()
        experiment = client.create_experiment("trustboard tests", artifact_location=(folder / "artifacts").as_uri())
        signature = mlflow.models.infer_signature(features.head(50))
        with mlflow.start_run(experiment_id=experiment) as run:
            mlflow.sklearn.log_model(estimator, name="model", registered_model_name="credit", signature=signature,
                                     pip_requirements=["scikit-learn"])
        client.set_registered_model_alias("credit", "champion", "1")
        with mlflow.start_run(experiment_id=experiment) as pyfunc_run:
            mlflow.pyfunc.log_model(name="model", python_model=Decisions(estimator), signature=signature,
                                    pip_requirements=["scikit-learn"])
        yield {"sample": sample, "estimator": estimator, "run": run.info.run_id, "pyfunc_run": pyfunc_run.info.run_id,
               "client": client, "folder": folder}


def load(uri, data, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return explainers.load(uri, data, **kwargs)


def test_version_alias_and_run_open_the_estimator_itself(store):
    holdout = store["sample"].holdout_path
    by_version = load("models:/credit/1", holdout, target=TARGET)
    by_alias = load("models:/credit@champion", holdout, target=TARGET)
    by_run = load(f"runs:/{store['run']}/model", holdout, target=TARGET)
    assert type(by_version.model) is type(store["estimator"])
    direct = store["estimator"].predict_proba(by_version.X)
    assert by_version.proba.to_numpy() == pytest.approx(direct)
    assert by_version.source["model"] == "models:/credit/1"
    assert by_version.source["mlflow"]["version"] == "1" and by_version.source["mlflow"]["run_id"] == store["run"]
    assert by_alias.source["mlflow"]["alias"] == "champion" and by_alias.source["mlflow"]["version"] == "1"
    assert by_run.source["mlflow"]["run_id"] == store["run"]
    assert by_version.source["model_sha256"] == by_alias.source["model_sha256"] == by_run.source["model_sha256"]
    assert by_version.fingerprint == by_alias.fingerprint
    assert by_version.name == "models:/credit/1"


def test_pyfunc_only_model_opens_through_predict_with_its_note(store):
    case = load(f"runs:/{store['pyfunc_run']}/model", store["sample"].holdout_path, target=TARGET)
    assert case.proba is None and case.task == "binary"
    assert list(case.X.columns) == list(store["estimator"].feature_names_in_)  # named by the signature
    assert any("pyfunc" in n and "no probabilities" in n for n in case.notes)
    assert (case.predicted.to_numpy() == store["estimator"].predict(case.X)).all()


@pytest.mark.parametrize("uri", ["models:/credit/9", "models:/nobody@champion", "runs:/0123abc/model",
                                 "models:/credit@retired"])
def test_a_uri_that_does_not_exist_is_named(store, uri):
    with pytest.raises(explainers.ModelError, match="cannot be opened") as err:
        load(uri, store["sample"].holdout_path)
    assert uri in str(err.value) and "MLFLOW_TRACKING_URI" in str(err.value)


def test_signature_types_are_checked_against_the_data(store):
    frame = pd.read_csv(store["sample"].holdout_path)
    frame["duration_months"] = "long"
    with pytest.raises(explainers.DataError, match=r"'duration_months' holds text such as 'long'.*signature says long"):
        load("models:/credit/1", frame, target=TARGET)


def test_browser_uploads_never_open_a_uri(store):
    with pytest.raises(explainers.ModelError, match="operator"):
        load("models:/credit/1", store["sample"].holdout_path, allow_pickle=False)


def test_without_mlflow_a_uri_names_the_package(monkeypatch, german):
    monkeypatch.setitem(sys.modules, "mlflow", None)
    with pytest.raises(explainers.ModelError, match="'mlflow'.*pip install mlflow"):
        load("models:/credit/1", german.holdout_path)
    assert is_mlflow_uri("runs:/abc/model") and not is_mlflow_uri("model.joblib")


def test_report_is_logged_to_the_run(store, tmp_path, capsys):
    out = tmp_path / "report.html"
    code = main(["report", "--model", "models:/credit@champion", "--data", str(store["sample"].holdout_path),
                 "--target", TARGET, "--out", str(out), "--mlflow-run", store["run"]])
    assert code == 0, capsys.readouterr().err
    client = store["client"]
    logged = [a.path for a in client.list_artifacts(store["run"], "trustboard")]
    assert "trustboard/report.html" in logged
    tags = client.get_run(store["run"]).data.tags
    assert len(tags["trustboard.report_sha256.html"]) == 64
    if "trustboard-signature" in out.read_text(encoding="utf-8"):
        assert len(tags["trustboard.content_sha256"]) == 64


def test_gate_verdict_is_logged_to_the_run(store, tmp_path, capsys):
    policy = tmp_path / "policy.yaml"
    policy.write_text("checks:\n  - {check: metric, metric: roc_auc, min: 0.6}\n"
                      "  - {check: metric, metric: accuracy, min: 0.99, severity: warn}\n", encoding="utf-8")
    with mlflow.start_run(experiment_id=store["client"].get_run(store["run"]).info.experiment_id) as run:
        pass
    code = main(["gate", "--model", "models:/credit/1", "--data", str(store["sample"].holdout_path), "--target",
                 TARGET, "--policy", str(policy), "--rounds", "200", "--mlflow-run", run.info.run_id])
    assert code == 0, capsys.readouterr().err
    client = store["client"]
    data = client.get_run(run.info.run_id).data
    assert data.metrics["trustboard.passed"] == 1.0
    values = {k: v for k, v in data.metrics.items()
              if k.startswith("trustboard.check_") and not k.endswith((".low", ".high"))}
    assert len(values) == 2  # one metric per check value
    assert 0.6 < next(v for k, v in values.items() if k.startswith("trustboard.check_01_")) <= 1
    assert data.tags[next(k for k in data.tags if k.startswith("trustboard.check_02"))] == "warn"
    logged = {a.path for a in client.list_artifacts(run.info.run_id, "trustboard")}
    assert {"trustboard/verdict.json", "trustboard/policy.yaml"} <= logged


def test_an_unknown_run_fails_before_computing(store, tmp_path, capsys):
    code = main(["report", "--model", "models:/credit/1", "--data", str(store["sample"].holdout_path),
                 "--out", str(tmp_path / "r.html"), "--mlflow-run", "no-such-run"])
    assert code == 2
    assert "no-such-run" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_the_dashboard_takes_a_uri_from_the_operator():
    from dashboard.settings import read_settings

    settings = read_settings(["--model", "models:/credit@champion", "--data", "d.csv"], environ={})
    assert str(settings.model) == "models:/credit@champion"
    env = read_settings([], environ={"TRUSTBOARD_MODEL": "runs:/abc/model"})
    assert str(env.model) == "runs:/abc/model"


def test_python_api_logs_a_json_report_and_a_verdict_document(store, tmp_path):
    from explainers.report.mlflow_log import log_report, log_verdict

    with mlflow.start_run(experiment_id=store["client"].get_run(store["run"]).info.experiment_id) as run:
        pass
    report = tmp_path / "report.json"
    report.write_text('{"signature": {"content_sha256": "' + "ab" * 32 + '"}}', encoding="utf-8")
    log_report(run.info.run_id, report)
    document = {"passed": False, "verdict": "Not ready", "policy_text": "checks: []\n",
                "checks": [{"number": 1, "name": "ROC AUC >= 0.9", "status": "fail", "value": 0.8, "low": 0.7,
                            "high": float("nan")}]}
    metrics = log_verdict(run.info.run_id, document)
    assert metrics == {"trustboard.passed": 0.0, "trustboard.check_01_roc_auc_0_9": 0.8,
                       "trustboard.check_01_roc_auc_0_9.low": 0.7}
    data = store["client"].get_run(run.info.run_id).data
    assert data.tags["trustboard.content_sha256"] == "ab" * 32
    assert data.tags["trustboard.check_01_roc_auc_0_9.status"] == "fail"
    logged = {a.path for a in store["client"].list_artifacts(run.info.run_id, "trustboard")}
    assert logged == {"trustboard/report.json", "trustboard/verdict.json", "trustboard/policy.yaml"}
