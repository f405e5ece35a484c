"""Pick one row of the case: by row number, by filtering on column values, or by a shortcut."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import keys
from dashboard.text import md
from explainers import Case
from explainers.overview.rows import pick, shortcuts

BY_NUMBER, BY_FILTER, BY_SHORTCUT = "Row number", "Filter on values", "Shortcut"


def pick_row(case: Case, key: str = "row"):
    """Draw the picker and return the chosen row's index label."""
    ways = [BY_NUMBER, BY_FILTER] + ([BY_SHORTCUT] if shortcuts(case) else [])
    way = st.radio("Choose a row by", ways, horizontal=True, key=keys.row_way(key))
    if way == BY_NUMBER:
        position = st.number_input(f"Row number (0 to {len(case.X) - 1:,})", 0, len(case.X) - 1, 0, key=keys.row_position(key))
        return case.X.index[int(position)]
    if way == BY_FILTER:
        return _by_filter(case, key)
    options = shortcuts(case)
    chosen = st.selectbox("Shortcut", list(options), format_func=options.get, key=f"{key}_shortcut")
    candidates = pick(case, chosen)
    if not candidates:
        st.info("No row fits this shortcut (for example, the model made no mistake).")
        st.stop()
    return st.selectbox("Row", candidates, format_func=lambda r: _row_label(case, r), key=f"{key}_cand_{chosen}")


def _by_filter(case: Case, key: str):
    column = st.selectbox("Column", list(case.X.columns), key=f"{key}_fcol")
    series = case.X[column]
    if case.feature_kinds[column] == "categorical":
        value = st.selectbox("equals", sorted(series.dropna().unique().tolist(), key=str), key=f"{key}_fval_{column}")
        matches = series[series == value].index
    else:
        low, high = float(series.min()), float(series.max())
        if low == high:
            matches = series.index
        else:
            chosen = st.slider("between", low, high, (low, high), key=f"{key}_frange_{column}")
            matches = series[(series >= chosen[0]) & (series <= chosen[1])].index
    if len(matches) == 0:
        st.info("No row matches this filter.")
        st.stop()
    st.caption(f"{len(matches):,} rows match; the first 500 are listed.")
    return st.selectbox("Row", list(matches[:500]), format_func=lambda r: _row_label(case, r), key=f"{key}_fpick")


def _row_label(case: Case, label) -> str:
    position = case.X.index.get_loc(label)
    text = f"row {position}: predicted {case.predicted.iloc[position]}"
    if case.proba is not None:
        text += f" ({case.proba.iloc[position].max():.0%})"
    if case.labelled:
        text += f", actual {case.y.iloc[position]}"
    return text


def row_table(case: Case, label) -> pd.DataFrame:
    """The row's input values as a two-column table (for display)."""
    return pd.DataFrame({"column": case.X.columns, "value": [str(v) for v in case.X.loc[label]]})


def describe_row(case: Case, label) -> str:
    return md(_row_label(case, label))
