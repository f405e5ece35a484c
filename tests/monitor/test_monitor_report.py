"""The report's "Since go-live" section: written when batches are given (library and ``report --batches``), its
JSON form through the registry, one line saying how to add batches otherwise."""

from __future__ import annotations

import json
import warnings

import joblib
import pytest
from stream_helpers import model_and_reference, stream

import explainers
from explainers.__main__ import main
from explainers.report import render
from explainers.report.registry import titles


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("monitor_report")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model, reference, rng = model_and_reference(seed=6, reference_rows=3_000)
    joblib.dump(model, folder / "model.joblib")
    reference.X.assign(y=reference.y).to_csv(folder / "reference.csv", index=False)
    stream(rng, chunks=3, size=1_000, shift_at=3, shift=1.2).to_csv(folder / "batches.csv", index=False)
    return folder, reference


def test_the_section_is_registered_after_the_questions():
    names = list(titles())
    assert titles()["monitor"] == "Since go-live"
    assert names.index("value") < names.index("monitor") < names.index("methods")


def test_the_json_report_holds_the_monitoring_tables(files):
    folder, _ = files
    out = folder / "report.json"
    assert main(["report", "--model", str(folder / "model.joblib"), "--data", str(folder / "reference.csv"),
                 "--target", "y", "--format", "json", "--out", str(out), "--batches", str(folder / "batches.csv"),
                 "--time-column", "day", "--period", "D"]) == 0
    document = json.loads(out.read_text())
    found = document["sections"]["monitor"]["results"]["monitoring"]
    assert [row["period"] for row in found["periods"] if row["metric"] == "roc_auc"] == [
        "2024-01-01", "2024-01-02", "2024-01-03"]
    drift = [row for row in found["drift"] if row["alert"] and row["column"] != "multivariate"]
    assert {(row["period"], row["column"]) for row in drift} == {("2024-01-03", "x1"), ("2024-01-03", "predictions")}
    assert document["settings"]["batches"] == "given" and document["settings"]["monitoring"]["period"] == "D"
    assert any("periods watched" in s for s in document["sections"]["monitor"]["sentences"])


def test_without_batches_the_section_says_how_to_add_them(files):
    _, reference = files
    text = render(reference, format="json", sections=["monitor"])
    sentences = json.loads(text)["sections"]["monitor"]["sentences"]
    assert sentences and sentences[0].startswith("No batches after go-live were given")


def test_the_html_report_draws_the_section(files):
    folder, reference = files
    html = render(reference, format="html", sections=["monitor"], batches=str(folder / "batches.csv"),
                                    monitoring={"time_column": "day", "period": "D"})
    assert 'id="monitor"' in html and "Per period" in html and "ROC AUC per period" in html


def test_bad_batch_options_are_refused_before_computing(files, capsys):
    folder, reference = files
    with pytest.raises(explainers.InputError, match="Unknown monitoring options"):
        render(reference, format="json", batches="x.csv", monitoring={"every": "day"})
    assert main(["report", "--model", str(folder / "model.joblib"), "--data", str(folder / "reference.csv"),
                 "--target", "y", "--format", "json", "--out", str(folder / "r.json"), "--period", "D"]) == 2
    assert "give them with --batches" in capsys.readouterr().err
