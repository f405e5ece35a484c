"""One coverage number (issue 26, item 5): How sure, the report's JSON confidence section, the gate's coverage
check and ``confidence.coverage_summary`` print the same held-out coverage, with per-group coverage beside it;
and How sure states the current row's decision at the person's threshold (issue 26, item 3)."""

from __future__ import annotations

import json
import math

import pytest
from streamlit.testing.v1 import AppTest
from test_app_explain import plain

import explainers
from dashboard import keys
from explainers.confidence import coverage_summary, words
from explainers.core.measures import decide
from explainers.core.stats import wilson_interval
from explainers.report.as_json import render_json
from explainers.report.build import context
from tests.conftest import APP


@pytest.fixture(autouse=True)
def _clean(clean_environment):
    """The app opens its default sample (German credit), not one named in the environment."""


@pytest.fixture(scope="module")
def german_case(cases):
    return cases["german_credit"]


def test_the_number_is_the_held_out_rows_coverage_with_its_wilson_interval(german_case):
    found = coverage_summary(german_case, 0.9)
    bands = explainers.confidence(german_case, 0.9)
    held_out = bands.covered(bands.evaluation_rows)
    assert found.rows == len(bands.evaluation_rows) == 150
    assert not set(bands.evaluation_rows) & set(bands.calibration_rows)
    assert found.covered == int(held_out.sum()) and found.coverage == pytest.approx(held_out.mean())
    assert (found.low, found.high) == pytest.approx(wilson_interval(held_out.sum(), len(held_out)))
    # the calibration half covers about the level by construction: it is not the number
    assert bands.covered(bands.calibration_rows).mean() != pytest.approx(found.coverage)
    assert found.coverage == pytest.approx(0.82) and found.falls_short  # 123 of 150; 95% interval 75.1% to 87.3%


def test_groups_beside_it_and_the_sentence_names_those_short(german_case):
    found = coverage_summary(german_case, 0.9)
    assert list(found.groups) == ["personal_status_sex", "age", "foreign_worker"]  # the sidecar's sensitive columns
    for column, by in found.groups.items():
        assert by.table["rows"].sum() == found.rows
        assert found.short.get(column, []) == list(by.table.loc[by.table["ci_high"] < 0.9, "group"])
    assert found.short == {"personal_status_sex": ["female div/sep/married"], "age": ["under 27", "27-34"],
                           "foreign_worker": ["yes"]}
    text = words.groups_sentence(found)
    for column, groups in found.short.items():
        for group in groups:
            assert f"{column} = {group} (" in text
    assert "male single" not in text and "44 and over" not in text
    assert words.groups_sentence(coverage_summary(german_case, 0.5, by="foreign_worker")).startswith("No group of")


def test_bad_group_column_names_it(german_case):
    with pytest.raises(explainers.InputError, match="'no_such_column'"):
        coverage_summary(german_case, 0.9, by="no_such_column")


def test_the_gate_and_the_report_json_read_the_same_number(german_case):
    found = coverage_summary(german_case, 0.9, random_state=0)
    verdict = explainers.gate(german_case, "checks:\n  - {check: coverage, level: 0.9, tolerance: 0.05}\n")
    (check,) = verdict.checks
    assert (check.value, check.low, check.high) == pytest.approx((found.coverage, found.low, found.high))
    document = json.loads(render_json(context(german_case, level=0.9, random_state=0), ["confidence"]))
    section = document["sections"]["confidence"]
    assert section["results"]["coverage"]["coverage"] == pytest.approx(found.coverage)
    assert section["results"]["confidence"]["coverage"] == pytest.approx(found.coverage)
    assert section["results"]["coverage"]["short"] == found.short
    assert words.coverage_sentence(found) in section["sentences"]
    assert words.groups_sentence(found) in section["sentences"]
    assert not any("Averaged over" in s for s in section["sentences"]), "no second coverage number in the report"


def _how_sure(threshold: float | None = None, row: int = 0) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=300).run()
    fingerprint = app.session_state["case"].fingerprint
    if threshold is not None:
        app.session_state[keys.THRESHOLD] = {fingerprint: threshold}
    app.session_state[keys.ROW] = {fingerprint: row}
    app.switch_page("views/4_Confidence.py").run()
    assert not app.exception, app.exception
    return app


def test_how_sure_headlines_the_same_number_and_states_the_row_decision_at_the_threshold(german_case):
    app = _how_sure(threshold=0.215, row=9)
    case = app.session_state["case"]
    found = coverage_summary(case, 0.9, by=[])
    assert found.coverage == pytest.approx(coverage_summary(german_case, 0.9).coverage)
    headline = app.metric[0]
    assert headline.label == "Rows inside their band"
    assert headline.value == f"{found.coverage:.1%}" == "82.0%"
    texts = [plain(e) for e in [*app.markdown, *app.caption, *app.warning]]
    assert any(words.coverage_sentence(found) in t for t in texts)
    assert not any(t.startswith("Averaged over") for t in map(plain, app.markdown)), "the split average is not a headline"
    group_words = words.groups_sentence(coverage_summary(case, 0.9, by=["personal_status_sex"]))
    assert any(group_words in t for t in texts)
    # row 9: P(bad) 48%; the model's own decision is good, at 0.215 it is bad
    p_bad = float(case.proba["bad"].iloc[9])
    assert 0.215 <= p_bad < 0.5 and case.predicted.iloc[9] == "good" and decide(case, 0.215).iloc[9] == "bad"
    row_line = next(t for t in map(plain, app.markdown) if t.startswith("The current row"))
    assert f"row 9: decided bad at the threshold 0.215 (chance of bad {p_bad:.0%})" in row_line
    assert "predicted good" not in row_line
    at_half = next(t for t in map(plain, _how_sure(row=9).markdown) if t.startswith("The current row"))
    assert "row 9: decided good at the threshold 0.50 " in at_half
    assert math.isfinite(found.low)
