"""Log a report and a release verdict back to the MLflow run they describe.

Files go under the run's ``trustboard/`` artifacts; the verdict becomes metrics
(``trustboard.passed`` and one per check value, with its interval bounds) and tags (each check's
status, the report's content hash). The tracking store is MLflow's own (``MLFLOW_TRACKING_URI``).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
from pathlib import Path

from ..core.errors import InputError
from ..io.mlflow_models import import_mlflow, tracking_store
from .signature import read

FOLDER = "trustboard"


def check_run(run_id: str) -> None:
    """InputError unless ``run_id`` is a live run in the tracking store (checked before any computing)."""
    run = _call(run_id, lambda client: client.get_run(run_id))
    if run.info.lifecycle_stage == "deleted":
        raise InputError(f"MLflow run {run_id!r} was deleted; restore it (MlflowClient().restore_run) or name another.")


def log_report(run_id: str, *paths) -> dict:
    """Log report files (HTML, PDF, JSON) as artifacts; tag each file's SHA-256 and the signed content hash."""
    tags = {}
    for path in map(Path, paths):
        _call(run_id, lambda client, p=path: client.log_artifact(run_id, str(p), artifact_path=FOLDER))
        kind = path.suffix.lstrip(".").lower() or "file"
        tags[f"trustboard.report_sha256.{kind}"] = hashlib.sha256(path.read_bytes()).hexdigest()
        content = _content_hash(path) if kind in ("html", "json") else None
        if content:
            tags["trustboard.content_sha256"] = content
    _batch(run_id, {}, tags)
    return tags


def log_verdict(run_id: str, verdict, *, policy=None) -> dict:
    """Log the gate's verdict (a result, or its JSON document) as metrics and tags, and the JSON verdict and the
    policy (``policy``: a path; default the verdict's own policy text) as artifacts. Returns the metrics."""
    document = _document(verdict)
    metrics = {"trustboard.passed": 1.0 if document["passed"] else 0.0}
    tags = {"trustboard.verdict": str(document.get("verdict", ""))[:5000]}
    for check in document["checks"]:
        key = check_key(check)
        tags[f"{key}.status"] = str(check.get("status"))
        for part, suffix in (("value", ""), ("low", ".low"), ("high", ".high")):
            value = check.get(part)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
                metrics[key + suffix] = float(value)
    _batch(run_id, metrics, tags)
    _call(run_id, lambda client: client.log_text(run_id, json.dumps(document, indent=1, ensure_ascii=False),
                                                 f"{FOLDER}/verdict.json"))
    text = Path(policy).read_text(encoding="utf-8") if policy else _policy_text(verdict)
    if text:
        name = Path(policy).name if policy else "policy.yaml"
        _call(run_id, lambda client: client.log_text(run_id, text, f"{FOLDER}/{name}"))
    return metrics


def check_key(check: dict) -> str:
    """``trustboard.check_02_roc_auc`` for check 2 named "ROC AUC": a stable, valid MLflow metric name."""
    slug = re.sub(r"[^0-9a-z]+", "_", str(check.get("name", "")).lower()).strip("_")[:120]
    return f"trustboard.check_{int(check.get('number', 0)):02d}_{slug or 'check'}"


def _document(verdict) -> dict:
    """The verdict's JSON document (gate/export.document; the gate and the command line pass it)."""
    if not isinstance(verdict, dict):
        raise TypeError("log_verdict takes the verdict's JSON document (explainers.gate.export.document(result)).")
    return verdict


def _policy_text(verdict) -> str | None:
    if isinstance(verdict, dict):
        return verdict.get("policy_text")
    return getattr(verdict, "policy_text", None)


def _content_hash(path: Path) -> str | None:
    """The content hash in a report's signature block, when the report carries one."""
    found = read(path.read_text(encoding="utf-8", errors="replace"))
    return found.get("content_sha256") if isinstance(found, dict) else None


def log_monitoring(run_id: str, document: dict, path: Path) -> dict:
    """Log a monitoring run: its JSON file as an artifact, the alert counts and the rollback status. Returns the
    metrics logged."""
    log_report(run_id, path)
    alerts = document.get("alerts") or []
    metrics = {"trustboard.monitor.periods": float(len({p.get("period") for p in document.get("periods") or []})),
               "trustboard.monitor.alerts": float(len(alerts))}
    for kind in sorted({a.get("kind") for a in alerts}):
        metrics[f"trustboard.monitor.alerts.{kind}"] = float(sum(a.get("kind") == kind for a in alerts))
    _batch(run_id, metrics, {"trustboard.monitor.rollback": str(document.get("rollback_status"))})
    return metrics


def _batch(run_id: str, metrics: dict, tags: dict) -> None:
    from mlflow.entities import Metric, RunTag

    stamp = int(time.time() * 1000)
    _call(run_id, lambda client: client.log_batch(
        run_id, metrics=[Metric(k, v, stamp, 0) for k, v in metrics.items()],
        tags=[RunTag(k, v) for k, v in tags.items()]))


def _call(run_id: str, call):
    """Run ``call(client)``; MLflow's failures become an InputError naming the run and the store."""
    mlflow = import_mlflow("Logging to an MLflow run")
    from mlflow.exceptions import MlflowException

    try:
        return call(mlflow.MlflowClient())
    except ModuleNotFoundError as exc:
        raise InputError(f"Logging to MLflow run {run_id!r} needs the Python package {exc.name!r}; install it.") from exc
    except MlflowException as exc:
        raise InputError(f"MLflow run {run_id!r} in the tracking store {tracking_store()}: {exc.message.rstrip('.')}. "
                         "Check the run id (MlflowClient().search_runs) and MLFLOW_TRACKING_URI.") from exc
