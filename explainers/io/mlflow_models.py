"""Open a model from MLflow: ``models:/NAME/VERSION``, ``models:/NAME@ALIAS`` or ``runs:/RUN_ID/PATH``.

The tracking store is MLflow's own choice (``MLFLOW_TRACKING_URI``; without it MLflow uses a
local ``mlflow.db`` SQLite file, no server). The scikit-learn flavour gives back the estimator
itself; a model with only the pyfunc flavour is seen through its ``predict``
(:mod:`explainers.io.mlflow_pyfunc`). MLflow models run code when loaded, like
joblib files: they open only from URIs the operator gave, never from a browser upload.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..core.errors import ModelError
from ..core.language import _
from .mlflow_pyfunc import pyfunc_model, pyfunc_note

SCHEMES = ("models:/", "runs:/")
INSTALL = "pip install mlflow-skinny sqlalchemy alembic (or the full mlflow)"
FORMS = "models:/NAME/VERSION, models:/NAME@ALIAS or runs:/RUN_ID/PATH"
_VERSION = re.compile(r"^models:/(?P<name>[^/@]+)/(?P<version>\d+)/?$")
_ALIAS = re.compile(r"^models:/(?P<name>[^/@]+)@(?P<alias>[^/]+)/?$")
_RUN = re.compile(r"^runs:/(?P<run_id>[^/]+)/(?P<path>.+)$")


@dataclass(frozen=True)
class Opened:
    """An MLflow model as opened: the model, notes, its signature (or None) and where it came from."""

    model: object
    notes: tuple = ()
    signature: object = None
    source: dict = field(default_factory=dict)


def is_mlflow_uri(source) -> bool:
    """True for a ``models:/`` or ``runs:/`` string."""
    return isinstance(source, str) and source.startswith(SCHEMES)


def import_mlflow(purpose: str = "Opening an MLflow model"):
    """The mlflow module, or a ModelError naming the package to install."""
    try:
        import mlflow
        import mlflow.artifacts
        import mlflow.models
    except ImportError as exc:
        raise ModelError(f"{purpose} needs the Python package 'mlflow' ({INSTALL}).") from exc
    return mlflow


def open_model(uri: str, *, allow_pickle: bool = True) -> Opened:
    """Open ``uri`` from the tracking store; ModelError names the URI when it cannot be opened."""
    if not allow_pickle:
        raise ModelError(f"{uri} is an MLflow model, which runs code when opened; it opens only from the operator's "
                         "command line or environment (--model, TRUSTBOARD_MODEL), not from the browser.")
    mlflow = import_mlflow()
    where = _resolve(mlflow, uri)
    folder = Path(tempfile.mkdtemp(prefix="trustboard-mlflow-"))  # kept: a pyfunc model may read it later
    local = Path(_mlflow_call(uri, lambda: mlflow.artifacts.download_artifacts(artifact_uri=uri, dst_path=str(folder))))
    meta = _mlflow_call(uri, lambda: mlflow.models.Model.load(str(local)))
    model, notes = _load_flavour(mlflow, uri, local, meta)
    where.update(model_id=getattr(meta, "model_id", None), flavours=sorted(meta.flavors))
    where.setdefault("run_id", getattr(meta, "run_id", None))
    source = {"model": uri, "model_sha256": tree_sha256(local), "mlflow": where}
    return Opened(model=model, notes=tuple(notes), signature=meta.signature, source=source)


def _resolve(mlflow, uri: str) -> dict:
    """What the URI points at: registry name and version (an alias resolved), or run id and path."""
    client = mlflow.MlflowClient()
    if match := _VERSION.match(uri):
        found = _mlflow_call(uri, lambda: client.get_model_version(match["name"], match["version"]))
        return {"uri": uri, "name": found.name, "version": str(found.version), "run_id": found.run_id}
    if match := _ALIAS.match(uri):
        found = _mlflow_call(uri, lambda: client.get_model_version_by_alias(match["name"], match["alias"]))
        return {"uri": uri, "name": found.name, "alias": match["alias"], "version": str(found.version),
                "run_id": found.run_id}
    if match := _RUN.match(uri):
        _mlflow_call(uri, lambda: client.get_run(match["run_id"]))
        return {"uri": uri, "run_id": match["run_id"], "path": match["path"]}
    return {"uri": uri}  # another form MLflow knows (models:/m-ID, a stage): it resolves it itself


def _load_flavour(mlflow, uri: str, local: Path, meta):
    """The estimator from the sklearn flavour, else the pyfunc seen through predict; with loading notes."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if "sklearn" in meta.flavors:
            import mlflow.sklearn

            model, notes = _mlflow_call(uri, lambda: mlflow.sklearn.load_model(str(local))), []
        elif "python_function" in meta.flavors:
            import mlflow.pyfunc

            model = pyfunc_model(_mlflow_call(uri, lambda: mlflow.pyfunc.load_model(str(local))), meta.signature)
            notes = [pyfunc_note(uri, model)]
        else:
            raise ModelError(f"{uri} has the MLflow flavours {', '.join(sorted(meta.flavors))}; Trustboard opens "
                             "the sklearn or python_function flavour. Log the model with mlflow.sklearn or mlflow.pyfunc.")
    notes += [_("Loading {name} warned: {warning}", name=uri, warning=w.message) for w in caught
              if not issubclass(w.category, DeprecationWarning)]
    return model, notes


def _mlflow_call(uri: str, call):
    """Run an MLflow call; its failures become a ModelError naming the URI, the store and the fix."""
    from mlflow.exceptions import MlflowException

    try:
        return call()
    except ModuleNotFoundError as exc:
        raise ModelError(f"Opening {uri} needs the Python package {exc.name!r}, which is not installed "
                         f"({INSTALL}).") from exc
    except MlflowException as exc:
        raise ModelError(f"{uri} cannot be opened from the MLflow tracking store {tracking_store()}: {exc.message.rstrip('.')}. "
                         f"Check the name, version, alias or run id (forms: {FORMS}) and MLFLOW_TRACKING_URI.") from exc
    except OSError as exc:
        raise ModelError(f"{uri} cannot be read from the MLflow tracking store {tracking_store()} ({exc}).") from exc


def tracking_store() -> str:
    """MLflow's tracking URI with any user name or password removed."""
    import mlflow

    uri = mlflow.get_tracking_uri()
    parts = urlsplit(uri)
    if parts.username or parts.password:
        uri = parts._replace(netloc=f"***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")).geturl()
    return uri


def tree_sha256(folder: Path) -> str:
    """SHA-256 over a folder's files (relative path and bytes, in sorted order): the model's content.

    The registry's own note (``registered_model_meta``) is left out, so the same model gives the same
    hash whether opened by version, alias or run.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "registered_model_meta"):
        digest.update(str(path.relative_to(folder)).encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
