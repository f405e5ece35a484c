"""What every page starts with: page config, sample models, navigation, and the case picker."""

from __future__ import annotations

import streamlit as st

from dashboard.picker import choose_case
from dashboard.settings import read_settings
from dashboard.state import current_case, ensure_samples_built
from explainers import Case

PAGES = [
    ("app.py", "Model and data", ":material/home:"),
    ("pages/1_Predictions.py", "Predictions", ":material/table_rows:"),
    ("pages/2_Why.py", "Why: what drives it", ":material/insights:"),
    ("pages/3_Single_prediction.py", "One prediction", ":material/person_search:"),
    ("pages/7_What_flips_it.py", "What flips it", ":material/swap_horiz:"),
    ("pages/4_Confidence.py", "How sure", ":material/verified:"),
    ("pages/5_Where_it_fails.py", "Where it fails", ":material/report:"),
    ("pages/6_Data_health.py", "Data health", ":material/health_and_safety:"),
    ("pages/8_Report.py", "Report", ":material/description:"),
]


def page_setup(title: str) -> Case | None:
    """Configure the page, draw navigation and the picker, and return the session's case."""
    st.set_page_config(page_title=f"{title} · Trustboard", page_icon="🔎", layout="wide")
    ensure_samples_built()
    with st.sidebar:
        st.markdown("### :material/verified_user: Trustboard")
        for path, label, icon in PAGES:
            st.page_link(path, label=label, icon=icon)
    choose_case(read_settings())
    return current_case()


def require_case() -> Case:
    """The session's case, or stop the page with a pointer to the home page."""
    case = current_case()
    if case is None:
        st.info("Open a model and its data in the sidebar first.")
        st.stop()
    return case


def require_labels(case: Case, why: str) -> None:
    """Stop the page when the data has no labels, saying ``why`` it needs them."""
    if not case.labelled:
        st.info(f"{why} Open data that has the target column.")
        st.stop()
