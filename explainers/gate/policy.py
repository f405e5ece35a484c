"""The release policy: YAML text, a file, a mapping or the sidecar's ``"policy"`` key, read into checks.

Every problem (unknown check or key, a missing limit, wrong type) is found before anything is
computed and raised as one :class:`InputError` naming the check's number, the key and the fix.
Top-level keys: ``checks``, ``title``, ``description``, ``threshold`` (the decision threshold the
policy is judged at, overriding the one given) and ``not_judged`` ("allow", the default: a check that
cannot be measured is said and does not fail; "fail": it fails the verdict).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..core.errors import InputError
from ..core.language import N_
from .rules import CHECKS, COMMON, EXAMPLES, problem_with, top_level_problem

TOP_LEVEL = {"checks", "title", "description", "threshold", "not_judged"}


@dataclass(frozen=True)
class Check:
    """One check of a policy: its 1-based ``number``, ``kind`` and the settings as written."""

    number: int
    kind: str
    options: dict = field(default_factory=dict)
    severity: str = "fail"
    why: str = ""


@dataclass(frozen=True)
class Policy:
    """The checks in order, where they came from (``source``), the policy as YAML ``text``, its own decision
    ``threshold`` (None: the one given is used) and what a check that cannot be measured does (``not_judged``)."""

    checks: tuple
    source: str
    text: str
    title: str = ""
    threshold: float | None = None
    not_judged: str = "allow"


def read_policy(policy, source: str = "") -> Policy:
    """A :class:`Policy` from YAML text, a ``.yaml``/``.yml``/``.json`` path, a mapping or a list of checks."""
    if isinstance(policy, Policy):
        return policy
    if isinstance(policy, Path) or (isinstance(policy, str) and "\n" not in policy
                                     and policy.strip().lower().endswith((".yaml", ".yml", ".json"))):
        return read_policy(_read_file(Path(policy)), source or f"the policy file {Path(policy).name}")
    document = _parse(policy) if isinstance(policy, (str, bytes)) else policy
    if isinstance(document, list):
        document = {"checks": document}
    if not isinstance(document, dict):
        raise InputError("A policy is a mapping with a 'checks' list, e.g. 'checks: [{check: metric, metric: roc_auc, "
                         f"min: 0.85}}]'; got {type(document).__name__}.")
    checks = _checks(document)
    text = yaml.safe_dump(_plain(document), sort_keys=False, allow_unicode=True)
    threshold = document.get("threshold")
    return Policy(checks=checks, source=source or N_("the policy given"), text=text, title=str(document.get("title", "")),
                  threshold=None if threshold is None else float(threshold),
                  not_judged=document.get("not_judged", "allow"))


def as_mapping(policy: Policy) -> dict:
    """The policy as plain values (for JSON, editing and the page's table)."""
    return yaml.safe_load(policy.text) or {"checks": []}


def _read_file(path: Path) -> str:
    if not path.is_file():
        raise InputError(f"The policy file {str(path)!r} does not exist; give the path of a YAML file with a 'checks' list.")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"The policy file {str(path)!r} cannot be read ({err}); save it as UTF-8 text.") from err


def _parse(text) -> object:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise InputError(f"The policy is not valid YAML{where}: {getattr(err, 'problem', err)}. Fix the YAML, e.g. "
                         "'checks: [{check: metric, metric: roc_auc, min: 0.85}]'.") from err


def _checks(document: dict) -> tuple:
    unknown = sorted(set(map(str, document)) - TOP_LEVEL)
    if unknown:
        raise InputError(f"The policy has unknown top-level key(s) {unknown}; it takes {sorted(TOP_LEVEL)}.")
    wrong = [f"{key!r} {why}; got {document[key]!r}" for key in sorted(TOP_LEVEL - {"checks"}) if key in document
             for why in [top_level_problem(key, document[key])] if why]
    if wrong:
        raise InputError("The policy cannot be used: " + "; ".join(wrong) + ".")
    entries = document.get("checks")
    if not isinstance(entries, list) or not entries:
        raise InputError("The policy needs a non-empty 'checks' list, e.g. 'checks: [{check: metric, metric: roc_auc, "
                         "min: 0.85}]'.")
    problems, checks = [], []
    for number, entry in enumerate(entries, 1):
        found = entry_problems(number, entry)
        problems += found
        if not found:
            options = {k: v for k, v in entry.items() if k not in COMMON}
            checks.append(Check(number, entry["check"], options, entry.get("severity", "fail"), entry.get("why", "")))
    if problems:
        raise InputError("The policy cannot be used: " + "; ".join(problems))
    return tuple(checks)


def entry_problems(number: int, entry) -> list[str]:
    """What is wrong with check ``number`` as written (empty when nothing is)."""
    if not isinstance(entry, dict) or "check" not in entry:
        return [f"check {number} must be a mapping with a 'check' key, e.g. {EXAMPLES['metric']}"]
    kind = entry["check"]
    if kind not in CHECKS:
        return [f"check {number}: unknown check {kind!r}; choose from {', '.join(CHECKS)}"]
    required, optional, one_of = CHECKS[kind]
    fix = f"e.g. {EXAMPLES[kind]}"
    problems = [f"check {number} ({kind}): unknown key {k!r}; it takes {sorted(required | optional | one_of | COMMON)}"
                for k in map(str, entry) if k not in required | optional | one_of | COMMON]
    problems += [f"check {number} ({kind}): missing {k!r} ({fix})" for k in sorted(required) if k not in entry]
    given = one_of & set(entry)
    if one_of and len(given) != 1:
        problems.append(f"check {number} ({kind}): give exactly one of {sorted(one_of)} ({fix})")
    for key, value in entry.items():
        why = problem_with(str(key), value)
        if why:
            problems.append(f"check {number} ({kind}): {key!r} {why}; got {value!r}")
    return problems


def _plain(document: dict) -> dict:
    """The document with keys as text (so YAML round-trips it)."""
    return {str(k): v for k, v in document.items()}
