"""Every technical term a page, the verdict or the report uses has a glossary entry (issue 31, item 5).

How the terms are collected: every string literal (f-string pieces included, docstrings excluded: no reader
sees them) of the words modules (explainers/*/words.py, explainers/core/words.py), the report sections
(explainers/*/section.py), the pages (views/*.py) and app.py is searched for each word of VOCABULARY, a
curated list of technical words, as a whole word, case-insensitive. Each word found must name a glossary term
(explainers.glossary.lookup: a term's key, the key inside or outside its brackets, or ALSO_CALLED). A new
technical word on a page belongs in VOCABULARY and then needs an entry in explainers/glossary/terms.py.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from explainers.glossary import TERMS, glossary_table, lookup

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted({*ROOT.glob("explainers/*/words.py"), *ROOT.glob("explainers/*/section.py"),
                  *ROOT.glob("views/*.py"), ROOT / "app.py"})

VOCABULARY = (  # technical words a reader may not know (plain words such as "row" or "cost" are left out)
    "accuracy", "balanced accuracy", "ROC AUC", "AUC", "precision", "recall", "F1", "log loss", "Brier score",
    "calibration", "calibrated", "calibration error", "ECE", "expected calibration error", "confidence level",
    "coverage", "conformal", "conformal set", "prediction set", "band", "95% interval", "confidence interval",
    "bootstrap", "Wilson", "MOVER", "p-value", "q-value", "false discovery rate", "Benjamini-Hochberg",
    "Kolmogorov-Smirnov", "KS", "chi-squared", "PSI", "shift score", "drift", "drift test", "SHAP", "Shapley",
    "TreeSHAP", "contribution", "log-odds", "additivity", "counterfactual", "plausibility", "percentile",
    "slice", "error tree", "leakage", "leak", "champion", "candidate", "challenger", "flip rate", "flip point",
    "threshold", "decision threshold", "limit", "not judged", "selection rate", "share flagged",
    "four-fifths rule", "best-treated group", "false alarm", "false positive", "missed case", "false negative",
    "true positive rate", "false positive rate", "outlier", "median absolute deviation",
    "robust standard deviation", "z-score", "rollback", "gate", "policy", "Mondrian", "LAC", "APS",
    "deterministic", "non-determinism", "perturbation", "sensitive column", "holdout", "reference", "sidecar",
    "model card", "MAE", "RMSE", "R2", "mean absolute error", "realised", "period", "alert", "provisional",
    "confirmed", "review band", "fallback", "reconstruction error", "permutation", "paired", "unseen categories",
    "immutable", "actionability", "chance of",
)

ISSUE_31 = ("leakage", "champion", "candidate", "flip rate", "ECE", "calibration error", "bootstrap", "rollback",
            "four-fifths rule", "threshold", "limit", "not judged", "selection rate", "coverage", "conformal set",
            "drift", "PSI", "SHAP", "counterfactual", "slice")  # the words the issue found missing or asked for


def shown_strings(source: str) -> list[str]:
    """The string literals of ``source`` a reader may see: all string constants (f-string pieces too) except
    docstrings."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def words_in(text: str) -> set[str]:
    """The VOCABULARY words in ``text`` (whole words, case-insensitive; a plural "s" counts)."""
    return {word for word in VOCABULARY
            if re.search(r"(?<![\w-])" + re.escape(word) + r"s?(?![\w-])", text, re.IGNORECASE)}


def used_terms() -> dict[str, list[str]]:
    """Each VOCABULARY word that a page, a words module or a report section shows -> the files showing it."""
    found: dict[str, list[str]] = {}
    for path in SOURCES:
        for word in words_in(" \n ".join(shown_strings(path.read_text(encoding="utf-8")))):
            found.setdefault(word, []).append(path.relative_to(ROOT).as_posix())
    return found


def test_every_technical_word_on_a_page_or_in_the_report_has_a_glossary_entry():
    used = used_terms()
    missing = {word: files for word, files in used.items() if lookup(word) is None}
    assert not missing, f"no glossary entry (explainers/glossary/terms.py) for: {missing}"


def test_the_scan_finds_the_words_the_pages_use():
    """The collector works: it sees words known to be on the pages, in f-strings too, and skips docstrings."""
    used = used_terms()
    assert {"PSI", "champion", "rollback", "coverage", "threshold"} <= set(used)
    assert "views/6_Data_health.py" in used["PSI"]
    assert words_in(" ".join(shown_strings('x = 3\ny = f"flip rate {x:.1%} for"\n'))) == {"flip rate"}
    assert shown_strings('"""The ECE, documented."""\ndef f():\n    """PSI."""\n    return "plain"\n') == ["plain"]


@pytest.mark.parametrize("word", ISSUE_31)
def test_the_issue_s_missing_terms_are_defined_and_found_by_the_glossary_search(word):
    term = lookup(word)
    assert term is not None, f"no glossary entry for {word!r}"
    assert len(TERMS[term]) > 30, f"{term!r} has no real definition"
    table = glossary_table()  # the Glossary page's search: the word in a term's name or meaning
    found = table[table["Term"].str.contains(word, case=False, regex=False)
                  | table["Meaning"].str.contains(word, case=False, regex=False)]
    assert not found.empty, f"the Glossary page's search finds nothing for {word!r}"


def test_every_vocabulary_word_has_an_entry_even_before_a_page_uses_it():
    missing = [word for word in VOCABULARY if lookup(word) is None]
    assert not missing, f"no glossary entry for: {missing}"
