"""The verdict for CI: a JSON document and a JUnit XML file (one testcase per check, failures as <failure>)."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from ..core.result import jsonable
from ..io.assemble import sha256_of
from . import words


def sha256(path) -> str | None:
    """The SHA-256 of a file's bytes (None for something that is not a local file, e.g. an MLflow URI)."""
    return sha256_of(path) if Path(str(path)).is_file() else None


def document(result, inputs: dict | None = None) -> dict:
    """``{"passed", "verdict", "checks": [...], "policy_source", "inputs": {hashes}, "method"}`` as JSON values."""
    policy_hash = hashlib.sha256(result.policy_text.encode("utf-8")).hexdigest()
    return {"passed": result.passed, "verdict": words.headline(result), "checks": jsonable(list(result.checks)),
            "policy_source": result.policy_source, "inputs": {**(inputs or {}), "policy": policy_hash},
            "method": result.method}


def to_json(result, inputs: dict | None = None) -> str:
    return json.dumps(document(result, inputs), indent=1, ensure_ascii=False, allow_nan=False)


def to_junit(result, suite: str = "release gate") -> str:
    """JUnit XML: one <testcase> per check; a failed check has a <failure>, a warning a <system-out> note."""
    root = ET.Element("testsuites")
    cases = ET.SubElement(root, "testsuite", name=suite, tests=str(len(result.checks)),
                          failures=str(len(result.failed)), errors="0", skipped="0")
    for check in result.checks:
        case = ET.SubElement(cases, "testcase", classname=f"gate.{check.check}", name=check.name)
        if check.status == "fail":
            failure = ET.SubElement(case, "failure", message=check.evidence, type=check.check)
            failure.text = "\n".join(t for t in (check.evidence, check.why) if t)
        elif check.status == "warn":
            ET.SubElement(case, "system-out").text = f"WARNING: {check.evidence}"
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
