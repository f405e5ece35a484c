"""Predictions: every row with the model's output and, when labelled, whether it was right."""
# nav: 10 | Predictions | :material/table_rows:

import streamlit as st

from dashboard import access, choices
from dashboard.layout import page_setup, require_case
from dashboard.text import md
from explainers.core import words as core_words
from explainers.failures import decide
from explainers.overview import prediction_table

SHOWN_ROWS = 50_000  # more rows are slow to send to a browser and to draw; the download has every row

page_setup("Predictions")
case = require_case()

st.title("Predictions")
st.caption(f"{md(case.name)}: the model's output for each of the {len(case.X):,} rows, next to the actual outcome.")

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
    outcome = left.radio("Show", ["All rows", "Only wrong predictions", "Only right predictions"], horizontal=True)
    if outcome != "All rows":
        shown = shown[shown["correct"] == (outcome == "Only right predictions")]
if case.is_classifier:
    classes = right.multiselect("Predicted class", list(case.classes), default=list(case.classes))
    shown = shown[shown["prediction"].isin(classes)]
elif case.labelled:
    worst = right.checkbox("Largest errors first")
    if worst:
        shown = shown.reindex(shown["error"].abs().sort_values(ascending=False).index)

st.markdown(f"**{len(shown):,}** of {len(table):,} rows shown.")
if len(shown) > SHOWN_ROWS:
    st.caption(f"The table holds the first {SHOWN_ROWS:,} of them; the download has all {len(shown):,}.")
config = {"prediction": st.column_config.Column("Prediction", pinned=True)}
if "score" in table:
    config["score"] = st.column_config.ProgressColumn(
        core_words.chance(case.positive_class), format="percent", min_value=0.0, max_value=1.0,
        help=md(f"The model's stated {core_words.chance(case.positive_class)}."),  # a help tooltip is Markdown
    )
if "correct" in table:
    config["correct"] = st.column_config.CheckboxColumn("Right?")
if "error" in table:
    config["error"] = st.column_config.NumberColumn("Error", help="Prediction minus actual, in the target's units.")
st.dataframe(shown.head(SHOWN_ROWS), width="stretch", column_config=config, height=520)
csv = shown.to_csv().encode("utf-8")  # ready before the button: made on click, it hung 2 times in 7 after filtering
access.download_button(access.EXPORT_ROWS, "Download these rows as CSV", csv, case=case, file_name="predictions.csv",
                       mime="text/csv")  # audited
