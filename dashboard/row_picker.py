"""Pick one row of the case: by row number, by filtering on column values, or by a shortcut."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import choices, keys
from dashboard.language import N_, _, count, ngettext, translated
from dashboard.text import md
from explainers import Case
from explainers.confidence import words as confidence_words
from explainers.core import privacy
from explainers.overview import pick, shortcuts

BY_NUMBER, BY_FILTER, BY_SHORTCUT = N_("Row number"), N_("Filter on values"), N_("Shortcut")  # values stay English


def pick_row(case: Case, key: str = "row"):
    """Draw the picker and return the chosen row's index label: the session's current row (shared by One
    prediction, What flips it and How sure) until the person picks another, which then becomes current."""
    ways = [BY_NUMBER, BY_FILTER] + ([BY_SHORTCUT] if shortcuts(case) else [])
    way = choices.kept(st.radio, _("Choose a row by"), keys.row_way(key), BY_NUMBER, ways, horizontal=True,
                       format_func=translated(), on_pick=lambda: _follow(key))
    candidates = [] if way == BY_NUMBER else (_by_filter(case, key) if way == BY_FILTER else _by_shortcut(case, key))
    current = choices.row(case)
    if candidates and current not in candidates:
        if st.session_state.pop(_FOLLOW + key, False):  # the person just asked for these rows
            choices.set_row(case, candidates[0])
        else:  # the current row came from elsewhere: show it by its number
            st.session_state[keys.remembered(keys.row_way(key))] = BY_NUMBER
            st.rerun()
    if way == BY_NUMBER or not candidates:
        return _by_number(case, key)
    return _candidate(case, key, candidates)


_FOLLOW = "row_follows_"  # prefix: the filter or shortcut just changed, so the current row follows it


def _follow(key: str) -> None:
    st.session_state[_FOLLOW + key] = True


def _by_number(case: Case, key: str):
    widget = keys.row_position(key)
    st.session_state[widget] = int(case.X.index.get_loc(choices.row(case)))
    st.number_input(_("Row number ({first} to {last})", first=count(0), last=count(len(case.X) - 1)), 0, len(case.X) - 1, key=widget,
                    on_change=lambda: choices.set_row(case, case.X.index[int(st.session_state[widget])]))
    return choices.row(case)


def _candidate(case: Case, key: str, candidates: list):
    widget = f"{key}_pick"
    st.session_state[widget] = choices.row(case)
    st.selectbox(_("Row"), candidates, format_func=lambda r: _row_label(case, r), key=widget,
                 on_change=lambda: choices.set_row(case, st.session_state[widget]))
    return choices.row(case)


def _by_shortcut(case: Case, key: str) -> list:
    options = shortcuts(case)
    chosen = choices.kept(st.selectbox, _("Shortcut"), f"{key}_shortcut", next(iter(options)), list(options),
                          format_func=options.get, on_pick=lambda: _follow(key))
    candidates = pick(case, chosen)
    if not candidates:
        st.info(_("No row fits this shortcut (for example, the model made no mistake)."))
        st.stop()
    return candidates


def _by_filter(case: Case, key: str) -> list:
    columns = [c for c in case.X.columns if not privacy.is_private(c)]  # filtering would show a private value
    column = choices.kept(st.selectbox, _("Column"), f"{key}_fcol", columns[0], columns, on_pick=lambda: _follow(key))
    series = case.X[column]
    if case.feature_kinds[column] == "categorical":
        values = sorted(series.dropna().unique().tolist(), key=str)
        value = choices.kept(st.selectbox, _("equals"), f"{key}_fval_{column}", values[0], values,
                             on_pick=lambda: _follow(key))
        matches = series[series == value].index
    else:
        low, high = float(series.min()), float(series.max())
        if low == high:
            matches = series.index
        else:
            chosen = st.slider(_("between"), low, high, (low, high), key=f"{key}_frange_{column}",
                               on_change=lambda: _follow(key))
            matches = series[(series >= chosen[0]) & (series <= chosen[1])].index
    if len(matches) == 0:
        st.info(_("No row matches this filter."))
        st.stop()
    st.caption(ngettext("{n} row matches; the first {first} are listed.", "{n} rows match; the first {first} are listed.",
                        len(matches), first=count(500)))
    return list(matches[:500])


def _row_label(case: Case, label) -> str:
    """"row 9: decided bad at the threshold 0.215 (P(bad) 48%), actual good": at the person's threshold."""
    threshold = choices.threshold(case) if choices.decides_at_threshold(case) else None
    return confidence_words.row_decision(case, label, threshold)


def row_table(case: Case, label) -> pd.DataFrame:
    """The row's input values as a two-column table (for display)."""
    return pd.DataFrame({"column": case.X.columns,
                         "value": [privacy.shown(c, v) for c, v in case.X.loc[label].items()]})


def describe_row(case: Case, label) -> str:
    return md(_row_label(case, label))
