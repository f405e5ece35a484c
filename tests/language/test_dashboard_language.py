"""The dashboard's language choice: the sidebar's selector, held across pages, in a link's ``lang`` and the browser's
language; the menu and page strings of a run come out in it, and the dashboard's cache keeps languages apart."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import language, links
from explainers.core.language import current, use_language

APP = str(Path(__file__).resolve().parents[2] / "app.py")
MENU = {"en": ["Model and data", "Predictions", "Why: what drives it"],
        "de": ["Modell und Daten", "Prognosen", "Warum: Einflussfaktoren"],
        "fr": ["Modèle et données", "Prédictions", "Pourquoi\u00a0: les facteurs"]}


def opened(params: dict | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=300)
    app.query_params.update(params or {})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def menu(app) -> list[str]:
    return [link.label for link in app.sidebar.get("page_link")][:3]


def chooser(app):
    return app.sidebar.get("button_group")[0]


def test_english_by_default_and_links_without_lang(clean_environment):
    app = opened()
    assert menu(app) == MENU["en"]
    assert chooser(app).value == "en"
    assert "lang" not in app.query_params


def test_deutsch_turns_the_menu_german_and_holds_on_another_page(clean_environment):
    app = opened()
    chooser(app).set_value("de").run()
    assert not app.exception, [e.value for e in app.exception]
    assert menu(app) == MENU["de"]
    assert [h.value for h in app.subheader][:3] == ["Das Modell", "Die Daten", "Wie gut ist es hier?"]
    assert "Link zu dieser Ansicht kopieren" in " ".join(m.value for m in app.sidebar.markdown)
    assert app.query_params["lang"] == "de", "the view's link carries its language"
    app.switch_page("views/1_Predictions.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert menu(app) == MENU["de"], "the language must hold on another page"
    assert chooser(app).value == "de"
    chooser(app).set_value("en").run()
    assert menu(app) == MENU["en"] and "lang" not in app.query_params


def test_a_link_with_lang_fr_opens_in_french(clean_environment):
    app = opened({"sample": "german_credit", "lang": "fr"})
    assert menu(app) == MENU["fr"]
    assert chooser(app).value == "fr"
    assert [h.value for h in app.subheader][:3] == ["Le modèle", "Les données", "Quelle est sa qualité ici\u00a0?"]
    assert app.sidebar.radio[0].label == "Ouvrir"
    assert not app.warning or all("lang" not in w.value for w in app.warning)


def test_an_unknown_lang_is_ignored(clean_environment):
    app = opened({"lang": "xx"})
    assert menu(app) == MENU["en"]


def test_known_reads_browser_locales():
    assert [language.known(t) for t in ("de-CH", "fr_FR", "EN-us", "es", None, "")] == ["de", "fr", "en", None, None, None]


def test_the_cache_key_holds_the_language(german_case):
    from dashboard import cached

    def sentence(case):
        return current()

    with use_language("de"):
        assert cached.compute(sentence, german_case) == "de"
    with use_language("fr"):
        assert cached.compute(sentence, german_case) == "fr", "a French run must not get the German result"
    assert cached.compute(sentence, german_case) == "en"


def test_a_kept_view_keeps_its_language():
    assert links.saved_view({links.COOKIE: "/where-it-fails?sample=german_credit&lang=de"}) == \
        ("where-it-fails", {"sample": "german_credit", "lang": "de"})
