"""The language in force (a context variable per build, session or command) and numbers written the local way."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from explainers import InputError
from explainers.core import words
from explainers.core.language import (
    _,
    count,
    currency,
    current,
    decimal,
    join,
    number,
    percent,
    set_language,
    use_language,
)
from explainers.core.language import date as date_text

NNBSP = "\u202f"  # French groups thousands with a narrow no-break space


def test_german_and_french_numbers():
    with use_language("de"):
        assert (decimal(0.82), decimal(1234.5), number(0.8235), number(12345.6)) == ("0,82", "1.234,5", "0,8235", "12.346")
    with use_language("fr"):
        assert (decimal(0.82), decimal(1234.5), number(12345.6)) == ("0,82", f"1{NNBSP}234,5", f"12{NNBSP}346")


def test_percentages_counts_dates_and_money():
    with use_language("de"):
        assert percent(0.1234) == "12,3\u00a0%" and percent(0.0004) == "<0,1\u00a0%" and count(2048) == "2.048"
        assert currency(1234.5, "EUR") == "1.234,50\u00a0€" and date_text(date(2026, 12, 7)) == "07.12.2026"
    with use_language("fr"):
        assert percent(0.8, 0) == "80\u00a0%" and currency(1234.5, "EUR") == f"1{NNBSP}234,50\u00a0€"
        assert date_text("2026-12-07", "long") == "7 décembre 2026"


def test_english_numbers_are_exactly_core_words():
    for value in (0.8235, 1234.5, 12345.6, 3, 0.0004, float("nan")):
        assert number(value) == words.number(value)
    for share in (0.1234, 0.0004, 0.8, 1.0):
        assert percent(share) == words.percent(share) and percent(share, 0) == words.percent(share, 0)


def test_lists_are_joined_in_the_language():
    with use_language("de"):
        assert join(["a", "b", "c"]) == "a, b und c"
    with use_language("fr"):
        assert join(["a", "b"]) == "a et b"
    assert join(["a", "b", "c"]) == words.join(["a", "b", "c"])


def test_use_language_restores_the_previous_one_even_after_an_error():
    assert current() == "en"
    with pytest.raises(RuntimeError), use_language("fr"):
        assert current() == "fr"
        raise RuntimeError
    assert current() == "en"


def test_an_unknown_language_is_an_input_error_naming_the_choices():
    with pytest.raises(InputError, match="choose from en, de, fr"), use_language("es"):
        pass
    with use_language("de-CH"):  # a browser's region is read as its language
        assert current() == "de"


def test_each_thread_keeps_its_own_language():
    seen = {}

    def session(name, lang):
        set_language(lang)
        barrier.wait()
        seen[name] = _("The checks")

    barrier = threading.Barrier(2)
    threads = [threading.Thread(target=session, args=(n, lang)) for n, lang in (("a", "de"), ("b", "fr"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"a": "Die Prüfungen", "b": "Les contrôles"}
    assert current() == "en"


def test_a_translation_with_a_broken_placeholder_falls_back_to_english(monkeypatch):
    from explainers.core.language import messages

    class Broken:
        def gettext(self, message):
            return "{nicht_da} kaputt"

    monkeypatch.setattr(messages, "translations", lambda lang: Broken())
    with use_language("de"):
        assert _("Policy: {source}.", source="x") == "Policy: x."
