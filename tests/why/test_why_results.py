"""The why and overview results: JSON-safe values, and one words function for each sentence a page and the report share."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import APP, round_trip
from streamlit.testing.v1 import AppTest

import explainers
from explainers.overview import words as overview_words
from explainers.overview.predictions import scores
from explainers.report.build import build, context
from explainers.why import section as why_section
from explainers.why.attributions import affordable_rows
from explainers.why.summaries import Importance, importance
from explainers.why.words import explain_in_words, importance_sentence, row_heading, sample_note


@pytest.mark.parametrize("name", ["german_credit", "bike_rentals", "wine"])
def test_attributions_round_trip_through_json_and_still_add_up(cases, name):
    case = cases[name]
    att = explainers.attributions(case, rows=list(case.X.index[:5]))
    found = round_trip(att)
    assert found["units"] == att.units and found["method"] == att.method
    assert [r["row"] for r in found["rows"]] == [int(r) for r in case.X.index[:5]]
    for record in found["rows"]:
        assert set(record["contributions"]) == set(case.X.columns)
        total = record["base_value"] + sum(record["contributions"].values())
        assert total == pytest.approx(record["output"], abs=1e-9)
    assert "data" not in found and "values" not in found  # row-level input values stay out of JSON


def test_permutation_estimates_round_trip_and_say_they_are_estimates(cases):
    case = cases["german_credit"]  # a forest's log-odds take the permutation path
    att = explainers.attributions(case, rows=list(case.X.index[:2]), units="log-odds")
    found = round_trip(att)
    assert found["approximate"] is True and found["method"].startswith("Permutation")
    assert "These are estimates" in sample_note(att, len(case.X))


def test_importance_is_a_result_in_the_attributions_units(cases):
    att = explainers.attributions(cases["german_credit"], rows=list(cases["german_credit"].X.index[:40]))
    imp = importance(att)
    assert isinstance(imp, Importance) and imp.rows == 40 and imp.units == att.units
    assert imp.columns == list(att.values.abs().mean().sort_values(ascending=False).index)
    found = round_trip(imp)
    assert list(found["values"]) == imp.columns and found["rows"] == 40
    assert found["values"][imp.columns[0]] == pytest.approx(float(att.values[imp.columns[0]].abs().mean()))


@pytest.mark.parametrize("name", ["german_credit", "bike_rentals", "wine"])
def test_scores_round_trip_through_json(cases, name):
    found = round_trip(scores(cases[name]))
    assert found["rows"] == len(cases[name].X)
    assert found["share"] is (name != "bike_rentals")
    assert found["threshold"] == (0.5 if name == "german_credit" else None)
    assert found["quartiles"] == sorted(found["quartiles"])


def _report(case, names, **settings):
    built = build(context(case, **settings), names, figures=False)
    return {b.section.name: b.blocks for b in built}


def test_the_rows_section_records_json_safe_attributions_and_says_what_the_words_say(cases):
    case = cases["german_credit"]
    label = case.X.index[3]
    rows = _report(case, ["rows"], rows=[label])["rows"]
    att = rows.results["rows"]
    round_trip(att)
    assert explain_in_words(att, label) in rows.sentences
    assert rows.items[0] == {"kind": "heading", "text": row_heading(att, label)}


def test_the_why_section_says_what_the_words_say(cases):
    case = cases["german_credit"]
    blocks = _report(case, ["why"], random_state=5)["why"]
    count = affordable_rows(case, why_section.WHY_SECONDS, why_section.WHY_ROWS, why_section.WHY_ROWS_AT_LEAST)
    rows = None if len(case.X) <= count else list(case.X.sample(count, random_state=5).index)
    att = explainers.attributions(case, rows=rows, random_state=5)
    assert blocks.sentences[0] == sample_note(att, len(case.X), usual=why_section.WHY_ROWS)
    assert importance_sentence(importance(att)) in blocks.sentences
    imp = blocks.results["importance"]
    assert isinstance(imp, Importance) and np.allclose(imp.values, importance(att).values)


def _open(page: str | None, monkeypatch) -> AppTest:
    """The app on its default sample (german_credit), on ``page`` (None: the home page)."""
    for variable in ("TRUSTBOARD_MODEL", "TRUSTBOARD_DATA", "TRUSTBOARD_TARGET", "TRUSTBOARD_MODEL_DIR"):
        monkeypatch.delenv(variable, raising=False)
    app = AppTest.from_file(APP, default_timeout=180).run()
    if page is not None:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def _home_sentences(case) -> list[str]:
    return [overview_words.model_sentence(case), overview_words.data_sentence(case),
            overview_words.labels_sentence(case)]


def test_the_home_page_says_what_the_overview_words_say(cases, sample_cases_built, monkeypatch):
    app = _open(None, monkeypatch)
    shown = [m.value.replace("\\", "") for m in app.markdown]
    assert all(sentence in shown for sentence in _home_sentences(cases["german_credit"]))


def test_the_summary_section_says_what_the_home_page_says(cases):
    case = cases["german_credit"]
    summary = _report(case, ["summary"])["summary"]
    assert all(sentence in summary.sentences for sentence in _home_sentences(case))


def test_one_prediction_page_and_report_give_the_same_paragraph(cases, sample_cases_built, monkeypatch):
    """The page's paragraph for a row, the report's for the same row and explain_in_words are one text."""
    case = cases["german_credit"]  # the sample the app opens by default
    label = case.X.index[0]  # the row the page shows first
    app = _open("views/3_Single_prediction.py", monkeypatch)
    on_page = next(m.value.replace("\\", "") for m in app.markdown if m.value.startswith("The model"))
    in_report = _report(case, ["rows"], rows=[label])["rows"].sentences
    expected = explain_in_words(explainers.attributions(case, rows=[label]), label)
    assert on_page == expected and expected in in_report


def test_why_page_method_note_is_the_words_function(cases, sample_cases_built, monkeypatch):
    from dashboard.cached import WHY_FIRST_ROWS, sample_rows, why_first_rows

    case = cases["german_credit"]
    app = _open("views/2_Why.py", monkeypatch)
    shown = next(text for text in (c.value.replace("\\", "") for c in app.caption) if "Contributions computed" in text)
    att = explainers.attributions(case, rows=sample_rows(case, why_first_rows(case)))
    assert shown == sample_note(att, len(case.X), usual=WHY_FIRST_ROWS)
