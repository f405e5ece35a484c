"""How robust: small changes, missing values, leakage, non-determinism, over-confidence, sensitive columns."""
# nav: 65 | How robust | :material/shield:

import streamlit as st

import explainers
from dashboard import cached, choices
from dashboard.layout import page_setup, require_case
from dashboard.text import md
from explainers.core import privacy
from explainers.core import words as core_words
from explainers.failures import words as failure_words
from explainers.overview import prediction_table
from explainers.robustness import figures, words

page_setup("How robust")
case = require_case()
st.title("How robust is the model?")
st.caption("Whether the model's decisions hold up when its data is a little off, and whether it learned from "
           "something it should not have. Each finding says what to do.")

training = cached.training_of(case)
# a flip is a decision that changes at the person's threshold (part of the cache key; 0.5, the scan's default
# and the background scan's, until someone moves it; other models ignore it)
with st.spinner("Scanning the model (a few seconds)..."):
    scan = cached.compute(explainers.robustness, case, training=training, threshold=choices.threshold(case))

choices.deciding_line(case)
st.markdown(md(words.summary(scan)))
st.caption(md(words.gate_values(scan)))
findings = scan.findings
if findings.empty:
    st.success("No weakness found.")
else:
    st.subheader(f"{len(findings)} findings, worst first")
    for finding in findings[findings["severity"] == "major"].itertuples():  # the advice that matters, uncut
        st.warning(f"**{md(finding.where)}**: {md(finding.advice)}", icon="⚠️")
    st.dataframe(findings[["severity", "check", "where", "evidence", "advice", "q_value"]], hide_index=True,
                 width="stretch", row_height=150, column_config={  # over 64 px: long text wraps (7 lines)
                     "severity": st.column_config.TextColumn("how serious", width=90),
                     "check": st.column_config.TextColumn(width=110),
                     "where": st.column_config.TextColumn(width=130),
                     "evidence": st.column_config.TextColumn("what was seen", width=200),
                     "advice": st.column_config.TextColumn("what to do", width=230),
                     "q_value": st.column_config.NumberColumn("could be chance (q-value)", format="%.2g",
                                                              help="The false discovery rate: small means unlikely "
                                                                   "to be a fluke.")})

left, right = st.columns(2)
left.plotly_chart(figures.flip_rates(scan.perturbation, case.task), width="stretch")
right.plotly_chart(figures.blank_movement(scan.missing, case.task, case.target), width="stretch")

flipped = scan.perturbation[scan.perturbation["flipped"] > 0]
if not flipped.empty:
    st.subheader("Rows that flip")
    column = st.selectbox("Column moved", list(flipped["column"]))
    row = flipped[flipped["column"] == column].iloc[0]
    st.caption(md(words.flip(row, case.task)[0]))
    st.dataframe(prediction_table(case).loc[list(row["examples"])], width="stretch", height=260,
                 column_config={"score": st.column_config.NumberColumn(core_words.chance(case.positive_class),
                                                                       format="percent")})

if not scan.confidence_slices.empty:
    st.subheader("Over- and under-confident slices")
    st.dataframe(privacy.slices(scan.confidence_slices, failure_words.slice_text).drop(columns=["query", "conditions"]),
                 hide_index=True, width="stretch",
                 column_config={c: st.column_config.NumberColumn(label, format="%.3g") for c, label in (
                     ("confidence", "stated confidence"), ("accuracy", "right"), ("gap", "gap"),
                     ("gap_elsewhere", "gap in the other rows"), ("p_value", "p-value"),
                     ("q_value", "could be chance (q-value)"))})

with st.expander(f"Tried and held ({len(scan.passed)})"):
    st.dataframe(scan.passed, hide_index=True, width="stretch",
                 column_config={"evidence": st.column_config.TextColumn(width="large")})
with st.expander("How this was computed"):
    st.markdown("Each column moved a little and blanked, the same rows predicted twice and alone, columns that "
                "stand in for the label or rows copied from training, slices where confidence and accuracy part "
                "ways. Findings are tested for chance (false discovery rate 5%).")
    st.markdown(md(scan.method))
    for note in scan.notes:
        st.caption(md(note))
