"""Predictions: every row with the model's output and, when labelled, whether it was right."""
# nav: 10 | Predictions | :material/table_rows:

import streamlit as st

from dashboard import access, choices, tables
from dashboard.language import N_, _, count, translated
from dashboard.layout import page_setup, require_case
from dashboard.sample_words import ours
from dashboard.text import md
from explainers.core import words as core_words
from explainers.failures import decide
from explainers.overview import prediction_table

SHOW = [N_("All rows"), N_("Only wrong predictions"), N_("Only right predictions")]  # translated where shown
SHOWN_ROWS = 50_000  # more rows are slow to send to a browser and to draw; the download has every row

page_setup("Predictions")
case = require_case()

st.title(_("Predictions"))
st.caption(_("{name}: the model's output for each of the {rows} rows, next to the actual outcome.",
             name=md(ours(case.name)), rows=count(len(case.X))))

table = prediction_table(case)
if choices.decides_at_threshold(case):
    threshold = choices.threshold(case)
    table["prediction"] = decide(case, threshold)
    if case.labelled:
        table["correct"] = table["prediction"] == table["actual"]
choices.deciding_line(case)
shown = table
left, right = st.columns(2)
if case.labelled and case.is_classifier:
    outcome = left.radio(_("Show"), SHOW, horizontal=True, format_func=translated())
    if outcome != SHOW[0]:
        shown = shown[shown["correct"] == (outcome == SHOW[2])]
if case.is_classifier:
    classes = right.multiselect(_("Predicted class"), list(case.classes), default=list(case.classes))
    shown = shown[shown["prediction"].isin(classes)]
elif case.labelled:
    worst = right.checkbox(_("Largest errors first"))
    if worst:
        shown = shown.reindex(shown["error"].abs().sort_values(ascending=False).index)

st.markdown(_("**{shown}** of {rows} rows shown.", shown=count(len(shown)), rows=count(len(table))))
if len(shown) > SHOWN_ROWS:
    st.caption(_("The table holds the first {first} of them; the download has all {rows}.", first=count(SHOWN_ROWS),
                 rows=count(len(shown))))
config = {"prediction": st.column_config.Column(_("Prediction"), pinned=True),
          "actual": st.column_config.Column(_("actual"))}  # the outcome column's header in the reader's language
if "score" in table:
    config["score"] = st.column_config.ProgressColumn(
        core_words.chance(case.positive_class), format="percent", min_value=0.0, max_value=1.0,
        help=md(_("The model's stated {chance}.", chance=core_words.chance(case.positive_class))),  # a help tooltip is Markdown
    )
if "correct" in table:
    config["correct"] = st.column_config.CheckboxColumn(_("Right?"))
if "error" in table:
    config["error"] = st.column_config.NumberColumn(_("Error"),
                                                     help=_("Prediction minus actual, in the target's units."))
tables.local(shown.head(SHOWN_ROWS), width="stretch", column_config=config, height=520)
csv = shown.to_csv().encode("utf-8")  # ready before the button: made on click, it hung 2 times in 7 after filtering
access.download_button(access.EXPORT_ROWS, _("Download these rows as CSV"), csv, case=case, file_name="predictions.csv",
                       mime="text/csv")  # audited
