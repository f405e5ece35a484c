"""The signature block: the SHA-256 of what a report was made from, and of the report's own content.

The content hash covers the whole file except its time stamp and the hash itself: both are replaced
by fixed tokens before hashing, so the same inputs give the same content hash at any time, and any
other edit to the file changes it. :mod:`explainers.report.verify` recomputes all of them.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..core.result import jsonable
from ..io.assemble import sha256_of

FORMAT = "trustboard-signature/1"
VERSION = "0.1.0"
PENDING = "trustboard-content-hash-pending"  # stands for the content hash until it is known
STAMP_TOKEN, HASH_TOKEN = "<time stamp>", "<content hash>"
SCRIPT = re.compile(r'<script type="application/json" id="trustboard-signature">(.*?)</script>', re.DOTALL)


def signature(case, policy, stamp: str) -> dict:
    """The signature of a report on ``case`` (and ``policy``, a path, bytes or None) written at ``stamp``."""
    return {"format": FORMAT, "model_sha256": case.source.get("model_sha256"),
            "data_sha256": case.source.get("data_sha256"), "sidecar_sha256": metadata_sha256(case.metadata),
            "policy_sha256": sha256_of(policy), "content_sha256": PENDING, "stamp": stamp,
            "trustboard_version": trustboard_version()}


def seal(text: str, stamp: str) -> str:
    """``text`` with the pending content hash replaced by the hash of its content."""
    return text.replace(PENDING, content_sha256(text, stamp, PENDING))


def content_sha256(text: str, stamp: str, digest: str) -> str:
    """SHA-256 of ``text`` with its time stamp and its content hash replaced by fixed tokens."""
    canonical = text.replace(stamp, STAMP_TOKEN).replace(digest, HASH_TOKEN)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def metadata_sha256(metadata) -> str | None:
    """SHA-256 of the sidecar as read (canonical JSON of every key it set); None when it set nothing."""
    values = jsonable(metadata)
    if all(v in (None, [], {}, "") for v in values.values()):
        return None
    return hashlib.sha256(json.dumps(values, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def embedded(found: dict) -> str:
    """The signature as JSON for a <script> element (no "<" can end the element early)."""
    return json.dumps(found, indent=1, sort_keys=True).replace("<", "\\u003c")


def read(text: str) -> dict | None:
    """The signature of an HTML or JSON report's text, or None when it carries none."""
    match = SCRIPT.search(text)
    if match:
        return json.loads(match.group(1))
    try:
        document = json.loads(text)
    except ValueError:
        return None
    return document.get("signature") if isinstance(document, dict) else None


def trustboard_version() -> str:
    """The installed package's version, else this source tree's version and git commit."""
    try:
        return version("trustboard")
    except PackageNotFoundError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).parent, text=True,
                                capture_output=True, timeout=5, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{VERSION}+g{commit}" if commit else VERSION
