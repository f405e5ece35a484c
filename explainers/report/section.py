"""The report's own sections: methods and limitations (gathered from every section), reproducibility."""

from __future__ import annotations

import platform
from importlib.metadata import version

import pandas as pd

from ..core import privacy
from ..core.language import N_, _, percent, shortest
from .registry import section, sections

PACKAGES = ("scikit-learn", "shap", "numpy", "pandas", "lightgbm", "plotly", "streamlit", "skops")


@section("methods", "Methods and limitations", 900,
         limitation=N_("Counterfactuals change only mutable columns within the observed ranges; they show what the "
                       "model would do, not what is feasible or fair for the person."))
def methods(ctx, out) -> None:
    if privacy.note():
        out.text(privacy.note())
    out.bullets([_(s.limitation) for s in sections() if s.limitation])  # translated where a folder marks it N_()


@section("reproducibility", "Reproducibility", 1000)
def reproducibility(ctx, out) -> None:
    """Versions, the hashes of the bytes the case was loaded from (never a path re-read), the settings."""
    case = ctx.case
    versions = {p: _version(p) for p in PACKAGES}
    rows = [{"item": "Python", "value": platform.python_version()}]
    rows += [{"item": p, "value": v if v != "not installed" else _("not installed")} for p, v in versions.items()]
    files = {"model": _("SHA-256 of the model file"), "data": _("SHA-256 of the data file")}
    for role in ("model", "data"):
        digest = case.source.get(f"{role}_sha256")
        rows.append({"item": files[role], "value": digest or _("in memory (no file)")})
    rows += [{"item": _("case fingerprint (model + data content)"), "value": case.fingerprint},
             {"item": _("confidence level"), "value": percent(ctx.level, 0)},
             {"item": _("decision threshold"), "value": shortest(ctx.threshold)},
             {"item": _("random seed"), "value": str(ctx.random_state)}]
    # Translators: the two headers of the reproducibility table: what is recorded, and its value.
    out.table(pd.DataFrame(rows).rename(columns={"item": _("item"), "value": _("value")}))
    out.result("reproducibility", {"python": platform.python_version(), "packages": versions,
                                   "model_sha256": case.source.get("model_sha256"),
                                   "data_sha256": case.source.get("data_sha256"),
                                   "fingerprint": case.fingerprint, "settings": ctx.settings()})


def _version(package: str) -> str:
    try:
        return version(package)
    except Exception:
        return "not installed"
