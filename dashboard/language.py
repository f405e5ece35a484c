"""The reader's language in the dashboard: chosen in the sidebar, else a link's ``lang``, else the browser's, else
English; held in session state and set at the top of every script run so every engine sentence and page string of
that run speaks it."""

from __future__ import annotations

import streamlit as st

from dashboard import keys

from explainers import language as engine

LANGUAGES, N_, _, count, current, gettext = (engine.LANGUAGES, engine.N_, engine._, engine.count, engine.current,
                                             engine.gettext)
ngettext, number, percent, set_language, use_language = (engine.ngettext, engine.number, engine.percent,
                                                         engine.set_language, engine.use_language)
pgettext = engine.pgettext

__all__ = ["LANGUAGES", "N_", "PARAM", "_", "begin", "browser", "chosen", "count", "current", "gettext", "known",
           "link_param", "ngettext", "number", "percent", "pgettext", "selector", "translated", "use_language"]

PARAM = "lang"  # the query parameter of a link that names its language


def known(text) -> str | None:
    """``text`` as a language code the dashboard speaks ("de-CH" and "de_AT" read as "de"), else None."""
    code = str(text or "").strip().replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None


def browser() -> str | None:
    """The browser's language when the dashboard speaks it: ``st.context.locale`` (navigator.language), else the
    first known language of the Accept-Language header; None when neither names one."""
    found = known(getattr(st.context, "locale", None))
    if found:
        return found
    header = (st.context.headers or {}).get("Accept-Language", "") if hasattr(st.context, "headers") else ""
    for part in str(header).split(","):
        found = known(part.split(";")[0])
        if found:
            return found
    return None


def chosen() -> str:
    """This session's language. A link's ``lang`` counts when it is new (a shared link, the view kept over
    sign-in); otherwise the one held in session state; the first time, the browser's, else English."""
    asked = st.query_params.get(PARAM)
    if asked and asked != st.session_state.get(keys.LINK_LANGUAGE):
        st.session_state[keys.LINK_LANGUAGE] = asked
        if known(asked):
            st.session_state[keys.LANGUAGE] = known(asked)
    if known(st.session_state.get(keys.LANGUAGE)) is None:
        st.session_state[keys.LANGUAGE] = browser() or "en"
    return st.session_state[keys.LANGUAGE]


def begin() -> str:
    """Called first in every script run: speak this session's language for the rest of the run; returns it."""
    lang = chosen()
    set_language(lang)
    return lang


def selector() -> None:
    """English / Deutsch / Français in the sidebar, each named in its own language; a pick reruns the page in it."""
    key = keys.widget(keys.LANGUAGE)
    st.session_state[key] = current()

    def pick():
        if st.session_state.get(key):  # clicking the chosen one again unselects it: keep the language
            st.session_state[keys.LANGUAGE] = st.session_state[key]

    st.segmented_control(_("Language"), list(LANGUAGES), format_func=LANGUAGES.get, key=key, on_change=pick,
                         label_visibility="collapsed", width="stretch")


def translated():
    """A widget's ``format_func`` that shows a marked option (kept in English as the value) in this run's language,
    whichever thread calls it later (AppTest formats values outside the script run)."""
    lang = current()

    def show(option) -> str:
        with use_language(lang):
            return gettext(option)
    return show


def link_param() -> dict[str, str]:
    """The ``lang`` parameter a link of this view carries: none for English (links stay as they were)."""
    return {} if current() == "en" else {PARAM: current()}
