"""The HTML report: offline, complete, safe, deterministic; its command line and its page."""

from __future__ import annotations

import json
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

ROOT = Path(__file__).resolve().parents[2]
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
    app.switch_page("views/8_Report.py").run()
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
    app.switch_page("views/8_Report.py").run()
    assert not app.exception, app.exception
    assert len(app.get("download_button")) == 0


def test_number_cells_are_marked_so_they_do_not_wrap_and_text_stays_escaped():
    from explainers.report.blocks import table_html

    html = table_html(pd.DataFrame({"slice": ["<b>1</b>", "age >= 33"], "difference": [1.444e-183, -0.5],
                                    "p-value": [1.444e-183, 0.0132]}))
    assert '<td class="num">1.444e-183</td>' in html and '<td class="num">-0.5</td>' in html
    assert '<td class="num">&lt; 0.0001</td>' in html and '<td class="num">0.013</td>' in html  # core.words.p_value
    assert "<td>&lt;b&gt;1&lt;/b&gt;</td>" in html and "<td>age &gt;= 33</td>" in html


def test_the_reports_second_model_is_the_champion_and_challenger_its_old_name(sample_cases_built, capsys,
                                                                               monkeypatch):
    """explainers.report(..., champion=) and report --champion take the model you run today; challenger= and
    --challenger still work, as the same setting (the flag says so in one line); both at once are refused."""
    from conftest import load_quietly

    from explainers.__main__ import main
    from explainers.report.build import context

    forest, linear = sample_cases_built["german_credit"], sample_cases_built["german_credit_linear"]
    case, today = load_quietly(forest.model_path, forest.holdout_path), load_quietly(linear.model_path,
                                                                                   forest.holdout_path)
    assert context(case, champion=today).champion is today and context(case, challenger=today).champion is today
    assert context(case, challenger=today).settings()["champion"] == today.name
    with pytest.raises(explainers.InputError, match="old name of champion"):
        context(case, champion=today, challenger=case)

    given = {}
    report_cli = sys.modules["explainers.report.cli"]  # explainers.report is also the function of that name
    monkeypatch.setattr(report_cli, "report", lambda case, out, **settings: given.update(settings) or out)
    capsys.readouterr()
    base = ["report", "--model", str(forest.model_path), "--data", str(forest.holdout_path)]
    for flag in ("--champion", "--challenger"):
        given.clear()
        assert main([*base, flag, str(linear.model_path)]) == 0
        lines = capsys.readouterr().out.splitlines()
        note = "note: --challenger is the same flag as --champion (the model you run today; --model is the candidate)."
        assert (lines[0] == note) == (flag == "--challenger"), lines
        assert "challenger" not in given and given["champion"].source["model"] == str(linear.model_path)
    assert main([*base, "--champion", str(linear.model_path), "--challenger", str(linear.model_path)]) == 2
    assert "--challenger is the same flag as --champion" in capsys.readouterr().err


def test_the_report_page_compares_with_the_champion_picked_on_compare(sample_cases_built, clean_environment):
    """Compare leaves its picked champion for the report: the Report page's comparison section judges the open
    model (the candidate) against that champion, not the other way round."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    app.switch_page("views/9_Compare.py").run()
    assert not app.exception, app.exception
    assert app.session_state[keys.CHALLENGER_CHOSEN]["role"] == "champion"
    app.switch_page("views/8_Report.py").run()
    assert not app.exception, app.exception
    include = next(c for c in app.checkbox if c.label.startswith("Include the comparison with the champion"))
    assert include.value
    app.multiselect[0].set_value(["compare"])
    app.radio[0].set_value("json")
    next(b for b in app.button if b.label == "Build the report").click().run()
    assert not app.exception, app.exception
    document = json.loads(app.session_state[keys.REPORT]["data"])
    comparison = document["sections"]["compare"]["results"]["comparison"]
    assert comparison["champion_name"] == sample_cases_built["german_credit_linear"].title
    assert comparison["challenger_name"] == sample_cases_built["german_credit"].title  # the open model
    assert document["settings"]["champion"] == comparison["champion_name"]
    assert document["signature"]["champion_sha256"] is not None
