"""What a role may open in the sidebar: the settings it sees, and the picker without uploads for a viewer.

The operator's files (--model / --data) and the samples are open to every role; --model-dir, MLflow URIs
beyond the operator's own and pickle uploads to the operator; uploads to analysts and operators.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from dashboard import choices, keys, picker
from dashboard.access.roles import OPEN_SERVER_FILES, UPLOAD, UPLOAD_PICKLE, Person, may
from dashboard.settings import Settings
from dashboard.state import current_case
from dashboard.text import md


def settings_for(person: Person, settings: Settings) -> Settings:
    """The operator's settings with what this role may not use taken out."""
    return dataclasses.replace(
        settings,
        model_dir=settings.model_dir if may(person, OPEN_SERVER_FILES) else None,
        allow_pickle_upload=settings.allow_pickle_upload and may(person, UPLOAD_PICKLE))


def choose_case_for(person: Person, settings: Settings) -> None:
    """The sidebar picker: the whole picker for a role that may upload, else samples and the operator's files.

    (dashboard.picker.choose_case always offers uploads; when it takes the sources a role allows, this goes.)
    """
    settings = settings_for(person, settings)
    if may(person, UPLOAD):
        picker.choose_case(settings)
        return
    if current_case() is None:
        picker._open_initial(settings)
    sources = [picker.SAMPLE] + ([picker.SERVER] if settings.model else [])
    with st.sidebar:
        st.header("Model and data")
        source = choices.kept(st.radio, "Open", keys.SOURCE, sources[0], sources)
        if source == picker.SERVER:
            picker._server_picker(settings)
        else:
            picker._sample_picker()
        case = current_case()
        if case is not None:
            st.caption(f"Open now: **{md(case.name)}** ({case.task}, {len(case.X):,} rows)")
