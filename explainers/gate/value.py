"""The ``value`` and ``review_share`` checks: is the model worth more than a fallback, and does its best
review band send few enough cases to a person? Both judged on interval bounds.

``{check: value, over: approve_all, min_gain: 0}``: the lower bound of the model's gain over the fallback,
per 1,000 decisions (a regressor's: predictions) in the value's unit, at least ``min_gain``. A regressor's
``approve_all`` is its training median (``over: median`` names it too). ``{check: review_share, max: 0.2}``: the
upper bound of the share of cases the best review band sends to a person at most ``max``.
"""

from __future__ import annotations

import math

from ..core.language import N_
from ..value import value
from ..value import words as value_words
from .measured import Inputs, Measured

FALLBACKS = {"approve_all": N_("approving everyone"), "reject_all": N_("rejecting everyone"),
             "all_positive": N_("flagging everyone"), "all_negative": N_("flagging no one"),
             "one_rule": N_("the one-column rule"), "person": N_("a person deciding every case"),
             "champion": N_("the champion"), "median": N_("the training median")}  # marked for the catalogs; words.plain_name translates them where shown


def _found(inputs: Inputs):
    return inputs.result(value, threshold=inputs.threshold, champion=inputs.champion, training=inputs.reference,
                         random_state=inputs.random_state, n_boot=inputs.n_boot)


def _unjudged(inputs: Inputs) -> str:
    case = inputs.case
    if case.task not in ("binary", "regression"):
        return f"values per outcome price a yes/no classifier's decisions or a regressor's errors; this is a {case.task} model"
    if not case.labelled:
        return "needs labelled rows; open data with the target column"
    return ""


REGRESSION_ONLY = ("median",)  # a regressor's fallbacks: approve_all (its median), median, champion, one_rule, person
CLASSIFIER_ONLY = ("reject_all", "all_positive", "all_negative")


def _unpriced(over: str, task: str) -> str:
    """Why the fallback ``over`` does not exist for this task (empty when it does)."""
    if task == "regression" and over in CLASSIFIER_ONLY:
        return f"a regressor has no fallback {over}; its do-nothing fallback is the training median (over: median)"
    if task != "regression" and over in REGRESSION_ONLY:
        return "the median fallback prices a regressor; a classifier's do-nothing fallback is over: approve_all"
    return ""


def measure_value(check, inputs: Inputs) -> Measured:
    over, limit = check.options["over"], float(check.options["min_gain"])
    reason = (_unjudged(inputs) or _unpriced(over, inputs.case.task)
              or ("needs the champion: pass --champion C or gate(..., champion=case)"
                  if over == "champion" and inputs.champion is None else ""))
    if reason:
        shown = "median" if inputs.case.task == "regression" and over == "approve_all" else over
        return Measured(limit=limit, direction="min", not_judged=reason, anchor="value", subject=FALLBACKS[shown])
    found = _found(inputs)
    row = found.row(over)
    per = 1000 / found.rows
    if not math.isfinite(row["difference"]):
        return Measured(limit=limit, direction="min", not_judged=f"{value_words.name(found, over)} {row['note']}",
                        anchor="value", subject=value_words.name(found, over))
    gain, low, high = row["difference"] * per, row["low"] * per, row["high"] * per
    return Measured(value=gain, low=low, high=high, bound=low, bound_name="lower bound", limit=limit, direction="min",
                    detail=f"{value_words.difference(found, over)} {value_words.plan_line(found, inputs.case)}",
                    anchor="value",
                    subject=value_words.name(found, over))


def measure_review_share(check, inputs: Inputs) -> Measured:
    limit = float(check.options["max"])
    reason = _unjudged(inputs) or ("needs the model's probabilities to find unsure cases"
                                   if inputs.case.task == "binary" and inputs.case.proba is None else "")
    if reason:
        return Measured(limit=limit, direction="max", not_judged=reason, anchor="value")
    found = _found(inputs)
    best = found.best_band
    return Measured(value=best.review_share, low=best.share_low, high=best.share_high, bound=best.share_high,
                    bound_name="upper bound", limit=limit, direction="max",
                    detail=f"{value_words.review_sentence(found)} {value_words.review_share_sentence(found)}",
                    anchor="value")
