"""The summary and How sure (confidence) built in German and French on the German credit and bike_rentals samples:
no common English word outside data values, column names and method names, numbers written the local way, and
English left exactly as it was."""

from __future__ import annotations

import json
import re

import pytest

from explainers.confidence import figures as confidence_figures
from explainers.confidence import words as confidence_words
from explainers.confidence.calibration import calibration
from explainers.confidence.summary import coverage_summary
from explainers.core.language import use_language
from explainers.overview import cli, rows
from explainers.report import render
from tests.conftest import load_quietly
from tests.language.english import english_words

SECTIONS = ["summary", "confidence"]
ENGLISH = {"the", "and", "of", "with", "is", "are", "rows", "row", "model", "threshold", "groups", "group", "not",
           "were", "was", "than", "each", "every", "which", "from", "this", "these", "only", "labelled", "fell",
           "inside", "band", "bands", "interval", "promised", "chance", "chances", "decided", "actual", "columns",
           "column", "predicts", "decides", "reading", "before", "slices", "slice", "trees", "labels", "data",
           "confidence", "coverage", "split", "calibrated", "outcome", "falls", "short", "be"}  # "in" is German, "on" French
METHODS = ["ROC AUC", "Wilson", "Brier", "ECE", "LAC", "APS", "Mondrian", "Dask", "sklearn", "predict_proba",
           "(lac)", "(adaptive)", "Split-konform", "split-konform", "Random Forest", "Gradient Boosting", "gradient boosting", "Log-Loss", "log loss"]


def _data_values(case) -> list[str]:
    """Strings that are the user's own: column names, classes, the target, the categories of every column."""
    values = {str(c) for c in case.X.columns} | {str(c) for c in case.classes or []} | {str(case.target)}
    for column in case.X.columns:
        if case.X[column].dtype.kind not in "fiub":
            values |= {str(v) for v in case.X[column].dropna().unique()}
    return sorted((v for v in values if v), key=len, reverse=True)


def _english_words(text: str, data_values: list[str]) -> set[str]:
    return english_words(text, [*data_values, *METHODS], ENGLISH)


@pytest.fixture(scope="module")
def bike_case(sample_cases_built):
    bike = sample_cases_built["bike_rentals"]
    return load_quietly(bike.model_path, bike.holdout_path)


@pytest.fixture(scope="module")
def documents(german_case, bike_case):
    return {(name, lang): json.loads(render(case, format="json", sections=SECTIONS, lang=lang))
            for name, case in (("german", german_case), ("bike", bike_case)) for lang in ("en", "de", "fr")}


@pytest.mark.parametrize("name", ["german", "bike"])
@pytest.mark.parametrize("lang", ["de", "fr"])
def test_no_english_sentence_in_the_summary_and_confidence(german_case, bike_case, documents, name, lang):
    case = german_case if name == "german" else bike_case
    values = _data_values(case)
    document = documents[(name, lang)]
    for section in SECTIONS:
        found = document["sections"][section]
        assert len(found["sentences"]) >= 3, (section, found["sentences"])
        for sentence in [found["title"], *found["sentences"]]:
            assert not _english_words(sentence, values), (lang, section, sentence)


@pytest.mark.parametrize(("lang", "space"), [("de", "."), ("fr", "\u202f")])
def test_numbers_are_written_the_local_way(documents, lang, space):
    german = " ".join(documents[("german", lang)]["sections"]["confidence"]["sentences"])
    assert "82,0\u00a0%" in german and "0,114" in german, german  # coverage and the calibration error
    assert not re.search(r"\d\.\d", german), "no English decimal point in the confidence sentences"
    bike = " ".join(documents[("bike", lang)]["sections"]["summary"]["sentences"])
    assert f"4{space}345" in bike, bike  # the rows of bike_rentals, grouped the local way


def test_english_is_unchanged(documents):
    german = documents[("german", "en")]["sections"]
    assert german["summary"]["sentences"][:4] == [
        "For each row it decides bad or good, from 20 columns, and gives the chance of bad.",
        ("The model is a random forest of 300 decision trees, reading 20 columns; before it, each category becomes a "
         "yes/no column."),
        "Data: 300 rows x 20 columns, labelled by 'credit_risk'.",
        "Labels: bad 30%, good 70%."]
    assert german["confidence"]["sentences"][0] == (
        "Of 150 labelled rows kept apart for checking, 82.0% fell inside their band (95% interval 75.1% to 87.3%) for "
        "a promised 90%.")
    bike = documents[("bike", "en")]["sections"]
    assert bike["summary"]["sentences"][1].startswith("The model is 300 small decision trees, each added to correct")
    assert _english_words(" ".join(german["confidence"]["sentences"]), []) >= {"of", "rows", "the"}  # the check sees


def test_one_rows_band_figures_and_shortcuts_speak_the_language(german_case, bike_case):
    found = coverage_summary(german_case, 0.9)
    row = german_case.X.index[3]
    with use_language("de"):
        line = confidence_words.current_row(german_case, found.bands, row, 0.215)
        bike_band = confidence_words.band_sentence(bike_case, coverage_summary(bike_case, 0.9, by=[]).bands,
                                                   bike_case.X.index[0])
        figure = confidence_figures.reliability_diagram(calibration(german_case))
        shortcuts = rows.shortcuts(german_case)
        described = cli.text(german_case)
    assert line.startswith("Der aktuelle Datensatz (Datensatz 3: entschieden ") and "0,215" in line, line
    assert bike_band.startswith("Bei einem Konfidenzniveau von 90\u00a0%: zwischen ") and "rentals" in bike_band
    assert figure.layout.title.text.startswith("Verlässlichkeit") and "0,114" in figure.layout.title.text
    assert figure.layout.yaxis.title.text == "beobachteter Anteil (%)"
    assert shortcuts["closest_to_threshold"] == "Am nächsten an der Entscheidungsschwelle"
    assert "Modellschritte:" in described and "Binäre Klassifikation zwischen bad, good." in described
