"""The choices a person makes once and every page (and the report) uses: decision threshold,
confidence level, the group column being examined, the current row.

They are drawn in the sidebar under the open model and stored under plain session keys (Streamlit
drops widget state when a person switches page; plain keys are not dropped), kept per case content
so that switching models does not carry one model's threshold or row over to another. Each widget
gets its value from the plain key before it is drawn and copies changes back in a callback, so its
identity never changes (no reset, no lost focus while stepping a slider with the arrow keys).
"""

from __future__ import annotations

import streamlit as st

import explainers
from dashboard import cached, keys
from dashboard.language import _, current, number
from dashboard.text import md
from explainers import Case
from explainers.core import words as core_words
from explainers.failures import words as failure_words


def threshold(case: Case) -> float:
    """The session's decision threshold for this case (0.5 until someone moves it)."""
    return st.session_state.get(keys.THRESHOLD, {}).get(case.fingerprint, 0.5)


def set_threshold(case: Case, value: float) -> None:
    st.session_state.setdefault(keys.THRESHOLD, {})[case.fingerprint] = round(float(value), 3)


def level() -> float:
    """The confidence level of bands and intervals (0.9 until someone moves it)."""
    return st.session_state.get(keys.CONFIDENCE_LEVEL, 0.9)


def group(case: Case) -> str | None:
    """The column whose groups are examined (fairness, coverage): the chosen one, else the first sensitive
    one, else the first column."""
    chosen = st.session_state.get(keys.GROUP, {}).get(case.fingerprint)
    if chosen in case.X.columns:
        return chosen
    return next((c for c in case.metadata.sensitive if c in case.X.columns), next(iter(case.X.columns), None))


def set_group(case: Case, column: str) -> None:
    st.session_state.setdefault(keys.GROUP, {})[case.fingerprint] = column


def row(case: Case):
    """The current row's index label (the first row until someone picks another)."""
    position = st.session_state.get(keys.ROW, {}).get(case.fingerprint, 0)
    return case.X.index[min(int(position), len(case.X) - 1)]


def set_row(case: Case, label) -> None:
    st.session_state.setdefault(keys.ROW, {})[case.fingerprint] = int(case.X.index.get_loc(label))


def row_position(case: Case) -> int:
    """The current row's number as the row picker shows it (its position, from 0): what a link carries."""
    return int(case.X.index.get_loc(row(case)))


def set_level(value: float) -> None:
    st.session_state[keys.CONFIDENCE_LEVEL] = float(value)


def decides_at_threshold(case: Case) -> bool:
    """True for a binary classifier with probabilities: the only kind whose decision the threshold moves."""
    return case.task == "binary" and case.proba is not None


def deciding_line(case: Case) -> None:
    """On a page that shows decisions: "Deciding at 0.215 (cheapest for the stated costs)", and a reset to 0.5."""
    if not decides_at_threshold(case):
        return
    chosen = threshold(case)
    best = cached.compute(explainers.performance, case, threshold=0.5).best_threshold if case.labelled else None
    why = (_("the usual default") if abs(chosen - 0.5) < 1e-9 else _("cheapest for the stated costs")
           if best is not None and abs(chosen - best) < 1e-9 else _("chosen in the sidebar"))
    st.caption(md(_("Deciding at {threshold} ({why}): a row is flagged {outcome} when its {chance} reaches it. Every "
                    "page and the report decide at the same threshold.", threshold=failure_words.threshold_text(chosen),
                    why=why, outcome=case.positive_class, chance=core_words.chance(case.positive_class))))
    if abs(chosen - 0.5) > 1e-9:
        st.button(_("Back to {threshold}", threshold=number(0.5)), key=keys.widget(f"reset_threshold_{case.fingerprint}"),
                  on_click=set_threshold, args=(case, 0.5), type="tertiary",
                  help=_("Decide at {threshold} again, on every page.", threshold=number(0.5)))


def sidebar(case: Case) -> None:
    """Draw the shared choices in the sidebar; every change is stored at once under the plain keys."""
    with st.sidebar:
        st.subheader(_("Choices for every page"))
        if decides_at_threshold(case):
            threshold_slider(case, "sidebar")
        level_slider()
        group_select(case)


def threshold_slider(case: Case, where: str) -> float:
    """The decision threshold (a slider in ``where``: "sidebar" or a page) and, where errors have costs, a
    one-click move to the cheapest threshold."""
    key = keys.widget(f"{keys.THRESHOLD}_{where}_{case.fingerprint}")
    st.session_state[key] = threshold(case)
    label = _("Decision threshold: flag {outcome} from", outcome=md(case.positive_class))
    explained = _("Rows whose probability reaches this value are flagged; every page and the report decide at it.")
    if current() == "en":
        st.slider(label, 0.0, 1.0, step=0.005, format="%.3f", key=key,
                  on_change=lambda: set_threshold(case, st.session_state[key]), help=explained)
    else:  # a slider's format is printf ("0.500"): the same steps and values, each written the local way ("0,500")
        st.select_slider(label, threshold_steps(threshold(case)), format_func=lambda v: explainers.language.decimal(v, 3),
                         key=key, on_change=lambda: set_threshold(case, st.session_state[key]), help=explained)
    if case.labelled:
        best = cached.compute(explainers.performance, case, threshold=0.5).best_threshold
        if best is not None and abs(best - threshold(case)) > 1e-9:
            st.button(_("Use the cheapest threshold ({threshold})", threshold=failure_words.threshold_text(best)),
                      key=f"{key}_cheapest", on_click=set_threshold, args=(case, best),
                      help=_("The threshold with the lowest total cost of errors on these rows."))
    return threshold(case)


def threshold_steps(chosen: float) -> list[float]:
    """The threshold slider's values: 0 to 1 in steps of 0.005, and the chosen threshold where it falls between
    (a cheapest threshold such as 0.217)."""
    return sorted({round(i * 0.005, 3) for i in range(201)} | {float(chosen)})


def level_slider() -> float:
    """The confidence level in percent (80 to 99)."""
    key = keys.widget(keys.CONFIDENCE_LEVEL)
    st.session_state[key] = round(level() * 100)
    st.slider(_("Confidence level (%)"), 80, 99, key=key,
              on_change=lambda: st.session_state.__setitem__(keys.CONFIDENCE_LEVEL, st.session_state[key] / 100),
              help=_("How sure the bands and intervals on every page (and in the report) must be."))
    return level()


def group_select(case: Case) -> str | None:
    """The column whose groups Where it fails (fairness) and How sure (coverage) examine."""
    columns = list(dict.fromkeys([*[c for c in case.metadata.sensitive if c in case.X.columns], *case.X.columns]))
    if not columns:
        return None
    key = keys.widget(f"{keys.GROUP}_{case.fingerprint}")
    st.session_state[key] = group(case)
    st.selectbox(_("Groups to compare (fairness, coverage)"), columns, key=key,
                 on_change=lambda: set_group(case, st.session_state[key]),
                 help=_("Sensitive columns named in the sidecar come first."))
    return group(case)


def kept(widget, label, key: str, default, options=None, on_pick=None, **kwargs):
    """A keyed widget whose value survives page switches: restored from a plain key before it is drawn and
    copied back there on change (the pattern Streamlit documents for multipage apps); ``on_pick`` runs after."""
    memory = keys.remembered(key)
    stored = st.session_state.get(memory, default)
    if options is not None:
        stored = stored if stored in options else (default if default in options else options[0])
    st.session_state[key] = stored

    def remember():
        st.session_state[memory] = st.session_state[key]
        if on_pick is not None:
            on_pick()

    positional = () if options is None else (options,)
    return widget(label, *positional, key=key, on_change=remember, **kwargs)
