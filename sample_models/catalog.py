"""Which sample models exist, where their files live, and whether they need (re)building."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUILT = HERE / "built"
NAMES = ("german_credit", "german_credit_linear", "adult_income", "adult_income_linear", "bike_rentals", "wine")
DEFAULT = "german_credit"
VERSIONED_PACKAGES = ("scikit-learn", "lightgbm", "numpy", "pandas")


@dataclass(frozen=True)
class Sample:
    name: str
    title: str

    @property
    def model_path(self) -> Path:
        return BUILT / f"{self.name}.joblib"

    @property
    def sidecar_path(self) -> Path:
        return BUILT / f"{self.name}.json"

    @property
    def holdout_path(self) -> Path:
        return BUILT / f"{self.name}_holdout.csv"

    @property
    def training_path(self) -> Path:
        """The rows the model was trained on: the natural reference for drift checks."""
        return BUILT / f"{self.name}_training.csv"


def sidecar_specs() -> dict:
    """Hand-written metadata per sample (sidecars.json), with ``same_as`` resolved."""
    specs = json.loads((HERE / "sidecars.json").read_text(encoding="utf-8"))
    for spec in specs.values():
        base = specs.get(spec.pop("same_as", None), {})
        for key, value in base.items():
            spec.setdefault(key, value)
    return specs


def samples() -> dict[str, Sample]:
    specs = sidecar_specs()
    return {name: Sample(name, specs[name]["title"]) for name in NAMES}


@lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    """Library versions and a hash of the recipe (build.py, sidecars.json); a change means rebuild.

    Computed once per process: every page rerun checks the samples, and none of this changes while
    the server runs (a changed recipe is picked up at the next start)."""
    recipe = hashlib.sha256(b"".join((HERE / f).read_bytes() for f in ("build.py", "sidecars.json")))
    return {**{package: version(package) for package in VERSIONED_PACKAGES}, "recipe": recipe.hexdigest()[:12]}


def needs_build(sample: Sample) -> bool:
    """True when a file is missing or the model was built with other library versions."""
    paths = (sample.model_path, sample.sidecar_path, sample.holdout_path, sample.training_path)
    if not all(p.is_file() for p in paths):
        return True
    built_with = json.loads(sample.sidecar_path.read_text(encoding="utf-8")).get("built_with")
    return built_with != dict(library_versions())
