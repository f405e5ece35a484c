"""What is it worth on German credit (cost matrix: a false positive loses 1, a false negative 5): every
fallback's value recomputed from the decisions by hand, and the paired intervals around the differences."""

from __future__ import annotations

import numpy as np
import pytest

import explainers
from explainers.core.errors import MetadataError
from explainers.io.sidecar import read_metadata
from explainers.value import values_of, words

THRESHOLD = 0.215


@pytest.fixture(scope="module")
def found(german_case, german):
    return explainers.value(german_case, threshold=THRESHOLD, training=german.training_path)


def _price(label_bad: np.ndarray, flagged: np.ndarray) -> float:
    """The documented cost matrix by hand: a good applicant flagged loses 1, a bad one cleared loses 5."""
    return -1.0 * np.sum(flagged & ~label_bad) - 5.0 * np.sum(~flagged & label_bad)


def test_every_fallback_value_equals_the_decisions_priced_by_hand(found, german_case):
    case = german_case
    bad = (case.y == "bad").to_numpy()
    flagged = (case.proba["bad"] >= THRESHOLD).to_numpy()
    rows = found.fallbacks.set_index("name")
    review = -0.5  # no review cost stated: half the cheaper error
    expected = {"model": _price(bad, flagged), "all_positive": _price(bad, np.ones_like(bad)),
                "all_negative": _price(bad, np.zeros_like(bad)),
                "one_rule": _price(bad, found.rule.flags(case.X).astype(bool)), "person": review * len(bad)}
    assert list(rows.index) == ["model", "all_negative", "all_positive", "one_rule", "person"]  # approving first
    for name, value in expected.items():
        assert rows.loc[name, "value"] == pytest.approx(value), name
        assert rows.loc[name, "per_1000"] == pytest.approx(value / len(bad) * 1000), name
        assert rows.loc[name, "difference"] == pytest.approx(expected["model"] - value), name
    assert expected["model"] == -128.0 and expected["all_negative"] == -450.0  # 90 bad applicants approved lose 5 each
    for name in ["all_negative", "all_positive", "one_rule", "person"]:
        assert rows.loc[name, "low"] < rows.loc[name, "difference"] < rows.loc[name, "high"], name
    assert found.approve == "all_negative"  # 'good' is the favourable class: approving everyone clears everyone


def test_a_person_with_a_stated_error_rate_is_priced_by_hand(german_case):
    case = german_case
    found = explainers.value(case, threshold=THRESHOLD, fallbacks=["person"], review_error=0.1,
                             values={"review": -0.3, "true_negative": 0.2})
    bad = (case.y == "bad").to_numpy()
    person = len(bad) * -0.3 + bad.sum() * (0.9 * 0 + 0.1 * -5) + (~bad).sum() * (0.9 * 0.2 + 0.1 * -1)
    assert found.row("person")["value"] == pytest.approx(person)
    assert list(found.fallbacks["name"]) == ["model", "person"]


def test_the_rule_is_learned_on_the_training_rows_or_not_at_all(found, german_case):
    assert found.rule.training_rows == 700 and found.rule.column in german_case.X.columns
    without = explainers.value(german_case, threshold=THRESHOLD)
    row = without.row("one_rule")
    assert np.isnan(row["value"]) and "cannot be learned" in row["note"] and without.rule is None


def test_the_paired_interval_is_reproducible_and_seeded(german_case, german):
    a = explainers.value(german_case, threshold=THRESHOLD, random_state=3)
    b = explainers.value(german_case, threshold=THRESHOLD, random_state=3)
    c = explainers.value(german_case, threshold=THRESHOLD, random_state=4)
    assert a.row("approve_all")["low"] == b.row("approve_all")["low"]
    assert a.row("approve_all")["low"] != c.row("approve_all")["low"]


def test_values_come_from_the_sidecar_value_then_its_costs(german_case):
    assert values_of(german_case).false_negative == -5.0 and values_of(german_case).source == "sidecar costs"
    meta = read_metadata({"value": {"currency": "EUR", "false_negative": -1000, "review": -15, "monthly_volume": 4000}})
    assert meta.value["monthly_volume"] == 4000.0
    with pytest.raises(MetadataError, match="unknown keys"):
        read_metadata({"value": {"tp": 1}})
    with pytest.raises(explainers.InputError, match="Unknown value key"):
        explainers.value(german_case, values={"tp": 3})


def test_the_headline_names_money_plainly(german_case):
    found = explainers.value(german_case, threshold=THRESHOLD, fallbacks=["all_negative"],
                             values={"currency": "EUR", "false_positive": -200, "false_negative": -1000,
                                     "monthly_volume": 5000})
    text = words.headline(found)
    gain = found.row("approve_all")["difference"] / 300 * 5000
    assert text.startswith("Using the model saves about €") and "a month compared with approving everyone" in text
    assert words.money(gain, found.values) in text and words.money(41_234, found.values) == "€41,200"
    assert found.row("model")["per_month"] == pytest.approx(found.row("model")["value"] / 300 * 5000)


def test_other_tasks_are_refused(cases):
    with pytest.raises(explainers.InputError, match="yes/no decision or per unit of error"):
        explainers.value(cases["wine"])
