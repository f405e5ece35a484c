"""The Case shared by all pages of one browser session, and how it gets there.

Sample and operator-chosen models are server files: their Cases are cached once per process
(keyed by path and modification time) and shared read-only. Uploaded files live only in the
uploading session's state. Cached computations key on ``Case.fingerprint``, a hash of the
model and data content, so one session's results can only be served to another that opened
the very same model and data.
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import streamlit as st

import explainers
from dashboard import access, keys
from dashboard.language import N_, _, gettext
from dashboard.settings import read_settings
from explainers import Case
from sample_models import build
from sample_models import catalog as sample_catalog
from sample_models.catalog import samples

_build_lock = threading.Lock()
_ready_folders: set = set()  # sample folders found complete (checked once per process and folder, then trusted)
# Measured: `python -m sample_models.build --force` in a fresh clone took 27 s of CPU time (1 min 50 s of wall
# time on a machine shared with other jobs).
FIRST_BUILD = N_("about 30 seconds, up to 2 minutes on a busy machine")  # shown through gettext


def current_case() -> Case | None:
    return st.session_state.get(keys.CASE)


def set_case(case: Case) -> None:
    """Make ``case`` the session's open case: an upload needs a role that may upload; audited."""
    uploaded = "upload" in case.source
    if uploaded:
        access.require_now(access.UPLOAD)
    previous = current_case()
    st.session_state[keys.CASE] = case
    if previous is None or previous.fingerprint != case.fingerprint:  # not a re-tagged copy of the same content
        access.record("upload" if uploaded else "open", case, data_file=case.source.get("upload"))


def ensure_samples_built() -> None:
    """Build missing sample models once per server, showing progress to whoever arrives first. Once all are
    there, later runs skip the check (it read six sidecars on every run of every session)."""
    folder = str(sample_catalog.BUILT)  # the folder, not a flag: a test (or an operator) may point elsewhere
    if folder in _ready_folders:
        return
    if not build.missing():
        _ready_folders.add(folder)
        return
    with _build_lock:
        todo = build.missing()
        if not todo:
            return
        with st.status(_("Preparing the sample models (first start only: {time}; the page opens by itself when they "
                         "are ready)...", time=gettext(FIRST_BUILD)), expanded=True) as status:
            bar = st.progress(0.0)
            for done, name in enumerate(todo):
                status.write(_("Training {name} on real data...", name=name.replace("_", " ")))
                build.build(name)
                bar.progress((done + 1) / len(todo))
            status.update(label=_("Sample models ready"), state="complete", expanded=False)


def load_sample(name: str) -> Case:
    sample = samples()[name]
    return _load_files(str(sample.model_path), str(sample.holdout_path), None)


def load_server_files(model: str, data: str, target: str | None, trusted_types: tuple = ()) -> Case:
    """Load operator-chosen files, cached per process by path and modification time.

    Every role may open the files the operator started the server with (--model, --data) and the samples;
    any other server file or MLflow URI needs a role that may open server files (``access.Refused``).
    """
    if not _opened_by_operator(model, data):
        access.require_now(access.OPEN_SERVER_FILES)
    return _load_files(model, data, target, trusted_types)


def _opened_by_operator(model: str, data: str) -> bool:
    """True for a sample's files or the --model / --data the operator gave."""
    given = read_settings()
    chosen = {(str(s.model_path), str(s.holdout_path)) for s in samples().values()}
    if given.model and given.data:
        chosen.add((str(given.model), str(given.data)))
    return (str(model), str(data)) in chosen


def _load_files(model: str, data: str, target: str | None, trusted_types: tuple = ()) -> Case:
    stamps = tuple(Path(p).stat().st_mtime_ns if Path(p).exists() else 0 for p in (model, data))
    return _load_cached(model, data, target, tuple(trusted_types), stamps)


@st.cache_resource(show_spinner="Loading the model and data...", max_entries=16)
def _load_cached(model, data, target, trusted_types, stamps) -> Case:  # stamps: part of the cache key
    case = explainers.load(model, data, target=target or None, trusted_types=trusted_types)
    settle_memory()
    return case


def settle_memory() -> None:
    """Collect garbage once, then keep every object alive now (the libraries, the engine, the cases loaded so far)
    out of later collections (``gc.freeze``); called after each server file is loaded.

    Streamlit collects all generations after every script run of every session (``runner.postScriptGC``). With
    the ~200,000 objects the imported libraries hold, each collection took 0.35-0.6 s with the GIL held (py-spy:
    ``ScriptRunner._on_script_finished``, the largest single leaf under ten new sessions), so each session's run
    stalled every other. Frozen objects are still freed when their last reference goes."""
    gc.collect()
    gc.freeze()
