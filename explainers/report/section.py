"""The report's own sections: methods and limitations (gathered from every section), reproducibility."""

from __future__ import annotations

import platform
from importlib.metadata import version

import pandas as pd

from ..core import privacy
from .registry import section, sections

PACKAGES = ("scikit-learn", "shap", "numpy", "pandas", "lightgbm", "plotly", "streamlit", "skops")


@section("methods", "Methods and limitations", 900,
         limitation="Counterfactuals change only mutable columns within the observed ranges; they show what the "
                    "model would do, not what is feasible or fair for the person.")
def methods(ctx, out) -> None:
    if privacy.note():
        out.text(privacy.note())
    out.bullets([s.limitation for s in sections() if s.limitation])


@section("reproducibility", "Reproducibility", 1000)
def reproducibility(ctx, out) -> None:
    """Versions, the hashes of the bytes the case was loaded from (never a path re-read), the settings."""
    case = ctx.case
    versions = {p: _version(p) for p in PACKAGES}
    rows = [{"item": "Python", "value": platform.python_version()}]
    rows += [{"item": p, "value": v} for p, v in versions.items()]
    for role in ("model", "data"):
        digest = case.source.get(f"{role}_sha256")
        rows.append({"item": f"SHA-256 of the {role} file", "value": digest or "in memory (no file)"})
    rows += [{"item": "case fingerprint (model + data content)", "value": case.fingerprint},
             {"item": "confidence level", "value": f"{ctx.level:.0%}"},
             {"item": "decision threshold", "value": f"{ctx.threshold:g}"},
             {"item": "random seed", "value": str(ctx.random_state)}]
    out.table(pd.DataFrame(rows))
    out.result("reproducibility", {"python": platform.python_version(), "packages": versions,
                                   "model_sha256": case.source.get("model_sha256"),
                                   "data_sha256": case.source.get("data_sha256"),
                                   "fingerprint": case.fingerprint, "settings": ctx.settings()})


def _version(package: str) -> str:
    try:
        return version(package)
    except Exception:
        return "not installed"
