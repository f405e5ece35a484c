"""Data health: missing values, outliers, unseen categories, duplicates, and drift from a reference."""
# nav: 70 | Data health | :material/health_and_safety:

import streamlit as st

import explainers
from dashboard import access, cached, tables
from dashboard.language import _, count
from dashboard.layout import page_setup, require_case
from dashboard.text import md
from explainers.glossary import header, readable_columns
from explainers.health import figures, words
from explainers.why import importance
from sample_models.catalog import samples

page_setup("Data health")
case = require_case()
st.title(_("Is the data healthy?"))
st.caption(_("Problems in the data the model sees make its outputs less trustworthy, whatever the model."))

sample = case.source.get("trained_on") or (case.source.get("sample") if "upload" not in case.source else None)
reference, reference_name = None, None
if sample:
    reference = samples()[sample].training_path
    reference_name = _("the rows the sample model was trained on")
upload = access.file_uploader(access.UPLOAD, _("Reference data to compare with (e.g. the training file; optional)"),
                              case=case, type=["csv", "parquet"])  # refused to a viewer, audited
if upload is not None:
    reference, reference_name = upload.getvalue(), upload.name

att = cached.why_first_sample(case)
important = None if att is None else tuple(importance(att).columns[:5])

try:
    health = cached.compute(explainers.data_health, case, reference=reference, important=important)
except explainers.InputError as err:
    st.error(md(err))
    st.stop()

if reference_name:
    st.markdown(md(_("Reference: {name} ({rows} rows).", name=reference_name, rows=count(health.reference_rows))))
if not health.findings:
    st.success(md(words.verdict(health)))
else:
    st.subheader(md(words.verdict(health)))
    found = words.findings_table(health).assign(  # check and severity in the reader's language ("Ausreißer", "mittel")
        check=lambda t: t["check"].map(words.check_name), severity=lambda t: t["severity"].map(words.severity_word))
    tables.local(readable_columns(found), hide_index=True, width="stretch", row_height=80,
                 column_config={  # widths sum to 750 px: the table fits at 800 px and stretches wider; text wraps
                     "Check": st.column_config.TextColumn(_("Check"), width=90),
                     "Column": st.column_config.TextColumn(_("Column"), width=110),
                     "Severity": st.column_config.TextColumn(_("Severity"), width=70),
                     "Finding": st.column_config.TextColumn(_("Finding"), width=220),
                     "Why": st.column_config.TextColumn(_("Why it matters"), width=210),
                     "Rows": st.column_config.Column(width=50)})
if health.drift is not None:
    st.subheader(_("Drift from the reference"))
    st.caption(_("A shift is called major only when a test says it is unlikely to be chance and both tables hold at "
                 "least 30 rows; a possible shift could be chance."))
    st.plotly_chart(figures.drift_bars(health.drift), width="stretch")
    drift_config = {"Column": st.column_config.Column(_("Column")), "Kind": st.column_config.Column(_("Kind")),
                    "Verdict": st.column_config.Column(_("Verdict")),
                    header("psi"): st.column_config.NumberColumn(format="%.3f"),  # keyed by the header as shown
                    "Statistic": st.column_config.NumberColumn(_("Statistic"), format="%.3g"),
                    header("p_value"): st.column_config.NumberColumn(format="%.3g")}
    drift = words.drift_shown(health.drift)  # kind, test and verdict in the reader's language ("ganzzahlig", "stabil")
    tables.local(readable_columns(drift), hide_index=True, width="stretch", column_config=drift_config,
                 column_order=["Column", "Kind", header("psi"), "Verdict"])
elif reference is None:
    st.info(_("Add reference data (for example the training file) to check for drift."))
with st.expander(_("How this was computed")):
    if health.drift is not None:
        st.caption(_("Whether a shift could be chance: a Kolmogorov-Smirnov test (KS) for numbers, a chi-squared "
                     "test for categories."))
        tables.local(readable_columns(drift), hide_index=True, width="stretch", column_config=drift_config)
    st.caption(md(_("Method: {method}", method=health.method)) + (
        " " + _("Most important columns (by mean absolute SHAP value): {columns}.", columns=md(", ".join(important)))
        if important else ""))
