"""Trustboard home: what the open model is, what data it is judged on, and how good it is there.

    streamlit run app.py [-- --model M --data D --target T]
"""
# nav: 0 | Model and data | :material/home:

import streamlit as st

from dashboard import cached, choices, tables
from dashboard.language import _, count
from dashboard.layout import page_setup, require_case, route
from dashboard.sample_words import ours
from dashboard.state import load_sample
from dashboard.text import md, short_path
from explainers.failures import headline_metrics
from explainers.health import training_overlap
from explainers.health import words as health_words
from explainers.overview import drawing, feature_table, model_structure, score_bars, words
from sample_models.catalog import samples


def training_check(case) -> str:
    """A warning when uploaded data for a sample model looks like its training data ("" otherwise)."""
    sample = case.source.get("trained_on")
    if not sample or "upload" not in case.source or not case.labelled:
        return ""
    here = headline_metrics(case)[0]
    holdout = next((m.value for m in headline_metrics(load_sample(sample)) if m.key == here.key), None)
    overlap = cached.compute(training_overlap, case, training=samples()[sample].training_path, metric=here.name,
                             value=here.value, holdout=holdout)
    return health_words.training_warning(overlap)


def score_picture(case, threshold: float):
    """The score histogram at ``threshold`` as a static SVG picture, drawn once per case content, threshold and
    language for every session. A picture, not a plotly chart: the home page then loads no plotly.js (4.7 MB per
    fresh browser; with ten readers' browsers on two cores, the first page's heaviest element)."""
    return drawing.score_picture(score_bars(case, threshold))  # cached whole by the caller


route()  # every page runs from here under its readable path; below is the home page
page_setup("Model and data")
case = require_case()

st.title(md(ours(case.name)))  # a sample's title in the reader's language
st.markdown(_("What this model decides, the data it is judged on here, and how often it gets it right."))
st.caption(_("Model file: {model} · Data: {data}", model=md(short_path(case.source.get("model"))),
             data=md(short_path(case.source.get("data")))))
for note in case.notes:
    st.warning(md(note), icon="⚠️")
training_words = training_check(case)
if training_words:
    st.warning(md(training_words), icon="⚠️")

model_col, data_col, quality_col = st.columns(3)
with model_col:
    st.subheader(_("The model"))
    st.markdown(md(words.model_sentence(case)))
    with st.expander(_("How this was computed")):
        st.markdown(md(words.model_detail(case)) + "\n\n" + _("Steps, from raw columns to prediction:") + "\n"
                    + "\n".join(f"1. {md(s)}" for s in model_structure(case)["steps"]))
with data_col:
    st.subheader(_("The data"))
    st.metric(_("Rows"), count(len(case.X)))
    st.markdown(md(words.data_sentence(case)))
    labels = words.labels_sentence(case)
    if labels:
        st.markdown(md(labels))
with quality_col:
    st.subheader(_("How good is it here?"))
    metrics = cached.compute(headline_metrics, case, threshold=choices.threshold(case))  # binary: decided at it
    if not metrics:
        st.info(_("Open labelled data (with the target column) to measure the model."))
    for metric in metrics:
        st.metric(metric.name, words.metric_value(metric), help=_("Method: {method}", method=md(metric.method)))
        st.caption(md(metric.meaning))
    if any(m.key == "accuracy" for m in metrics):
        choices.deciding_line(case)  # accuracy counts the decisions at the person's threshold

picture = cached.compute(score_picture, case, threshold=choices.threshold(case))
st.markdown(f"**{md(picture.title)}**")
st.image(picture.svg, width="stretch", alt=picture.alt)
if picture.caption:
    st.caption(md(picture.caption))
with st.expander(_("Rows in each bar")):
    st.markdown(md(picture.counts))

st.subheader(_("Features"))
st.caption(_("The columns the model reads, in your own names and units."))
tables.local(
    feature_table(case).assign(description=lambda t: t["description"].map(ours)),  # a sample's, translated
    hide_index=True,
    width="stretch",
    row_height=72,  # taller than 64 px: long text wraps onto three lines instead of being cut
    column_order=["feature", "kind", "values", "missing", "description", "examples"],  # short columns first
    column_config={
        "feature": st.column_config.TextColumn(_("Feature"), pinned=True),
        "description": st.column_config.TextColumn(_("Description"), width=190),
        "kind": st.column_config.TextColumn(_("Kind"), width=90),
        "examples": st.column_config.TextColumn(_("Example values"), width=140),
        "values": st.column_config.TextColumn(_("Range or categories"), width=130),
        "missing": st.column_config.NumberColumn(_("Missing"), format="percent", width=70),
    },
)
if case.metadata.data_source:
    st.caption(_("Data source: {source}", source=md(case.metadata.data_source)))

cached.prepare_pages(case)  # after drawing: the other pages then open without waiting
