"""A German-credit report built with lang="de" / "fr": the lang attribute, the converted sections' words and
numbers in the language, and the JSON's keys in English."""

from __future__ import annotations

import html
import json
import re

import pytest

import explainers
from explainers.__main__ import parser
from explainers.report import render

SECTIONS = ["release", "glossary", "reproducibility"]


def _text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _section(page: str, anchor: str) -> str:
    return re.search(rf'<section id="{anchor}".*?</section>', page, flags=re.DOTALL).group(0)


@pytest.fixture(scope="module")
def german_report(german_case):
    return render(german_case, sections=SECTIONS, lang="de")


def test_the_html_carries_the_language(german_report):
    assert german_report.startswith('<!DOCTYPE html>\n<html lang="de">')
    for heading in ("Inhalt", "Freigabeentscheidung", "Glossar", "Reproduzierbarkeit", "Signatur"):
        assert f">{heading}<" in german_report
    assert 'content: "Seite " counter(page) " von " counter(pages)' in german_report


def test_numbers_in_the_converted_sections_follow_the_german_locale(german_report):
    checks = re.search(r"<table class=\"dataframe\">.*?</table>", _section(german_report, "release"), re.DOTALL).group(0)
    cells = [html.unescape(c) for c in re.findall(r"<td>([^<]*)</td>", checks)]
    numbers = [c for c in cells if re.fullmatch(r"-?[0-9][0-9.,]*", c)]
    assert numbers and all("." not in n or re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", n) for n in numbers), numbers
    assert any("," in n for n in numbers)
    assert any(re.fullmatch(r"\d+,\d+ bis \d+,\d+", c) for c in cells)
    reproducibility = re.sub(r"[ \n]+", " ", _text(_section(german_report, "reproducibility")))  # keeps the nbsp
    assert "Konfidenzniveau 90\u00a0%" in reproducibility and "Entscheidungsschwelle 0,5" in reproducibility
    decision = _text(_section(german_report, "release")).split("Was als Nächstes")[0]
    assert re.search(r"Entscheidungsschwelle 0,5 übersieht", decision)
    assert not re.search(r"\d\.\d", decision.split("Was es wert ist")[0]), "no English decimal in the German decision"


def test_the_glossary_is_german_in_german_alphabetical_order(german_report):
    glossary = _text(_section(german_report, "glossary"))
    assert "Gegenfaktisches Beispiel" in glossary and "Merkmalsbeitrag (SHAP)" in glossary
    assert "Counterfactual" not in glossary and "Begriff" in glossary


def test_the_json_keeps_english_keys_and_french_sentences(german_case):
    document = json.loads(render(german_case, format="json", sections=["release"], lang="fr"))
    assert document["language"] == "fr"
    release = document["sections"]["release"]
    assert set(release) == {"title", "results", "sentences"} and release["title"] == "Décision de mise en production"
    assert release["sentences"][0].startswith(("Feu vert", "Mise en production", "Pas de mise en production"))
    assert "brief" in release["results"] and "decision" in release["results"]["brief"]


def test_report_and_gate_take_lang_and_refuse_an_unknown_one(capsys):
    assert parser().parse_args(["report", "--model", "m", "--data", "d", "--lang", "fr"]).lang == "fr"
    assert parser().parse_args(["gate", "--model", "m", "--data", "d", "--policy", "p", "--lang", "de"]).lang == "de"
    with pytest.raises(SystemExit) as stopped:
        parser().parse_args(["report", "--model", "m", "--data", "d", "--lang", "es"])
    assert stopped.value.code == 2


def test_the_library_refuses_an_unknown_language_before_computing(german_case):
    with pytest.raises(explainers.InputError, match="Unknown language 'es'"):
        render(german_case, sections=["glossary"], lang="es")


@pytest.mark.browser
def test_the_pdf_carries_the_language(german_case):
    from explainers.report.pdf import find_chromium

    try:
        find_chromium()
    except explainers.InputError as err:
        pytest.skip(f"no Chromium to print the PDF: {err}")
    pdf = render(german_case, format="pdf", sections=["glossary"], lang="fr")
    assert b"/Lang (fr)" in pdf
