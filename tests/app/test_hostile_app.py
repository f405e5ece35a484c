"""Every page, opened on a case whose every text is hostile, renders none of it as markup.

The walk reads each rendered element's protocol message: the fields Streamlit renders as
Markdown (headings, markdown and captions, alerts, labels, help texts, radio options, expander
and tab labels, a metric's value, a table column's help tooltip) must not hold a raw fragment of
the hostile texts, and plotly specs must not hold raw HTML tags (plotly renders a subset of HTML
in labels and hover text). Nor may those fields hold a planted web address or e-mail whole
(tests/app/hostile_links.py): GFM links them even when escaped, so ``dashboard.text.md`` breaks
them with an invisible word joiner.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import elements
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from dashboard.layout import pages
from tests import hostile_case
from tests.app import hostile_links

MARKDOWN_FIELDS = {"body", "label", "help", "placeholder", "caption"}
HTML_TAGS = ("<img", "<a ", "<script", "<b>", "<i>")


@pytest.fixture(scope="module")
def hostile_files(sample_cases_built, tmp_path_factory):
    return hostile_links.write(tmp_path_factory.mktemp("hostile"), sample_cases_built["german_credit"].holdout_path)


@pytest.fixture
def hostile_app(hostile_files, monkeypatch):
    model, data = hostile_files
    monkeypatch.setenv("TRUSTBOARD_MODEL", str(model))
    monkeypatch.setenv("TRUSTBOARD_DATA", str(data))
    monkeypatch.delenv("TRUSTBOARD_MODEL_DIR", raising=False)
    monkeypatch.delenv("TRUSTBOARD_TARGET", raising=False)
    return AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=300)


def _strings(value, key=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)
    elif isinstance(value, str):
        yield key, value


def _raw(fragment: str, text: str) -> bool:
    """True when ``fragment`` occurs in ``text`` without a backslash escaping its first character."""
    start = text.find(fragment)
    while start != -1:
        if start == 0 or text[start - 1] != "\\":
            return True
        start = text.find(fragment, start + 1)
    return False


def leaks(app: AppTest) -> list[str]:
    """Every place where a hostile fragment reaches a renderer raw."""
    found = []
    for element in elements(app._tree):
        proto = getattr(element, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        kind = proto.DESCRIPTOR.name
        if kind == "PlotlyChart":
            spec = json.loads(MessageToDict(proto).get("spec", "{}") or "{}")
            found += [f"plotly {k}: {s[:80]!r}" for k, s in _strings(spec) if any(t in s for t in HTML_TAGS)]
            continue
        if kind in ("Dataframe", "Arrow"):  # cells and headers are plain text; a column's help tooltip is Markdown
            config = json.loads(MessageToDict(proto, preserving_proto_field_name=True).get("columns", "{}") or "{}")
            fields = [("help", c["help"]) for c in config.values() if isinstance(c, dict) and c.get("help")]
        elif kind in ("Code", "Text", "Json", "Selectbox", "Multiselect", "PageLink"):
            continue  # rendered as plain text (code, options of a select box)
        else:
            fields = list(_strings(MessageToDict(proto, preserving_proto_field_name=True)))
        for key, text in fields:
            markdown = key in MARKDOWN_FIELDS or (kind == "Radio" and key == "options")
            if markdown and any(_raw(fragment, text) for fragment in hostile_case.MARKUP):
                found.append(f"{kind}.{key}: {text[:100]!r}")
            elif markdown and any(address in text.lower() for address in hostile_links.LINKABLE):
                found.append(f"{kind}.{key} links: {text[:100]!r}")
    return found


@pytest.mark.parametrize("page", [path for path, _, _ in pages()])
def test_no_page_renders_markup_from_data(hostile_app, page):
    app = hostile_app.run()
    if page != "app.py":
        app.switch_page(page).run()
    assert not app.exception, app.exception
    assert leaks(app) == []


# ---------------------------------------------------------------- awkward cases: every page opens with a clear message


def _awkward_files(kind: str, folder, german_holdout):
    """Model and data for a case that used to crash pages: no predict_proba, two rows, odd column names."""
    import joblib
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import RidgeClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder
    from sklearn.tree import DecisionTreeClassifier

    frame = pd.read_csv(german_holdout)
    if kind == "odd names":
        frame = frame.rename(columns={"purpose": "pur`pose", "savings": "sav ings", "housing": "hou'sing"})
    X, y = frame.drop(columns=["credit_risk"]), frame["credit_risk"]
    text = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
    encode = ColumnTransformer([("text", OneHotEncoder(handle_unknown="ignore"), text)], remainder="passthrough")
    final = RidgeClassifier() if kind == "no predict_proba" else DecisionTreeClassifier(max_depth=4, random_state=0)
    model = Pipeline([("encode", encode), ("model", final)]).fit(X, y)
    if kind == "two rows":
        frame = frame.groupby("credit_risk").head(1)
    model_path, data_path = folder / "model.joblib", folder / "data.csv"
    joblib.dump(model, model_path)
    frame.to_csv(data_path, index=False)
    return model_path, data_path


@pytest.mark.parametrize("kind", ["no predict_proba", "two rows", "odd names"])
def test_every_page_opens_on_awkward_cases(kind, sample_cases_built, tmp_path, monkeypatch):
    model, data = _awkward_files(kind, tmp_path, sample_cases_built["german_credit"].holdout_path)
    monkeypatch.setenv("TRUSTBOARD_MODEL", str(model))
    monkeypatch.setenv("TRUSTBOARD_DATA", str(data))
    monkeypatch.delenv("TRUSTBOARD_MODEL_DIR", raising=False)
    monkeypatch.setenv("TRUSTBOARD_TARGET", "credit_risk")  # labelled: without it the judging pages stop early
    failed = []
    for page, _, _ in pages():
        app = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=300).run()
        if page != "app.py":
            app.switch_page(page).run()
        if app.exception:
            failed.append(f"{page}: {app.exception[0].message[:200]}")
    assert failed == []
