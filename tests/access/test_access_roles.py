"""Roles, refusals and the audit trail without a browser: a viewer calling an action directly is refused."""

from __future__ import annotations

import dataclasses
import pickle
import shutil

import pytest
import streamlit as st

import explainers
from dashboard import access, champions, keys, picker, state
from dashboard.access import audit
from dashboard.access.signin import uploaded
from dashboard.settings import Settings, read_settings
from dashboard.text import JOINER, md

VIEWER = access.Person("vera@bank.example", "viewer", signed_in=True)
ANALYST = access.Person("ali@bank.example", "analyst", signed_in=True)


@pytest.fixture
def as_person():
    """Run the next calls as this session's person (Streamlit's session state in bare mode)."""
    def become(person):
        st.session_state[keys.PERSON] = person
    yield become
    st.session_state.pop(keys.PERSON, None)


def test_roles_file_exact_email_first_then_domain_then_claim(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text('ann@bank.example: analyst\n"*@bank.example": viewer\n"*@ops.bank.example": operator\n')
    rules = access.read_roles(path)
    assert access.role_of("Ann@Bank.example", rules) == "analyst"
    assert access.role_of("bob@bank.example", rules) == "viewer"
    assert access.role_of("eve@ops.bank.example", rules) == "operator"
    assert access.role_of("mallory@evilbank.example", rules) is None  # not a *@bank.example address
    assert access.role_of("x@other.example", rules, claimed=["viewer", "analyst", "admin"]) == "analyst"
    assert access.role_of("x@other.example", None, claimed="operator") == "operator"
    assert access.role_of("x@other.example", rules, claimed="admin") is None


def test_a_roles_file_with_an_unknown_role_names_the_file_and_the_roles(tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text("ann@bank.example: admin\n")
    with pytest.raises(explainers.InputError, match="roles.yaml.*admin.*viewer, analyst, operator"):
        access.read_roles(path)


def test_each_role_includes_the_ones_before_it():
    assert access.may(VIEWER, access.EXPORT_REPORT) and not access.may(VIEWER, access.UPLOAD)
    assert access.may(ANALYST, access.UPLOAD) and access.may(ANALYST, access.COMPARE)
    assert not access.may(ANALYST, access.OPEN_SERVER_FILES)
    assert all(access.may(access.LOCAL, action) for action in (access.UPLOAD_PICKLE, access.OPEN_SERVER_FILES))
    assert not access.may(access.NOBODY, access.VIEW)


def test_a_viewer_calling_an_operator_action_directly_is_refused(as_person, tmp_path, german):
    """The action itself refuses, whatever button was (not) shown: opening a file on the server."""
    as_person(VIEWER)
    with pytest.raises(access.Refused, match="vera@bank.example is a viewer and may not open model files on the "
                                             "server.*needs the operator role"):
        state.load_server_files(str(tmp_path / "model.joblib"), str(tmp_path / "data.csv"), None)
    assert state.load_sample("german_credit").n_rows == 300  # the samples stay open to a viewer


def test_a_viewer_cannot_make_an_uploaded_case_the_open_one(as_person, german):
    case = state.load_sample("german_credit")
    uploaded = dataclasses.replace(case, source={**case.source, "upload": "mine.csv"})
    as_person(VIEWER)
    with pytest.raises(access.Refused, match="may not upload data or a .skops model"):
        state.set_case(uploaded)
    as_person(ANALYST)
    state.set_case(uploaded)
    assert state.current_case().source["upload"] == "mine.csv"
    st.session_state.pop(keys.CASE, None)


def test_a_viewer_may_not_change_the_policy(as_person):
    as_person(VIEWER)
    with pytest.raises(access.Refused, match="may not edit or upload a release policy"):
        access.edited_policy(None, "checks: []")


def test_settings_a_role_sees(tmp_path):
    given = Settings(model_dir=tmp_path, allow_pickle_upload=True)
    assert access.settings_for(VIEWER, given).model_dir is None
    assert not access.settings_for(ANALYST, given).allow_pickle_upload
    assert access.settings_for(access.LOCAL, given) == given


def test_the_one_picker_offers_the_sources_a_role_allows(tmp_path):
    given = Settings(model=tmp_path / "m.skops", data=tmp_path / "d.csv", model_dir=tmp_path)
    assert picker.sources_for(VIEWER, given) == [picker.SAMPLE, picker.SERVER]  # the operator's --model / --data
    assert picker.sources_for(VIEWER, Settings(model_dir=tmp_path)) == [picker.SAMPLE]  # --model-dir is operator's
    assert picker.sources_for(ANALYST, Settings(model_dir=tmp_path)) == [picker.SAMPLE, picker.UPLOAD]
    assert picker.sources_for(access.LOCAL, Settings(model_dir=tmp_path)) == [picker.SAMPLE, picker.SERVER,
                                                                             picker.UPLOAD]


class _Upload:
    """What st.file_uploader returns, as far as the access check reads it."""

    def __init__(self, name: str, data: bytes):
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


def test_a_viewer_may_not_use_an_uploaded_reference_and_an_analyst_is_audited(as_person, tmp_path, monkeypatch):
    """Data health's reference uploader: the upload itself is refused to a viewer, whatever drew it."""
    monkeypatch.setenv("TRUSTBOARD_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    file = _Upload("reference.csv", b"a,b\n1,2\n")
    as_person(VIEWER)
    with pytest.raises(access.Refused, match="is a viewer and may not upload data"):
        uploaded(access.UPLOAD, file)
    as_person(ANALYST)
    assert uploaded(access.UPLOAD, file) is file
    lines = audit.read(tmp_path / "audit.jsonl")
    assert [(x["role"], x["action"]) for x in lines] == [("viewer", "refused: upload data or a .skops model"),
                                                         ("analyst", "upload")]
    assert lines[-1]["data_file"] == "reference.csv" and len(lines[-1]["file_sha256"]) == 64
    st.session_state.pop(keys.AUDITED, None)


@pytest.fixture
def operator_folder(tmp_path, monkeypatch, german):
    """--model-dir with a sample model and a pickle that leaves a mark when it is opened; pickle uploads on."""
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copy(german.model_path, folder / "forest.joblib")
    marker = tmp_path / "opened"
    (folder / "evil.pkl").write_bytes(pickle.dumps(_Opens(marker)))
    monkeypatch.setenv("TRUSTBOARD_MODEL_DIR", str(folder))
    monkeypatch.setenv("TRUSTBOARD_ALLOW_PICKLE_UPLOAD", "1")
    return folder, marker


class _Opens:
    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):  # unpickling this creates the marker file
        return open, (self.marker, "w")


def test_an_analyst_may_not_open_a_champion_from_the_model_dir_nor_upload_a_pickle(as_person, operator_folder,
                                                                                  german):
    """Compare's loading function refuses, whatever settings the page passed (the operator's own here)."""
    folder, marker = operator_folder
    case = state.load_sample("german_credit_linear")
    as_person(ANALYST)
    assert champions.file_offers(case, read_settings()) == ([], [])  # nothing from --model-dir is even tried
    for name in ("forest.joblib", "evil.pkl"):
        with pytest.raises(access.Refused, match="is an analyst and may not open model files on the server"):
            champions.champion_on(case, {"model": str(folder / name), "name": name})
    with pytest.raises(access.Refused, match="may not upload a pickle or joblib model"):
        champions.champion_on(case, {"model": (folder / "evil.pkl").read_bytes(), "name": "evil.pkl",
                                     "allow_pickle": True})
    assert not marker.exists()
    assert champions.allowed({"model": b"skops bytes", "name": "m.skops"})["allow_pickle"] is False
    sample = {"model": str(german.model_path), "name": "sample"}
    assert champions.allowed(sample) == sample  # the samples stay open to an analyst
    as_person(access.LOCAL)
    assert [o.title for o in champions.file_offers(case, read_settings())[0]] == ["forest.joblib"]


def test_an_audit_line_holds_who_what_and_hashes_but_never_data(tmp_path, german):
    case = state.load_sample("german_credit")
    path = tmp_path / "audit.jsonl"
    audit.write(path, audit.line(email="vera@bank.example", role="viewer", action="open", case=case))
    (record,) = audit.read(path)
    assert {k: record[k] for k in ("email", "role", "action")} == {"email": "vera@bank.example", "role": "viewer",
                                                                   "action": "open"}
    assert record["model_sha256"] == case.source["model_sha256"] and len(record["data_sha256"]) == 64
    text = path.read_text()
    assert not [c for c in case.X.columns if c in text]  # no column name, so no value either
    with pytest.raises(TypeError, match="never pass data"):
        audit.line(email="a", role="viewer", action="export", rows=case.X.head())


def test_an_email_and_web_addresses_in_markdown_stay_plain_text():
    """GFM turns a bare e-mail (the sidebar's "Signed in as ..."), www. or http(s):// address into a link even
    when escaped with a backslash (tried in Chromium); md breaks each with an invisible word joiner."""
    assert md("Signed in as vera@bank.example, viewer") == f"Signed in as vera@{JOINER}bank.example, viewer"
    assert md("www.bank.example") == f"www{JOINER}.bank.example"
    assert md("HTTPS://evil.example") == f"HTTPS{JOINER}\\://evil.example"
    for text in ("mailto:a@b.example", "http://x.example/a_b?c=d", "plain checking_account: Model"):
        assert md(text).replace(JOINER, "").replace("\\", "") == text  # nothing else changes


@pytest.mark.parametrize(("address", "loop"), [("127.0.0.1", True), ("::1", True), ("localhost", True),
                                               ("0.0.0.0", False), ("", False), ("10.0.0.5", False)])
def test_loopback_addresses(address, loop):
    assert access.loopback(address) is loop
