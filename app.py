"""Trustboard home: what the open model is, what data it is judged on, and how good it is there.

    streamlit run app.py [-- --model M --data D --target T]
"""
# nav: 0 | Model and data | :material/home:

import streamlit as st

from dashboard import cached
from dashboard.layout import page_setup, require_case
from dashboard.text import md, short_path
from explainers.failures.metrics import headline_metrics
from explainers.overview import figures
from explainers.overview.model import class_balance, feature_table, model_structure, task_in_words

page_setup("Model and data")
case = require_case()

st.title(case.name)
st.caption(f"Model file: {md(short_path(case.source.get('model')))} · Data: {md(short_path(case.source.get('data')))}")
for note in case.notes:
    st.warning(md(note), icon="⚠️")

model_col, data_col, quality_col = st.columns(3)
with model_col:
    st.subheader("The model")
    structure = model_structure(case)
    st.markdown(f"**{md(structure['estimator'])}**  \n{md(task_in_words(case))}")
    st.markdown("Steps, from raw columns to prediction:\n" + "\n".join(f"1. {md(s)}" for s in structure["steps"]))
with data_col:
    st.subheader("The data")
    st.metric("Rows", f"{len(case.X):,}")
    st.markdown(f"{case.X.shape[1]} input columns · "
                + (f"labelled by **{md(case.target)}**" if case.labelled else "unlabelled (no target column)"))
    balance = class_balance(case)
    if balance is not None:
        st.markdown("Labels: " + ", ".join(f"{md(c)} {share:.0%}" for c, share in balance.items()))
with quality_col:
    st.subheader("How good is it here?")
    metrics = headline_metrics(case)
    if not metrics:
        st.info("Open labelled data (with the target column) to measure the model.")
    for metric in metrics:
        st.metric(metric.name, f"{metric.value:,.3g}" if abs(metric.value) >= 10 else f"{metric.value:.3f}",
                  help=f"Method: {md(metric.method)}")
        st.caption(md(metric.meaning))

if case.is_classifier and case.proba is not None:
    scored = case.positive_class if case.positive_class is not None else None
    scores = case.proba[scored] if scored is not None else case.proba.max(axis=1)
    label = f"probability of {scored}" if scored is not None else "probability of the predicted class"
    st.plotly_chart(figures.score_histogram(scores, label, 0.5 if case.task == "binary" else None), width="stretch")
else:
    st.plotly_chart(figures.score_histogram(case.predicted, f"predicted {case.target or 'value'}"), width="stretch")

st.subheader("Features")
st.caption("The columns the model reads, in your own names and units.")
st.dataframe(
    feature_table(case),
    hide_index=True,
    width="stretch",
    column_config={
        "feature": st.column_config.TextColumn("Feature", pinned=True),
        "description": st.column_config.TextColumn("Description", width="large"),
        "kind": "Kind",
        "examples": "Example values",
        "values": "Range or categories",
        "missing": st.column_config.ProgressColumn("Missing", format="percent", min_value=0.0, max_value=1.0),
    },
)
if case.metadata.data_source:
    st.caption(f"Data source: {md(case.metadata.data_source)}")

cached.prepare_why_page(case)  # after drawing: the Why page then opens without waiting
