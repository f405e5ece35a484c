"""Failures results as values: JSON round trips, slices selected from conditions, one source of words."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import APP, round_trip
from streamlit.testing.v1 import AppTest
from test_failures import LabelLookup

import explainers
from explainers.failures import figures, words
from explainers.failures.error_tree import error_tree
from explainers.failures.groups import group_metrics
from explainers.failures.performance import Performance
from explainers.failures.slices import Failures
from explainers.report.build import build, context


@pytest.mark.parametrize("sample", ["german_credit", "wine", "bike_rentals"])
def test_every_result_round_trips_through_json(cases, sample):
    case = cases[sample]
    perf = explainers.performance(case)
    found = explainers.failures(case)
    groups = group_metrics(case, case.X.columns[0])
    tree = error_tree(case)
    for result in (perf, found, groups, tree):
        document = round_trip(result)
        assert document["method"], type(result).__name__
    assert "residuals" not in round_trip(perf) and "data" not in round_trip(found)
    metrics = {m["key"]: m["value"] for m in round_trip(perf)["metrics"]}
    assert all(isinstance(v, float) for v in metrics.values())
    assert ("mae" in metrics) == (case.task == "regression")
    figures.error_tree_figure(tree), figures.group_metric_bars(groups)


def test_confusion_records_recompute_accuracy(cases):
    case = cases["wine"]
    perf = explainers.performance(case)
    confusion = round_trip(perf)["confusion"]
    assert [str(row["actual"]) for row in confusion] == [str(c) for c in case.classes]
    cells = [[v for k, v in row.items() if k != "actual"] for row in confusion]
    correct = sum(cells[i][i] for i in range(len(cells)))
    assert perf.value("accuracy") == pytest.approx(correct / len(case.X))
    assert isinstance(perf, Performance) and isinstance(explainers.failures(case), Failures)


def hostile_case(n=6000, seed=0):
    """A planted failing region on columns whose names hold a backtick, a space and quotes."""
    rng = np.random.default_rng(seed)
    colour, size = "col`our", "si ze \"'"
    frame = pd.DataFrame({colour: rng.choice(["re`d", "blue's", "green"], n), size: rng.uniform(0, 100, n).round(1),
                          "plain": rng.normal(0, 1, n)})
    truth = rng.choice(["yes", "no"], n)
    region = (frame[colour] == "blue's") & (frame[size] >= 60)
    wrong = (rng.uniform(size=n) < 0.05) | (region & (rng.uniform(size=n) < 0.6))
    frame["_answer"] = np.where(wrong, np.where(truth == "yes", "no", "yes"), truth)
    case = explainers.load(LabelLookup().fit(frame, truth), frame.assign(label=truth), target="label")
    return case, region


def test_slices_with_odd_column_names_select_their_rows_from_conditions():
    case, region = hostile_case()
    found = explainers.failures(case)
    top = found.slices.iloc[0]
    assert ("col`our", "==", "blue's") in top["conditions"]
    chosen = found.rows(0)
    assert len(chosen) == top["size"]
    expected = np.ones(len(case.X), dtype=bool)
    for column, op, value in top["conditions"]:
        values = case.X[column]
        compare = {"==": lambda: values == value, "<": lambda: values < value, ">=": lambda: values >= value}[op]
        expected &= compare().to_numpy()  # only the condition's operator: "<" has no meaning on text categories
    assert chosen.index.equals(case.X.index[expected])
    assert region.loc[chosen.index].mean() > 0.9
    assert found.mask(0, case.X.iloc[:100]).sum() == expected[:100].sum()  # on other rows too
    assert top["slice"] == words.slice_text(top["conditions"])
    assert round_trip(found)["slices"][0]["conditions"][0] == list(top["conditions"][0])


def test_slice_text_joins_a_range_and_keeps_categories():
    conditions = [("age", ">=", 25.0), ("age", "<", 33.5), ("housing", "==", "own"), ("amount", "<", 1000.0)]
    assert words.slice_text(conditions) == "25 <= age < 33.5 and housing = own and amount < 1000"


@pytest.fixture(scope="module")
def german_page(sample_cases_built):
    app = AppTest.from_file(APP, default_timeout=300).run()
    app.sidebar.selectbox[0].select("german_credit").run()
    app.switch_page("views/5_Where_it_fails.py").run()
    assert not app.exception, app.exception
    return app


def test_page_and_report_say_the_group_gap_and_threshold_move_with_one_function(german_page, monkeypatch):
    said = {"fairness_gap": [], "threshold_move": []}
    for name, calls in said.items():
        original = getattr(words, name)
        monkeypatch.setattr(words, name, lambda result, _f=original, _c=calls: _c.append(_f(result)) or _c[-1])
    german_page.run()  # the page again, now through the recording functions
    assert not german_page.exception, german_page.exception
    page = [m.value.replace("\\", "") for m in german_page.markdown]
    on_page = {name: calls[:] for name, calls in said.items()}
    case = german_page.session_state["case"]
    blocks = build(context(case), ["performance", "fairness"], figures=False)
    sentences = [s for b in blocks for s in b.blocks.sentences]
    for name, calls in said.items():
        assert on_page[name] and on_page[name][0] in page, name  # the page showed what the function said
        from_report = calls[len(on_page[name]):]
        assert from_report and from_report[0] == on_page[name][0], name  # same text for the same result
        assert from_report[0] in sentences
    assert on_page["fairness_gap"][0].startswith("The largest gap between groups of personal_status_sex")
    assert on_page["threshold_move"][0].startswith("Moving the threshold from 0.50 to ")


@pytest.mark.parametrize("sample", ["wine", "bike_rentals"])
def test_page_draws_for_multiclass_and_regression(sample_cases_built, sample):
    app = AppTest.from_file(APP, default_timeout=300).run()
    app.sidebar.selectbox[0].select(sample).run()
    app.switch_page("views/5_Where_it_fails.py").run()
    assert not app.exception, app.exception
    assert "metric" in app.dataframe[0].value.columns and "key" not in app.dataframe[0].value.columns
    case = app.session_state["case"]
    groups = group_metrics(case, (case.metadata.sensitive or list(case.X.columns))[0])
    gap = words.group_gap(groups)
    assert not gap or gap in [m.value.replace("\\", "") for m in app.markdown]


def test_a_classifier_without_probabilities_is_ranked_by_its_decision_score(sample_cases_built):
    """RidgeClassifier has no predict_proba: ROC AUC and average precision come from decision_function."""
    import pandas as pd
    from sklearn.linear_model import RidgeClassifier
    from sklearn.metrics import average_precision_score, roc_auc_score

    frame = pd.read_csv(sample_cases_built["german_credit"].holdout_path)
    columns = ["duration_months", "credit_amount", "age"]
    model = RidgeClassifier().fit(frame[columns], frame["credit_risk"])
    case = explainers.load(model, frame[[*columns, "credit_risk"]], target="credit_risk")
    values = explainers.performance(case).metrics.set_index("key")["value"]
    score = model.decision_function(frame[columns]) * (1 if case.positive_class == model.classes_[1] else -1)
    truth = frame["credit_risk"] == case.positive_class
    assert values["roc_auc"] == pytest.approx(roc_auc_score(truth, score))
    assert values["average_precision"] == pytest.approx(average_precision_score(truth, score))
