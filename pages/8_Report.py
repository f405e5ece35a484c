"""Report: the whole story as one HTML file that opens offline, to download and send."""

import streamlit as st

import explainers
from dashboard.layout import page_setup, require_case
from dashboard.text import md
from explainers.report import ALL_SECTIONS, render
from sample_models.catalog import samples

TITLES = {"summary": "Summary", "performance": "Performance, costs and threshold", "why": "Why (global)",
          "rows": "Chosen rows", "confidence": "Confidence and calibration", "failures": "Where it fails",
          "data_health": "Data health", "methods": "Methods and limitations"}

page_setup("Report")
case = require_case()
st.title("Report")
st.caption("One self-contained HTML file (plotly.js inside, nothing loaded from the internet) that opens in any "
           "browser, prints cleanly, and ends with the package versions and file hashes needed to reproduce it.")

chosen = st.multiselect("Sections", list(ALL_SECTIONS), default=list(ALL_SECTIONS), format_func=TITLES.get)
positions = st.multiselect(f"Rows to explain (row numbers 0 to {len(case.X) - 1:,})", list(range(min(len(case.X), 500))),
                           default=[0])
level = st.slider("Confidence level (%)", 80, 99, int(st.session_state.get("confidence_level", 0.9) * 100)) / 100
sample = case.source.get("sample")
reference = samples()[sample].training_path if sample and "upload" not in case.source else None

if st.button("Build the report", type="primary"):
    try:
        with st.spinner("Building the report..."):
            html = render(case, rows=[case.X.index[p] for p in positions] or None, level=level,
                          sections=chosen or None, reference=reference)
    except explainers.InputError as err:
        st.error(md(err))
        st.stop()
    st.session_state["report_html"] = html
if "report_html" in st.session_state:
    size = len(st.session_state["report_html"].encode("utf-8")) / 1e6
    st.success(f"Report ready ({size:.1f} MB).")
    st.download_button("Download report.html", st.session_state["report_html"], file_name="report.html",
                       mime="text/html")
