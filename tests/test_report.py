"""The HTML report: offline, complete, safe, deterministic; its command line and its page."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from streamlit.testing.v1 import AppTest

import explainers
from dashboard import keys
from explainers.report import render, titles

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_DESCRIPTION = "<script>alert(2)</script> the amount"


def _without_stamp(html: str) -> str:
    return re.sub(r"Generated [^<]*", "", html)


@pytest.fixture(scope="module")
def german_report(sample_cases_built, tmp_path_factory):
    sample = sample_cases_built["german_credit"]
    case = explainers.load(sample.model_path, sample.holdout_path)
    path = tmp_path_factory.mktemp("report") / "german.html"
    explainers.report(case, path, reference=sample.training_path)
    return case, path


@pytest.fixture(scope="module")
def hostile_case(sample_cases_built):
    frame = pd.read_csv(sample_cases_built["german_credit"].holdout_path).rename(columns={"credit_amount": HOSTILE})
    X, y = frame.drop(columns="credit_risk"), frame["credit_risk"]
    text = [c for c in X.columns if X[c].dtype == object or str(X[c].dtype) in ("str", "string")]
    numbers = [c for c in X.columns if c not in text]
    model = Pipeline([("columns", ColumnTransformer([("t", OneHotEncoder(handle_unknown="ignore"), text),
                                                     ("n", StandardScaler(), numbers)])),
                      ("model", LogisticRegression(max_iter=2000))]).fit(X, y)
    metadata = {"positive_class": "bad", "descriptions": {HOSTILE: HOSTILE_DESCRIPTION}, "sensitive": ["age"]}
    return explainers.load(model, frame, target="credit_risk", metadata=metadata)


def _open_offline(browser, path: Path):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors, dialogs, requests = [], [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    def block(route):
        requests.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", block)
    page.goto(path.as_uri())
    page.wait_for_timeout(1500)
    return page, errors, dialogs, [r for r in requests if not r.startswith("file://")]


def test_report_opens_offline_with_every_section_and_figure(browser, german_report):
    _, path = german_report
    page, errors, dialogs, external = _open_offline(browser, path)
    assert errors == [] and dialogs == [] and external == []
    for section in ("summary", "performance", "why", "rows", "confidence", "failures", "data-health", "methods",
                    "reproducibility"):
        assert page.locator(f"section#{section}").count() == 1, section
    expected = len(re.findall(r'<div id="figure-\d+"', path.read_text()))
    assert expected >= 8
    assert page.locator(".js-plotly-plot").count() == expected  # every figure drawn by the embedded plotly.js
    assert path.stat().st_size < 8_000_000


def test_hostile_column_and_description_run_nothing(browser, hostile_case, tmp_path):
    path = explainers.report(hostile_case, tmp_path / "hostile.html", rows=[hostile_case.X.index[0]])
    html = path.read_text()
    assert HOSTILE not in html and "<script>alert(2)" not in html  # escaped wherever it appears
    page, errors, dialogs, _ = _open_offline(browser, path)
    assert dialogs == [] and errors == []
    assert page.locator("img").count() == 0
    assert HOSTILE in page.locator("body").inner_text()  # shown as text


def test_same_inputs_give_the_same_file_apart_from_the_time(hostile_case):
    first = render(hostile_case, sections=["summary", "why", "failures", "methods"])
    second = render(hostile_case, sections=["summary", "why", "failures", "methods"])
    assert first != "" and _without_stamp(first) == _without_stamp(second)


def test_unknown_section_is_an_input_error(hostile_case):
    with pytest.raises(explainers.InputError, match="nonsense"):
        render(hostile_case, sections=["nonsense"])


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "explainers", "report", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_command_line_exit_codes(sample_cases_built, tmp_path):
    wine = sample_cases_built["wine"]
    out = tmp_path / "wine.html"
    done = _cli("--model", str(wine.model_path), "--data", str(wine.holdout_path), "--rows", "0,3", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.is_file() and "Row " in out.read_text()
    bad = _cli("--model", str(wine.model_path), "--data", str(wine.holdout_path), "--rows", "0,9999")
    assert bad.returncode == 2 and "9999" in bad.stderr and "Traceback" not in bad.stderr
    broken = _cli("--model", str(wine.model_path), "--data", str(wine.holdout_path),
                  "--out", str(tmp_path / "no" / "such" / "folder" / "r.html"))
    assert broken.returncode == 2 and "does not exist" in broken.stderr and "Traceback" not in broken.stderr


def test_report_page_builds_a_download(sample_cases_built, monkeypatch):
    monkeypatch.delenv("TRUSTBOARD_MODEL", raising=False)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    app.sidebar.selectbox[0].select("wine").run()
    app.switch_page("pages/8_Report.py").run()
    assert not app.exception, app.exception
    next(b for b in app.button if b.label == "Build the report").click().run()
    assert not app.exception, app.exception
    built = app.session_state[keys.REPORT]
    assert built["data"].startswith("<!DOCTYPE html>") and "Wine cultivar" in built["data"]
    downloads = app.get("download_button")
    assert len(downloads) == 1
    assert built["file_name"].endswith(".html") and "Wine" in built["file_name"]
    # The section picker offers the registry's titles, the same as the report's headings.
    assert app.multiselect[0].options == list(titles().values())
    # Switching the model: the built report belonged to the wine case, so none is offered any more.
    app.sidebar.selectbox[0].select("german_credit").run()
    app.switch_page("pages/8_Report.py").run()
    assert not app.exception, app.exception
    assert len(app.get("download_button")) == 0


def test_number_cells_are_marked_so_they_do_not_wrap_and_text_stays_escaped():
    from explainers.report.blocks import table_html

    html = table_html(pd.DataFrame({"slice": ["<b>1</b>", "age >= 33"], "p-value": [1.444e-183, -0.5]}))
    assert '<td class="num">1.444e-183</td>' in html and '<td class="num">-0.5</td>' in html
    assert "<td>&lt;b&gt;1&lt;/b&gt;</td>" in html and "<td>age &gt;= 33</td>" in html
