"""Roles, refusals and the audit trail without a browser: a viewer calling an action directly is refused."""

from __future__ import annotations

import dataclasses

import pytest
import streamlit as st

import explainers

from dashboard import access, keys, state
from dashboard.access import audit
from dashboard.access.picker import settings_for
from dashboard.settings import Settings

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
    assert settings_for(VIEWER, given).model_dir is None and not settings_for(ANALYST, given).allow_pickle_upload
    assert settings_for(access.LOCAL, given) == given


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


@pytest.mark.parametrize(("address", "loop"), [("127.0.0.1", True), ("::1", True), ("localhost", True),
                                               ("0.0.0.0", False), ("", False), ("10.0.0.5", False)])
def test_loopback_addresses(address, loop):
    assert access.loopback(address) is loop
