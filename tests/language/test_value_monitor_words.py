"""What is it worth and Since go-live in German and French: the sections built with lang="de" / "fr" hold no English
sentence outside data values, column names and method names, their numbers are written the local way, the
figures' titles and axes are translated, and ``monitor --lang`` speaks the language with the same exit code."""

from __future__ import annotations

import html
import re
import sys
import warnings
from pathlib import Path

import pytest

import explainers
from explainers.__main__ import main
from explainers.core.language import use_language
from explainers.report import render
from explainers.value import figures as value_figures
from tests.conftest import load_quietly

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "monitor"))
from stream_helpers import model_and_reference, stream  # noqa: E402

ENGLISH = re.compile(r"\b(the|and|of|with|is|are|rows?|model|than|when|cases?|per|worth|review|decisions?|"
                     r"predictions?|alerts?|period|labels?|none|interval)\b")
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")  # data values and column names as the sentences quote them


def _text(page: str, anchor: str) -> str:
    """The readable text of one section of an HTML report (scripts, styles and tags left out)."""
    part = re.search(rf'<section id="{anchor}".*?</section>', page, flags=re.DOTALL).group(0)
    part = re.sub(r"<(script|style)\b.*?</\1>", " ", part, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "\n", part))


def _english(text: str, allowed: tuple = ()) -> list[str]:
    """The lines of ``text`` with a common English word outside quoted data values and ``allowed`` names."""
    found = []
    for line in (s.strip() for s in text.splitlines()):
        plain = QUOTED.sub(" ", line)
        for name in allowed:
            plain = plain.replace(name, " ")
        if ENGLISH.search(plain):
            found.append(line)
    return found


@pytest.fixture(scope="module")
def bike_case(sample_cases_built):
    bike = sample_cases_built["bike_rentals"]
    return load_quietly(bike.model_path, bike.holdout_path), str(bike.training_path)


@pytest.fixture(scope="module")
def value_pages(german_case, german, bike_case):
    """The value section of German credit (a classifier) and bike rentals (a regressor) in each language."""
    bike, training = bike_case
    return {(lang, name): render(case, sections=["value"], lang=lang, reference=reference)
            for lang in ("de", "fr") for name, case, reference in
            (("german", german_case, str(german.training_path)), ("bike", bike, training))}


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    """A reference and three days of batches whose third day drifts: drift alerts to word."""
    folder = tmp_path_factory.mktemp("monitor_words")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model, reference, rng = model_and_reference(seed=6, reference_rows=3_000)
    stream(rng, chunks=3, size=1_000, shift_at=2, shift=1.2).to_csv(folder / "batches.csv", index=False)
    return folder, model, reference


@pytest.mark.parametrize("lang", ["de", "fr"])
@pytest.mark.parametrize("name", ["german", "bike"])
def test_the_value_section_has_no_english_sentence(value_pages, lang, name):
    text = _text(value_pages[(lang, name)], "value")
    assert _english(text, allowed=("checking_account", "review_error", "training=", "MOVER", "Poisson", "Wilson",
                                   "Bootstrap", "bootstrap")) == []
    title = {"de": "Was ist es wert", "fr": "Que vaut-il"}[lang]
    assert title in text or "Rückfallplan" in text or "Plan de repli" in text


def test_value_numbers_are_written_the_local_way(value_pages):
    german, french = _text(value_pages[("de", "german")], "value"), _text(value_pages[("fr", "german")], "value")
    assert re.search(r"je 1\.000 Entscheidungen", german) and re.search(r"\b\d+,\d+[\u00a0 ]%", german)
    assert re.search(r"pour 1[\u00a0\u202f ]000 décisions", french) and re.search(r"\d+,\d+[\u00a0\u202f]%", french)
    assert not re.search(r"\b0\.\d", QUOTED.sub(" ", german))  # no English decimal point outside data values
    bike = _text(value_pages[("de", "bike")], "value")
    assert "je 1.000 Prognosen" in bike and "den Trainingsmedian zu prognostizieren" in bike
    assert not re.search(r"\b\d+\.\d{1,2}\b", QUOTED.sub(" ", bike))  # the rule's means, the median: 253,5 not 253.5


@pytest.mark.parametrize("lang, word", [("de", "Wert"), ("fr", "Valeur")])
def test_the_value_figures_are_titled_in_the_language(german_case, lang, word):
    with use_language(lang):
        found = explainers.value(german_case, threshold=0.215, n_boot=100)
        bars, curve = value_figures.fallbacks(found), value_figures.review_curve(found)
    assert bars.layout.xaxis.title.text.startswith(word)
    titles = [bars.layout.title.text, curve.layout.title.text, curve.layout.xaxis2.title.text,
              *[a.text for a in curve.layout.annotations]]
    assert _english("\n".join(titles)) == [], titles


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_the_monitor_section_has_no_english_sentence(watched, lang):
    folder, _, reference = watched
    page = render(reference, sections=["monitor"], batches=str(folder / "batches.csv"),
                  monitoring={"time_column": "day", "period": "D"}, lang=lang)
    text = _text(page, "monitor")
    allowed = ("Bootstrap", "bootstrap", "Wilson", "PSI", "KS", "PCA", "ACP", "Bonferroni", "SHAP", "Dask",
               "explain=False", "out of fold", "Concept Drift", "alpha", "'day'", "multivariate", "predictions")
    assert _english(text, allowed=allowed) == []
    assert {"de": "Drift", "fr": "dérive"}[lang] in text
    assert re.search(r"3[.\u00a0\u202f ]000", text) and re.search(r"\b0,0\d", text)  # 3.000 / 3 000 and 0,05


def test_monitor_speaks_the_language_and_keeps_its_exit_code(watched, capsys):
    import joblib

    folder, model, reference = watched
    joblib.dump(model, folder / "model.joblib")
    reference.X.assign(y=reference.y).to_csv(folder / "reference.csv", index=False)
    common = ["monitor", "--reference", str(folder / "reference.csv"), "--model", str(folder / "model.joblib"),
              "--target", "y", "--data", str(folder / "batches.csv"), "--time-column", "day", "--period", "D"]
    assert main([*common, "--lang", "fr"]) == 0
    said = capsys.readouterr().out
    assert said.startswith("Les choses ont changé depuis la mise en production.") and "[DÉRIVE confirmé]" in said
    assert main(common) == 0
    assert capsys.readouterr().out.startswith("Things have changed since release.")
