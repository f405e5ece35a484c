"""The PDF report: the HTML printed to A4 by headless Chromium, read back with pdftotext."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import load_quietly

from explainers import InputError
from explainers.report import render
from explainers.report.pdf import find_chromium

ROOT = Path(__file__).resolve().parents[2]
CARD_HEADINGS = ("Model card", "Model details", "Intended use", "Out-of-scope uses", "Users", "Human oversight",
                 "Owner and contact", "Training and evaluation data", "Data provenance", "Limitations")


def test_pdf_shows_the_model_card_the_map_and_page_numbers(german_pdf):
    case, path, text = german_pdf
    assert path.read_bytes().startswith(b"%PDF")
    first = text.split("\f")[0]
    assert re.search(r"^Summary$", first, re.MULTILINE)  # the summary opens the report, the card comes later
    assert not re.search(r"^Model card$", first, re.MULTILINE)
    assert "SHA-256" not in first and "ccp_alpha" not in first  # hashes and parameters: in the appendices
    for heading in CARD_HEADINGS:
        assert heading in text, heading
    assert "Not stated: the sidecar leaves out" in text
    assert "Regulatory map" in text and "Annex IV" in text and "SR 11-7" in text
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) > 5
    for number, page in enumerate(pages, 1):
        assert re.search(rf"Page {number} of {len(pages)}\s*$", page.rstrip()), f"page {number} has no page number"
        assert case.name in page and "Generated 20" in page  # running footer: title and time stamp
    assert "SHA-256 of this report's content" in text and case.source["data_sha256"] in text.replace("\n", "")


def test_pdf_figures_are_drawn(german_pdf):
    """plotly ran before printing: the figures' axis titles are text in the PDF."""
    _, _, text = german_pdf
    assert "contribution to the probability of bad" in text
    assert "predicted probability of bad" in text


def test_no_chromium_is_an_input_error_saying_what_to_install(german, monkeypatch, tmp_path):
    monkeypatch.delenv("TRUSTBOARD_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    case = load_quietly(german.model_path, german.holdout_path)
    with pytest.raises(InputError, match="apt-get install -y chromium"):
        render(case, format="pdf", sections=["summary"])
    with pytest.raises(InputError, match="not an executable"):
        find_chromium(tmp_path / "chromium")


def test_command_line_refuses_a_missing_chromium_before_computing(german, tmp_path):
    env = {**os.environ, "TRUSTBOARD_CHROMIUM": ""}
    done = subprocess.run([sys.executable, "-m", "explainers", "report", "--model", str(german.model_path),
                           "--data", str(german.holdout_path), "--format", "pdf", "--chromium",
                           str(tmp_path / "no-chromium"), "--out", str(tmp_path / "r.pdf")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, env=env, check=False)
    assert done.returncode == 2 and "apt-get install -y chromium" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "r.pdf").exists()
