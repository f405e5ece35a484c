"""Flips results are values: JSON round trip, changes as (column, old, new), one source of words."""

from __future__ import annotations

import json

from explainers.flips import figures, words
from explainers.flips.counterfactuals import Counterfactuals, FlipPoints, counterfactuals, flip_points
from explainers.flips.section import counterfactual_block
from explainers.report.blocks import Blocks


def test_counterfactuals_and_flip_points_round_trip_through_json(cases):
    case = cases["german_credit"]
    label = case.X.index[0]
    found = counterfactuals(case, label)
    assert isinstance(found, Counterfactuals) and len(found) > 0
    document = json.loads(json.dumps(found.to_dict()))
    assert document["goal"] == {"kind": "other_than", "class": case.predicted.loc[label]}
    for record, changes in zip(document["rows"], document["changes"], strict=True):
        for column, old, new in changes:
            assert document["original"][column] == old and record[column] == new
    points = flip_points(case, label)
    assert isinstance(points, FlipPoints)
    json.dumps(points.to_dict())
    none = counterfactuals(case, label, immutable=list(case.X.columns))
    assert json.loads(json.dumps(none.to_dict()))["message"] == none.message != ""


def test_report_block_and_page_share_the_words(cases):
    case = cases["adult_income"]
    label = case.X.index[0]
    found = counterfactuals(case, label)
    out = Blocks(figures=False)
    counterfactual_block(out, case, label)
    assert out.results[f"counterfactuals_{label}"].changes == found.changes
    assert words.found_sentence(found) in out.sentences
    shown = words.table(found)
    assert list(shown["changes"]) == [words.change_text(c) for c in found.changes]
    assert all(" -> " in text for text in shown["changes"])


def test_flip_point_figure_takes_the_result_and_escapes_names(cases):
    case = cases["german_credit"]
    points = flip_points(case, case.X.index[0])
    numeric = points.points[points.points["flip_value"].notna()
                            & points.points["feature"].map(lambda c: case.feature_kinds[c] != "categorical")]
    feature = numeric["feature"].iloc[0]
    fig = figures.flip_point(points, case, feature)
    assert feature in fig.layout.title.text
    assert set(words.flip_table(points)["note"]) <= set(words.REASONS.values())


def test_report_block_decides_at_the_reports_threshold(cases):
    """The report's row block at 0.215: German credit's row 9 (P(bad) 48%) is flagged bad there, and the
    block says so before its changes, which make it good (the same sentence as the page's "Now:")."""
    case = cases["german_credit"]
    out = Blocks(figures=False)
    counterfactual_block(out, case, 9, threshold=0.215)
    found = out.results["counterfactuals_9"]
    assert (found.now, found.threshold) == ("bad", 0.215) and set(found.rows["prediction"]) == {"good"}
    assert "Now: at the threshold 0.215 the decision for this row is bad. Wanted: good." in out.sentences
    assert json.loads(json.dumps(found.to_dict()))["threshold"] == 0.215
    plain = Blocks(figures=False)
    counterfactual_block(plain, case, 9)
    assert "Now: the model predicts good for this row. Wanted: bad." in plain.sentences
