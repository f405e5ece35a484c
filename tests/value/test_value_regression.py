"""What a regressor is worth on bike rentals (2 lost per rental off, 5 per review): every fallback's value
recomputed by hand, the review curve against brute force over bands of the widest conformal intervals, and
the deferral by group on a case built so that one group's intervals are twice as wide as the other's."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest

import explainers
from explainers.value import error_values_of, words
from explainers.value.regression import error_review_curve
from explainers.value.value import Value
from tests.conftest import load_quietly

VALUES = {"per_unit_error": -2.0, "review": -5.0}


@pytest.fixture(scope="module")
def bike(sample_cases_built):
    return sample_cases_built["bike_rentals"]


@pytest.fixture(scope="module")
def bike_case(bike):
    return load_quietly(bike.model_path, bike.holdout_path)


@pytest.fixture(scope="module")
def found(bike_case, bike):
    return explainers.value(bike_case, values=VALUES, training=bike.training_path, n_boot=300)


def _training(bike) -> pd.DataFrame:
    return pd.read_csv(bike.training_path)


def test_every_regression_fallback_is_priced_by_hand(found, bike_case, bike):
    case, train = bike_case, _training(bike)
    y, predicted = case.y.to_numpy(dtype=float), case.predicted.to_numpy(dtype=float)
    mae = np.abs(y - predicted).mean()
    median = float(np.median(train["rentals"]))
    rule = found.rule
    low = train[rule.column] < rule.cut  # the rule by hand: each side's training mean
    assert rule.kind == "cut" and rule.low_mean == pytest.approx(train.loc[low, "rentals"].mean())
    assert rule.high_mean == pytest.approx(train.loc[~low, "rentals"].mean())
    by_rule = np.where(case.X[rule.column] < rule.cut, rule.low_mean, rule.high_mean)
    expected = {"model": -2.0 * np.abs(y - predicted).sum(), "median": -2.0 * np.abs(y - median).sum(),
                "one_rule": -2.0 * np.abs(y - by_rule).sum(),
                "person": len(y) * (-5.0 - 2.0 * mae)}  # unstated: the person errs like the model on average
    rows = found.fallbacks.set_index("name")
    assert list(rows.index) == ["model", "median", "one_rule", "person"]
    for name, value in expected.items():
        assert rows.loc[name, "value"] == pytest.approx(value), name
        assert rows.loc[name, "per_1000"] == pytest.approx(value / len(y) * 1000), name
        assert rows.loc[name, "difference"] == pytest.approx(expected["model"] - value), name
    for name in ["median", "one_rule", "person"]:
        assert rows.loc[name, "low"] < rows.loc[name, "difference"] < rows.loc[name, "high"], name
    assert rows.loc["person", "difference"] == pytest.approx(5.0 * len(y))  # as accurate as the model: the reviews
    assert found.median == median and found.review_error == pytest.approx(mae) and found.review_error_assumed
    assert found.row("approve_all")["name"] == "median"  # the gate's approve_all: the do-nothing constant


def test_the_rule_is_the_best_single_cut_on_the_training_rows(found, bike):
    train = _training(bike)
    y, x = train["rentals"].to_numpy(dtype=float), train[found.rule.column].to_numpy(dtype=float)
    errors = []
    for cut in np.unique(x)[1:]:
        low = x < cut
        errors.append(np.abs(y - np.where(low, y[low].mean(), y[~low].mean())).mean())
    assert found.rule.training_mae == pytest.approx(min(errors))
    median_mae = np.abs(y - np.median(y)).mean()
    assert found.rule.training_mae < median_mae  # one column beats one constant on the training rows


def test_a_stated_person_error_and_the_median_without_training_rows(bike_case):
    y = bike_case.y.to_numpy(dtype=float)
    found = explainers.value(bike_case, values=VALUES, fallbacks=["median", "person"], review_error=10.0, n_boot=100)
    rows = found.fallbacks.set_index("name")
    assert rows.loc["person", "value"] == pytest.approx(len(y) * (-5.0 - 2.0 * 10.0))
    assert rows.loc["median", "value"] == pytest.approx(-2.0 * np.abs(y - np.median(y)).sum())
    assert "flatters" in rows.loc["median", "note"] and not found.review_error_assumed
    assert words.name(found, "median") == "predicting the median"


def test_unstated_values_are_assumed_and_said(bike_case):
    mae = float(np.abs(bike_case.y - bike_case.predicted).mean())
    v = error_values_of(bike_case)
    assert (v.per_unit_error, v.source, v.review_assumed) == (-1.0, "default", True)
    assert v.review == pytest.approx(-0.5 * mae)
    side = dataclasses.replace(bike_case, metadata=dataclasses.replace(
        bike_case.metadata, value={"currency": "EUR", "per_unit_error": -3.0, "monthly_volume": 720}))
    v = error_values_of(side)
    assert (v.per_unit_error, v.source, v.currency) == (-3.0, "sidecar value", "EUR")
    assert v.review == pytest.approx(-1.5 * mae)
    with pytest.raises(explainers.InputError, match="per unit of absolute error"):
        explainers.value(bike_case, values={"false_negative": -5})
    with pytest.raises(explainers.InputError, match="is a cost"):
        explainers.value(bike_case, values={"per_unit_error": 2.0})
    with pytest.raises(explainers.InputError, match="mean absolute error"):
        explainers.value(bike_case, review_error=-1.0)


def test_the_sentences_name_the_assumptions(found, bike_case):
    assert words.headline(found).startswith("Using the model saves about ")
    assert "compared with predicting the training median (95% interval" in words.headline(found)
    assert "as accurate as the model on average" in words.values_sentence(found)
    assert "the median is the constant that errs least" in words.rule_sentence(found, bike_case)
    assert "whose conformal interval is wider than" in words.review_sentence(found)


def test_the_curve_equals_brute_force_over_bands(found, bike_case):
    case = bike_case
    widths = explainers.confidence(case, level=0.9).sizes(case.X.index).to_numpy()
    error = np.abs(case.y.to_numpy(dtype=float) - case.predicted.to_numpy(dtype=float))
    model, person = -2.0 * error, np.full(len(error), -5.0 - 2.0 * found.review_error)
    table = found.review
    assert table["reviewed"].iloc[0] == 0 and table["reviewed"].iloc[-1] == len(error)
    assert table["reviewed"].is_monotonic_increasing and len(table) > 50
    for _, row in table.iterrows():
        sent = widths > row["width"]  # +inf: no review; -inf: every row
        assert row["reviewed"] == sent.sum()
        assert row["value"] == pytest.approx(model[~sent].sum() + person[sent].sum())
        assert row["automated_share"] == pytest.approx((~sent).mean())
        assert (np.isnan(row["mae"]) if sent.all() else row["mae"] == pytest.approx(error[~sent].mean()))
    best = found.best_band
    sent = widths > best.width
    assert best.value == pytest.approx(table["value"].max()) and 0 < best.reviewed < len(error)
    assert set(best.review_rows) == set(case.X.index[sent]) and best.reviewed == sent.sum()
    assert best.gain_low <= best.gain <= best.gain_high and best.gain_low > 0
    assert best.share_low <= best.review_share <= best.share_high
    brute = max(model[~(widths > c)].sum() + person[widths > c].sum() for c in [-np.inf, *np.unique(widths)])
    assert best.value <= brute + 1e-6  # every band is one of these cut-offs
    assert best.value == pytest.approx(brute, rel=0.01)  # the 1% grid of cut-offs comes within 1% of the best


def _twice_as_wide(case):
    """Alternate rows in groups A and B; within each group interval widths follow a Pareto tail m / (m - i), A's
    twice B's, and each row's error equals its width. Reviews cost 20 and the person is exact, so the best band
    defers the rows wider than 20: about 10% of A and 5% of B."""
    n = len(case.X)
    group = np.where(np.arange(n) % 2 == 0, "A", "B")
    widths = np.empty(n)
    for name, scale in (("A", 2.0), ("B", 1.0)):
        members = np.flatnonzero(group == name)
        m = len(members)
        widths[members] = scale * m / (m - np.arange(m))
    predicted = pd.Series(case.y.to_numpy(dtype=float) - widths, index=case.X.index, name=case.predicted.name)
    return (dataclasses.replace(case, predicted=predicted), pd.Series(widths, index=case.X.index),
            pd.Series(group, index=case.X.index, name="group"))


def test_one_group_with_twice_as_wide_intervals_is_deferred_twice_as_often(bike_case):
    case, widths, group = _twice_as_wide(bike_case)
    values = error_values_of(case, {"per_unit_error": -1.0, "review": -20.0})
    table, best = error_review_curve(case, values, 0.0, widths, n_boot=200)
    found = Value(fallbacks=pd.DataFrame(), review=table, best_band=best, values=values, threshold=None,
                  rows=len(case.X), approve="median", task="regression", case=case, conformal=widths)
    sent = widths > best.width
    assert best.value == pytest.approx(table["value"].max())
    by = found.review_by_group(group)
    shares = by.table.set_index("group")
    for name in ("A", "B"):
        hand = sent[group == name]
        assert shares.loc[name, "reviewed"] == hand.sum() and shares.loc[name, "share"] == pytest.approx(hand.mean())
    assert shares.loc["A", "share"] == pytest.approx(2 * shares.loc["B", "share"], rel=0.1)
    assert 0.08 < shares.loc["A", "share"] < 0.12
    assert by.ratio == pytest.approx(shares.loc["B", "share"] / shares.loc["A", "share"])
    assert by.ratio == pytest.approx(0.5, abs=0.05) and by.ratio_low < by.ratio < by.ratio_high < 1
    assert (by.least, by.most) == ("B", "A")
    assert "A is sent to review most often" in words.by_group_sentence(by).replace("'", "")


def test_a_champion_regressor_is_priced_by_hand_and_a_classifier_refused(bike_case, german_case):
    y = bike_case.y.to_numpy(dtype=float)
    champion = dataclasses.replace(bike_case, predicted=bike_case.predicted * 1.1)
    found = explainers.value(bike_case, values=VALUES, champion=champion, fallbacks=["champion"], n_boot=100)
    row = found.row("champion")
    expected = -2.0 * np.abs(y - 1.1 * bike_case.predicted.to_numpy(dtype=float)).sum()
    assert row["value"] == pytest.approx(expected) and row["low"] <= row["difference"] <= row["high"]
    with pytest.raises(explainers.InputError, match="must predict numbers too"):
        explainers.value(bike_case, champion=german_case, fallbacks=["champion"])


def test_equal_widths_give_no_review_and_review_everything_only(bike_case):
    case = bike_case
    values = error_values_of(case, VALUES)
    table, best = error_review_curve(case, values, 0.0, pd.Series(7.0, index=case.X.index), n_boot=50)
    assert list(table["reviewed"]) == [0, len(case.X)] and list(table["band"]) == ["none", "every prediction"]


def test_a_sidecar_prices_a_regressor_and_the_card_states_its_fallback_plan(bike, tmp_path):
    """The sidecar accepts a regressor's prices (they were refused as unknown keys), and the model card's
    fallback plan is written for a regressor too (it was for yes/no classifiers only)."""
    case = load_quietly(bike.model_path, bike.holdout_path,
                        metadata={"value": {"per_unit_error": -2.0, "per_decision": 1.0, "currency": "EUR"}})
    found = explainers.value(case, n_boot=50)
    assert (found.values.per_unit_error, found.values.per_decision, found.values.source) == (-2.0, 1.0, "sidecar value")
    path = tmp_path / "report.json"
    explainers.report(case, str(path), format="json", sections=["model_card", "value"])
    card = json.loads(path.read_text())["sections"]["model_card"]
    assert any("takes over" in str(s) for s in card["sentences"])
