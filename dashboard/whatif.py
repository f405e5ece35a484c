"""The what-if editor: change any of a row's values within what the data has seen."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import keys
from dashboard.language import _
from dashboard.sample_words import ours
from dashboard.text import md
from explainers import Case
from explainers.core import privacy

COLUMNS_PER_LINE = 4


def whatif_editor(case: Case, label, start: pd.Series | None = None) -> pd.DataFrame:
    """Widgets for every input column of row ``label`` (or ``start`` values); returns the edited row."""
    original = case.X.loc[label] if start is None else start
    prefix = keys.whatif_prefix(case.fingerprint, label)
    if st.button(_("Reset to the original values"), key=f"{prefix}reset"):
        for key in [k for k in st.session_state if str(k).startswith(prefix)]:
            del st.session_state[key]
    values = {}
    lines = [case.X.columns[i:i + COLUMNS_PER_LINE] for i in range(0, len(case.X.columns), COLUMNS_PER_LINE)]
    for line in lines:
        for slot, column in zip(st.columns(COLUMNS_PER_LINE), line, strict=False):
            with slot:
                values[column] = _widget(case, column, original[column], prefix + column)
    edited = pd.DataFrame([values], index=[label], columns=case.X.columns)
    return edited.astype(case.X.dtypes.to_dict())


def _widget(case: Case, column: str, value, key: str):
    """One input; a value already in session state (e.g. sent from a counterfactual) wins over the row's."""
    help_text = md(ours(case.describe(column))) if case.describe(column) else None
    label = md(column)
    if privacy.is_private(column):  # shown as hidden and not editable; the row's (or a sent) value still counts
        st.text_input(label, privacy.HIDDEN, disabled=True, key=f"{key}_private", help=help_text)
        return st.session_state.get(key, value)
    preset = key in st.session_state
    if case.feature_kinds[column] == "categorical":
        options = list(case.categories.get(column) or sorted(case.X[column].dropna().unique().tolist(), key=str))
        if value not in options:
            options = [value, *options]
        index = None if preset else options.index(value)
        return st.selectbox(label, options, **({} if preset else {"index": index}), key=key, help=help_text)
    series = case.X[column]
    if case.feature_kinds[column] == "integer":
        low, high = int(series.min()), int(series.max())
        start = {} if preset else {"value": int(min(max(value, low), high))}
        return st.number_input(label, low, high, step=1, key=key, help=help_text, **start)
    low, high = float(series.min()), float(series.max())
    step = (high - low) / 100 or 1.0
    start = {} if preset else {"value": float(min(max(value, low), high))}
    return st.number_input(label, low, high, step=step, key=key, help=help_text, format="%.4g", **start)


def send_to_whatif(case: Case, label, values: pd.Series) -> None:
    """Preset the what-if editor of row ``label`` with ``values`` (then switch to the single-prediction page)."""
    prefix = keys.whatif_prefix(case.fingerprint, label)
    for column in case.X.columns:
        value = values[column]
        kind = case.feature_kinds[column]
        st.session_state[prefix + column] = int(value) if kind == "integer" else (
            float(value) if kind == "continuous" else value)
    st.session_state[keys.row_way()] = "Row number"
    st.session_state[keys.row_position()] = int(case.X.index.get_loc(label))
