"""Read a fitted model from joblib/pickle or skops, auditing what the file may run.

joblib and pickle files execute code when loaded, so they are read only from paths the
operator chose; ``.skops`` files are audited with ``skops.io.get_untrusted_types`` and refused
when they hold types nobody listed as trusted.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import joblib
from sklearn.exceptions import InconsistentVersionWarning, NotFittedError
from sklearn.utils.validation import check_is_fitted

from ..core.errors import ModelError, preview
from ..core.language import _
from .mlflow_models import is_mlflow_uri, open_model

PICKLE_SUFFIXES = (".joblib", ".pkl", ".pickle")
SKOPS_SUFFIX = ".skops"


def read_model(source, name: str | None = None, trusted_types=(), allow_pickle: bool = True):
    """Return ``(model, notes)`` from a path, an MLflow URI, raw bytes (with ``name``) or a fitted model object."""
    if hasattr(source, "predict"):
        return _check_model(source, name or type(source).__name__), []
    if is_mlflow_uri(source):
        opened = open_model(source, allow_pickle=allow_pickle)
        return _check_model(opened.model, source), list(opened.notes)
    raw, name = _read_bytes(source, name)
    if not raw:
        raise ModelError(f"Model file {name} is empty. Choose a saved model (.joblib or .skops).")
    if name.lower().endswith(SKOPS_SUFFIX):
        model, notes = _load_skops(raw, name, trusted_types)
    elif not allow_pickle:
        raise ModelError(
            f"{name} is a pickle/joblib file, which runs code when opened; loading those from the browser "
            "is switched off. Save the model with skops (skops.io.dump) or ask the operator to enable "
            "pickle upload (TRUSTBOARD_ALLOW_PICKLE_UPLOAD=1)."
        )
    else:
        model, notes = _load_joblib(raw, name)
    return _check_model(model, name), notes


def _read_bytes(source, name):
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), name or "the uploaded model"
    path = Path(source)
    if not path.is_file():
        raise ModelError(f"Model file {str(path)!r} does not exist. Check the path.")
    return path.read_bytes(), name or path.name


def _load_joblib(raw: bytes, name: str):
    if _looks_like_text(raw):
        start = raw[:40].decode("utf-8", "replace").splitlines()[0]
        raise ModelError(
            f"{name} is a text file (it starts with {start!r}), not a saved model. "
            "Choose a file saved with joblib.dump or skops.io.dump; data files go in the data field."
        )
    notes = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model = joblib.load(io.BytesIO(raw))
        except ModuleNotFoundError as exc:
            raise ModelError(
                f"{name} needs the Python package {exc.name!r}, which is not installed. Install it and reload."
            ) from exc
        except Exception as exc:  # unpickling raises anything: EOFError, KeyError, UnpicklingError, ...
            raise ModelError(
                f"{name} is not a readable joblib/pickle model ({type(exc).__name__}: {exc}). "
                "Choose a file saved with joblib.dump or skops.io.dump."
            ) from exc
    for warning in caught:
        if issubclass(warning.category, InconsistentVersionWarning):
            w = warning.message
            notes.append(_(
                "{name} was saved with {estimator} from scikit-learn {saved}, but {installed} is installed; its "
                "predictions may differ. Re-save the model with the installed version, or install the version it "
                "was saved with.", name=name, estimator=w.estimator_name, saved=w.original_sklearn_version,
                installed=w.current_sklearn_version))
        else:
            notes.append(_("Loading {name} warned: {warning}", name=name, warning=warning.message))
    return model, notes


def _looks_like_text(raw: bytes) -> bool:
    """Pickles start with the PROTO opcode 0x80 and compressed joblib files with binary headers."""
    head = raw[:4096]
    if head[:1] == b"\x80" or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # only a multibyte character cut at the end
    return True


def _load_skops(raw: bytes, name: str, trusted_types):
    import skops.io as sio

    try:
        untrusted = sio.get_untrusted_types(data=raw)
    except Exception as exc:
        raise ModelError(f"{name} is not a readable .skops file ({exc}). Save the model with skops.io.dump.") from exc
    refused = [t for t in untrusted if t not in set(trusted_types)]
    if refused:
        raise ModelError(
            f"{name} contains types that are not trusted by default: {preview(refused)}. Loading them could run "
            "their code. If you trust this file, list them as trusted (dashboard: TRUSTBOARD_TRUSTED_TYPES, "
            "comma-separated; Python: trusted_types=[...])."
        )
    try:
        return sio.loads(raw, trusted=untrusted), []
    except Exception as exc:
        raise ModelError(f"{name} could not be rebuilt by skops ({type(exc).__name__}: {exc}).") from exc


def _check_model(model, name: str):
    if not callable(getattr(model, "predict", None)):
        raise ModelError(
            f"{name} holds a {type(model).__name__}, not a model: it has no predict method. "
            "Choose a fitted estimator or Pipeline."
        )
    try:
        check_is_fitted(model)
    except NotFittedError as exc:
        what = name if name == type(model).__name__ else f"{name} holds a {type(model).__name__} that"
        raise ModelError(f"{what} was never fitted. Fit it, then save it.") from exc
    except (TypeError, AttributeError):
        pass  # not a scikit-learn estimator (no get_params / __sklearn_tags__): trust its predict
    return model
