"""The candidate against the champion, why and the chosen rows built in German and French on the German credit sample
(the linear model as champion): no common English word outside data values, column, model and method names;
differences and thresholds written the local way; tables and figures translated; English left as it was."""

from __future__ import annotations

import json
import re

import pytest

from explainers.report import render
from tests.conftest import load_quietly
from tests.language.english import english_words

SECTIONS = ["compare", "why", "rows"]
ENGLISH = {"the", "and", "of", "with", "is", "are", "rows", "row", "model", "models", "threshold", "groups", "group",
           "not", "were", "than", "each", "every", "which", "from", "this", "these", "only", "cases", "flagged",
           "better", "worse", "interval", "changes", "decision", "decisions", "computed", "average", "because",
           "method", "largest", "be", "on", "by", "no"}  # "in", "was" are German too; "change", "points" French
METHODS = ["ROC AUC", "TreeSHAP", "shap.TreeExplainer", "McNemar", "DeLong", "Poisson", "SHAP", "(ECE)", "Log Loss",
           "(Accuracy)", "(accuracy)", "(log loss)"]
OTHERS = ("Now:", "Smallest changes")  # the counterfactual block (explainers/flips), converted separately


@pytest.fixture(scope="module")
def pair(sample_cases_built):
    a, b = sample_cases_built["german_credit"], sample_cases_built["german_credit_linear"]
    return load_quietly(a.model_path, a.holdout_path), load_quietly(b.model_path, b.holdout_path)


@pytest.fixture(scope="module")
def documents(pair):
    candidate, champion = pair
    return {lang: json.loads(render(candidate, format="json", sections=SECTIONS, champion=champion, lang=lang))
            for lang in ("de", "fr")}


def _data_values(pair) -> list[str]:
    """Strings that are the user's own: column names, classes, model names, category values in the sentences."""
    values = set()
    for case in pair:
        values |= {str(c) for c in case.X.columns} | {str(c) for c in case.classes} | {str(case.name)}
        values |= {f"'{v}'" for c in case.X.columns if case.X[c].dtype == object for v in case.X[c].unique()}
    return sorted((v for v in values if v), key=len, reverse=True)


def _english_words(text: str, data_values: list[str]) -> set[str]:
    return english_words(text, [*data_values, *METHODS], ENGLISH)


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_no_english_sentence_in_compare_why_and_rows(pair, documents, lang):
    values = _data_values(pair)
    sections = documents[lang]["sections"]
    assert set(SECTIONS) <= set(sections)
    for name in SECTIONS:
        sentences = [s for s in sections[name]["sentences"] if not s.startswith(OTHERS)]
        assert len(sentences) >= 3, (name, sentences)
        for sentence in [sections[name]["title"], *sentences]:
            assert not _english_words(sentence, values), (lang, name, sentence)


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_differences_and_thresholds_are_written_the_local_way(documents, lang):
    compare = documents[lang]["sections"]["compare"]["sentences"]
    verdict, deciding = compare[1], compare[2]
    assert re.search(r"\d,\d{3}\b", verdict), verdict  # a difference such as 0,004
    assert not re.search(r"\d\.\d", verdict + deciding), "no English decimal point in the verdict"
    assert "0,50" in deciding, deciding
    rows = documents[lang]["sections"]["rows"]["sentences"]
    assert any(re.search(r"\d+\u00a0%", s) for s in rows), rows  # the model's chance, e.g. 38 %


def test_tables_and_figures_speak_german(pair):
    candidate, champion = pair
    page = render(candidate, sections=["compare", "why"], champion=champion, lang="de")
    assert "Champion-Modell (heute)" in page and "Kandidat (ge" in page  # the metric table's headers
    assert "Konfidenzintervallen" in page and "Welche Spalten am meisten" in page  # figure titles
    assert "champion (today)" not in page and "Which columns matter most" not in page


def test_english_is_unchanged(pair):
    candidate, champion = pair
    document = json.loads(render(candidate, format="json", sections=["compare", "why"], champion=champion, lang="en"))
    compare = document["sections"]["compare"]["sentences"]
    assert compare[0] == (f"The candidate (the open model): {candidate.name}. The champion (the model you run today): "
                          f"{champion.name}.")
    assert re.fullmatch(r"Against the champion, the candidate is (better|worse|not clearly different) on ROC AUC .*\.",
                        compare[1])
    assert compare[2].startswith("Deciding at 0.50. Both models flag a row bad when its probability of bad reaches 0.50.")
    why = document["sections"]["why"]["sentences"]
    assert why[0] == ("Contributions computed on all 300 of 300 rows. They are exact: for every row they add up to "
                      "the model's output.")
    assert why[2] == "Longer bars move predictions more. On average checking_account moves the chance of bad the most."
