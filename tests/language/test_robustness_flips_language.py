"""How robust and What flips it in German and French: the robustness section and the chosen rows' counterfactuals,
built with lang="de" / "fr" on German credit, hold no common English word outside data values, column names and
method names; shares and thresholds are written the local way (6,3 %, 0,50), never 6.3% or 0.5282; and the
English sentences stay exactly as they were."""

from __future__ import annotations

import html
import re

import pytest

from explainers.core.language import use_language
from explainers.flips import words as flip_words
from explainers.report import render
from explainers.robustness import words as robustness_words

ENGLISH = re.compile(r"\b(the|and|of|with|is|are|rows?|model|than|when|flips?|moved|changes?|decisions?|"
                     r"predictions?|leak|leakage|found|none|interval|training|column|only|values?)\b")
METHODS = ("ROC AUC", "Wilson", "Benjamini-Hochberg", "Welch", "TreeSHAP", "SHAP", "shap.TreeExplainer", "PSI")


def _text(page: str, anchor: str) -> str:
    """The readable text of one section of an HTML report (scripts, styles and tags left out)."""
    part = re.search(rf'<section id="{anchor}".*?</section>', page, flags=re.DOTALL).group(0)
    part = re.sub(r"<(script|style)\b.*?</\1>", " ", part, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "\n", part))


def _data_words(case) -> list[str]:
    """Column names and every text value of the data: the user's own, never translated (longest first)."""
    words = {str(c) for c in case.X.columns} | {str(case.target)} | {str(c) for c in case.classes}
    for column in case.X.columns:
        if case.feature_kinds[column] == "categorical":
            words |= {str(v) for v in case.X[column].dropna().unique()}
    return sorted(words, key=len, reverse=True)


def _english(text: str, allowed: list[str]) -> list[str]:
    found = []
    for line in (s.strip() for s in text.splitlines()):
        plain = re.sub(r"'[^']*'", " ", line)
        for name in (*METHODS, *allowed):
            plain = plain.replace(name, " ")
        if ENGLISH.search(plain):
            found.append(line)
    return found


@pytest.fixture(scope="module")
def pages(german_case, german):
    row = german_case.X.index[0]
    return {lang: render(german_case, sections=["robustness", "rows"], lang=lang, rows=[row],
                         reference=str(german.training_path)) for lang in ("de", "fr")}


@pytest.mark.parametrize("lang", ["de", "fr"])
@pytest.mark.parametrize("anchor", ["robustness", "rows"])
def test_no_english_sentence(pages, german_case, lang, anchor):
    text = _text(pages[lang], anchor)
    assert _english(text, _data_words(german_case)) == []


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_shares_and_chances_are_written_the_local_way(pages, lang):
    robust, rows = _text(pages[lang], "robustness"), _text(pages[lang], "rows")
    assert re.search(r"\d,\d\s%", robust), "a flip rate such as 6,3 % in the local way"
    assert not re.search(r"\d\.\d%", robust), "no English percentage like 6.3%"
    assert re.search(r"0,50\b", robust), "the threshold written 0,50"
    cells = re.findall(r"^\s*0[.,]\d{3,4}\s*$", rows, flags=re.MULTILINE)
    assert cells and all("," in c for c in cells), cells  # the counterfactuals' chances: 0,5282


def test_english_is_unchanged(german_case):
    row = {"column": "credit_amount", "move": "shift", "step": 137.0, "flip_rate": 0.063, "rows": 300,
           "ci_low": 0.041, "ci_high": 0.097, "near_threshold": 0.95}
    with use_language("en"):
        text = robustness_words.flip(row, "binary")[0]
        assert text == ("When credit_amount is moved by ±137, decisions flip for 6.3% of 300 rows (95% interval 4.1% "
                        "to 9.7%). 95% of those rows were near the threshold already.")
        assert robustness_words.moved(0.0123, "binary", None) == "1.2 percentage points"
        assert flip_words.plausibility(40.0) == "like real rows (percentile 40)"
        assert flip_words.now_sentence("good", "bad", 0.5) == ("Now: at the threshold 0.50 the decision for this row "
                                                               "is good. Wanted: bad.")
    with use_language("de"):
        text = robustness_words.flip(row, "binary")[0]
        assert "6,3\u00a0%" in text and "der 300 Datensätze" in text
        assert robustness_words.moved(0.0123, "binary", None) == "1,2 Prozentpunkte"
