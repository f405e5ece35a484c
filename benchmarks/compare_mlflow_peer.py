"""MLflow's champion/challenger validation on the same pairs as benchmarks/compare.py (run in MLflow's own venv).

    /work/peers/mlflow-venv/bin/python benchmarks/compare_mlflow_peer.py PAIRS.json

PAIRS.json: a list of {"name", "data", "target", "pos_label", "champion", "challenger"} (paths). Each model
is logged with mlflow.sklearn into a temporary file store, evaluated by ``mlflow.evaluate(model_type=
"classifier")`` on the data, and the challenger (candidate) is validated against the champion (baseline) by
``mlflow.validate_evaluation_results`` with "must beat the baseline" thresholds, one metric at a time
(MLflow judges point estimates). Prints one JSON line: the version, the API and per pair and metric the
two point estimates and MLflow's verdict.
"""

from __future__ import annotations

import json
import sys
import tempfile
import warnings

import joblib
import mlflow
import pandas as pd
from mlflow.models import MetricThreshold
from mlflow.models.evaluation.validation import ModelValidationFailedException

METRICS = {"roc_auc": ("roc_auc", True), "accuracy": ("accuracy_score", True), "log_loss": ("log_loss", False)}
BEAT = 1e-9  # "better than the baseline": any improvement of the point estimate


def evaluate(model, data: pd.DataFrame, target: str, pos_label):
    with mlflow.start_run():
        info = mlflow.sklearn.log_model(model, name="model", serialization_format="cloudpickle")  # our own files
        return mlflow.evaluate(info.model_uri, data, targets=target, model_type="classifier",
                               evaluator_config={"pos_label": pos_label, "log_model_explainability": False})


def verdicts(pair: dict) -> dict:
    data = pd.read_csv(pair["data"])
    baseline = evaluate(joblib.load(pair["champion"]), data, pair["target"], pair["pos_label"])
    candidate = evaluate(joblib.load(pair["challenger"]), data, pair["target"], pair["pos_label"])
    out = {}
    for ours, (theirs, higher) in METRICS.items():
        threshold = {theirs: MetricThreshold(min_absolute_change=BEAT, greater_is_better=higher)}
        try:
            mlflow.validate_evaluation_results(threshold, candidate, baseline)
            verdict = "passes: challenger better"
        except ModelValidationFailedException:  # the candidate did not beat the baseline
            verdict = "fails: challenger not better"
        out[ours] = {"champion": baseline.metrics.get(theirs), "challenger": candidate.metrics.get(theirs),
                     "verdict": verdict}
    return out


def main() -> None:
    warnings.simplefilter("ignore")
    with open(sys.argv[1], encoding="utf-8") as handle:
        pairs = json.load(handle)
    with tempfile.TemporaryDirectory() as store:
        mlflow.set_tracking_uri(f"sqlite:///{store}/mlflow.db")
        mlflow.set_experiment("trustboard-compare-peer")
        result = {p["name"]: verdicts(p) for p in pairs}
    print(json.dumps({"version": mlflow.__version__,
                      "api": "mlflow.evaluate(model_type='classifier') then mlflow.validate_evaluation_results("
                             "{metric: MetricThreshold(min_absolute_change=1e-9, greater_is_better=...)}, candidate, "
                             "baseline)", "pairs": result}))


if __name__ == "__main__":
    main()
