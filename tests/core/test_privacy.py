"""Private columns (issue 18): their row-level values never appear in the HTML, JSON or PDF report.

The case (tests/private_case.py) adds a unique numeric id (private by the sidecar) and a unique text
code (private by the report's ``private=`` setting) to the German credit data, with a model that uses
both; every value is looked for in every formatting. Pages: tests/test_privacy_app.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import _skip_or_fail, load_quietly

from explainers import InputError, MetadataError, load
from explainers.core import privacy
from explainers.report import render
from explainers.report.pdf import find_chromium, print_pdf
from explainers.why.summaries import importance
from tests import private_case

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def private_files(german, tmp_path_factory):
    return private_case.write(tmp_path_factory.mktemp("private"), german.holdout_path)


@pytest.fixture(scope="module")
def private(private_files):
    model, data, frame = private_files
    return load_quietly(model, data), frame


@pytest.fixture(scope="module")
def html(private):
    case, _ = private
    return render(case, format="html", private=[private_case.CODE])


@pytest.fixture(scope="module")
def document(private):
    case, _ = private
    return render(case, format="json", private=private_case.CODE)


def test_the_sidecar_names_private_columns_and_a_typo_is_refused(private_files):
    model, data, _ = private_files
    assert load_quietly(model, data).metadata.private == (private_case.ID,)
    with pytest.raises(MetadataError, match="private"):
        load(model, data, metadata={"private": "customer_id"})
    with pytest.raises(MetadataError, match="customer_idd"):
        load(model, data, metadata={"private": ["customer_idd"]})


def test_an_unknown_private_column_is_refused_before_computing(private):
    case, _ = private
    with pytest.raises(InputError, match="nobody"):
        render(case, format="json", private=["nobody"])


def test_the_html_report_shows_no_private_value_but_names_the_columns(html, private):
    case, frame = private
    assert private_case.leaked(html, frame) == []
    assert "Private columns: customer_code, customer_id." in html
    assert html.count(private_case.ID) > 2 and html.count(private_case.CODE) > 2  # names, importance, tables


def test_the_json_report_shows_no_private_value_but_their_importance(document, private):
    case, frame = private
    assert private_case.leaked(document, frame) == []
    parsed = json.loads(document)
    assert parsed["settings"]["private"] == [private_case.ID, private_case.CODE]
    shown = parsed["sections"]["why"]["results"]["importance"]["values"]
    assert all(isinstance(shown[c], float) and shown[c] > 0 for c in private_case.PRIVATE)


def test_the_pdf_report_shows_no_private_value(html, private, tmp_path):
    try:
        executable = find_chromium()
    except InputError as err:
        _skip_or_fail(f"no Chromium to print the PDF: {err}")
    if shutil.which("pdftotext") is None:
        _skip_or_fail("pdftotext is missing: apt-get install -y poppler-utils")
    path = tmp_path / "private.pdf"
    path.write_bytes(print_pdf(html, executable))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    _, frame = private
    assert private_case.leaked(text, frame) == []
    assert "customer_id" in text and "Private columns" in text


def test_figures_and_words_hide_private_values(private):
    case, frame = private
    from explainers.why import figures, words
    from explainers.why.attributions import attributions

    att = attributions(case, rows=list(case.X.index[:40]))
    with privacy.hiding(private_case.PRIVATE, case.X):
        shown = [figures.waterfall(att, case.X.index[0]).to_json(),
                 figures.beeswarm(att, case.feature_kinds).to_json(),
                 figures.dependence(att, private_case.ID, "numeric").to_json(),
                 figures.dependence(att, private_case.CODE, "categorical").to_json(),
                 " ".join(words.explain_in_words(att, label, top=30) for label in case.X.index[:40])]
        assert importance(att).values[private_case.ID] > 0
    assert all(private_case.leaked(text, frame) == [] for text in shown)
    assert "percentile" in shown[2] and "customer_id = (private)" in shown[0]


def test_slices_on_a_private_column_are_coarse_or_left_out():
    with privacy.hiding(["id"]):
        assert privacy.conditions([("id", "<", 2_936_990.0)], size=40) == [("id", "<", 3_000_000)]
        assert privacy.conditions([("id", ">=", 2_936_990.0), ("age", "<", 30)], size=40) == [
            ("id", ">=", 2_900_000), ("age", "<", 30)]
        assert privacy.conditions([("id", "<", 2_936_990.0)], size=19) is None
        assert privacy.conditions([("id", "==", 7)], size=400) is None
        table = pd.DataFrame({"slice": ["id < 2936990", "age < 30"], "query": ["q", "q"], "size": [25, 10],
                              "conditions": [[("id", "<", 2_936_990.0)], [("age", "<", 30)]]})
        shown = privacy.slices(table)
        assert shown["slice"].tolist() == ["id < 3e+06", "age < 30"] and shown["query"].iloc[0] == privacy.HIDDEN
    assert privacy.conditions([("id", "==", 7)], size=1) == [("id", "==", 7)]  # nothing hidden outside the block


def test_json_records_hide_row_values_and_keep_aggregates():
    data = pd.DataFrame({"id": [1001, 1002, 1003], "age": [30, 40, 50]})
    with privacy.hiding(["id"], data):
        masked = privacy.record({"rows": [{"id": 1002, "age": 40}], "importance": {"id": 0.25, "age": 0.5},
                                 "changes": [{"column": "id", "from": 1001, "to": 1002.5}],
                                 "slices": [{"conditions": [["id", "==", 1001]], "slice": "id = 1001", "size": 1}]})
    assert masked == {"rows": [{"id": privacy.HIDDEN, "age": 40}], "importance": {"id": 0.25, "age": 0.5},
                      "changes": [{"column": "id", "from": privacy.HIDDEN, "to": privacy.HIDDEN}], "slices": []}


def test_command_line_refuses_an_unknown_private_column(german, tmp_path):
    done = subprocess.run([sys.executable, "-m", "explainers", "report", "--model", str(german.model_path),
                           "--data", str(german.holdout_path), "--private", "age,nobody", "--format", "json",
                           "--out", str(tmp_path / "r.json")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2 and "nobody" in done.stderr


def test_groups_of_a_private_column_hide_small_groups_and_exact_edges(private):
    case, frame = private
    from explainers.failures.groups import group_metrics

    with privacy.hiding(private_case.PRIVATE, case.X):
        by_code = group_metrics(case, column=private_case.CODE)
        by_id = group_metrics(case, column=private_case.ID)
    assert by_code.table["group"].tolist() == [privacy.SMALL_GROUPS]
    assert len(by_id.table) == 4 and private_case.leaked(by_id.table.to_csv(), frame) == []
