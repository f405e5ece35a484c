"""``python -m explainers monitor`` exit codes: 0 no rollback confirmed, 1 one confirmed (or provisional with
--fail-on provisional), 2 bad input."""

from __future__ import annotations

import json
import warnings

import joblib
import numpy as np
import pytest
from stream_helpers import model_and_reference, stream

from explainers.__main__ import main


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("monitor")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model, reference, rng = model_and_reference(seed=3, reference_rows=4_000)
    joblib.dump(model, folder / "model.joblib")
    reference.X.assign(y=reference.y).to_csv(folder / "reference.csv", index=False)
    batches = stream(rng, chunks=3, size=2_000, shift_at=99)
    batches.to_csv(folder / "labelled.csv", index=False)
    batches.assign(y=np.nan).to_csv(folder / "unlabelled.csv", index=False)
    (folder / "easy.yaml").write_text("checks:\n  - {check: metric, metric: roc_auc, min: 0.7}\n")
    (folder / "hard.yaml").write_text("checks:\n  - {check: metric, metric: roc_auc, min: 0.95}\n")
    return folder


def _run(files, data, policy, *extra):
    return main(["monitor", "--model", str(files / "model.joblib"), "--reference", str(files / "reference.csv"),
                 "--data", str(files / data), "--target", "y", "--time-column", "day", "--period", "D",
                 "--policy", str(files / policy), *extra])


def test_exit_0_when_no_rollback_is_breached(files, capsys):
    assert _run(files, "labelled.csv", "easy.yaml", "--json", str(files / "out.json")) == 0
    document = json.loads((files / "out.json").read_text())
    assert {"periods", "drift", "attribution_drift", "alerts"} <= set(document)
    assert "No rollback criterion is breached" in capsys.readouterr().out


def test_exit_1_when_labels_confirm_a_breach(files, capsys):
    assert _run(files, "labelled.csv", "hard.yaml", "--junit", str(files / "out.xml")) == 1
    assert 'failures="3"' in (files / "out.xml").read_text()
    assert "confirmed by labels" in capsys.readouterr().out


def test_a_breach_on_estimates_is_provisional(files):
    assert _run(files, "unlabelled.csv", "hard.yaml") == 0
    assert _run(files, "unlabelled.csv", "hard.yaml", "--fail-on", "provisional") == 1


def test_exit_2_for_bad_input(files, capsys):
    assert _run(files, "labelled.csv", "easy.yaml", "--chunk-size", "500") == 2  # two ways to cut at once
    assert "exactly one of" in capsys.readouterr().err
    assert main(["monitor", "--model", str(files / "model.joblib"), "--reference", str(files / "reference.csv"),
                 "--data", str(files / "labelled.csv"), "--target", "y", "--time-column", "when",
                 "--period", "D"]) == 2


def test_mlflow_run_gets_the_json_the_alert_counts_and_the_rollback_status(files, tmp_path, monkeypatch, capsys):
    from mlflow.tracking import MlflowClient

    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{tmp_path / 'mlflow.db'}")
    client = MlflowClient()
    experiment = client.create_experiment("monitor", artifact_location=(tmp_path / "artifacts").as_uri())
    run_id = client.create_run(experiment).info.run_id
    assert _run(files, "labelled.csv", "hard.yaml", "--mlflow-run", run_id) == 1
    data = client.get_run(run_id).data
    assert data.tags["trustboard.monitor.rollback"] == "confirmed"
    assert data.metrics["trustboard.monitor.alerts.rollback"] >= 1
    assert [a.path for a in client.list_artifacts(run_id, "trustboard")] == ["trustboard/monitor.json"]
    assert _run(files, "labelled.csv", "hard.yaml", "--mlflow-run", "no-such-run") == 2  # checked before computing
    assert "no-such-run" in capsys.readouterr().err
