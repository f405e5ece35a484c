"""AppTest of the May it go live page: the default policy judged, an edited policy, the downloads."""

from __future__ import annotations

import pytest
import yaml
from conftest import APP
from streamlit.testing.v1 import AppTest

PAGE = "views/78_May_it_go_live.py"


@pytest.fixture(autouse=True)
def _clean(clean_environment):
    """Every test here opens the default sample (see conftest)."""


def test_release_page_judges_the_default_policy_and_offers_downloads():
    app = AppTest.from_file(APP, default_timeout=300).run()
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    assert app.title[0].value == "May it go live?"
    boxes = [e.value for e in list(app.success) + list(app.warning) + list(app.error)]
    assert any(v.replace("\\", "").startswith(("Go", "No-go")) for v in boxes), boxes  # the go / no-go line first
    policy = yaml.safe_load(next(t for t in app.text_area if t.label == "The policy as YAML").value)
    assert [c["check"] for c in policy["checks"]][:2] == ["determinism", "leakage"]
    checks = app.dataframe[0].value  # the policy is a form now; the one table is the judged checks
    assert {"result", "check", "that bound", "limit", "evidence"} <= set(checks.columns)  # readable headers
    assert any("Deterministic" in name for name in checks["check"])
    assert len(app.get("plotly_chart")) == 1
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == ["Policy (YAML)", "Verdict (JSON)", "Verdict (JUnit XML)"]
    assert app.radio[0].options == ["Default policy", "Upload a YAML file"]


def test_the_upload_source_waits_for_a_policy_file():
    app = AppTest.from_file(APP, default_timeout=300).run()
    app.switch_page(PAGE).run()
    app.session_state["gate_source"] = "Upload a YAML file"
    app.run()
    assert not app.exception, app.exception
    assert any("Upload a policy" in i.value for i in app.info)


def test_moving_the_sidebar_threshold_moves_the_verdict_to_the_engines_numbers_at_that_threshold():
    from explainers.failures.fairness import fairness

    app = AppTest.from_file(APP, default_timeout=300).run()
    app.switch_page(PAGE).run()
    before = dict(zip(app.dataframe[0].value["check"], app.dataframe[0].value["measured"], strict=True))
    next(s for s in app.sidebar.slider if s.label.startswith("Decision threshold")).set_value(0.3).run()
    assert not app.exception, app.exception
    texts = [e.value for e in [*app.success, *app.warning, *app.error, *app.markdown, *app.caption]]
    assert any("Decided at the threshold 0.3." in v for v in texts), texts
    checks = app.dataframe[0].value
    rules = checks[checks["check"].str.contains("Four-fifths rule by personal_status_sex")]
    table = fairness(app.session_state["case"], "personal_status_sex", threshold=0.3).table
    assert rules["measured"].iloc[0] == pytest.approx(table.loc[~table["small"], "favourable_ratio"].min())
    assert rules["measured"].iloc[0] != pytest.approx(before[rules["check"].iloc[0]])
