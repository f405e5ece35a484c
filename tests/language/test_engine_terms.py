"""The engine's own terms in German and French (issue 32): the names of a numeric column's bins (group values in
measures, tables and sentences), robustness check names and slice directions, data-health column kinds, the
compare and value command lines under --lang, and one French apostrophe (the typographic ’). English unchanged."""

from __future__ import annotations

import contextlib
import io
import re

import numpy as np
import pandas as pd
import pytest
from babel.messages.pofile import read_po

from explainers.__main__ import main
from explainers.compare.cli import table_text
from explainers.core.columns import bin_names, group_labels
from explainers.core.language import LOCALE_DIR, use_language
from explainers.core.measures import measures
from explainers.health import words as health_words
from explainers.health.drift import column_drift
from explainers.robustness import words as robustness_words
from tests.language.test_confidence_overview_language import _data_values, _english_words

NARROW = "\u202f"  # French groups thousands with a narrow no-break space


def test_bin_names_in_english_are_unchanged():
    assert bin_names([27, 33, 44], whole=True) == ["under 27", "27-32", "33-43", "44 and over"]
    assert bin_names([0.25, 1500.0], whole=False) == ["under 0.25", "0.25 to under 1,500", "1,500 and over"]


@pytest.mark.parametrize(("lang", "whole", "fractions"), [
    ("de", ["unter 1.500", "1.500–2.499", "2.500 und mehr"], ["unter 0,25", "0,25 bis unter 1.500", "1.500 und mehr"]),
    ("fr", [f"moins de 1{NARROW}500", f"1{NARROW}500 à 2{NARROW}499", f"2{NARROW}500 et plus"],
     ["moins de 0,25", f"0,25 à moins de 1{NARROW}500", f"1{NARROW}500 et plus"]),
])
def test_bin_names_speak_the_language_with_local_numbers(lang, whole, fractions):
    assert bin_names([1500, 2500], whole=True, lang=lang) == whole
    with use_language(lang):  # the language in force names them too
        assert bin_names([0.25, 1500.0], whole=False) == fractions


def test_group_labels_cut_the_same_rows_whatever_the_language():
    values = pd.Series(np.arange(100, dtype=float), name="age")
    english = group_labels(values)
    with use_language("de"):
        german = group_labels(values)
        assert group_labels(values, lang="en").equals(english)  # the key form for groups matched later
    assert german.iloc[0] == "unter 25" and german.iloc[-1] == "75 und mehr"
    assert (pd.factorize(german)[0] == pd.factorize(english)[0]).all()


@pytest.fixture(scope="module")
def by_age(german_case):
    """Measures per age group of the German credit sample in each language (no bootstrap)."""
    found = {}
    for lang in ("en", "de", "fr"):
        with use_language(lang):
            found[lang] = list(measures(german_case, by="age", n_boot=0).by_group.index)
    return found


def test_measures_name_the_groups_in_the_language_in_reading_order(by_age):
    assert by_age["en"][0].startswith("under ") and by_age["en"][-1].endswith(" and over")
    assert by_age["de"][0].startswith("unter ") and by_age["de"][-1].endswith(" und mehr")
    assert by_age["fr"][0].startswith("moins de ") and by_age["fr"][-1].endswith(" et plus")
    assert all(re.fullmatch(r"\d+–\d+", g) for g in by_age["de"][1:-1]), by_age["de"]


def test_robustness_check_names_and_directions_translate_and_english_stays():
    assert robustness_words.check_name("missing_values") == "missing values"  # as the page always showed it
    assert robustness_words.direction_name("under") == "under"
    with use_language("de"):
        assert robustness_words.check_name("missing_values") == "Fehlende Werte"
        assert robustness_words.direction_name("over") == "Überkonfidenz"
    with use_language("fr"):
        assert robustness_words.check_name("sensitive") != "Sensitive columns"
        assert robustness_words.direction_name("under") == "sous-confiance"


def test_drift_table_kinds_tests_and_verdicts_translate_and_english_stays():
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"amount": rng.normal(size=200), "city": rng.choice(["a", "b"], 200)})
    ref = pd.DataFrame({"amount": rng.normal(3, 1, size=200), "city": rng.choice(["a", "b"], 200)})
    drift = column_drift(X, ref, {"amount": "continuous", "city": "categorical"})
    assert health_words.drift_shown(drift).equals(drift.table)
    with use_language("de"):
        shown = health_words.drift_shown(drift).set_index("column")
    assert shown.loc["amount", "kind"] == "stetig" and shown.loc["city", "kind"] == "kategorial"
    assert shown.loc["amount", "verdict"] != drift.table.set_index("column").loc["amount", "verdict"]


def test_compare_tables_for_a_terminal_read_the_local_way():
    table = pd.DataFrame({"metric": ["roc_auc"], "champion": [0.844], "challenger": [0.8401], "low": [-0.02613],
                          "significant": [False], "better": ["challenger"]})
    assert table_text(table) == table.to_string(index=False, float_format="{:.4g}".format)
    with use_language("de"):
        text = table_text(table)
    assert "0,8401" in text and "-0,02613" in text and "Untergrenze" in text and "nein" in text
    assert "Kandidat" in text and "challenger" not in text and "False" not in text


def _run(argv) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    return code, out.getvalue()


def test_the_value_command_follows_lang(german, german_case):
    argv = ["value", "--model", str(german.model_path), "--data", str(german.holdout_path), "--rounds", "100"]
    code, english = _run(argv)
    assert (code, english) == _run([*argv, "--lang", "en"])
    code_fr, french = _run([*argv, "--lang", "fr"])
    assert code_fr == code == 0
    assert not _english_words(french, _data_values(german_case)), french[:600]
    assert f"1{NARROW}060" in french and "1,060" in english  # the model's value per 1,000 decisions, -1,060


def test_the_compare_command_follows_lang(sample_cases_built, german_case):
    champion, candidate = sample_cases_built["german_credit"], sample_cases_built["german_credit_linear"]
    code, text = _run(["compare", "--champion", str(champion.model_path), "--challenger", str(candidate.model_path),
                       "--data", str(champion.holdout_path), "--rounds", "100", "--lang", "de"])
    assert code == 0
    values = [*_data_values(german_case), str(champion.model_path), "Champion", "Challenger"]
    found = {w for line in text.splitlines() for w in _english_words(line, values)}
    assert not found, (found, text[:1500])
    assert "unter 27" in text and "44 und mehr" in text and re.search(r"\b0,\d+", text)


def test_french_catalog_writes_one_apostrophe():
    po = LOCALE_DIR / "fr" / "LC_MESSAGES" / "trustboard.po"
    with open(po, "rb") as handle:
        catalog = read_po(handle, locale="fr")
    straight = [m.id for m in catalog if m.id
                and any("'" in form for form in (m.string if isinstance(m.string, tuple) else (m.string,)) if form)]
    assert not straight, f"French msgstr with a straight ' (write ’, TERMS.md): {straight[:5]}"


def test_french_catalog_groups_typed_thousands_like_the_formatter():
    po = LOCALE_DIR / "fr" / "LC_MESSAGES" / "trustboard.po"
    with open(po, "rb") as handle:
        catalog = read_po(handle, locale="fr")
    spaced = [m.id for m in catalog if m.id and any(re.search(r"\d[ \u00a0]\d{3}\b", form) for form in
                                                    (m.string if isinstance(m.string, tuple) else (m.string,)) if form)]
    assert not spaced, f"French msgstr with '1 000' (write 1\\u202f000, as the formatter does): {spaced[:5]}"
