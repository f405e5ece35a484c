"""Why (global): which columns drive the model's output, how, and with which partner."""
# nav: 20 | Why: what drives it | :material/insights:

import re

import streamlit as st

import explainers
from dashboard import cached, keys
from dashboard.language import N_, _, count, translated
from dashboard.layout import page_setup, require_case
from dashboard.sample_words import descriptions, ours
from dashboard.text import md
from explainers.why import NO_PROBABILITY, exact_method, figures, importance, strongest_interaction, words

FIRST_ROWS_SLOW = 40
AXIS_TARGET = r" (?:to the|zur|zum|à la|au) (.*?)( \([^()]*\))?$"  # " to the probability of bad (points)"
UNITS = {"probability": N_("chance"), "log-odds": N_("log-odds")}  # shown in the reader's language

page_setup("Why: what drives it")  # the menu label: its German and French are in the catalogs
case = require_case()
st.title(_("Why: what drives the model's output"))

controls = st.columns(3)
target_class, units = None, "probability"
if case.task == "multiclass":
    target_class = controls[0].selectbox(_("Explain the chance of") if case.proba is not None
                                         else _("Explain the decision score of"), list(case.classes))
elif case.is_classifier:
    controls[0].markdown(_("Explaining the **chance of {outcome}**.", outcome=md(case.positive_class))
                         if case.proba is not None else
                         _("Explaining the **decision score of {outcome}**.", outcome=md(case.positive_class)))
if case.is_classifier and case.proba is not None:
    show = translated()  # in this run's language, whenever it is called
    units = controls[1].radio(_("Units"), ["probability", "log-odds"], horizontal=True,
                              format_func=lambda u: show(UNITS[u]),
                              help=_("Chance: contributions in percentage points that add up to the model's stated "
                                     "chance. Log-odds: the model's raw score, exact for boosted and linear models."))
elif case.is_classifier:
    controls[1].caption(md(NO_PROBABILITY))

fast = exact_method(case, units, target_class) is not None
reason = words.slow_units_reason(case, units, target_class)
if reason:
    controls[1].caption(md(_("{reason} A sample of {rows} rows is used.", reason=reason, rows=count(FIRST_ROWS_SLOW))))
first_rows = cached.why_first_rows(case) if fast else FIRST_ROWS_SLOW
small_sample = first_rows < cached.WHY_FIRST_ROWS  # a deep forest (or the permutation path)
all_key = f"{keys.WHY_ALL_ROWS}_{case.fingerprint}"
use_all = st.session_state.get(all_key, False) or len(case.X) <= first_rows
rows = None if use_all else cached.compute(cached.sample_rows, case, count=first_rows)
with st.spinner(_("Computing attributions...")):
    att = cached.compute(explainers.attributions, case, rows=rows, target_class=target_class, units=units)

st.caption(md(words.sample_note(att, len(case.X), usual=cached.WHY_FIRST_ROWS if fast else None)))
with st.expander(_("How this was computed")):
    st.caption(md(words.method_note(att)))
use_all_label = (_("Use all {rows} rows (slow for this model)", rows=count(len(case.X))) if small_sample
                 else _("Use all {rows} rows", rows=count(len(case.X))))
if not use_all and st.button(use_all_label):
    st.session_state[all_key] = True
    st.rerun()

def half_width(fig):
    """The figure with titles short enough for half of an 800 px page (about 380 px): the axis says "(points)"
    without "to the probability of bad" (said above the charts; log-odds: "(log-odds of bad)"), the title leaves
    the colour key to the caption. German and French alike ("zur Wahrscheinlichkeit von bad (Prozentpunkte)",
    "à la probabilité de bad (points)"; "; Farbe: ...)", " ; couleur : ...)"): their longer words cut both off."""
    axis = fig.layout.xaxis.title.text or ""
    fig.update_xaxes(title=re.sub(AXIS_TARGET, lambda m: m.group(2) or f" ({m.group(1)})", axis))
    fig.update_layout(title_text=re.sub(r"[\s\u202f]*;[^;()]*\)$", ")", fig.layout.title.text or ""))
    return fig


imp = importance(att)
left, right = st.columns(2)
with left:
    st.plotly_chart(half_width(figures.importance_bar(imp, descriptions(case))), width="stretch")
    st.caption(md(words.importance_sentence(imp)))
with right:
    st.plotly_chart(half_width(figures.beeswarm(att, case.feature_kinds, imp=imp)), width="stretch")
    st.caption(_("Each dot is one row: right of zero pushes the output up, left pushes it down. "
                 "Red dots have high values of that column, blue dots low values; grey dots are categories."))

st.subheader(_("How one column acts"))
feature = st.selectbox(_("Column"), imp.columns, help=_("Columns are listed by importance."))
kind = case.feature_kinds[feature]
partner = strongest_interaction(att, feature) if kind != "categorical" else None
st.plotly_chart(figures.dependence(att, feature, kind, partner), width="stretch")
st.caption(md(words.dependence_note(feature, ours(case.describe(feature)), kind, partner)))
