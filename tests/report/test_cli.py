"""The command line: a summary on good input, the InputError message and exit 2 on bad input."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "explainers", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_describe_prints_the_case(german):
    result = run_cli("describe", "--model", str(german.model_path), "--data", str(german.holdout_path))
    assert result.returncode == 0, result.stderr
    assert "German credit risk (random forest)" in result.stdout
    assert "ROC AUC" in result.stdout and "duration_months" in result.stdout


def test_bad_input_prints_the_message_and_exits_2(german):
    result = run_cli("describe", "--model", str(german.model_path), "--data", str(german.holdout_path),
                     "--target", "credit_riks")
    assert result.returncode == 2
    assert "credit_riks" in result.stderr and "credit_risk" in result.stderr
    assert "Traceback" not in result.stderr
