"""Private columns on the pages (issue 18): every page, walked like tests/test_hostile_app.py, shows
no value of the private id and code anywhere (text, labels, options, tables, plotly specs), while the
pages still name the columns."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from conftest import APP, elements
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from dashboard.layout import pages
from tests import private_case


@pytest.fixture(scope="module")
def private_files(sample_cases_built, tmp_path_factory):
    return private_case.write(tmp_path_factory.mktemp("private_app"), sample_cases_built["german_credit"].holdout_path,
                              private=private_case.PRIVATE)


def _strings(value):
    """Every string and number in a message or plotly spec (typed arrays decoded)."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            yield " ".join(map(str, np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()))
            return
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
        yield str(value)


def rendered_text(app: AppTest) -> str:
    """All text of all elements: proto fields, dataframe cells, plotly specs."""
    found = []
    for element in elements(app._tree):
        proto = getattr(element, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        message = MessageToDict(proto, preserving_proto_field_name=True)
        if proto.DESCRIPTOR.name == "PlotlyChart":
            found += _strings(json.loads(message.get("spec", "{}") or "{}"))
        elif proto.DESCRIPTOR.name in ("Arrow", "Dataframe"):
            found.append(element.value.to_csv())
        found += _strings(message)
    return "\n".join(found)


def test_no_page_shows_a_private_value(private_files, monkeypatch):
    model, data, frame = private_files
    monkeypatch.setenv("TRUSTBOARD_MODEL", str(model))
    monkeypatch.setenv("TRUSTBOARD_DATA", str(data))
    monkeypatch.delenv("TRUSTBOARD_MODEL_DIR", raising=False)
    monkeypatch.delenv("TRUSTBOARD_TARGET", raising=False)
    leaks, text = {}, ""
    for page, _, _ in pages():
        app = AppTest.from_file(APP, default_timeout=300).run()
        if page != "app.py":
            app.switch_page(page).run()
        assert not app.exception, (page, app.exception)
        shown = rendered_text(app)
        text += shown
        found = private_case.leaked(shown, frame)
        if found:
            leaks[page] = found[:5]
    assert leaks == {}
    assert private_case.ID in text and private_case.CODE in text


@pytest.mark.parametrize("column", private_case.PRIVATE)
def test_the_why_page_draws_a_private_column_without_its_values(private_files, monkeypatch, column):
    model, data, frame = private_files
    monkeypatch.setenv("TRUSTBOARD_MODEL", str(model))
    monkeypatch.setenv("TRUSTBOARD_DATA", str(data))
    app = AppTest.from_file(APP, default_timeout=300).run()
    app.switch_page("views/2_Why.py").run()
    next(s for s in app.selectbox if s.label == "Column").select(column).run()
    assert not app.exception, app.exception
    shown = rendered_text(app)
    assert private_case.leaked(shown, frame) == [] and "percentile" in shown
