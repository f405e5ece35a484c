"""Compare decides both models at the person's threshold (issue 26, item 1), through core.measures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import explainers
from explainers.compare import words
from explainers.core.measures import decide
from explainers.report import render
from tests.conftest import load_quietly

ROOT = Path(__file__).resolve().parents[2]
CHEAPEST = 0.215  # German credit's cheapest threshold for its stated costs


@pytest.fixture(scope="module")
def pair(sample_cases_built):
    a, b = sample_cases_built["german_credit"], sample_cases_built["german_credit_linear"]
    return load_quietly(a.model_path, a.holdout_path), load_quietly(b.model_path, b.holdout_path)


def _changed(champion, challenger, threshold) -> int:
    """Decisions that differ, counted straight from the one decision rule."""
    return int((decide(champion, threshold) != decide(challenger, threshold)).sum())


def test_changed_decisions_are_counted_at_the_threshold(pair):
    champion, challenger = pair
    low = explainers.compare(champion, challenger, threshold=CHEAPEST, n_boot=200, max_explained=0)
    half = explainers.compare(champion, challenger, threshold=0.5, n_boot=200, max_explained=0)
    assert len(low.flips) != len(half.flips)
    assert len(low.flips) == _changed(champion, challenger, CHEAPEST)
    assert len(half.flips) == _changed(champion, challenger, 0.5)
    assert low.agreement == pytest.approx(1 - len(low.flips) / len(champion.X))
    flagged = low.flips["champion_score"] >= CHEAPEST  # the table shows the decisions at the threshold
    assert (low.flips["champion"] == flagged.map({True: "bad", False: "good"})).all()
    assert low.threshold == CHEAPEST and "0.215" in low.method
    assert words.deciding(low).startswith("Deciding at 0.215") and "at 0.215" in words.flips_sentence(low)
    own = explainers.compare(champion, challenger, n_boot=200, max_explained=0)
    assert own.threshold is None and "own prediction" in own.method
    assert len(own.flips) == int((champion.predicted != challenger.predicted).sum())


@pytest.mark.parametrize("threshold", [CHEAPEST, 0.5])
def test_both_models_metrics_equal_their_measures_at_the_threshold(pair, threshold):
    champion, challenger = pair
    result = explainers.compare(champion, challenger, threshold=threshold, n_boot=200, max_explained=0)
    table = result.metrics.set_index("metric")
    for role, case in (("champion", champion), ("challenger", challenger)):
        overall = explainers.measures(case, threshold=threshold, n_boot=0).overall
        for key in table.index:
            assert table.loc[key, role] == pytest.approx(overall.loc[key, "value"], rel=1e-12, abs=1e-12), (role, key)
        groups = result.by_group("personal_status_sex", metric="accuracy").set_index("group")
        expected = explainers.measures(case, by="personal_status_sex", threshold=threshold, n_boot=0).by_group
        for group, row in groups.iterrows():
            assert row[role] == pytest.approx(expected.loc[group, "accuracy"], abs=1e-12)
            assert row["rows"] == expected.loc[group, "count"]


def test_accuracy_moves_with_the_threshold_and_a_bad_threshold_is_named(pair):
    champion, challenger = pair
    low, half = (explainers.compare(champion, challenger, threshold=t, n_boot=200, max_explained=0).metrics
                 .set_index("metric") for t in (CHEAPEST, 0.5))
    assert low.loc["accuracy", "champion"] != half.loc["accuracy", "champion"]
    assert low.loc["roc_auc", "champion"] == half.loc["roc_auc", "champion"]  # ranking does not depend on it
    with pytest.raises(explainers.InputError, match="threshold must be between 0 and 1"):
        explainers.compare(champion, challenger, threshold=1.5)


def test_report_section_decides_at_the_reports_threshold(pair):
    champion, challenger = pair
    document = json.loads(render(champion, format="json", sections=["compare"], challenger=challenger,
                                 threshold=CHEAPEST))
    section = document["sections"]["compare"]
    assert section["results"]["comparison"]["threshold"] == CHEAPEST
    assert len(section["results"]["comparison"]["flips"]) == _changed(champion, challenger, CHEAPEST)
    assert any(s.startswith("Deciding at 0.215") for s in section["sentences"])


def test_command_line_compare_takes_a_threshold(sample_cases_built, pair):
    a, b = sample_cases_built["german_credit"], sample_cases_built["german_credit_linear"]
    command = [sys.executable, "-m", "explainers", "compare", "--champion", str(a.model_path), "--challenger",
               str(b.model_path), "--data", str(a.holdout_path), "--rounds", "200"]
    done = subprocess.run([*command, "--threshold", str(CHEAPEST)], capture_output=True, text=True, cwd=ROOT,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert "Deciding at 0.215" in done.stdout
    assert f"{_changed(*pair, CHEAPEST)} of 300 decisions change at 0.215" in done.stdout
    bad = subprocess.run([*command, "--threshold", "1.5"], capture_output=True, text=True, cwd=ROOT, timeout=600,
                         check=False)
    assert bad.returncode == 2 and "--threshold must be between 0 and 1" in bad.stderr
