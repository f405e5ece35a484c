"""Things written once (issue 25): PSI, unseen categories, the final estimator, the report settings
check, and the command line as a dispatcher over each folder's own cli module."""

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from explainers.__main__ import main, parser
from explainers.compare import cli as compare_cli
from explainers.core.columns import is_unseen
from explainers.core.errors import InputError
from explainers.core.estimators import final_estimator
from explainers.gate import cli as gate_cli
from explainers.gate.drift import psi_rounds
from explainers.health.drift import bucket_counts, psi, psi_of_counts
from explainers.monitor import cli as monitor_cli
from explainers.overview import cli as describe_cli
from explainers.report import cli as report_cli
from explainers.report.build import check_settings
from explainers.value import cli as value_cli
from tests.conftest import load_quietly


def test_psi_of_counts_gives_one_value_per_row_of_counts():
    rng = np.random.default_rng(3)
    data, ref = rng.integers(0, 40, (5, 7)), rng.integers(0, 40, (5, 7))
    data[0] = 0  # an empty side: every bucket gets the epsilon share
    rows = psi_of_counts(data, ref)
    assert rows.shape == (5,)
    assert np.allclose(rows, [psi_of_counts(d, r) for d, r in zip(data, ref, strict=True)])
    assert psi_of_counts(ref[1], ref[1]) == 0.0


def test_psi_and_the_gates_rounds_read_the_same_formula():
    rng = np.random.default_rng(0)
    a, b = pd.Series(rng.normal(size=400)), pd.Series(rng.normal(0.5, 1, size=400))
    counts = bucket_counts(a, b, False, 10)
    assert psi(a, b) == pytest.approx(float(psi_of_counts(*counts))) and psi(a, b) > 0.1
    rounds = psi_rounds(*counts, 200, np.random.default_rng(1))
    assert rounds.shape == (200,) and abs(np.median(rounds) - psi(a, b)) < 0.1


def test_is_unseen_marks_present_values_outside_the_learnt_categories():
    values = pd.Series(["a", None, "z", "b", "z"])
    assert is_unseen(values, ["a", "b"]).tolist() == [False, False, True, False, True]
    assert not is_unseen(pd.Series([1.0, np.nan]), np.array([1, 2])).any()


def test_final_estimator_follows_nested_pipelines():
    model = LogisticRegression()
    nested = Pipeline([("scale", StandardScaler()), ("inner", Pipeline([("scale", StandardScaler()), ("clf", model)]))])
    assert final_estimator(nested) is model and final_estimator(model) is model


def test_settings_check_names_the_setting_as_its_caller_does(tmp_path):
    with pytest.raises(InputError, match="The confidence level must lie strictly"):
        check_settings(level=1.5)
    with pytest.raises(InputError, match="^--threshold must lie between 0 and 1"):
        check_settings(threshold=2, names=report_cli.FLAG_NAMES)
    with pytest.raises(InputError, match="does not exist"):
        check_settings(policy=str(tmp_path / "none.yaml"))
    check_settings(policy=b"checks: []")  # policy text given as bytes is not a path


def test_each_subcommand_runs_in_the_module_that_added_it():
    commands = parser()._subparsers._group_actions[0].choices
    expected = {"describe": describe_cli, "report": report_cli, "verify": report_cli, "compare": compare_cli,
                "gate": gate_cli, "value": value_cli, "monitor": monitor_cli}
    assert {name: sub.get_default("run") for name, sub in commands.items()} == {
        name: module.run for name, module in expected.items()}


@pytest.mark.parametrize("arguments", [["--level", "0"], ["--threshold", "2"], ["--out", "/tmp"]])
def test_report_settings_refused_before_the_report_command_loads(arguments, german, monkeypatch, capsys):
    monkeypatch.setattr(report_cli, "load", lambda *a, **k: pytest.fail("loaded before checking"))
    code = main(["report", "--model", str(german.model_path), "--data", str(german.holdout_path), *arguments])
    assert code == 2 and capsys.readouterr().err.startswith(f"error: {arguments[0]}")


def test_library_context_refuses_a_bad_level_as_before(german):
    case = load_quietly(german.model_path, german.holdout_path)
    from explainers.report.build import context

    with pytest.raises(InputError, match="confidence level"):
        context(case, level=0)
