"""The measures layer's fast paths give the very numbers of the plain ones: a binned chunk grouped by one integer
per row (tally.collapse_binned) against the keys' groupby (tally.collapse), grouped or not, and a case's class codes made once
(of_case.class_codes, decision_codes) against coding the labels and decide()'s decisions."""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest

from explainers.core.measures import Setting, decide
from explainers.core.measures.of_case import class_codes, decision_codes
from explainers.core.measures.tally import class_rows, codes_of, collapse, collapse_binned

tally_module = importlib.import_module("explainers.core.measures.tally")


def _binned_frame(rows: int, seed: int, by: tuple) -> tuple[Setting, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    classes = ("no", "yes")
    setting = Setting(task="binary", classes=classes, positive=1, threshold=0.3, by=by)
    score = rng.beta(0.5, 0.5, rows)
    score[:5] = [0.0, 1.0, 0.3, 0.99999, 1e-9]  # both ends and the threshold
    proba = np.column_stack([1 - score, score])
    y = np.where(rng.random(rows) < score, "yes", "no")
    predicted = np.where(score >= 0.5, "yes", "no")
    frame = class_rows(setting, pd.Series(y), pd.Series(predicted), proba, exact=False)
    for name in by:
        frame[name] = rng.choice(["b", "a", "c d", "Z"], rows).astype(object)
    return setting, frame


@pytest.mark.parametrize("by", [(), ("group",), ("group", "other")])
def test_a_binned_chunk_grouped_by_one_integer_has_the_same_cells_and_sums(by):
    setting, frame = _binned_frame(20_000, 1, by)
    plain, fast = collapse(frame, setting), collapse_binned(frame, setting)
    assert len(fast) > 1000  # many cells: the order and the sums are really compared
    pd.testing.assert_frame_equal(fast, plain, check_exact=True)


def test_a_missing_group_or_an_unbinned_score_takes_the_plain_groupby():
    setting, frame = _binned_frame(2_000, 2, ("group",))
    frame.loc[3, "group"] = None
    pd.testing.assert_frame_equal(collapse_binned(frame, setting), collapse(frame, setting), check_exact=True)
    setting, frame = _binned_frame(2_000, 3, ())
    frame.loc[4, "score"] = np.nan
    pd.testing.assert_frame_equal(collapse_binned(frame, setting), collapse(frame, setting), check_exact=True)


def test_a_tally_above_the_exact_size_equals_the_plain_groupby(monkeypatch):
    setting, frame = _binned_frame(5_000, 4, ())
    rng = np.random.default_rng(4)
    score = rng.random(5_000)
    y, predicted = pd.Series(np.where(rng.random(5_000) < score, "yes", "no")), pd.Series(np.where(score >= .5, "yes", "no"))
    proba = np.column_stack([1 - score, score])
    monkeypatch.setattr(tally_module, "EXACT_ROWS", 1_000)  # binned scores from 1,000 rows: the fast path
    fast = tally_module.tally(setting, y, predicted, proba).cells
    monkeypatch.setattr(tally_module, "collapse_binned", lambda frame, setting, written=None: collapse(frame, setting))
    plain = tally_module.tally(setting, y, predicted, proba).cells
    assert fast["score"].nunique() < 5_000  # scores were binned
    pd.testing.assert_frame_equal(fast, plain, check_exact=True)


@pytest.mark.parametrize("kind", ["bool", "text", "numbers written alike", "missing", "nan score"])
def test_a_grouped_tally_above_the_exact_size_equals_writing_every_group_label(monkeypatch, kind):
    rng = np.random.default_rng(5)
    n = 4_000
    score = rng.random(n)
    if kind == "nan score":
        score[7] = np.nan  # not a finite bin: the plain groupby, group texts written from their codes
    y, predicted = pd.Series(np.where(rng.random(n) < score, "yes", "no")), pd.Series(np.where(score >= .5, "yes", "no"))
    proba = np.column_stack([1 - score, score])
    values = {"bool": rng.random(n) < 0.3, "text": rng.choice(["b", "a", "Z", "a b"], n),
              "numbers written alike": rng.choice(np.array([1, "1", 2.5, "x"], dtype=object), n),
              "missing": rng.choice(np.array(["u", None, "v"], dtype=object), n),
              "nan score": rng.choice(["p", "q"], n)}[kind]
    groups = pd.DataFrame({"g": values, "h": rng.choice(["k", "l"], n)})
    setting = Setting(task="binary", classes=("no", "yes"), positive=1, threshold=0.4, by=("g", "h"))
    monkeypatch.setattr(tally_module, "EXACT_ROWS", 1_000)
    fast = tally_module.tally(setting, y, predicted, proba, groups).cells
    monkeypatch.setattr(tally_module, "text_codes", lambda values: None)
    monkeypatch.setattr(tally_module, "collapse_binned", lambda frame, setting, written=None: collapse(frame, setting))
    plain = tally_module.tally(setting, y, predicted, proba, groups).cells
    pd.testing.assert_frame_equal(fast, plain, check_exact=True)


def test_a_case_codes_its_labels_and_decisions_once_and_as_decide_does(german_case):
    case = german_case
    labels, predicted = class_codes(case)
    assert class_codes(case)[0] is labels  # made once per case
    classes = tuple(case.classes)
    np.testing.assert_array_equal(labels, codes_of(case.y, classes))
    for threshold in (None, 0.215, 0.5):
        np.testing.assert_array_equal(decision_codes(case, threshold), codes_of(decide(case, threshold), classes))
    assert (decision_codes(case, 0.0) == classes.index(case.positive_class)).all()
