"""Numbers on the pages and in figures written the reader's way (issue 32): tables of How sure and Where it fails
opened in English, German and French (one AppTest per page, the language switched between runs), the table cells
formatted by dashboard.tables, and plotly's separators per language (explainers.core.plot)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
import streamlit as st
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from dashboard import keys, tables
from explainers.core import plot
from explainers.core.language import use_language
from explainers.core.words import p_value

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SHARE = {"de": re.compile(r"^\d+,\d+\u00a0%$"), "fr": re.compile(r"^\d+,\d+\u00a0%$")}  # 78,72 % (Babel's marks)
THREE = re.compile(r"^0,\d{3}$")  # 0,780: "%.3f" the local way
ENGLISH = re.compile(r"(^|[^\d.])0\.\d|\d\.\d+%")  # 0.780, 78.72% (German 12.345 groups thousands)


@pytest.fixture(scope="module")
def opened(sample_cases_built):
    """page -> language -> the page's dataframes as (display values or None, column config), in en, de, fr."""
    found = {}
    for page in ("views/4_Confidence.py", "views/5_Where_it_fails.py"):
        app = AppTest.from_file(APP, default_timeout=180).run()
        found[page] = {}
        for lang in ("en", "de", "fr"):
            app.session_state[keys.LANGUAGE] = lang
            app.switch_page(page).run()
            assert not app.exception, app.exception
            found[page][lang] = [_frame(element.proto) for element in app.dataframe]
            found[page][lang + " threshold"] = ([(s.proto.format, s.value) for s in app.sidebar.slider],
                                               [s.options for s in app.sidebar.select_slider])
    return found


def _frame(proto) -> tuple[pd.DataFrame | None, dict]:
    shown = proto.arrow_data.styler.display_values
    return (dataframe_util.convert_arrow_bytes_to_pandas_df(shown) if shown else None,
            json.loads(proto.columns or "{}"))


def _cells(frames) -> list[str]:
    return [str(v) for shown, _config in frames if shown is not None for v in shown.to_numpy().ravel()]


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_coverage_shares_in_the_local_way(opened, lang):
    cells = _cells(opened["views/4_Confidence.py"][lang])
    assert any(SHARE[lang].match(c) for c in cells), cells
    assert not [c for c in cells if ENGLISH.search(c)], cells


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_metric_values_in_the_local_way(opened, lang):
    cells = _cells(opened["views/5_Where_it_fails.py"][lang])
    assert any(THREE.match(c) for c in cells), cells
    assert not [c for c in cells if ENGLISH.search(c)], cells


def test_english_tables_drawn_as_before(opened):
    for page in opened:
        frames = opened[page]["en"]
        assert all(shown is None for shown, _config in frames)  # no Styler: Streamlit's own formats
        formats = {c.get("type_config", {}).get("format") for _shown, config in frames for c in config.values()}
        assert "percent" in formats or "%.3f" in formats, formats


def test_the_threshold_slider_writes_its_steps_the_local_way(opened):
    shown = opened["views/5_Where_it_fails.py"]
    sliders, select_sliders = shown["en threshold"]
    assert ("%.3f", 0.5) in sliders and not select_sliders  # English: the slider as before
    for lang in ("de", "fr"):
        sliders, select_sliders = shown[f"{lang} threshold"]
        assert [options[:2] for options in select_sliders] == [["0,000", "0,005"]] and "0,500" in select_sliders[0]
        assert not [f for f, _value in sliders if f == "%.3f"]


def test_cells_and_progress_bars_by_the_formats():
    frame = pd.DataFrame({"score": [0.8234, 0.1], "value": [12345.6, 0.5], "n": [23456, 3], "text": ["a", 5.5]})
    config = {"score": st.column_config.ProgressColumn("chance", format="percent", min_value=0.0, max_value=1.0),
              "value": st.column_config.NumberColumn("value", format="%.3f")}
    with use_language("de"):
        shown, local_config, formats = tables.localised(frame, config)
        assert [formats["value"](v) for v in frame["value"]] == ["12.345,600", "0,500"]
        assert [formats["n"](v) for v in frame["n"]] == ["23.456", "3"] and tables.shown(2024) == "2024"  # a year
        assert formats["text"](5.5) == "5,5" and formats["text"]("a") == "a"
        assert local_config["value"]["type_config"]["format"] is None  # the Styler's text is drawn
        assert shown["score"].tolist() == [82.34, 10.0] and local_config["score"]["type_config"]["max_value"] == 100
        assert tables.shown(0.1234, "percent") == "12,34\u00a0%" and tables.shown(12345.6, "%.4g") == "12.350"
    with use_language("fr"):
        assert tables.shown(12345.5, None) == "12\u202f345,5"
    assert config["value"]["type_config"]["format"] == "%.3f"  # the caller's config is left as it was


def test_figures_and_p_values_use_the_local_marks():
    marks = {}
    for lang in ("en", "de", "fr"):
        with use_language(lang):
            marks[lang] = (plot.layout(go.Figure(), "t", 100).layout.separators, p_value(0.013), p_value(1e-9))
    assert marks == {"en": (None, "p = 0.013", "p < 0.0001"), "de": (",.", "p = 0,013", "p < 0,0001"),
                     "fr": (",\u202f", "p = 0,013", "p < 0,0001")}
