"""The README's two set-up commands stay true: CI runs the same test command."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START = "pip install -r requirements.txt && streamlit run app.py"
TEST = "pip install -r requirements-dev.txt && python -m pytest"


def test_readme_commands_are_the_ones_ci_and_users_run():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert START in readme and TEST in readme
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert TEST in ci_lines, ".ci/run must run the README's test command verbatim"


def test_requirements_are_exact_pins():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            assert "==" in line, f"requirements.txt must pin exact versions: {line!r}"
