"""Evidence that carries its inputs (issue 26, item 7): p-values print as "< 0.0001" or with 2 significant
digits (one function, core.words.p_value), and the report's signature holds the model, data, challenger and
policy hashes, the threshold, the seed and the policy source (the default policy named and hashed)."""

from __future__ import annotations

import hashlib
import json
import math
from types import SimpleNamespace

import pandas as pd
import pytest

from explainers.compare import words as compare_words
from explainers.core.words import p_value
from explainers.gate import default_policy
from explainers.health.words import sentence
from explainers.report.as_json import render_json
from explainers.report.build import build, context
from explainers.report.signature import read, rows, seal, signature
from explainers.report.verify import verify
from tests.conftest import load_quietly


@pytest.mark.parametrize(("p", "text"), [(3e-11, "p < 0.0001"), (0.0, "p < 0.0001"), (0.0000999, "p < 0.0001"),
                                         (0.0001, "p = 0.0001"), (0.00012345, "p = 0.00012"), (0.012345, "p = 0.012"),
                                         (0.049, "p = 0.049"), (0.27, "p = 0.27"), (0.5, "p = 0.5"), (1.0, "p = 1")])
def test_p_values_print_below_a_bar_or_with_two_significant_digits(p, text):
    assert p_value(p) == text
    assert p_value(p, name=None) == text.removeprefix("p = ").removeprefix("p ")
    assert p_value(p, name="q") == "q" + text[1:]


def test_p_value_of_nothing_tested():
    assert p_value(float("nan")) == "not tested"


def test_compare_tests_sentence_prints_tiny_p_values_as_a_bar():
    tests = pd.DataFrame({"metric": ["accuracy", "roc_auc"], "test": ["Exact McNemar test (two-sided)", "DeLong test"],
                          "p_value": [3e-11, 0.01234]})
    text = compare_words.tests_sentence(SimpleNamespace(tests=tests))
    assert "p < 0.0001" in text and "p = 0.012" in text
    assert "e-" not in text and "0.00000" not in text and "0.0123" not in text


def test_drift_evidence_prints_tiny_p_values_as_a_bar(german):
    import explainers

    case = load_quietly(german.model_path, german.holdout_path)
    reference = case.X.assign(duration_months=case.X["duration_months"] * 3)  # moved far: p is tiny
    health = explainers.data_health(case, reference=reference)
    found = [sentence(f) for f in health.findings if f.check == "drift"]
    assert found and "p < 0.0001" in found[0] and "e-" not in found[0]


@pytest.fixture(scope="module")
def signed_with_release(german, sample_cases_built):
    """A report context at threshold 0.215, seed 7, with a challenger, whose release section judged the default
    policy (no policy given, no sidecar policy)."""
    case = load_quietly(german.model_path, german.holdout_path)
    assert case.metadata.policy is None
    challenger = load_quietly(sample_cases_built["german_credit_linear"].model_path, german.holdout_path)
    ctx = context(case, threshold=0.215, random_state=7, challenger=challenger)
    build(ctx, ["release"], figures=False)
    return case, challenger, ctx, signature(ctx=ctx, stamp="Generated now")


def test_signature_names_and_hashes_the_default_policy_judged(signed_with_release):
    case, _, ctx, signed = signed_with_release
    judged = hashlib.sha256(default_policy(case).text.encode("utf-8")).hexdigest()
    assert signed["policy_source"] == "the default policy"
    assert signed["policy_judged_sha256"] == judged == ctx.memo["gate"].inputs["policy"]
    assert signed["policy_sha256"] is None  # no policy file was given
    shown = dict(rows(signed))
    assert shown["Policy judged"] == f"the default policy, SHA-256 of its text {judged}"
    assert "no policy given" not in json.dumps(rows(signed))


def test_signature_holds_model_data_challenger_threshold_and_seed(signed_with_release):
    case, challenger, _, signed = signed_with_release
    assert signed["model_sha256"] == case.source["model_sha256"] and len(signed["model_sha256"]) == 64
    assert signed["data_sha256"] == case.source["data_sha256"] and len(signed["data_sha256"]) == 64
    assert signed["champion_sha256"] == challenger.source["model_sha256"] != signed["model_sha256"]
    assert signed["threshold"] == 0.215 and signed["seed"] == 7 and math.isclose(signed["release_threshold"], 0.215)
    shown = dict(rows(signed))
    assert shown["Decision threshold"] == "0.215" and shown["Seed"] == "7"
    assert shown["SHA-256 of the champion's model file"] == challenger.source["model_sha256"]


def test_without_a_release_section_no_policy_is_claimed(german):
    case = load_quietly(german.model_path, german.holdout_path)
    signed = signature(ctx=context(case), stamp="s")
    assert signed["policy_source"] is None and signed["champion_sha256"] is None
    assert dict(rows(signed))["Policy judged"] == "none (this report has no release decision)"
    assert signature(case, None, "s").keys() <= signed.keys()  # the old call still works, with the files only


def test_verify_checks_the_challenger_a_report_names(german, sample_cases_built, tmp_path):
    case = load_quietly(german.model_path, german.holdout_path)
    linear = sample_cases_built["german_credit_linear"].model_path
    ctx = context(case, challenger=load_quietly(linear, german.holdout_path))
    document = json.loads(render_json(ctx, ["summary"]))
    stamp = document["generated"]
    document["signature"] = signature(ctx=ctx, stamp=stamp)  # as report/as_json.py signs once it passes ctx
    path = tmp_path / "r.json"
    path.write_text(seal(json.dumps(document, indent=1, ensure_ascii=False), stamp), encoding="utf-8")
    assert read(path.read_text())["champion_sha256"] is not None
    assert verify(path, german.model_path, german.holdout_path, challenger=linear).belongs
    missing = verify(path, german.model_path, german.holdout_path)
    assert [c["item"] for c in missing.checks if not c["matches"]] == ["champion model file"]
    other = verify(path, german.model_path, german.holdout_path, challenger=german.model_path)
    assert not other.belongs
