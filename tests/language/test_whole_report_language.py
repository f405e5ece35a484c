"""The whole report (every section, its sentences, headings, tables and figure titles) built in German and French on
the German credit and adult samples: no common English word outside data values, column names and method names, and
table numbers written the local way (issue 32's done-when)."""

from __future__ import annotations

import html
import json
import re

import pytest

from explainers.core import privacy
from explainers.core.language import _, use_language
from explainers.core.result import jsonable
from explainers.report.build import build, context
from tests.conftest import load_quietly
from tests.language.test_confidence_overview_language import _data_values, _english_words

FIGURE_TEXT = re.compile(r'"(?:text|name|title)":\s*"((?:[^"\\]|\\.)*)"')  # plotly titles, legends, annotations
TAG = re.compile(r"<[^>]+>")
CODE = re.compile(r"\w+='[^']*'|[A-Za-z0-9.]*_[A-Za-z0-9_.]*|--[a-z-]+|\b[0-9a-f]{8,}\b")  # sidecar keys, parameter
# names and values, command-line flags, hashes: code, not sentences
ACCENTED = re.compile(r"\w*[^\x00-\x7f\W]\w*")  # "ergäbe", "médiane": never English (the detector splits at ä)
CHOSEN = ["Model Card", "model card", "Data Scientists", "data scientists"]  # TERMS.md keeps these names
GROUP_KEYS = {"group", "groups", "slice", "category", "value", "level"}  # result keys holding the user's group labels
FALSE_FRIENDS = {"de": {"was", "falls"}, "fr": set()}  # German "was" (what) and "falls" (if) are not English here


def _strings(built) -> list[tuple[str, str]]:
    """(section, text) for every piece of text a reader sees in the built report."""
    found = []
    for b in built:
        name = b.section.name
        found.append((name, _(b.section.title)))
        for item in b.blocks.items:
            kind = item["kind"]
            if kind in ("text", "heading"):
                found.append((name, item["text"]))
            elif kind == "list":
                found += [(name, str(i)) for i in item["items"]]
            elif kind == "linked_table":
                found += [(name, str(c)) for c in item["columns"]]
                for row in item["rows"]:
                    found += [(name, str(c if isinstance(c, str) else " ".join(t for t, _ in c))) for c in row]
            elif kind == "table":
                found += [(name, html.unescape(c)) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", item["html"], re.DOTALL)]
            elif kind == "figure":
                found += [(name, json.loads(f'"{t}"')) for t in FIGURE_TEXT.findall(item["html"])]
    return [(n, html.unescape(TAG.sub(" ", t))) for n, t in found if t]


def _labels(built) -> set[str]:
    """The group labels the sections' results name (bins of a numeric column, categories, slices)."""
    labels = set()

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in GROUP_KEYS:
            labels.add(node)

    for b in built:
        walk(jsonable(b.blocks.results))
    return labels


def _user_text(case) -> set[str]:
    """The sidecar's own sentences: column descriptions, card statements, title and source."""
    meta = case.metadata
    texts = {*map(str, meta.descriptions.values()), str(meta.title or ""), str(meta.data_source or "")}
    texts |= {str(v) for v in meta.card.values() if isinstance(v, str)}
    return {t for t in texts if t}


@pytest.fixture(scope="module")
def adult_case(sample_cases_built):
    adult = sample_cases_built["adult_income"]
    return load_quietly(adult.model_path, adult.holdout_path)


@pytest.fixture(scope="module")
def reports(german_case, adult_case):
    """Each sample's whole report built once per language (figures included), as its built sections."""
    built = {}
    for name, case in (("german", german_case), ("adult", adult_case)):
        for lang in ("de", "fr"):
            with use_language(lang):
                ctx = context(case)
                with privacy.hiding(ctx.hidden(), case.X):
                    sections = build(ctx, None, figures=True)
                    built[name, lang] = (_strings(sections), _labels(sections))
    return built


def _findings(case, report, lang) -> list[tuple[str, str, set]]:
    strings, labels = report
    values = sorted({*_data_values(case), *_user_text(case), *labels, *CHOSEN}, key=len, reverse=True)
    found = []
    for name, text in strings:
        words = {w for w in _english_words(ACCENTED.sub(" ", CODE.sub(" ", text)), values) if w.lower() not in FALSE_FRIENDS[lang]}
        if words:
            found.append((name, text, words))
    return found


@pytest.mark.parametrize("name", ["german", "adult"])
@pytest.mark.parametrize("lang", ["de", "fr"])
def test_no_english_sentence_anywhere_in_the_report(reports, german_case, adult_case, name, lang):
    case = german_case if name == "german" else adult_case
    strings = reports[name, lang][0]
    assert len({n for n, _ in strings}) > 10, "every section was built"
    found = _findings(case, reports[name, lang], lang)
    assert not found, "\n".join(f"{n}: {sorted(w)} in {t[:600]!r}" for n, t, w in found)


@pytest.mark.parametrize("name", ["german", "adult"])
@pytest.mark.parametrize("lang", ["de", "fr"])
def test_table_numbers_are_written_the_local_way(reports, name, lang):
    cells = [t.strip() for _, t in reports[name, lang][0]]
    english = [c for c in cells if re.fullmatch(r"-?\d+\.(\d{1,2}|\d{4,})%?", c)  # 1.060 may be German thousands
               or (lang == "fr" and re.fullmatch(r"-?\d+\.\d+%?", c))]
    assert not english, english[:20]
    assert any(re.fullmatch(r"-?\d+,\d+", c) for c in cells)
