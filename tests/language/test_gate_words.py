"""The gate's verdict, go / no-go and command line in German and French (exit codes unchanged)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import explainers
from explainers.__main__ import main
from explainers.core.language import use_language
from explainers.gate import words
from explainers.gate.brief import brief

ROOT = Path(__file__).resolve().parents[2]
POLICY = [{"check": "metric", "metric": "roc_auc", "min": 0.99},  # fails: the verdict is a no-go
          {"check": "coverage", "level": 0.9, "tolerance": 0.2},
          {"check": "four_fifths", "column": "age", "min": 0.8, "severity": "warn"}]
ENGLISH = re.compile(r"\b(checks?|passed|failed|judged|threshold|release|the|of|and|at least|rows)\b")


@pytest.fixture(scope="module")
def verdict(german_case):
    return explainers.gate(german_case, POLICY, n_boot=200)


@pytest.fixture(scope="module")
def verdicts(german_case):
    """The verdict judged in each language: check names, evidence and rollback rules are written when judged."""
    found = {}
    for lang in ("de", "fr"):
        with use_language(lang):
            found[lang] = explainers.gate(german_case, POLICY, n_boot=200)
    return found


def _sentences(result, case):
    go = brief(case, result)
    return [words.headline(result), words.decision_line(go), *[c.evidence for c in result.checks],
            *words.fixes(go), words.outcomes_sentence(go), words.gap_sentence(go), words.method(
                case, type("P", (), {"checks": POLICY, "source": "policy.yaml"})(), 200, 0, 0.5)]


@pytest.mark.parametrize("lang, word", [("de", "Prüfungen"), ("fr", "contrôle")])
def test_the_verdict_sentences_come_out_in_german_and_french(verdicts, german_case, lang, word):
    with use_language(lang):
        said = _sentences(verdicts[lang], german_case)
    assert word in said[0] and word in said[1]
    assert said[1].startswith({"de": "Keine Freigabe:", "fr": "Pas de mise en production"}[lang])
    english = [s for s in said[:2] + said[-3:] if ENGLISH.search(s.replace("'bad'", "").replace("'good'", ""))]
    assert english == [], english
    assert re.search(r"\b0,\d", " ".join(said)), "decimals written with a comma"
    assert not re.search(r"\b0\.\d", " ".join(said[:2] + said[-2:]))


def test_english_sentences_are_unchanged_by_the_catalogs(verdict, german_case):
    said = _sentences(verdict, german_case)
    assert said[1] == "No-go: 1 of 3 checks stop the release."
    assert said[0].startswith("Not ready to go live: 1 of 3 checks failed (1. ROC AUC at least 0.99).")


@pytest.mark.parametrize("lang, first", [("de", "Nicht bereit für den Produktivbetrieb"),
                                         ("fr", "Pas prêt pour la mise en production")])
def test_the_gate_command_speaks_the_language_and_keeps_its_exit_code(sample_cases_built, tmp_path, capsys, lang,
                                                                     first):
    policy = tmp_path / "p.yaml"
    policy.write_text("checks: [{check: metric, metric: roc_auc, min: 0.99}]\n")
    built = ROOT / "sample_models" / "built"
    argv = ["gate", "--model", str(built / "german_credit_linear.joblib"), "--data",
            str(built / "german_credit_linear_holdout.csv"), "--policy", str(policy), "--rounds", "200"]
    assert main(argv + ["--lang", lang]) == 1
    out = capsys.readouterr().out
    assert out.startswith(first)
    assert main(argv) == 1 and capsys.readouterr().out.startswith("Not ready to go live")
