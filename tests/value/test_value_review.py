"""The review curve against brute force over bands, the best band maximising value on the rows, and the
deferral-by-group table on a case built so that one group is deferred twice as often as the other."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import explainers
from explainers.value import words

THRESHOLD = 0.215
VALUES = {"false_positive": -1, "false_negative": -5, "review": -0.4}


def test_the_curve_equals_brute_force_over_bands_and_the_best_band_is_worth_most(german_case):
    case = german_case
    found = explainers.value(case, threshold=THRESHOLD, values=VALUES, fallbacks=[])
    score, bad = case.proba["bad"].to_numpy(), (case.y == "bad").to_numpy()
    flagged = score >= THRESHOLD
    model = np.where(flagged & ~bad, -1.0, 0.0) + np.where(~flagged & bad, -5.0, 0.0)
    scored = found.review[found.review["kind"] != "conformal"]
    assert scored["width"].iloc[0] == 0 and scored["reviewed"].iloc[0] == 0 and scored["reviewed"].iloc[-1] == 300
    for _, row in scored.iterrows():
        sent = np.abs(score - THRESHOLD) < row["width"]
        assert row["reviewed"] == sent.sum()
        assert row["value"] == pytest.approx(model[~sent].sum() + -0.4 * sent.sum())
        assert row["automated_share"] == pytest.approx((~sent).mean())
        wrong = (flagged != bad)[~sent]
        assert (np.isnan(row["error_rate"]) if sent.all() else row["error_rate"] == pytest.approx(wrong.mean()))
    best = found.best_band
    assert best.value == pytest.approx(found.review["value"].max()) and best.value > found.review["value"].iloc[0]
    sent = np.abs(score - THRESHOLD) < best.width
    assert set(best.review_rows) == set(case.X.index[sent]) and best.reviewed == sent.sum()
    assert best.gain_low <= best.gain <= best.gain_high and best.share_low <= best.review_share <= best.share_high
    widths = scored["width"].to_numpy()
    brute = max((model[~(np.abs(score - THRESHOLD) < w)].sum() - 0.4 * (np.abs(score - THRESHOLD) < w).sum())
                for w in widths)
    assert best.value >= brute - 1e-9


def test_the_conformal_band_defers_rows_whose_set_holds_both_classes(german_case):
    found = explainers.value(german_case, threshold=THRESHOLD, values=VALUES, fallbacks=[])
    row = found.review[found.review["kind"] == "conformal"].iloc[0]
    sets = explainers.confidence(german_case, level=0.9).sizes(german_case.X.index)
    assert row["reviewed"] == int((sets >= 2).sum()) > 0


def _deferred_case(case):
    """Group A (first 150 rows): 40 rows scored exactly 0.5; group B: 20. Every other row is scored confidently
    and correctly, so the best band defers exactly the rows at 0.5."""
    bad = (case.y == "bad").to_numpy()
    score = np.where(bad, 0.99, 0.01)
    unsure = np.r_[np.arange(40), 150 + np.arange(20)]
    score[unsure] = 0.5
    proba = pd.DataFrame({"bad": score, "good": 1 - score}, index=case.X.index)[list(case.proba.columns)]
    predicted = pd.Series(np.where(score >= 0.5, "bad", "good"), index=case.X.index, name=case.predicted.name)
    group = pd.Series(np.where(np.arange(len(bad)) < 150, "A", "B"), index=case.X.index, name="group")
    return dataclasses.replace(case, proba=proba, predicted=predicted), group, unsure


def test_one_group_deferred_twice_as_often_shows_a_ratio_of_one_half(german_case):
    case, group, unsure = _deferred_case(german_case)
    found = explainers.value(case, threshold=0.5, values={"false_positive": -1, "false_negative": -1, "review": -0.1},
                             fallbacks=[])
    assert found.best_band.reviewed == 60 and set(found.best_band.review_rows) == set(case.X.index[unsure])
    by = found.review_by_group(group)
    table = by.table.set_index("group")
    assert table.loc["A", "reviewed"] == 40 and table.loc["B", "reviewed"] == 20
    assert table.loc["A", "share"] == pytest.approx(40 / 150) and table.loc["B", "share"] == pytest.approx(20 / 150)
    assert by.ratio == pytest.approx(0.5) and by.ratio_low < 0.5 < by.ratio_high
    assert (by.least, by.most) == ("B", "A")
    assert "the lower share is 0.50 times the higher" in words.by_group_sentence(by)
