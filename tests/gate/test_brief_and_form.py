"""The go / no-go (gate.brief) and the policy form (issue 31 item 2): the brief's counts are the measures layer's,
the page shows the brief first and edits the policy through a form without losing a key, and the report's
release section opens with the page's sentences."""

from __future__ import annotations

import pytest
import yaml
from conftest import APP
from streamlit.testing.v1 import AppTest

from explainers.core.measures import measures
from explainers.gate import as_mapping, brief, default_policy, gate, read_policy, remember, table, words

PAGE = "views/78_May_it_go_live.py"
QUICK = {"title": "Quick", "checks": [  # no robustness scan: seconds, not minutes
    {"check": "metric", "metric": "roc_auc", "min": 0.75},
    {"check": "four_fifths", "column": "age", "severity": "warn"},
    {"check": "four_fifths", "column": "personal_status_sex", "min": 0.8, "severity": "warn"}]}


@pytest.mark.parametrize("threshold", [0.215, 0.5])
def test_the_briefs_counts_are_the_measures_at_the_threshold(german_case, threshold):
    result = gate(german_case, QUICK, threshold=threshold)
    go = brief(german_case, result)
    found = measures(german_case, threshold=threshold)
    assert go.positives + go.negatives == found.value("count") == len(german_case.X)
    assert go.missed / go.positives == pytest.approx(found.value("false_negative_rate"))
    assert go.false_alarms / go.negatives == pytest.approx(found.value("false_positive_rate"))
    expected = {0.215: (2, 118), 0.5: (63, 3)}[threshold]  # the counts a manager reads (German credit holdout)
    assert (go.missed, go.false_alarms) == expected
    sentence = words.outcomes_sentence(go)
    assert sentence == (f"At the threshold {threshold:g} the model misses {go.missed} of {go.positives} bad cases and "
                        f"wrongly flags {go.false_alarms} of {go.negatives} good ones.")
    ratios = {c.name: c.value for c in result.checks if c.check == "four_fifths"}  # the gate's own four-fifths ratio
    worst = go.gaps[0]
    assert worst["ratio"] == pytest.approx(min(ratios.values()))
    assert worst["checked"] and worst["status"] == next(c.status for c in result.checks
                                                        if c.check == "four_fifths" and worst["column"] in c.name)


def test_the_decision_and_fixes_follow_the_verdict(german_case):
    failing = {"checks": [{"check": "metric", "metric": "roc_auc", "min": 0.99},
                          {"check": "four_fifths", "column": "age", "severity": "warn"}]}
    go = brief(german_case, gate(german_case, failing, threshold=0.215))
    assert go.decision == "no-go"
    assert words.decision_line(go) == "No-go: 1 of 2 checks stop the release."
    assert [f["number"] for f in go.fixes] == [1, 2]  # the failed check first, then the exception
    assert words.fixes(go)[0].startswith("ROC AUC at least 0.99 (judged on its lower bound) (stops the release)")
    assert "'under 27'" in words.fixes(go)[1]  # the worst-treated group of age is named
    passing = brief(german_case, gate(german_case, {"checks": [{"check": "metric", "metric": "roc_auc", "min": 0.5}]},
                                      threshold=0.215))
    assert passing.decision == "go" and words.fixes(passing) == []
    assert words.decision_line(passing) == "Go: all 1 checks pass."


def test_plain_check_names():
    assert words.plain_name({"check": "four_fifths", "column": "age", "min": 0.8}) == \
        "Each group of age is approved at least 80% as often as the best-treated group"
    assert words.plain_name({"check": "metric", "metric": "roc_auc", "min": 0.75}) == \
        "ROC AUC at least 0.75 (judged on its lower bound)"
    assert words.plain_name({"check": "coverage", "level": 0.9, "tolerance": 0.05}) == \
        "90% confidence sets hold the truth at least 85% of the time"


EVERY_KEY = {"title": "Every key", "threshold": 0.3, "not_judged": "fail", "checks": [
    {"check": "metric", "metric": "brier_score", "max": 0.2, "why": "Honest probabilities."},
    {"check": "group_gap", "column": "age", "metric": "recall", "max": 0.1, "min_rows": 20},
    {"check": "group_ratio", "column": "age", "metric": "selection_rate", "min": 0.8},
    {"check": "four_fifths", "column": "age"},
    {"check": "coverage", "level": 0.9, "tolerance": 0.05, "severity": "warn"},
    {"check": "drift", "max_psi": 0.25, "columns": ["age", "credit_amount"]},
    {"check": "slices", "columns": "sensitive", "max_significant": 0},
    {"check": "champion", "metric": "roc_auc", "max_drop": 0.005, "groups": ["age"]},
    {"check": "robustness", "max_flip_rate": 0.02},
    {"check": "leakage"}, {"check": "determinism", "severity": "fail"},
    {"check": "value", "over": "approve_all", "min_gain": 0},
    {"check": "review_share", "max": 0.2}]}


@pytest.mark.parametrize("policy", [EVERY_KEY, "default"])
def test_policy_to_form_to_policy_is_lossless(german_case, german, policy):
    start = read_policy(policy) if policy != "default" else default_policy(german_case, reference=german.training_path)
    settings, entries = table.to_form(start)
    shown = [table.with_severity(table.with_bar(e, table.bar(e)), e.get("severity", "fail")) for e in entries]
    again = read_policy(table.from_form(settings, shown))
    assert as_mapping(again) == as_mapping(start)
    assert again.text == start.text and again.threshold == start.threshold and again.not_judged == start.not_judged


def test_the_form_edits_only_the_bar():
    coverage = {"check": "coverage", "level": 0.9, "tolerance": 0.05, "severity": "warn"}
    assert table.bar(coverage) == 0.85
    assert table.with_bar(coverage, 0.8) == {**coverage, "tolerance": 0.1}
    assert table.with_bar({"check": "four_fifths", "column": "age"}, 0.7) == {"check": "four_fifths", "column": "age",
                                                                              "min": 0.7}
    assert table.with_bar({"check": "slices", "max_significant": 0}, 2.0) == {"check": "slices", "max_significant": 2}
    assert table.with_severity({"check": "leakage"}, "warn") == {"check": "leakage", "severity": "warn"}
    assert table.bar({"check": "leakage"}) is None


def _page():
    app = AppTest.from_file(APP, default_timeout=300).run()
    app.switch_page(PAGE).run()
    next(s for s in app.sidebar.slider if s.label.startswith("Decision threshold")).set_value(0.215).run()
    assert not app.exception, app.exception
    return app


def _policy_text(app) -> dict:
    return yaml.safe_load(next(t for t in app.text_area if t.label == "The policy as YAML").value)


def _checks_tables(app) -> list:
    """The page's tables of judged checks, found by their content (a "check" column of numbered names beside the
    evidence): the checks table and, under "How this was computed", the same checks with their bounds."""
    return [d.value for d in app.dataframe if {"check", "evidence"} <= set(d.value.columns)]


def test_the_page_shows_the_brief_first_and_the_form_round_trips(clean_environment, german):
    app = _page()
    case = app.session_state["case"]
    main = [e for e in app.main if type(e).__name__ not in ("Block", "SpecialBlock")]
    assert main[0].value == "May it go live?"
    decision = main[1]
    assert type(decision).__name__ in ("Warning", "Error", "Success")
    assert decision.value.startswith(("Go", "No-go"))
    found = measures(case, threshold=0.215)
    missed = round(found.value("false_negative_rate") * 90)
    assert f"misses {missed} of 90 bad cases" in main[2].value and "**Misses and false alarms.**" in main[2].value
    assert main[3].value.startswith("**What to fix next**")
    start = default_policy(case, reference=str(german.training_path))
    assert _policy_text(app) == as_mapping(start)  # untouched form: the policy as written
    tables = _checks_tables(app)
    assert tables and len(tables) == len(app.dataframe)  # the judged checks only: no None-filled editor grid
    assert all(list(t["check"]) == list(tables[0]["check"]) for t in tables)
    age = next(i for i, e in enumerate(as_mapping(start)["checks"], 1) if e.get("column") == "age")
    next(n for n in app.number_input if n.label == f"Bar of check {age}").set_value(0.7).run()
    assert not app.exception, app.exception
    edited = _policy_text(app)
    expected = as_mapping(start)
    expected["checks"][age - 1] = {**expected["checks"][age - 1], "min": 0.7}
    assert edited == expected
    names = list(_checks_tables(app)[0]["check"])
    assert any(f"{age}. Four-fifths rule by age" in n and "at least 70%" in n for n in names), names
    next(b for b in app.button if b.proto.help == "Delete check 1").click().run()
    assert _policy_text(app)["checks"] == expected["checks"][1:]
    next(b for b in app.button if b.label == "Add").click().run()
    assert _policy_text(app)["checks"][-1] == {"check": "metric", "metric": "roc_auc", "min": 0.75}


def test_the_report_release_section_opens_with_the_pages_sentences(german_case, german):
    from explainers.report import context
    from explainers.report.blocks import Blocks
    from explainers.report.registry import chosen

    ctx = context(german_case, reference=german.training_path, threshold=0.215)
    result = gate(german_case, QUICK, threshold=0.215)
    remember(ctx, result)
    out = Blocks(figures=False)
    [release] = chosen(["release"])
    release.build(ctx, out)
    lines = words.brief_lines(brief(german_case, result))
    assert out.sentences[:len(lines)] == lines
    assert out.items[0] == {"kind": "text", "text": words.decision_line(brief(german_case, result)), "css": "verdict"}
    assert "misses 2 of 90 bad cases" in lines[1]


def test_edit_as_text_replaces_the_form_and_a_bad_text_changes_nothing(clean_environment):
    app = _page()
    box = next(t for t in app.text_area if t.label == "The policy as YAML")
    box.set_value("checks: [{check: metric, metric: roc_auc, min: 0.8}]")
    next(b for b in app.button if b.label == "Use this text").click().run()
    assert not app.exception, app.exception
    assert _policy_text(app) == {"checks": [{"check": "metric", "metric": "roc_auc", "min": 0.8}]}
    assert [n.label for n in app.number_input] == ["Bar of check 1"]
    next(t for t in app.text_area if t.label == "The policy as YAML").set_value("checks: [{check: nonsense}]")
    next(b for b in app.button if b.label == "Use this text").click().run()
    assert any("unknown check 'nonsense'" in e.value for e in app.error), [e.value for e in app.error]
    assert _policy_text(app)["checks"] == [{"check": "nonsense"}]  # the text stays, to be fixed ...
    assert [n.value for n in app.number_input] == [0.8]  # ... and the form and the verdict keep the last good policy
    assert list(_checks_tables(app)[0]["check"]) == ["1. ROC AUC at least 0.8"]
