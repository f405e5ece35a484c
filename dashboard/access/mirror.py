"""Audit lines mirrored to MLflow: to the operator's run (``--audit-mlflow-run ID`` / TRUSTBOARD_AUDIT_MLFLOW_RUN)
and, for a model opened from an MLflow URI, to that model's own run, so the people who opened it are on its record.

Each line is one JSON artifact under the run's ``trustboard/audit/``, named by the time it was written (MLflow
cannot append to an artifact, and one file per line loses none to a concurrent session). It is the very record of
the audit file: who, role, action and content hashes, never a data value, so no private column's value reaches
the run. A failing store does not stop the dashboard: the server log says which run missed the line (the audit
file, when given, still has it). The trail is kept only when the operator gave --audit-log or --audit-mlflow-run.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from functools import lru_cache

from dashboard.settings import read_settings

FOLDER = "trustboard/audit"


def given_run(argv=None, environ=None) -> str | None:
    """The operator's ``--audit-mlflow-run`` (or TRUSTBOARD_AUDIT_MLFLOW_RUN), else None."""
    return read_settings(argv, environ).audit_mlflow_run


def runs_for(case, given: str | None) -> list[str]:
    """The runs a line about ``case`` goes to: the operator's, then the run the model came from (each once)."""
    own = (case.source.get("mlflow") or {}).get("run_id") if case is not None else None
    return list(dict.fromkeys(r for r in (given, own) if r))


def mirror(runs: list[str], record: dict) -> None:
    """Log the record as one JSON artifact in each run (MLflow's tracking store: MLFLOW_TRACKING_URI)."""
    if not runs:
        return
    try:
        import mlflow
        from mlflow.exceptions import MlflowException
    except ImportError:
        _warn_once("Mirroring the audit trail to MLflow needs the Python package 'mlflow' (pip install mlflow-skinny).")
        return
    client = mlflow.MlflowClient()
    text = json.dumps(record, ensure_ascii=False, default=str, indent=1)
    name = f"{FOLDER}/{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.json"  # names sort in the order written
    for run in runs:
        try:
            client.log_text(run, text, name)
        except (MlflowException, OSError) as err:
            _warn_once(f"The audit line ({record.get('action')}) could not be mirrored to MLflow run {run!r}: "
                       f"{getattr(err, 'message', err)}. Check the run id and MLFLOW_TRACKING_URI.")


@lru_cache(maxsize=64)
def _warn_once(text: str) -> None:
    print(f"WARNING: {text}", file=sys.stderr, flush=True)
