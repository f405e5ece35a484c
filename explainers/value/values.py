"""What each outcome is worth: given, else the sidecar's ``value``, else its ``costs`` (errors as losses).

Gains are positive and costs negative, per decision; "positive" is the case's positive class. A review (a
decision sent to a person) costs ``review``; the person then decides, wrong on a stated share of rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..core.case import Case
from ..core.errors import InputError

OUTCOMES = ("true_positive", "false_positive", "true_negative", "false_negative")
NUMBERS = (*OUTCOMES, "review")
TEXTS = ("currency", "per")
KEYS = (*NUMBERS, *TEXTS, "monthly_volume")
REVIEW_SHARE = 0.5  # with no review cost stated: a review costs this share of the cheaper error


@dataclass(frozen=True)
class Values:
    """Value per outcome and per review (gains +, costs -), the ``currency`` (or None: a plain unit), what one
    decision is (``per``), decisions a month (``monthly_volume``, or None), where they came from (``source``:
    "given", "sidecar value", "sidecar costs" or "default costs") and ``review_assumed`` (no review cost was
    stated: it is taken to be half the cheaper error's)."""

    true_positive: float
    false_positive: float
    true_negative: float
    false_negative: float
    review: float
    currency: str | None = None
    per: str = "decision"
    monthly_volume: float | None = None
    source: str = "given"
    review_assumed: bool = False

    def of(self, outcome: str) -> float:
        return float(getattr(self, outcome))


def values_of(case: Case, values: dict | None = None) -> Values:
    """The values in force: ``values`` (keys of :data:`KEYS`), else the sidecar's ``value``, else its
    ``costs`` (a false positive and a false negative lose their cost; default 1 each), keys filled in that
    order; a review with no stated cost costs half as much as the cheaper error (at the full cost of the
    cheaper error a review could never pay)."""
    given = dict(values or {})
    _check(given)
    side = dict(case.metadata.value or {})
    costs = {"false_positive": 1.0, "false_negative": 1.0, **(case.metadata.costs or {})}
    base = {"true_positive": 0.0, "true_negative": 0.0,
            "false_positive": -float(costs["false_positive"]), "false_negative": -float(costs["false_negative"])}
    merged = {**base, **side, **given}
    source = ("given" if any(k in given for k in OUTCOMES) else "sidecar value" if any(k in side for k in OUTCOMES)
              else "sidecar costs" if case.metadata.costs else "default costs")
    assumed = "review" not in merged
    if assumed:
        merged["review"] = -REVIEW_SHARE * min(abs(merged["false_positive"]), abs(merged["false_negative"]))
    volume = merged.get("monthly_volume")
    return Values(**{k: float(merged[k]) for k in NUMBERS}, currency=merged.get("currency") or None,
                  per=str(merged.get("per") or "decision"), monthly_volume=None if volume is None else float(volume),
                  source=source, review_assumed=assumed)


def _check(given: dict) -> None:
    check_numbers(given, KEYS, NUMBERS, "decisions")


def check_numbers(given: dict, keys, numbers, unit: str) -> None:
    """Refuse unknown keys and prices that are not finite numbers (``unit``: what a monthly volume counts), then
    drop blank fields (a blank field of the page: the sidecar's or the default stands). Classifiers and regressors
    share it."""
    unknown = [k for k in given if k not in keys]
    if unknown:
        raise InputError(f"Unknown value key {unknown[0]!r}; use {', '.join(keys)} (gains positive, costs negative).")
    for key in (*numbers, "monthly_volume"):
        if key not in given or given[key] is None:
            continue
        number = given[key]
        if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
            raise InputError(f"The value {key}={number!r} must be a finite number (gains positive, costs negative).")
        if key == "monthly_volume" and number < 0:
            raise InputError(f"monthly_volume must be at least 0 {unit} a month; got {number}.")
    for key in [k for k, v in given.items() if v is None]:
        del given[key]
