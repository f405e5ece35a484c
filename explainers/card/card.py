"""The model card: what the model is, what it is for, on what data it was judged, and its limits.

Only aggregates and statements appear here: counts, shares, the model's own parameters, file
hashes and the sidecar's texts. No row of the data is ever printed, so the card is safe to mail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from ..core.case import Case
from ..core.estimators import final_estimator
from ..core.language import _
from ..core.result import Result
from ..io.schema import describe_model
from ..overview.model import class_balance

STATEMENT_KEYS = ("intended_use", "out_of_scope", "users", "oversight", "owner", "data_provenance")
DISTRIBUTIONS = {"sklearn": "scikit-learn", "lightgbm": "lightgbm", "xgboost": "xgboost", "catboost": "catboost",
                 "skops": "skops"}
ALWAYS = ("numpy", "pandas")
LONGEST_PARAMETER = 80  # characters of a parameter's repr shown before it is cut


@dataclass(frozen=True, kw_only=True)
class ModelCard(Result):
    """A model card's content as values.

    ``details``: estimator, steps, parameters (name -> value), libraries (name -> version now),
    built_with (the sidecar's record, or {}), model_sha256 and data_sha256 (None when in memory).
    ``statements``: each of :data:`STATEMENT_KEYS` -> text, tuple of texts, or None (not stated).
    ``data``: rows, columns, target, class_balance (class -> share) or label_mean/label_std,
    source (the sidecar's data_source) and training (the sidecar's record, or {}).
    ``limitations``: the plain sentences of the report's sections.
    """

    name: str = ""
    task: str = ""
    details: dict = field(default_factory=dict)
    statements: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    limitations: tuple = ()

    @property
    def not_stated(self) -> list[str]:
        """The statement keys the sidecar leaves out."""
        return [k for k in STATEMENT_KEYS if self.statements.get(k) is None]


def model_card(case: Case, *, limitations=()) -> ModelCard:
    """The model card of ``case``; ``limitations`` are the sentences of the sections in the report."""
    card = getattr(case.metadata, "card", {})
    return ModelCard(
        name=case.name, task=case.task, details=_details(case, card.get("built_with", {})),
        statements={k: card.get(k) for k in STATEMENT_KEYS}, data=_data(case, card.get("training", {})),
        limitations=tuple(limitations),
        method=_("Model details read from the fitted model and the library versions running now; statements from "
                 "the sidecar; data described by counts and shares only (no rows)."))


def _details(case: Case, built_with: dict) -> dict:
    estimator = final_estimator(case.model)
    return {"estimator": type(estimator).__name__, "steps": describe_model(case.model),
            "parameters": parameters(estimator), "libraries": libraries(case.model),
            "built_with": {str(k): str(v) for k, v in built_with.items()},
            "model_sha256": case.source.get("model_sha256"), "data_sha256": case.source.get("data_sha256")}


def parameters(estimator) -> dict:
    """The final estimator's own parameters (not nested ones), as JSON-safe values."""
    try:
        found = estimator.get_params(deep=False)
    except Exception:  # noqa: BLE001 - a duck-typed model without scikit-learn's get_params
        return {}
    return {str(k): v if v is None or isinstance(v, (bool, int, float, str)) else repr(v)[:LONGEST_PARAMETER]
            for k, v in sorted(found.items())}


def libraries(model) -> dict:
    """Versions (running now) of the libraries the model's steps come from, with numpy and pandas."""
    roots = {type(step).__module__.split(".")[0] for step in _steps(model)}
    names = [DISTRIBUTIONS[r] for r in sorted(roots) if r in DISTRIBUTIONS] + list(ALWAYS)
    found = {}
    for name in dict.fromkeys(names):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def _steps(model) -> list:
    """The model and every estimator nested in it (pipeline steps, column transformer branches)."""
    found = [model]
    for attribute in ("steps", "transformers_", "transformers"):
        for item in getattr(model, attribute, None) or []:
            inner = item[1] if isinstance(item, tuple) else item
            if not isinstance(inner, str):
                found += _steps(inner)
    return found


def _data(case: Case, training: dict) -> dict:
    data = {"rows": len(case.X), "columns": case.X.shape[1], "target": case.target,
            "source": case.metadata.data_source, "training": dict(training)}
    balance = class_balance(case)
    if balance is not None:
        data["class_balance"] = {str(k): float(v) for k, v in balance.items()}
    elif case.labelled:
        data["label_mean"], data["label_std"] = float(case.y.mean()), float(case.y.std())
    return data
