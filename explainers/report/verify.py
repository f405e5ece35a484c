"""Does a report belong to these inputs? Recompute the hashes its signature block carries.

Nothing is loaded: the model file is hashed, never unpickled; the sidecar is read as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.errors import InputError
from ..core.result import Result
from ..io.assemble import sha256_of
from ..io.sidecar import read_metadata, sidecar_path
from .signature import FORMAT, champion_sha256, content_sha256, metadata_sha256, read


@dataclass(frozen=True, kw_only=True)
class Verification(Result):
    """``checks``: one dict per item (item, recorded, found, matches); ``belongs``: every check matches."""

    checks: tuple = ()

    @property
    def belongs(self) -> bool:
        return all(c["matches"] for c in self.checks)


def verify(report, model, data, *, sidecar=None, policy=None, champion=None, challenger=None) -> Verification:
    """Check that ``report`` (an HTML or JSON report's path) was made from ``model`` and ``data`` files,
    the ``sidecar`` (default: the one beside the model, as loading finds it) and ``policy`` (when one
    was signed), the ``champion``'s model file (the model you run today, when the report compared one; older
    reports record it as ``challenger_sha256``), and that its content has not changed since. ``challenger`` is the
    old name of ``champion``, kept as an alias."""
    if challenger is not None and champion is not None:
        raise InputError("Give the champion's model file once: challenger is the old name of champion.")
    champion = champion if champion is not None else challenger
    text = _read_text(report, "report")
    signed = read(text)
    if not signed or signed.get("format") != FORMAT:
        raise InputError(f"{Path(report).name} carries no Trustboard signature; verify an HTML or JSON report "
                         "written by python -m explainers report (a PDF carries its signature only as printed text).")
    meta = read_metadata(sidecar if sidecar is not None else sidecar_path(model))
    found = {"report content": content_sha256(text, signed["stamp"], signed["content_sha256"]),
             "model file": _hash(model, "model"), "data file": _hash(data, "data"),
             "sidecar": metadata_sha256(meta), "policy file": None if policy is None else _hash(policy, "policy")}
    recorded = {"report content": signed["content_sha256"], "model file": signed["model_sha256"],
                "data file": signed["data_sha256"], "sidecar": signed["sidecar_sha256"],
                "policy file": signed["policy_sha256"]}
    if champion_sha256(signed) or champion is not None:  # a report that compared the champion
        found["champion model file"] = None if champion is None else _hash(champion, "champion model")
        recorded["champion model file"] = champion_sha256(signed)
    checks = tuple({"item": item, "recorded": recorded[item], "found": found[item],
                    "matches": recorded[item] == found[item]} for item in found)
    return Verification(checks=checks, method=f"SHA-256 recomputed for {len(checks)} items of the signature "
                                               f"written {signed['stamp']}.")


def _read_text(path, role: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise InputError(f"The {role} file {str(path)!r} does not exist. Check the path.") from err
    except (UnicodeDecodeError, IsADirectoryError) as err:
        raise InputError(f"The {role} {str(path)!r} is not an HTML or JSON report ({err}).") from err


def _hash(path, role: str) -> str:
    try:
        return sha256_of(path)
    except (FileNotFoundError, IsADirectoryError) as err:
        raise InputError(f"The {role} file {str(path)!r} cannot be read ({type(err).__name__}). Check the path.") from err
