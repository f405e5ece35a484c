"""The verdict for CI: a JSON document and a JUnit XML file (one testcase per check, failures as <failure>)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from ..core.result import jsonable
from . import words


def document(result) -> dict:
    """``{"passed", "verdict", "checks", "policy_source", "policy_text", "inputs", "method"}`` as JSON values. ``inputs``
    holds what the verdict was made from: the SHA-256 of the model, data, champion and policy (the default
    policy too, named in ``policy_source``), the decision threshold and where it came from, the seed and rounds."""
    inputs = {**(result.inputs or {}), "policy_source": result.policy_source, "threshold": result.threshold,
              "threshold_source": result.threshold_source, "seed": result.random_state, "rounds": result.n_boot,
              "not_judged": "fail" if result.fails_unjudged else "allow"}
    return {"passed": result.passed, "verdict": words.headline(result), "checks": jsonable(list(result.checks)),
            "policy_source": result.policy_source, "policy_text": result.policy_text, "inputs": inputs,
            "method": result.method}


def to_json(result) -> str:
    return json.dumps(document(result), indent=1, ensure_ascii=False, allow_nan=False)


def to_junit(result, suite: str = "release gate") -> str:
    """JUnit XML: one <testcase> per check; a failed check has a <failure>, a warning a <system-out> note."""
    root = ET.Element("testsuites")
    skipped = 0 if result.fails_unjudged else len(result.not_judged)
    cases = ET.SubElement(root, "testsuite", name=suite, tests=str(len(result.checks)),
                          failures=str(len(result.failed)), errors="0", skipped=str(skipped))
    for check in result.checks:
        case = ET.SubElement(cases, "testcase", classname=f"gate.{check.check}", name=check.name)
        if check.status == "fail":
            failure = ET.SubElement(case, "failure", message=check.evidence, type=check.check)
            failure.text = "\n".join(t for t in (check.evidence, check.why) if t)
        elif check.status == "warn":
            ET.SubElement(case, "system-out").text = f"WARNING: {check.evidence}"
        elif check.status == "not judged" and result.fails_unjudged:
            ET.SubElement(case, "failure", message=check.evidence, type=check.check).text = check.evidence
        elif check.status == "not judged":
            ET.SubElement(case, "skipped", message=check.reason)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
