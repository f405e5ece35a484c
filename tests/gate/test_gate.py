"""Release gate (issue 16): policies judged on interval bounds, bad policies, champion, CLI exit codes, JUnit, report."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

import explainers
from explainers.__main__ import main
from explainers.core.measures import measures
from explainers.gate import export
from explainers.report import render
from tests.conftest import load_quietly

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "sample_models" / "policies" / "german_credit.yaml"
QUICK = [{"check": "metric", "metric": "roc_auc", "min": 0.7},
         {"check": "metric", "metric": "expected_calibration_error", "max": 0.25},
         {"check": "group_gap", "column": "personal_status_sex", "metric": "recall", "max": 0.6},
         {"check": "coverage", "level": 0.9, "tolerance": 0.2},
         {"check": "slices", "columns": "sensitive", "max_significant": 0}]


@pytest.fixture(scope="module")
def linear(cases):
    return cases["german_credit_linear"]


def _with_policy(case, policy):
    """The case as if its sidecar held ``policy`` (read_metadata gives it the Metadata's own field)."""
    from explainers.io.sidecar import read_metadata

    return dataclasses.replace(case, metadata=read_metadata(case.metadata, {"policy": policy}))


def test_a_policy_the_sample_meets_passes_with_evidence_and_rollback(linear):
    result = explainers.gate(linear, QUICK, n_boot=300)
    assert isinstance(result, explainers.GateResult) and result.passed
    assert [c.status for c in result.checks] == ["pass"] * len(QUICK)
    auc = result.checks[0]
    assert auc.bound == auc.low < auc.value < auc.high and auc.bound_name == "lower bound"
    assert "lower bound" in auc.evidence and auc.rollback.startswith("Roll back when roc_auc < 0.7")
    assert result.checks[1].bound == result.checks[1].high  # a maximum is judged on the upper bound
    assert json.loads(json.dumps(result.to_dict(), allow_nan=False))["passed"] is True


def test_a_threshold_between_point_and_bound_fails_and_warn_only_still_passes(linear):
    first = explainers.gate(linear, QUICK[:2], n_boot=300).checks
    auc, ece = first
    between_auc, between_ece = (auc.value + auc.low) / 2, (ece.value + ece.high) / 2
    policy = [{"check": "metric", "metric": "roc_auc", "min": round(between_auc, 4)},
              {"check": "metric", "metric": "expected_calibration_error", "max": round(between_ece, 4)}]
    failed = explainers.gate(linear, policy, n_boot=300)
    assert not failed.passed and [c.status for c in failed.checks] == ["fail", "fail"]
    assert "point estimate alone would meet it" in failed.checks[0].evidence
    warned = explainers.gate(linear, [dict(p, severity="warn") for p in policy], n_boot=300)
    assert warned.passed and [c.status for c in warned.checks] == ["warn", "warn"]


def test_same_seed_same_verdict(linear):
    a = explainers.gate(linear, QUICK[:1], n_boot=200, random_state=3).checks[0]
    b = explainers.gate(linear, QUICK[:1], n_boot=200, random_state=3).checks[0]
    assert (a.low, a.high) == (b.low, b.high)


def test_group_checks_read_the_measures_layers_difference_and_ratio(linear):
    policy = [{"check": "group_ratio", "column": "personal_status_sex", "metric": "selection_rate", "min": 0.8},
              {"check": "group_gap", "column": "personal_status_sex", "metric": "recall", "max": 0.6}]
    ratio, gap = explainers.gate(linear, policy, n_boot=200).checks
    assert ratio.status == "fail" and ratio.bound == ratio.low <= ratio.value < 0.8 and ratio.limit == 0.8
    found = measures(linear, by="personal_status_sex", threshold=0.5, n_boot=200)
    expected = found.ratio(min_rows=30).loc["selection_rate"]
    assert (ratio.value, ratio.low, ratio.high) == pytest.approx((expected["value"], expected["low"], expected["high"]))
    spread = found.difference(min_rows=30).loc["recall"]
    assert (gap.value, gap.bound) == pytest.approx((spread["value"], spread["high"])) and gap.bound == gap.high


def test_a_check_that_cannot_be_measured_is_not_judged_with_its_reason_and_the_policy_may_fail_it(linear):
    policy = [{"check": "group_ratio", "column": "personal_status_sex", "metric": "selection_rate", "min": 0.1,
               "min_rows": 100}, QUICK[0]]
    result = explainers.gate(linear, policy, n_boot=200)
    unjudged = result.checks[0]
    assert unjudged.status == "not judged" and "fewer than two groups" in unjudged.reason
    assert "Not judged" in unjudged.evidence and unjudged.rollback == ""
    assert result.passed and "1 could not be judged" in export.document(result)["verdict"]
    strict = explainers.gate(linear, {"not_judged": "fail", "checks": policy}, n_boot=200)
    assert not strict.passed and strict.failed == [strict.checks[0]]
    assert ET.fromstring(export.to_junit(strict).split("\n", 1)[1]).find(".//failure") is not None
    assert ET.fromstring(export.to_junit(result).split("\n", 1)[1]).find(".//skipped") is not None


def test_warnings_that_miss_their_bar_are_exceptions_named_and_listed_first(linear):
    policy = [QUICK[0], {"check": "metric", "metric": "roc_auc", "min": 0.99, "severity": "warn"}]
    result = explainers.gate(linear, policy, n_boot=200)
    assert result.passed and [c.number for c in result.in_reading_order()] == [2, 1]
    assert export.document(result)["verdict"].startswith(
        "May go live only with accepted exceptions: 1 check misses its bar (2. ROC AUC at least 0.99)")
    assert list(result.table()["number"]) == [2, 1] and "limit" in result.table().columns


@pytest.mark.parametrize("policy, words", [
    ([{"check": "speed", "max": 1}], ["check 1", "unknown check 'speed'", "metric"]),
    ([{"check": "metric", "metric": "roc_acu", "min": 0.8}], ["check 1", "unknown metric 'roc_acu'", "roc_auc"]),
    ([QUICK[0], {"check": "group_gap", "column": "gender", "metric": "recall", "max": 0.1}],
     ["check 2", "unknown column", "'gender'"]),
    ([{"check": "metric", "metric": "roc_auc"}], ["check 1", "exactly one of ['max', 'min']"]),
    ([{"check": "coverage", "level": "high", "tolerance": 0.03}], ["check 1", "'level' must be a number"]),
    ([{"check": "drift", "max_psi": 0.25}], ["check 1", "needs reference data"]),
    ([{"check": "champion", "metric": "roc_auc", "max_drop": 0.01}], ["check 1", "needs the champion"]),
    ([{"check": "group_ratio", "column": "age", "metric": "positive_rate", "min": 0.8}],
     ["check 1", "'positive_rate' is now called 'selection_rate'"]),
    ([{"check": "four_fifths", "column": "age", "metric": "selection_rate"}], ["check 1", "unknown key 'metric'"]),
    ({"threshold": 1.5, "checks": QUICK[:1]}, ["'threshold' must be a decision threshold between 0 and 1"]),
    ({"not_judged": "maybe", "checks": QUICK[:1]}, ["'not_judged' must be 'allow'"]),
    ("checks: [ {check: metric", ["not valid YAML", "line"]),
    ({"checks": QUICK, "owner": "me"}, ["unknown top-level key", "owner"]),
])
def test_bad_policies_are_input_errors_naming_the_check_and_the_fix(linear, policy, words):
    with pytest.raises(explainers.InputError) as err:
        explainers.gate(linear, policy)
    for word in words:
        assert word in str(err.value), (word, str(err.value))


def test_a_check_that_needs_labels_on_unlabelled_data_is_refused(sample_cases_built):
    s = sample_cases_built["german_credit_linear"]
    unlabelled = load_quietly(s.model_path, pd.read_csv(s.holdout_path).drop(columns="credit_risk"))
    with pytest.raises(explainers.InputError, match="check 1 .*needs labelled rows"):
        explainers.gate(unlabelled, QUICK[:1])


def _planted(n: int = 1500):
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"x1": rng.normal(size=n), "x2": rng.normal(size=n), "group": rng.choice(["a", "b"], n)})
    frame["y"] = np.where(rng.random(n) < 1 / (1 + np.exp(-(2 * frame["x1"] + frame["x2"]))), "yes", "no")
    strong = LogisticRegression().fit(frame[["x1", "x2"]], frame["y"])
    weak = LogisticRegression().fit(frame[["x2"]], frame["y"])
    test = frame.sample(800, random_state=1)
    return load_quietly(strong, test[["x1", "x2", "y"]], target="y"), load_quietly(weak, test[["x2", "y"]], target="y")


def test_a_challenger_worse_than_its_champion_beyond_max_drop_fails_and_an_equal_one_passes():
    champion, weaker = _planted()
    policy = [{"check": "champion", "metric": "roc_auc", "max_drop": 0.02}]
    worse = explainers.gate(weaker, policy, champion=champion, n_boot=300).checks[0]
    assert worse.status == "fail" and worse.low > 0.02 and "champion" in worse.evidence
    same = explainers.gate(champion, policy, champion=champion, n_boot=300).checks[0]
    assert same.status == "pass" and same.value == 0


def test_robustness_leakage_and_determinism_read_the_scan(linear):
    policy = [{"check": "robustness", "max_flip_rate": 0.5}, {"check": "leakage"}, {"check": "determinism"},
              {"check": "robustness", "max_flip_rate": 0.01, "severity": "warn"}]
    result = explainers.gate(linear, policy)
    assert [c.status for c in result.checks] == ["pass", "pass", "pass", "warn"]
    flips = result.checks[0]
    assert flips.bound == flips.high >= flips.value and flips.anchor == "robustness"


def test_sidecar_policy_is_used_and_the_report_shows_the_release_decision_after_the_summary(linear):
    case = _with_policy(linear, {"checks": QUICK[:2]})
    document = json.loads(render(case, format="json", sections=["release", "summary"]))
    assert list(document["sections"]) == ["summary", "release"]  # the summary page first, the decision right after
    release = document["sections"]["release"]
    assert release["results"]["gate"]["policy_source"] == "the sidecar's policy"
    assert release["sentences"][0].startswith("Go: all 2 checks pass")  # the go / no-go line leads
    assert any(s.startswith("May go live: all 2 checks passed") for s in release["sentences"])
    html = render(case, format="html", sections=["release", "performance"])
    assert html.index('id="release"') < html.index('id="performance"') and 'href="#performance"' in html
    assert "Rollback criteria" in html and "Roll back when roc_auc &lt; 0.7" in html


def _cli(tmp_path, sample, policy, *extra) -> tuple[int, str]:
    built = ROOT / "sample_models" / "built"
    argv = ["gate", "--model", str(built / f"{sample}.joblib"), "--data", str(built / f"{sample}_holdout.csv"),
            "--policy", str(policy), "--rounds", "300", *extra]
    return main(argv)


def test_cli_example_policy_passes_with_json_junit_and_report(sample_cases_built, tmp_path, capsys):
    out = tmp_path / "v.json", tmp_path / "v.xml", tmp_path / "r.html"
    code = _cli(tmp_path, "german_credit_linear", POLICY, "--json", str(out[0]), "--junit", str(out[1]),
                "--report", str(out[2]))
    assert code == 0, capsys.readouterr()
    verdict = json.loads(out[0].read_text())
    assert verdict["passed"] and len(verdict["inputs"]["model"]) == 64 and verdict["inputs"]["policy"]
    assert verdict["inputs"]["threshold"] == 0.5 and verdict["inputs"]["seed"] == 0
    assert {"name", "status", "value", "limit", "evidence"} <= set(verdict["checks"][0])
    assert "threshold" not in verdict["checks"][0]  # one word, one meaning: a check's bar is its limit
    suite = ET.parse(out[1]).getroot().find("testsuite")
    assert len(suite.findall("testcase")) == len(verdict["checks"]) and not suite.findall(".//failure")
    assert "Release decision" in out[2].read_text()


def test_cli_failing_policy_exits_1_naming_the_check_and_value_and_junit_holds_the_failure(
        sample_cases_built, tmp_path, capsys):
    policy = tmp_path / "strict.yaml"
    policy.write_text("checks:\n  - {check: metric, metric: roc_auc, min: 0.99}\n"
                      "  - {check: metric, metric: accuracy, min: 0.5}\n"
                      "  - {check: metric, metric: recall, min: 0.99, severity: warn}\n")
    junit = tmp_path / "v.xml"
    assert _cli(tmp_path, "german_credit_linear", policy, "--junit", str(junit)) == 1
    printed = capsys.readouterr().out
    assert "[FAIL] 1. ROC AUC at least 0.99" in printed and "ROC AUC is 0.84" in printed
    cases = ET.parse(junit).getroot().findall(".//testcase")
    assert len(cases) == 3 and [c.find("failure") is not None for c in cases] == [True, False, False]
    assert cases[2].find("system-out").text.startswith("WARNING")


def test_cli_warn_only_exits_0_and_bad_input_exits_2(sample_cases_built, tmp_path, capsys):
    warn = tmp_path / "warn.yaml"
    warn.write_text("checks: [{check: metric, metric: roc_auc, min: 0.99, severity: warn}]\n")
    assert _cli(tmp_path, "german_credit_linear", warn) == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("checks: [{check: metric, metric: auroc, min: 0.8}]\n")
    capsys.readouterr()
    assert _cli(tmp_path, "german_credit_linear", bad) == 2
    assert "unknown metric 'auroc'" in capsys.readouterr().err
    assert _cli(tmp_path, "german_credit_linear", tmp_path / "missing.yaml") == 2


def test_export_without_a_cli(linear):
    result = explainers.gate(linear, QUICK[:1], n_boot=200)
    assert export.document(result)["checks"][0]["status"] == "pass"
    assert ET.fromstring(export.to_junit(result).split("\n", 1)[1]).tag == "testsuites"


def test_the_policy_table_round_trips_through_the_editor_form():
    from explainers.gate.policy import read_policy
    from explainers.gate.table import from_table, to_table

    policy = read_policy(POLICY)
    again = read_policy(from_table(to_table(policy)))
    assert [(c.kind, c.options, c.severity, c.why) for c in again.checks] == \
           [(c.kind, c.options, c.severity, c.why) for c in policy.checks]


def test_drift_is_judged_on_the_psi_upper_bound_and_a_shifted_reference_fails(linear, sample_cases_built):
    training = pd.read_csv(sample_cases_built["german_credit_linear"].training_path)
    same = explainers.gate(linear, [{"check": "drift", "max_psi": 0.25}], reference=training, n_boot=300).checks[0]
    assert same.status == "pass" and same.low <= same.value <= same.bound == same.high <= 0.25
    shifted = training.assign(credit_amount=training["credit_amount"] * 3, age=training["age"] + 25)
    moved = explainers.gate(linear, [{"check": "drift", "max_psi": 0.25}], reference=shifted, n_boot=300).checks[0]
    assert moved.status == "fail" and moved.value > 0.25 and "drift" in moved.evidence
