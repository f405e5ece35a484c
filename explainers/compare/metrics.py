"""Which metrics a comparison judges, by stable key, headline first: core.measures' formulas (no formula here)."""

from __future__ import annotations

from ..core.case import Case
from ..core.measures import formulas
from ..core.measures.formulas import Formula

COMPARED = ("roc_auc", "accuracy", "balanced_accuracy", "brier_score", "log_loss", "mae", "rmse", "r2")


def compared(champion: Case, challenger: Case) -> dict[str, Formula]:
    """key -> formula of the metrics both models have (a model without probabilities has no ROC AUC or log loss)."""
    known = formulas(champion.task, has_proba=champion.proba is not None and challenger.proba is not None)
    return {key: known[key] for key in COMPARED if key in known}
