"""The catalogs: every marked message translated in German and French with the same placeholders, the checker
itself catching a gap, and the .mo compiled from the .po at first use."""

from __future__ import annotations

import os
import shutil

import pytest
from babel.messages.pofile import read_po, write_po

from explainers.core.language import LANGUAGES, LOCALE_DIR, _, catalogs, completeness, ngettext, use_language


def test_every_marked_message_has_a_german_and_a_french_translation_with_the_same_placeholders():
    found = completeness.problems()
    assert found == [], "\n".join(found[:20]) + "\nrun: python -m explainers.core.language.tools update"


def _broken_copy(tmp_path, lang: str, change) -> str:
    """A copy of ``lang``'s catalog with ``change(catalog)`` applied; returns the msgid changed."""
    with catalogs.po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    msgid = change(catalog)
    copy = tmp_path / f"{lang}.po"
    with copy.open("wb") as handle:
        write_po(handle, catalog)
    return str(copy), msgid


def test_the_check_finds_a_missing_translation(tmp_path, monkeypatch):
    def blank(catalog):
        catalog["The checks"].string = ""
        return "The checks"
    copy, msgid = _broken_copy(tmp_path, "de", blank)
    monkeypatch.setattr(completeness, "po_path", lambda lang: __import__("pathlib").Path(copy))
    found = completeness.problems(["de"])
    assert found == [f"de: {msgid!r} is not translated"]


def test_the_check_finds_a_placeholder_that_differs(tmp_path, monkeypatch):
    def rename(catalog):
        catalog["Policy: {source}."].string = "Richtlinie: {quelle}."
        return "Policy: {source}."
    copy, msgid = _broken_copy(tmp_path, "fr", rename)
    monkeypatch.setattr(completeness, "po_path", lambda lang: __import__("pathlib").Path(copy))
    found = completeness.problems(["fr"])
    assert len(found) == 1 and found[0].startswith(f"fr: {msgid!r}: the translation")
    assert "placeholders ['quelle'], the English ['source']" in found[0]


def test_a_fuzzy_translation_counts_as_missing(tmp_path, monkeypatch):
    def fuzzy(catalog):
        catalog["Signature"].flags.add("fuzzy")
        return "Signature"
    copy, _msgid = _broken_copy(tmp_path, "fr", fuzzy)
    monkeypatch.setattr(completeness, "po_path", lambda lang: __import__("pathlib").Path(copy))
    assert completeness.problems(["fr"]) == ["fr: 'Signature' is not translated (fuzzy)"]


def test_every_language_but_english_has_its_catalog():
    for lang in LANGUAGES:
        assert lang == "en" or catalogs.po_path(lang).is_file()


def test_the_mo_is_compiled_at_first_use_and_again_when_the_po_is_newer(tmp_path, monkeypatch):
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "trustboard.po"
    shutil.copy(catalogs.po_path("de"), po)
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path)
    catalogs._load.cache_clear()
    with use_language("de"):
        assert _("The checks") == "Die Prüfungen"
    mo = po.with_suffix(".mo")
    assert mo.is_file()
    text = po.read_text(encoding="utf-8").replace('msgstr "Die Prüfungen"', 'msgstr "Die Kontrollen"')
    po.write_text(text, encoding="utf-8")
    old = po.stat().st_mtime_ns - 10**9
    os.utime(mo, ns=(old, old))  # the .mo is older than the edited .po
    with use_language("de"):
        assert _("The checks") == "Die Kontrollen"
    assert mo.stat().st_mtime_ns >= po.stat().st_mtime_ns
    catalogs._load.cache_clear()


def test_mo_files_are_not_committed():
    ignored = (LOCALE_DIR.parents[1] / ".gitignore").read_text(encoding="utf-8").split()
    assert "*.mo" in ignored


def test_plural_forms_follow_each_language():
    one, many = "{n} more check misses its bar: see the checks below.", \
        "{n} more checks miss their bar: see the checks below."
    with use_language("de"):
        assert ngettext(one, many, 1).startswith("1 weitere Prüfung verfehlt")
        assert ngettext(one, many, 2).startswith("2 weitere Prüfungen verfehlen")
    with use_language("fr"):  # French: 0 and 1 take the singular
        assert ngettext(one, many, 0).startswith("0 autre contrôle n’") or \
            ngettext(one, many, 0).startswith("0 autre contrôle n'")
        assert ngettext(one, many, 2).startswith("2 autres contrôles")


@pytest.mark.parametrize("term", ["Kalibrierung", "Konfidenzintervall", "Merkmalsbeitrag (SHAP)",
                                  "Gegenfaktisches Beispiel"])
def test_the_german_catalog_uses_the_established_terms(term):
    assert term in catalogs.po_path("de").read_text(encoding="utf-8")


@pytest.mark.parametrize("term", ["intervalle de confiance", "valeurs de Shapley"])
def test_the_french_catalog_uses_the_established_terms(term):
    assert term.lower() in catalogs.po_path("fr").read_text(encoding="utf-8").lower()
