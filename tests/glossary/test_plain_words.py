"""Plain words first (issue 31, items 5 and 7): one name for the probability, one rounding rule, the what-if
result says whether the decision changed, and the pages' first words are plain."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import APP, elements

from explainers.core import words as core_words
from explainers.flips import words as flip_words
from explainers.why import words as why_words

ROOT = Path(__file__).resolve().parents[2]
JARGON = re.compile(r"RandomForest|OneHotEncoder|Counterfactual|\bECE\b|\bKS\b|chi-squared|p_value|q_value|"
                    r"gap_elsewhere|P\(")


def test_one_name_for_the_probability():
    assert core_words.chance("bad") == "chance of bad"
    assert core_words.output_name("probability of bad") == "chance of bad"
    assert core_words.output_name("log-odds of >50K") == "log-odds of >50K"
    assert core_words.output_name("rentals") == "rentals"


def test_no_words_module_or_page_names_the_probability_p_of():
    """ "P(bad)" nowhere a reader sees it: the words modules and pages say "chance of" (core.words.chance)."""
    for path in [*ROOT.glob("explainers/*/words.py"), *ROOT.glob("views/*.py"), ROOT / "app.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {id(n.body[0].value) for n in ast.walk(tree) if isinstance(n, (ast.Module, ast.FunctionDef))
                and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        shown = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                 and id(n) not in docs]
        assert not [s for s in shown if "P(" in s], path


@pytest.mark.parametrize(("item", "text"), [(8397.6, "8398"), (8397, "8397"), (12345.6, "12,346"),
                                            (12500, "12,500"), (0.0123456, "0.01235"), ("rent", "rent")])
def test_one_rounding_rule_for_values_in_every_table(item, text):
    assert core_words.value(item, quote=False) == text
    assert flip_words.exact(item) == text  # the changes, the flip points and their notes read values alike


def test_the_changes_and_the_flip_points_read_a_value_alike():
    text = flip_words.change_text([("credit_amount", 3345, 12397.6)])
    assert text == "credit_amount: 3345 -> 12,398"


def test_what_if_decision_sentence():
    assert why_words.decision_change("good", "bad", "bad", 0.5) == (
        "The decision changes: at the threshold 0.50 this row is now flagged bad (before: good).")
    assert why_words.decision_change("good", "good", "bad", 0.215) == (
        "The decision does not change: at the threshold 0.215 this row stays good.")
    assert why_words.decision_change("cultivar_1", "cultivar_2") == (
        "The decision changes: this row is now cultivar_2 (before: cultivar_1).")


def test_what_if_editor_says_whether_the_decision_changed(clean_environment):
    """German row 0 (chance of bad 38%, good at 0.50): a much larger loan, longer, with no checking account,
    is decided at the person's threshold and the page says whether that changed the decision."""
    from streamlit.testing.v1 import AppTest
    app = AppTest.from_file(APP, default_timeout=180).run()
    app.switch_page("views/3_Single_prediction.py").run()
    assert not app.exception, app.exception
    assert not any("The decision" in m.value for m in app.markdown), "no edit yet: nothing to say"
    plain = lambda s: s.replace("\\", "")
    next(s for s in app.selectbox if plain(s.label) == "checking_account").select("none").run()
    assert not app.exception, app.exception
    said = [plain(m.value) for m in app.markdown if "The decision" in m.value]
    assert len(said) == 1 and re.match(r"The decision (changes|does not change): at the threshold 0\.50 ", said[0]), said


def test_first_words_of_the_pages_are_plain(clean_environment):
    """Home, How sure, What flips it, How robust and Data health open with a plain sentence (no estimator
    names, statistics or column keys), and no headline number is named in jargon ("Mean set size", "ECE")."""
    from streamlit.testing.v1 import AppTest
    for page in (None, "views/4_Confidence.py", "views/7_What_flips_it.py", "views/65_How_robust.py",
                 "views/6_Data_health.py"):
        app = AppTest.from_file(APP, default_timeout=300).run()
        if page:
            app.switch_page(page).run()
        assert not app.exception, (page, app.exception)
        texts = [e.value for e in elements(app.main) if type(e).__name__ in ("Markdown", "Caption")]
        assert texts and not JARGON.search(texts[0]), (page, texts[:1])
        labels = [m.label for m in app.metric]
        assert not [t for t in labels if JARGON.search(t) or "set size" in t.lower()], (page, labels)
