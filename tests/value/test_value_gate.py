"""The gate's value and review_share checks: pass, warn and fail on interval bounds, and a wrong fallback named."""

from __future__ import annotations

import pytest

import explainers

THRESHOLD = 0.215


def _statuses(case, checks: str, **options) -> list:
    result = explainers.gate(case, "checks:\n" + checks, threshold=THRESHOLD, n_boot=300, **options)
    return result.checks


def test_value_check_passes_warns_and_fails_on_the_lower_bound(german_case):
    found = explainers.value(german_case, threshold=THRESHOLD, n_boot=300)
    low = found.row("approve_all")["low"] / 300 * 1000  # the gain's lower bound per 1,000 decisions
    gain = found.row("approve_all")["difference"] / 300 * 1000
    checks = _statuses(german_case, f"""
  - {{check: value, over: approve_all, min_gain: 0}}
  - {{check: value, over: approve_all, min_gain: {round((low + gain) / 2, 3)}, severity: warn}}
  - {{check: value, over: approve_all, min_gain: {round((low + gain) / 2, 3)}}}
""")
    assert [c.status for c in checks] == ["pass", "warn", "fail"]
    assert checks[0].bound == pytest.approx(low) and checks[0].bound_name == "lower bound"
    assert "approving everyone" in checks[0].name and "Fallback plan:" in checks[0].evidence
    assert "(the point estimate alone would meet it" in checks[2].evidence


def test_review_share_check_passes_warns_and_fails_on_the_upper_bound(german_case):
    found = explainers.value(german_case, threshold=THRESHOLD, n_boot=300)
    high = found.best_band.share_high
    assert 0.2 < found.best_band.review_share < high  # the best band at the sidecar's costs sends about 30%
    checks = _statuses(german_case, f"""
  - {{check: review_share, max: {round(high + 0.01, 3)}}}
  - {{check: review_share, max: 0.2, severity: warn}}
  - {{check: review_share, max: 0.2}}
""")
    assert [c.status for c in checks] == ["pass", "warn", "fail"]
    assert checks[2].bound == pytest.approx(high) and checks[2].bound_name == "upper bound"


def test_a_fallback_the_gate_cannot_price_is_not_judged_and_a_wrong_name_is_refused(german_case):
    checks = _statuses(german_case, "  - {check: value, over: champion, min_gain: 0}\n")
    assert checks[0].status == "not judged" and "champion" in checks[0].evidence
    with pytest.raises(explainers.InputError, match="must name a fallback"):
        _statuses(german_case, "  - {check: value, over: everyone, min_gain: 0}\n")


# -- regressors: priced per unit of error (bike_rentals' sidecar), the same two checks ---------------------------
@pytest.fixture(scope="module")
def bike_case(sample_cases_built):
    from tests.conftest import load_quietly
    bike = sample_cases_built["bike_rentals"]
    return load_quietly(bike.model_path, bike.holdout_path)


def test_a_regressor_is_judged_on_value_and_review_share(bike_case):
    found = explainers.value(bike_case, n_boot=300)
    share = found.best_band.share_high
    assert 0.1 < share < 0.2 and found.row("median")["low"] > 0  # the bounds the bars below sit either side of
    checks = explainers.gate(bike_case, """checks:
  - {check: value, over: approve_all, min_gain: 0}
  - {check: value, over: median, min_gain: 0}
  - {check: review_share, max: 0.2}
  - {check: review_share, max: 0.1, severity: warn}
  - {check: review_share, max: 0.1}
  - {check: value, over: reject_all, min_gain: 0}
""", n_boot=300).checks
    assert [c.status for c in checks] == ["pass", "pass", "pass", "warn", "fail", "not judged"]
    assert checks[0].bound == pytest.approx(found.row("median")["low"] / found.rows * 1000)
    assert checks[2].bound == pytest.approx(share) and "predictions" in checks[2].evidence
    assert "training median" in checks[5].evidence


def test_a_regressors_policy_templates_and_brief_include_its_value(bike_case):
    from explainers.gate import brief
    from explainers.gate.table import templates
    added = {t["check"]: t for t in templates(bike_case, [])}
    assert added["value"]["over"] == "median" and added["review_share"]["max"] == 0.2
    assert added["metric"] == {"check": "metric", "metric": "r2", "min": 0.5}  # not "MAE at least 0.5"
    result = explainers.gate(bike_case, "checks:\n  - {check: value, over: median, min_gain: 0}\n", n_boot=300)
    assert "per 1,000 predictions" in result.checks[0].name
    result = explainers.gate(bike_case, "checks:\n  - {check: value, over: median, min_gain: 0}\n", n_boot=300)
    go = brief(bike_case, result)
    assert go.worth is not None and go.worth.task == "regression" and go.value_note == ""


def test_the_median_fallback_is_not_judged_for_a_classifier(german_case):
    checks = _statuses(german_case, "  - {check: value, over: median, min_gain: 0}\n")
    assert checks[0].status == "not judged" and "prices a regressor" in checks[0].evidence
