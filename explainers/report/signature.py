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

from ..core.language import _, pgettext, shortest
from ..core.result import jsonable
from ..io.assemble import sha256_of

FORMAT = "trustboard-signature/1"
VERSION = "0.1.0"
PENDING = "trustboard-content-hash-pending"  # stands for the content hash until it is known
STAMP_TOKEN, HASH_TOKEN = "<time stamp>", "<content hash>"
GATE_MEMO = "gate"  # where the release section keeps its verdict in ``ctx.memo`` (explainers.gate.section.MEMO)
SCRIPT = re.compile(r'<script type="application/json" id="trustboard-signature">(.*?)</script>', re.DOTALL)


def signature(case=None, policy=None, stamp: str = "", *, ctx=None) -> dict:
    """The signature of a report on ``case`` (and ``policy``, a path, bytes or None: the file given) written at
    ``stamp``. With the report's ``ctx`` (its Context) it also holds what the numbers were made with: the
    champion's model hash (the model you run today, when the report compared one), the threshold, the seed, and
    the policy the release decision judged (its source, e.g. "the default policy", and the SHA-256 of its text), so
    a default policy is named and hashed too, and the person's sign-off (``signoff``: decision, name, role, date,
    comment; None when nobody signed it off), which the content hash covers like the rest."""
    if ctx is not None:
        case, policy = ctx.case, ctx.policy
    signed = {"format": FORMAT, "model_sha256": case.source.get("model_sha256"),
              "data_sha256": case.source.get("data_sha256"), "sidecar_sha256": metadata_sha256(case.metadata),
              "policy_sha256": sha256_of(policy), "content_sha256": PENDING, "stamp": stamp,
              "trustboard_version": trustboard_version()}
    return signed if ctx is None else {**signed, **settings(ctx)}


def settings(ctx) -> dict:
    """What a report's numbers were made with, beside its files: champion hash, threshold, seed, judged policy.
    Older reports carry the champion's hash as ``challenger_sha256``: read it with :func:`champion_sha256`."""
    verdict = ctx.memo.get(GATE_MEMO)  # the release decision this report printed, when it has that section
    inputs = getattr(verdict, "inputs", None) or {}
    champion = ctx.champion
    signoff = getattr(ctx, "signoff", None)  # a person's decision on the model (report/signoff.py), or None
    return {"champion_sha256": None if champion is None else champion.source.get("model_sha256"),
            "signoff": None if signoff is None else signoff.to_dict(),
            "threshold": ctx.threshold, "seed": ctx.random_state,
            "policy_source": None if verdict is None else verdict.policy_source,
            "policy_judged_sha256": inputs.get("policy"),
            "release_threshold": None if verdict is None else verdict.threshold}


def rows(signed: dict) -> list[tuple[str, str]]:
    """The signature as (item, value) rows for people to read, in the report's language: the judged policy named,
    never "no policy given" when the default policy was judged."""
    absent = _("in memory (no file)")
    found = [(_("SHA-256 of the model file"), signed["model_sha256"] or absent),
             (_("SHA-256 of the data file"), signed["data_sha256"] or absent),
             (_("SHA-256 of the sidecar (as read)"), signed["sidecar_sha256"] or _("no sidecar"))]
    if "seed" in signed:
        found.append((_("SHA-256 of the champion's model file"),
                      champion_sha256(signed) or _("no champion compared")))
        found.append((_("Policy judged"), _judged(signed)))
    found.append((_("SHA-256 of the policy file"), signed["policy_sha256"] or _("no policy file given")))
    if "seed" in signed:
        release = signed.get("release_threshold")
        at = _("the model's own decisions") if signed["threshold"] is None else shortest(signed["threshold"])
        if release is not None and release != signed["threshold"]:
            at = _("{threshold} (the release decision at the policy's {release})", threshold=at,
                   release=shortest(release))
        found += [(_("Decision threshold"), at), (_("Seed"), str(signed["seed"]))]
    if "signoff" in signed:
        found.append((_("Sign-off"), signoff_text(signed["signoff"])))
    return found + [(_("SHA-256 of this report's content (without its time stamp)"), signed["content_sha256"]),
                    (_("Time"), signed["stamp"]), (_("Trustboard version"), signed["trustboard_version"])]


def signoff_text(signoff: dict | None) -> str:
    """A recorded sign-off in one sentence; none recorded: how to give one."""
    if not signoff:
        return _("none recorded: a person signs off on the Report page (Model card and sign-off) or with "
                 "python -m explainers report --signoff FILE")
    decisions = {"approve": pgettext("sign-off", "Approve"),
                 "approve with exceptions": pgettext("sign-off", "Approve with exceptions"),
                 "reject": pgettext("sign-off", "Reject")}
    values = {"decision": decisions.get(signoff["decision"], signoff["decision"].capitalize()),
              "name": signoff["name"], "role": signoff["role"], "date": signoff["date"]}
    if signoff.get("comment"):
        return _("{decision}, by {name} ({role}) on {date}. Comment: {comment}", comment=signoff["comment"], **values)
    return _("{decision}, by {name} ({role}) on {date}.", **values)


def champion_sha256(signed: dict) -> str | None:
    """The champion's model hash a signature records; older reports named it ``challenger_sha256``."""
    return signed.get("champion_sha256", signed.get("challenger_sha256"))


def _judged(signed: dict) -> str:
    if signed.get("policy_source") is None:
        return _("none (this report has no release decision)")
    digest = signed.get("policy_judged_sha256")
    if digest:
        return _("{source}, SHA-256 of its text {digest}", source=signed["policy_source"], digest=digest)
    return signed["policy_source"]


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
