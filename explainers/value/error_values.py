"""What a regressor's predictions are worth: a cost per unit of absolute error, a review cost, and optionally a
gain per decision. Given, else the sidecar's ``value``, else one unit lost per unit of error.

A regressor has no true or false positives: each prediction is off by ``|actual - predicted|`` and loses
``per_unit_error`` (negative) per unit. Every prediction, by the model or by any fallback, earns
``per_decision`` (0 unless stated; it moves every total alike and cancels in differences). A review costs
``review``; with none stated it is taken to be half the model's mean absolute error, priced: the regression
counterpart of a classifier's review assumed to cost half the cheaper error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..core.case import Case
from ..core.errors import InputError
from ..core.measures import measures
from .values import OUTCOMES, REVIEW_SHARE, check_numbers

NUMBERS = ("per_unit_error", "per_decision", "review")
KEYS = (*NUMBERS, "currency", "per", "monthly_volume")


@dataclass(frozen=True)
class ErrorValues:
    """Value per unit of absolute error (a cost: negative), per decision and per review (gains +, costs -), the
    ``currency`` (None: a plain unit), what one decision is (``per``), decisions a month (or None), where they
    came from (``source``: "given", "sidecar value" or "default"), ``review_assumed`` (no review cost stated:
    half the model's priced MAE, ``model_mae``)."""

    per_unit_error: float
    review: float
    per_decision: float = 0.0
    currency: str | None = None
    per: str = "prediction"
    monthly_volume: float | None = None
    source: str = "given"
    review_assumed: bool = False
    model_mae: float = math.nan

    def of(self, key: str) -> float:
        return float(getattr(self, key))


def error_values_of(case: Case, values: dict | None = None) -> ErrorValues:
    """The values in force for a regressor: ``values`` (keys of :data:`KEYS`), else the sidecar's ``value``,
    else one unit lost per unit of error; a review with no stated cost costs half the model's MAE, priced."""
    given = dict(values or {})
    _check(given)
    side = {k: v for k, v in dict(case.metadata.value or {}).items() if k in KEYS}
    merged = {"per_unit_error": -1.0, "per_decision": 0.0, **side, **given}
    source = ("given" if any(k in given for k in ("per_unit_error", "per_decision")) else
              "sidecar value" if any(k in side for k in ("per_unit_error", "per_decision")) else "default")
    mae = float(measures(case, metrics=["mae"], n_boot=0).overall.loc["mae", "value"])
    assumed = "review" not in merged
    if assumed:
        merged["review"] = -REVIEW_SHARE * abs(float(merged["per_unit_error"])) * mae
    volume = merged.get("monthly_volume")
    return ErrorValues(**{k: float(merged[k]) for k in NUMBERS}, currency=merged.get("currency") or None,
                       per=str(merged.get("per") or "prediction"),
                       monthly_volume=None if volume is None else float(volume), source=source,
                       review_assumed=assumed, model_mae=mae)


def _check(given: dict) -> None:
    wrong = [k for k in given if k in OUTCOMES]
    if wrong:
        raise InputError(f"{wrong[0]!r} prices a yes/no decision; a regressor is priced per unit of absolute error: "
                         "use per_unit_error (a cost, negative), review and optionally per_decision.")
    check_numbers(given, KEYS, NUMBERS, "predictions")
    if given.get("per_unit_error") is not None and given["per_unit_error"] > 0:
        raise InputError(f"per_unit_error is a cost, so 0 or negative (e.g. -2.0 per unit off); got "
                         f"{given['per_unit_error']}.")
