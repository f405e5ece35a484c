"""Score-only cases (issue 28): ``explainers.load(None, data, target=..., scores="column")`` for a model served
elsewhere. What needs only scores works on it, what needs the model says plainly that there is none; monitoring a
score-only reference gives the numbers the model itself gives; with both a model and logged scores, a re-scored
sample that disagrees is training-serving skew."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from stream_helpers import model_and_reference, stream

import explainers
from explainers.__main__ import main


@pytest.fixture(scope="module")
def setting():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model, reference, rng = model_and_reference(seed=4, reference_rows=4_000)
    logged = reference.X.assign(y=reference.y, score=reference.proba["yes"].to_numpy(),
                                request_id=[f"r{i}" for i in range(len(reference.X))], day="2023-12-01")
    batches = stream(rng, chunks=4, size=1_500, shift_at=3)
    batches["score"] = model.predict_proba(batches[["x1", "x2", "x3", "c"]])[:, 1]
    batches["request_id"] = [f"b{i}" for i in range(len(batches))]
    return model, reference, logged, batches


def _score_only(logged, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return explainers.load(None, logged, target="y", scores="score", **options)


def test_a_score_only_case_sets_aside_dates_and_identifiers(setting):
    _, reference, logged, _ = setting
    with pytest.warns(explainers.InputWarning, match="identifiers.*request_id"):
        case = explainers.load(None, logged, target="y", scores="score")
    assert list(case.X.columns) == ["x1", "x2", "x3", "c"]  # not the date, the id, the scores or the target
    assert case.task == "binary" and case.positive_class == "yes"
    assert np.allclose(case.proba["yes"], reference.proba["yes"])
    assert list(_score_only(logged, features=["x1", "c"]).X.columns) == ["x1", "c"]
    with pytest.raises(explainers.InputError, match="not columns of the data"):
        _score_only(logged, features=["x9"])
    with pytest.raises(explainers.InputError, match="'nope' is not in the data"):
        explainers.load(None, logged, target="y", scores="nope")


def test_questions_of_scores_work_and_those_of_the_model_say_there_is_none(setting):
    _, reference, logged, _ = setting
    case = _score_only(logged)
    mine, theirs = explainers.performance(case).metrics, explainers.performance(reference).metrics
    assert np.allclose(mine.set_index("key")["value"], theirs.set_index("key")["value"])
    explainers.calibration(case), explainers.failures(case), explainers.data_health(case)
    assert explainers.measures(case, by="c").by_group.shape[0] == 3
    assert explainers.compare(case, reference).metrics["difference"].abs().max() < 1e-9  # the same scores
    verdict = explainers.gate(case, "checks:\n  - {check: metric, metric: roc_auc, min: 0.6}\n")
    assert verdict.passed
    for ask in (lambda: explainers.attributions(case), lambda: explainers.robustness(case),
                lambda: explainers.counterfactuals(case, case.X.index[0])):
        with pytest.raises(explainers.InputError, match="score-only case has no model to ask"):
            ask()


def test_monitoring_a_score_only_reference_gives_the_model_s_own_numbers(setting):
    _, reference, logged, batches = setting
    options = {"time_column": "day", "period": "D", "explain": False}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        by_model = explainers.monitor(reference, batches.drop(columns="score"), **options)
        by_scores = explainers.monitor(_score_only(logged), batches, **options)
    columns = ["period", "metric", "estimated", "estimated_low", "realised", "realised_low", "alert"]
    pd.testing.assert_frame_equal(by_model.periods[columns], by_scores.periods[columns])
    assert list(by_scores.drift["column"].unique()) == list(by_model.drift["column"].unique())
    assert "request_id" not in set(by_scores.drift["column"])
    assert by_scores.attribution_drift.empty and "no model: scores only" in by_scores.method


def test_the_command_line_watches_logged_scores_without_a_model(setting, tmp_path, capsys):
    _, _, logged, batches = setting
    logged.to_csv(tmp_path / "reference.csv", index=False)
    batches.to_csv(tmp_path / "batches.csv", index=False)
    code = main(["monitor", "--scores", "score", "--reference", str(tmp_path / "reference.csv"),
                 "--data", str(tmp_path / "batches.csv"), "--target", "y", "--time-column", "day", "--period", "D"])
    assert code == 0
    assert "periods watched" in capsys.readouterr().out
    assert main(["monitor", "--scores", "score", "--reference", str(tmp_path / "reference.csv"), "--data",
                 str(tmp_path / "batches.csv"), "--target", "y", "--chunk-size", "500", "--features", "x9"]) == 2


def test_logged_scores_the_model_does_not_give_are_training_serving_skew(setting):
    _, reference, _, batches = setting
    options = {"time_column": "day", "period": "D", "scores": "score", "explain": False}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        same = explainers.monitor(reference, batches, **options)
        served = batches.copy()
        late = np.flatnonzero(served["day"] >= served["day"].max())  # the serving system broke on the last day
        served.loc[late, "score"] = np.clip(served.loc[late, "score"] + 0.05, 0, 1)
        skewed = explainers.monitor(reference, served, **options)
    assert "skew" not in set(same.alerts["kind"])
    alert = skewed.alerts[skewed.alerts["kind"] == "skew"]
    assert len(alert) == 1 and "re-scored rows differ from the logged scores" in alert["sentence"].iloc[0]
    share = len(late) / len(served)
    found = int(alert["sentence"].iloc[0].split(" of ")[0].split()[-1].replace(",", ""))
    assert abs(found / 1_000 - share) < 0.06  # about the share of rows the serving system got wrong


def test_the_gate_on_scores_judges_what_scores_answer_and_names_checks_that_need_the_model(setting):
    _, _, logged, _ = setting
    case = _score_only(logged)
    verdict = explainers.gate(case, n_boot=200)  # the default policy leaves out the checks that re-predict rows
    assert {c.check for c in verdict.checks}.isdisjoint({"determinism", "leakage", "robustness"})
    assert verdict.checks, "something is judged"
    with pytest.raises(explainers.InputError, match=r"check 1 \(determinism\): asks the model itself"):
        explainers.gate(case, "checks:\n  - {check: determinism}\n")
