"""The gate decides at the person's threshold (issues 25 and 26): the library, a policy's own threshold, the
command line and the report's release section; the four-fifths rule measures the favourable outcome."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import explainers
from explainers.__main__ import main
from explainers.core.measures import measures
from explainers.failures.fairness import fairness
from explainers.gate import export, words
from explainers.report import render
from tests.conftest import load_quietly

COLUMN = "personal_status_sex"
RATIO = {"check": "group_ratio", "column": COLUMN, "metric": "selection_rate", "min": 0.8, "min_rows": 1}
BUILT = Path(__file__).resolve().parents[2] / "sample_models" / "built"


@pytest.fixture(scope="module")
def german(cases):
    return cases["german_credit"]


def _ratio(case, threshold):
    return measures(case, by=COLUMN, threshold=threshold, n_boot=200).ratio().loc["selection_rate"]


def test_the_selection_rate_ratio_is_judged_at_the_threshold_given(german):
    at_03 = explainers.gate(german, [RATIO], threshold=0.3, n_boot=200)
    at_05 = explainers.gate(german, [RATIO], threshold=0.5, n_boot=200)
    low, high = at_03.checks[0], at_05.checks[0]
    assert abs(low.value - high.value) > 0.05  # the decisions moved, so did the ratio
    expected = _ratio(german, 0.3)
    assert (low.value, low.low, low.high) == pytest.approx((expected["value"], expected["low"], expected["high"]))
    assert high.value == pytest.approx(_ratio(german, 0.5)["value"])
    assert at_03.threshold == 0.3 and at_03.threshold_source == "given"
    assert "threshold 0.3" in at_03.method and words.headline(at_03).endswith("Decided at the threshold 0.3.")


def test_a_policy_with_its_own_threshold_overrides_the_argument_and_says_so(german):
    result = explainers.gate(german, {"threshold": 0.3, "checks": [RATIO]}, threshold=0.5, n_boot=200)
    assert result.threshold == 0.3 and result.threshold_source == "policy"
    assert result.checks[0].value == pytest.approx(_ratio(german, 0.3)["value"])
    assert words.headline(result).endswith("Decided at the threshold 0.3 (the policy's own).")
    inputs = export.document(result)["inputs"]
    assert inputs["threshold"] == 0.3 and inputs["threshold_source"] == "policy" and len(inputs["policy"]) == 64


@pytest.mark.parametrize("threshold", [0.3, 0.5])
def test_four_fifths_compares_the_favourable_outcome_as_the_fairness_section_does(german, threshold):
    check = explainers.gate(german, [{"check": "four_fifths", "column": COLUMN}], threshold=threshold,
                            n_boot=200).checks[0]
    table = fairness(german, COLUMN, threshold=threshold).table
    assert check.value == pytest.approx(table.loc[~table["small"], "favourable_ratio"].min())
    assert "'good'" in check.name and check.limit == 0.8 and check.bound == check.low <= check.value


def test_the_default_policy_judges_four_fifths_not_a_selection_rate_ratio(german):
    from explainers.gate.default import default_policy

    kinds = [c.kind for c in default_policy(german).checks]
    assert "four_fifths" in kinds and "group_ratio" not in kinds


def test_the_command_line_takes_threshold_and_the_verdict_carries_its_inputs(sample_cases_built, tmp_path, capsys):
    policy = tmp_path / "p.yaml"
    policy.write_text("checks:\n  - {check: group_ratio, column: personal_status_sex, metric: selection_rate, "
                      "min: 0.1, min_rows: 1}\n")
    out = tmp_path / "v.json"
    argv = ["gate", "--model", str(BUILT / "german_credit.joblib"), "--data", str(BUILT / "german_credit_holdout.csv"),
            "--policy", str(policy), "--rounds", "200", "--threshold", "0.3", "--json", str(out)]
    assert main(argv) == 0, capsys.readouterr()
    verdict = json.loads(out.read_text())
    assert verdict["inputs"]["threshold"] == 0.3 and verdict["inputs"]["seed"] == 0
    assert len(verdict["inputs"]["model"]) == 64 and len(verdict["inputs"]["data"]) == 64
    assert "Decided at the threshold 0.3" in capsys.readouterr().out
    case = load_quietly(BUILT / "german_credit.joblib", BUILT / "german_credit_holdout.csv")
    assert verdict["checks"][0]["value"] == pytest.approx(_ratio(case, 0.3)["value"])
    assert main([*argv[:-4], "--threshold", "1.5"]) == 2


def test_the_reports_release_decision_decides_at_the_reports_threshold(german):
    document = json.loads(render(german, format="json", sections=["release"], threshold=0.3))
    gate = document["sections"]["release"]["results"]["gate"]
    assert gate["threshold"] == 0.3
    assert any("Decided at the threshold 0.3." in s for s in document["sections"]["release"]["sentences"])
