"""The pages What flips it, May it go live, Report, Since go-live, What is it worth, Compare and Glossary opened in
German and French (a link's ``lang``) show none of their own English strings: every title, caption, label, help
text, table header and notice they mark is found in the catalogs and shown translated."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from explainers.core.language import gettext, use_language

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = ["views/7_What_flips_it.py", "views/78_May_it_go_live.py", "views/8_Report.py", "views/82_Since_go_live.py",
         "views/85_What_is_it_worth.py", "views/9_Compare.py", "views/95_Glossary.py"]


def english_strings(page: str, lang: str) -> tuple[set[str], set[str]]:
    """The page's own marked strings that read differently in ``lang``: (whole short labels, literal pieces of
    longer sentences), the pieces cut at their placeholders."""
    short, pieces = set(), set()
    for _line, message, _comments, _context in extract_from_file("python", str(ROOT / page), keywords=DEFAULT_KEYWORDS):
        english = message if isinstance(message, str) else message[-1]
        with use_language(lang):
            if gettext(english) == english:  # the same word in both languages ("Format", "Drift")
                continue
        if "{" not in english and len(english.split()) < 4:
            short.add(english)
        else:
            pieces |= {p.strip() for p in re.split(r"\{\w+\}", english) if len(p.strip()) >= 20}
    return short, pieces


def shown_texts(app) -> list[str]:
    """Every string of every element drawn (labels, help, values, options, table column settings)."""
    found = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "DESCRIPTOR"):
            stack = [MessageToDict(proto)]
            while stack:
                item = stack.pop()
                if isinstance(item, dict):
                    stack += item.values()
                elif isinstance(item, list):
                    stack += item
                elif isinstance(item, str):
                    found.append(item)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return found


@cache  # the Report page is read by two tests per language: drawn once (a page takes seconds); tests only read it
def opened(page: str, lang: str) -> AppTest:
    """``page`` in ``lang``, opened from a fresh app (AppTest cannot carry a radio drawn with a format_func from one
    page to the next when the shown options differ from the values)."""
    app = AppTest.from_file(APP, default_timeout=600)
    app.query_params.update({"sample": "german_credit", "lang": lang})
    app.run()
    app.switch_page(page).run()
    assert not app.exception, (page, [e.value for e in app.exception])
    return app


@pytest.mark.parametrize("lang", ["de", "fr"])
@pytest.mark.parametrize("page", PAGES)
def test_my_pages_show_no_english_page_string(clean_environment, page, lang):
    app = opened(page, lang)
    texts = shown_texts(app)
    assert len(texts) > 5, texts
    short, pieces = english_strings(page, lang)
    whole = " \n ".join(texts)
    english = sorted({t for t in texts if t in short} | {p for p in pieces if p in whole})
    assert not english, english
    assert short or pieces, "the page marks strings that read differently in this language"


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_the_report_page_writes_the_confidence_level_the_local_way(clean_environment, lang):
    app = opened("views/8_Report.py", lang)
    level = next(m.value for m in app.markdown if m.value.startswith(("Konfidenzniveau", "Niveau de confiance")))
    assert re.search(r"\d[\u00a0\u202f]%", level), level  # "90 %" with a no-break space, never "90%"
