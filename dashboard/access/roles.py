"""Roles and what each may do: plain Python, so a refusal can be tested without a browser.

Three roles, each with everything of the one before it:

- viewer: explores the models and data the operator opened, downloads reports and verdicts;
- analyst: also uploads data and ``.skops`` models, exports rows, uses Compare, edits a draft policy and
  runs monitoring on uploaded batches;
- operator: also opens models on the server (``--model-dir``), MLflow URIs and, where allowed, pickle uploads.

A refusal is an ``explainers.InputError`` (``Refused``) so every page's existing handler shows it in plain words.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from dashboard.settings import Settings
from explainers import InputError

ROLES = ("viewer", "analyst", "operator")  # each may do everything the ones before it may

VIEW, EXPORT_REPORT, EXPORT_VERDICT = "view the open model and data", "download a report", "download a verdict"
EXPORT_ROWS, UPLOAD, COMPARE = "download rows as CSV", "upload data or a .skops model", "use Compare"
EDIT_POLICY, MONITOR = "edit or upload a release policy", "run monitoring on uploaded batches"
OPEN_SERVER_FILES, UPLOAD_PICKLE = "open model files on the server or MLflow URIs", "upload a pickle or joblib model"
NEEDS = {VIEW: "viewer", EXPORT_REPORT: "viewer", EXPORT_VERDICT: "viewer",
         EXPORT_ROWS: "analyst", UPLOAD: "analyst", COMPARE: "analyst", EDIT_POLICY: "analyst", MONITOR: "analyst",
         OPEN_SERVER_FILES: "operator", UPLOAD_PICKLE: "operator"}


class Refused(InputError):
    """The signed-in person's role does not include this action."""


@dataclass(frozen=True)
class Person:
    """Who is using this session: ``email`` None when sign-in is not set up; ``role`` None: no access."""

    email: str | None
    role: str | None
    signed_in: bool = False

    @property
    def who(self) -> str:
        return self.email or "this session"


LOCAL = Person(email=None, role="operator")  # no [auth]: the server is on loopback, its user is its operator
NOBODY = Person(email=None, role=None)  # sign-in is set up but this session has not passed it


def may(person: Person, action: str) -> bool:
    """True when the person's role includes the action."""
    if action not in NEEDS:
        raise KeyError(f"unknown action {action!r}; known: {sorted(NEEDS)}")
    return person.role in ROLES and ROLES.index(person.role) >= ROLES.index(NEEDS[action])


def require(person: Person, action: str) -> None:
    """Raise ``Refused`` with a plain message unless the person's role includes the action."""
    if may(person, action):
        return
    if person.role is None:
        raise Refused(f"{person.who} has no role on this Trustboard, so may not {action}. "
                      "Ask the operator to add you to the roles file (--roles).")
    raise Refused(f"{person.who} is {a(person.role)} and may not {action}: that needs the {NEEDS[action]} role. "
                  "Ask the operator to give you that role in the roles file (--roles).")


def settings_for(person: Person, settings: Settings) -> Settings:
    """The operator's settings with what this role may not use taken out (``--model-dir`` and MLflow URIs beyond
    the operator's own need the operator role, and so do pickle uploads): every picker and loader reads these."""
    return dataclasses.replace(
        settings,
        model_dir=settings.model_dir if may(person, OPEN_SERVER_FILES) else None,
        allow_pickle_upload=settings.allow_pickle_upload and may(person, UPLOAD_PICKLE))


def a(role: str | None) -> str:
    """"a viewer", "an analyst", "an operator"; "a person without a role" for None."""
    if role is None:
        return "a person without a role"
    return f"{'an' if role[:1] in 'aeiou' else 'a'} {role}"


def read_roles(path: str | Path) -> dict[str, str]:
    """The roles file: a YAML mapping of e-mail (or ``*@domain``) to viewer, analyst or operator."""
    path = Path(path)
    return _read_roles(str(path), path.stat().st_mtime_ns if path.exists() else 0)


@lru_cache(maxsize=4)
def _read_roles(path: str, stamp: int) -> dict[str, str]:  # stamp: re-read when the file changes
    if not stamp:
        raise InputError(f"The roles file {path} does not exist. Give an existing YAML file to --roles.")
    try:
        rules = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise InputError(f"The roles file {path} is not valid YAML ({err}). Write one line per person: "
                         "'ann@bank.example: analyst' or '\"*@bank.example\": viewer'.") from None
    if not isinstance(rules, dict):
        raise InputError(f"The roles file {path} must map e-mails to roles, e.g. 'ann@bank.example: analyst'.")
    wrong = {k: v for k, v in rules.items() if v not in ROLES}
    if wrong:
        raise InputError(f"The roles file {path} gives unknown roles {wrong}. Use one of {', '.join(ROLES)}.")
    return {str(k).strip().lower(): v for k, v in rules.items()}


def role_of(email: str | None, rules: dict[str, str] | None = None, claimed=None) -> str | None:
    """The role of this e-mail: an exact entry first, then ``*@domain``; else the highest role the ID token's
    claim names (a string or a list); None when nothing gives one."""
    email = (email or "").strip().lower()
    if rules and email:
        if email in rules:
            return rules[email]
        for pattern, role in rules.items():
            if pattern.startswith("*@") and email.count("@") == 1 and email.endswith(pattern[1:]):
                return role
    named = [claimed] if isinstance(claimed, str) else list(claimed or [])
    known = [r for r in (str(n).strip().lower() for n in named) if r in ROLES]
    return max(known, key=ROLES.index) if known else None
