"""The signature block: a report names the hashes of its inputs and of its own content; verify rechecks them."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import load_quietly

from explainers import InputError, report
from explainers.report.signature import PENDING, read, seal
from explainers.report.verify import verify

ROOT = Path(__file__).resolve().parents[2]
FEW = ["model_card", "summary", "regulatory_map"]


@pytest.fixture(scope="module")
def inputs(german, tmp_path_factory):
    """The German credit model, its sidecar and its data copied to a folder of their own, with a policy."""
    folder = tmp_path_factory.mktemp("signed")
    model = Path(shutil.copy(german.model_path, folder / "credit.joblib"))
    shutil.copy(german.sidecar_path, folder / "credit.json")
    data = Path(shutil.copy(german.holdout_path, folder / "credit.csv"))
    policy = folder / "policy.yaml"
    policy.write_text("checks: []\n", encoding="utf-8")
    return folder, model, data, policy


@pytest.fixture(scope="module")
def signed(inputs):
    folder, model, data, _ = inputs
    case = load_quietly(model, data)
    return {fmt: report(case, folder / f"report.{fmt}", format=fmt, sections=FEW) for fmt in ("html", "json")}


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "explainers", "verify", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("fmt", ["html", "json"])
def test_verify_accepts_the_report_with_its_inputs(inputs, signed, fmt):
    _, model, data, _ = inputs
    found = verify(signed[fmt], model, data)
    assert found.belongs, found.checks
    assert [c["item"] for c in found.checks] == ["report content", "model file", "data file", "sidecar", "policy file"]


def test_verify_rejects_the_report_after_one_byte_of_the_data_changes(inputs, signed, tmp_path):
    _, model, data, _ = inputs
    changed = tmp_path / "credit.csv"
    raw = bytearray(data.read_bytes())
    raw[len(raw) // 2] ^= 1
    changed.write_bytes(bytes(raw))
    found = verify(signed["html"], model, changed)
    assert not found.belongs
    assert [c["item"] for c in found.checks if not c["matches"]] == ["data file"]
    done = _cli(signed["json"], "--model", model, "--data", changed)
    assert done.returncode == 1 and "data file: DIFFERS" in done.stdout and "does NOT belong" in done.stdout
    ok = _cli(signed["json"], "--model", model, "--data", data)
    assert ok.returncode == 0 and "belongs to these inputs" in ok.stdout


def test_an_edited_report_or_another_sidecar_is_rejected(inputs, signed, tmp_path):
    folder, model, data, _ = inputs
    edited = tmp_path / "edited.html"
    edited.write_text(signed["html"].read_text().replace("Model details", "Model detail", 1))
    assert [c["item"] for c in verify(edited, model, data).checks if not c["matches"]] == ["report content"]
    sidecar = json.loads((folder / "credit.json").read_text())
    other = tmp_path / "other.json"
    other.write_text(json.dumps({**sidecar, "intended_use": "Something else"}))
    found = verify(signed["json"], model, data, sidecar=other)
    assert [c["item"] for c in found.checks if not c["matches"]] == ["sidecar"]


def test_content_hash_ignores_the_time_stamp_only(inputs, signed):
    _, model, data, _ = inputs
    text = signed["html"].read_text()
    stamp = read(text)["stamp"]
    assert stamp.startswith("Generated ") and text.count(stamp) >= 3  # top line, footer, signature
    moved = signed["html"].with_name("later.html")
    moved.write_text(text.replace(stamp, "Generated 2099-01-01 00:00:00 UTC"))
    assert verify(moved, model, data).belongs
    again = report(load_quietly(model, data), moved, format="json", sections=FEW)
    assert read(again.read_text())["content_sha256"] == read(signed["json"].read_text())["content_sha256"]


def test_a_signed_policy_must_be_given_to_verify(inputs, tmp_path):
    _, model, data, policy = inputs
    path = report(load_quietly(model, data), tmp_path / "r.json", format="json", sections=["summary"], policy=policy)
    assert read(path.read_text())["policy_sha256"] is not None
    assert not verify(path, model, data).belongs
    assert verify(path, model, data, policy=policy).belongs


def test_bad_input_exits_2(inputs, signed, tmp_path):
    _, model, data, _ = inputs
    with pytest.raises(InputError, match="carries no Trustboard signature"):
        verify(data, model, data)
    missing = _cli(signed["json"], "--model", tmp_path / "nope.joblib", "--data", data)
    assert missing.returncode == 2 and "nope.joblib" in missing.stderr and "Traceback" not in missing.stderr
    assert re.search(r"id=\"trustboard-signature\">\{", signed["html"].read_text())


def test_verify_checks_the_champion_a_report_compared_and_reads_old_reports(inputs, sample_cases_built, tmp_path):
    """The report's second model is the champion (the model you run today): its hash is signed as champion_sha256,
    verify and --champion check it (challenger, the old name, still works), and a report written before the rename,
    whose signature says challenger_sha256, is checked the same way."""
    _, model, data, _ = inputs
    linear = sample_cases_built["german_credit_linear"].model_path
    path = report(load_quietly(model, data), tmp_path / "c.json", format="json", sections=["model_card"],
                  champion=load_quietly(linear, data))
    signed = read(path.read_text())
    assert signed["champion_sha256"] == hashlib.sha256(linear.read_bytes()).hexdigest() != signed["model_sha256"]
    assert "challenger_sha256" not in signed
    assert verify(path, model, data, champion=linear).belongs
    assert verify(path, model, data, challenger=linear).belongs  # the old keyword
    missing = verify(path, model, data)
    assert [c["item"] for c in missing.checks if not c["matches"]] == ["champion model file"]
    assert not verify(path, model, data, champion=model).belongs
    with pytest.raises(InputError, match="old name of champion"):
        verify(path, model, data, champion=linear, challenger=linear)

    document = json.loads(path.read_text())  # the same report as an older version signed it
    old_signature = document["signature"]
    old_signature["challenger_sha256"] = old_signature.pop("champion_sha256")
    old_signature["content_sha256"] = PENDING
    old = tmp_path / "old.json"
    old.write_text(seal(json.dumps(document, indent=1), old_signature["stamp"]), encoding="utf-8")
    assert verify(old, model, data, champion=linear).belongs
    assert [c["item"] for c in verify(old, model, data).checks if not c["matches"]] == ["champion model file"]
    assert not verify(old, model, data, champion=model).belongs

    done = _cli(old, "--model", model, "--data", data, "--champion", linear)
    assert done.returncode == 0 and "champion model file: matches" in done.stdout, done.stdout + done.stderr
    alias = _cli(old, "--model", model, "--data", data, "--challenger", linear)
    assert alias.returncode == 0, alias.stdout + alias.stderr
    assert alias.stdout.splitlines()[0] == "note: --challenger is the same flag as --champion (the model you run today)."
    both = _cli(old, "--model", model, "--data", data, "--challenger", linear, "--champion", linear)
    assert both.returncode == 2 and "old name of champion" in both.stderr and "Traceback" not in both.stderr
