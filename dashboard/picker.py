"""Sidebar widget that chooses the session's Case: a sample, a server file, or an upload."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import streamlit as st

import explainers
from dashboard import access, cached, choices, keys
from dashboard.language import N_, _, gettext, ngettext, translated
from dashboard.sample_words import ours, ours_later
from dashboard.settings import Settings, server_files
from dashboard.state import current_case, load_sample, load_server_files, set_case
from dashboard.text import md
from sample_models.catalog import DEFAULT, samples

SAMPLE, SERVER, UPLOAD = N_("Sample model"), N_("Model on this server"), N_("Upload files")  # kept in English, shown translated
TASKS = {"binary": N_("binary"), "multiclass": N_("multiclass"), "regression": N_("regression")}
MODEL_SUFFIXES = (".joblib", ".pkl", ".pickle", ".skops")
DATA_SUFFIXES = (".csv", ".parquet")


def sources_for(person: access.Person, settings: Settings) -> list[str]:
    """Where this person may open a case from: the samples always; the server's files when the operator gave some
    (only --model / --data unless the role may open --model-dir); uploads for a role that may upload."""
    settings = access.settings_for(person, settings)
    return ([SAMPLE] + ([SERVER] if settings.model or settings.model_dir else [])
            + ([UPLOAD] if access.may(person, access.UPLOAD) else []))


def choose_case(settings: Settings, sources: list[str]) -> None:
    """Draw the picker in the sidebar, offering only ``sources`` (see :func:`sources_for`; ``settings`` as the
    role may use them, ``access.settings_for``), and keep ``st.session_state.case`` up to date."""
    cached.note_page_run()  # every page run passes here: background preparation waits for a quiet moment
    if current_case() is None:
        _open_initial(settings)
    with st.sidebar:
        st.header(_("Model and data"))
        source = choices.kept(st.radio, _("Open"), keys.SOURCE, sources[0], sources, format_func=translated())
        if source == SERVER:
            _server_picker(settings)
        elif source == UPLOAD:
            _upload_picker(settings)
        else:
            _sample_picker()
        case = current_case()
        if case is not None:
            st.caption(ngettext("Open now: **{name}** ({task}, {n} row)", "Open now: **{name}** ({task}, {n} rows)",
                                len(case.X), name=md(ours(case.name)), task=gettext(TASKS.get(case.task, case.task))))


def _open_initial(settings: Settings) -> None:
    if settings.model and settings.data:
        if _try(lambda: load_server_files(str(settings.model), str(settings.data), settings.target, settings.trusted_types)):
            st.session_state[keys.remembered(keys.SOURCE)] = SERVER
            return
    _try(lambda: load_sample(DEFAULT))


def _sample_picker() -> None:
    catalogue = samples()
    names = list(catalogue)
    show = ours_later()  # the titles in the reader's language
    name = choices.kept(st.selectbox, _("Sample model"), "sample_name", DEFAULT, names,
                        format_func=lambda n: show(catalogue[n].title))
    case = current_case()
    if case is None or case.source.get("sample") != name:
        _try(lambda: _tag(load_sample(name), sample=name))


def listed_name(path) -> str:
    """How the server picker lists a file (its name) or an MLflow URI (as given): what a link names it by."""
    text = str(path)
    return text if text.startswith(("models:/", "runs:/")) or "://" in text else Path(text).name


def _server_lists(settings: Settings) -> tuple[list, list]:
    """The model and data files on offer: the operator's --model / --data first, then --model-dir's files."""
    models = server_files(settings.model_dir, MODEL_SUFFIXES) or []
    datas = server_files(settings.model_dir, DATA_SUFFIXES) or []
    if settings.model:
        models = [settings.model, *[m for m in models if m != settings.model]]
    if settings.data:
        datas = [settings.data, *[d for d in datas if d != settings.data]]
    return models, datas


def open_linked(settings: Settings, sources: list[str], *, sample=None, model=None, data=None, target=None,
                upload=None) -> list[str]:
    """Open what a link names, as the picker would (a sample by its catalogue key, a server model and data by their
    listed names); return plain notes on what could not be opened (the picker then opens its usual case)."""
    if upload:
        how = (_("open it again in the sidebar (Open: {upload})", upload=gettext(UPLOAD)) if UPLOAD in sources
               else _("ask someone who may upload"))
        return [_("This link was made from an uploaded file ({file}). Links never reopen uploads: {how}. The link's "
                  "choices (threshold, row, group) were not applied.", file=upload, how=how)]
    if sample:
        if sample not in samples():
            return [_("The link names a sample “{sample}” that does not exist (samples: {samples}).", sample=sample,
                      samples=", ".join(samples()))]
        st.session_state[keys.remembered(keys.SOURCE)] = SAMPLE
        st.session_state[keys.remembered("sample_name")] = sample
        opened = _try(lambda: _tag(load_sample(sample), sample=sample))
        return [] if opened else [_("The sample “{sample}” could not be opened.", sample=sample)]
    if model:
        return _open_listed(settings, sources, model, data, target)
    return []


def _open_listed(settings: Settings, sources: list[str], model: str, data: str | None, target: str | None) -> list[str]:
    if SERVER not in sources:
        return [_("The link names a model on this server ({model}), which this session may not open.", model=model)]
    models, datas = _server_lists(settings)
    model_path = next((m for m in models if listed_name(m) == model), None)
    data_path = next((d for d in datas if listed_name(d) == data), None) if data else next(iter(datas), None)
    if model_path is None or data_path is None:
        if model_path is None:
            return [_("The link names a model “{model}” that this server does not list.", model=model)]
        return [_("The link names a data file “{data}” that this server does not list.", data=data)]
    if not _try(lambda: load_server_files(str(model_path), str(data_path), target, settings.trusted_types)):
        return [_("The model “{model}” with “{data}” could not be opened.", model=model, data=listed_name(data_path))]
    st.session_state[keys.remembered(keys.SOURCE)] = SERVER
    return []


def _server_picker(settings: Settings) -> None:
    models, datas = _server_lists(settings)
    if not models or not datas:
        st.info(_("The folder chosen by the operator holds no model and data files (.joblib, .skops; .csv, .parquet)."))
        return
    with st.form("server_files"):
        model = st.selectbox(_("Model file"), models, format_func=listed_name)
        data = st.selectbox(_("Data file"), datas, format_func=listed_name)
        target = st.text_input(_("Label column (optional)"), value=settings.target or "")
        if st.form_submit_button(_("Open")):
            _try(lambda: load_server_files(str(model), str(data), target or None, settings.trusted_types))


def _upload_picker(settings: Settings) -> None:
    kinds = ["skops"] + (["joblib", "pkl", "pickle"] if settings.allow_pickle_upload else [])
    if settings.allow_pickle_upload:
        st.warning(_("Pickle/joblib upload is on: such a file runs code on this server when opened. Only open files "
                     "from people you trust."))
    with st.form("upload"):
        model_file = st.file_uploader(_("Model ({kinds}); empty keeps the current model",
                                        kinds=", ".join("." + k for k in kinds)), type=kinds)
        data_file = st.file_uploader(_("Data (.csv, .parquet)"), type=["csv", "parquet"])
        target = st.text_input(_("Label column (optional)"))
        if st.form_submit_button(_("Open")):
            if data_file is None:
                st.error(_("Choose a data file (CSV or Parquet) to open."))
            else:
                _try(lambda: _load_upload(model_file, data_file, target or None, settings))


def _load_upload(model_file, data_file, target, settings: Settings) -> explainers.Case:
    data_file.seek(0)
    current = current_case()
    if model_file is not None:
        model, name, metadata = model_file.getvalue(), model_file.name, None
    elif current is not None:
        model, name, metadata = current.model, current.name, current.metadata
    else:
        raise explainers.InputError("Choose a model file to open with this data.")
    allow_pickle = access.settings_for(access.current(), settings).allow_pickle_upload  # the role's, whoever calls
    case = explainers.load(model, data_file, target=target, metadata=metadata, name=name,
                           trusted_types=settings.trusted_types, allow_pickle=allow_pickle)
    kept = {}
    if model_file is None:  # the current model: keep where it came from, and which sample trained it
        kept = {"model": current.source.get("model"),
                "trained_on": current.source.get("sample") or current.source.get("trained_on")}
    return _tag(case, upload=data_file.name, **kept)


def _tag(case: explainers.Case, **source) -> explainers.Case:
    """A copy of the (possibly shared, cached) case with where it came from added."""
    return dataclasses.replace(case, source={**case.source, **source})


def _try(open_case) -> bool:
    """Open a case; on bad input show the message and keep the previous case."""
    try:
        case = open_case()
    except explainers.InputError as err:
        st.sidebar.error(md(err))
        return False
    set_case(case)
    return True
