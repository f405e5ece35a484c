"""The sign-in gate every page passes through, the session's person, and audited actions.

Sign-in is on when secrets.toml (or a file given with ``--secrets.files``) has an ``[auth]`` section:
Streamlit's own convention (st.login, any OpenID Connect provider). Before sign-in a page shows only a
"Sign in" button and one line about the tool, and stops: nothing about a model or its data is sent.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from dashboard import keys
from dashboard.access import audit, mirror
from dashboard.access.roles import EDIT_POLICY, LOCAL, NOBODY, Person, Refused, a, may, read_roles, require, role_of
from dashboard.language import N_, _, gettext
from dashboard.settings import Settings, read_settings

ABOUT = N_("Trustboard helps the people around a machine-learning model decide whether to trust it: why it decides, "
           "where it fails, whether it may go live.")  # shown through gettext


def configured() -> bool:
    """True when the secrets have an ``[auth]`` section (sign-in on)."""
    try:
        return bool(st.secrets.load_if_toml_exists() and st.secrets.get("auth"))
    except Exception:  # an unreadable secrets file: Streamlit itself reports it
        return False


def person_of(settings: Settings) -> Person:
    """The signed-in person and their role (roles file first, then the ID token's claim)."""
    if not st.user.is_logged_in:
        return NOBODY
    email = st.user.get("email")
    rules = read_roles(settings.roles) if settings.roles else None
    claimed = st.user.get(settings.roles_claim) if settings.roles_claim else None
    return Person(email=email, role=role_of(email, rules, claimed), signed_in=True)


def gate(settings: Settings) -> Person:
    """Let the page go on only for a signed-in person with a role (or anyone, when sign-in is off)."""
    if not configured():
        st.session_state[keys.PERSON] = LOCAL
        return LOCAL
    person = person_of(settings) if st.user.is_logged_in else NOBODY
    st.session_state[keys.PERSON] = person
    if not person.signed_in:
        _signed_out_page()
    if person.role is None:
        record("sign-in refused (no role)", once=True)
        _no_access_page(person)
    record("sign-in", once=True)
    return person


def signed_in_line(person: Person) -> None:
    """Who is signed in, as what, and a sign-out button (nothing when sign-in is off)."""
    if not person.signed_in:
        return
    st.caption(_("Signed in as {email}, {role}", email=_escaped(person.email), role=person.role))
    if st.button(_("Sign out"), key="access_sign_out", icon=":material/logout:"):
        st.logout()


def _signed_out_page():
    st.title("Trustboard")
    st.markdown(gettext(ABOUT))
    st.markdown(_("Sign in with your organisation's account to continue."))
    if st.button(_("Sign in"), type="primary", icon=":material/login:"):
        st.login()
    st.stop()


def _no_access_page(person: Person):
    st.title(_("No access"))
    st.markdown(_("You are signed in as {email}, but this Trustboard gives you no role. Ask its operator to add you "
                  "to the roles file.", email=_escaped(person.email)))
    if st.button(_("Sign out"), icon=":material/logout:"):
        st.logout()
    st.stop()


def _escaped(text) -> str:
    from dashboard.text import md
    return md(str(text or "unknown"))


def current() -> Person:
    """This session's person (set by the gate); before the gate: nobody when sign-in is on."""
    return st.session_state.get(keys.PERSON) or (NOBODY if configured() else LOCAL)


def require_now(action: str) -> Person:
    """Refuse (``Refused``) unless this session's person may do the action; return the person."""
    person = current()
    try:
        require(person, action)
    except Refused:
        record(f"refused: {action}")
        raise
    return person


def record(action: str, case=None, *, once: bool = False, **detail) -> None:
    """Write one audit line for this session's person (``once``: at most once per session and details)."""
    if not _trail_on():
        return
    if once:
        seen = st.session_state.setdefault(keys.AUDITED, set())
        key = (action, None if case is None else case.fingerprint, tuple(sorted(detail.items())))
        if key in seen:
            return
        seen.add(key)
    person = current()
    _write(audit.line(email=person.email, role=person.role, action=action, case=case, **detail), case)


def _trail_on() -> bool:
    """The audit trail is kept when the operator gave an audit file or an MLflow run for it."""
    return read_settings().audit_log is not None or mirror.given_run() is not None


def _write(line: dict, case) -> None:
    """The line to the audit file and, mirrored, to the operator's MLflow run and the run the model came from."""
    audit.write(read_settings().audit_log, line)
    mirror.mirror(mirror.runs_for(case, mirror.given_run()), line)


def download_button(action: str, label: str, data, *, case=None, container=st, **options) -> None:
    """A download button for an export: drawn only for a role that may make it, and one audit line when it is
    downloaded (``data`` may be a callable: then it is checked again and made on click)."""
    person = current()
    if not may(person, action):
        container.caption(f"{label}: not available to {a(person.role)}.")
        return
    file_name = options.get("file_name")

    def downloaded():
        if _trail_on():
            _write(audit.line(email=person.email, role=person.role, action=action, case=case, file_name=file_name),
                   case)

    def made():
        require(person, action)
        downloaded()
        return data()

    if callable(data):
        container.download_button(label, made, **options)
    else:
        container.download_button(label, data, on_click=downloaded, **options)


def file_uploader(action: str, label: str, *, case=None, container=st, **options):
    """A file uploader drawn only for a role that may make this upload (else a caption); the file it returns has
    passed :func:`uploaded`."""
    person = current()
    if not may(person, action):
        container.caption(f"{label}: not available to {a(person.role)}.")
        return None
    file = container.file_uploader(label, **options)
    return None if file is None else uploaded(action, file, case=case)


def uploaded(action: str, file, *, case=None):
    """An uploaded file, once the role is checked (``Refused`` otherwise): one audit line per file content."""
    require_now(action)
    record("upload", case, once=True, data_file=file.name, file_sha256=hashlib.sha256(file.getvalue()).hexdigest())
    return file


def edited_policy(case, text: str) -> None:
    """A changed or uploaded policy: refused unless the role may draft one; one audit line per new text."""
    require_now(EDIT_POLICY)
    record("policy change", case, once=True, policy_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
