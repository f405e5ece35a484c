"""One story across pages: the current row, the threshold, the level and the group hold on every page
and in the report; widgets keep their values when a person comes back to a page."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from explainers.failures.performance import decide

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ONE, FLIPS, SURE, FAILS = ("views/3_Single_prediction.py", "views/7_What_flips_it.py", "views/4_Confidence.py",
                           "views/5_Where_it_fails.py")


@pytest.fixture(autouse=True)
def _samples(sample_cases_built, monkeypatch):
    for name in ("TRUSTBOARD_MODEL", "TRUSTBOARD_DATA", "TRUSTBOARD_MODEL_DIR"):
        monkeypatch.delenv(name, raising=False)


def go(app: AppTest, page: str) -> AppTest:
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def row_number(app: AppTest) -> int:
    return next(n for n in app.number_input if n.label.startswith("Row number")).value


def words(app: AppTest) -> str:
    return " ".join(e.value.replace("\\", "") for e in [*app.markdown, *app.caption])


def test_a_row_picked_on_one_prediction_is_the_row_of_what_flips_it_and_how_sure():
    app = go(AppTest.from_file(APP, default_timeout=300).run(), ONE)
    next(n for n in app.number_input if n.label.startswith("Row number")).set_value(244).run()
    assert not app.exception, app.exception
    assert row_number(go(app, FLIPS)) == 244
    assert "row 244:" in words(go(app, SURE))
    assert row_number(go(app, ONE)) == 244  # and back again


def test_a_row_picked_by_shortcut_stays_current_and_reads_as_its_number_elsewhere():
    app = go(AppTest.from_file(APP, default_timeout=300).run(), ONE)
    app.radio[0].set_value("Shortcut").run()
    chosen = app.session_state["case"].X.index.get_loc(next(s for s in app.selectbox if s.label == "Row").value)
    assert row_number(go(app, FLIPS)) == chosen


def test_the_threshold_set_on_where_it_fails_decides_on_every_page_and_in_the_report():
    app = go(AppTest.from_file(APP, default_timeout=300).run(), FAILS)
    next(s for s in app.main.slider if s.label.startswith("Decision threshold")).set_value(0.3).run()
    assert not app.exception, app.exception
    assert "Moving the threshold from 0.30 to 0.215" in words(app)
    case = app.session_state["case"]

    go(app, "views/1_Predictions.py")
    assert "Deciding at 0.30 (chosen in the sidebar)" in words(app)
    table = app.dataframe[0].value
    assert (table["prediction"] == decide(case, 0.3).loc[table.index]).all()
    assert (table["prediction"] != case.predicted.loc[table.index]).any()  # not the model's own 0.5 decisions

    go(app, ONE)
    assert "At the threshold 0.30 this row is" in words(app)
    assert next(s for s in app.sidebar.slider if s.label.startswith("Decision threshold")).value == 0.3

    go(app, "views/8_Report.py")
    next(b for b in app.button if b.label == "Build the report").click().run()
    assert not app.exception, app.exception
    html = app.session_state["report"]["data"]
    assert "at threshold 0.30" in html and "Decisions by" in html


def test_cheapest_threshold_button_moves_every_page():
    app = go(AppTest.from_file(APP, default_timeout=300).run(), FAILS)
    next(b for b in app.sidebar.button if b.label.startswith("Use the cheapest threshold")).click().run()
    assert not app.exception, app.exception
    assert "The chosen threshold 0.215 is already the cheapest" in words(app)
    assert "Deciding at 0.215 (cheapest for the stated costs)" in words(go(app, "views/1_Predictions.py"))


def test_level_method_and_group_keep_their_values_across_pages():
    app = go(AppTest.from_file(APP, default_timeout=300).run(), SURE)
    next(s for s in app.sidebar.slider if s.label.startswith("Confidence level")).set_value(95).run()
    next(r for r in app.radio if r.label == "Band shape").set_value("aps").run()
    next(s for s in app.sidebar.selectbox if s.label.startswith("Groups to compare")).set_value("age").run()
    assert not app.exception, app.exception
    go(app, ONE)
    assert "At 95% confidence" in words(app)
    go(app, SURE)
    assert next(r for r in app.radio if r.label == "Band shape").value == "aps"
    assert next(s for s in app.sidebar.selectbox if s.label.startswith("Groups to compare")).value == "age"
    assert any(h.value == "Coverage by age" for h in app.subheader)
    go(app, FAILS)
    assert any(h.value == "Groups compared: age" for h in app.subheader)
