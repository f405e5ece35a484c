"""Sign-off (issue 31 item 3): a person's decision and the model card statements they fill in reach the report's
signature block, its JSON, the regulatory map and a sidecar to download; verify still passes; bad values are refused
naming the field; with sign-in the signer is the signed-in person."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import APP, load_quietly
from streamlit.testing.v1 import AppTest

from dashboard import access, keys
from explainers import InputError, report
from explainers.__main__ import main
from explainers.report import cli as report_cli
from explainers.report.signature import read
from explainers.report.signoff import DECISIONS, from_person, sidecar_json, signoff, with_card
from explainers.report.verify import verify

FEW = ["model_card", "summary", "regulatory_map"]
SIGNED_ITEM = "Test logs dated and signed"
GOOD = {"decision": "approve with exceptions", "name": "Ann <Lee>", "role": "Head of credit risk",
        "date": "2026-11-30", "comment": "Only for loans under 10,000; review again in March."}


@pytest.fixture(scope="module")
def inputs(german, tmp_path_factory):
    """The German credit model, its sidecar and its data in a folder of their own."""
    folder = tmp_path_factory.mktemp("signoff")
    model = Path(shutil.copy(german.model_path, folder / "credit.joblib"))
    shutil.copy(german.sidecar_path, folder / "credit.json")
    data = Path(shutil.copy(german.holdout_path, folder / "credit.csv"))
    return folder, model, data


def _map_item(document: dict) -> dict:
    items = document["sections"]["regulatory_map"]["results"]["regulatory_map"]["items"]
    return next(i for i in items if i["item"] == SIGNED_ITEM)


def test_bad_values_are_refused_naming_the_field_and_what_it_takes():
    with pytest.raises(InputError, match=r"decision must be one of 'approve', 'approve with exceptions', 'reject'"):
        signoff({**GOOD, "decision": "maybe"})
    with pytest.raises(InputError, match="comment is required for the decision 'reject'"):
        signoff({**GOOD, "decision": "reject", "comment": " "})
    with pytest.raises(InputError, match="date must be a calendar date written YYYY-MM-DD"):
        signoff({**GOOD, "date": "30/11/2026"})
    with pytest.raises(InputError, match="in the future"):
        signoff({**GOOD, "date": (date.today() + timedelta(days=2)).isoformat()})
    with pytest.raises(InputError, match=r"unknown fields \['signature'\]"):
        signoff({**GOOD, "signature": "x"})
    with pytest.raises(InputError, match="role is required"):
        signoff({**GOOD, "role": ""})
    assert signoff({**GOOD, "decision": "Approve_With-Exceptions"}).decision == "approve with exceptions"
    assert signoff({**GOOD, "decision": "approve", "comment": None}).comment == ""  # an approval needs no comment


def test_with_sign_in_the_signer_is_the_signed_in_person_whatever_name_was_typed():
    ann = access.Person("ann@bank.example", "viewer", signed_in=True)
    assert from_person(ann, {**GOOD, "name": "Somebody Else"}).name == "ann@bank.example"
    assert from_person(ann, {**GOOD, "name": ""}).name == "ann@bank.example"
    assert from_person(access.LOCAL, GOOD).name == "Ann <Lee>"  # no sign-in: the name typed
    with pytest.raises(InputError, match="name is required"):
        from_person(access.LOCAL, {**GOOD, "name": ""})


def test_the_signoff_is_in_the_html_and_json_reports_and_verify_passes(inputs, tmp_path):
    _, model, data = inputs
    case = load_quietly(model, data)
    card = {"oversight": "An officer reviews every rejection", "users": ["credit officers", "risk analysts"]}
    html = report(case, tmp_path / "r.html", sections=FEW, signoff=GOOD, card=card)
    text = html.read_text(encoding="utf-8")
    assert read(text)["signoff"] == GOOD
    assert "Approve with exceptions, by Ann &lt;Lee&gt; (Head of credit risk) on 2026-11-30" in text  # escaped row
    assert "An officer reviews every rejection" in text
    # The report's sidecar hash is that of the sidecar offered for download: verify passes with it ...
    sidecar = tmp_path / "credit.json"
    sidecar.write_text(sidecar_json(with_card(case, card).metadata), encoding="utf-8")
    found = verify(html, model, data, sidecar=sidecar)
    assert found.belongs, found.checks
    # ... and not with the old one, which lacks the statements; an edited sign-off breaks the content hash.
    assert not verify(html, model, data).belongs
    forged = tmp_path / "forged.html"
    forged.write_text(text.replace("Ann &lt;Lee&gt;", "Bo &lt;Lee&gt;"), encoding="utf-8")
    assert [c["item"] for c in verify(forged, model, data, sidecar=sidecar).checks if not c["matches"]] == [
        "report content"]

    out = report(case, tmp_path / "r.json", format="json", sections=FEW, signoff=GOOD)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["signature"]["signoff"] == GOOD
    assert verify(out, model, data).belongs  # no card filled: the sidecar beside the model still matches
    item = _map_item(document)
    assert item["status"] == "filled automatically" and item["sections"] == ["signature"] and not item["person"]


def test_without_a_signoff_the_map_leaves_the_signing_to_a_person(inputs, tmp_path):
    _, model, data = inputs
    out = report(load_quietly(model, data), tmp_path / "r.json", format="json", sections=FEW)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["signature"]["signoff"] is None
    assert _map_item(document)["status"] == "to be supplied by a person"


def test_report_signoff_flag(inputs, tmp_path, monkeypatch, capsys):
    _, model, data = inputs
    bad = tmp_path / "bad.yaml"
    bad.write_text("decision: maybe\nname: Ann\nrole: CRO\ndate: 2026-11-30\n", encoding="utf-8")
    out = tmp_path / "never.json"
    assert main(["report", "--model", str(model), "--data", str(data), "--format", "json", "--out", str(out),
                 "--signoff", str(bad)]) == 2
    said = capsys.readouterr().err
    assert "decision must be one of 'approve', 'approve with exceptions', 'reject'" in said and str(bad) in said
    assert not out.exists()
    bad.write_text("decision: approve\nname: Ann\nrole: CRO\ndate: 2026-02-30\n", encoding="utf-8")
    assert main(["report", "--model", str(model), "--data", str(data), "--signoff", str(bad)]) == 2
    assert "date must be a calendar date" in capsys.readouterr().err

    good = tmp_path / "good.yaml"
    good.write_text("decision: approve\nname: Ann Lee\nrole: Head of credit risk\ndate: 2026-11-30\n", encoding="utf-8")
    given = {}
    monkeypatch.setattr(report_cli, "report", lambda case, path, **settings: given.update(settings) or Path(path))
    assert main(["report", "--model", str(model), "--data", str(data), "--out", str(out), "--signoff", str(good)]) == 0
    assert given["signoff"].to_dict() == {"decision": "approve", "name": "Ann Lee", "role": "Head of credit risk",
                                          "date": "2026-11-30", "comment": ""}  # the date as written


def test_the_page_fills_the_card_and_records_a_signoff_that_reaches_the_report(clean_environment, tmp_path,
                                                                                  monkeypatch):
    audit_log = tmp_path / "audit.jsonl"
    monkeypatch.setenv("TRUSTBOARD_AUDIT_LOG", str(audit_log))
    app = AppTest.from_file(APP, default_timeout=300).run()
    app.switch_page("views/8_Report.py").run()
    assert not app.exception, app.exception
    decision = next(r for r in app.radio if r.label == "Decision")
    assert decision.options == [d.capitalize() for d in DECISIONS]
    assert not [b for b in app.get("download_button")]  # nothing filled yet: no sidecar to download
    next(t for t in app.text_area if t.label == "Oversight").input("An officer reviews every rejection").run()
    next(r for r in app.radio if r.label == "Decision").set_value("reject")
    next(t for t in app.text_input if t.label == "Name").input("Ann Lee")
    next(t for t in app.text_input if t.label == "Role").input("Head of credit risk")
    next(b for b in app.button if b.label == "Record the sign-off").click().run()
    assert any("comment is required" in e.value for e in app.error)  # a rejection says why
    next(t for t in app.text_area if t.label.startswith("Comment")).input("Misses too many bad applicants.")
    next(b for b in app.button if b.label == "Record the sign-off").click().run()
    assert not app.exception and not app.error, (app.exception, [e.value for e in app.error])
    assert any("Recorded: Reject, by Ann Lee (Head of credit risk)" in s.value for s in app.success)
    assert len(app.get("download_button")) == 1  # the sidecar with the filled statement
    app.multiselect[0].set_value(FEW)
    app.radio[0].set_value("json")
    next(b for b in app.button if b.label == "Build the report").click().run()
    assert not app.exception, app.exception
    document = json.loads(app.session_state[keys.REPORT]["data"])
    signed = document["signature"]["signoff"]
    assert (signed["decision"], signed["name"], signed["date"]) == ("reject", "Ann Lee", date.today().isoformat())
    statements = document["sections"]["model_card"]["results"]["model_card"]["statements"]
    assert statements["oversight"] == "An officer reviews every rejection"
    assert _map_item(document)["status"] == "filled automatically"
    lines = [json.loads(line) for line in audit_log.read_text(encoding="utf-8").splitlines()]
    signed_lines = [line for line in lines if line["action"] == "sign-off"]
    assert len(signed_lines) == 1 and signed_lines[0]["decision"] == "reject"
    assert signed_lines[0]["signed_by"] == "Ann Lee" and signed_lines[0]["model_sha256"]


@pytest.mark.browser
def test_signed_in_the_signer_is_the_person_on_the_page_and_in_the_audit_line(browser, sample_cases_built,
                                                                                tmp_path):
    """With sign-in, the Name box shows the signed-in e-mail and cannot be typed in; the recorded sign-off and its
    audit line carry that e-mail."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "access"))  # the access tests' sign-in servers
    from signin_servers import PEOPLE, identity_provider, sign_in, signed_in_dashboard

    with identity_provider() as provider, signed_in_dashboard(tmp_path, provider) as (url, audit_log):
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        sign_in(page, url, PEOPLE["viewer"])
        page.goto(f"{url}/report")
        name = page.get_by_label("Name", exact=True)
        name.wait_for(timeout=90_000)
        if page.get_by_role("dialog").count():  # Streamlit's "Page not found" note on a path it does not know
            page.keyboard.press("Escape")
        assert name.input_value() == PEOPLE["viewer"] and name.is_disabled()
        page.get_by_label("Role", exact=True).fill("Model validator")
        page.keyboard.press("Tab")
        page.get_by_role("button", name="Record the sign-off").click()
        recorded = page.get_by_text("Recorded: Approve, by")  # the e-mail printed with md's word joiners (no link)
        recorded.wait_for(timeout=60_000)
        assert "(Model validator)" in recorded.inner_text()
        lines = [json.loads(line) for line in audit_log.read_text(encoding="utf-8").splitlines()]
        signed = [line for line in lines if line["action"] == "sign-off"]
        assert len(signed) == 1 and signed[0]["email"] == signed[0]["signed_by"] == PEOPLE["viewer"]
