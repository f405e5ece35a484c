"""Where it fails, fairness, data health, the model card and the regulatory map built in German and French on the
German credit sample: no common English word outside data values, column names and method names, numbers written
the local way, and English left exactly as it was."""

from __future__ import annotations

import json
import re

import pytest

from explainers.report import render
from tests.language.english import english_words

SECTIONS = ["performance", "failures", "fairness", "data_health", "model_card", "regulatory_map"]
ENGLISH = {"the", "and", "of", "with", "is", "are", "rows", "row", "model", "threshold", "groups", "group", "rate",
           "not", "were", "was", "than", "each", "every", "which", "from", "this", "these", "only", "cases", "missed",
           "flagged", "shown", "judged", "filled", "supplied", "sidecar", "be", "on"}  # "in" is German too
METHODS = ["ROC AUC", "Benjamini-Hochberg", "Wilson", "Kolmogorov-Smirnov", "scipy.stats", "Trustboard", "SR 11-7",
           "<model>.json", "MAD", "IQR", "PSI", "(model card)", "(Model Card)"]  # the chosen terms keep the name


def _data_values(case, document: dict) -> list[str]:
    """Strings that are the user's own: column names, classes, group labels, the sidecar's source."""
    values = {str(c) for c in case.X.columns} | {str(c) for c in case.classes} | {str(case.target)}
    values.add(str(case.metadata.data_source or ""))
    for section in document["sections"].values():
        for result in section["results"].values():
            if isinstance(result, dict) and isinstance(result.get("table"), list):
                values |= {str(row.get("group")) for row in result["table"] if isinstance(row, dict)}
    return sorted((v for v in values if v), key=len, reverse=True)


def _english_words(text: str, data_values: list[str]) -> set[str]:
    return english_words(text, [*data_values, *METHODS], ENGLISH)


@pytest.fixture(scope="module")
def documents(german_case):
    return {lang: json.loads(render(german_case, format="json", sections=SECTIONS, lang=lang)) for lang in ("de", "fr")}


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_no_english_sentence_in_the_converted_sections(german_case, documents, lang):
    document = documents[lang]
    values = _data_values(german_case, document)
    assert set(SECTIONS) <= set(document["sections"])
    for name in SECTIONS:
        section = document["sections"][name]
        assert section["sentences"], name
        for sentence in [section["title"], *section["sentences"]]:
            assert not _english_words(sentence, values), (lang, name, sentence)


@pytest.mark.parametrize(("lang", "threshold", "percent"), [("de", "0,50", "30,0\u00a0%"), ("fr", "0,50", "30,0\u00a0%")])
def test_numbers_are_written_the_local_way(documents, lang, threshold, percent):
    sections = documents[lang]["sections"]
    performance = " ".join(sections["performance"]["sentences"])
    assert threshold in performance and "0,215" in performance, performance
    assert not re.search(r"\d\.\d", performance), "no English decimal point in the performance sentences"
    assert any(percent in s for s in sections["model_card"]["sentences"]), sections["model_card"]["sentences"]


def test_tables_and_figures_speak_the_language(german_case):
    page = render(german_case, sections=["performance", "fairness", "data_health", "regulatory_map"], lang="de")
    assert ">Kennzahl<" in page and ">Befund<" in page and ">Anforderung<" in page and ">Anhang IV 1(a)<" in page
    assert "Konfusionsmatrix" in page and "am besten behandelt" in page
    assert ">Metric<" not in page and ">finding<" not in page and "Annex IV" not in page


def test_english_is_unchanged(german_case):
    document = json.loads(render(german_case, format="json", sections=["performance", "fairness", "regulatory_map"],
                                 lang="en"))
    performance = document["sections"]["performance"]["sentences"]
    assert performance[0] == "Computed on all 300 labelled rows from one tally of alike rows, at threshold 0.50."
    assert performance[1].startswith("Moving the threshold from 0.50 to 0.215 changes false alarms from 3 to 118")
    assert re.fullmatch(r"Of 27 items of the EU AI Act's Annex IV \(technical documentation\) and the US model-risk "
                        r"guidance SR 11-7, \d+ filled automatically, \d+ to be supplied by a person\. The map points "
                        r"to where this report answers each item; it is not a legal assessment of compliance\.",
                        document["sections"]["regulatory_map"]["sentences"][0])
