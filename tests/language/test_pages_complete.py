"""Every page (but Since go-live, whose monitoring run alone takes over a minute; its marked strings are checked in
test_pages_flips_gate_report_language.py) opened in German and French: no common English word in what the page
itself labels: headings, widget labels, options, placeholders, help, buttons, expanders and table headers, once data
values and column names are taken out. This catches English the catalogs cannot know of: a label never marked, a
table header left to a result's key, a sample model's title.

One AppTest per language walks the pages (a fresh one after a page whose options AppTest cannot carry over)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from dashboard.sample_words import DESCRIPTIONS, TITLES
from explainers.core.language import gettext, use_language
from sample_models.catalog import samples, sidecar_specs
from tests.conftest import ENVIRONMENT, load_quietly
from tests.language.english import english_words as shared_english_words
from tests.language.test_confidence_overview_language import METHODS, _data_values

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = [None, "views/1_Predictions.py", "views/2_Why.py", "views/3_Single_prediction.py", "views/7_What_flips_it.py",
         "views/4_Confidence.py", "views/5_Where_it_fails.py", "views/65_How_robust.py", "views/6_Data_health.py",
         "views/9_Compare.py", "views/78_May_it_go_live.py", "views/85_What_is_it_worth.py", "views/8_Report.py",
         "views/95_Glossary.py"]  # None: the home page (app.py)
# words a German or French label never holds (not "in", "on", "was", "Test", "Score", "Format", "note", "Champion")
ENGLISH = {"the", "and", "of", "with", "is", "are", "rows", "row", "model", "threshold", "groups", "not", "were",
           "from", "this", "these", "only", "each", "every", "which", "to", "for", "by", "show", "open", "use", "all",
           "what", "how", "where", "keep", "cost", "lowest", "highest", "any", "choose", "options", "may", "change",
           "values", "value", "upload", "download", "files", "file", "sample", "wrong", "error", "evidence",
           "statistic", "linked", "increase", "decrease", "elsewhere", "low", "high", "decision", "chance", "actual",
           "columns", "column", "outcome", "labels", "prediction", "predictions", "check", "severity", "finding",
           "kind", "random", "forest", "credit", "risk", "logistic", "feature", "features", "changes",
           "right", "candidate", "difference", "better", "significant", "metric", "metrics", "slice", "slices"}
LABEL_KEYS = {"label", "placeholder", "help", "options"}  # of any element; plus headings' body and table headers
ACCENTED = re.compile(r"\w*[^\x00-\x7f\W]\w*")  # "forêt", "Schätzung": never English (the split would find "for")
CODE = re.compile(r"\w+\.(?:csv|joblib|json|yaml|py)\b|--[a-z-]+|python -m \S+|[A-Za-z0-9.]*_[A-Za-z0-9_.]*")  # file
# names, flags, commands, sidecar keys ("intended_use")
CHOSEN = ["Model Card", "model card"]  # TERMS.md keeps the name beside the German and French


def labels(app: AppTest) -> list[str]:
    """What the page labels: every label, option, placeholder and help; headings; table headers and their help."""
    found = []

    def take(item):
        if isinstance(item, dict):
            for key, value in item.items():
                if key in LABEL_KEYS:
                    found.extend(value if isinstance(value, list) else [value])
                elif key == "columns" and isinstance(value, str) and value.startswith("{"):  # a table's settings
                    for setting in json.loads(value).values():
                        found.extend(setting.get(k, "") for k in ("label", "help"))
                else:
                    take(value)
        elif isinstance(item, list):
            for value in item:
                take(value)

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "DESCRIPTOR"):
            as_dict = MessageToDict(proto)
            take(as_dict)
            if type(node).__name__ in ("Title", "Header", "Subheader", "Heading"):
                found.append(as_dict.get("body", ""))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return [str(text).replace("\\", "") for text in found if isinstance(text, str) and text]


def english_words(text: str, values: list[str]) -> set[str]:
    return shared_english_words(ACCENTED.sub(" ", CODE.sub(" ", text)), [*values, *METHODS, *CHOSEN], ENGLISH)


@pytest.fixture(scope="module")
def shown(clean_environment_module) -> dict:
    """(page, lang) -> the page's labels, every page opened once per language."""
    found = {}
    for lang in ("de", "fr"):
        app = None
        for page in PAGES:
            if app is None or page is None:
                app = AppTest.from_file(APP, default_timeout=600)
                app.query_params.update({"sample": "german_credit", "lang": lang})
                app.run()
            if page is not None:
                try:
                    app.switch_page(page).run()
                except ValueError:  # a radio shown translated on the page before: AppTest cannot carry it over
                    app = AppTest.from_file(APP, default_timeout=600)
                    app.query_params.update({"sample": "german_credit", "lang": lang})
                    app.run()
                    app.switch_page(page).run()
            assert not app.exception, (page, lang, [e.value for e in app.exception])
            found[(page, lang)] = labels(app)
    return found


@pytest.fixture(scope="module")
def clean_environment_module(sample_cases_built):
    with pytest.MonkeyPatch.context() as patch:
        for name in ENVIRONMENT:  # no operator settings: the app opens the samples
            patch.delenv(name, raising=False)
        yield


@pytest.fixture(scope="module")
def values(sample_cases_built) -> list[str]:
    german = sample_cases_built["german_credit"]
    return _data_values(load_quietly(german.model_path, german.holdout_path))


@pytest.mark.parametrize("lang", ["de", "fr"])
@pytest.mark.parametrize("page", PAGES, ids=lambda p: Path(p).stem if p else "home")
def test_no_english_word_in_what_a_page_labels(shown, values, page, lang):
    texts = shown[(page, lang)]
    assert len(texts) > 3, texts  # the page drew its widgets and headings
    english = {text: words for text in texts if (words := english_words(text, values))}
    assert not english, f"{page or 'app.py'} in {lang}: {english}"


def test_the_detector_finds_english_labels(values):
    """It would catch the English page: the What flips it editor's keys and a sample title read as English."""
    assert english_words("may change · lowest · highest · direction · cost", values) >= {"may", "lowest", "cost"}
    assert english_words("German credit risk (random forest)", values) >= {"credit", "risk", "random", "forest"}
    assert not english_words("checking_account · credit_amount · < 0 DM · ROC AUC", values)


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_the_sample_title_is_shown_in_the_readers_language(shown, lang):
    english = samples()["german_credit"].title
    with use_language(lang):
        local = gettext(english)
    assert local != english
    assert local in shown[(None, lang)] and english not in shown[(None, lang)]


def test_every_sample_title_and_description_is_marked():
    """sidecars.json and dashboard/sample_words.py list the same titles and descriptions (the catalogs are
    extracted from Python only), and each one has German and French."""
    specs = sidecar_specs()
    titles = {spec["title"] for spec in specs.values()}
    described = {text for spec in specs.values() for text in spec.get("descriptions", {}).values()}
    assert titles == set(TITLES) and described == set(DESCRIPTIONS)
    for lang in ("de", "fr"):
        with use_language(lang):
            same = [text for text in (*TITLES, *DESCRIPTIONS) if gettext(text) == text and text != "Magnesium, mg/l"]
        assert not same, (lang, same)
